import { describe, expect, it } from 'vitest';
import { mapWithBoundedConcurrency } from './bounded-concurrency.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A task that records how many run at once and which started, finishing after `delays[index]` ms. */
function trackedTask(delays: number[], failAt?: number) {
  let running = 0;
  const state = { maxRunning: 0, started: [] as number[] };
  const task = async (value: string, index: number) => {
    state.started.push(index);
    running++;
    state.maxRunning = Math.max(state.maxRunning, running);
    await sleep(delays[index]!);
    running--;
    if (index === failAt) throw new Error(`failed ${value}`);
    return value.toUpperCase();
  };
  return { task, state };
}

describe('mapWithBoundedConcurrency', () => {
  it('returns results in item order, never running more than the limit at once', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const { task, state } = trackedTask([30, 5, 20, 1, 15, 2, 10]);
    await expect(mapWithBoundedConcurrency(items, 3, task)).resolves.toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(state.maxRunning).toBe(3);
    expect(state.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs them all at once when the limit is above the count, and handles none', async () => {
    const { task, state } = trackedTask([5, 5]);
    await expect(mapWithBoundedConcurrency(['x', 'y'], 8, task)).resolves.toEqual(['X', 'Y']);
    expect(state.maxRunning).toBe(2);
    await expect(mapWithBoundedConcurrency([], 8, task)).resolves.toEqual([]);
  });

  it('starts nothing new after a failure, lets running items finish, and throws the earliest failure', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    // b fails at 5 ms while a and c run; a (30 ms) and c (10 ms) still finish; d, e, f never start.
    const { task, state } = trackedTask([30, 5, 10, 1, 1, 1], 1);
    await expect(mapWithBoundedConcurrency(items, 3, task)).rejects.toThrow('failed b');
    expect(state.started).toEqual([0, 1, 2]);
  });

  it('with several failures, throws the one of the earliest item, not the first to happen', async () => {
    const failing = async (value: string, index: number) => {
      await sleep(index === 0 ? 20 : 1);
      throw new Error(`failed ${value}`);
    };
    await expect(mapWithBoundedConcurrency(['a', 'b'], 2, failing)).rejects.toThrow('failed a');
  });

  it('refuses a limit below 1', async () => {
    await expect(mapWithBoundedConcurrency(['a'], 0, async (value) => value)).rejects.toThrow(RangeError);
  });
});
