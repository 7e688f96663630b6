import type { SchemaInput, TableInput } from './input.js';
import { compareOrdinal, type GlobalSecondaryIndex, type Schema, type TableSchema } from './model.js';
import { defaultScriptName } from './rules.js';


/** Fills defaults and normalizes order. Call only on input that passed `checkSchemaRules`. */
export function toSchema(input: SchemaInput): Schema {
  return { tables: input.tables.map(toTable) };
}

function toTable(input: TableInput): TableSchema {
  const provisioned = input.billingMode === 'PROVISIONED';
  const table: TableSchema = {
    name: input.name,
    scriptName: input.scriptName ?? defaultScriptName(input.name),
    partitionKey: { ...input.partitionKey },
    billing: provisioned
      ? { mode: 'PROVISIONED', readCapacityUnits: input.readCapacityUnits!, writeCapacityUnits: input.writeCapacityUnits! }
      : { mode: 'PAY_PER_REQUEST' },
    globalSecondaryIndexes: (input.globalSecondaryIndexes ?? []).map((index) => {
      const gsi: GlobalSecondaryIndex = {
        name: index.name,
        partitionKey: { ...index.partitionKey },
        projection:
          index.projection === 'INCLUDE'
            ? { type: 'INCLUDE', nonKeyAttributes: [...index.nonKeyAttributes!] }
            : { type: index.projection ?? 'ALL' },
      };
      if (index.sortKey) gsi.sortKey = { ...index.sortKey };
      if (provisioned) gsi.capacity = { readCapacityUnits: index.readCapacityUnits!, writeCapacityUnits: index.writeCapacityUnits! };
      return gsi;
    }),
    attributes: (input.attributes ?? []).map((attribute) => ({ ...attribute })),
    pointInTimeRecovery: input.pointInTimeRecovery ?? false,
    deletionProtection: input.deletionProtection ?? false,
    serverSideEncryption:
      input.encryption?.type === 'KMS'
        ? input.encryption.kmsKeyId !== undefined
          ? { type: 'KMS', kmsKeyId: input.encryption.kmsKeyId }
          : { type: 'KMS' }
        : { type: 'AWS_OWNED' },
    tableClass: input.tableClass ?? 'STANDARD',
    tags: Object.entries(input.tags ?? {})
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => compareOrdinal(a.key, b.key)),
  };
  if (input.description !== undefined) table.description = input.description;
  if (input.sortKey) table.sortKey = { ...input.sortKey };
  if (input.timeToLiveAttribute !== undefined) table.timeToLiveAttribute = input.timeToLiveAttribute;
  if (input.stream !== undefined) table.stream = input.stream;
  return table;
}
