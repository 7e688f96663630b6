/**
 * The calls that show an engine's gap, each described as one line of text: what the call answered
 * and what the engine reports afterwards. engines.ts pins the exact line per engine, so an engine
 * that gains a feature (or changes its refusal) fails its gap test until the gap is updated.
 */
import {
  CreateTableCommand,
  DescribeContributorInsightsCommand,
  DescribeTableCommand,
  GetResourcePolicyCommand,
  UpdateContinuousBackupsCommand,
  UpdateContributorInsightsCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

let tables = 0;
const freshName = (label: string) => `gap_${label}_${++tables}`;

/** "OK", or the error as `Name: message` (ARNs elided: they name the probe's table and region). */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    const failed = error as { name?: string; message?: string; $response?: { statusCode?: number }; $metadata?: { httpStatusCode?: number } };
    // The SDK could not parse the answer as an AWS error at all (moto answers an HTML error page).
    if (/Deserialization error/.test(failed.message ?? '')) return `HTTP ${failed.$response?.statusCode ?? failed.$metadata?.httpStatusCode} with a body that is not an AWS error`;
    return `${failed.name}: ${(failed.message ?? '').replace(/arn:aws:[^\s"]+/g, '<arn>')}`;
  }
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription> {
  for (let attempt = 0; ; attempt++) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const statuses = [table?.TableStatus, ...(table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexStatus)];
    if (statuses.every((status) => status === 'ACTIVE') || attempt > 300) return table!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An on-demand table with one global index, as the rich fixture's app_events. */
function onDemandTable(name: string, table: Partial<CreateTableCommandInput> = {}, index: Partial<GlobalSecondaryIndex> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'type', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{ IndexName: 'type_index', KeySchema: [{ AttributeName: 'type', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ...index }],
    ...table,
  };
}

type ThroughputMember = 'OnDemandThroughput' | 'WarmThroughput';

/**
 * CreateTable with `member` on the table and its index, whether DescribeTable then reports each, and
 * what UpdateTable with only the table's `member` answers.
 */
function throughputSetting(member: ThroughputMember, onTable: object, onIndex: object, update: object) {
  return async (client: DynamoDBClient): Promise<string> => {
    const name = freshName(member);
    const created = await outcome(() => client.send(new CreateTableCommand(onDemandTable(name, { [member]: onTable }, { [member]: onIndex }))));
    if (created !== 'OK') return `CreateTable: ${created}`;
    const table = await describe(client, name);
    const shown = (value: unknown) => (value === undefined ? 'absent' : 'reported');
    const updated = await outcome(() => client.send(new UpdateTableCommand({ TableName: name, [member]: update })));
    const after = updated === 'OK' ? `, then ${shown((await describe(client, name))[member])}` : '';
    return `CreateTable: OK, table ${shown(table[member])}, index ${shown(table.GlobalSecondaryIndexes?.[0]?.[member])}; UpdateTable: ${updated}${after}`;
  };
}

export const probes = {
  /** The rich fixture's caps: both members on the table, only reads on the index. */
  onDemandThroughput: throughputSetting('OnDemandThroughput', { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 }, { MaxReadRequestUnits: 50 }, { MaxReadRequestUnits: 300, MaxWriteRequestUnits: 150 }),
  warmThroughput: throughputSetting('WarmThroughput', { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 }, { ReadUnitsPerSecond: 12000 }, { ReadUnitsPerSecond: 16000, WriteUnitsPerSecond: 6000 }),

  async recoveryPeriod(client: DynamoDBClient): Promise<string> {
    const name = freshName('pitr');
    await client.send(new CreateTableCommand(onDemandTable(name)));
    await describe(client, name);
    const spec = { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 };
    return `UpdateContinuousBackups: ${await outcome(() => client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: spec })))}`;
  },

  async contributorInsights(client: DynamoDBClient): Promise<string> {
    const name = freshName('insights');
    await client.send(new CreateTableCommand(onDemandTable(name)));
    await describe(client, name);
    const update = await outcome(() => client.send(new UpdateContributorInsightsCommand({ TableName: name, ContributorInsightsAction: 'ENABLE' })));
    const read = await outcome(() => client.send(new DescribeContributorInsightsCommand({ TableName: name })));
    return `UpdateContributorInsights: ${update}; DescribeContributorInsights: ${read}`;
  },

  /** CreateTable with a policy, then whether it can be read back. */
  async resourcePolicyOnCreate(client: DynamoDBClient): Promise<string> {
    const name = freshName('policy');
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };
    const created = await outcome(() => client.send(new CreateTableCommand(onDemandTable(name, { ResourcePolicy: JSON.stringify(policy) }))));
    if (created !== 'OK') return `CreateTable: ${created}`;
    const table = await describe(client, name);
    return `CreateTable: OK; GetResourcePolicy: ${await outcome(() => client.send(new GetResourcePolicyCommand({ ResourceArn: table.TableArn })))}`;
  },
};
