/**
 * Keeps a bounded picture of a byte stream: its first and its last bytes, and how many bytes there
 * were in all. A program that floods its output with a gigabyte costs the harness at most the cap.
 */

/** What a {@link CappedCapture} kept. */
export interface CapturedOutput {
  /** The first bytes (up to half the cap), decoded leniently. */
  head: string;
  /** The last bytes (up to half the cap) that are not already in `head`; empty when nothing was dropped. */
  tail: string;
  /** Every byte seen. */
  totalBytes: number;
  /** Bytes between head and tail that were counted and dropped. */
  droppedBytes: number;
}

/** Head-and-tail capture of a byte stream with a byte cap. */
export class CappedCapture {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(capBytes: number) {
    this.headCap = Math.ceil(capBytes / 2);
    this.tailCap = Math.floor(capBytes / 2);
  }

  /** Adds a chunk (copied when kept, so the caller may reuse it). */
  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const take = Math.min(this.headCap - this.headBytes, rest.length);
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailCap === 0) return;
    if (rest.length >= this.tailCap) {
      this.tail = [Buffer.from(rest.subarray(rest.length - this.tailCap))];
      this.tailBytes = this.tailCap;
      return;
    }
    this.tail.push(Buffer.from(rest));
    this.tailBytes += rest.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.tailCap) {
      this.tailBytes -= this.tail.shift()!.length;
    }
    if (this.tailBytes > this.tailCap) {
      const excess = this.tailBytes - this.tailCap;
      this.tail[0] = this.tail[0]!.subarray(excess);
      this.tailBytes -= excess;
    }
  }

  /** Every byte seen so far. */
  get totalBytes(): number {
    return this.total;
  }

  /** The bounded picture. */
  snapshot(): CapturedOutput {
    return {
      head: Buffer.concat(this.head).toString("utf8"),
      tail: Buffer.concat(this.tail).toString("utf8"),
      totalBytes: this.total,
      droppedBytes: this.total - this.headBytes - this.tailBytes,
    };
  }
}
