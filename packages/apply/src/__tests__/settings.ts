/**
 * Shared by the engine tests of the six settings of issue 14 (settings-*.test.ts and the DynamoDB
 * Local block of migrations.test.ts): an orders table to put them on, and the round-trip checks.
 */
import { shopifySessionsTable, type TableSchema } from '@ddb-migrations/core';
import { expect } from 'vitest';
import { ApplyError, applyTable, planTable, verifyTable, describeStep } from '../index.js';
import { uniqueName, type TrackedClient } from './engines.js';

/** An on-demand orders table (sort key, one GSI) under a fresh name, plus overrides. */
export function ordersSchema(overrides: Partial<TableSchema> = {}): TableSchema {
  return {
    ...shopifySessionsTable,
    name: uniqueName('orders'),
    scriptName: 'create-orders-table',
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'orderedAt', type: 'N' },
    globalSecondaryIndexes: [{ name: 'type_index', partitionKey: { name: 'type', type: 'S' }, projection: { type: 'ALL' }, contributorInsights: false }],
    localSecondaryIndexes: [],
    attributes: [],
    ...overrides,
  };
}

export const totalIndex = { name: 'total_index', sortKey: { name: 'total', type: 'N' as const }, projection: { type: 'INCLUDE' as const, nonKeyAttributes: ['currency'] } };

export const denyDelete = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };

/** apply, then verify is clean (returning its notices) and a second apply sends no write. */
export async function roundTrip(db: TrackedClient, schema: TableSchema): Promise<{ executed: string[]; notices: string[] }> {
  const { executed } = await applyTable(db.client, schema);
  const verification = await verifyTable(db.client, schema);
  expect(verification.differences).toEqual([]);
  db.clear();
  expect((await applyTable(db.client, schema)).executed).toEqual([]);
  expect(db.writes()).toEqual([]);
  return { executed: executed.map((step) => step.type), notices: verification.notices };
}

/** `plan` shows exactly one in-place step (`description`), apply runs it, then the round trip holds. */
export async function oneInPlaceStep(db: TrackedClient, schema: TableSchema, description: string): Promise<void> {
  const plan = await planTable(db.client, schema);
  expect(plan.refusals).toEqual([]);
  expect(plan.changes.map((change) => describeStep(change.step))).toEqual([description]);
  expect((await roundTrip(db, schema)).executed).toEqual(plan.changes.map((change) => change.step.type));
}

/** The ApplyError apply ends with. */
export async function applyFailure(db: TrackedClient, schema: TableSchema): Promise<ApplyError> {
  const error = await applyTable(db.client, schema).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApplyError);
  return error as ApplyError;
}
