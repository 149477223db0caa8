/**
 * Reading Linux's process table (/proc) cheaply: a process's state, process group and start time,
 * its initial environment, and the pids allocated since a given pid. The sweep after every case
 * of a suite goes through here, so reads use one reused buffer and no string conversion of whole
 * files. Everything answers "unknown" (undefined, -1, an empty list) rather than throwing: a
 * process can vanish between two reads, and /proc may be missing (other platforms).
 */
import { closeSync, existsSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";

/** Whether this platform has a Linux /proc to sweep (elsewhere every sweep is a no-op). */
export const PROC_AVAILABLE = process.platform === "linux" && existsSync("/proc/self/stat");

/** Below this many pids allocated since a launch, each is probed directly instead of listing /proc. */
const DIRECT_PROBE_LIMIT = 16;

/** What the sweep needs of /proc/PID/stat. */
export interface ProcStat {
  /** One letter: R, S, D, T, Z (zombie), X (dead)... */
  state: string;
  pgid: number;
  /** Start time in clock ticks after boot: with the pid, it names one process for good. */
  startTicks: number;
}

let buffer = Buffer.allocUnsafe(16 * 1024);

/** Reads a whole (small, procfs) file into the shared buffer; its length, or -1 when unreadable. */
function readIntoBuffer(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return -1;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return length;
      length += read;
    }
  } catch {
    return -1;
  } finally {
    closeSync(fd);
  }
}

/** State, group and start time of a process; undefined when it is gone or unreadable. */
export function readProcStat(pid: number): ProcStat | undefined {
  const length = readIntoBuffer(`/proc/${pid}/stat`);
  if (length <= 0) return undefined;
  const text = buffer.toString("latin1", 0, length);
  // The command name may hold spaces and parentheses: the fields start after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: state (3rd field of the file), ppid, pgrp (5th), ..., starttime (22nd).
  const state = fields[0];
  const pgid = Number(fields[2]);
  const startTicks = Number(fields[19]);
  if (state === undefined || !Number.isFinite(pgid) || !Number.isFinite(startTicks)) return undefined;
  return { state, pgid, startTicks };
}

/** Whether a stat describes a running process (a zombie has ended; PID 1 here may never reap it). */
export function isLiveState(state: string): boolean {
  return state !== "Z" && state !== "X" && state !== "x";
}

/**
 * Whether the initial environment of `pid` holds `needle` (e.g. `NAME=value\0`, or a prefix of a
 * value). False when the process is gone or its environment is unreadable.
 */
export function environHas(pid: number, needle: Buffer): boolean {
  const length = readIntoBuffer(`/proc/${pid}/environ`);
  if (length <= 0) return false;
  // The environment is NAME=value\0NAME=value\0...: a needle "\0NAME=" also matches the first entry
  // once the buffer is seen as preceded by a NUL.
  if (needle[0] === 0 && buffer.compare(needle, 1, needle.length, 0, Math.min(length, needle.length - 1)) === 0) return true;
  return buffer.subarray(0, length).indexOf(needle) !== -1;
}

/** Every value of variable `name` in the initial environment of `pid` (normally one). */
export function environValues(pid: number, name: string): string[] {
  const length = readIntoBuffer(`/proc/${pid}/environ`);
  if (length <= 0) return [];
  const prefix = `${name}=`;
  const values: string[] = [];
  for (const entry of buffer.toString("latin1", 0, length).split("\0")) {
    if (entry.startsWith(prefix)) values.push(entry.slice(prefix.length));
  }
  return values;
}

/** Every pid in /proc (this pid namespace). */
export function listPids(): number[] {
  if (!PROC_AVAILABLE) return [];
  const pids: number[] = [];
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const name of names) {
    const code = name.charCodeAt(0);
    if (code >= 48 && code <= 57) pids.push(Number(name));
  }
  return pids;
}

/** The last pid the kernel allocated in this pid namespace; undefined when unreadable. */
export function lastAllocatedPid(): number | undefined {
  const length = readIntoBuffer("/proc/sys/kernel/ns_last_pid");
  if (length <= 0) return undefined;
  const value = Number(buffer.toString("latin1", 0, length).trim());
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Pids that may belong to processes created after `pid` was allocated: pids are handed out in
 * increasing order and wrap around at pid_max, so they lie after `pid` up to the last allocated
 * one, across the wrap when it happened. Some returned pids may not exist (the caller's reads
 * fail on them). If the counter went all the way round past `pid` again during one launch
 * (pid_max allocations), older processes are missed here; the sweep at the tool's exit, which
 * reads every process, still finds them.
 */
export function pidsAllocatedAfter(pid: number): number[] {
  if (!PROC_AVAILABLE) return [];
  const last = lastAllocatedPid();
  if (last === undefined) return listPids().filter((candidate) => candidate !== pid);
  if (last >= pid && last - pid <= DIRECT_PROBE_LIMIT) {
    const pids: number[] = [];
    for (let candidate = pid + 1; candidate <= last; candidate++) pids.push(candidate);
    return pids;
  }
  // `last` is read again after the listing: every listed pid was then allocated at or before it,
  // so a process created meanwhile is never taken for one older than the launch.
  const all = listPids();
  const lastAfter = lastAllocatedPid() ?? last;
  return lastAfter >= pid ? all.filter((candidate) => candidate > pid && candidate <= lastAfter) : all.filter((candidate) => candidate > pid || candidate <= lastAfter);
}

/** The inode of this process's pid namespace (pids mean something only within one). */
export function pidNamespaceId(): string {
  if (!PROC_AVAILABLE) return "0";
  try {
    return /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? "0";
  } catch {
    return "0";
  }
}
