/**
 * isShopifySessionTable is derived from the adapter's source; this proves it against the adapter itself:
 * for each table shape, the real DynamoDBSessionStorage works on the table exactly when the predicate
 * says so, and on the tables it works on, every call it makes is granted by iam-policy.json.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isShopifySessionTable, loadSchema, sessionIndexOf, toCreateTableInput } from '@ddb-migrations/core';
import { createCommandRecorder, runSessionAdapterBattery, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { toIamPolicy } from './index.js';

const SHAPES: Record<string, string> = {
  canonical: '{ name: id, type: S }\n    globalSecondaryIndexes: [{ name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }]',
  keysOnlyIndex: '{ name: id, type: S }\n    globalSecondaryIndexes: [{ name: by_shop, partitionKey: { name: shop, type: S }, projection: KEYS_ONLY }]',
  indexWithSortKey: '{ name: id, type: S }\n    globalSecondaryIndexes: [{ name: by_shop, partitionKey: { name: shop, type: S }, sortKey: { name: state, type: S }, projection: INCLUDE, nonKeyAttributes: [scope] }]',
  tableSortKey: '{ name: id, type: S }\n    sortKey: { name: shop, type: S }\n    globalSecondaryIndexes: [{ name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }]',
  numberId: '{ name: id, type: N }\n    globalSecondaryIndexes: [{ name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }]',
  numberShop: '{ name: id, type: S }\n    globalSecondaryIndexes: [{ name: shop_index, partitionKey: { name: shop, type: N }, projection: ALL }]',
  otherIndex: '{ name: id, type: S }\n    globalSecondaryIndexes: [{ name: shop_index, partitionKey: { name: status, type: S }, projection: ALL }]',
};

const schema = loadSchema(
  `tables:\n${Object.entries(SHAPES).map(([name, shape]) => `  - name: ${name}\n    partitionKey: ${shape}\n`).join('')}`,
  'shapes.yaml',
);

describe('the session-table predicate against the real adapter on dynalite', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 0 });
    const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (const table of schema.tables) await client.send(new CreateTableCommand(toCreateTableInput(table)));
    client.destroy();
  });
  afterAll(async () => engine?.close());

  for (const table of schema.tables) {
    it(`${table.name}: the adapter works exactly when isShopifySessionTable says so`, async () => {
      const indexName = sessionIndexOf(table)?.name ?? table.globalSecondaryIndexes[0]!.name;
      const recorder = createCommandRecorder();
      const outcome = await runSessionAdapterBattery({ endpoint: engine.endpoint, tableName: table.name, indexName, onCommand: recorder.onCommand }).then(
        () => 'works',
        (error: Error) => `fails: ${error.message}`,
      );
      expect(outcome.startsWith('works'), outcome).toBe(isShopifySessionTable(table));
      if (outcome !== 'works') return;
      const granted = new Set(toIamPolicy(schema).Statement.flatMap((statement) => statement.Action.flatMap((action) => statement.Resource.map((resource) => `${action} ${resource}`))));
      for (const { commandName, input } of recorder.calls) {
        const { TableName, IndexName } = input as { TableName: string; IndexName?: string };
        const resource = `arn:aws:dynamodb:*:*:table/${TableName}${IndexName ? `/index/${IndexName}` : ''}`;
        expect(granted, `${commandName} on ${resource}`).toContain(`dynamodb:${commandName} ${resource}`);
      }
    });
  }
});
