/**
 * The proof with the real @shopify/shopify-app-session-storage-dynamodb: 20,000 sessions of every kind
 * on dynalite and on DynamoDB Local; prune; the adapter loads every survivor and none of the expired,
 * and findSessionsByShop returns the same survivors as before.
 */
import { GetItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  findDynamoDbLocal,
  makeSessionPopulation,
  startDynalite,
  startDynamoDbLocal,
  toAdapterItem,
  writeItems,
  type PopulatedSession,
} from '@ddb-migrations/test-support';
import type { Session } from '@shopify/shopify-api';
import { DynamoDBSessionStorage } from '@shopify/shopify-app-session-storage-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpiredSessions } from '../index.js';
import { createSessionsTable, localClient } from './table.js';

const COUNT = 20_000;
const SHOPS = 200;
/** Shops whose findSessionsByShop is compared before and after (each has COUNT / SHOPS sessions). */
const SAMPLE_SHOPS = 20;

/** Runs `work` over `items`, `limit` at a time, collecting the results in order. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }));
  return results;
}

/** Scan's COUNT is paged by the 1 MB it reads, like any scan. */
async function countItems(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

const sortedIds = (sessions: Session[]) => sessions.map((session) => session.id).sort();

function adapterProof(engineName: string, start: () => Promise<{ endpoint: string; close(): Promise<void> }>) {
  let engine: { endpoint: string; close(): Promise<void> };
  let client: DynamoDBClient;
  let storage: DynamoDBSessionStorage;
  let table: string;
  const now = Date.now();
  const population: PopulatedSession[] = makeSessionPopulation(COUNT, now, { shops: SHOPS, prefix: `prune-${process.pid}` });

  beforeAll(async () => {
    engine = await start();
    client = localClient(engine.endpoint);
    table = await createSessionsTable(client, 'adapter_prune');
    storage = new DynamoDBSessionStorage({
      sessionTableName: table,
      shopIndexName: 'shop_index',
      config: { endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    });
  }, 120_000);
  afterAll(async () => {
    (storage as unknown as { client?: { destroy(): void } })?.client?.destroy();
    client?.destroy();
    await engine?.close();
  });

  // Seconds per phase, printed once: where a slow CI run spends its time.
  const timings: string[] = [];
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const at = performance.now();
    timings.push(`${name} ${((at - phaseStart) / 1000).toFixed(1)}s`);
    phaseStart = at;
  };

  it(`${engineName}: 20,000 sessions written as the adapter writes them; prune keeps all but the expired online ones`, async () => {
    // The batch-written shape is the adapter's own: storeSession one of each kind, read it back raw.
    const sample = population.slice(0, 5);
    for (const { session } of sample) {
      expect(await storage.storeSession(session)).toBe(true);
      const stored = await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: session.id } } }));
      expect(stored.Item).toEqual(toAdapterItem(session));
    }
    await writeItems(client, table, population.map(({ session }) => toAdapterItem(session)));
    expect(await countItems(client, table)).toBe(COUNT);

    phase('write');
    const sampleShops = Array.from({ length: SAMPLE_SHOPS }, (_, n) => population[n]!.session.shop);
    const before = await mapLimit(sampleShops, 4, (shop) => storage.findSessionsByShop(shop));
    expect(before.map((sessions) => sessions.length)).toEqual(sampleShops.map(() => COUNT / SHOPS));

    phase('find before');
    const expired = population.filter(({ kind }) => kind === 'online-expired');
    const dry = await pruneExpiredSessions({ client, tableName: table, dryRun: true, segments: 4 });
    expect(dry).toMatchObject({ scanned: COUNT, expired: expired.length, deleted: 0 });

    phase('dry run');
    const result = await pruneExpiredSessions({ client, tableName: table, segments: 4 });
    expect(result).toMatchObject({ scanned: COUNT, expired: expired.length, deleted: expired.length, keptChanged: 0 });

    phase('prune');
    // Every session through the adapter: survivors whole (equals() compares every field), expired gone.
    const loaded = await mapLimit(population, 32, ({ session }) => storage.loadSession(session.id));
    population.forEach(({ session, kind }, index) => {
      const found = loaded[index];
      if (kind === 'online-expired') expect(found, session.id).toBeUndefined();
      else expect(found && session.equals(found), `${kind} ${session.id}`).toBe(true);
    });

    phase('load all');
    const expiredIds = new Set(expired.map(({ session }) => session.id));
    const after = await mapLimit(sampleShops, 4, (shop) => storage.findSessionsByShop(shop));
    after.forEach((sessions, index) => {
      expect(sortedIds(sessions)).toEqual(sortedIds(before[index]!).filter((id) => !expiredIds.has(id)));
    });
    phase('find after');
    console.log(`${engineName}, ${COUNT} sessions: ${timings.join(', ')}`);
    expect(await countItems(client, table)).toBe(COUNT - expired.length);
    expect(await pruneExpiredSessions({ client, tableName: table })).toMatchObject({ scanned: COUNT - expired.length, expired: 0, deleted: 0 });
  }, 180_000);
}

// Concurrent: DynamoDB Local is its own JVM process, so the two engines overlap on a 2-core machine.
describe.concurrent('prune with the real Shopify adapter', () => {
  describe('dynalite', () => adapterProof('dynalite', () => startDynalite({ createTableMs: 50 })));
  describe.skipIf(findDynamoDbLocal() === undefined)('DynamoDB Local', () => adapterProof('DynamoDB Local', () => startDynamoDbLocal()));
});
