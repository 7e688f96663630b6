import { DescribeTableCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { ApplyError, InterruptedError, isNotFound } from './errors.js';

export interface IndexStatus {
  name: string;
  status: string;
  backfilling: boolean;
}

export interface WaitProgress {
  table: string;
  elapsedMs: number;
  tableStatus: string;
  indexes: IndexStatus[];
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
  /** Injected by tests; defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Poll delays: the first read is immediate, then 250 ms doubling to at most 2 s. */
export function pollDelay(attempt: number): number {
  return Math.min(2_000, 250 * 2 ** attempt);
}

export const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** ACTIVE, with every global secondary index ACTIVE and done backfilling. */
export function isSettled(description: TableDescription): boolean {
  return description.TableStatus === 'ACTIVE' && (description.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE' && index.Backfilling !== true);
}

/**
 * Waits until the table and every global secondary index are ACTIVE and no index is backfilling.
 * The SDK's waitUntilTableExists polls every 20 s and ignores indexes, so it is not used.
 */
export async function waitUntilActive(client: DynamoDBClient, table: string, options: WaitOptions): Promise<WaitProgress> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new InterruptedError();
    let progress: WaitProgress;
    try {
      const description = (await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal: options.signal })).Table!;
      progress = {
        table,
        elapsedMs: now() - started,
        tableStatus: description.TableStatus ?? 'UNKNOWN',
        indexes: (description.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName!,
          status: index.IndexStatus ?? 'UNKNOWN',
          backfilling: index.Backfilling === true,
        })),
      };
    } catch (error) {
      if (options.signal?.aborted) throw new InterruptedError();
      // Right after CreateTable, an eventually consistent read may not see the table yet.
      if (!isNotFound(error) || now() - started > 10_000) throw error;
      progress = { table, elapsedMs: now() - started, tableStatus: 'NOT_FOUND', indexes: [] };
    }
    options.onProgress?.(progress);
    if (progress.tableStatus === 'ACTIVE' && progress.indexes.every((index) => index.status === 'ACTIVE' && !index.backfilling)) return progress;
    if (progress.elapsedMs >= options.timeoutMs) {
      const indexes = progress.indexes.map((index) => `${index.name} ${index.status}${index.backfilling ? ' (backfilling)' : ''}`).join(', ');
      throw new ApplyError(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${table} to be ACTIVE (table ${progress.tableStatus}${indexes ? `; indexes ${indexes}` : ''}); run the command again to continue`,
        1,
        'TIMEOUT',
      );
    }
    await sleep(Math.min(pollDelay(attempt), Math.max(0, options.timeoutMs - progress.elapsedMs)), options.signal);
  }
}
