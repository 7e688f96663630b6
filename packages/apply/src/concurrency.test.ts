import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifySessionsTable } from '@ddb-migrations/core';
import { applyTable, createDynamoDbClient, LOCAL_CREDENTIALS, startLocalEngine, verifyTable, type LocalEngine } from './index.js';

describe('concurrent applies of one schema', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await startLocalEngine({ inMemory: true, port: 0, createTableMs: 800 });
  });
  afterAll(async () => engine?.close());

  const client = () => createDynamoDbClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { ...LOCAL_CREDENTIALS } });

  it('all succeed and leave one table', async () => {
    const name = 'concurrent_sessions';
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => applyTable(client(), shopifySessionsTable, { tableName: name, timeoutMs: 30_000 })));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const created = results.filter((result) => result.status === 'fulfilled' && result.value.executed.some((step) => step.type === 'create_table'));
    expect(created).toHaveLength(1);
    expect((await client().send(new ListTablesCommand({}))).TableNames?.filter((table) => table === name)).toEqual([name]);
    expect((await verifyTable(client(), shopifySessionsTable, { tableName: name })).differences).toEqual([]);
  });
});
