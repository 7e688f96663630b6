import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { readNormalizedTable } from './normalize.js';

const table: TableDescription = {
  TableName: 'orders',
  TableStatus: 'ACTIVE',
  TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
  GlobalSecondaryIndexes: [
    { IndexName: 'by_shop', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE', ItemCount: 0 },
  ],
  CreationDateTime: new Date(0),
  ItemCount: 0,
};

/** A client that answers the four describe calls with canned responses. */
function clientReturning(description: TableDescription, pointInTimeRecovery: Record<string, unknown> = { PointInTimeRecoveryStatus: 'DISABLED' }): DynamoDBClient {
  const responses: Record<string, unknown> = {
    DescribeTableCommand: { Table: description },
    DescribeTimeToLiveCommand: { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } },
    DescribeContinuousBackupsCommand: { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: pointInTimeRecovery } },
    ListTagsOfResourceCommand: { Tags: [] },
  };
  return { send: async (command: object) => responses[command.constructor.name] } as unknown as DynamoDBClient;
}

describe('readNormalizedTable', () => {
  it('reads a table whose every field it knows', async () => {
    const normalized = await readNormalizedTable(clientReturning({ ...table, LocalSecondaryIndexes: [] }), 'orders');
    expect(normalized.globalSecondaryIndexes.map((index) => index.name)).toEqual(['by_shop']);
    expect(normalized.pointInTimeRecovery).toBe(false);
  });

  it('fails on a table field it does not know, instead of dropping it', async () => {
    const withCap = { ...table, OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 } };
    await expect(readNormalizedTable(clientReturning(withCap), 'orders')).rejects.toThrow(/Table\.OnDemandThroughput, which normalize\.ts does not know/);
  });

  it('fails on an unknown field inside an index or a nested description', async () => {
    const index = { ...table.GlobalSecondaryIndexes![0]!, OnDemandThroughput: { MaxReadRequestUnits: 10 } };
    await expect(readNormalizedTable(clientReturning({ ...table, GlobalSecondaryIndexes: [index] }), 'orders')).rejects.toThrow(
      /Table\.GlobalSecondaryIndexes\[0\]\.OnDemandThroughput/,
    );
    await expect(
      readNormalizedTable(clientReturning(table, { PointInTimeRecoveryStatus: 'ENABLED', EarliestRecoveryPoint: 7 }), 'orders'),
    ).rejects.toThrow(/ContinuousBackupsDescription\.PointInTimeRecoveryDescription\.EarliestRecoveryPoint/);
  });

  it('accepts a setting the schema cannot express yet only at the value every table gets', async () => {
    const pointInTimeRecovery = (days: number) => ({ PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: days });
    expect((await readNormalizedTable(clientReturning(table, pointInTimeRecovery(35)), 'orders')).pointInTimeRecovery).toBe(true);
    await expect(readNormalizedTable(clientReturning(table, pointInTimeRecovery(7)), 'orders')).rejects.toThrow(/RecoveryPeriodInDays = 7 \(the schema has no recovery period/);
  });

  it('fails on a setting the schema cannot express yet, such as a local secondary index', async () => {
    const withIndex = { ...table, LocalSecondaryIndexes: [{ IndexName: 'by_date', KeySchema: [], Projection: { ProjectionType: 'ALL' as const } }] };
    await expect(readNormalizedTable(clientReturning(withIndex), 'orders')).rejects.toThrow(/Table\.LocalSecondaryIndexes \(the schema cannot declare/);
  });
});
