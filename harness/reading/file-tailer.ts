/**
 * Tails the messages file LIVE while the target runs: inotify (`fs.watch`) wakes the reader the
 * moment bytes land, a short poll covers what inotify can miss, and a final drain after the process
 * exits reads whatever is left. Dagster's own reader polls every 10 ms; this one usually reacts in
 * well under a millisecond.
 *
 * A target may also truncate, delete or replace the file mid-run. Dagster's reader keeps reading
 * its open handle and never sees what is written afterwards; the tailer reports the event and
 * follows the path, so the harness can show what Dagster would have lost.
 *
 * Only a regular file is ever followed: a target may also put a directory, a named pipe or a device
 * at the path, and reading one would crash (EISDIR, ESPIPE), block the event loop (opening a pipe
 * nobody writes) or never end (/dev/zero). Such a replacement is reported and not read; the old
 * file, which Dagster's reader still holds, goes on being read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, watch, type FSWatcher, type Stats } from "node:fs";
import { performance } from "node:perf_hooks";

/** Something that happened to the file other than growth. */
export interface FileEvent {
  kind: "truncated" | "replaced" | "deleted";
  atMs: number;
}

/** Options of a {@link FileTailer}. */
export interface FileTailerOptions {
  path: string;
  onChunk: (chunk: Buffer, atMs: number) => void;
  onEvent?: (event: FileEvent) => void;
  /** Fallback poll interval (ms). */
  pollMs?: number;
  /** Size of the read buffer (bytes). */
  bufferBytes?: number;
}

/** Follows one file from offset 0. */
export class FileTailer {
  private fd: number | undefined;
  private inode = 0;
  private device = 0;
  /** Inode of a replacement already reported that is not a regular file (not followed). */
  private unfollowedInode: number | undefined;
  private offset = 0;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private readonly buffer: Buffer;
  private reading = false;
  private deleted = false;

  constructor(private readonly options: FileTailerOptions) {
    this.buffer = Buffer.allocUnsafe(options.bufferBytes ?? 1 << 20);
  }

  /** Opens the file (it must exist) and starts following it. */
  start(): void {
    this.openPath();
    this.watchPath();
    this.poll = setInterval(() => this.check(), this.options.pollMs ?? 25);
    this.poll.unref();
  }

  /** Stops following: reads everything left, then releases the file. */
  stop(): void {
    if (this.poll !== undefined) clearInterval(this.poll);
    this.watcher?.close();
    this.watcher = undefined;
    this.check();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private openPath(): void {
    const opened = openRegularFile(this.options.path);
    if (opened === undefined) throw new Error(`${this.options.path} is not a readable regular file`);
    this.adopt(opened);
  }

  private adopt(opened: { fd: number; stats: Stats }): void {
    this.fd = opened.fd;
    this.inode = opened.stats.ino;
    this.device = opened.stats.dev;
    this.offset = 0;
    this.unfollowedInode = undefined;
  }

  private watchPath(): void {
    try {
      this.watcher = watch(this.options.path, { persistent: false }, () => this.check());
      this.watcher.on("error", () => undefined);
    } catch {
      // The poll still follows the file.
    }
  }

  /** Reads what is new, after checking whether the path still names the same, unshrunk file. */
  private check(): void {
    if (this.fd === undefined || this.reading) return;
    this.reading = true;
    try {
      this.followPath();
      this.readAvailable();
    } catch {
      // This runs in timer and watcher callbacks, where an exception would end the whole harness
      // process; whatever the target did to the file, the next check (or the final drain) retries.
    } finally {
      this.reading = false;
    }
  }

  private followPath(): void {
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
    if (stats.ino === this.inode && stats.dev === this.device) {
      if (fstatSync(this.fd!).size < this.offset) {
        this.offset = 0;
        this.options.onEvent?.({ kind: "truncated", atMs: performance.now() });
      }
      return;
    }
    if (stats.ino === this.unfollowedInode) return;
    // Something else names the path now. Open it before letting go of the old file, so that a
    // replacement that cannot be followed (not a regular file, or gone again) leaves the old one read.
    const opened = stats.isFile() ? openRegularFile(this.options.path) : undefined;
    if (opened === undefined) {
      this.unfollowedInode = stats.ino;
      this.deleted = false;
      this.options.onEvent?.({ kind: "replaced", atMs: performance.now() });
      return;
    }
    // Drain the old file, then follow the new one at the same path.
    this.readAvailable();
    closeSync(this.fd!);
    this.deleted = false;
    this.adopt(opened);
    this.watcher?.close();
    this.watchPath();
    this.options.onEvent?.({ kind: "replaced", atMs: performance.now() });
  }

  private readAvailable(): void {
    for (;;) {
      const bytes = readSync(this.fd!, this.buffer, 0, this.buffer.length, this.offset);
      if (bytes === 0) return;
      this.offset += bytes;
      this.options.onChunk(this.buffer.subarray(0, bytes), performance.now());
    }
  }
}

/**
 * Opens `path` for reading if it is a regular file, else undefined. O_NONBLOCK: should the path
 * become a named pipe between the caller's stat and this open, the open returns at once instead of
 * blocking the event loop until a writer appears.
 */
function openRegularFile(path: string): { fd: number; stats: Stats } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) return { fd, stats };
  } catch {
    // Treated as not a regular file.
  }
  closeSync(fd);
  return undefined;
}
