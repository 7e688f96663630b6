import {
  ARGUMENT_PATTERNS,
  assertPortableText,
  DESCRIBE_QUERIES,
  toCreateTableCliOptions,
  toExistingTableExpectations,
  type EmitResult,
  type Emitter,
  type Schema,
  type TableSchema,
} from '@ddb-migrations/core';
import { createTableSh } from './generated/templates.js';
import { ansiCQuoted, singleQuoted } from './quote.js';

/** Renders one table's script. Exported for tests that render a single table. */
export function toBashScript(table: TableSchema): string {
  const expected = toExistingTableExpectations(table);
  return createTableSh({
    tableName: table.name,
    scriptName: table.scriptName,
    descriptionLines: table.description ? [table.description] : [],
    tableNamePattern: ARGUMENT_PATTERNS.tableName,
    regionPattern: ARGUMENT_PATTERNS.region,
    profilePattern: ARGUMENT_PATTERNS.profile,
    endpointPattern: ARGUMENT_PATTERNS.endpoint,
    queries: DESCRIBE_QUERIES,
    expected: {
      keySchema: ansiCQuoted(expected.keySchema),
      attributeDefinitions: ansiCQuoted(expected.attributeDefinitions),
      indexes: ansiCQuoted(expected.indexes),
    },
    createOptions: toCreateTableCliOptions(table).map(([flag, ...values]) => [flag, ...values.map(singleQuoted)].join(' ')),
    timeToLive: table.timeToLiveAttribute
      ? {
          attribute: table.timeToLiveAttribute,
          enabledPattern: ['ENABLED', 'ENABLING'].map((status) => ansiCQuoted([`${status}\t${table.timeToLiveAttribute}`])).join(' | '),
          specification: singleQuoted(`Enabled=true,AttributeName=${table.timeToLiveAttribute}`),
        }
      : false,
    pointInTimeRecovery: table.pointInTimeRecovery,
    deletionProtection: table.deletionProtection,
    tags:
      table.tags.length > 0
        ? {
            expectedLines: table.tags.map((tag) => ansiCQuoted([`${tag.key}\t${tag.value}`])),
            arguments: table.tags.map((tag) => singleQuoted(`Key=${tag.key},Value=${tag.value}`)).join(' '),
          }
        : false,
  });
}

/** One executable script per table: `<scriptName>.sh`. */
export function emitBash(schema: Schema): EmitResult {
  return {
    files: schema.tables.map((table) =>
      assertPortableText({ path: `${table.scriptName}.sh`, contents: toBashScript(table), executable: true }),
    ),
    warnings: [],
  };
}

export const bashEmitter: Emitter = { name: 'bash', emit: emitBash };
