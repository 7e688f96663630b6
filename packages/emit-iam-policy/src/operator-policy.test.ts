/**
 * iam-policy-ddb-migrate.json allows what `plan`, `apply` and `verify` really send: the apply package is
 * run against dynalite with every request recorded (create, then in-place changes of capacity and tags),
 * and each request's action on its table must be granted, and the write commands apply can send at all
 * must be in the list. (Emitters never import apply; this test may.)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTable, OPERATOR_ACTIONS as APPLY_OPERATOR_ACTIONS, planTable, verifyTable, WRITE_COMMANDS } from '@ddb-migrations/apply';
import { loadSchema, operatorPolicyFilesOf, type TableSchema } from '@ddb-migrations/core';
import { startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { OPERATOR_ACTIONS, OPERATOR_READ_ACTIONS } from './index.js';

const table = (extra: string) =>
  loadSchema(`tables:\n  - name: app_orders\n    partitionKey: { name: customerId, type: S }\n    sortKey: { name: orderedAt, type: N }\n    billingMode: PROVISIONED\n${extra}`, 'orders.yaml').tables[0]!;
// Capacity and tags change in place: dynalite ignores index changes and has no TTL or PITR updates.
const first = table('    readCapacityUnits: 1\n    writeCapacityUnits: 1\n    tags: { team: checkout, old: "yes" }\n');
const changed = table('    readCapacityUnits: 2\n    writeCapacityUnits: 3\n    tags: { team: payments }\n');

describe('the operator policy against what apply, plan and verify send', () => {
  let engine: LocalEngine;
  const calls: { action: string; resource: string }[] = [];
  let client: DynamoDBClient;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 50, updateTableMs: 50 });
    client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string; ResourceArn?: string };
        const name = input.TableName ?? input.ResourceArn?.split(':table/')[1];
        calls.push({ action: `dynamodb:${String(context.commandName).replace(/Command$/, '')}`, resource: `arn:aws:dynamodb:*:*:table/${name}` });
        return next(args);
      },
      { step: 'initialize', name: 'recordCalls' },
    );
  });
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  });

  it('every request is granted on its table, and the requests include creates, updates and tag changes', async () => {
    const run = async (desired: TableSchema) => {
      await planTable(client, desired);
      await applyTable(client, desired, { timeoutMs: 30_000 });
      await verifyTable(client, desired);
    };
    await run(first);
    await run(changed);
    const schema = { tables: [changed] };
    const granted = new Set(operatorPolicyFilesOf(schema).flatMap((file) => file.document.Statement.flatMap((s) => s.Action.flatMap((action) => s.Resource.map((resource) => `${action} ${resource}`)))));
    for (const call of calls) expect(granted, `${call.action} on ${call.resource}`).toContain(`${call.action} ${call.resource}`);
    const sent = new Set(calls.map((call) => call.action));
    // dynalite answers DescribeContributorInsights and GetResourcePolicy as unknown, but they are sent (and must be granted).
    for (const action of ['CreateTable', 'DescribeTable', 'DescribeTimeToLive', 'ListTagsOfResource', 'DescribeContributorInsights', 'GetResourcePolicy', 'UpdateTable', 'TagResource', 'UntagResource']) {
      expect(sent).toContain(`dynamodb:${action}`);
    }
  });

  it('every write command apply can send is in OPERATOR_ACTIONS', () => {
    for (const command of WRITE_COMMANDS) expect(OPERATOR_ACTIONS).toContain(`dynamodb:${command.name.replace(/Command$/, '')}`);
  });

  it("is the apply package's own OPERATOR_ACTIONS list (the README's permissions table): read and write alike", () => {
    expect([...OPERATOR_ACTIONS].sort()).toEqual([...APPLY_OPERATOR_ACTIONS.read, ...APPLY_OPERATOR_ACTIONS.write].sort());
    expect([...OPERATOR_READ_ACTIONS].sort()).toEqual([...APPLY_OPERATOR_ACTIONS.read].sort());
  });
});
