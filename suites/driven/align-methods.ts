/**
 * Lines up the methods a driver wrote with the methods of the image of its actions, so that one
 * message too many, one missing or one written in place of another is one difference, and every
 * message after it is still compared with its own image. A position-by-position comparison stops
 * at the first such difference: a library that adds a message of its own after `opened` would hide
 * every later finding behind it.
 *
 * The alignment is an edit script of least cost (Levenshtein over method names: a substitution, an
 * extra and a missing message cost 1 each, a message of the right method that is not exactly its
 * image 1/2). When the session was cut short (a crash, an exception on closed) the image's last
 * messages may go unwritten for nothing: that tail is one finding, not one per message, so it must
 * not pull the written messages out of their places. Among scripts
 * of equal cost the one with more exact matches wins, then the one whose unwritten tail starts
 * earliest (a message of the library's own right before a crash is an extra message, not the image
 * of the action the crash stopped). Walked back from there, it takes a match, else a missing
 * message, else an extra one, else a substitution, and of two equal candidates for one expected
 * message the earlier written one is its match.
 */

/** One step of the alignment, with indices into the expected and the written sequences. */
export type AlignmentStep =
  | { kind: "match"; expected: number; written: number }
  | { kind: "substitute"; expected: number; written: number }
  | { kind: "missing"; expected: number }
  | { kind: "extra"; written: number };

/** An alignment: its steps in order, and where the unwritten tail of the image starts. */
export interface Alignment {
  steps: AlignmentStep[];
  /**
   * Index (into the expected sequence) of the first message of the unwritten tail, the messages
   * past the last written one: `expected.length` when there is none. Its missing steps end `steps`.
   */
  tailStart: number;
  /** False when the sequences were too long to line up and were compared position by position up to the first difference. */
  lined: boolean;
}

/** Aligning costs (expected × written) cells: beyond this many, past their common ends, sequences are compared by position. */
const ALIGNMENT_MAX_CELLS = 250_000;

/**
 * Edit costs in half units, scaled so that exact matches break ties: a script's cost is
 * `SCALE × half-units − exact matches`, and no sequence short enough to align has SCALE exact matches.
 */
const SCALE = 1 << 12;
const GAP = 2 * SCALE;

/** Options of {@link alignMethods}. */
export interface AlignOptions {
  /**
   * The session was cut short (no closed, an exception on it, a failed process): the image's
   * unwritten tail costs nothing. Otherwise a message left out near the end is missing like any other.
   */
  cutShort?: boolean;
}

/**
 * The least-cost alignment of `written` with `expected`. `exact(i, j)` (asked only where the
 * methods are equal) tells whether written message j is exactly the image expected[i].
 */
export function alignMethods(
  expected: readonly string[],
  written: readonly (string | undefined)[],
  exact: (expected: number, written: number) => boolean = () => true,
  options: AlignOptions = {},
): Alignment {
  // Sequences too long to align: their common ends (messages exactly their images) are matched
  // first, so that a long run with one difference inside still lines up.
  let prefix = 0;
  let suffix = 0;
  const cells = (): number => (expected.length - prefix - suffix + 1) * (written.length - prefix - suffix + 1);
  if (cells() > ALIGNMENT_MAX_CELLS) {
    while (prefix < expected.length && prefix < written.length && expected[prefix] === written[prefix] && exact(prefix, prefix)) prefix++;
    const last = (offset: number): [number, number] => [expected.length - 1 - offset, written.length - 1 - offset];
    while (suffix < expected.length - prefix && suffix < written.length - prefix && expected[last(suffix)[0]] === written[last(suffix)[1]] && exact(...last(suffix))) suffix++;
  }
  if (cells() > ALIGNMENT_MAX_CELLS) return positional(expected, written);
  const head: AlignmentStep[] = Array.from({ length: prefix }, (_, index) => ({ kind: "match", expected: index, written: index }));
  const tail: AlignmentStep[] = Array.from({ length: suffix }, (_, index) => ({ kind: "match", expected: expected.length - suffix + index, written: written.length - suffix + index }));
  const middle = alignRange(expected.slice(prefix, expected.length - suffix), written.slice(prefix, written.length - suffix), (i, j) => exact(i + prefix, j + prefix), suffix === 0 && options.cutShort === true);
  const shift = (step: AlignmentStep): AlignmentStep =>
    step.kind === "missing" ? { kind: "missing", expected: step.expected + prefix } : step.kind === "extra" ? { kind: "extra", written: step.written + prefix } : { kind: step.kind, expected: step.expected + prefix, written: step.written + prefix };
  return { steps: [...head, ...middle.steps.map(shift), ...tail], tailStart: middle.tailStart + prefix, lined: true };
}

/** Aligns two whole sequences; `freeTail`: the expected sequence's unwritten tail costs nothing. */
function alignRange(expected: readonly string[], written: readonly (string | undefined)[], exact: (expected: number, written: number) => boolean, freeTail: boolean): { steps: AlignmentStep[]; tailStart: number } {
  const rows = expected.length + 1;
  const columns = written.length + 1;
  const matchCost = new Int32Array(rows * columns);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) matchCost[i * columns + j] = expected[i - 1] !== written[j - 1] ? 2 * SCALE : exact(i - 1, j - 1) ? -1 : SCALE;
  }
  // cost[i * columns + j]: the least cost of aligning expected[0, i) with written[0, j).
  const cost = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) cost[i * columns] = GAP * i;
  for (let j = 0; j < columns; j++) cost[j] = GAP * j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      cost[i * columns + j] = Math.min(cost[(i - 1) * columns + j - 1]! + matchCost[i * columns + j]!, cost[(i - 1) * columns + j]! + GAP, cost[i * columns + j - 1]! + GAP);
    }
  }
  // Where the written messages end in the image: with a free tail, the cheapest row of the last
  // column (the earliest of equals), else the last row.
  let end = expected.length;
  if (freeTail) {
    for (let i = 0; i < rows; i++) if (cost[i * columns + written.length]! < cost[end * columns + written.length]!) end = i;
    for (let i = 0; i < end; i++) {
      if (cost[i * columns + written.length] === cost[end * columns + written.length]) {
        end = i;
        break;
      }
    }
  }
  const steps: AlignmentStep[] = [];
  let i = end;
  let j = written.length;
  while (i > 0 || j > 0) {
    const here = cost[i * columns + j]!;
    const diagonal = i > 0 && j > 0 ? cost[(i - 1) * columns + j - 1]! + matchCost[i * columns + j]! : Number.POSITIVE_INFINITY;
    // Of two equal candidates for one expected message, the earlier written one is its match and
    // the later one the extra (a line written twice: the second is the one too many).
    const earlierEqual = j > 1 && i > 0 && here === cost[i * columns + j - 1]! + GAP && matchCost[i * columns + j - 1]! <= matchCost[i * columns + j]!;
    if (i > 0 && j > 0 && expected[i - 1] === written[j - 1] && here === diagonal && !earlierEqual) {
      steps.push({ kind: "match", expected: --i, written: --j });
    } else if (i > 0 && here === cost[(i - 1) * columns + j]! + GAP) {
      steps.push({ kind: "missing", expected: --i });
    } else if (j > 0 && here === cost[i * columns + j - 1]! + GAP) {
      steps.push({ kind: "extra", written: --j });
    } else {
      steps.push({ kind: "substitute", expected: --i, written: --j });
    }
  }
  steps.reverse();
  for (let index = end; index < expected.length; index++) steps.push({ kind: "missing", expected: index });
  // The tail: the missing messages after the last written one.
  let tailStart = expected.length;
  for (let index = steps.length - 1; index >= 0 && steps[index]!.kind === "missing"; index--) tailStart = (steps[index] as { expected: number }).expected;
  return { steps, tailStart };
}

/**
 * Position by position, up to and including the first difference (sequences too long to line
 * up): what follows it is not compared, as nothing says where the two line up again.
 */
function positional(expected: readonly string[], written: readonly (string | undefined)[]): Alignment {
  const steps: AlignmentStep[] = [];
  for (let index = 0; index < Math.max(expected.length, written.length); index++) {
    if (index >= written.length) return { steps: [...steps, { kind: "missing", expected: index }], tailStart: index, lined: false };
    if (index >= expected.length) return { steps: [...steps, { kind: "extra", written: index }], tailStart: expected.length, lined: false };
    const same = expected[index] === written[index];
    steps.push({ kind: same ? "match" : "substitute", expected: index, written: index });
    if (!same) return { steps, tailStart: expected.length, lined: false };
  }
  return { steps, tailStart: expected.length, lined: true };
}

/**
 * Pairs each missing step with an unpaired extra step of the same method (the message was written
 * in another place: it moved), in order, an exact one first; returns missing step index → extra
 * step index. A message of the unwritten tail pairs only with an exact one: an inexact extra
 * there is more likely one message written twice than the tail's message moved.
 */
export function pairMovedMessages(alignment: Alignment, exact: (expected: number, written: number) => boolean, expected: readonly string[], written: readonly (string | undefined)[]): Map<number, number> {
  const { steps, tailStart } = alignment;
  const pairs = new Map<number, number>();
  const taken = new Set<number>();
  for (const [missingIndex, missing] of steps.entries()) {
    if (missing.kind !== "missing") continue;
    const candidate = (requireExact: boolean): number =>
      steps.findIndex((step, index) => step.kind === "extra" && !taken.has(index) && written[step.written] === expected[missing.expected] && (!requireExact || exact(missing.expected, step.written)));
    let extraIndex = candidate(true);
    if (extraIndex === -1 && missing.expected < tailStart) extraIndex = candidate(false);
    if (extraIndex === -1) continue;
    taken.add(extraIndex);
    pairs.set(missingIndex, extraIndex);
  }
  return pairs;
}

/** The index of the last step that stands for an expected message (-1: none); extra steps after it are past the image's end. */
export function lastImageStep(steps: readonly AlignmentStep[]): number {
  return steps.findLastIndex((step) => step.kind !== "extra");
}
