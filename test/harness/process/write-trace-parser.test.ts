import { describe, expect, it } from "vitest";
import { parseWriteTrace, unescapeStracePath } from "../../../harness/process/write-trace-parser.js";

/** Lines as strace 6 writes them with -f -ttt -y -s 0 (taken from real traces, paths changed). */
const TRACE = [
  '101 1796242205.371879 writev(3</tmp/w/messages>, [...], 2) = 8',
  '101 1796242205.372059 pwrite64(3</tmp/w/messages>, ""..., 2, 40) = 2',
  '101 1796242205.372098 write(4<socket:[165930]>, ""..., 4) = 4',
  '101 1796242205.372264 write(2<socket:[165932]>, ""..., 11 <unfinished ...>',
  '102 1796242205.372322 write(3</tmp/w/messages>, ""..., 6 <unfinished ...>',
  "101 1796242205.372366 <... write resumed>) = 11",
  "102 1796242205.372376 <... write resumed>) = 6",
  '102 1796242205.372400 write(9, ""..., 3) = -1 EBADF (Bad file descriptor)',
  "102 1796242205.372515 +++ exited with 0 +++",
  "101 1796242205.372532 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=102, si_status=0} ---",
  '101 1796242205.372600 pwritev2(3</tmp/w/messages>, [...], 1, -1, RWF_APPEND) = 5',
  '101 1796242205.372610 pwritev(3</tmp/w/messages>, [{iov_base=""..., iov_len=5}], 1, 7) = 5',
  "101 1796242205.378452 +++ killed by SIGSEGV (core dumped) +++",
].join("\n");

describe("the write trace parser", () => {
  const parsed = parseWriteTrace(TRACE);

  it("reads every completed call with its process, descriptor, target, bytes and time", () => {
    expect(parsed.writes.map((write) => [write.pid, write.syscall, write.fd, write.target, write.bytes])).toEqual([
      [101, "writev", 3, "/tmp/w/messages", 8],
      [101, "pwrite64", 3, "/tmp/w/messages", 2],
      [101, "write", 4, "socket:[165930]", 4],
      [101, "write", 2, "socket:[165932]", 11],
      [102, "write", 3, "/tmp/w/messages", 6],
      [102, "write", 9, undefined, 0],
      [101, "pwritev2", 3, "/tmp/w/messages", 5],
      [101, "pwritev", 3, "/tmp/w/messages", 5],
    ]);
    // An interrupted call is timed when it returned, and keeps when it was entered.
    expect(parsed.writes[3]!.atSec).toBe(1796242205.372366);
    expect(parsed.writes[3]!.startedAtSec).toBeLessThan(parsed.writes[3]!.atSec);
    expect(parsed.writes[0]!.startedAtSec).toBe(parsed.writes[0]!.atSec);
  });

  it("reads the explicit offset of positioned writes only", () => {
    expect(parsed.writes.map((write) => write.offset)).toEqual([undefined, 40, undefined, undefined, undefined, undefined, undefined, 7]);
  });

  it("reads how each process ended, a signal death included", () => {
    expect(parsed.exits).toEqual([
      { pid: 102, atSec: 1796242205.372515, exitCode: 0, signal: null },
      { pid: 101, atSec: 1796242205.378452, exitCode: null, signal: "SIGSEGV" },
    ]);
    expect(parsed.unparsedLines).toBe(0);
    expect(parsed.unfinishedCalls).toBe(0);
  });

  it("counts what it cannot trust: a line cut short, a call never resumed, an unknown result", () => {
    const cut = parseWriteTrace(['7 1.5 write(1<pipe:[1]>, ""..., 3 <unfinished ...>', '8 1.6 write(1<pipe:[1]>, ""..., 3) = ?', "9 1.7 wri"].join("\n"));
    expect(cut.unfinishedCalls).toBe(1);
    expect(cut.unparsedLines).toBe(1);
    expect(cut.writes).toEqual([{ pid: 8, atSec: 1.6, startedAtSec: 1.6, syscall: "write", fd: 1, target: "pipe:[1]", bytes: 0, unknownResult: true }]);
  });

  it("keeps only the calls the filter wants", () => {
    expect(parseWriteTrace(TRACE, (write) => write.target === "/tmp/w/messages").writes).toHaveLength(5);
  });

  it("undoes strace's quoting of paths", () => {
    expect(unescapeStracePath("/tmp/t2 out\\76x")).toBe("/tmp/t2 out>x");
    expect(unescapeStracePath("/tmp/caf\\303\\251\\x21\\\\")).toBe("/tmp/café!\\");
    expect(parseWriteTrace('1 2.0 write(3</tmp/a\\76b (deleted)>, ""..., 1) = 1').writes[0]!.target).toBe("/tmp/a>b (deleted)");
  });
});
