/** The pacing pieces of the pruner: a shared rate limit, bounded concurrency, and throttling backoff. */
import { setMaxListeners } from 'node:events';

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal that aborts with `signal`, for up to `waits` sleeps listening at once. Each sleep adds an
 * abort listener; Node warns of a leak past 10 on one signal, and a rate-limited run has one per
 * delete in flight. Our own signal carries the bound, so the caller's is left as it was.
 */
export function signalForWaits(signal: AbortSignal | undefined, waits: number): { signal: AbortSignal | undefined; release: () => void } {
  if (!signal) return { signal: undefined, release: () => {} };
  const controller = new AbortController();
  setMaxListeners(waits, controller.signal);
  const forward = () => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, release: () => signal.removeEventListener('abort', forward) };
}

export interface RateLimiter {
  /** Waits for the next free slot; with no limit, returns at once. */
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * Evenly spaced slots, shared by every segment: each caller reserves the next slot, then waits for
 * it, so `perSecond` holds across all of them without bursts.
 */
export function createRateLimiter(perSecond: number | undefined, now: () => number = () => performance.now()): RateLimiter {
  if (perSecond === undefined) return { take: async () => {} };
  const interval = 1000 / perSecond;
  let next = now();
  return {
    async take(signal) {
      const current = now();
      const slot = Math.max(next, current);
      next = slot + interval;
      if (slot > current) await sleep(slot - current, signal);
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once; the first failure rejects after the others settle. */
export async function mapWithConcurrency<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (index < items.length && !failure) {
      const item = items[index++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'LimitExceededException']);

export const isThrottling = (error: unknown) => THROTTLING.has((error as { name?: string } | null)?.name ?? '');

/** Attempts after the SDK's own retries have given up; with the cap below, up to about a minute of our own waiting. */
export const THROTTLE_ATTEMPTS = 12;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 10_000;

/**
 * The SDK's retry strategy gives up on throttling after its own attempts (the CLI's client allows 8); a
 * table at its capacity for longer needs more patience. Backs off exponentially with full jitter, so parallel segments spread
 * out instead of retrying in step.
 */
export async function retryThrottled<T>(call: () => Promise<T>, signal?: AbortSignal, random: () => number = Math.random): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= THROTTLE_ATTEMPTS) throw error;
      await sleep(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt), signal);
    }
  }
}
