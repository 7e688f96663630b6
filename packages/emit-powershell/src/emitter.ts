import {
  ARGUMENT_PATTERNS,
  assertPortableText,
  toDotNetPattern,
  DESCRIBE_QUERIES,
  toCreateTableCliOptions,
  toExistingTableExpectations,
  type EmitResult,
  type Emitter,
  type Schema,
  type TableSchema,
} from '@ddb-migrations/core';
import { createTablePs1 } from './generated/templates.js';
import { escapedLines, singleQuoted } from './quote.js';

/** The bash script's argument rules, in .NET form. */
const PATTERNS = Object.fromEntries(Object.entries(ARGUMENT_PATTERNS).map(([name, pattern]) => [name, toDotNetPattern(pattern)]));

/** The `create-table` argument array, one option per line, ready to sit inside `@( ... )`. */
function toCreateArguments(table: TableSchema): string[] {
  const lines = [
    `'dynamodb', 'create-table', '--table-name', $TableName,`,
    ...toCreateTableCliOptions(table).map((option) => `${option.map(singleQuoted).join(', ')},`),
    `'--output', 'text', '--query', 'TableDescription.TableStatus'`,
  ];
  return lines;
}

/** Renders one table's script. Exported for tests that render a single table. */
export function toPowerShellScript(table: TableSchema): string {
  const expected = toExistingTableExpectations(table);
  return createTablePs1({
    tableName: table.name,
    scriptName: table.scriptName,
    descriptionLines: table.description ? [table.description] : [],
    patterns: PATTERNS,
    queries: DESCRIBE_QUERIES,
    expected: {
      keySchema: escapedLines(expected.keySchema),
      attributeDefinitions: escapedLines(expected.attributeDefinitions),
      indexes: escapedLines(expected.indexes),
    },
    createArguments: toCreateArguments(table),
    timeToLive: table.timeToLiveAttribute
      ? { attribute: table.timeToLiveAttribute, specification: `Enabled=true,AttributeName=${table.timeToLiveAttribute}` }
      : false,
    pointInTimeRecovery: table.pointInTimeRecovery,
    deletionProtection: table.deletionProtection,
    tags:
      table.tags.length > 0
        ? {
            // ConvertTo-SortedLines trims what the CLI printed, so a tag with an empty value reads "key".
            expectedLines: table.tags.map((tag) => `"${escapedLines([`${tag.key}\t${tag.value}`.trimEnd()])}"`).join(', '),
            arguments: table.tags.map((tag) => singleQuoted(`Key=${tag.key},Value=${tag.value}`)).join(', '),
          }
        : false,
  });
}

/** One script per table: `<scriptName>.ps1`. */
export function emitPowerShell(schema: Schema): EmitResult {
  return {
    files: schema.tables.map((table) => assertPortableText({ path: `${table.scriptName}.ps1`, contents: toPowerShellScript(table) })),
    warnings: [],
  };
}

export const powerShellEmitter: Emitter = { name: 'powershell', emit: emitPowerShell };
