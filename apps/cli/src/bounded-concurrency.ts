/**
 * Runs `task` for every item with at most `limit` running at once and returns the results in item
 * order, whatever order they finish in. After the first failure no new item starts; those already
 * running finish (a table half-way through CREATING is waited for, not abandoned), then the failure of
 * the earliest item in item order is thrown, as a loop over the items one by one would have.
 */
export async function mapWithBoundedConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  const results: R[] = new Array(items.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures.reduce((earliest, failure) => (failure.index < earliest.index ? failure : earliest)).error;
  return results;
}
