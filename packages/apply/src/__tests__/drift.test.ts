/**
 * Drift made behind apply's back with the AWS CLI (v2.9.19): verify names each difference, and apply
 * brings the table back so verify is clean again. DynamoDB Local for indexes, TTL, billing, streams
 * and deletion protection; dynalite for tags (DynamoDB Local has no tagging).
 */
import { UpdateTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from '@ddb-migrations/core';
import { findAwsCli, findDynamoDbLocal } from '@ddb-migrations/test-support';
import { describe, expect, it } from 'vitest';
import { applyTable, verifyTable, type RunOptions } from '../index.js';
import { awsDynamoDb, describeTable, sessionsSchema, settled, useEngine, waitFor } from './engines.js';

const awsCli = findAwsCli();
const hasDynamoDbLocal = findDynamoDbLocal() !== undefined;

describe.skipIf(!awsCli || !hasDynamoDbLocal)('drift made with the AWS CLI on DynamoDB Local', () => {
  const { db, engine } = useEngine('dynamodb-local');
  const aws = (...args: string[]) => awsDynamoDb(awsCli!, engine(), args);

  async function applied(schema: TableSchema = sessionsSchema()): Promise<TableSchema> {
    await applyTable(db().client, schema);
    expect((await verifyTable(db().client, schema)).differences).toEqual([]);
    return schema;
  }

  /** verify reports exactly `differences`; apply repairs it and verify is clean; a rerun writes nothing. */
  async function expectRepaired(schema: TableSchema, differences: string[], options: RunOptions = {}) {
    expect((await verifyTable(db().client, schema)).differences).toEqual(differences);
    const { executed } = await applyTable(db().client, schema, options);
    expect(executed.length).toBeGreaterThan(0);
    expect((await verifyTable(db().client, schema)).differences).toEqual([]);
    db().clear();
    await applyTable(db().client, schema, options);
    expect(db().writes()).toEqual([]);
  }

  const indexNames = (table: TableDescription) => (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();

  it('reports an index deleted behind its back, and recreates it', async () => {
    const schema = await applied();
    // Shorthand, not '[{Delete={...}}]': a value starting with "[" is parsed as JSON by the CLI.
    await aws('update-table', '--table-name', schema.name, '--global-secondary-index-updates', 'Delete={IndexName=shop_index}');
    // DynamoDB Local shows the index DELETING for a moment; verify during that only reports the status.
    await waitFor(db().client, schema.name, (table) => indexNames(table).length === 0);
    await expectRepaired(schema, ['index shop_index: missing']);
    expect(indexNames(await describeTable(db().client, schema.name))).toEqual(['shop_index']);
  }, 60_000);

  it('reports an extra index added behind its back, and keeps it unless pruneIndexes', async () => {
    const schema = await applied();
    await aws(
      'update-table', '--table-name', schema.name,
      '--attribute-definitions', 'AttributeName=state,AttributeType=S',
      '--global-secondary-index-updates', 'Create={IndexName=extra_index,KeySchema=[{AttributeName=state,KeyType=HASH}],Projection={ProjectionType=KEYS_ONLY}}',
    );
    await waitFor(db().client, schema.name, (table) => settled(table) && indexNames(table).includes('extra_index'));
    const extra = 'index extra_index: exists, not in the schema (kept; --prune-indexes deletes it)';
    expect((await verifyTable(db().client, schema)).differences).toEqual([extra]);

    db().clear();
    expect((await applyTable(db().client, schema)).executed).toEqual([]);
    expect(db().writes()).toEqual([]);
    expect((await verifyTable(db().client, schema)).differences).toEqual([extra]);

    await expectRepaired(schema, [extra], { pruneIndexes: true });
    expect(indexNames(await describeTable(db().client, schema.name))).toEqual(['shop_index']);
  }, 60_000);

  it('reports TTL enabled behind its back, and disables it', async () => {
    const schema = await applied();
    await aws('update-time-to-live', '--table-name', schema.name, '--time-to-live-specification', 'Enabled=true,AttributeName=expiresAt');
    await expectRepaired(schema, ['TTL: live on expiresAt, schema off']);
  }, 60_000);

  it('reports TTL moved to another attribute behind its back, and moves it back', async () => {
    const schema = await applied(sessionsSchema({ timeToLiveAttribute: 'expiresAt' }));
    await aws('update-time-to-live', '--table-name', schema.name, '--time-to-live-specification', 'Enabled=false,AttributeName=expiresAt');
    await aws('update-time-to-live', '--table-name', schema.name, '--time-to-live-specification', 'Enabled=true,AttributeName=purgeAt');
    expect((await verifyTable(db().client, schema)).differences).toEqual(['TTL: live on purgeAt, schema on expiresAt']);
    // One TTL change per run (DynamoDB allows one an hour): the first apply disables, the second enables.
    await applyTable(db().client, schema);
    expect((await verifyTable(db().client, schema)).differences).toEqual(['TTL: live off, schema on expiresAt']);
    await expectRepaired(schema, ['TTL: live off, schema on expiresAt']);
  }, 60_000);

  it('reports billing changed to provisioned behind its back, and switches back to on-demand', async () => {
    const schema = await applied();
    await aws(
      'update-table', '--table-name', schema.name,
      '--billing-mode', 'PROVISIONED',
      '--provisioned-throughput', 'ReadCapacityUnits=2,WriteCapacityUnits=2',
      '--global-secondary-index-updates', 'Update={IndexName=shop_index,ProvisionedThroughput={ReadCapacityUnits=1,WriteCapacityUnits=1}}',
    );
    expect((await describeTable(db().client, schema.name)).BillingModeSummary?.BillingMode).toBe('PROVISIONED');
    await expectRepaired(schema, ['billing: live PROVISIONED, schema PAY_PER_REQUEST']);
    expect((await describeTable(db().client, schema.name)).BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  }, 60_000);

  it('reports capacity changed behind its back on a provisioned table, and restores it', async () => {
    const schema = await applied(
      sessionsSchema({
        billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 5 },
        globalSecondaryIndexes: [{ ...sessionsSchema().globalSecondaryIndexes[0]!, capacity: { readCapacityUnits: 2, writeCapacityUnits: 2 } }],
      }),
    );
    await aws(
      'update-table', '--table-name', schema.name,
      '--provisioned-throughput', 'ReadCapacityUnits=9,WriteCapacityUnits=5',
      '--global-secondary-index-updates', 'Update={IndexName=shop_index,ProvisionedThroughput={ReadCapacityUnits=3,WriteCapacityUnits=2}}',
    );
    await expectRepaired(schema, ['capacity: live 9/5, schema 5/5', 'index shop_index capacity: live 3/2, schema 2/2']);
  }, 60_000);

  it('reports a stream enabled behind its back, and disables it', async () => {
    const schema = await applied();
    await aws('update-table', '--table-name', schema.name, '--stream-specification', 'StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES');
    await expectRepaired(schema, ['stream: live NEW_AND_OLD_IMAGES, schema off']);
  }, 60_000);

  it('reports deletion protection turned on behind its back, and turns it off', async () => {
    const schema = await applied();
    // AWS CLI 2.9.19 has no --deletion-protection-enabled (its update-table help does not mention
    // deletion protection), so this drift is made with the SDK instead.
    await db().client.send(new UpdateTableCommand({ TableName: schema.name, DeletionProtectionEnabled: true }));
    await expectRepaired(schema, ['deletion protection: live on, schema off']);
    expect((await describeTable(db().client, schema.name)).DeletionProtectionEnabled).toBe(false);
  }, 60_000);
});

describe.skipIf(!awsCli)('tag drift made with the AWS CLI on dynalite', () => {
  const { db, engine } = useEngine('dynalite');
  const aws = (...args: string[]) => awsDynamoDb(awsCli!, engine(), args);

  async function tagged() {
    const schema = sessionsSchema({ tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'data' }] });
    await applyTable(db().client, schema);
    expect((await verifyTable(db().client, schema)).differences).toEqual([]);
    return { schema, arn: (await describeTable(db().client, schema.name)).TableArn! };
  }

  async function expectRepaired(schema: TableSchema, differences: string[]) {
    expect((await verifyTable(db().client, schema)).differences).toEqual(differences);
    await applyTable(db().client, schema);
    expect((await verifyTable(db().client, schema)).differences).toEqual([]);
    db().clear();
    await applyTable(db().client, schema);
    expect(db().writes()).toEqual([]);
  }

  it('reports a tag added behind its back, and removes it', async () => {
    const { schema, arn } = await tagged();
    await aws('tag-resource', '--resource-arn', arn, '--tags', 'Key=extra,Value=yes');
    await expectRepaired(schema, ['tags: extra not in the schema']);
  }, 60_000);

  it('reports a tag removed behind its back, and puts it back', async () => {
    const { schema, arn } = await tagged();
    await aws('untag-resource', '--resource-arn', arn, '--tag-keys', 'team');
    await expectRepaired(schema, ['tags: team=data missing or different']);
  }, 60_000);

  it('reports a tag value changed behind its back, and restores it', async () => {
    const { schema, arn } = await tagged();
    await aws('tag-resource', '--resource-arn', arn, '--tags', 'Key=env,Value=staging');
    await expectRepaired(schema, ['tags: env=prod missing or different']);
  }, 60_000);
});
