/**
 * Reads the text strace writes with `-f -ttt -y` while tracing the system calls that create a
 * directory entry: which paths the traced processes created (a file opened with `O_CREAT`, a
 * directory, a link, a node, the new name of a rename). Only successful calls count.
 *
 * The lines it understands, each prefixed by the pid and an epoch timestamp:
 *
 *     openat(AT_FDCWD</work>, "out.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</work/out.txt>
 *     open("out.txt", O_WRONLY|O_CREAT, 0666) = 3</work/out.txt>
 *     mkdir("cache", 0777) = 0
 *     renameat2(AT_FDCWD</work>, "a.tmp", AT_FDCWD</work>, "a", RENAME_NOREPLACE) = 0
 *     symlinkat("target", AT_FDCWD</work>, "link") = 0
 *     openat(AT_FDCWD</work>, "x", O_WRONLY|O_CREAT, 0666 <unfinished ...>
 *     <... openat resumed>) = 3</work/x>
 *
 * A path is absolute when strace said where it is (the descriptor a call returned, or the
 * directory descriptor it was relative to); the older calls (`mkdir`, `rename`, `link`...) name a
 * path relative to the process's working directory at the time, which the trace does not give:
 * such a path is kept relative.
 */
import { posix } from "node:path";
import { StraceLineReader } from "./strace-lines.js";
import { unescapeStracePath } from "./write-trace-parser.js";

/**
 * The system calls traced (`?`: no error on an architecture without it): those that create a
 * directory entry (a Unix socket's `bind` included), and those that tell where a relative path
 * is (`chdir`, `fchdir`, and the process creations, whose children start in their parent's directory).
 */
export const CREATING_CALLS =
  "?open,openat,?openat2,?creat,?mkdir,mkdirat,?rename,?renameat,renameat2,?link,linkat,?symlink,symlinkat,?mknod,mknodat,bind,chdir,fchdir,?fork,?vfork,clone,?clone3";

/** A path a traced process created. */
export interface CreatedPath {
  pid: number;
  syscall: string;
  /** Absolute (and normalised) when the trace placed it; else relative to the program's starting directory. */
  path: string;
  absolute: boolean;
}

/**
 * Which argument names the new entry, which one is its directory descriptor (`*at` calls), and for
 * the opens, which one holds the flags (only an open with `O_CREAT` may create).
 */
const NEW_ENTRY: Record<string, { path: number; dirFd?: number; flags?: number }> = {
  open: { path: 0, flags: 1 },
  openat: { path: 1, dirFd: 0, flags: 2 },
  openat2: { path: 1, dirFd: 0, flags: 2 },
  creat: { path: 0 },
  mkdir: { path: 0 },
  mkdirat: { path: 1, dirFd: 0 },
  rename: { path: 1 },
  renameat: { path: 3, dirFd: 2 },
  renameat2: { path: 3, dirFd: 2 },
  link: { path: 1 },
  linkat: { path: 3, dirFd: 2 },
  symlink: { path: 1 },
  symlinkat: { path: 2, dirFd: 1 },
  mknod: { path: 0 },
  mknodat: { path: 1, dirFd: 0 },
};

/** The result: a non-negative number, with the path of a returned descriptor (`-y`). */
const SUCCESS = /\)\s+=\s+(\d+)(?:<(.*)>)?$/;

/**
 * Splits the text of an argument list into its top-level arguments: commas inside quotes, braces,
 * brackets or a `<path>` decoration do not split.
 */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === "\\") index++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "{" || char === "[" || char === "<") depth++;
    else if (char === "}" || char === "]" || char === ">") depth--;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** A quoted path argument, unquoted (`"a\"b"` → `a"b`); undefined when it is not a complete string. */
function pathArgument(argument: string | undefined): string | undefined {
  if (argument === undefined || !argument.startsWith('"') || !argument.endsWith('"') || argument.length < 2) return undefined;
  return unescapeStracePath(argument.slice(1, -1));
}

/** The directory a descriptor argument refers to (`AT_FDCWD</work>`, `5</work/sub>`), when strace said. */
function directoryOf(argument: string | undefined): string | undefined {
  const decorated = argument === undefined ? null : /^[A-Z_0-9]+<(.*)>$/.exec(argument);
  return decorated === null ? undefined : unescapeStracePath(decorated[1]!);
}

/**
 * A path placed: absolute and normalised when `base` is absolute or the path is, else still
 * relative to the starting directory (`base` relative to it, "" for the starting directory itself).
 */
function placed(base: string, path: string): { path: string; absolute: boolean } {
  if (path.startsWith("/")) return { path: posix.normalize(path), absolute: true };
  const joined = posix.normalize(posix.join(base === "" ? "." : base, path));
  return { path: joined, absolute: joined.startsWith("/") };
}

/** A Unix socket's path in a `bind` address (`{sa_family=AF_UNIX, sun_path="sock"}`); abstract sockets (`@"..."`) have none. */
function socketPath(argument: string | undefined): string | undefined {
  const match = argument === undefined ? null : /sa_family=AF_UNIX, sun_path=("(?:[^"\\]|\\.)*")/.exec(argument);
  return match === null ? undefined : pathArgument(match[1]);
}

/**
 * The created path of one complete call (its name and its argument text up to the result), if
 * any; `cwd` is the calling process's working directory as far as the trace tells it.
 */
function createdBy(pid: number, syscall: string, rest: string, cwd: string): CreatedPath | undefined {
  const result = SUCCESS.exec(rest);
  if (result === null) return undefined;
  const args = splitArguments(rest.slice(0, result.index));
  if (syscall === "bind") {
    const path = socketPath(args[1]);
    return path === undefined || path === "" ? undefined : { pid, syscall, ...placed(cwd, path) };
  }
  const entry = NEW_ENTRY[syscall];
  if (entry === undefined) return undefined;
  if (entry.flags !== undefined && !/(?:^|[|{=])O_CREAT(?:$|[|,}])/.test(args[entry.flags] ?? "")) return undefined;
  // The descriptor a successful open returns names the file exactly (O_TMPFILE has no name: it
  // carries no O_CREAT and is not counted).
  const returned = result[2] === undefined ? undefined : unescapeStracePath(result[2]);
  if (returned !== undefined && returned.startsWith("/")) return { pid, syscall, ...placed("", returned) };
  const path = pathArgument(args[entry.path]);
  if (path === undefined) return undefined;
  const directory = entry.dirFd === undefined ? undefined : directoryOf(args[entry.dirFd]);
  return { pid, syscall, ...placed(directory !== undefined && directory.startsWith("/") ? directory : cwd, path) };
}

/** Parses a creation trace line by line ({@link push}); {@link created} gives what it found. */
export class CreationTraceParser {
  private readonly paths: CreatedPath[] = [];
  private readonly lines = new StraceLineReader();
  private readonly ended = new Set<number>();
  /** Working directories of the processes that changed theirs, or whose parent had (absolute, or relative to the starting one). */
  private readonly cwds = new Map<number, string>();

  /** Reads one line (without its newline). */
  push(line: string): void {
    const read = this.lines.read(line);
    if (read?.kind === "end") this.ended.add(read.pid);
    else if (read?.kind === "call") this.complete(read.pid, read.syscall, read.text);
  }

  private complete(pid: number, syscall: string, rest: string): void {
    const cwd = this.cwds.get(pid) ?? "";
    if (syscall === "fork" || syscall === "vfork" || syscall === "clone" || syscall === "clone3") {
      // The child starts where its parent is.
      const child = /\)\s+=\s+(\d+)/.exec(rest);
      if (child !== null && cwd !== "") this.cwds.set(Number(child[1]), cwd);
      return;
    }
    if (syscall === "chdir" || syscall === "fchdir") {
      const result = SUCCESS.exec(rest);
      if (result === null) return;
      const argument = splitArguments(rest.slice(0, result.index))[0];
      const target = syscall === "chdir" ? pathArgument(argument) : directoryOf(argument);
      if (target !== undefined) this.cwds.set(pid, placed(cwd, target).path);
      return;
    }
    const created = createdBy(pid, syscall, rest, cwd);
    if (created !== undefined) this.paths.push(created);
  }

  /** Whether the trace holds the end of process `pid` (strace writes it last). */
  exited(pid: number): boolean {
    return this.ended.has(pid);
  }

  /** The paths created, in trace order. */
  created(): CreatedPath[] {
    return [...this.paths];
  }
}

/** Parses a whole trace text. */
export function parseCreationTrace(text: string): CreatedPath[] {
  const parser = new CreationTraceParser();
  for (const line of text.split("\n")) parser.push(line);
  return parser.created();
}

/**
 * Whether a created path put `name` directly in `directory` (a file there, or a first-level
 * directory holding what was created), given every spelling of that directory (as given and
 * resolved). A relative path is taken relative to the program's starting directory, the only one
 * the trace knows for such calls.
 */
export function createsEntry(created: CreatedPath, directories: readonly string[], name: string): boolean {
  if (!created.absolute) return created.path.split("/")[0] === name;
  return directories.some((directory) => {
    const base = `${directory.replace(/\/+$/, "")}/`;
    return created.path.startsWith(base) && created.path.slice(base.length).split("/")[0] === name;
  });
}
