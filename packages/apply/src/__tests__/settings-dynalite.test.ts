/**
 * The six settings of issue 14 on dynalite (observed, dynalite 4):
 * - LocalSecondaryIndexes: supported (created and described).
 * - WarmThroughput and ResourcePolicy in CreateTable: accepted and ignored, never reported.
 * - OnDemandThroughput in CreateTable: accepted and ignored; UpdateTable with it: ValidationException.
 * - Describe/UpdateContinuousBackups, Describe/UpdateContributorInsights, Get/Put/DeleteResourcePolicy:
 *   UnknownOperationException.
 * Each test asserts the exact refusal or notice, so an engine that gains a setting fails it.
 */
import { describe, expect, it } from 'vitest';
import { pullTables, verifyTable } from '../index.js';
import { useEngine } from './engines.js';
import { applyFailure, denyDelete, ordersSchema, roundTrip, totalIndex } from './settings.js';

describe('the six settings on dynalite', () => {
  const { db } = useEngine('dynalite');

  it('creates a local index; names warm throughput, PITR, contributor insights and the policy as not supported', async () => {
    const schema = ordersSchema({ localSecondaryIndexes: [totalIndex], warmThroughput: { readUnitsPerSecond: 15000 }, resourcePolicy: denyDelete });
    const { executed, notices } = await roundTrip(db(), schema);
    expect(executed).toEqual(['create_table']);
    expect(notices).toEqual([
      'warm throughput: not reported by this endpoint (schema: 15000 read units per second); not checked',
      'point-in-time recovery: not supported by this endpoint (schema: off); not checked',
      'contributor insights: not supported by this endpoint (schema: off); not checked',
      'resource-based policy: not supported by this endpoint (schema: a policy); not checked',
    ]);

    const { tables } = await pullTables(db().client, { tableNames: [schema.name] });
    expect(tables[0]!.table.localSecondaryIndexes).toEqual([totalIndex]);
    expect(tables[0]!.notes).toEqual([
      'point-in-time recovery: this endpoint cannot report it (DescribeContinuousBackups unsupported); left out',
      'contributor insights: this endpoint cannot report it (DescribeContributorInsights unsupported); left out',
      'resource-based policy: this endpoint cannot report it (GetResourcePolicy unsupported); left out',
    ]);
    expect((await verifyTable(db().client, tables[0]!.table)).differences).toEqual([]);
  }, 60_000);

  it('refuses on-demand caps: CreateTable drops them and UpdateTable rejects them', async () => {
    const schema = ordersSchema({ onDemandThroughput: { maxReadRequestUnits: 200, maxWriteRequestUnits: 100 } });
    const error = await applyFailure(db(), schema);
    expect(error.code).toBe('REJECTED');
    expect(error.message).toBe(
      `the endpoint refused to set the on-demand maximum of ${schema.name} to 200 read / 100 write request units: ` +
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
    const indexCap = ordersSchema();
    indexCap.globalSecondaryIndexes = [{ ...indexCap.globalSecondaryIndexes[0]!, onDemandThroughput: { maxReadRequestUnits: 50 } }];
    expect((await applyFailure(db(), indexCap)).message).toBe(
      `the endpoint refused to set the on-demand maximum of index type_index on ${indexCap.name} to 50 read / no maximum write request units: ` +
        "1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput' failed to satisfy constraint: Member must not be null",
    );
  }, 60_000);

  it('stops a create at the recovery period and contributor insights, which it cannot set', async () => {
    const pitr = ordersSchema({ pointInTimeRecovery: true, recoveryPeriodInDays: 7 });
    expect(await applyFailure(db(), pitr)).toMatchObject({ code: 'UNSUPPORTED', message: `this endpoint does not support the call needed to enable point-in-time recovery on ${pitr.name} (keep 7 days)` });
    const insights = ordersSchema({ contributorInsights: true });
    expect(await applyFailure(db(), insights)).toMatchObject({ code: 'UNSUPPORTED', message: `this endpoint does not support the call needed to enable contributor insights on ${insights.name}` });
  }, 60_000);
});
