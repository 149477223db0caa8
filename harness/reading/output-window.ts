/**
 * Which lines of the program's own output were printed while the session was open, judged from
 * the harness's side, where output (stdout/stderr pipes) and messages (the messages file) come
 * down different channels and what is ready on several of them at once is handled in an order of
 * the harness's own. Libraries print their own lines right at the session's edges: the reference
 * writes "Starting …" on stderr right before `opened`, and "Stopped …" right after `closed`.
 *
 * - After `closed`: the session reads the messages file to its end before it handles a chunk of
 *   output while the session is open (`FileTailer.readNow`), so a `closed` written before the chunk
 *   is handled before it; a line handled while the window is still open was printed before
 *   `closed` was written. When that read could not be sure (it did not reach the end, or the file
 *   ends in an unfinished line, which may be a `closed` without its newline), the chunk's lines
 *   are "uncertain" and count at the edge.
 * - Before `opened`: a line printed just before `opened` is handled after it when both were ready
 *   at once and the file was read first (the tailer's poll runs in the timers phase, before the
 *   pipes' I/O: the same turn of the event loop), or when the file was read while the harness
 *   handled another session's file events (libuv's one inotify descriptor serves every watch),
 *   before this turn's poll of the pipes: the pipe is then read in the next turn. So every line
 *   handled in `opened`'s turn or the next counts as neither inside nor outside but as at the
 *   session's edge: from the turn after that on, the pipes were polled after `opened` was read.
 *
 * Both rules only ever move a line from "inside" to "outside" or "at the edge", so a busy machine
 * can make a judgement impossible, never wrong.
 */

let turn = 0;
let turnEndScheduled = false;
let turnsStillToCount = 0;

function countThisTurn(): void {
  if (turnEndScheduled) return;
  turnEndScheduled = true;
  setImmediate(() => {
    turn++;
    turnEndScheduled = false;
    if (turnsStillToCount > 0) {
      turnsStillToCount--;
      // Scheduled from the check phase, it runs in the next turn's check phase.
      countThisTurn();
    }
  });
}

/**
 * The current turn of the event loop, as a counter: everything handled before the next check
 * phase (`setImmediate`) gets the same number. The counter moves only in turns where something
 * asks (so an idle loop stays idle), and in `following` more turns after this one, asked or not:
 * a caller that must tell "this turn or the next" from "later" asks for 1.
 */
export function eventLoopTurn(following = 0): number {
  turnsStillToCount = Math.max(turnsStillToCount, following);
  countThisTurn();
  return turn;
}

/** The streams whose lines are counted. */
export type OutputStreamName = "stdout" | "stderr";

/** What the window counted for one stream. */
export interface OutputWindowCounts {
  /** Lines handled while the session was open, from the second turn after `opened`'s on. */
  whileOpen: number;
  /** Lines handled after `opened` in its turn or the next, or uncertain: printed just before or just after it. */
  atEdges: number;
}

/**
 * Counts output lines against the session's edges. Feed it, in the order the harness handles
 * them, `opened()`, `closed()` and every output line (`line()`), each with the event-loop turn
 * it was handled in ({@link eventLoopTurn}; for `opened`, `eventLoopTurn(1)`, so that the turn
 * after it is counted even if nothing is handled in it).
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

  /** A line of `stream` was handled in `turn`; `uncertain` when a `closed` may have been missed. */
  line(stream: OutputStreamName, turn: number, uncertain = false): void {
    if (this.openedTurn === undefined || this.isClosed) return;
    this.counts[stream][uncertain || turn <= this.openedTurn + 1 ? "atEdges" : "whileOpen"]++;
  }

  /** The counts of `stream`. */
  result(stream: OutputStreamName): OutputWindowCounts {
    return { ...this.counts[stream] };
  }
}
