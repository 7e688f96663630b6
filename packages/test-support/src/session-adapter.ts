import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual, inspect } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Session } from '@shopify/shopify-api';
import { DynamoDBSessionStorage } from '@shopify/shopify-app-session-storage-dynamodb';

/**
 * Called once per request the adapter sends, before it is sent. `commandName` is the DynamoDB
 * operation (the IAM action without the `dynamodb:` prefix), e.g. `PutItem`, not the SDK class name
 * `PutItemCommand`; `input` is the command's input as the adapter built it.
 */
export type OnAdapterCommand = (commandName: string, input: unknown) => void;

export interface SessionAdapterBatteryOptions {
  /** The DynamoDB endpoint, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  /** Default `shopify_sessions` (the adapter's default). The table must already exist. */
  tableName?: string;
  /** Default `shop_index` (the adapter's default). */
  indexName?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Default `local` / `local`, which the local engines accept. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Records every DynamoDB request the adapter makes; see recordAdapterCalls. */
  onCommand?: OnAdapterCommand;
}

export interface BatteryReport {
  /** Sessions stored with storeSession. */
  stored: number;
  /** Successful loadSession round trips that matched what was stored. */
  loaded: number;
  /** Sessions returned by findSessionsByShop that matched what was stored. */
  found: number;
  /** Sessions deleted and confirmed gone (loadSession returned undefined). */
  deleted: number;
}

/** A battery step that found a mismatch; `step` names it. */
export class SessionAdapterBatteryError extends Error {
  constructor(
    readonly step: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`session adapter battery, step "${step}": ${detail}`, options);
    this.name = 'SessionAdapterBatteryError';
  }
}

/** Runs one adapter call; an error it throws (e.g. ResourceNotFoundException) is re-thrown naming the step. */
async function call<T>(step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SessionAdapterBatteryError) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SessionAdapterBatteryError(step, `the adapter threw ${detail}`, { cause: error });
  }
}

const MIDDLEWARE_NAME = 'ddbMigrationsRecordAdapterCommands';

/**
 * The adapter's DynamoDBClient. DynamoDBSessionStorage (v8) keeps it in a TypeScript-private field
 * `client` (a plain property at run time), so it is read through a cast; if a later version renames
 * or hides it, this throws instead of silently recording nothing.
 */
export function adapterClient(storage: DynamoDBSessionStorage): DynamoDBClient {
  const client = (storage as unknown as { client?: DynamoDBClient }).client;
  if (!client || typeof client.send !== 'function' || !client.middlewareStack) {
    throw new Error('DynamoDBSessionStorage no longer exposes its DynamoDBClient as `client`: cannot record its commands');
  }
  return client;
}

/**
 * Adds a middleware to the adapter's internal client that reports each command (as its DynamoDB
 * operation name) and input to `onCommand`. Adding it twice to the same adapter replaces the first.
 */
export function recordAdapterCalls(storage: DynamoDBSessionStorage, onCommand: OnAdapterCommand): void {
  const client = adapterClient(storage);
  client.middlewareStack.remove(MIDDLEWARE_NAME);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? 'unknown';
      onCommand(commandName.replace(/Command$/, ''), args.input);
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE_NAME },
  );
}

/** A recorder for recordAdapterCalls / the battery's onCommand option. */
export function createCommandRecorder(): { onCommand: OnAdapterCommand; calls: { commandName: string; input: unknown }[]; operations(): Set<string> } {
  const calls: { commandName: string; input: unknown }[] = [];
  return {
    calls,
    onCommand: (commandName, input) => calls.push({ commandName, input }),
    operations: () => new Set(calls.map((call) => call.commandName)),
  };
}

const show = (value: unknown) => inspect(value, { depth: 6, breakLength: Infinity });
const time = (date: Date | undefined) => (date instanceof Date ? date.getTime() : date);

/** The fields the adapter must keep; Dates compared by instant. */
function significant(session: Session): Record<string, unknown> {
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope,
    accessToken: session.accessToken,
    expires: time(session.expires),
    refreshToken: session.refreshToken,
    refreshTokenExpires: time(session.refreshTokenExpires),
    onlineAccessInfo: session.onlineAccessInfo,
  };
}

function check(step: string, condition: boolean, detail: () => string): void {
  if (!condition) throw new SessionAdapterBatteryError(step, detail());
}

/** Compares a loaded session with the stored one: fields, Date types, equals(), isActive/isExpired. */
function compareSession(step: string, expected: Session, actual: Session | undefined): void {
  check(step, actual !== undefined, () => `session ${expected.id} was not found`);
  const loaded = actual!;
  const want = significant(expected);
  const got = significant(loaded);
  for (const key of Object.keys(want)) {
    check(step, isDeepStrictEqual(want[key], got[key]), () => `session ${expected.id}: ${key} is ${show(got[key])}, expected ${show(want[key])}`);
  }
  for (const key of ['expires', 'refreshTokenExpires'] as const) {
    if (expected[key] !== undefined) {
      check(step, loaded[key] instanceof Date, () => `session ${expected.id}: ${key} came back as ${show(loaded[key])}, not a Date`);
    }
  }
  if (typeof expected.equals === 'function') {
    check(step, expected.equals(loaded), () => `session ${expected.id}: stored.equals(loaded) is false; loaded ${show(loaded.toObject())}`);
    check(step, typeof loaded.equals === 'function' && loaded.equals(expected), () => `session ${expected.id}: loaded.equals(stored) is false`);
  }
  for (const scopes of [undefined, expected.scope]) {
    check(
      step,
      loaded.isActive(scopes) === expected.isActive(scopes),
      () => `session ${expected.id}: isActive(${show(scopes)}) is ${loaded.isActive(scopes)} after loading, ${expected.isActive(scopes)} before`,
    );
  }
  check(step, loaded.isExpired() === expected.isExpired(), () => `session ${expected.id}: isExpired() is ${loaded.isExpired()} after loading, ${expected.isExpired()} before`);
}

/** The battery's sessions, on two shops under a prefix unique to this run. */
function makeSessions(prefix: string, now: number) {
  const shopA = `${prefix}-a.myshopify.com`;
  const shopB = `${prefix}-b.myshopify.com`;
  const offline = new Session({
    id: `offline_${shopA}`,
    shop: shopA,
    state: `state-${prefix}-1`,
    isOnline: false,
    scope: 'read_products,write_orders',
    accessToken: `shpat_${prefix}_offline`,
  });
  const online = new Session({
    id: `${shopA}_902541635`,
    shop: shopA,
    state: `state-${prefix}-2`,
    isOnline: true,
    scope: 'read_products,write_orders',
    accessToken: `shpua_${prefix}_online`,
    expires: new Date(now + 24 * 3_600_000),
    onlineAccessInfo: {
      expires_in: 86_399,
      associated_user_scope: 'read_products',
      associated_user: {
        id: 902541635,
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
        email_verified: true,
        account_owner: true,
        locale: 'en-GB',
        collaborator: false,
      },
    },
  });
  const refreshing = new Session({
    id: `offline_${shopB}`,
    shop: shopB,
    state: `state-${prefix}-3`,
    isOnline: false,
    scope: 'read_orders',
    accessToken: `shpat_${prefix}_expiring`,
    expires: new Date(now + 3_600_000),
    refreshToken: `shprt_${prefix}_refresh`,
    refreshTokenExpires: new Date(now + 30 * 24 * 3_600_000),
  });
  // Expired an hour ago: isActive() must stay false after the round trip.
  const expired = new Session({
    id: `${shopB}_17`,
    shop: shopB,
    state: `state-${prefix}-4`,
    isOnline: true,
    scope: 'read_orders',
    accessToken: `shpua_${prefix}_expired`,
    expires: new Date(now - 3_600_000),
    onlineAccessInfo: {
      expires_in: 0,
      associated_user_scope: 'read_orders',
      associated_user: {
        id: 17,
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@example.com',
        email_verified: false,
        account_owner: false,
        locale: 'en',
        collaborator: true,
      },
    },
  });
  return { shopA, shopB, offline, online, refreshing, expired };
}

/** A GSI is eventually consistent on AWS; local engines answer at once. Polls until `done` or ~3 s. */
async function findUntil(storage: DynamoDBSessionStorage, shop: string, done: (sessions: Session[]) => boolean): Promise<Session[]> {
  let sessions: Session[] = [];
  for (let attempt = 0; attempt < 15; attempt++) {
    sessions = await storage.findSessionsByShop(shop);
    if (done(sessions)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return sessions;
}

const sameIds = (sessions: Session[], ids: string[]) => isDeepStrictEqual(sessions.map((s) => s.id).sort(), [...ids].sort());

/**
 * Exercises the real DynamoDBSessionStorage (with the real Session class) against an existing table:
 * store, load, find by shop (two shops, no leakage), delete one, delete several, load unknown ids.
 * Everything it stores is under a shop prefix unique to the call, and is deleted again even when a
 * step fails, so it can run repeatedly on one table. Throws SessionAdapterBatteryError naming the
 * step on any mismatch.
 */
export async function runSessionAdapterBattery(options: SessionAdapterBatteryOptions): Promise<BatteryReport> {
  const {
    endpoint,
    tableName = 'shopify_sessions',
    indexName = 'shop_index',
    region = 'us-east-1',
    credentials = { accessKeyId: 'local', secretAccessKey: 'local' },
    onCommand,
  } = options;
  const storage = new DynamoDBSessionStorage({
    sessionTableName: tableName,
    shopIndexName: indexName,
    config: { endpoint, region, credentials: { ...credentials } },
  });
  if (onCommand) recordAdapterCalls(storage, onCommand);

  const prefix = `battery-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const { shopA, shopB, offline, online, refreshing, expired } = makeSessions(prefix, Date.now());
  const all = [offline, online, refreshing, expired];
  const report: BatteryReport = { stored: 0, loaded: 0, found: 0, deleted: 0 };
  let failure: unknown;

  try {
    for (const session of all) {
      const step = `store ${session.id}`;
      const ok = await call(step, () => storage.storeSession(session));
      check(step, ok === true, () => `storeSession returned ${show(ok)}, not true`);
      report.stored++;
    }

    for (const session of all) {
      const step = `load ${session.id}`;
      compareSession(step, session, await call(step, () => storage.loadSession(session.id)));
      report.loaded++;
    }

    for (const [shop, expected] of [
      [shopA, [offline, online]],
      [shopB, [refreshing, expired]],
    ] as const) {
      const step = `findSessionsByShop ${shop}`;
      const ids = expected.map((s) => s.id);
      const found = await call(step, () => findUntil(storage, shop, (sessions) => sameIds(sessions, ids)));
      const leaked = found.filter((s) => s.shop !== shop);
      check(step, leaked.length === 0, () => `returned sessions of other shops: ${leaked.map((s) => `${s.id} (${s.shop})`).join(', ')}`);
      check(step, sameIds(found, ids), () => `returned [${found.map((s) => s.id).join(', ')}], expected [${ids.join(', ')}]`);
      for (const session of expected) {
        compareSession(step, session, found.find((s) => s.id === session.id));
        report.found++;
      }
    }

    const nobody = `${prefix}-nobody.myshopify.com`;
    const none = await call(`findSessionsByShop ${nobody}`, () => storage.findSessionsByShop(nobody));
    check(`findSessionsByShop ${nobody}`, none.length === 0, () => `expected no sessions, got [${none.map((s) => s.id).join(', ')}]`);

    const deleteOne = `deleteSession ${online.id}`;
    const deletedOne = await call(deleteOne, () => storage.deleteSession(online.id));
    check(deleteOne, deletedOne === true, () => `deleteSession returned ${show(deletedOne)}, not true`);
    const afterOne = await call(`load deleted ${online.id}`, () => storage.loadSession(online.id));
    check(`load deleted ${online.id}`, afterOne === undefined, () => `expected undefined, got ${show(afterOne?.toObject())}`);
    report.deleted++;
    const afterDelete = `findSessionsByShop ${shopA} after deleteSession`;
    const remainingA = await call(afterDelete, () => findUntil(storage, shopA, (sessions) => sameIds(sessions, [offline.id])));
    check(afterDelete, sameIds(remainingA, [offline.id]), () => `returned [${remainingA.map((s) => s.id).join(', ')}], expected [${offline.id}]`);

    const several = [offline.id, refreshing.id, expired.id];
    const deleteSeveral = `deleteSessions [${several.join(', ')}]`;
    const deletedSeveral = await call(deleteSeveral, () => storage.deleteSessions(several));
    check(deleteSeveral, deletedSeveral === true, () => `deleteSessions returned ${show(deletedSeveral)}, not true`);
    for (const id of several) {
      const gone = await call(`load deleted ${id}`, () => storage.loadSession(id));
      check(`load deleted ${id}`, gone === undefined, () => `expected undefined, got ${show(gone?.toObject())}`);
      report.deleted++;
    }
    for (const shop of [shopA, shopB]) {
      const step = `findSessionsByShop ${shop} after deleteSessions`;
      const left = await call(step, () => findUntil(storage, shop, (sessions) => sessions.length === 0));
      check(step, left.length === 0, () => `expected no sessions, got [${left.map((s) => s.id).join(', ')}]`);
    }

    const unknown = `offline_${prefix}-unknown.myshopify.com`;
    const missing = await call(`load unknown ${unknown}`, () => storage.loadSession(unknown));
    check(`load unknown ${unknown}`, missing === undefined, () => `expected undefined, got ${show(missing?.toObject())}`);

    return report;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    try {
      // Deleting an absent item succeeds, so this is safe after the battery's own deletes.
      if (failure !== undefined) await storage.deleteSessions(all.map((s) => s.id));
    } catch {
      // Keep the battery's own error; cleanup is best effort once something already failed.
    } finally {
      (storage as unknown as { client?: { destroy?: () => void } }).client?.destroy?.();
    }
  }
}
