/**
 * Which lines of the program's own output were printed while the session was open, judged from
 * the harness's side, where output (stdout/stderr pipes) and messages (the messages file) come
 * down different channels and what is ready on several of them at once is handled in an order of
 * the harness's own. Libraries print their own lines right at the session's edges: the reference
 * writes "Starting …" on stderr right before `opened`, and "Stopped …" right after `closed`.
 *
 * - After `closed`: the session drains the messages file before it handles a chunk of output
 *   while the session is open (`FileTailer.readNow`), so a `closed` written before the chunk is
 *   always handled before it; a line handled while the window is still open was printed before
 *   `closed` was written. Exact, with no clock involved.
 * - Before `opened`: a line printed just before `opened` is handled after it only when both were
 *   ready at once and the file was read first (the tailer's poll runs in the timers phase, before
 *   the pipes' I/O), that is in the same turn of the event loop. Such a line counts as neither
 *   inside nor outside but as at the session's edge; so does any line handled in `opened`'s turn.
 *
 * Both rules only ever move a line from "inside" to "outside" or "at the edge", so a busy machine
 * can make a judgement impossible, never wrong.
 */

let turn = 0;
let turnEndScheduled = false;

/**
 * The current turn of the event loop, as a counter: everything handled before the next check
 * phase (`setImmediate`) gets the same number. Only one immediate is pending at a time, and only
 * while something asks, so an idle loop stays idle.
 */
export function eventLoopTurn(): number {
  if (!turnEndScheduled) {
    turnEndScheduled = true;
    setImmediate(() => {
      turn++;
      turnEndScheduled = false;
    });
  }
  return turn;
}

/** The streams whose lines are counted. */
export type OutputStreamName = "stdout" | "stderr";

/** What the window counted for one stream. */
export interface OutputWindowCounts {
  /** Lines handled while the session was open, after `opened`'s turn. */
  whileOpen: number;
  /** Lines handled in `opened`'s turn, after it: printed just before or just after it. */
  atEdges: number;
}

/**
 * Counts output lines against the session's edges. Feed it, in the order the harness handles
 * them, `opened()`, `closed()` and every output line (`line()`), each with the event-loop turn
 * it was handled in ({@link eventLoopTurn}).
 */
export class OutputWindow {
  private openedTurn: number | undefined;
  private isClosed = false;
  private readonly counts: Record<OutputStreamName, OutputWindowCounts> = { stdout: { whileOpen: 0, atEdges: 0 }, stderr: { whileOpen: 0, atEdges: 0 } };

  /** `opened` was handled (a second `opened`, or one after `closed`, changes nothing). */
  opened(turn: number): void {
    if (this.openedTurn === undefined && !this.isClosed) this.openedTurn = turn;
  }

  /** `closed` was handled: no later line counts (also when no `opened` came before it). */
  closed(): void {
    this.isClosed = true;
  }

  /** A line of `stream` was handled in `turn`. */
  line(stream: OutputStreamName, turn: number): void {
    if (this.openedTurn === undefined || this.isClosed) return;
    this.counts[stream][turn === this.openedTurn ? "atEdges" : "whileOpen"]++;
  }

  /** The counts of `stream`. */
  result(stream: OutputStreamName): OutputWindowCounts {
    return { ...this.counts[stream] };
  }
}
