/**
 * Deletes the online sessions whose `expires` has passed, and nothing else.
 *
 * The Shopify adapter writes `expires` with `toISOString()`, a String, so DynamoDB's TTL (which needs
 * a Number of epoch seconds) cannot expire sessions: this is the cleanup instead.
 *
 * Why conditional DeleteItem and not BatchWriteItem: a batch delete cannot carry a condition, so a
 * session the app refreshes between our scan and our delete (storeSession rewrites the whole item
 * with a new `expires`) would be deleted and its user logged out. Each delete here only succeeds if
 * `isOnline` and `expires` are still what the scan saw; throughput comes from many deletes in flight
 * across parallel scan segments instead of from batching.
 */
import { DeleteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRateLimiter, mapWithConcurrency, retryThrottled, signalForWaits } from './flow-control.js';

export interface PruneOptions {
  client: DynamoDBClient;
  /** Default `shopify_sessions`, the adapter's default. */
  tableName?: string;
  /** Sessions that expired before this instant are deleted. Default: the start of the run. */
  now?: Date;
  /** Count what would be deleted; delete nothing. */
  dryRun?: boolean;
  /** Parallel scan segments (DynamoDB's Segment/TotalSegments). Default 4. */
  segments?: number;
  /** Deletes per second across all segments. Default: unlimited (throttling is still respected). */
  maxItemsPerSecond?: number;
  /** Deletes in flight per segment. Default 8. */
  concurrencyPerSegment?: number;
  /** Items per scan page and segment (Scan's Limit); bounds memory. Default 1,000. */
  pageSize?: number;
  /** Stops after the deletes in flight; the promise rejects with PruneInterruptedError. */
  signal?: AbortSignal;
  onProgress?: (progress: PruneProgress) => void;
}

export interface PruneProgress {
  /** Items read by the scan (every session, whatever its kind). */
  scanned: number;
  /** Online sessions found expired. */
  expired: number;
  /** Expired sessions deleted (0 on a dry run). */
  deleted: number;
  /** Expired when scanned, refreshed or changed before the delete: kept. */
  keptChanged: number;
  segmentsDone: number;
  segments: number;
}

export interface PruneResult extends PruneProgress {
  dryRun: boolean;
  tableName: string;
  /** The cut-off, as the ISO string compared with `expires`. */
  cutoff: string;
  elapsedMs: number;
}

/** Thrown when the signal aborts; `progress` says how far the run got. Running again finishes the job. */
export class PruneInterruptedError extends Error {
  readonly exitCode = 130;
  constructor(readonly progress: PruneProgress) {
    super(`interrupted after deleting ${progress.deleted} expired session${progress.deleted === 1 ? '' : 's'}; run again to finish`);
    this.name = 'PruneInterruptedError';
  }
}

/** What `toISOString()` writes. Anything else in `expires` is not ours to interpret, so it is kept. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const NAMES = { '#id': 'id', '#isOnline': 'isOnline', '#expires': 'expires' };

/** True for an item the scan returned that is an online session expired before `cutoff`. */
export function isExpiredOnlineSession(item: Record<string, AttributeValue>, cutoff: string): boolean {
  const expires = item.expires?.S;
  return item.isOnline?.BOOL === true && item.id?.S !== undefined && expires !== undefined && ISO_INSTANT.test(expires) && expires < cutoff;
}

export async function pruneExpiredSessions(options: PruneOptions): Promise<PruneResult> {
  const started = Date.now();
  const tableName = options.tableName ?? 'shopify_sessions';
  // ISO instants of one fixed width sort as strings in time order, so DynamoDB can filter with `<`.
  const cutoff = (options.now ?? new Date()).toISOString();
  const segments = options.segments ?? 4;
  const concurrency = options.concurrencyPerSegment ?? 8;
  const pageSize = options.pageSize ?? 1000;
  const dryRun = options.dryRun ?? false;
  for (const [name, value] of [['segments', segments], ['concurrencyPerSegment', concurrency], ['pageSize', pageSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, not ${value}`);
  }
  if (options.maxItemsPerSecond !== undefined && !(options.maxItemsPerSecond > 0)) throw new RangeError(`maxItemsPerSecond must be above 0, not ${options.maxItemsPerSecond}`);
  const { client, signal } = options;
  const limiter = createRateLimiter(options.maxItemsPerSecond);
  // Every delete in flight and every scan may be sleeping (a rate-limit slot, a throttling backoff).
  const waits = signalForWaits(signal, segments * (concurrency + 1));
  // The signal is checked between calls, not handed to each: every call takes milliseconds, and the SDK
  // would add one abort listener per call in flight (Node warns past 10, and 32 are in flight by default).
  // A segment that fails stops the others the same way, so nothing is deleted after the promise rejects.
  let failure: { error: unknown } | undefined;
  const stopped = () => signal?.aborted === true || failure !== undefined;
  const progress: PruneProgress = { scanned: 0, expired: 0, deleted: 0, keptChanged: 0, segmentsDone: 0, segments };
  const report = () => options.onProgress?.({ ...progress });

  const deleteIfStillExpired = async (item: Record<string, AttributeValue>) => {
    if (stopped()) return;
    await limiter.take(waits.signal);
    try {
      const command = new DeleteItemCommand({
        TableName: tableName,
        Key: { id: item.id! },
        ConditionExpression: '#isOnline = :online AND #expires = :seen',
        ExpressionAttributeNames: { '#isOnline': 'isOnline', '#expires': 'expires' },
        ExpressionAttributeValues: { ':online': { BOOL: true }, ':seen': item.expires! },
      });
      await retryThrottled(() => client.send(command), waits.signal);
      progress.deleted++;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      progress.keptChanged++;
    }
  };

  const scanSegment = async (segment: number) => {
    let start: Record<string, AttributeValue> | undefined;
    do {
      if (stopped()) return;
      const command = new ScanCommand({
        TableName: tableName,
        Segment: segment,
        TotalSegments: segments,
        Limit: pageSize,
        ExclusiveStartKey: start,
        // Only what the decision needs: a page of 1,000 sessions is a few tens of kilobytes.
        ProjectionExpression: '#id, #isOnline, #expires',
        FilterExpression: '#isOnline = :online AND #expires < :cutoff',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':online': { BOOL: true }, ':cutoff': { S: cutoff } },
      });
      const page = await retryThrottled(() => client.send(command), waits.signal);
      progress.scanned += page.ScannedCount ?? 0;
      const expired = (page.Items ?? []).filter((item) => isExpiredOnlineSession(item, cutoff));
      progress.expired += expired.length;
      if (!dryRun) await mapWithConcurrency(expired, concurrency, deleteIfStillExpired);
      report();
      start = page.LastEvaluatedKey;
    } while (start);
    progress.segmentsDone++;
    report();
  };

  try {
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        try {
          await scanSegment(segment);
        } catch (error) {
          failure ??= { error };
        }
      }),
    );
  } finally {
    waits.release();
  }
  if (signal?.aborted) throw new PruneInterruptedError({ ...progress });
  if (failure) throw failure.error;
  return { ...progress, dryRun, tableName, cutoff, elapsedMs: Date.now() - started };
}
