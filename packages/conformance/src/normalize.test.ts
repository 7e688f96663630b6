import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { sixSettingsSchema } from '@ddb-migrations/test-support';
import { differences, expectedTable, readNormalizedTable, UNSUPPORTED, withoutSettings, type NormalizedTable } from './normalize.js';

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

interface Answers {
  pointInTimeRecovery?: Record<string, unknown>;
  /** ContributorInsightsStatus answers by index name ('' for the table), or a whole answer. */
  insights?: Record<string, Record<string, unknown>>;
  /** GetResourcePolicy's Policy, or an error name to throw. */
  policy?: string | { error: string };
}

/** A client that answers the describe calls with canned responses, and records which it was sent. */
function clientReturning(description: TableDescription, answers: Answers = {}): DynamoDBClient & { sent: string[] } {
  const sent: string[] = [];
  const responses: Record<string, (input: Record<string, string>) => unknown> = {
    DescribeTableCommand: () => ({ Table: description }),
    DescribeTimeToLiveCommand: () => ({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }),
    DescribeContinuousBackupsCommand: () => ({
      ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: answers.pointInTimeRecovery ?? { PointInTimeRecoveryStatus: 'DISABLED' } },
    }),
    DescribeContributorInsightsCommand: (input) => ({
      $metadata: {},
      TableName: input.TableName,
      IndexName: input.IndexName,
      ContributorInsightsStatus: 'DISABLED',
      ...answers.insights?.[input.IndexName ?? ''],
    }),
    GetResourcePolicyCommand: () => {
      const policy = answers.policy ?? { error: 'PolicyNotFoundException' };
      if (typeof policy !== 'string') throw Object.assign(new Error(policy.error), { name: policy.error });
      return { $metadata: {}, Policy: policy, RevisionId: '1' };
    },
    ListTagsOfResourceCommand: () => ({ Tags: [] }),
  };
  const send = async (command: { input: Record<string, string> }) => {
    sent.push(command.constructor.name);
    return responses[command.constructor.name]!(command.input);
  };
  return { send, sent } as unknown as DynamoDBClient & { sent: string[] };
}

describe('readNormalizedTable', () => {
  it('reads a table whose every field it knows', async () => {
    const normalized = await readNormalizedTable(clientReturning({ ...table, LocalSecondaryIndexes: [] }), 'orders');
    expect(normalized.globalSecondaryIndexes.map((index) => index.name)).toEqual(['by_shop']);
    expect(normalized.pointInTimeRecovery).toBe(false);
    expect(normalized.recoveryPeriodInDays).toBeNull();
    expect(normalized.contributorInsights).toEqual({ table: 'DISABLED', indexes: { by_shop: 'DISABLED' } });
    expect(normalized.resourcePolicy).toBeNull();
    expect(normalized.onDemandThroughput).toBeNull();
    expect(normalized.warmThroughput).toBeNull();
  });

  it('fails on a table field it does not know, instead of dropping it', async () => {
    const withUnknown = { ...table, MultiRegionConsistency: 'STRONG' } as TableDescription;
    await expect(readNormalizedTable(clientReturning(withUnknown), 'orders')).rejects.toThrow(/Table\.MultiRegionConsistency, which normalize\.ts does not know/);
  });

  it('fails on an unknown field inside an index or a nested description', async () => {
    const index = { ...table.GlobalSecondaryIndexes![0]!, Shards: 2 };
    await expect(readNormalizedTable(clientReturning({ ...table, GlobalSecondaryIndexes: [index] }), 'orders')).rejects.toThrow(
      /Table\.GlobalSecondaryIndexes\[0\]\.Shards/,
    );
    const lsi = { IndexName: 'by_date', KeySchema: [], Projection: { ProjectionType: 'ALL' as const }, Shards: 2 };
    await expect(readNormalizedTable(clientReturning({ ...table, LocalSecondaryIndexes: [lsi] }), 'orders')).rejects.toThrow(/Table\.LocalSecondaryIndexes\[0\]\.Shards/);
    await expect(
      readNormalizedTable(clientReturning(table, { pointInTimeRecovery: { PointInTimeRecoveryStatus: 'ENABLED', EarliestRecoveryPoint: 7 } }), 'orders'),
    ).rejects.toThrow(/ContinuousBackupsDescription\.PointInTimeRecoveryDescription\.EarliestRecoveryPoint/);
    await expect(readNormalizedTable(clientReturning(table, { insights: { by_shop: { Sampling: 1 } } }), 'orders')).rejects.toThrow(/ContributorInsights\(by_shop\)\.Sampling/);
  });

  it('compares the recovery period, with 35 days when the engine names none', async () => {
    const period = async (description: Record<string, unknown>) =>
      (await readNormalizedTable(clientReturning(table, { pointInTimeRecovery: description }), 'orders')).recoveryPeriodInDays;
    expect(await period({ PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 7 })).toBe(7);
    expect(await period({ PointInTimeRecoveryStatus: 'ENABLED' })).toBe(35);
    expect(await period({ PointInTimeRecoveryStatus: 'DISABLED', RecoveryPeriodInDays: 35 })).toBeNull();
  });

  it('reads local indexes, caps (-1 is uncapped) and warm throughput of the table and each index', async () => {
    const normalized = await readNormalizedTable(
      clientReturning({
        ...table,
        OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: -1 },
        WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' },
        GlobalSecondaryIndexes: [{ ...table.GlobalSecondaryIndexes![0]!, OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 }, WarmThroughput: { ReadUnitsPerSecond: 12000 } }],
        LocalSecondaryIndexes: [
          { IndexName: 'by_total', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['b', 'a'] }, IndexSizeBytes: 0 },
        ],
      }),
      'orders',
    );
    expect(normalized.onDemandThroughput).toEqual({ maxRead: 200, maxWrite: null });
    expect(normalized.warmThroughput).toEqual({ read: 12000, write: 4000 });
    expect(normalized.globalSecondaryIndexes[0]).toMatchObject({ onDemandThroughput: null, warmThroughput: { read: 12000, write: null } });
    expect(normalized.localSecondaryIndexes).toEqual([{ name: 'by_total', keySchema: ['pk HASH', 'total RANGE'], projection: 'INCLUDE a,b' }]);
  });

  it('reads contributor insights per index, and holds a mode the schema cannot choose at the default', async () => {
    const insights = { '': { ContributorInsightsStatus: 'ENABLED', ContributorInsightsRuleList: ['rule'] }, by_shop: { ContributorInsightsStatus: 'ENABLING' } };
    expect((await readNormalizedTable(clientReturning(table, { insights }), 'orders')).contributorInsights).toEqual({ table: 'ENABLED', indexes: { by_shop: 'ENABLING' } });
    const throttledOnly = { '': { ContributorInsightsMode: 'THROTTLED_KEYS' } };
    await expect(readNormalizedTable(clientReturning(table, { insights: throttledOnly }), 'orders')).rejects.toThrow(/ContributorInsightsMode = "THROTTLED_KEYS"/);
  });

  it('compares a policy as parsed JSON, so a re-serialised document is the same', async () => {
    const policy = '{\n  "Statement": [{ "Resource": "*", "Effect": "Deny" }],\n  "Version": "2012-10-17"\n}';
    expect((await readNormalizedTable(clientReturning(table, { policy }), 'orders')).resourcePolicy).toBe('{"Statement":[{"Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}');
    await expect(readNormalizedTable(clientReturning(table, { policy: { error: 'AccessDeniedException' } }), 'orders')).rejects.toThrow(/AccessDeniedException/);
  });

  it('does not make the calls an engine cannot answer cleanly, and reports them unsupported', async () => {
    const client = clientReturning(table);
    const normalized = await readNormalizedTable(client, 'orders', { skip: ['contributorInsights', 'pointInTimeRecovery'] });
    expect(normalized.contributorInsights).toBe(UNSUPPORTED);
    expect([normalized.pointInTimeRecovery, normalized.recoveryPeriodInDays]).toEqual([UNSUPPORTED, UNSUPPORTED]);
    expect(client.sent).not.toContain('DescribeContributorInsightsCommand');
    expect(client.sent).not.toContain('DescribeContinuousBackupsCommand');
  });
});

/** app_orders uses every setting of issue 14, on the table and on an index. */
const ordersSchema = sixSettingsSchema().tables[0]!;

describe('expectedTable and differences', () => {
  const expected = expectedTable(ordersSchema);

  it('derives every new setting from the model', () => {
    expect(expected).toMatchObject({
      attributeDefinitions: ['customerId S', 'orderedAt N', 'sku S', 'status S', 'total N', 'type S'],
      onDemandThroughput: { maxRead: 200, maxWrite: 100 },
      warmThroughput: { read: 15000, write: 5000 },
      localSecondaryIndexes: [
        { name: 'status_index', keySchema: ['customerId HASH', 'status RANGE'], projection: 'KEYS_ONLY' },
        { name: 'total_index', keySchema: ['customerId HASH', 'total RANGE'], projection: 'INCLUDE currency' },
      ],
      recoveryPeriodInDays: 7,
      contributorInsights: { table: 'ENABLED', indexes: { sku_index: 'DISABLED', type_index: 'ENABLED' } },
    });
    expect(JSON.parse(expected.resourcePolicy as string)).toEqual(ordersSchema.resourcePolicy);
    expect(expected.resourcePolicy).toMatch(/^\{"Statement":\[\{"Action":"dynamodb:DeleteTable","Effect":"Deny","Principal":"\*"/);
    const typeIndex = expected.globalSecondaryIndexes.find((index) => index.name === 'type_index')!;
    expect(typeIndex).toMatchObject({ onDemandThroughput: { maxRead: 50, maxWrite: null }, warmThroughput: { read: 12000, write: null } });
    expect(expectedTable({ ...ordersSchema, onDemandThroughput: { maxReadRequestUnits: 200 } }).onDemandThroughput).toEqual({ maxRead: 200, maxWrite: null });
    expect(expectedTable({ ...ordersSchema, recoveryPeriodInDays: undefined }).recoveryPeriodInDays).toBe(35);
    expect(expectedTable({ ...ordersSchema, pointInTimeRecovery: false, recoveryPeriodInDays: undefined }).recoveryPeriodInDays).toBeNull();
  });

  const live = (change: (table: NormalizedTable) => void): NormalizedTable => {
    const copy = structuredClone(expected);
    change(copy);
    return copy;
  };
  const fields = (actual: NormalizedTable) => differences(expected, actual).map((difference) => difference.field);
  const typeIndexOf = (table: NormalizedTable) => table.globalSecondaryIndexes.find((index) => index.name === 'type_index')!;

  it('holds warm throughput at or above the schema in sync, and below it as a difference', () => {
    expect(fields(live((table) => (table.warmThroughput = { read: 40000, write: 5000 })))).toEqual([]);
    expect(fields(live((table) => (table.warmThroughput = { read: 14999, write: 5000 })))).toEqual(['warmThroughput']);
    expect(fields(live((table) => (table.warmThroughput = null)))).toEqual(['warmThroughput']);
    expect(fields(live((table) => (typeIndexOf(table).warmThroughput = { read: 12000, write: 4000 })))).toEqual([]);
    expect(fields(live((table) => (typeIndexOf(table).warmThroughput = { read: 11000, write: 4000 })))).toEqual(['globalSecondaryIndexes']);
    // A schema without warm throughput accepts what DynamoDB (or moto, 12000/4000 on every table) reports.
    const unwarmed = expectedTable({ ...ordersSchema, warmThroughput: undefined });
    expect(differences(unwarmed, { ...unwarmed, warmThroughput: { read: 12000, write: 4000 } })).toEqual([]);
  });

  it('leaves out only warm throughput for a path that ran without it', () => {
    const cold = live((table) => {
      table.warmThroughput = { read: 12000, write: 4000 };
      typeIndexOf(table).warmThroughput = null;
    });
    expect(fields(cold)).toEqual(['warmThroughput', 'globalSecondaryIndexes']);
    expect(differences(withoutSettings(expected, ['warmThroughput']), cold)).toEqual([]);
    expect(() => withoutSettings(expected, ['contributorInsights'])).toThrow(/cannot leave out contributorInsights/);
  });

  it('names every other changed setting', () => {
    expect(fields(live((table) => (table.onDemandThroughput = null)))).toEqual(['onDemandThroughput']);
    expect(fields(live((table) => (typeIndexOf(table).onDemandThroughput = null)))).toEqual(['globalSecondaryIndexes']);
    expect(fields(live((table) => (table.localSecondaryIndexes = [])))).toEqual(['localSecondaryIndexes']);
    expect(fields(live((table) => (table.recoveryPeriodInDays = 35)))).toEqual(['recoveryPeriodInDays']);
    expect(fields(live((table) => (table.contributorInsights = { table: 'ENABLED', indexes: { sku_index: 'DISABLED', type_index: 'ENABLING' } })))).toEqual(['contributorInsights']);
    expect(fields(live((table) => (table.resourcePolicy = null)))).toEqual(['resourcePolicy']);
  });
});
