/**
 * Waits for the settings that settle outside the table's status: contributor insights (ENABLING ->
 * ENABLED) and the resource-based policy (GetResourcePolicy is eventually consistent). Same polling
 * as the table wait: quick for the first second, then backing off to one read per 2 s.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JsonObject } from '@ddb-migrations/core';
import { sameJson } from './diff-settings.js';
import { ApplyError, InterruptedError } from './errors.js';
import { readContributorInsightsStatus, readResourcePolicy } from './live.js';
import { pollDelay, realSleep } from './wait.js';

export interface SettingWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Injected by tests; default to a real timer and clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Reads until `settled` says done (or throws), or the time is up; returns the last value read. */
async function pollUntil<T>(read: () => Promise<T>, settled: (value: T) => boolean, what: (value: T) => string, options: SettingWaitOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new InterruptedError();
    const value = await read();
    if (settled(value)) return value;
    const elapsed = now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new ApplyError(`timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${what(value)}; run the command again to continue`, 1, 'TIMEOUT');
    }
    await sleep(Math.min(pollDelay(attempt), options.timeoutMs - elapsed), options.signal);
  }
}

/** Until contributor insights of the table (or index) is ENABLED or DISABLED as asked; FAILED is an error. */
export async function waitForContributorInsights(
  client: DynamoDBClient,
  step: { table: string; index?: string; enabled: boolean },
  options: SettingWaitOptions,
): Promise<void> {
  const target = step.enabled ? 'ENABLED' : 'DISABLED';
  const where = step.index ? `index ${step.index} on ${step.table}` : step.table;
  await pollUntil(
    () => readContributorInsightsStatus(client, step.table, step.index, options.signal),
    (status) => {
      if (status === 'FAILED') throw new ApplyError(`contributor insights on ${where} is FAILED after the change; see the DynamoDB console, then run apply again`, 1, 'FAILED');
      return status === target;
    },
    (status) => `contributor insights on ${where} to be ${target} (it is ${status})`,
    options,
  );
}

/** Until GetResourcePolicy shows `policy` (or, for undefined, no policy). */
export async function waitForResourcePolicy(client: DynamoDBClient, table: string, arn: string, policy: JsonObject | undefined, options: SettingWaitOptions): Promise<void> {
  await pollUntil(
    () => readResourcePolicy(client, arn, options.signal),
    (current) => (policy ? sameJson(current, policy) : current === undefined),
    () => `the resource-based policy of ${table} to be ${policy ? 'attached' : 'deleted'}`,
    options,
  );
}
