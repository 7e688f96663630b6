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
  /** 'table' and the index names whose warm throughput is still UPDATING (it settles apart from the table status). */
  warming: string[];
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
  /** Injected by tests; defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Polls 1-10 come every 100 ms: they cover the first second of a wait. */
const QUICK_POLLS = 10;

/**
 * Poll delays: the first read is immediate, then every 100 ms for the first second, then 250 ms
 * doubling to at most 2 s. Why the quick first second: a local engine (dynalite, DynamoDB Local) or
 * a small change settles in well under a second, and with 250/500 ms steps apply noticed ACTIVE up to
 * ~250 ms late (reads at 0.25 s and 0.75 s for a 0.5 s create; BENCHMARKS.md, "Time to ACTIVE").
 * DescribeTable is a free control-plane read, and the ~10 extra reads happen only in a wait's first
 * second; long waits (real table creation, index backfills) still settle to one read per 2 s.
 */
export function pollDelay(attempt: number): number {
  if (attempt < QUICK_POLLS) return 100;
  return Math.min(2_000, 250 * 2 ** (attempt - QUICK_POLLS));
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

/** ACTIVE, with every global secondary index ACTIVE and done backfilling, and no warm throughput still rising. */
export function isSettled(description: TableDescription): boolean {
  return (
    description.TableStatus === 'ACTIVE' &&
    (description.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE' && index.Backfilling !== true) &&
    warmingOf(description).length === 0
  );
}

/** Where warm throughput is UPDATING: DynamoDB may report the table ACTIVE meanwhile, and takes no other change to it until done. */
function warmingOf(description: TableDescription): string[] {
  const warming = description.WarmThroughput?.Status === 'UPDATING' ? ['table'] : [];
  for (const index of description.GlobalSecondaryIndexes ?? []) if (index.WarmThroughput?.Status === 'UPDATING') warming.push(index.IndexName!);
  return warming;
}

/**
 * Waits until the table and every global secondary index are ACTIVE and no index is backfilling.
 * The SDK's waitUntilTableExists polls every 20 s and ignores indexes, so it is not used.
 */
export async function waitUntilActive(client: DynamoDBClient, table: string, options: WaitOptions): Promise<WaitProgress> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let lastSeen: WaitProgress | undefined;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new InterruptedError();
    let progress: WaitProgress;
    try {
      const limitMs = Math.max(0, options.timeoutMs - (now() - started)) + ANSWER_GRACE_MS;
      const description = await describeWithin(client, table, limitMs, options.signal);
      if (description === NO_ANSWER) {
        throw timedOut(table, options.timeoutMs, `no answer to DescribeTable in time${lastSeen ? `; last seen ${describeStatus(lastSeen)}` : ''}`);
      }
      progress = {
        table,
        elapsedMs: now() - started,
        tableStatus: description.TableStatus ?? 'UNKNOWN',
        indexes: (description.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName!,
          status: index.IndexStatus ?? 'UNKNOWN',
          backfilling: index.Backfilling === true,
        })),
        warming: warmingOf(description),
      };
    } catch (error) {
      if (options.signal?.aborted) throw new InterruptedError();
      // Right after CreateTable, an eventually consistent read may not see the table yet.
      if (!isNotFound(error) || now() - started > 10_000) throw error;
      progress = { table, elapsedMs: now() - started, tableStatus: 'NOT_FOUND', indexes: [], warming: [] };
    }
    lastSeen = progress;
    options.onProgress?.(progress);
    if (progress.tableStatus === 'ACTIVE' && progress.indexes.every((index) => index.status === 'ACTIVE' && !index.backfilling) && progress.warming.length === 0) return progress;
    if (progress.elapsedMs >= options.timeoutMs) throw timedOut(table, options.timeoutMs, describeStatus(progress));
    await sleep(Math.min(pollDelay(attempt), Math.max(0, options.timeoutMs - progress.elapsedMs)), options.signal);
  }
}

function describeStatus(progress: WaitProgress): string {
  const indexes = progress.indexes.map((index) => `${index.name} ${index.status}${index.backfilling ? ' (backfilling)' : ''}`).join(', ');
  return `table ${progress.tableStatus}${indexes ? `; indexes ${indexes}` : ''}${progress.warming.length > 0 ? `; warm throughput UPDATING on ${progress.warming.join(', ')}` : ''}`;
}

const timedOut = (table: string, timeoutMs: number, state: string) =>
  new ApplyError(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${table} to be ACTIVE (${state}); run the command again to continue`, 1, 'TIMEOUT');

/** How long past the wait's deadline a DescribeTable still out may take before the wait gives up on it. */
export const ANSWER_GRACE_MS = 2_000;
const NO_ANSWER = Symbol('no answer');

/**
 * DescribeTable, given up after `limitMs` of real time. Why: the SDK alone would hold a silent or
 * failing endpoint for all its attempts (MAX_ATTEMPTS x REQUEST_TIMEOUT_MS in client.ts, plus backoff), so
 * `apply --timeout 3` took two minutes. Real timers, not options.sleep: a fake clock must not
 * expire a call that is answering.
 */
async function describeWithin(client: DynamoDBClient, table: string, limitMs: number, signal?: AbortSignal): Promise<TableDescription | typeof NO_ANSWER> {
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), limitMs);
  const abortSignal = signal ? AbortSignal.any([signal, limit.signal]) : limit.signal;
  let onAbort = () => {};
  // Settles at once on either abort, even while the SDK sleeps between retries and would not notice.
  const stopped = new Promise<typeof NO_ANSWER>((resolve, reject) => {
    onAbort = () => (signal?.aborted ? reject(new InterruptedError()) : resolve(NO_ANSWER));
    abortSignal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([client.send(new DescribeTableCommand({ TableName: table }), { abortSignal }).then((output) => output.Table!), stopped]);
  } finally {
    clearTimeout(timer);
    abortSignal.removeEventListener('abort', onAbort);
  }
}
