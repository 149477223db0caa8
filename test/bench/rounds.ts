/**
 * Ratios that survive a busy machine: the two sides of a ratio are timed in interleaved rounds
 * (a, b, a, b...), one ratio per round, and the median of those ratios is reported, so that load
 * that comes and goes shifts both sides of each round alike instead of one side of the whole run.
 */

/** The median of some numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `rounds` rounds of `measure(round)` and returns each round's result, in order. */
export async function inRounds<T>(rounds: number, measure: (round: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let round = 0; round < rounds; round++) results.push(await measure(round));
  return results;
}
