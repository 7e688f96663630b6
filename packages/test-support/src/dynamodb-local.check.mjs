// Manual check of the DynamoDB Local launcher and of what DynamoDB Local supports.
// Build first:  cd packages/test-support && npx tsc -p tsconfig.build.json
// Run:          node packages/test-support/src/dynamodb-local.check.mjs
// Takes about 50 s: the second part (-delayTransientStatuses) waits out DynamoDB Local's ~15 s
// delays per index status. Prints each response, then a summary; exits 1 if a PID survives close().
import { execFileSync } from 'node:child_process';
import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  DeleteTableCommand,
} from '@aws-sdk/client-dynamodb';
import { findDynamoDbLocal, startDynamoDbLocal } from '../dist/dynamodb-local.js';

const home = findDynamoDbLocal();
if (!home) process.exit(0);

const t0 = performance.now();
const ddb = await startDynamoDbLocal({ inMemory: true });
const startMs = Math.round(performance.now() - t0);
console.log(`started pid ${ddb.pid} at ${ddb.endpoint}: first answer after ${startMs} ms`);
try {
  const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(`pid=${ddb.pid},`));
  console.log(`listening sockets: ${listening.map((l) => l.trim().split(/\s+/)[3]).join(', ')}`);
} catch {
  // no ss
}

const client = new DynamoDBClient({
  endpoint: ddb.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
const summary = [];
const show = (label, value) => console.log(`\n== ${label}\n${JSON.stringify(value, null, 2)}`);
const strip = (output) => {
  const { $metadata, ...rest } = output;
  return rest;
};
async function step(label, command, judge) {
  const t = performance.now();
  try {
    const output = strip(await client.send(command));
    show(`${label} (${Math.round(performance.now() - t)} ms)`, output);
    const verdict = judge ? judge(output) : 'ok';
    summary.push(`${label}: ${verdict}`);
    return output;
  } catch (error) {
    show(`${label} FAILED`, { name: error.name, message: error.message });
    summary.push(`${label}: FAILED ${error.name}: ${error.message}`);
    return undefined;
  }
}
const describe = async () => (await client.send(new DescribeTableCommand({ TableName: 'Check' }))).Table;
const indexStates = (table) =>
  (table.GlobalSecondaryIndexes ?? []).map((g) => `${g.IndexName}=${g.IndexStatus}${g.Backfilling !== undefined ? `(Backfilling=${g.Backfilling})` : ''}`).join(' ');

try {
  await step('ListTables', new ListTablesCommand({}));
  const created = await step(
    'CreateTable (PAY_PER_REQUEST + GSI ByStatus)',
    new CreateTableCommand({
      TableName: 'Check',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'ByStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
      DeletionProtectionEnabled: false,
    }),
    (o) => `TableStatus=${o.TableDescription.TableStatus} BillingMode=${o.TableDescription.BillingModeSummary?.BillingMode} GSIs: ${indexStates(o.TableDescription)}`,
  );
  if (created) {
    const t = performance.now();
    let table = await describe();
    while (table.TableStatus !== 'ACTIVE') table = await describe();
    summary.push(`wait ACTIVE: ${Math.round(performance.now() - t)} ms`);
  }
  if (!created) throw new Error('CreateTable failed; nothing else to check');
  const tagged = await step(
    'CreateTable with Tags (separate table)',
    new CreateTableCommand({
      TableName: 'Tagged',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      Tags: [{ Key: 'created-with', Value: 'CreateTable' }],
    }),
    (o) => `TableStatus=${o.TableDescription.TableStatus}`,
  );
  if (tagged) {
    await step('ListTagsOfResource on CreateTable(Tags) table', new ListTagsOfResourceCommand({ ResourceArn: tagged.TableDescription.TableArn }), (o) => JSON.stringify(o.Tags));
  }
  await step('DescribeTimeToLive before UpdateTimeToLive', new DescribeTimeToLiveCommand({ TableName: 'Check' }), (o) => JSON.stringify(o.TimeToLiveDescription));
  await step('UpdateTimeToLive', new UpdateTimeToLiveCommand({ TableName: 'Check', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }), (o) =>
    JSON.stringify(o.TimeToLiveSpecification),
  );
  await step('DescribeTimeToLive', new DescribeTimeToLiveCommand({ TableName: 'Check' }), (o) => JSON.stringify(o.TimeToLiveDescription));
  await step(
    'UpdateContinuousBackups (PITR on)',
    new UpdateContinuousBackupsCommand({ TableName: 'Check', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    (o) => JSON.stringify(o.ContinuousBackupsDescription),
  );
  await step('DescribeContinuousBackups', new DescribeContinuousBackupsCommand({ TableName: 'Check' }), (o) => JSON.stringify(o.ContinuousBackupsDescription));
  await step('UpdateTable DeletionProtectionEnabled=true', new UpdateTableCommand({ TableName: 'Check', DeletionProtectionEnabled: true }), (o) =>
    `TableStatus=${o.TableDescription.TableStatus} DeletionProtectionEnabled=${o.TableDescription.DeletionProtectionEnabled}`,
  );
  const afterProtection = await describe();
  summary.push(`DescribeTable after protection: DeletionProtectionEnabled=${afterProtection.DeletionProtectionEnabled} TableStatus=${afterProtection.TableStatus}`);
  await step('DeleteTable while protected (should fail)', new DeleteTableCommand({ TableName: 'Check' }), () => 'SUCCEEDED (protection not enforced!)');
  await step('TagResource', new TagResourceCommand({ ResourceArn: afterProtection.TableArn, Tags: [{ Key: 'team', Value: 'migrations' }] }));
  await step('ListTagsOfResource', new ListTagsOfResourceCommand({ ResourceArn: afterProtection.TableArn }), (o) => JSON.stringify(o.Tags));

  const added = await step(
    'UpdateTable add GSI ByOwner (on-demand: no throughput)',
    new UpdateTableCommand({
      TableName: 'Check',
      AttributeDefinitions: [{ AttributeName: 'owner', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: 'ByOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
      ],
    }),
    (o) => `TableStatus=${o.TableDescription.TableStatus} GSIs: ${indexStates(o.TableDescription)}`,
  );
  if (added) {
    const seen = [];
    const t = performance.now();
    for (;;) {
      const table = await describe();
      const state = `table=${table.TableStatus} ${indexStates(table)}`;
      if (seen.at(-1) !== state) seen.push(state);
      const byOwner = table.GlobalSecondaryIndexes?.find((g) => g.IndexName === 'ByOwner');
      if (table.TableStatus === 'ACTIVE' && byOwner?.IndexStatus === 'ACTIVE') break;
      if (performance.now() - t > 30_000) {
        seen.push('gave up after 30 s');
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    summary.push(`GSI add status sequence (${Math.round(performance.now() - t)} ms): ${seen.join('  ->  ')}`);
  }
  show('final DescribeTable', await describe());
  await step('UpdateTable DeletionProtectionEnabled=false', new UpdateTableCommand({ TableName: 'Check', DeletionProtectionEnabled: false }));
  await step('DeleteTable after unprotect', new DeleteTableCommand({ TableName: 'Check' }), (o) => `TableStatus=${o.TableDescription.TableStatus}`);
} finally {
  client.destroy();
  await closeAndVerify(ddb, 'close()');
}

// Second run with -delayTransientStatuses: how an added GSI's statuses look then.
{
  const t1 = performance.now();
  const slow = await startDynamoDbLocal({ delayTransientStatuses: true });
  summary.push(`second start (-delayTransientStatuses): ${Math.round(performance.now() - t1)} ms`);
  const c = new DynamoDBClient({ endpoint: slow.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    const desc = async () => (await c.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table;
    const track = async (label, done) => {
      const seen = [];
      let last;
      const t = performance.now();
      for (;;) {
        let state;
        let finished = false;
        try {
          const table = await desc();
          state = `table=${table.TableStatus} ${indexStates(table)}`;
          finished = done(table);
        } catch (error) {
          state = error.name;
          finished = error.name === 'ResourceNotFoundException';
        }
        if (state !== last) seen.push(`${state} @${Math.round(performance.now() - t)}ms`);
        last = state;
        if (finished) break;
        if (performance.now() - t > 60_000) {
          seen.push('gave up after 60 s');
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      summary.push(`[delayed] ${label}: ${seen.join('  ->  ')}`);
    };
    const created = await c.send(
      new CreateTableCommand({
        TableName: 'Slow',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g1', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'Gsi1', KeySchema: [{ AttributeName: 'g1', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    summary.push(`[delayed] CreateTable returned table=${created.TableDescription.TableStatus} ${indexStates(created.TableDescription)}`);
    await track('CreateTable', (t) => t.TableStatus === 'ACTIVE' && t.GlobalSecondaryIndexes.every((g) => g.IndexStatus === 'ACTIVE'));
    const added = await c.send(
      new UpdateTableCommand({
        TableName: 'Slow',
        AttributeDefinitions: [{ AttributeName: 'g2', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'Gsi2', KeySchema: [{ AttributeName: 'g2', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
      }),
    );
    summary.push(`[delayed] UpdateTable(add Gsi2) returned table=${added.TableDescription.TableStatus} ${indexStates(added.TableDescription)}`);
    try {
      await c.send(
        new UpdateTableCommand({
          TableName: 'Slow',
          AttributeDefinitions: [{ AttributeName: 'g3', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'Gsi3', KeySchema: [{ AttributeName: 'g3', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
      );
      summary.push('[delayed] second GSI add while Gsi2 CREATING: accepted');
    } catch (error) {
      summary.push(`[delayed] second GSI add while Gsi2 CREATING: ${error.name}: ${error.message}`);
    }
    await track('GSI add', (t) => t.TableStatus === 'ACTIVE' && t.GlobalSecondaryIndexes.every((g) => g.IndexStatus === 'ACTIVE'));
    const removed = await c.send(new UpdateTableCommand({ TableName: 'Slow', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'Gsi1' } }] }));
    summary.push(`[delayed] UpdateTable(delete Gsi1) returned table=${removed.TableDescription.TableStatus} ${indexStates(removed.TableDescription)}`);
    await track('GSI delete', (t) => t.TableStatus === 'ACTIVE' && !t.GlobalSecondaryIndexes.some((g) => g.IndexName === 'Gsi1'));
    const deleted = await c.send(new DeleteTableCommand({ TableName: 'Slow' }));
    summary.push(`[delayed] DeleteTable returned table=${deleted.TableDescription.TableStatus}`);
    await track('DeleteTable', () => false);
  } catch (error) {
    summary.push(`[delayed] FAILED ${error.name}: ${error.message}`);
  } finally {
    c.destroy();
    await closeAndVerify(slow, 'close() (delayed)');
  }
}

console.log(`\n==== summary (startup ${startMs} ms)\n${summary.join('\n')}`);

async function closeAndVerify(ddb, label) {
  const pid = ddb.pid;
  const t = performance.now();
  await ddb.close();
  let alive = true;
  try {
    process.kill(pid, 0);
  } catch {
    alive = false;
  }
  summary.push(`${label}: ${Math.round(performance.now() - t)} ms, pid ${pid} ${alive ? 'STILL ALIVE' : 'gone'}`);
  if (alive) process.exitCode = 1;
}
