/**
 * Which lines of the program's own output were printed while the session was open, judged from
 * the harness's side: by when each line and the `opened` and `closed` messages were handled.
 *
 * Output and messages come down different channels (stdout/stderr pipes, the messages file), and
 * what is ready on several of them at once is handled in an order of the harness's own, so a line
 * printed just before `opened` (or just after `closed`) can be handled after it (or before it).
 * Libraries print exactly such lines: the reference writes "Starting …" on stderr right before
 * `opened`, and "Stopped …" after `closed`. So a line counts as printed while open only when it
 * was handled in a later turn of the event loop than `opened` and at least
 * {@link SESSION_EDGE_MARGIN_MS} after it, and likewise before `closed`; the others are counted
 * apart, as at the session's edges, where the harness cannot tell inside from outside. Both rules
 * only ever move a line from "inside" to "at the edges", so a busy machine can make a judgement
 * impossible, never wrong.
 */

/**
 * How far from the arrival of `opened` and of `closed` a line must arrive to count as printed
 * while the session was open. What is ready together is handled in one turn of the event loop,
 * which the turn rule covers however long the turn takes; the margin covers the messages file
 * read late: by polling instead of inotify, up to 25 ms after it was written.
 */
export const SESSION_EDGE_MARGIN_MS = 100;

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
  /** Lines that arrived while the session was open, clear of its edges. */
  whileOpen: number;
  /** Lines that arrived while it was open but at `opened` or `closed` (same turn, or within the margin). */
  atEdges: number;
}

/** When something was handled: its arrival time (ms, monotonic) and its event-loop turn. */
export interface HandledAt {
  atMs: number;
  turn: number;
}

/** Lines of one stream handled at one moment (output arrives in chunks of many lines). */
interface PendingLines extends HandledAt {
  stream: OutputStreamName;
  count: number;
}

/**
 * Counts output lines against the session's edges. Feed it, in the order the harness handles
 * them, `opened()` and `closed()` and every output line (`line()`), each with when it was handled.
 * A line whose fate depends on a `closed` still to come waits in a queue that holds at most the
 * last {@link SESSION_EDGE_MARGIN_MS} of arrivals.
 */
export class OutputWindow {
  private openedAt: HandledAt | undefined;
  private closedAt: HandledAt | undefined;
  private readonly pending: PendingLines[] = [];
  private pendingHead = 0;
  private readonly counts: Record<OutputStreamName, OutputWindowCounts> = { stdout: { whileOpen: 0, atEdges: 0 }, stderr: { whileOpen: 0, atEdges: 0 } };

  /** `opened` was handled (a second `opened` changes nothing). */
  opened(at: HandledAt): void {
    if (this.openedAt === undefined && this.closedAt === undefined) this.openedAt = at;
  }

  /** `closed` was handled: the lines waiting at its edge are counted there, the rest inside. */
  closed(at: HandledAt): void {
    if (this.closedAt !== undefined) return;
    // A closed before any opened ends the window too: nothing is counted after it.
    this.closedAt = at;
    this.settle(at);
    for (let index = this.pendingHead; index < this.pending.length; index++) {
      const lines = this.pending[index]!;
      this.counts[lines.stream].atEdges += lines.count;
    }
    this.pending.length = 0;
    this.pendingHead = 0;
  }

  /** A line of `stream` was handled. */
  line(stream: OutputStreamName, at: HandledAt): void {
    if (this.openedAt === undefined || this.closedAt !== undefined) return;
    if (at.turn === this.openedAt.turn || at.atMs - this.openedAt.atMs < SESSION_EDGE_MARGIN_MS) {
      this.counts[stream].atEdges++;
      return;
    }
    // Anything handled later, a closed included, is handled at this line's time and turn or after.
    this.settle(at);
    const last = this.pending[this.pending.length - 1];
    if (last !== undefined && this.pending.length > this.pendingHead && last.atMs === at.atMs && last.turn === at.turn && last.stream === stream) last.count++;
    else this.pending.push({ atMs: at.atMs, turn: at.turn, stream, count: 1 });
  }

  /** The counts of `stream`; lines still waiting count as inside (no `closed` came, or none yet). */
  result(stream: OutputStreamName): OutputWindowCounts {
    let whileOpen = this.counts[stream].whileOpen;
    for (let index = this.pendingHead; index < this.pending.length; index++) {
      const lines = this.pending[index]!;
      if (lines.stream === stream) whileOpen += lines.count;
    }
    return { whileOpen, atEdges: this.counts[stream].atEdges };
  }

  /**
   * Counts as inside every waiting line that is clear of anything handled at `now` or later: an
   * earlier turn, and the margin or more before.
   */
  private settle(now: HandledAt): void {
    while (this.pendingHead < this.pending.length) {
      const lines = this.pending[this.pendingHead]!;
      if (lines.turn >= now.turn || lines.atMs > now.atMs - SESSION_EDGE_MARGIN_MS) break;
      this.pendingHead++;
      this.counts[lines.stream].whileOpen += lines.count;
    }
    // Drop the settled head now and then, so that the queue stays as small as the margin's arrivals.
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
  }
}
