/**
 * Lines up the methods a driver wrote with the methods of the image of its actions, so that one
 * message too many, one missing or one written in place of another is one difference, and every
 * message after it is still compared with its own image. A position-by-position comparison stops
 * at the first such difference: a library that adds a message of its own after `opened` would hide
 * every later finding behind it.
 *
 * The alignment is an edit script of least cost (Levenshtein over method names: a substitution, an
 * extra and a missing message cost 1 each, and a message of the right method that is not exactly
 * its image costs 1/2, so that of two logs the exact one is the match). Among equal-cost scripts,
 * walked back from the end, it takes a match, else a missing message, else an extra one, else a
 * substitution: what is missing or added lands at the end and substitutions at the front, as a
 * reader comparing line by line sees it, and a run cut short by a crash reads as messages missing
 * at the end.
 */

/** One step of the alignment, with indices into the expected and the written sequences. */
export type AlignmentStep =
  | { kind: "match"; expected: number; written: number }
  | { kind: "substitute"; expected: number; written: number }
  | { kind: "missing"; expected: number }
  | { kind: "extra"; written: number };

/** Aligning costs (expected × written) cells: beyond this many, the caller compares by position. */
export const ALIGNMENT_MAX_CELLS = 250_000;

/**
 * The least-cost alignment of `written` with `expected`, in order. `exact(i, j)` (asked only where
 * the methods are equal) tells whether written message j is exactly the image expected[i]: of two
 * messages of one method, the exact one is matched and the other is the difference.
 */
export function alignMethods(expected: readonly string[], written: readonly (string | undefined)[], exact: (expected: number, written: number) => boolean = () => true): AlignmentStep[] {
  // Costs, doubled to stay integers: an exact match 0, a match of the method alone 1, a
  // substitution, a missing and an extra message 2 each.
  const rows = expected.length + 1;
  const columns = written.length + 1;
  const matchCost = new Uint8Array(rows * columns);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) matchCost[i * columns + j] = expected[i - 1] !== written[j - 1] ? 2 : exact(i - 1, j - 1) ? 0 : 1;
  }
  // cost[i * columns + j]: the least cost of aligning expected[0, i) with written[0, j).
  const cost = new Uint32Array(rows * columns);
  for (let i = 0; i < rows; i++) cost[i * columns] = 2 * i;
  for (let j = 0; j < columns; j++) cost[j] = 2 * j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const diagonal = cost[(i - 1) * columns + j - 1]! + matchCost[i * columns + j]!;
      const missing = cost[(i - 1) * columns + j]! + 2;
      const extra = cost[i * columns + j - 1]! + 2;
      cost[i * columns + j] = Math.min(diagonal, missing, extra);
    }
  }
  const steps: AlignmentStep[] = [];
  let i = expected.length;
  let j = written.length;
  while (i > 0 || j > 0) {
    const here = cost[i * columns + j]!;
    const diagonal = i > 0 && j > 0 ? cost[(i - 1) * columns + j - 1]! + matchCost[i * columns + j]! : Number.POSITIVE_INFINITY;
    // Of two equal candidates for one expected message, the earlier written one is its match and
    // the later one the extra (a line written twice: the second is the one too many).
    const earlierEqual = j > 1 && here === cost[i * columns + j - 1]! + 2 && matchCost[i * columns + j - 1]! <= matchCost[i * columns + j]!;
    if (i > 0 && j > 0 && expected[i - 1] === written[j - 1] && here === diagonal && !earlierEqual) {
      steps.push({ kind: "match", expected: --i, written: --j });
    } else if (i > 0 && here === cost[(i - 1) * columns + j]! + 2) {
      steps.push({ kind: "missing", expected: --i });
    } else if (j > 0 && here === cost[i * columns + j - 1]! + 2) {
      steps.push({ kind: "extra", written: --j });
    } else {
      steps.push({ kind: "substitute", expected: --i, written: --j });
    }
  }
  return steps.reverse();
}

/** Position by position (for sequences too long to align): equal methods match, others substitute, the rest is missing or extra. */
export function positionalSteps(expected: readonly string[], written: readonly (string | undefined)[]): AlignmentStep[] {
  const steps: AlignmentStep[] = [];
  const common = Math.min(expected.length, written.length);
  for (let index = 0; index < common; index++) steps.push({ kind: expected[index] === written[index] ? "match" : "substitute", expected: index, written: index });
  for (let index = common; index < expected.length; index++) steps.push({ kind: "missing", expected: index });
  for (let index = common; index < written.length; index++) steps.push({ kind: "extra", written: index });
  return steps;
}

/** The index of the last step that stands for an expected message (-1: none); extra steps after it are past the image's end. */
export function lastImageStep(steps: readonly AlignmentStep[]): number {
  return steps.findLastIndex((step) => step.kind !== "extra");
}

/**
 * Pairs each missing step with the first unpaired extra step of the same method (the message was
 * written, in another place: it moved), in order; returns missing step index → extra step index.
 */
export function pairMovedMessages(steps: readonly AlignmentStep[], expected: readonly string[], written: readonly (string | undefined)[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const taken = new Set<number>();
  for (const [missingIndex, missing] of steps.entries()) {
    if (missing.kind !== "missing") continue;
    const extraIndex = steps.findIndex((step, index) => step.kind === "extra" && !taken.has(index) && written[step.written] === expected[missing.expected]);
    if (extraIndex === -1) continue;
    taken.add(extraIndex);
    pairs.set(missingIndex, extraIndex);
  }
  return pairs;
}
