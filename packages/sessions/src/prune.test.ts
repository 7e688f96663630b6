/**
 * What the pruner deletes and keeps, on dynalite: the edge cases one by one, the race with an app
 * refreshing a session, throttling, the rate limit and an interrupted run. The 20,000-session proof
 * with the real adapter on dynalite and DynamoDB Local is src/__tests__/adapter-prune.test.ts.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, retryThrottled } from './flow-control.js';
import { pruneExpiredSessions, PruneInterruptedError } from './index.js';
import { createSessionsTable, localClient, localClientConfig } from './__tests__/table.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const past = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const future = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

type Item = Record<string, AttributeValue>;
const session = (id: string, fields: Item = {}): Item => ({ id: { S: id }, shop: { S: 'edge.myshopify.com' }, state: { S: 's' }, ...fields });

/** Every kind the pruner must keep, by why, and the ones it must delete. */
const KEEP: Item[] = [
  session('offline_expired', { isOnline: { BOOL: false }, expires: { S: past(60_000) } }),
  session('offline_plain', { isOnline: { BOOL: false } }),
  session('online_no_expires', { isOnline: { BOOL: true } }),
  session('online_future', { isOnline: { BOOL: true }, expires: { S: future(1) } }),
  session('online_exactly_now', { isOnline: { BOOL: true }, expires: { S: NOW.toISOString() } }),
  session('online_date_only', { isOnline: { BOOL: true }, expires: { S: '2020-01-01' } }),
  session('online_number_expires', { isOnline: { BOOL: true }, expires: { N: '1' } }),
  session('online_string_flag', { isOnline: { S: 'true' }, expires: { S: past(60_000) } }),
  session('no_flag', { expires: { S: past(60_000) } }),
];
const DELETE: Item[] = [
  session('online_expired_ms', { isOnline: { BOOL: true }, expires: { S: past(1) } }),
  session('online_expired_year', { isOnline: { BOOL: true }, expires: { S: past(365 * 86_400_000) } }),
];

async function put(client: DynamoDBClient, table: string, items: Item[]) {
  for (const Item of items) await client.send(new PutItemCommand({ TableName: table, Item }));
}

async function ids(client: DynamoDBClient, table: string): Promise<string[]> {
  const items = (await client.send(new ScanCommand({ TableName: table, ProjectionExpression: 'id' }))).Items ?? [];
  return items.map((item) => item.id!.S!).sort();
}

/** Adds a middleware that sees each command before it is sent (above the SDK's retries). */
function beforeSend(client: DynamoDBClient, name: string, hook: (commandName: string, input: Record<string, unknown>) => Promise<void> | void) {
  client.middlewareStack.add((next, context) => async (args) => {
    await hook(context.commandName ?? '', args.input as Record<string, unknown>);
    return next(args);
  }, { step: 'initialize', name });
  return () => client.middlewareStack.remove(name);
}

describe('pruneExpiredSessions', () => {
  let engine: LocalEngine;
  let client: DynamoDBClient;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 20 });
    client = localClient(engine.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  });

  it('deletes only online sessions whose ISO expires is in the past; a dry run counts them and deletes nothing', async () => {
    const table = await createSessionsTable(client);
    await put(client, table, [...KEEP, ...DELETE]);
    const dry = await pruneExpiredSessions({ client, tableName: table, now: NOW, dryRun: true, segments: 3 });
    expect(dry).toMatchObject({ dryRun: true, scanned: 11, expired: 2, deleted: 0, segmentsDone: 3 });
    expect(await ids(client, table)).toHaveLength(11);

    const result = await pruneExpiredSessions({ client, tableName: table, now: NOW, segments: 3 });
    expect(result).toMatchObject({ dryRun: false, scanned: 11, expired: 2, deleted: 2, keptChanged: 0, cutoff: NOW.toISOString() });
    expect(await ids(client, table)).toEqual(KEEP.map((item) => item.id!.S!).sort());
    // Run again: nothing left to do.
    expect(await pruneExpiredSessions({ client, tableName: table, now: NOW })).toMatchObject({ expired: 0, deleted: 0 });
  });

  it('keeps a session the app refreshes between the scan and the delete (conditional delete)', async () => {
    const table = await createSessionsTable(client);
    await put(client, table, DELETE);
    const refreshed = DELETE[0]!;
    const remove = beforeSend(client, 'refreshBeforeDelete', async (name, input) => {
      if (name === 'DeleteItemCommand' && (input.Key as Item).id!.S === refreshed.id!.S) {
        // What storeSession does on a refresh: the whole item again, with a later expires.
        await client.send(new PutItemCommand({ TableName: table, Item: { ...refreshed, expires: { S: future(86_400_000) } } }));
      }
    });
    try {
      const result = await pruneExpiredSessions({ client, tableName: table, now: NOW });
      expect(result).toMatchObject({ expired: 2, deleted: 1, keptChanged: 1 });
    } finally {
      remove();
    }
    const kept = await client.send(new GetItemCommand({ TableName: table, Key: { id: refreshed.id! } }));
    expect(kept.Item?.expires).toEqual({ S: future(86_400_000) });
  });

  it('with cacheMiddleware (the CLI client: one middleware chain shared by every call), each concurrent delete keeps its own outcome', async () => {
    // A client of its own: the SDK resolves the cached chain at the first send, so the hook must be there before it.
    const cached = new DynamoDBClient({ ...localClientConfig(engine.endpoint), cacheMiddleware: true });
    const table = await createSessionsTable(cached);
    const expired = Array.from({ length: 48 }, (_, n) => session(`online_${n}`, { isOnline: { BOOL: true }, expires: { S: past(1000) } }));
    await put(cached, table, expired);
    const refreshedIds = new Set(['online_3', 'online_17', 'online_30', 'online_44']);
    beforeSend(cached, 'refreshSomeBeforeDelete', async (name, input) => {
      const id = name === 'DeleteItemCommand' ? (input.Key as Item).id!.S! : '';
      if (refreshedIds.has(id)) await cached.send(new PutItemCommand({ TableName: table, Item: { ...session(id), isOnline: { BOOL: true }, expires: { S: future(86_400_000) } } }));
    });
    try {
      const result = await pruneExpiredSessions({ client: cached, tableName: table, now: NOW, segments: 3, concurrencyPerSegment: 8 });
      expect(result).toMatchObject({ expired: 48, deleted: 44, keptChanged: 4 });
      expect(await ids(cached, table)).toEqual([...refreshedIds].sort());
    } finally {
      cached.destroy();
    }
  });

  it('retries throttled calls with backoff and still deletes every expired session', async () => {
    const table = await createSessionsTable(client);
    await put(client, table, DELETE);
    let throttled = 0;
    const remove = beforeSend(client, 'throttleSome', (name) => {
      if ((name === 'DeleteItemCommand' || name === 'ScanCommand') && throttled < 4) {
        throttled++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' });
      }
    });
    try {
      expect(await pruneExpiredSessions({ client, tableName: table, now: NOW, segments: 1 })).toMatchObject({ deleted: 2 });
    } finally {
      remove();
    }
    expect(throttled).toBe(4);
    expect(await ids(client, table)).toEqual([]);
  });

  it('an error in one segment stops every segment: the promise rejects with it and no delete follows', async () => {
    const table = await createSessionsTable(client);
    await put(client, table, Array.from({ length: 60 }, (_, n) => session(`online_${n}`, { isOnline: { BOOL: true }, expires: { S: past(1000) } })));
    let deletes = 0;
    const remove = beforeSend(client, 'denyThird', (name) => {
      if (name !== 'DeleteItemCommand') return;
      if (++deletes === 3) throw Object.assign(new Error('not authorized to perform: dynamodb:DeleteItem'), { name: 'AccessDeniedException' });
    });
    try {
      await expect(pruneExpiredSessions({ client, tableName: table, now: NOW, segments: 4, concurrencyPerSegment: 2 })).rejects.toThrow(/dynamodb:DeleteItem/);
      const atRejection = deletes;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(deletes).toBe(atRejection);
      expect(deletes).toBeLessThan(60);
    } finally {
      remove();
    }
  });

  it('refuses options that cannot work before any call', async () => {
    for (const options of [{ segments: 0 }, { segments: 1.5 }, { pageSize: 0 }, { maxItemsPerSecond: 0 }]) {
      await expect(pruneExpiredSessions({ client, tableName: 'never_read', ...options })).rejects.toThrow(RangeError);
    }
  });

  it('holds the rate limit across segments', async () => {
    const table = await createSessionsTable(client);
    const expired = Array.from({ length: 30 }, (_, n) => session(`online_${n}`, { isOnline: { BOOL: true }, expires: { S: past(1000) } }));
    await put(client, table, expired);
    const started = performance.now();
    const result = await pruneExpiredSessions({ client, tableName: table, now: NOW, segments: 4, maxItemsPerSecond: 20 });
    expect(result.deleted).toBe(30);
    // 30 slots 50 ms apart: the last may start no earlier than 29 * 50 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(29 * 50 - 5);
  });

  it('a rate-limited run with a signal raises no Node warning (32 deletes wait at once, each listening for the abort)', async () => {
    const table = await createSessionsTable(client);
    await put(client, table, Array.from({ length: 40 }, (_, n) => session(`online_${n}`, { isOnline: { BOOL: true }, expires: { S: past(1000) } })));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const signal = new AbortController().signal;
    try {
      const result = await pruneExpiredSessions({ client, tableName: table, now: NOW, maxItemsPerSecond: 200, signal });
      expect(result.deleted).toBe(40);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('stops when interrupted, reports how far it got, and a second run finishes', async () => {
    const table = await createSessionsTable(client);
    const expired = Array.from({ length: 40 }, (_, n) => session(`online_${n}`, { isOnline: { BOOL: true }, expires: { S: past(1000) } }));
    await put(client, table, expired);
    const controller = new AbortController();
    const interrupted = pruneExpiredSessions({
      client,
      tableName: table,
      now: NOW,
      segments: 1,
      pageSize: 10,
      signal: controller.signal,
      onProgress: (progress) => progress.deleted >= 10 && controller.abort(),
    });
    const error = await interrupted.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(PruneInterruptedError);
    const { progress } = error as PruneInterruptedError;
    expect(progress.deleted).toBeGreaterThanOrEqual(10);
    expect(progress.deleted).toBeLessThan(40);
    expect(await ids(client, table)).toHaveLength(40 - progress.deleted);
    const rest = await pruneExpiredSessions({ client, tableName: table, now: NOW });
    expect(rest.deleted).toBe(40 - progress.deleted);
    expect(await ids(client, table)).toEqual([]);
  });
});

describe('flow control', () => {
  it('spaces rate-limited slots evenly from the first call', async () => {
    let clock = 1000;
    const limiter = createRateLimiter(4, () => clock);
    const waits: number[] = [];
    const original = globalThis.setTimeout;
    // Record the waits instead of sleeping them.
    globalThis.setTimeout = ((fn: () => void, ms: number) => (waits.push(ms), original(fn, 0))) as typeof setTimeout;
    try {
      for (let n = 0; n < 4; n++) await limiter.take();
      clock += 2000; // idle: no burst credit is saved up
      await limiter.take();
      await limiter.take();
    } finally {
      globalThis.setTimeout = original;
    }
    expect(waits).toEqual([250, 500, 750, 250]);
  });

  it('gives up on throttling after the last attempt and passes other errors straight through', async () => {
    let calls = 0;
    const throttle = () => Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }, { n: ++calls }));
    await expect(retryThrottled(throttle, undefined, () => 0)).rejects.toThrow('slow down');
    expect(calls).toBe(12);
    calls = 0;
    await expect(retryThrottled(() => Promise.reject(Object.assign(new Error('bad'), { name: 'ValidationException', n: ++calls })), undefined, () => 0)).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
