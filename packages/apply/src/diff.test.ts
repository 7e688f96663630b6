import { describe, expect, it } from 'vitest';
import { shopifySessionsTable, toCreateTableInput, type TableSchema } from '@ddb-migrations/core';
import { diff } from './diff.js';
import { liveFrom } from './__tests__/live-from.js';

const table = shopifySessionsTable;

describe('diff', () => {
  it('plans a create, then TTL and PITR, for a missing table', () => {
    const plan = diff(undefined, { ...table, timeToLiveAttribute: 'ttl', pointInTimeRecovery: true });
    expect(plan.changes.map((change) => change.step.type)).toEqual(['create_table', 'update_ttl', 'update_pitr']);
    expect(plan.changes[0]!.step).toEqual({ type: 'create_table', table: 'shopify_sessions', input: toCreateTableInput(table) });
  });

  it('plans nothing for a table that matches', () => {
    expect(diff(liveFrom(table), table)).toMatchObject({ changes: [], refusals: [], unmanaged: [], notices: [] });
  });

  it('refuses a changed key with what to do instead', () => {
    const plan = diff(liveFrom(table, { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }), table);
    expect(plan.changes).toEqual([]);
    expect(plan.refusals[0]).toMatch(/has key pk \(HASH\) but the schema says id \(HASH\): DynamoDB cannot change a key in place; create a table under a new name/);
  });

  it('refuses a changed key type and a changed index projection', () => {
    const live = liveFrom(table, { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }, { AttributeName: 'shop', AttributeType: 'S' }] });
    expect(diff(live, table).refusals[0]).toMatch(/key attribute id is N in the table but S in the schema/);
    const keysOnly = liveFrom(table);
    keysOnly.description.GlobalSecondaryIndexes![0]!.Projection = { ProjectionType: 'KEYS_ONLY' };
    expect(diff(keysOnly, table).refusals[0]).toMatch(/index shop_index projects KEYS_ONLY but the schema says ALL: .*new name/);
  });

  it('keeps an index that is not in the schema unless pruning', () => {
    const live = liveFrom(table);
    live.description.GlobalSecondaryIndexes!.push({ IndexName: 'old_index', KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' });
    expect(diff(live, table).changes).toEqual([]);
    expect(diff(live, table).unmanaged).toEqual(['index old_index: exists, not in the schema (kept; --prune-indexes deletes it)']);
    expect(diff(live, table, { pruneIndexes: true }).changes.map((change) => change.step)).toEqual([{ type: 'delete_index', table: 'shopify_sessions', index: 'old_index' }]);
  });

  it('plans in-place changes in a fixed order', () => {
    const desired: TableSchema = {
      ...table,
      billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 5 },
      globalSecondaryIndexes: [
        { ...table.globalSecondaryIndexes[0]!, capacity: { readCapacityUnits: 1, writeCapacityUnits: 1 } },
        { name: 'state_index', partitionKey: { name: 'state', type: 'S' }, projection: { type: 'KEYS_ONLY' }, capacity: { readCapacityUnits: 1, writeCapacityUnits: 1 }, contributorInsights: false },
      ],
      timeToLiveAttribute: 'ttl',
      pointInTimeRecovery: true,
      deletionProtection: true,
      tableClass: 'STANDARD_INFREQUENT_ACCESS',
      stream: 'NEW_IMAGE',
      tags: [{ key: 'team', value: 'apps' }],
    };
    const live = liveFrom(table);
    live.tags = [{ key: 'old', value: 'x' }];
    const plan = diff(live, desired);
    expect(plan.refusals).toEqual([]);
    expect(plan.changes.map((change) => change.step.type)).toEqual([
      'update_billing', 'create_index', 'update_table_class', 'update_stream', 'update_deletion_protection', 'update_ttl', 'update_pitr', 'tag_table', 'untag_table',
    ]);
    expect(plan.changes[0]!.step).toMatchObject({ indexCapacity: { shop_index: { readCapacityUnits: 1, writeCapacityUnits: 1 } } });
  });

  it('says a setting is not supported by the endpoint instead of pretending it is in sync', () => {
    const live = { ...liveFrom(table), timeToLive: 'unsupported' as const, pointInTimeRecovery: 'unsupported' as const };
    const plan = diff(live, { ...table, pointInTimeRecovery: true });
    expect(plan.changes).toEqual([]);
    expect(plan.notices).toEqual([
      'TTL: not supported by this endpoint (schema: off); not checked',
      'point-in-time recovery: not supported by this endpoint (schema: on); not checked',
    ]);
  });

  it('switches a TTL attribute over two runs: disable now, enable later (one TTL change per hour)', () => {
    const live = { ...liveFrom(table), timeToLive: { enabled: true, attribute: 'old', status: 'ENABLED' } };
    const plan = diff(live, { ...table, timeToLiveAttribute: 'ttl' });
    expect(plan.changes.map((change) => change.step)).toEqual([{ type: 'update_ttl', table: 'shopify_sessions', enabled: false, attribute: 'old' }]);
    expect(plan.notices).toEqual(['TTL: after disabling it on old, run apply again to enable it on ttl (DynamoDB allows one TTL change per table per hour)']);
    const disabling = { ...liveFrom(table), timeToLive: { enabled: false, status: 'DISABLING' } };
    expect(diff(disabling, { ...table, timeToLiveAttribute: 'ttl' }).changes).toEqual([]);
  });

  it('deletes pruned indexes before switching to provisioned, and refuses the switch while an unlisted index stays', () => {
    const live = liveFrom(table);
    live.description.GlobalSecondaryIndexes!.push({ IndexName: 'old_index', KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' });
    const provisioned: TableSchema = {
      ...table,
      billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 5 },
      globalSecondaryIndexes: [{ ...table.globalSecondaryIndexes[0]!, capacity: { readCapacityUnits: 1, writeCapacityUnits: 1 } }],
    };
    expect(diff(live, provisioned, { pruneIndexes: true }).changes.map((change) => change.step.type)).toEqual(['delete_index', 'update_billing']);
    const kept = diff(live, provisioned);
    expect(kept.changes).toEqual([]);
    expect(kept.refusals).toEqual([
      'switching shopify_sessions to provisioned billing needs capacity for every index, and old_index is not in the schema: add them to the schema with capacities, or run with --prune-indexes to delete them first',
    ]);
  });
});

describe('diff names every difference, refusals included', () => {
  it('keeps planning past a refused index projection: a missing index, PITR, tags and an extra index are all named', () => {
    const live = liveFrom(table, { DeletionProtectionEnabled: true });
    live.description.GlobalSecondaryIndexes![0]!.Projection = { ProjectionType: 'KEYS_ONLY' };
    live.description.GlobalSecondaryIndexes!.push({ IndexName: 'old_index', KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' });
    live.tags = [{ key: 'stale', value: '1' }];
    const desired: TableSchema = {
      ...table,
      attributes: [...table.attributes, { name: 'state', type: 'S' }],
      globalSecondaryIndexes: [...table.globalSecondaryIndexes, { name: 'state_index', partitionKey: { name: 'state', type: 'S' }, projection: { type: 'KEYS_ONLY' }, contributorInsights: false }],
      pointInTimeRecovery: true,
      tags: [{ key: 'team', value: 'apps' }],
    };
    const plan = diff(live, desired);
    expect(plan.refusals).toHaveLength(1);
    expect(plan.refusals[0]).toMatch(/^index shop_index projects KEYS_ONLY but the schema says ALL/);
    expect(plan.changes.map((change) => change.difference)).toEqual([
      'index state_index: missing',
      'deletion protection: live on, schema off',
      'point-in-time recovery: live off, schema on',
      'tags: team=apps missing or different',
      'tags: stale not in the schema',
    ]);
    expect(plan.unmanaged).toEqual(['index old_index: exists, not in the schema (kept; --prune-indexes deletes it)']);
  });

  it('names a refused key change and a refused key type together with the other differences', () => {
    const live = liveFrom(table, {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'shop', AttributeType: 'N' }],
      TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
    });
    const plan = diff(live, table);
    expect(plan.refusals.map((refusal) => refusal.split(':')[0])).toEqual(['table shopify_sessions has key pk (HASH) but the schema says id (HASH)', 'key attribute shop is N in the table but S in the schema']);
    expect(plan.changes.map((change) => change.difference)).toEqual(['table class: live STANDARD_INFREQUENT_ACCESS, schema STANDARD']);
  });
});

describe('diff: what it cannot resolve is never a step', () => {
  const kms = (kmsKeyId?: string): TableSchema => ({ ...table, serverSideEncryption: kmsKeyId ? { type: 'KMS', kmsKeyId } : { type: 'KMS' } });
  const liveKms = (desired: TableSchema) => {
    const live = liveFrom(desired);
    live.description.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' };
    return live;
  };

  it('an alias given as an alias ARN converges like an alias name: a notice, no update', () => {
    for (const alias of ['alias/app', 'arn:aws:kms:us-east-1:123456789012:alias/app']) {
      const plan = diff(liveKms(kms(alias)), kms(alias));
      expect(plan.changes).toEqual([]);
      expect(plan.notices).toEqual([expect.stringContaining(`the schema names KMS alias ${alias}`)]);
    }
  });

  it('the AWS managed key (no kmsKeyId) against a live key: a notice that it was not compared', () => {
    const plan = diff(liveKms(kms()), kms());
    expect(plan.changes).toEqual([]);
    expect(plan.notices).toEqual([expect.stringMatching(/^encryption: the schema names the AWS managed key \(no kmsKeyId\) and the table uses key arn:aws:kms:.*not compared$/)]);
  });

  it('TTL still turning off while the schema wants it on: not in sync (verify counts it), and no step', () => {
    const live = liveFrom(table);
    live.timeToLive = { enabled: false, status: 'DISABLING' };
    const plan = diff(live, { ...table, timeToLiveAttribute: 'ttl' });
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual(['TTL: live turning off, schema on ttl: run apply again to enable it on ttl once it is DISABLED (up to an hour)']);
  });
});
