/**
 * Report files that are either the previous version or a complete new one, never empty, half
 * written or a mix: each is written to a temp file beside it (same directory, so the rename stays
 * on one file system), flushed to disk, and renamed over the destination once complete. A run
 * that fails, errors or is interrupted before completion removes its temp file and leaves the
 * destination as it was; when two runs write one path, the last complete one wins. Temp files of
 * a process that exits by a path that cannot wait (an uncaught error, a forced exit) are removed
 * by an exit hook; only SIGKILL leaves one behind (`.NAME.OWNER-RANDOM.tmp`, never the
 * destination), and the next write of the same destination removes it once its owner (pid, start
 * time, pid namespace: `run-owner.ts`) is known to have ended.
 */
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  createWriteStream,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type WriteStream,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { ownerIsDead, ownerTag, parseOwner } from "../harness/process/run-owner.js";

const pendingTempFiles = new Set<string>();
let exitHookInstalled = false;

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function removePendingTempFiles(): void {
  for (const path of pendingTempFiles) removeQuietly(path);
  pendingTempFiles.clear();
}

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = code;
  return error;
}

/**
 * Checks that `destination` can be replaced and opens a fresh temp file beside it (creating the
 * directory if needed); returns the temp file's path and descriptor. Throws the file system's
 * error (with its `code`) when it cannot: a directory, an unwritable file or directory.
 */
function openTempBeside(destination: string): { tempPath: string; fd: number } {
  const directory = dirname(destination);
  mkdirSync(directory, { recursive: true });
  let mode: number | undefined;
  try {
    const existing = statSync(destination);
    if (existing.isDirectory()) throw errnoError("EISDIR", `${destination} is a directory`);
    accessSync(destination, constants.W_OK);
    mode = existing.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", removePendingTempFiles);
  }
  removeTempFilesOfDeadOwners(directory, basename(destination));
  const tempPath = join(directory, `.${basename(destination)}.${ownerTag()}-${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(tempPath, "wx", 0o666);
  pendingTempFiles.add(tempPath);
  // The replacement keeps the permissions of the file it replaces.
  if (mode !== undefined) {
    try {
      fchmodSync(fd, mode);
    } catch {
      // Not ours to change: the umask's default stays.
    }
  }
  return { tempPath, fd };
}

/** Removes `.NAME.OWNER-RANDOM.tmp` files of `name` whose owner was killed before it could. */
function removeTempFilesOfDeadOwners(directory: string, name: string): void {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const match = /^(\d+-\d+-\d+)-[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    const owner = match === null ? undefined : parseOwner(match[1]!);
    if (owner !== undefined && ownerIsDead(owner)) removeQuietly(join(directory, entry));
  }
}

/** Flushes and renames a completed temp file over its destination. */
function install(fd: number, tempPath: string, destination: string): void {
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tempPath, destination);
  pendingTempFiles.delete(tempPath);
}

/** Either writer of a report file: both `write`, then `commit` or `discard`. */
export type ReportFileWriter = AtomicFileWriter | DirectFileWriter;

/** A report file being written: `write` as the run goes, then `commit` or `discard`. */
export class AtomicFileWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private settled = false;

  private constructor(
    readonly destination: string,
    readonly tempPath: string,
    private readonly fd: number,
  ) {
    this.stream = createWriteStream("", { fd, autoClose: false });
    this.stream.on("error", (error) => {
      this.failure ??= error;
    });
  }

  /**
   * Opens a writer for `destination`. Throws at once (with the file system's error code) when the
   * destination cannot be replaced: callers report it before any work is done. A symlink is
   * followed (the file it names is replaced, the link stays); a destination that is not a regular
   * file (`/dev/stdout`, a FIFO, a terminal) is written directly, as a stream: it cannot be
   * renamed over, and must never be replaced by a file.
   */
  static open(destination: string): AtomicFileWriter | DirectFileWriter {
    const target = realTarget(destination);
    if (target.stream) return DirectFileWriter.open(target.path);
    const { tempPath, fd } = openTempBeside(target.path);
    return new AtomicFileWriter(target.path, tempPath, fd);
  }

  /** Appends text. */
  write(text: string): void {
    if (!this.settled) this.stream.write(text);
  }

  /** Finishes the file and renames it over the destination; on failure the destination is untouched. */
  async commit(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    try {
      await new Promise<void>((resolve, reject) => {
        if (this.failure !== undefined) {
          reject(this.failure);
          return;
        }
        this.stream.once("error", reject);
        this.stream.end(() => resolve());
      });
    } catch (error) {
      // The stream does not close its descriptor (autoClose is off): it is closed here.
      closeQuietly(this.fd);
      removeTemp(this.tempPath);
      throw error;
    }
    try {
      install(this.fd, this.tempPath, this.destination);
    } catch (error) {
      removeTemp(this.tempPath);
      throw error;
    }
  }

  /** Drops what was written: the destination stays as it was. */
  discard(): void {
    if (this.settled) return;
    this.settled = true;
    // Destroying the stream closes its descriptor once any write in flight is done (closing it
    // here could close a descriptor number already reused by then).
    this.stream.destroy();
    removeTemp(this.tempPath);
  }
}

/** Where a destination really is (its symlinks resolved), and whether it is a stream, not a file. */
function realTarget(destination: string): { path: string; stream: boolean } {
  let path = destination;
  try {
    path = realpathSync(destination);
  } catch {
    // Does not exist yet (or a dangling link): written as a new file at the given path.
    return { path: destination, stream: false };
  }
  try {
    const stat = statSync(path);
    return { path, stream: !stat.isFile() && !stat.isDirectory() };
  } catch {
    return { path, stream: false };
  }
}

/**
 * A destination that is a stream (`/dev/stdout`, a FIFO): written as the run goes. There is no
 * previous version to keep, so `discard` only closes it.
 */
export class DirectFileWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private settled = false;

  private constructor(readonly destination: string) {
    this.stream = createWriteStream(destination, { flags: "a" });
    this.stream.on("error", (error) => {
      this.failure ??= error;
    });
  }

  /** Opens the stream; throws (with the file system's code) when it cannot be written. */
  static open(destination: string): DirectFileWriter {
    accessSync(destination, constants.W_OK);
    return new DirectFileWriter(destination);
  }

  /** Appends text. */
  write(text: string): void {
    if (!this.settled) this.stream.write(text);
  }

  /** Flushes and closes the stream. */
  async commit(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) {
        reject(this.failure);
        return;
      }
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
  }

  /** Closes the stream (what was written is already out). */
  discard(): void {
    if (this.settled) return;
    this.settled = true;
    this.stream.end();
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}

function removeTemp(tempPath: string): void {
  removeQuietly(tempPath);
  pendingTempFiles.delete(tempPath);
}

/** Writes a whole file at once, atomically: the destination is the old file or the new one. */
export function writeFileAtomically(destination: string, text: string): void {
  const target = realTarget(destination);
  if (target.stream) {
    // A stream (`/dev/stdout`) is written as is: it has no previous version to keep.
    writeFileSync(target.path, text, { flag: "a" });
    return;
  }
  destination = target.path;
  const { tempPath, fd } = openTempBeside(destination);
  try {
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    closeQuietly(fd);
    removeTemp(tempPath);
    throw error;
  }
  try {
    install(fd, tempPath, destination);
  } catch (error) {
    removeTemp(tempPath);
    throw error;
  }
}
