/**
 * Tails the messages file LIVE while the target runs: inotify (`fs.watch`) wakes the reader the
 * moment bytes land, a short poll covers what inotify can miss, and a final drain after the process
 * exits reads whatever is left. Dagster's own reader polls every 10 ms; this one usually reacts in
 * well under a millisecond.
 *
 * A target may also truncate, delete or replace the file mid-run. Dagster's reader keeps reading
 * its open handle and never sees what is written afterwards; the tailer reports the event and
 * follows the path, so the harness can show what Dagster would have lost.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from "node:fs";
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
    this.fd = openSync(this.options.path, "r");
    this.inode = fstatSync(this.fd).ino;
    this.offset = 0;
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
    } finally {
      this.reading = false;
    }
  }

  private followPath(): void {
    let pathInode: number | undefined;
    try {
      pathInode = statSync(this.options.path).ino;
    } catch {
      pathInode = undefined;
    }
    if (pathInode === undefined) {
      if (!this.deleted) {
        this.deleted = true;
        this.options.onEvent?.({ kind: "deleted", atMs: performance.now() });
      }
      return;
    }
    if (pathInode !== this.inode) {
      // Drain the old file, then follow the new one at the same path.
      this.readAvailable();
      closeSync(this.fd!);
      this.deleted = false;
      this.openPath();
      this.watcher?.close();
      this.watchPath();
      this.options.onEvent?.({ kind: "replaced", atMs: performance.now() });
      return;
    }
    if (fstatSync(this.fd!).size < this.offset) {
      this.offset = 0;
      this.options.onEvent?.({ kind: "truncated", atMs: performance.now() });
    }
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
