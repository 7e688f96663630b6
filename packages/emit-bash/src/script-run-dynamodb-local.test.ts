/**
 * The generated bash scripts run for real against DynamoDB Local (AWS's own emulator), for the
 * settings of issue 14 it stores: local indexes, and a table's on-demand caps. What it lacks is
 * asserted by its exact refusal or silence, so a DynamoDB Local that gains it fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAwsCli, findAwsCliAtLeast, findDynamoDbLocal, findTool, startDynamoDbLocal, type DynamoDbLocal } from '@ddb-migrations/test-support';
import { awsOnPath, describeTable, runScript, schemaFrom, writeScriptFolder } from './__tests__/script-runner.js';

const aws = findAwsCli();
const bash = findTool('bash');
const installed = findDynamoDbLocal();
const modernAws = findAwsCliAtLeast('1.36.1', '2.21.0', '--on-demand-throughput, --warm-throughput');

const schema = (caps: string) =>
  schemaFrom(`tables:
  - name: lsi_orders
    partitionKey: { name: customerId, type: S }
    sortKey: { name: orderedAt, type: N }
    localSecondaryIndexes:
      - { name: total_index, sortKey: { name: total, type: N }, projection: KEYS_ONLY }
    contributorInsights: true
  - name: capped_events
    partitionKey: { name: pk, type: S }
    onDemandThroughput: ${caps}
  - name: warm_events
    partitionKey: { name: pk, type: S }
    warmThroughput: { readUnitsPerSecond: 15000 }
`);

describe.skipIf(!aws || !bash || !installed)('the six settings of issue 14, bash + AWS CLI against DynamoDB Local', () => {
  let engine: DynamoDbLocal;
  let oldCli: string;
  const scripts = writeScriptFolder(schema('{ maxReadRequestUnits: 200, maxWriteRequestUnits: 100 }'));
  beforeAll(async () => {
    engine = await startDynamoDbLocal();
    oldCli = awsOnPath(aws!);
  });
  afterAll(async () => engine?.close());
  const endpoint = () => ['--endpoint-url', engine.endpoint];

  it.concurrent('AWS CLI 2.9.19: creates the local index; then stops at contributor insights, which DynamoDB Local lacks', async () => {
    const result = await runScript(bash!, oldCli, scripts.scriptOf('lsi_orders'), endpoint());
    expect(result.stdout).toContain('Creating table lsi_orders');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('An error occurred (UnknownOperationException) when calling the DescribeContributorInsights operation: An unknown operation was requested.');
    expect((await describeTable(aws!, engine.endpoint, 'lsi_orders')).LocalSecondaryIndexes).toMatchObject([
      { IndexName: 'total_index', KeySchema: [{ AttributeName: 'customerId' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ]);
  });

  // Described with the newer CLI: 2.9.19's model does not know OnDemandThroughput and drops it from its output.
  it.skipIf(!modernAws).concurrent('on-demand caps: created, in sync on a second run, and changed in place on an existing table', async () => {
    const newCli = awsOnPath(modernAws!);
    const script = scripts.scriptOf('capped_events');
    const first = await runScript(bash!, newCli, script, endpoint());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect((await describeTable(modernAws!, engine.endpoint, 'capped_events')).OnDemandThroughput).toEqual({ MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 });

    const second = await runScript(bash!, newCli, script, endpoint());
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Updating');

    const raised = writeScriptFolder(schema('{ maxReadRequestUnits: 300, maxWriteRequestUnits: 150 }')).scriptOf('capped_events');
    const third = await runScript(bash!, newCli, raised, endpoint());
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('Updating the on-demand throughput of the table (found: 200 100 ).');
    expect((await describeTable(modernAws!, engine.endpoint, 'capped_events')).OnDemandThroughput).toEqual({ MaxReadRequestUnits: 300, MaxWriteRequestUnits: 150 });
  });

  it.skipIf(!modernAws).concurrent('warm throughput: DynamoDB Local accepts it at create without keeping it, and refuses the update', async () => {
    const newCli = awsOnPath(modernAws!);
    const script = scripts.scriptOf('warm_events');
    const first = await runScript(bash!, newCli, script, endpoint());
    expect(first.code).toBe(0);
    expect((await describeTable(modernAws!, engine.endpoint, 'warm_events')).WarmThroughput).toBeUndefined();
    const second = await runScript(bash!, newCli, script, endpoint());
    expect(second.stdout).toContain('Updating the warm throughput of the table (found: None ).');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('An error occurred (ValidationException) when calling the UpdateTable operation: Nothing to update');
  });
});
