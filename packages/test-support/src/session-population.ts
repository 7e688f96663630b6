/**
 * Many Shopify sessions of every kind, written fast: BatchWriteItem of exactly the item the real
 * adapter's storeSession writes (its serializeSession: `marshall` of `session.toObject()` with the two
 * dates as ISO strings). The tests check that shape against storeSession for a sample.
 */
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Session } from '@shopify/shopify-api';

export type SessionKind =
  | 'offline'
  /** Offline, expiring access token with a refresh token; some already past `expires`: never pruned (offline). */
  | 'offline-refreshing'
  | 'online-expired'
  | 'online-live'
  /** Online with no `expires` at all: never pruned. */
  | 'online-no-expiry';

export const SESSION_KINDS: SessionKind[] = ['offline', 'offline-refreshing', 'online-expired', 'online-live', 'online-no-expiry'];

export interface PopulatedSession {
  session: Session;
  kind: SessionKind;
}

const HOUR = 3_600_000;

/**
 * `count` sessions spread over `shops` shops, cycling through the kinds. Expired ones expired between
 * a minute and 30 days before `now`; live ones expire between an hour and a day after it, so they stay live however slow the test.
 */
export function makeSessionPopulation(count: number, now: number, options: { shops?: number; prefix?: string } = {}): PopulatedSession[] {
  const shops = options.shops ?? 200;
  const prefix = options.prefix ?? 'pop';
  const population: PopulatedSession[] = [];
  for (let n = 0; n < count; n++) {
    const kind = SESSION_KINDS[n % SESSION_KINDS.length]!;
    const shop = `${prefix}-${n % shops}.myshopify.com`;
    const spread = 60_000 + ((n * 7919) % (30 * 24 * HOUR));
    const base = { shop, state: `state-${n}`, scope: 'read_products,write_orders', accessToken: `token_${n}` };
    let session: Session;
    if (kind === 'offline') session = new Session({ ...base, id: `offline_${shop}_${n}`, isOnline: false });
    else if (kind === 'offline-refreshing') {
      session = new Session({
        ...base,
        id: `offline_${shop}_${n}`,
        isOnline: false,
        expires: new Date(now + (n % 2 === 0 ? -spread : spread)),
        refreshToken: `shprt_${n}`,
        refreshTokenExpires: new Date(now + 30 * 24 * HOUR),
      });
    } else {
      const expires = kind === 'online-expired' ? new Date(now - spread) : kind === 'online-live' ? new Date(now + HOUR + (spread % (24 * HOUR))) : undefined;
      session = new Session({
        ...base,
        id: `${shop}_${n}`,
        isOnline: true,
        ...(expires ? { expires } : {}),
        onlineAccessInfo: {
          expires_in: 86_399,
          associated_user_scope: 'read_products',
          associated_user: { id: n, first_name: 'Ada', last_name: 'Lovelace', email: `user${n}@example.com`, email_verified: true, account_owner: n % 3 === 0, locale: 'en', collaborator: false },
        },
      });
    }
    population.push({ session, kind });
  }
  return population;
}

/** The item DynamoDBSessionStorage.storeSession writes for `session` (its serializeSession, v8). */
export function toAdapterItem(session: Session): Record<string, AttributeValue> {
  return marshall(
    { ...session.toObject(), expires: session.expires?.toISOString(), refreshTokenExpires: session.refreshTokenExpires?.toISOString() },
    { removeUndefinedValues: true },
  );
}

/** BatchWriteItem in 25s, `concurrency` batches in flight, unprocessed items resent with backoff. */
export async function writeItems(client: DynamoDBClient, tableName: string, items: Record<string, AttributeValue>[], concurrency = 8): Promise<void> {
  const batches: Record<string, AttributeValue>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${attempt} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
