/**
 * The line format strace writes with `-f -ttt`, shared by every trace this harness reads: each
 * line is prefixed by the pid and an epoch timestamp, and a call that another process interrupts
 * is split in two lines, which are joined here:
 *
 *     write(3</tmp/x/messages>, ""..., 6 <unfinished ...>
 *     <... write resumed>) = 6
 *     +++ exited with 0 +++
 *     --- SIGCHLD {si_signo=SIGCHLD, ...} ---
 */

/** One line of a trace, calls joined. */
export type StraceLine =
  /**
   * A complete call: `text` is everything after `name(`, the result included. `atSec`: the time of
   * its last line (when it returned, for a call split by another process's); `startedAtSec`: the
   * time of its first line (strace stamps a line when the call is entered), the same for a call
   * on one line.
   */
  | { kind: "call"; pid: number; atSec: number; startedAtSec: number; syscall: string; text: string }
  /** How a process ended (`+++ exited with 0 +++`, `+++ killed by SIGKILL +++`). */
  | { kind: "end"; pid: number; atSec: number; text: string }
  /** A line this format does not allow (a truncated last line, a resumption of no pending call). */
  | { kind: "unparsed" };

const PREFIX = /^(\d+)\s+(\d+(?:\.\d+)?)\s+(.*)$/;
const CALL = /^([a-z0-9_]+)\((.*)$/;
const RESUMED = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/;
const UNFINISHED = " <unfinished ...>";

/** Reads a trace line by line, joining interrupted calls; signal lines and blank lines give nothing. */
export class StraceLineReader {
  private readonly pending = new Map<number, { syscall: string; text: string; startedAtSec: number }>();

  /** Reads one line (without its newline): what it completes, if anything. */
  read(line: string): StraceLine | undefined {
    if (line.trim() === "") return undefined;
    const prefix = PREFIX.exec(line);
    if (prefix === null) return { kind: "unparsed" };
    const pid = Number(prefix[1]);
    const atSec = Number(prefix[2]);
    const rest = prefix[3]!;
    if (rest.startsWith("+++")) {
      this.pending.delete(pid);
      return { kind: "end", pid, atSec, text: rest };
    }
    if (rest.startsWith("---")) return undefined;
    const resumed = RESUMED.exec(rest);
    if (resumed !== null) {
      const call = this.pending.get(pid);
      this.pending.delete(pid);
      if (call === undefined || call.syscall !== resumed[1]) return { kind: "unparsed" };
      return { kind: "call", pid, atSec, startedAtSec: call.startedAtSec, syscall: call.syscall, text: `${call.text}${resumed[2]!}` };
    }
    const call = CALL.exec(rest);
    if (call === null) return { kind: "unparsed" };
    if (call[2]!.endsWith(UNFINISHED)) {
      this.pending.set(pid, { syscall: call[1]!, text: call[2]!.slice(0, -UNFINISHED.length), startedAtSec: atSec });
      return undefined;
    }
    return { kind: "call", pid, atSec, startedAtSec: atSec, syscall: call[1]!, text: call[2]! };
  }

  /** Calls still waiting for their resumption. */
  get unfinishedCalls(): number {
    return this.pending.size;
  }
}
