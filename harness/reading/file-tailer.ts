/**
 * Tails the messages file LIVE while the target runs: inotify (`fs.watch`) wakes the reader the
 * moment bytes land, a short poll covers what inotify can miss, and a final drain after the process
 * exits reads whatever is left. Dagster's own reader polls every 10 ms; this one usually reacts in
 * well under a millisecond.
 *
 * It reads as Dagster's reader does: through the handle it opened first, at its own position. So
 * when a target truncates the file, later writes below that position never reach the reader
 * (Dagster would not see them either: they are delivered apart, as `onLostChunk`, to be shown as
 * lost); when it deletes or replaces the file, the old handle is still read (a writer that kept it
 * open still reaches Dagster) and whatever is written to the new file at the path is delivered as
 * lost too.
 *
 * Only regular files are ever read: a target may also put a directory, a named pipe or a device
 * at the path, and reading one would crash (EISDIR, ESPIPE), block the event loop (opening a pipe
 * nobody writes) or never end (/dev/zero). Such a replacement is reported and not read. Reads are
 * done a slice at a time so that a huge (or sparse) file cannot stall the event loop, and the final
 * drain stops at a deadline.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, watch, type FSWatcher, type Stats } from "node:fs";
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";

/** Something that happened to the file other than growth. */
export interface FileEvent {
  kind: "truncated" | "replaced" | "deleted" | "unread";
  atMs: number;
  /** For `unread`: bytes left unread at the drain's deadline. */
  bytes?: number;
}

/** Options of a {@link FileTailer}. */
export interface FileTailerOptions {
  path: string;
  /** Bytes read through the first handle: what Dagster's reader reads (valid during the call only). */
  onChunk: (chunk: Buffer, atMs: number) => void;
  /**
   * Bytes Dagster's reader never reads: written below its position after a truncation, or to a
   * file that replaced the first one at the path.
   */
  onLostChunk?: (chunk: Buffer, atMs: number, cause: "truncated" | "replaced") => void;
  onEvent?: (event: FileEvent) => void;
  /** Fallback poll interval (ms). */
  pollMs?: number;
  /** Size of the read buffer (bytes). */
  bufferBytes?: number;
}

/** One open regular file and the position read so far (up to `limit`, when set). */
interface Cursor {
  fd: number;
  inode: number;
  device: number;
  offset: number;
  limit?: number;
}

/** Bytes read per check before yielding to the event loop. */
const SLICE_BYTES = 16 << 20;

/**
 * Rounds of slices `readNow` reads at most (64 MiB): past that it says it did not reach the end,
 * rather than hold the event loop for longer (a message flood while output arrives).
 */
const READ_NOW_MAX_ROUNDS = 4;

/** Size of the read buffer when the options do not say. */
const DEFAULT_BUFFER_BYTES = 1 << 20;

/**
 * The read buffer of every tailer that uses the default size. One per process: a fresh 1 MiB per
 * session counted against V8's heap limits as external memory and alone set off a full collection
 * every few cases of a suite. Sharing is safe: a read and its delivery are synchronous, and
 * `onChunk` may not keep the chunk (the line splitter copies what it holds on to).
 */
let sharedBuffer: Buffer | undefined;

/** Follows one file from offset 0, and what replaces it. */
export class FileTailer {
  private primary: Cursor | undefined;
  /** Reads what lands below the primary position after a truncation (same file, another position). */
  private below: Cursor | undefined;
  private replacement: Cursor | undefined;
  /** Inode of a replacement already reported that is not a regular file (not read). */
  private unfollowedInode: number | undefined;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private readonly ownBuffer: Buffer | undefined;
  private reading = false;
  private deleted = false;
  private truncatedAt = -1;
  private moreScheduled = false;

  constructor(private readonly options: FileTailerOptions) {
    this.ownBuffer = options.bufferBytes === undefined || options.bufferBytes === DEFAULT_BUFFER_BYTES ? undefined : Buffer.allocUnsafe(options.bufferBytes);
  }

  private get buffer(): Buffer {
    return this.ownBuffer ?? (sharedBuffer ??= Buffer.allocUnsafe(DEFAULT_BUFFER_BYTES));
  }

  /** Opens the file (it must exist) and starts following it. */
  start(): void {
    const opened = openRegularFile(this.options.path);
    if (opened === undefined) throw new Error(`${this.options.path} is not a readable regular file`);
    this.primary = opened;
    this.watcher = this.watchPath();
    this.poll = setInterval(() => this.check(), this.options.pollMs ?? 25);
    this.poll.unref();
  }

  /**
   * Stops following: reads everything left (yielding between slices) until the end of both files
   * or `deadlineMs` (on the `performance.now()` clock), then releases them.
   */
  async stop(deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.poll !== undefined) clearInterval(this.poll);
    this.watcher?.close();
    this.watcher = undefined;
    try {
      for (;;) {
        this.followPath();
        if (!this.readAllSlices()) break;
        if (performance.now() > deadlineMs) {
          this.options.onEvent?.({ kind: "unread", atMs: performance.now(), bytes: this.unreadBytes() });
          break;
        }
        await nextTurn();
      }
    } catch {
      // Whatever the target did to the files, what was read stands.
    } finally {
      for (const cursor of [this.primary, this.replacement]) if (cursor !== undefined) closeSync(cursor.fd);
      this.primary = undefined;
      this.below = undefined;
      this.replacement = undefined;
    }
  }

  /**
   * Reads everything the file holds now, however many slices that takes (up to
   * {@link READ_NOW_MAX_ROUNDS}): for a caller about to handle something written after the messages
   * it must see first (output on a pipe after `closed`, see `output-window.ts`). True when it read
   * to the end; false when more was left, or nothing could be read (before `start`, after `stop`,
   * inside another read, or a read failed).
   */
  readNow(): boolean {
    return this.readRounds(READ_NOW_MAX_ROUNDS) === "end";
  }

  private watchPath(): FSWatcher | undefined {
    try {
      const watcher = watch(this.options.path, { persistent: false }, () => this.check());
      watcher.on("error", () => undefined);
      return watcher;
    } catch {
      return undefined; // The poll still follows the file.
    }
  }

  /** Reads what is new, after checking what the path names now. */
  private check(): void {
    if (this.readRounds(1) === "more" && !this.moreScheduled) {
      // A big file: the rest on the next turn, so that timers and process events still run.
      this.moreScheduled = true;
      setImmediate(() => {
        this.moreScheduled = false;
        this.check();
      });
    }
  }

  /**
   * Follows the path, then reads up to `rounds` rounds of slices: whether that reached the end,
   * left more, or could not read (before `start`, after `stop`, inside another read, or it failed).
   */
  private readRounds(rounds: number): "end" | "more" | "unread" {
    if (this.primary === undefined || this.reading) return "unread";
    this.reading = true;
    try {
      this.followPath();
      for (let round = 0; round < rounds; round++) if (!this.readAllSlices()) return "end";
      return "more";
    } catch {
      // This runs in timer and watcher callbacks, where an exception would end the whole harness
      // process; whatever the target did to the file, the next check (or the final drain) retries.
      return "unread";
    } finally {
      this.reading = false;
    }
  }

  private followPath(): void {
    const primary = this.primary!;
    let stats: Stats | undefined;
    try {
      stats = statSync(this.options.path);
    } catch {
      stats = undefined;
    }
    if (stats === undefined) {
      if (!this.deleted) {
        this.deleted = true;
        this.options.onEvent?.({ kind: "deleted", atMs: performance.now() });
      }
      return;
    }
    this.deleted = false;
    if (stats.ino === primary.inode && stats.dev === primary.device) {
      // Dagster's reader stays at its position: what is written below it is never read.
      const size = fstatSync(primary.fd).size;
      if (size < primary.offset && this.truncatedAt !== primary.offset) {
        this.truncatedAt = primary.offset;
        // What is written from offset 0 up to the reader's position is lost to Dagster.
        this.below = { fd: primary.fd, inode: primary.inode, device: primary.device, offset: 0, limit: primary.offset };
        this.options.onEvent?.({ kind: "truncated", atMs: performance.now() });
      }
      return;
    }
    const current = this.replacement;
    if ((current !== undefined && stats.ino === current.inode && stats.dev === current.device) || stats.ino === this.unfollowedInode) return;
    const opened = stats.isFile() ? openRegularFile(this.options.path) : undefined;
    if (opened === undefined) {
      this.unfollowedInode = stats.ino;
    } else {
      if (current !== undefined) {
        while (this.readSlice(current, this.lostAs("replaced"))) {
          // The old replacement to its end, before the newer one is followed.
        }
        closeSync(current.fd);
      }
      this.replacement = opened;
      this.watcher?.close();
      this.watcher = this.watchPath();
    }
    this.options.onEvent?.({ kind: "replaced", atMs: performance.now() });
  }

  private lostAs(cause: "truncated" | "replaced"): (chunk: Buffer, atMs: number) => void {
    return (chunk, atMs) => this.options.onLostChunk?.(chunk, atMs, cause);
  }

  /** A slice of every cursor; true when any has more to read. */
  private readAllSlices(): boolean {
    const primary = this.readSlice(this.primary, this.options.onChunk);
    const below = this.readSlice(this.below, this.lostAs("truncated"));
    const replacement = this.readSlice(this.replacement, this.lostAs("replaced"));
    return primary || below || replacement;
  }

  /** Reads up to a slice from `cursor`; true when there is more to read. */
  private readSlice(cursor: Cursor | undefined, deliver: (chunk: Buffer, atMs: number) => void): boolean {
    if (cursor === undefined) return false;
    let read = 0;
    while (read < SLICE_BYTES) {
      const room = cursor.limit === undefined ? this.buffer.length : Math.min(this.buffer.length, cursor.limit - cursor.offset);
      if (room <= 0) return false;
      const bytes = readSync(cursor.fd, this.buffer, 0, room, cursor.offset);
      if (bytes === 0) return false;
      cursor.offset += bytes;
      read += bytes;
      deliver(this.buffer.subarray(0, bytes), performance.now());
    }
    return true;
  }

  private unreadBytes(): number {
    let bytes = 0;
    for (const cursor of [this.primary, this.below, this.replacement]) {
      if (cursor !== undefined) bytes += Math.max(0, Math.min(fstatSync(cursor.fd).size, cursor.limit ?? Number.POSITIVE_INFINITY) - cursor.offset);
    }
    return bytes;
  }
}

/**
 * Opens `path` for reading if it is a regular file, else undefined. O_NONBLOCK: should the path
 * become a named pipe between the caller's stat and this open, the open returns at once instead of
 * blocking the event loop until a writer appears.
 */
function openRegularFile(path: string): Cursor | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) return { fd, inode: stats.ino, device: stats.dev, offset: 0 };
  } catch {
    // Treated as not a regular file.
  }
  closeSync(fd);
  return undefined;
}
