export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/**
 * Ratio of two contenders' medians, with the range of the per-round ratios: runs alternate, so
 * round i of A and round i of B ran back to back under the same machine conditions.
 */
export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export function ratio(numerator: number[], denominator: number[]): Ratio {
  const perRound = numerator.map((value, index) => value / denominator[index]!);
  const { min, max } = summarize(perRound);
  return { median: summarize(numerator).median / summarize(denominator).median, min, max };
}

export const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
export const times = (value: number) => `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
export const range = (summary: { min: number; max: number }, format: (value: number) => string = ms) => `${format(summary.min)} – ${format(summary.max)}`;
