/**
 * Changes DynamoDB cannot make in place are refused at plan time, before any write: the table is left
 * exactly as it was (the whole DescribeTable output, TTL, PITR and tags), apply throws
 * RefusedChangeError (exit code 1) with what to do instead, and no write command is sent.
 * Runs on dynalite, which supports everything these tests need.
 */
import type { TableSchema } from '@ddb-migrations/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyError, applyTable, planTable, RefusedChangeError, verifyTable } from '../index.js';
import { sessionsSchema, snapshot, startEngine, trackedClient, type Engine, type TrackedClient } from './engines.js';

describe('refused changes on dynalite', () => {
  let engine: Engine | undefined;
  let tracked: TrackedClient | undefined;
  const db = () => tracked!;
  beforeAll(async () => {
    engine = await startEngine('dynalite');
    tracked = trackedClient(engine);
  }, 60_000);
  afterAll(async () => {
    tracked?.client.destroy();
    await engine?.close();
  });

  /** Refused by planTable and applyTable with `message`, with no write and no change to the live table. */
  async function expectRefused(name: string, changed: TableSchema, message: RegExp) {
    const before = await snapshot(db().client, name);

    const plan = await planTable(db().client, changed);
    expect(plan.exists).toBe(true);
    expect(plan.changes).toEqual([]);
    expect(plan.refusals).toHaveLength(1);
    expect(plan.refusals[0]).toMatch(message);

    db().clear();
    const error = await applyTable(db().client, changed).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RefusedChangeError);
    expect(error).toBeInstanceOf(ApplyError);
    expect(error).toMatchObject({ exitCode: 1, code: 'REFUSED_CHANGE', refusals: plan.refusals });
    expect((error as Error).message).toMatch(message);
    expect(db().calls.length).toBeGreaterThan(0);
    expect(db().writes()).toEqual([]);

    // verify names the same problem instead of a list of steps.
    expect((await verifyTable(db().client, changed)).differences).toEqual(plan.refusals);

    expect(await snapshot(db().client, name)).toEqual(before);
  }

  /** A table created by applyTable from `base`, checked clean first. */
  async function created(base: TableSchema): Promise<TableSchema> {
    await applyTable(db().client, base);
    expect((await verifyTable(db().client, base)).differences).toEqual([]);
    return base;
  }

  it('refuses a changed partition key name', async () => {
    const base = await created(sessionsSchema());
    await expectRefused(
      base.name,
      { ...base, partitionKey: { name: 'sessionId', type: 'S' } },
      new RegExp(
        `^table ${base.name} has key id \\(HASH\\) but the schema says sessionId \\(HASH\\): ` +
          'DynamoDB cannot change a key in place; create a table under a new name with the new key and copy the items over$',
      ),
    );
  }, 60_000);

  it('refuses a changed key type (S to N)', async () => {
    const base = await created(sessionsSchema());
    await expectRefused(
      base.name,
      { ...base, partitionKey: { name: 'id', type: 'N' } },
      /^key attribute id is S in the table but N in the schema: a key attribute keeps its type; use a new attribute name \(and a new table or index\) instead$/,
    );
  }, 60_000);

  it('refuses an added sort key', async () => {
    const base = await created(sessionsSchema());
    await expectRefused(
      base.name,
      { ...base, sortKey: { name: 'createdAt', type: 'N' } },
      new RegExp(`^table ${base.name} has key id \\(HASH\\) but the schema says id \\(HASH\\) \\+ createdAt \\(RANGE\\): DynamoDB cannot change a key in place`),
    );
  }, 60_000);

  it("refuses a changed GSI partition key under the same index name", async () => {
    const base = await created(sessionsSchema());
    const changed = { ...base, globalSecondaryIndexes: [{ name: 'shop_index', partitionKey: { name: 'shopDomain', type: 'S' as const }, projection: { type: 'ALL' as const }, contributorInsights: false }] };
    await expectRefused(
      base.name,
      changed,
      /^index shop_index has key shop \(HASH\) but the schema says shopDomain \(HASH\): DynamoDB cannot change an index's keys or projection; give the new index a new name \(remove the old one with --prune-indexes\)$/,
    );
    // Pruning does not make it possible either: the index keeps its name.
    expect((await planTable(db().client, changed, { pruneIndexes: true })).refusals).toHaveLength(1);
  }, 60_000);

  it('refuses a changed GSI projection (ALL to KEYS_ONLY)', async () => {
    const base = await created(sessionsSchema());
    await expectRefused(
      base.name,
      { ...base, globalSecondaryIndexes: [{ ...base.globalSecondaryIndexes[0]!, projection: { type: 'KEYS_ONLY' } }] },
      /^index shop_index projects ALL but the schema says KEYS_ONLY: DynamoDB cannot change an index's keys or projection; give the new index a new name/,
    );
  }, 60_000);

  const advice = 'DynamoDB sets local secondary indexes only when it creates a table; create a table under a new name with the indexes you want and copy the items over, or use a global secondary index, which can be added in place';
  const withLocalIndex = () =>
    sessionsSchema({
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [],
      localSecondaryIndexes: [{ name: 'by_updated', sortKey: { name: 'updatedAt', type: 'S' }, projection: { type: 'ALL' } }],
    });
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('creates a table with a local secondary index, then refuses to add, remove or change one', async () => {
    const base = await created(withLocalIndex());
    const table = await snapshot(db().client, base.name);
    expect(table.description.LocalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema?.map((key) => key.AttributeName)])).toEqual([['by_updated', ['id', 'updatedAt']]]);

    const removed = { ...base, localSecondaryIndexes: [] };
    await expectRefused(base.name, removed, new RegExp(`^local secondary index by_updated is on the table but not in the schema: ${escaped(advice)}$`));
    const added = { ...base, localSecondaryIndexes: [...base.localSecondaryIndexes, { name: 'by_created', sortKey: { name: 'createdAt', type: 'S' as const }, projection: { type: 'KEYS_ONLY' as const } }] };
    await expectRefused(base.name, added, new RegExp(`^local secondary index by_created is in the schema but not on the table: ${escaped(advice)}$`));
    const changed = { ...base, localSecondaryIndexes: [{ ...base.localSecondaryIndexes[0]!, projection: { type: 'KEYS_ONLY' as const } }] };
    await expectRefused(base.name, changed, new RegExp(`^local secondary index by_updated projects ALL but the schema says KEYS_ONLY: ${escaped(advice)}$`));
  }, 60_000);
});
