import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { pollDelay, waitUntilActive } from './wait.js';

/** A fake client answering DescribeTable from a script of statuses; records nothing else. */
function scriptedClient(statuses: { table: string; warm?: string; indexes?: { status: string; backfilling?: boolean; warm?: string }[] }[]) {
  let call = 0;
  const client = {
    send: async (command: unknown) => {
      expect(command).toBeInstanceOf(DescribeTableCommand);
      const state = statuses[Math.min(call++, statuses.length - 1)]!;
      return {
        Table: {
          TableStatus: state.table,
          ...(state.warm ? { WarmThroughput: { ReadUnitsPerSecond: 15000, Status: state.warm } } : {}),
          GlobalSecondaryIndexes: (state.indexes ?? []).map((index, i) => ({
            IndexName: `index${i}`,
            IndexStatus: index.status,
            Backfilling: index.backfilling,
            ...(index.warm ? { WarmThroughput: { ReadUnitsPerSecond: 12000, Status: index.warm } } : {}),
          })),
        },
      };
    },
  } as unknown as DynamoDBClient;
  return { client, calls: () => call };
}

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), sleeps };
}

describe('waitUntilActive', () => {
  it('reads at once, every 100 ms for the first second, then backs off from 250 ms to at most 2 s', async () => {
    const quickSecond = Array(10).fill(100);
    expect([...Array(15).keys()].map(pollDelay)).toEqual([...quickSecond, 250, 500, 1000, 2000, 2000]);
    const clock = fakeClock();
    const { client, calls } = scriptedClient([...Array(15).fill({ table: 'CREATING' }), { table: 'ACTIVE' }]);
    await waitUntilActive(client, 't', { timeoutMs: 60_000, ...clock });
    expect(calls()).toBe(16);
    expect(clock.sleeps).toEqual([...quickSecond, 250, 500, 1000, 2000, 2000]);
  });

  it('waits for every index to be ACTIVE and done backfilling, not just the table', async () => {
    const clock = fakeClock();
    const progress: string[] = [];
    const { client } = scriptedClient([
      { table: 'ACTIVE', indexes: [{ status: 'CREATING' }] },
      { table: 'ACTIVE', indexes: [{ status: 'CREATING', backfilling: true }] },
      { table: 'ACTIVE', indexes: [{ status: 'ACTIVE', backfilling: true }] },
      { table: 'ACTIVE', indexes: [{ status: 'ACTIVE', backfilling: false }] },
    ]);
    await waitUntilActive(client, 't', {
      timeoutMs: 60_000,
      ...clock,
      onProgress: (p) => progress.push(`${p.tableStatus} ${p.indexes.map((i) => `${i.status}${i.backfilling ? '+backfill' : ''}`).join(',')}`),
    });
    expect(progress).toEqual(['ACTIVE CREATING', 'ACTIVE CREATING+backfill', 'ACTIVE ACTIVE+backfill', 'ACTIVE ACTIVE']);
  });

  it('waits out warm throughput still UPDATING on the table or an index, though both report ACTIVE', async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([
      { table: 'ACTIVE', warm: 'UPDATING', indexes: [{ status: 'ACTIVE', warm: 'ACTIVE' }] },
      { table: 'ACTIVE', warm: 'ACTIVE', indexes: [{ status: 'ACTIVE', warm: 'UPDATING' }] },
      { table: 'ACTIVE', warm: 'ACTIVE', indexes: [{ status: 'ACTIVE', warm: 'ACTIVE' }] },
    ]);
    const done = await waitUntilActive(client, 't', { timeoutMs: 60_000, ...clock });
    expect(calls()).toBe(3);
    expect(done.warming).toEqual([]);
    const stuck = scriptedClient([{ table: 'ACTIVE', warm: 'UPDATING', indexes: [{ status: 'ACTIVE', warm: 'UPDATING' }] }]);
    await expect(waitUntilActive(stuck.client, 'orders', { timeoutMs: 1_000, ...fakeClock() })).rejects.toThrow(
      'timed out after 1s waiting for orders to be ACTIVE (table ACTIVE; indexes index0 ACTIVE; warm throughput UPDATING on table, index0); run the command again to continue',
    );
  });

  it('gives up at the timeout with the statuses it last saw', async () => {
    const clock = fakeClock();
    const { client } = scriptedClient([{ table: 'CREATING', indexes: [{ status: 'CREATING' }] }]);
    await expect(waitUntilActive(client, 'sessions', { timeoutMs: 5_000, ...clock })).rejects.toThrow(
      'timed out after 5s waiting for sessions to be ACTIVE (table CREATING; indexes index0 CREATING); run the command again to continue',
    );
    expect(clock.now()).toBe(5_000);
  });

  it('stops at once when interrupted, with exit code 130', async () => {
    const controller = new AbortController();
    const { client } = scriptedClient([{ table: 'CREATING' }]);
    const waiting = waitUntilActive(client, 't', { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ exitCode: 130 });
  });
});
