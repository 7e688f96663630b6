import {
  assertPortableText,
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

/**
 * The same argument rules as the bash script, as .NET regexes: `\z` instead of `$`, because `$`
 * also matches before a trailing newline in .NET.
 */
const PATTERNS = {
  tableName: '^[A-Za-z0-9_.][A-Za-z0-9_.-]{2,254}\\z',
  region: '^[a-z][a-z0-9-]{1,31}\\z',
  profile: '^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}\\z',
  endpoint: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?\\z',
};

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
            expectedLines: table.tags.map((tag) => `"${escapedLines([`${tag.key}\t${tag.value}`])}"`).join(', '),
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
