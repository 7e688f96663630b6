import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { toCreateTableInput, type TableSchema } from '@ddb-migrations/core';
import type { LiveTable } from '../live.js';

/**
 * For the pure diff tests: the live state DynamoDB reports for a table created exactly from the schema,
 * with DynamoDB's default warm throughput (12000 read / 4000 write) where the schema sets none.
 */
export function liveFrom(table: TableSchema, overrides: Partial<TableDescription> = {}): LiveTable {
  const input = toCreateTableInput(table);
  const warm = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' as const };
  return {
    description: {
      TableName: table.name,
      TableStatus: 'ACTIVE',
      TableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${table.name}`,
      KeySchema: input.KeySchema,
      AttributeDefinitions: input.AttributeDefinitions,
      BillingModeSummary: { BillingMode: input.BillingMode },
      OnDemandThroughput: input.OnDemandThroughput,
      WarmThroughput: { ...warm, ...input.WarmThroughput },
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((index) => ({ ...index, IndexStatus: 'ACTIVE', WarmThroughput: { ...warm, ...index.WarmThroughput } })),
      LocalSecondaryIndexes: input.LocalSecondaryIndexes,
      ...overrides,
    },
    timeToLive: { enabled: false, status: 'DISABLED' },
    pointInTimeRecovery: table.pointInTimeRecovery,
    ...(table.pointInTimeRecovery ? { recoveryPeriodInDays: table.recoveryPeriodInDays ?? 35 } : {}),
    tags: [],
    contributorInsights: {
      table: table.contributorInsights ? 'ENABLED' : 'DISABLED',
      indexes: Object.fromEntries(table.globalSecondaryIndexes.map((index) => [index.name, index.contributorInsights ? 'ENABLED' : 'DISABLED'])),
    },
    resourcePolicy: table.resourcePolicy,
  };
}
