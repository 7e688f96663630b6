import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ANSWER_GRACE_MS, waitUntilActive } from './wait.js';

/**
 * A client that answers DescribeTable with CREATING `answers` times, then never again, as a silent
 * endpoint (or the SDK sleeping between retries of a failing one) does. Records the abort signals.
 */
function goesSilent(answers: number) {
  let calls = 0;
  const signals: AbortSignal[] = [];
  const client = {
    send: (_command: unknown, options?: { abortSignal?: AbortSignal }) => {
      if (options?.abortSignal) signals.push(options.abortSignal);
      return calls++ < answers ? Promise.resolve({ Table: { TableStatus: 'CREATING' } }) : new Promise(() => {});
    },
  } as unknown as DynamoDBClient;
  return { client, signals };
}

describe('waitUntilActive against an endpoint that stops answering', () => {
  it('gives up at the timeout plus the grace, naming what it last saw, and cancels the call', async () => {
    const { client, signals } = goesSilent(1);
    const started = Date.now();
    await expect(waitUntilActive(client, 'sessions', { timeoutMs: 1_000 })).rejects.toMatchObject({
      exitCode: 1,
      message: 'timed out after 1s waiting for sessions to be ACTIVE (no answer to DescribeTable in time; last seen table CREATING); run the command again to continue',
    });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_000);
    expect(took).toBeLessThan(1_000 + ANSWER_GRACE_MS + 1_000);
    expect(signals.at(-1)?.aborted).toBe(true);
  });

  it('says so when the first read never answered', async () => {
    const { client } = goesSilent(0);
    await expect(waitUntilActive(client, 'sessions', { timeoutMs: 1_000 })).rejects.toThrow(
      'timed out after 1s waiting for sessions to be ACTIVE (no answer to DescribeTable in time); run the command again to continue',
    );
  });

  it('stops at once with exit code 130 when interrupted during a call that is not answering', async () => {
    const { client } = goesSilent(0);
    const controller = new AbortController();
    const started = Date.now();
    const waiting = waitUntilActive(client, 't', { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ exitCode: 130 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
