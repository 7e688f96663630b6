/**
 * The six settings of issue 14 on moto, the one local engine that keeps warm throughput, the PITR
 * recovery period and resource-based policies. What moto does with each (observed, moto 5):
 * - LocalSecondaryIndexes, WarmThroughput (table and GSI; 12000/4000 by default, like DynamoDB),
 *   RecoveryPeriodInDays, Put/Get/DeleteResourcePolicy: supported. An UpdateTable WarmThroughput
 *   replaces the whole value (a member left out is dropped), so apply always sends both members.
 * - ResourcePolicy in CreateTable: accepted and ignored (GetResourcePolicy: PolicyNotFoundException),
 *   so apply attaches it with PutResourcePolicy right after the create.
 * - OnDemandThroughput (CreateTable and UpdateTable): accepted and ignored, never reported.
 * - Describe/UpdateContributorInsights: not implemented (HTTP 500 with an HTML page).
 */
import { findMotoServer } from '@ddb-migrations/test-support';
import { describe, expect, it } from 'vitest';
import { planTable, pullTables, verifyTable } from '../index.js';
import { useEngine } from './engines.js';
import { applyFailure, denyDelete, oneInPlaceStep, ordersSchema, roundTrip, totalIndex } from './settings.js';

const hasMoto = findMotoServer() !== undefined;

describe.skipIf(!hasMoto)('the six settings on moto', () => {
  const { db } = useEngine('moto');
  const contributorInsightsNotice = (schema: string) => `contributor insights: not supported by this endpoint (schema: ${schema}); not checked`;

  const full = () => {
    const base = ordersSchema();
    return ordersSchema({
      localSecondaryIndexes: [totalIndex],
      warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 },
      globalSecondaryIndexes: [{ ...base.globalSecondaryIndexes[0]!, warmThroughput: { readUnitsPerSecond: 13000 } }],
      pointInTimeRecovery: true,
      recoveryPeriodInDays: 7,
      resourcePolicy: denyDelete,
    });
  };

  it('creates a table with them, verify is in sync, and each changed value is one in-place step', async () => {
    const schema = full();
    const created = await roundTrip(db(), schema);
    // moto drops CreateTable's ResourcePolicy, so the policy is attached by the step after the create.
    expect(created.executed).toEqual(['create_table', 'update_pitr', 'put_resource_policy']);
    expect(created.notices).toEqual([contributorInsightsNotice('off')]);

    await oneInPlaceStep(db(), { ...schema, warmThroughput: { readUnitsPerSecond: 20000, writeUnitsPerSecond: 5000 } }, `raise the warm throughput of ${schema.name} to 20000 read / 5000 write units per second`);
    const indexWarmer = { ...schema, warmThroughput: { readUnitsPerSecond: 20000, writeUnitsPerSecond: 5000 }, globalSecondaryIndexes: [{ ...schema.globalSecondaryIndexes[0]!, warmThroughput: { readUnitsPerSecond: 14000 } }] };
    await oneInPlaceStep(db(), indexWarmer, `raise the warm throughput of index type_index on ${schema.name} to 14000 read units per second`);
    // Lower than live: said, not attempted, and in sync.
    const lower = await planTable(db().client, { ...indexWarmer, warmThroughput: { readUnitsPerSecond: 16000 } });
    expect(lower.changes).toEqual([]);
    expect(lower.notices).toContain('warm throughput: live is above the schema (read 20000 > 16000); warm throughput cannot be decreased, so this is not attempted and counts as in sync');

    await oneInPlaceStep(db(), { ...indexWarmer, recoveryPeriodInDays: 14 }, `enable point-in-time recovery on ${schema.name} (keep 14 days)`);
    const otherPolicy = { ...denyDelete, Statement: [{ ...denyDelete.Statement[0]!, Action: 'dynamodb:UpdateTable' }] };
    await oneInPlaceStep(db(), { ...indexWarmer, recoveryPeriodInDays: 14, resourcePolicy: otherPolicy }, `attach the resource-based policy to ${schema.name}`);
    const { resourcePolicy: _dropped, ...withoutPolicy } = { ...indexWarmer, recoveryPeriodInDays: 14 };
    await oneInPlaceStep(db(), withoutPolicy, `delete the resource-based policy of ${schema.name}`);
  }, 120_000);

  it('pull reads them back, and verify of the pulled table is in sync', async () => {
    const schema = full();
    await roundTrip(db(), schema);
    const { tables } = await pullTables(db().client, { tableNames: [schema.name] });
    const pulled = tables[0]!;
    expect(pulled.table).toMatchObject({ localSecondaryIndexes: [totalIndex], pointInTimeRecovery: true, recoveryPeriodInDays: 7, resourcePolicy: denyDelete });
    expect(pulled.notes).toEqual(expect.arrayContaining([
      'warm throughput: live 15000 read / 5000 write units per second; left out (DynamoDB raises it on its own; add warmThroughput to pre-warm a new table)',
      'contributor insights: this endpoint cannot report it (DescribeContributorInsights unsupported); left out',
    ]));
    expect((await verifyTable(db().client, pulled.table)).differences).toEqual([]);
  }, 60_000);

  it('says contributor insights is not supported: the create stops at it, and plans after it name it instead of calling it in sync', async () => {
    const schema = ordersSchema({ contributorInsights: true });
    const error = await applyFailure(db(), schema);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', message: `this endpoint does not support the call needed to enable contributor insights on ${schema.name}` });
    expect((await roundTrip(db(), schema)).notices).toEqual([contributorInsightsNotice('on for table')]);
  }, 60_000);

  it('says on-demand caps were accepted but not applied: moto ignores OnDemandThroughput', async () => {
    const schema = ordersSchema({ onDemandThroughput: { maxReadRequestUnits: 200, maxWriteRequestUnits: 100 } });
    const error = await applyFailure(db(), schema);
    expect(error.code).toBe('NOT_APPLIED');
    expect(error.message).toBe(`the endpoint accepted "set the on-demand maximum of ${schema.name} to 200 read / 100 write request units" but did not apply it`);
  }, 60_000);
});
