import { GetItemCommand, ListTablesCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable } from '@ddb-migrations/core';
import { createCommandRecorder, findDynamoDbLocal, runSessionAdapterBattery, startDynamoDbLocal } from '@ddb-migrations/test-support';
import { Session } from '@shopify/shopify-api';
import { DynamoDBSessionStorage } from '@shopify/shopify-app-session-storage-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTable, createDynamoDbClient, LOCAL_CREDENTIALS, LOCAL_REGION, startLocalEngine, verifyTable } from '../index.js';

const ENV_KEYS = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

/** Sets the variables (undefined deletes one) for the duration of `body`, then restores every key in ENV_KEYS. */
async function withEnv<T>(values: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>, body: () => Promise<T>): Promise<T> {
  const saved = new Map(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
  for (const [key, value] of Object.entries(values)) if (value !== undefined) process.env[key] = value;
  try {
    return await body();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The same tests against each engine: the embedded one and, when installed, AWS's DynamoDB Local. */
function adapterSuite(start: () => Promise<{ endpoint: string; close(): Promise<void> }>) {
  let engine: { endpoint: string; close(): Promise<void> } | undefined;
  let client: DynamoDBClient | undefined;
  const db = () => client ?? (client = createDynamoDbClient({ endpoint: engine!.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } }));
  const tableItemCount = async () => (await db().send(new ScanCommand({ TableName: shopifySessionsTable.name, Select: 'COUNT' }))).Count;

  beforeAll(async () => {
    engine = await start();
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  }, 30_000);

  it('applyTable creates the canonical table from nothing, and the adapter battery passes on it', async () => {
    expect((await db().send(new ListTablesCommand({}))).TableNames ?? []).not.toContain(shopifySessionsTable.name);
    const { executed } = await applyTable(db(), shopifySessionsTable, { timeoutMs: 30_000 });
    expect(executed.map((step) => step.type)).toContain('create_table');
    expect((await verifyTable(db(), shopifySessionsTable)).differences).toEqual([]);

    const recorder = createCommandRecorder();
    const report = await runSessionAdapterBattery({ endpoint: engine!.endpoint, onCommand: recorder.onCommand });
    expect(report).toEqual({ stored: 4, loaded: 4, found: 4, deleted: 4 });

    // What the adapter needs on the table: the least-privilege policy must allow exactly these.
    expect([...recorder.operations()].sort()).toEqual(['DeleteItem', 'GetItem', 'PutItem', 'Query']);
    const queries = recorder.calls.filter((call) => call.commandName === 'Query').map((call) => call.input as { TableName?: string; IndexName?: string; ProjectionExpression?: string });
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(query).toMatchObject({ TableName: 'shopify_sessions', IndexName: 'shop_index', ProjectionExpression: 'id, shop' });
    for (const call of recorder.calls) expect((call.input as { TableName?: string }).TableName).toBe('shopify_sessions');

    expect(await tableItemCount()).toBe(0);
  }, 60_000);

  it('the battery runs again on the same table and leaves it empty', async () => {
    await runSessionAdapterBattery({ endpoint: engine!.endpoint });
    await runSessionAdapterBattery({ endpoint: engine!.endpoint });
    expect(await tableItemCount()).toBe(0);
  }, 60_000);

  it('the battery names the step when the table is missing', async () => {
    await expect(runSessionAdapterBattery({ endpoint: engine!.endpoint, tableName: 'no_such_table' })).rejects.toThrow(/step "store offline_battery-[^"]+".*ResourceNotFoundException/);
  }, 60_000);

  it('the adapter with no config reaches the engine through AWS_ENDPOINT_URL_DYNAMODB and the other AWS_* variables', async () => {
    const id = `offline_env-${Date.now().toString(36)}.myshopify.com`;
    const session = new Session({ id, shop: id.slice('offline_'.length), state: 'env', isOnline: false, scope: 'read_products', accessToken: 'shpat_env' });
    await withEnv(
      { AWS_ENDPOINT_URL_DYNAMODB: engine!.endpoint, AWS_REGION: LOCAL_REGION, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      async () => {
        const storage = new DynamoDBSessionStorage();
        try {
          expect(await storage.storeSession(session)).toBe(true);
          const loaded = await storage.loadSession(id);
          expect(loaded && session.equals(loaded)).toBe(true);
          // It went to this engine, not anywhere else: the item is there, read with an explicit endpoint.
          expect((await db().send(new GetItemCommand({ TableName: 'shopify_sessions', Key: { id: { S: id } } }))).Item?.accessToken).toEqual({ S: 'shpat_env' });
          expect(await storage.deleteSession(id)).toBe(true);
          expect(await storage.loadSession(id)).toBeUndefined();
        } finally {
          (storage as unknown as { client: DynamoDBClient }).client.destroy();
        }
      },
    );
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).not.toBe(engine!.endpoint);
  }, 60_000);
}

describe('@shopify/shopify-app-session-storage-dynamodb on the embedded engine', () => {
  adapterSuite(() => startLocalEngine({ inMemory: true, port: 0, createTableMs: 50 }));
});

describe.skipIf(!findDynamoDbLocal())('@shopify/shopify-app-session-storage-dynamodb on DynamoDB Local', () => {
  adapterSuite(() => startDynamoDbLocal());
});
