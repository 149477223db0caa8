/**
 * The creation-trace parser on strace lines as strace 6 writes them with `-f -y -ttt` (taken from
 * real traces of sh, python3 and node, paths renamed): what counts as a created path, where it is,
 * and which directory entry it puts in a directory.
 */
import { describe, expect, it } from "vitest";
import { createsEntry, parseCreationTrace } from "../../../harness/process/creation-trace-parser.js";

const trace = (...lines: string[]): string => lines.map((line, index) => `${line.startsWith("<") || /^\d/.test(line) ? "" : "4242 "}1796300776.${String(index).padStart(6, "0")} ${line}`).join("\n");

describe("parseCreationTrace", () => {
  it("reads the created paths, absolute wherever strace says where", () => {
    const created = parseCreationTrace(
      trace(
        'openat(AT_FDCWD</work>, "new-file.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</work/new-file.txt>',
        'mkdir("somedir", 0777) = 0',
        'mkdirat(AT_FDCWD</work>, "cache", 0777) = 0',
        'symlinkat("a", AT_FDCWD</work>, "sym") = 0',
        'rename("py-made", "py-renamed") = 0',
        'renameat2(AT_FDCWD</work>, "a.tmp", 5</work/sub>, "a", RENAME_NOREPLACE) = 0',
        'linkat(AT_FDCWD</work>, "a", AT_FDCWD</work>, "hard", 0) = 0',
        'mknodat(AT_FDCWD</work>, "fifo", S_IFIFO|0644) = 0',
        'creat("/abs/made", 0644) = 4</abs/made>',
        'openat2(AT_FDCWD</work>, "two", {flags=O_WRONLY|O_CREAT|O_CLOEXEC, mode=0644, resolve=0}, 24) = 5</work/two>',
      ),
    );
    expect(created.map(({ syscall, path, absolute }) => [syscall, path, absolute])).toEqual([
      ["openat", "/work/new-file.txt", true],
      ["mkdir", "somedir", false],
      ["mkdirat", "/work/cache", true],
      ["symlinkat", "/work/sym", true],
      ["rename", "py-renamed", false],
      ["renameat2", "/work/sub/a", true],
      ["linkat", "/work/hard", true],
      ["mknodat", "/work/fifo", true],
      ["creat", "/abs/made", true],
      ["openat2", "/work/two", true],
    ]);
  });

  it("ignores what creates nothing: opens without O_CREAT, failed calls, a rename's old name", () => {
    const created = parseCreationTrace(
      trace(
        'openat(AT_FDCWD</work>, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3</etc/hostname>',
        'openat(AT_FDCWD</work>, "O_CREAT.txt", O_RDONLY) = 3</work/O_CREAT.txt>',
        'openat(AT_FDCWD</work>, ".", O_RDWR|O_TMPFILE, 0600) = 3</work/#1234 (deleted)>',
        'openat(AT_FDCWD</work>, "exists", O_WRONLY|O_CREAT|O_EXCL, 0666) = -1 EEXIST (File exists)',
        'mkdir("there", 0777) = -1 EEXIST (File exists)',
        'openat(AT_FDCWD</work>, "/dev/tty", O_RDWR|O_NONBLOCK) = -1 ENXIO (No such device or address)',
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=18958, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
        "+++ exited with 0 +++",
      ),
    );
    expect(created).toEqual([]);
  });

  it("joins a call another process interrupted, and unquotes paths as strace quotes them", () => {
    const created = parseCreationTrace(
      [
        '4242 1796300776.000001 openat(AT_FDCWD</work>, "a, b\\"c", O_WRONLY|O_CREAT, 0666 <unfinished ...>',
        '4243 1796300776.000002 mkdir("x\\303\\251", 0777) = 0',
        "4242 1796300776.000003 <... openat resumed>) = 3</work/a, b\"c>",
        '4244 1796300776.000004 openat(AT_FDCWD</w\\76rk>, "cut", O_WRONLY|O_CREAT, 0666 <unfinished ...>',
        "4244 1796300776.000005 +++ killed by SIGKILL +++",
      ].join("\n"),
    );
    expect(created.map(({ pid, path }) => [pid, path])).toEqual([
      [4243, "xé"],
      [4242, '/work/a, b"c'],
    ]);
  });
});

describe("parseCreationTrace: where a relative path is", () => {
  it("follows chdir and fchdir, and a child starts where its parent is", () => {
    const created = parseCreationTrace(
      [
        '100 1.000001 mkdir("sub", 0777) = 0',
        '100 1.000002 chdir("sub") = 0',
        '100 1.000003 mkdir("deeper", 0777) = 0',
        "100 1.000004 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101",
        '101 1.000005 mkdir("by-child", 0777) = 0',
        '100 1.000006 chdir("..") = 0',
        '100 1.000007 rename("a", "./x/../renamed") = 0',
        "100 1.000008 fchdir(3</abs/elsewhere>) = 0",
        '100 1.000009 mkdir("far", 0777) = 0',
        '100 1.000010 chdir("/nope") = -1 ENOENT (No such file or directory)',
        '100 1.000011 mkdir("//abs//dir/./x", 0777) = 0',
      ].join("\n"),
    );
    expect(created.map(({ pid, path, absolute }) => [pid, path, absolute])).toEqual([
      [100, "sub", false],
      [100, "sub/deeper", false],
      [101, "sub/by-child", false],
      [100, "renamed", false],
      [100, "/abs/elsewhere/far", true],
      [100, "/abs/dir/x", true],
    ]);
  });

  it("reads a Unix socket's bind as a creation, never an abstract one", () => {
    const created = parseCreationTrace(
      [
        '7 1.1 bind(3<UNIX:[123]>, {sa_family=AF_UNIX, sun_path="sock"}, 110) = 0',
        '7 1.2 bind(4<UNIX:[124]>, {sa_family=AF_UNIX, sun_path=@"abstract"}, 19) = 0',
        "7 1.3 bind(5<TCP:[125]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
      ].join("\n"),
    );
    expect(created.map(({ syscall, path }) => [syscall, path])).toEqual([["bind", "sock"]]);
  });
});

describe("createsEntry", () => {
  const directories = ["/work", "/real/work"];
  it("names the directory entry a created path put there, or the first-level directory holding it", () => {
    const at = (path: string, absolute = true) => ({ pid: 1, syscall: "openat", path, absolute });
    expect(createsEntry(at("/work/out.txt"), directories, "out.txt")).toBe(true);
    expect(createsEntry(at("/real/work/cache/deep/file"), directories, "cache")).toBe(true);
    expect(createsEntry(at("/work/out.txt.tmp"), directories, "out.txt")).toBe(false);
    expect(createsEntry(at("/workshop/out.txt"), directories, "out.txt")).toBe(false);
    expect(createsEntry(at("/tmp/out.txt"), directories, "out.txt")).toBe(false);
    expect(createsEntry(at("cache/x", false), directories, "cache")).toBe(true);
    expect(createsEntry(at("cachex", false), directories, "cache")).toBe(false);
  });
});
