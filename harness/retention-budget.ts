/**
 * How much of a long run a record keeps. A session counts every line and result exactly, but keeps
 * only a prefix of them: at most so many items and so many bytes of message text. Both limits
 * matter: a kept line costs its text plus a parse tree several times larger, so a count alone lets
 * a stream of big messages (or of 16 MB oversize lines) hold hundreds of MB; and V8 lets garbage
 * grow to a multiple of what is kept before it collects, so peak memory scales with the kept set.
 */

/** Limits of one kept list (or of several lists sharing one budget). */
export interface RetentionLimits {
  /** Items kept at most. */
  items: number;
  /**
   * Text bytes after which no item is admitted. The item that crosses it is still kept, so a line
   * as long as the whole budget is never dropped for its size alone: the overshoot is one item.
   */
  bytes: number;
}

/**
 * Admits items into a kept prefix until either limit is reached; from then on it refuses every
 * item, so what is kept is always the first items of the run, never a sample with holes.
 */
export class RetentionBudget {
  private keptItems = 0;
  private keptBytes = 0;
  private closed = false;

  constructor(private readonly limits: RetentionLimits) {}

  /** True (and counted) when an item of `bytes` text bytes may be kept. */
  admit(bytes: number): boolean {
    if (this.closed) return false;
    if (this.keptItems >= this.limits.items || this.keptBytes >= this.limits.bytes) {
      this.closed = true;
      return false;
    }
    this.keptItems++;
    this.keptBytes += bytes;
    return true;
  }

  /** True once an item was refused: the kept list is a strict prefix of the run. */
  get truncated(): boolean {
    return this.closed;
  }
}
