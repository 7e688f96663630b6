import type { GlobalSecondaryIndexInput, LocalSecondaryIndexInput, SchemaInput, TableInput } from './input.js';
import { compareOrdinal, type GlobalSecondaryIndex, type Projection, type Schema, type TableSchema } from './model.js';
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
        projection: toProjection(index),
        contributorInsights: index.contributorInsights ?? false,
      };
      if (index.sortKey) gsi.sortKey = { ...index.sortKey };
      if (provisioned) gsi.capacity = { readCapacityUnits: index.readCapacityUnits!, writeCapacityUnits: index.writeCapacityUnits! };
      if (index.onDemandThroughput) gsi.onDemandThroughput = { ...index.onDemandThroughput };
      if (index.warmThroughput) gsi.warmThroughput = { ...index.warmThroughput };
      return gsi;
    }),
    localSecondaryIndexes: (input.localSecondaryIndexes ?? []).map((index) => ({
      name: index.name,
      sortKey: { ...index.sortKey },
      projection: toProjection(index),
    })),
    attributes: (input.attributes ?? []).map((attribute) => ({ ...attribute })),
    pointInTimeRecovery: input.pointInTimeRecovery ?? false,
    contributorInsights: input.contributorInsights ?? false,
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
  if (input.onDemandThroughput) table.onDemandThroughput = { ...input.onDemandThroughput };
  if (input.warmThroughput) table.warmThroughput = { ...input.warmThroughput };
  if (input.recoveryPeriodInDays !== undefined) table.recoveryPeriodInDays = input.recoveryPeriodInDays;
  if (input.resourcePolicy !== undefined) table.resourcePolicy = structuredClone(input.resourcePolicy);
  return table;
}

function toProjection(index: GlobalSecondaryIndexInput | LocalSecondaryIndexInput): Projection {
  return index.projection === 'INCLUDE'
    ? { type: 'INCLUDE', nonKeyAttributes: [...index.nonKeyAttributes!] }
    : { type: index.projection ?? 'ALL' };
}
