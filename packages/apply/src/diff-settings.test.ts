/** The six settings of issue 14 in the pure diff: one step per changed value, refusals before any call. */
import { describe, expect, it } from 'vitest';
import { shopifySessionsTable, type TableSchema } from '@ddb-migrations/core';
import { liveFrom } from './__tests__/live-from.js';
import { diff } from './diff.js';
import { UNSUPPORTED, type LiveTable } from './live.js';
import { describeStep } from './steps.js';

const orders: TableSchema = {
  ...shopifySessionsTable,
  name: 'app_orders',
  scriptName: 'create-app-orders-table',
  partitionKey: { name: 'customerId', type: 'S' },
  sortKey: { name: 'orderedAt', type: 'N' },
  globalSecondaryIndexes: [{ name: 'type_index', partitionKey: { name: 'type', type: 'S' }, projection: { type: 'ALL' }, contributorInsights: false }],
  localSecondaryIndexes: [{ name: 'total_index', sortKey: { name: 'total', type: 'N' }, projection: { type: 'INCLUDE', nonKeyAttributes: ['currency'] } }],
  attributes: [],
};

/** The live table of `table`, then changed. */
function liveWith(table: TableSchema, change: (live: LiveTable) => void = () => {}): LiveTable {
  const live = liveFrom(table);
  change(live);
  return live;
}

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };
const everything: TableSchema = {
  ...orders,
  onDemandThroughput: { maxReadRequestUnits: 200, maxWriteRequestUnits: 100 },
  warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 },
  globalSecondaryIndexes: [{ ...orders.globalSecondaryIndexes[0]!, onDemandThroughput: { maxReadRequestUnits: 50 }, warmThroughput: { readUnitsPerSecond: 13000 }, contributorInsights: true }],
  pointInTimeRecovery: true,
  recoveryPeriodInDays: 7,
  contributorInsights: true,
  resourcePolicy: policy,
};

const steps = (plan: ReturnType<typeof diff>) => plan.changes.map((change) => describeStep(change.step));

describe('diff of the six settings', () => {
  it('creates a table with them in CreateTable, then turns on PITR (with its period) and contributor insights', () => {
    const plan = diff(undefined, everything);
    const create = plan.changes[0]!.step;
    expect(create.type === 'create_table' && create.input).toMatchObject({
      LocalSecondaryIndexes: [{ IndexName: 'total_index' }],
      OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 },
      WarmThroughput: { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 },
      ResourcePolicy: JSON.stringify(policy),
    });
    expect(steps(plan).slice(1)).toEqual([
      'enable point-in-time recovery on app_orders (keep 7 days)',
      'enable contributor insights on app_orders',
      'enable contributor insights on index type_index on app_orders',
    ]);
  });

  it('plans nothing for a table that has them all, re-serialised policy included', () => {
    const live = liveWith(everything, (table) => {
      // DynamoDB may hand the policy back with its keys in another order.
      table.resourcePolicy = { Statement: [{ Resource: '*', Action: 'dynamodb:DeleteTable', Principal: '*', Effect: 'Deny' }], Version: '2012-10-17' };
    });
    expect(diff(live, everything)).toMatchObject({ changes: [], refusals: [], notices: [] });
  });

  it('refuses any change of a local secondary index before any call, with what to do instead', () => {
    const added = diff(liveWith({ ...orders, localSecondaryIndexes: [] }), orders);
    expect(added.refusals).toEqual([expect.stringMatching(/^local secondary index total_index is in the schema but not on the table: DynamoDB sets local secondary indexes only when it creates a table; create a table under a new name .*or use a global secondary index/)]);
    const removed = diff(liveWith(orders), { ...orders, localSecondaryIndexes: [] });
    expect(removed.refusals).toEqual([expect.stringMatching(/^local secondary index total_index is on the table but not in the schema: DynamoDB sets/)]);
    const changed = diff(liveWith(orders), { ...orders, localSecondaryIndexes: [{ ...orders.localSecondaryIndexes[0]!, projection: { type: 'KEYS_ONLY' } }] });
    expect(changed.refusals).toEqual([expect.stringMatching(/^local secondary index total_index projects INCLUDE but the schema says KEYS_ONLY: /)]);
    expect(changed.changes).toEqual([]);
  });

  it('sets, changes and removes on-demand caps in place, one step each; a removed cap is sent as -1', () => {
    const capped = { ...orders, onDemandThroughput: { maxReadRequestUnits: 200 } };
    expect(steps(diff(liveWith(orders), capped))).toEqual(['set the on-demand maximum of app_orders to 200 read / no maximum write request units']);
    const removal = diff(liveWith(capped), orders);
    expect(removal.changes.map((change) => change.step)).toEqual([{ type: 'update_on_demand_throughput', table: 'app_orders', throughput: { maxReadRequestUnits: -1, maxWriteRequestUnits: -1 } }]);
    expect(removal.changes[0]!.difference).toBe('on-demand maximum: live 200 read / no maximum write, schema no maximum read / no maximum write');
    const indexCap = { ...orders, globalSecondaryIndexes: [{ ...orders.globalSecondaryIndexes[0]!, onDemandThroughput: { maxWriteRequestUnits: 30 } }] };
    expect(steps(diff(liveWith(orders), indexCap))).toEqual(['set the on-demand maximum of index type_index on app_orders to no maximum read / 30 write request units']);
    // DynamoDB's -1 is "no maximum", the same as no cap.
    expect(diff(liveWith(orders, (live) => void (live.description.OnDemandThroughput = { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 })), orders).changes).toEqual([]);
  });

  it('raises warm throughput only where it is short; at or above the schema is in sync; a decrease is said, not attempted', () => {
    const warm = { ...orders, warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 3000 } };
    const raise = diff(liveWith(orders), warm);
    expect(raise.changes.map((change) => change.step)).toEqual([{ type: 'update_warm_throughput', table: 'app_orders', warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 4000 } }]);
    expect(raise.notices).toEqual([
      'warm throughput: live is above the schema (write 4000 > 3000); warm throughput cannot be decreased, so this is not attempted and counts as in sync',
    ]);
    expect(diff(liveWith(warm, (live) => void (live.description.WarmThroughput = { ReadUnitsPerSecond: 40000, WriteUnitsPerSecond: 9000, Status: 'ACTIVE' })), warm).changes).toEqual([]);
    const index = { ...orders, globalSecondaryIndexes: [{ ...orders.globalSecondaryIndexes[0]!, warmThroughput: { writeUnitsPerSecond: 6000 } }] };
    expect(steps(diff(liveWith(orders), index))).toEqual(['raise the warm throughput of index type_index on app_orders to 12000 read / 6000 write units per second']);
    const unreported = liveWith(orders, (live) => void delete live.description.WarmThroughput);
    expect(diff(unreported, warm)).toMatchObject({ changes: [], notices: ['warm throughput: not reported by this endpoint (schema: 15000 read / 3000 write units per second); not checked'] });
  });

  it('changes the recovery period in place; no period is 35 days', () => {
    const pitr = { ...orders, pointInTimeRecovery: true };
    expect(diff(liveWith(pitr), pitr).changes).toEqual([]);
    const seven = { ...pitr, recoveryPeriodInDays: 7 };
    expect(diff(liveWith(pitr), seven).changes).toEqual([
      { step: { type: 'update_pitr', table: 'app_orders', enabled: true, recoveryPeriodInDays: 7 }, difference: 'point-in-time recovery period: live 35 days, schema 7 days' },
    ]);
    expect(diff(liveWith(seven), pitr).changes.map((change) => change.step)).toEqual([{ type: 'update_pitr', table: 'app_orders', enabled: true, recoveryPeriodInDays: 35 }]);
    expect(steps(diff(liveWith(orders), seven))).toEqual(['enable point-in-time recovery on app_orders (keep 7 days)']);
  });

  it('turns contributor insights on and off per table and index; ENABLING is on, FAILED is enabled again', () => {
    const on = { ...orders, contributorInsights: true };
    expect(steps(diff(liveWith(orders), on))).toEqual(['enable contributor insights on app_orders']);
    expect(steps(diff(liveWith(on), orders))).toEqual(['disable contributor insights on app_orders']);
    expect(diff(liveWith(orders, (live) => void (live.contributorInsights = { table: 'ENABLING', indexes: { type_index: 'DISABLED' } })), on).changes).toEqual([]);
    const failed = diff(liveWith(orders, (live) => void (live.contributorInsights = { table: 'FAILED', indexes: { type_index: 'DISABLED' } })), on);
    expect(failed.changes.map((change) => change.difference)).toEqual(['contributor insights: live FAILED, schema on']);
    const newIndex = { ...orders, globalSecondaryIndexes: [...orders.globalSecondaryIndexes, { name: 'state_index', partitionKey: { name: 'state', type: 'S' as const }, projection: { type: 'KEYS_ONLY' as const }, contributorInsights: true }] };
    expect(steps(diff(liveWith(orders), newIndex))).toEqual([
      'create index state_index on app_orders (key state, projection KEYS_ONLY)',
      'enable contributor insights on index state_index on app_orders',
    ]);
    const unsupported = diff(liveWith(orders, (live) => void (live.contributorInsights = UNSUPPORTED)), newIndex);
    expect(unsupported.notices).toEqual(['contributor insights: not supported by this endpoint (schema: on for index state_index); not checked']);
  });

  it('attaches, replaces and deletes the resource-based policy, compared as parsed JSON', () => {
    const withPolicy = { ...orders, resourcePolicy: policy };
    expect(steps(diff(liveWith(orders), withPolicy))).toEqual(['attach the resource-based policy to app_orders']);
    const other = { ...policy, Statement: [{ ...policy.Statement[0]!, Action: 'dynamodb:UpdateTable' }] };
    expect(diff(liveWith({ ...orders, resourcePolicy: other }), withPolicy).changes.map((change) => change.difference)).toEqual(['resource-based policy: live a different policy, schema a policy']);
    expect(steps(diff(liveWith(withPolicy), orders))).toEqual(['delete the resource-based policy of app_orders']);
    expect(diff(liveWith(orders, (live) => void (live.resourcePolicy = UNSUPPORTED)), withPolicy).notices).toEqual(['resource-based policy: not supported by this endpoint (schema: a policy); not checked']);
  });
});
