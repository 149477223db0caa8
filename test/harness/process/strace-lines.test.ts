/**
 * The strace line reader every trace parser reads through: calls another process interrupted are
 * joined, ends and calls are told apart, and what the format does not allow is counted as such.
 */
import { describe, expect, it } from "vitest";
import { StraceLineReader, type StraceLine } from "../../../harness/process/strace-lines.js";

function readAll(lines: string[]): { read: StraceLine[]; unfinished: number } {
  const reader = new StraceLineReader();
  const read = lines.map((line) => reader.read(line)).filter((line): line is StraceLine => line !== undefined);
  return { read, unfinished: reader.unfinishedCalls };
}

describe("StraceLineReader", () => {
  it("joins a call split by another process's, timed when it returned and when it was entered", () => {
    const { read, unfinished } = readAll([
      "10 1.5 write(3</m>, \"\"..., 6 <unfinished ...>",
      "11 1.6 mkdir(\"x\", 0777) = 0",
      "10 1.7 <... write resumed>) = 6",
      "",
      "11 1.8 --- SIGCHLD {si_signo=SIGCHLD} ---",
      "11 1.9 +++ exited with 0 +++",
    ]);
    expect(read).toEqual([
      { kind: "call", pid: 11, atSec: 1.6, startedAtSec: 1.6, syscall: "mkdir", text: "\"x\", 0777) = 0" },
      { kind: "call", pid: 10, atSec: 1.7, startedAtSec: 1.5, syscall: "write", text: "3</m>, \"\"..., 6) = 6" },
      { kind: "end", pid: 11, atSec: 1.9, text: "+++ exited with 0 +++" },
    ]);
    expect(unfinished).toBe(0);
  });

  it("counts what the format does not allow, and the calls a process's end left unfinished or never resumed", () => {
    const { read, unfinished } = readAll([
      "garbage",
      "10 1.0 <... write resumed>) = 6",
      "10 1.1 write(3</m>, \"\"..., 6 <unfinished ...>",
      "10 1.2 <... writev resumed>) = 6",
      "12 1.3 write(1<pipe:[1]>, \"\"..., 2 <unfinished ...>",
      "13 1.4 write(1<pipe:[1]>, \"\"..., 2 <unfinished ...>",
      "13 1.5 +++ killed by SIGKILL +++",
    ]);
    expect(read.map((line) => line.kind)).toEqual(["unparsed", "unparsed", "unparsed", "end"]);
    expect(unfinished).toBe(1);
  });
});
