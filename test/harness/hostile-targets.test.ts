/**
 * Hostile targets (test/fixtures/hostile/): programs that hang, flood, write giant or broken
 * lines, die by signals, leave orphans, read stdin, or wreck the messages file. For each, the
 * harness must end in a classified verdict within timeout + grace, never crash, keep memory
 * bounded, and leave no process (checked by process group, and by an environment token that a
 * setsid escapee still carries) and no temp directory behind.
 *
 * Time: assertions never race the clock. Fixtures sleep to create a condition; upper bounds on
 * durations are at least timeout + grace + 5 s; lower bounds only follow from sleeps and timers.
 * Memory: floods and giant lines run in a fresh Node process (test/helpers/session-in-child.ts),
 * whose peak RSS measures that one session; those tests need `npx tsc -p tsconfig.json` first.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OVERSIZE_TEXT_KEPT, SESSION_DEFAULTS, runSession, type SessionOptions, type SessionRecord, type TranscriptLine } from "../../harness/session.js";
import { runConformance } from "../../suites/api.js";
import { defaultContext } from "../../suites/context-variations.js";
import type { Verdict } from "../../suites/model/report.js";
import {
  TOKEN_VARIABLE,
  harnessTempEntries,
  isAlive,
  killByToken,
  liveProcessesInGroup,
  liveProcessesWithToken,
  settle,
  usePrivateTmpdir,
} from "../helpers/leftovers.js";
import { PYTHON } from "../helpers/python.js";
import type { ChildSummary } from "../helpers/session-in-child.js";

const HOSTILE = "test/fixtures/hostile/";
const CHILD_SCRIPT = new URL("../../dist/test/helpers/session-in-child.js", import.meta.url).pathname;
const MiB = 1 << 20;
const GiB = 1 << 30;
/** The bound the brief sets for memory: a generous +200 MB whatever the flood. */
const MEMORY_BOUND = 200 * MiB;

let restoreTmpdir: () => void;
beforeAll(() => {
  restoreTmpdir = usePrivateTmpdir("hostile-targets");
});
afterAll(() => restoreTmpdir());

/** What one hostile run produced, and what it left behind. */
interface HostileRun {
  record: SessionRecord;
  elapsedMs: number;
  /** Live processes of the target's process group after the run. */
  groupLeft: number[];
  /** Live processes carrying this run's token (a setsid escapee included). */
  tokenLeft: number[];
  /** pipes-conformance-* temp entries that appeared and stayed. */
  tempLeft: string[];
}

/** Observations printed for the report (verdict, timings, memory): `[hostile] name: {...}`. */
function observe(name: string, facts: Record<string, unknown>): void {
  console.log(`[hostile] ${name}: ${JSON.stringify(facts)}`);
}

function summarize(record: SessionRecord): Record<string, unknown> {
  return {
    exitCode: record.process.exitCode,
    signal: record.process.signal,
    timedOut: record.process.timedOut,
    outputHeldOpen: record.process.outputHeldOpen,
    ok: record.dagster.ok,
    stepSucceeded: record.dagster.stepSucceeded,
    failures: record.dagster.failures.map((failure) => failure.code),
    lines: record.transcript.map((line) => `${line.lineNumber}:${line.verdict.kind}${"cause" in line.verdict ? `(${line.verdict.cause})` : ""}${line.verdict.kind === "rejected" ? `(${line.verdict.rejection.code})` : ""}`),
    fileEvents: record.fileEvents.map((event) => event.kind),
    durationMs: Math.round(record.durationMs),
  };
}

/** Runs a hostile fixture through runSession and measures what it leaves. */
async function runHostile(script: string, args: readonly string[], options: Partial<SessionOptions> = {}): Promise<HostileRun> {
  const token = randomUUID();
  const tempBefore = harnessTempEntries();
  const started = performance.now();
  try {
    const record = await runSession({
      argv: [PYTHON, `${HOSTILE}${script}`, ...args],
      context: defaultContext(),
      ...options,
      env: { ...options.env, [TOKEN_VARIABLE]: token },
    });
    const elapsedMs = performance.now() - started;
    const groupLeft = await settle(() => liveProcessesInGroup(record.process.pid!));
    const tokenLeft = await settle(() => liveProcessesWithToken(token));
    const tempLeft = harnessTempEntries().filter((name) => !tempBefore.includes(name));
    observe(`${script} ${args.join(" ")}${options.channel ? ` (${options.channel})` : ""}`, { ...summarize(record), elapsedMs: Math.round(elapsedMs), tokenLeft: tokenLeft.length });
    return { record, elapsedMs, groupLeft, tokenLeft, tempLeft };
  } finally {
    // A failed assertion must not leak a process into the next test.
    killByToken(token);
  }
}

function expectNothingLeft(run: HostileRun): void {
  expect(run.groupLeft, "live processes in the target's group").toEqual([]);
  expect(run.tokenLeft, "live processes carrying the run's token").toEqual([]);
  expect(run.tempLeft, "temp entries left").toEqual([]);
}

/** The pid a fixture printed as "child <pid>". */
function childPid(record: SessionRecord): number {
  const match = /child (\d+)/.exec(record.output.stdout.head);
  expect(match, "the fixture printed its child's pid").not.toBeNull();
  return Number(match![1]);
}

function line(record: SessionRecord, lineNumber: number): TranscriptLine {
  const found = record.transcript.find((entry) => entry.lineNumber === lineNumber);
  expect(found, `transcript line ${lineNumber}`).toBeDefined();
  return found!;
}

/** Runs one session in a fresh Node process (memory measured there). */
async function runInChild(options: Omit<SessionOptions, "context">): Promise<{ summary: ChildSummary; groupLeft: number[]; tempLeft: string[] }> {
  if (!existsSync(CHILD_SCRIPT)) throw new Error(`${CHILD_SCRIPT} is missing: run npx tsc -p tsconfig.json first`);
  const tempBefore = harnessTempEntries();
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD_SCRIPT, JSON.stringify(options)], { maxBuffer: 16 * MiB, env: process.env });
  const summary = JSON.parse(stdout) as ChildSummary;
  const groupLeft = await settle(() => liveProcessesInGroup(summary.record.process.pid!));
  const tempLeft = harnessTempEntries().filter((name) => !tempBefore.includes(name));
  return { summary, groupLeft, tempLeft };
}

function memoryFacts(summary: ChildSummary): Record<string, number> {
  const mb = (bytes: number) => Math.round(bytes / MiB);
  return {
    maxRssBeforeMB: mb(summary.memory.maxRssBefore),
    maxRssAfterMB: mb(summary.memory.maxRssAfter),
    rssGrowthMB: mb(summary.memory.maxRssAfter - summary.memory.maxRssBefore),
    heapPeakGrowthMB: mb(summary.memory.heapUsedPeak - summary.memory.heapUsedBefore),
  };
}

describe("1. a target that hangs forever", () => {
  it("is ended by the timeout, children included (SIGTERM)", async () => {
    const run = await runHostile("hang-forever.py", [], { timeoutMs: 3000, killGraceMs: 1000 });
    expect(run.record.process.timedOut).toBe(true);
    expect(run.record.process.signal).toBe("SIGTERM");
    expect(run.record.dagster.stepSucceeded).toBe(false);
    expect(run.record.dagster.failures.map((failure) => failure.code)).toEqual(["F_TIMEOUT"]);
    expect(line(run.record, 1).verdict.kind).toBe("accepted");
    expect(isAlive(childPid(run.record))).toBe(false);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(2900);
    expect(run.elapsedMs).toBeLessThan(3000 + 1000 + 5000);
    expectNothingLeft(run);
  });

  it("that ignores SIGTERM is killed after the grace (SIGKILL)", async () => {
    const run = await runHostile("hang-forever.py", ["--ignore-sigterm"], { timeoutMs: 3000, killGraceMs: 1000 });
    expect(run.record.process.timedOut).toBe(true);
    expect(run.record.process.signal).toBe("SIGKILL");
    expect(run.record.dagster.stepSucceeded).toBe(false);
    expect(isAlive(childPid(run.record))).toBe(false);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(3900);
    expect(run.elapsedMs).toBeLessThan(3000 + 1000 + 5000);
    expectNothingLeft(run);
  });
});

describe("2. a target that leaves an orphan holding stdout/stderr", () => {
  it("is not waited for beyond orphanGraceMs; the orphan is ended", async () => {
    const run = await runHostile("orphan-holds-output.py", [], { orphanGraceMs: 1000, killGraceMs: 1000 });
    expect(run.record.process.exitCode).toBe(0);
    expect(run.record.process.timedOut).toBe(false);
    expect(run.record.process.outputHeldOpen).toBe(true);
    expect(run.record.dagster.ok).toBe(true);
    expect(isAlive(childPid(run.record))).toBe(false);
    // The orphan sleeps an hour and the timeout is the default 60 s: only the orphan grace ends this.
    expect(run.elapsedMs).toBeLessThan(1000 + 1000 + 5000);
    expectNothingLeft(run);
  });

  it("whose orphan leaves the process group (setsid) is still not waited for", async () => {
    const run = await runHostile("orphan-holds-output.py", ["--escape-group"], { orphanGraceMs: 1000, killGraceMs: 1000 });
    expect(run.record.process.outputHeldOpen).toBe(true);
    expect(run.record.dagster.ok).toBe(true);
    expect(run.elapsedMs).toBeLessThan(1000 + 1000 + 5000);
    // A process that left the group with setsid is beyond a group kill: the harness finds it by
    // the launch's cookie in its environment, ends it and counts it.
    expectNothingLeft(run);
    expect(run.record.process.escapedProcessesEnded).toBe(1);
  });
});

describe("3. floods of 1 GiB (memory measured in a fresh process)", () => {
  const floods = [
    { name: "stdout, 1 KiB lines", args: ["stdout", "1024"], stream: "stdout", lines: GiB / 1024 },
    { name: "stderr, 1 KiB lines", args: ["stderr", "1024"], stream: "stderr", lines: GiB / 1024 },
    { name: "stdout, no newline at all", args: ["stdout", "1024", "--no-newline"], stream: "stdout", lines: 1 },
    { name: "stderr as the message channel, no newline at all", args: ["stderr", "1024", "--no-newline"], stream: "stderr", lines: 1, channel: "stderr" as const },
  ] as const;
  for (const flood of floods) {
    it(`${flood.name}: every byte counted, memory bounded`, async () => {
      const { summary, groupLeft, tempLeft } = await runInChild({
        argv: [PYTHON, `${HOSTILE}flood.py`, ...flood.args],
        ...("channel" in flood ? { channel: flood.channel } : {}),
        timeoutMs: 120_000,
      });
      const output = summary.record.output[flood.stream];
      observe(`flood ${flood.name}`, { ...memoryFacts(summary), durationMs: Math.round(summary.record.durationMs), totalBytes: output.totalBytes, lines: output.lines });
      expect(summary.record.process.exitCode).toBe(0);
      expect(output.totalBytes).toBe(GiB);
      expect(output.lines).toBe(flood.lines);
      expect(output.headBytes + output.tailBytes).toBeLessThanOrEqual(1 * MiB);
      expect(output.droppedBytes).toBe(GiB - output.headBytes - output.tailBytes);
      expect(summary.record.transcriptCount).toBe(0);
      expect(summary.record.dagster.openedReceived).toBe(false);
      expect(summary.memory.maxRssAfter - summary.memory.maxRssBefore).toBeLessThan(MEMORY_BOUND);
      expect(groupLeft).toEqual([]);
      expect(tempLeft).toEqual([]);
    });
  }
});

describe("3b. a long stream of valid messages (memory measured in a fresh process)", () => {
  // Far beyond what a record keeps (10,000 lines or 64 KiB of text): the record keeps the first
  // lines and counts the rest, so memory stays bounded however long a valid run goes on.
  const COUNT = 500_000;
  for (const channel of ["file", "stderr"] as const) {
    it(`${COUNT.toLocaleString("en-US")} messages on the ${channel} channel: all accepted, the record bounded, memory bounded`, async () => {
      const { summary, groupLeft, tempLeft } = await runInChild({ argv: [PYTHON, `${HOSTILE}message-flood.py`, String(COUNT)], channel, timeoutMs: 300_000 });
      observe(`message flood ${channel}`, { ...memoryFacts(summary), durationMs: Math.round(summary.record.durationMs), transcriptCount: summary.record.transcriptCount });
      // opened + COUNT + one materialization + closed
      const total = COUNT + 3;
      expect(summary.record.process.exitCode).toBe(0);
      expect(summary.record.transcriptCount).toBe(total);
      expect(summary.record.transcriptRetained).toBeGreaterThan(0);
      expect(summary.record.transcriptRetained).toBeLessThanOrEqual(SESSION_DEFAULTS.retainLimit);
      // The line that crosses the byte budget is kept too: one flood line is well under 200 characters.
      expect(summary.record.transcriptRetainedText).toBeGreaterThanOrEqual(SESSION_DEFAULTS.retainBytes);
      expect(summary.record.transcriptRetainedText).toBeLessThan(SESSION_DEFAULTS.retainBytes + 200);
      expect(summary.record.transcript[0]!.textHead).toContain('"method": "opened"');
      expect(summary.record.dagster).toMatchObject({ ok: true, stepSucceeded: true, acceptedCount: total, lostCount: 0, closedReceived: true, failures: [] });
      expect(summary.memory.maxRssAfter - summary.memory.maxRssBefore).toBeLessThan(MEMORY_BOUND);
      expect(groupLeft).toEqual([]);
      expect(tempLeft).toEqual([]);
    });
  }
  it("a suite case keeps more (4 MiB), and says when it judged only the first lines", async () => {
    const report = await runConformance({ argv: [PYTHON, `${HOSTILE}message-flood.py`, "100000"], cases: ["bootstrap.env-file-context"], concurrency: 1, seed: 1 });
    const result = report.results[0]!;
    observe("suite case on a message flood", { verdict: result.verdict, observation: result.observation });
    expect(result.verdict, `${result.reason}: ${result.actual ?? result.message}`).toBe("pass");
    expect(result.observation).toMatch(/judged on the first \d+ of 100003 message lines/);
  });
});

describe("4. a single 100 MiB message line", () => {
  const cases = [
    { channel: "file" as const, maxLineBytes: undefined },
    { channel: "stderr" as const, maxLineBytes: undefined },
    { channel: "file" as const, maxLineBytes: 64 * 1024 },
    { channel: "stderr" as const, maxLineBytes: 64 * 1024 },
  ];
  for (const { channel, maxLineBytes } of cases) {
    it(`on the ${channel} channel, cap ${maxLineBytes ?? "default (16 MiB)"}: reported oversize, the rest judged, memory bounded`, async () => {
      const { summary, groupLeft, tempLeft } = await runInChild({
        argv: [PYTHON, `${HOSTILE}giant-line.py`, "100"],
        channel,
        ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
      });
      observe(`giant line ${channel} cap ${maxLineBytes ?? "default"}`, { ...memoryFacts(summary), durationMs: Math.round(summary.record.durationMs) });
      const [opened, giant, closed] = summary.record.transcript;
      expect(summary.record.transcriptCount).toBe(3);
      expect(opened!.verdict.kind).toBe("accepted");
      expect(giant).toMatchObject({ channel, lineNumber: 2, byteLength: 100 * MiB, oversize: true, keptTextLength: OVERSIZE_TEXT_KEPT, verdict: { kind: "oversize" } });
      expect(giant!.textHead).toMatch(/^\{"__dagster_pipes_version": "0\.1", "method": "log"/);
      expect(closed!.verdict.kind).toBe("accepted");
      expect(summary.record.dagster).toMatchObject({ ok: true, closedReceived: true, lostCount: 0 });
      expect(summary.memory.maxRssAfter - summary.memory.maxRssBefore).toBeLessThan(MEMORY_BOUND);
      expect(groupLeft).toEqual([]);
      expect(tempLeft).toEqual([]);
    });
  }

  it("a line of exactly the cap is judged; one the cap cannot hold is oversize", async () => {
    const atCap = await runHostile("giant-line.py", ["0.0625"], { maxLineBytes: 64 * 1024 });
    expect(line(atCap.record, 2)).toMatchObject({ byteLength: 64 * 1024, oversize: false, verdict: { kind: "accepted" } });
    expectNothingLeft(atCap);
    const overCap = await runHostile("giant-line.py", ["0.0625"], { maxLineBytes: 64 * 1024 - 1 });
    expect(line(overCap.record, 2)).toMatchObject({ byteLength: 64 * 1024, oversize: true, verdict: { kind: "oversize" } });
    expectNothingLeft(overCap);
  });
});

describe("5. invalid UTF-8 and NUL bytes", () => {
  it("an invalid UTF-8 message line kills Dagster's file reader: rejected E_INVALID_UTF8, the rest lost", async () => {
    const run = await runHostile("invalid-bytes.py", ["invalid-utf8-message"]);
    const bad = line(run.record, 2);
    expect(bad.invalidUtf8).toBe(true);
    expect(bad.verdict).toMatchObject({ kind: "rejected", fatal: true, rejection: { code: "E_INVALID_UTF8" } });
    expect(line(run.record, 3).verdict).toMatchObject({ kind: "lost", cause: "reader-dead", deathLine: 2 });
    expect(run.record.dagster.lostCount).toBe(2);
    expect(run.record.dagster.warnings.map((warning) => warning.code)).toContain("W_READER_DIED");
    expectNothingLeft(run);
  });

  it("on the stderr channel the invalid line is the program's output, and the session goes on", async () => {
    const run = await runHostile("invalid-bytes.py", ["invalid-utf8-message"], { channel: "stderr" });
    expect(run.record.transcript.map((entry) => entry.verdict.kind)).toEqual(["accepted", "accepted"]);
    // opened and closed are protocol lines; only the invalid line is the program's own output
    expect(run.record.output.stderr.lines).toBe(1);
    // Printed between them: inside, or at the session's edge when handled in opened's turn or the next.
    expect(run.record.output.stderr.linesWhileOpen + run.record.output.stderr.linesAtSessionEdges).toBe(1);
    expect(run.record.dagster.ok).toBe(true);
    expectNothingLeft(run);
  });

  it("a NUL escaped as \\u0000 inside a JSON string is a valid message", async () => {
    const run = await runHostile("invalid-bytes.py", ["escaped-nul"]);
    const nul = line(run.record, 2);
    expect(nul.text).toContain("\\u0000");
    expect(nul.verdict.kind).toBe("accepted");
    expect(nul.parse).toMatchObject({ ok: true, value: { params: { message: "nul \u0000 inside" } } });
    expect(run.record.dagster.ok).toBe(true);
    expectNothingLeft(run);
  });

  it("a raw NUL byte inside a JSON string is a JSON error (Python refuses raw control characters)", async () => {
    const run = await runHostile("invalid-bytes.py", ["raw-nul"]);
    const nul = line(run.record, 2);
    expect(nul.text).toContain("\u0000");
    expect(nul.verdict).toMatchObject({ kind: "rejected", fatal: true, rejection: { code: "E_JSON_SYNTAX" } });
    expect(line(run.record, 3).verdict).toMatchObject({ kind: "lost", cause: "reader-dead" });
    expectNothingLeft(run);
  });

  it("invalid UTF-8 and NUL bytes in the program's own output are counted and shown, not judged", async () => {
    const run = await runHostile("invalid-bytes.py", ["output"]);
    expect(run.record.output.stdout.totalBytes).toBe(Buffer.from("stdout \xff\xfe\x00 bytes\n\x00\x00\xc3\n", "latin1").length);
    expect(run.record.output.stderr.totalBytes).toBe(Buffer.from("stderr \xc3\x28 \x00 bytes\n\xff", "latin1").length);
    expect(run.record.output.stdout.lines).toBe(2);
    expect(run.record.output.stderr.lines).toBe(2);
    expect(run.record.dagster.ok).toBe(true);
    expectNothingLeft(run);
  });
});

describe("6. a partial last line (no newline at exit)", () => {
  for (const channel of ["file", "stderr"] as const) {
    it(`on the ${channel} channel: parsed at the end of the stream, terminator ""`, async () => {
      const run = await runHostile("partial-last-line.py", [], { channel });
      const last = line(run.record, 3);
      expect(last.terminator).toBe("");
      expect(last.verdict.kind).toBe("accepted");
      expect(last.parse).toMatchObject({ ok: true, value: { method: "closed" } });
      expect(run.record.dagster.ok).toBe(true);
      expectNothingLeft(run);
    });
  }
});

describe("7. a message split across two writes, 2 s apart, cut inside a UTF-8 character", () => {
  for (const channel of ["file", "stderr"] as const) {
    it(`on the ${channel} channel: joined, parsed once, accepted`, async () => {
      const run = await runHostile("split-write.py", ["2"], { channel });
      const split = line(run.record, 2);
      expect(split.pieces).toBeGreaterThan(1);
      expect(split.invalidUtf8).toBe(false);
      expect(split.verdict.kind).toBe("accepted");
      expect(split.parse).toMatchObject({ ok: true, value: { params: { message: "split \u2713 across two writes" } } });
      expect(run.record.transcriptCount).toBe(3);
      expect(run.record.dagster.ok).toBe(true);
      expectNothingLeft(run);
    });
  }
});

describe("8. a target that reads stdin", () => {
  it("gets end-of-file at once", async () => {
    const run = await runHostile("read-stdin.py", [], { timeoutMs: 30_000 });
    expect(run.record.process.timedOut).toBe(false);
    expect(run.record.dagster.customMessages).toEqual([expect.objectContaining({ stdin_bytes: 0 })]);
    const reported = run.record.dagster.customMessages[0] as { seconds: number };
    // Generous: EOF comes in microseconds; anything near the 30 s timeout would mean stdin was a live pipe.
    expect(reported.seconds).toBeLessThan(5);
    expect(run.elapsedMs).toBeLessThan(15_000);
    expect(run.record.dagster.ok).toBe(true);
    expectNothingLeft(run);
  });
});

describe("9. a target that dies by a signal", () => {
  for (const signal of ["SIGKILL", "SIGSEGV", "SIGTERM"]) {
    it(`${signal}: signal recorded, step failed`, async () => {
      const run = await runHostile("kill-self.py", [signal]);
      expect(run.record.process.signal).toBe(signal);
      expect(run.record.process.exitCode).toBeNull();
      expect(run.record.process.timedOut).toBe(false);
      expect(run.record.dagster.stepSucceeded).toBe(false);
      expect(run.record.dagster.failures.map((failure) => failure.code)).toEqual(["F_SIGNAL"]);
      expect(run.record.dagster.openedReceived).toBe(true);
      expect(run.record.dagster.closedReceived).toBe(false);
      expectNothingLeft(run);
    });
  }
});

describe("10. a target that wrecks the messages file mid-run", () => {
  it("deleted (then recreated by the next message): later messages lost, as Dagster's reader loses them", async () => {
    const run = await runHostile("disturb-messages-file.py", ["delete"]);
    expect(run.record.fileEvents.map((event) => event.kind)).toEqual(["deleted", "replaced"]);
    expect(run.record.transcript.map((entry) => entry.verdict.kind)).toEqual(["accepted", "accepted", "lost", "lost"]);
    // The replacement file's lines are numbered in that file: take the third line seen.
    expect(run.record.transcript[2]!.verdict).toMatchObject({ kind: "lost", cause: "file-replaced" });
    expect(run.record.dagster).toMatchObject({ ok: false, lostCount: 2, closedReceived: false });
    expectNothingLeft(run);
  });

  it("truncated: later messages lost (cause file-truncated)", async () => {
    const run = await runHostile("disturb-messages-file.py", ["truncate"]);
    expect(run.record.fileEvents.map((event) => event.kind)).toEqual(["truncated"]);
    expect(run.record.transcript.map((entry) => entry.verdict)).toEqual([
      expect.objectContaining({ kind: "accepted" }),
      expect.objectContaining({ kind: "accepted" }),
      { kind: "lost", cause: "file-truncated" },
      { kind: "lost", cause: "file-truncated" },
    ]);
    expect(run.record.dagster).toMatchObject({ ok: false, lostCount: 2, closedReceived: false });
    expectNothingLeft(run);
  });

  it("replaced by a rename: the new file's messages lost (cause file-replaced)", async () => {
    const run = await runHostile("disturb-messages-file.py", ["replace"]);
    expect(run.record.fileEvents.map((event) => event.kind)).toEqual(["replaced"]);
    expect(run.record.transcript.map((entry) => entry.verdict.kind)).toEqual(["accepted", "accepted", "lost", "lost", "lost"]);
    expect(run.record.transcript[2]!.text).toContain("in the replacement file");
    expect(run.record.transcript[2]!.verdict).toMatchObject({ kind: "lost", cause: "file-replaced" });
    expect(run.record.dagster).toMatchObject({ ok: false, lostCount: 3, closedReceived: false });
    expectNothingLeft(run);
  });

  it("replaced, but written through the old handle: Dagster still reads those messages", async () => {
    const run = await runHostile("disturb-messages-file.py", ["replace-keep-handle"]);
    expect(run.record.fileEvents.map((event) => event.kind)).toEqual(["replaced"]);
    expect(run.record.transcript.map((entry) => entry.verdict.kind)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
    expect(run.record.dagster).toMatchObject({ ok: true, closedReceived: true, lostCount: 0 });
    expectNothingLeft(run);
  });

  it("extended by an 8 GiB hole: the final drain stops at the session's deadline", async () => {
    const timeoutMs = 2000;
    const killGraceMs = 500;
    const run = await runHostile("disturb-messages-file.py", ["sparse-hole"], { timeoutMs, killGraceMs });
    expect(run.record.process).toMatchObject({ exitCode: 0, timedOut: false });
    expect(run.record.fileEvents.map((event) => event.kind)).toContain("unread");
    // The drain may run 5 s past timeout + grace; generous margin on top.
    expect(run.elapsedMs).toBeLessThan(timeoutMs + killGraceMs + 5000 + 10_000);
    expectNothingLeft(run);
  });

  // Before the fix in harness/reading/file-tailer.ts these crashed the harness process (EISDIR,
  // ESPIPE) or froze its event loop for good (a blocking open of a FIFO, an endless read of /dev/zero).
  for (const what of ["directory", "fifo", "device"]) {
    it(`replaced by a ${what}: reported, not read, the harness goes on`, async () => {
      const run = await runHostile("disturb-messages-file.py", [`replace-with-${what}`], { timeoutMs: 10_000, killGraceMs: 1000 });
      expect(run.record.process).toMatchObject({ exitCode: 0, timedOut: false });
      expect(run.record.fileEvents.map((event) => event.kind)).toContain("replaced");
      expect(run.record.transcript.map((entry) => entry.verdict.kind)).toEqual(["accepted", "accepted"]);
      expect(run.record.dagster).toMatchObject({ ok: false, closedReceived: false, stepSucceeded: true });
      expect(run.elapsedMs).toBeLessThan(10_000 + 1000 + 5000);
      expectNothingLeft(run);
    });
  }

  it("its directory (the harness's work directory) removed: no harness error, nothing left", async () => {
    // Before the fix in harness/session.ts, tmp's cleanup threw ENOENT out of runSession.
    const run = await runHostile("disturb-messages-file.py", ["remove-directory"]);
    expect(run.record.process.exitCode).toBe(0);
    expect(run.record.fileEvents.map((event) => event.kind)).toEqual(["deleted"]);
    expect(run.record.dagster).toMatchObject({ openedReceived: true, closedReceived: false });
    expectNothingLeft(run);
  });
});

describe("11. a target that starts slowly (3 s of sleep first)", () => {
  it("is fine within the default timeout", async () => {
    const run = await runHostile("slow-start.py", ["3"]);
    expect(run.record.process.timedOut).toBe(false);
    expect(run.record.dagster.ok).toBe(true);
    expect(run.elapsedMs).toBeGreaterThanOrEqual(3000);
    expectNothingLeft(run);
  });

  it("times out under a 1 s timeout", async () => {
    const run = await runHostile("slow-start.py", ["3"], { timeoutMs: 1000, killGraceMs: 1000 });
    expect(run.record.process.timedOut).toBe(true);
    expect(run.record.dagster.openedReceived).toBe(false);
    expect(run.record.dagster.failures.map((failure) => failure.code)).toEqual(["F_TIMEOUT"]);
    expect(run.elapsedMs).toBeLessThan(1000 + 1000 + 5000);
    expectNothingLeft(run);
  });
});

/**
 * Each hostile target once through the suite (one observed case): the verdict is the target's
 * (pass, fail or timeout), never `error`, which would blame the harness. Some hostile targets are
 * still conforming sessions (an orphan, a split write, a partial last line...): they pass.
 */
export const SUITE_ROWS: { script: string; args: string[]; verdict: Verdict; timeoutMs?: number }[] = [
  { script: "hang-forever.py", args: [], verdict: "timeout" },
  { script: "hang-forever.py", args: ["--ignore-sigterm"], verdict: "timeout" },
  { script: "orphan-holds-output.py", args: [], verdict: "pass" },
  { script: "flood.py", args: ["stdout", "256"], verdict: "fail" },
  { script: "flood.py", args: ["stderr", "256"], verdict: "fail" },
  { script: "flood.py", args: ["stdout", "256", "--no-newline"], verdict: "fail" },
  // An oversize line is not judged, so a session around it passes: see the report.
  { script: "giant-line.py", args: ["100"], verdict: "pass" },
  { script: "invalid-bytes.py", args: ["invalid-utf8-message"], verdict: "fail" },
  { script: "invalid-bytes.py", args: ["escaped-nul"], verdict: "pass" },
  { script: "invalid-bytes.py", args: ["raw-nul"], verdict: "fail" },
  { script: "invalid-bytes.py", args: ["output"], verdict: "pass" },
  { script: "partial-last-line.py", args: [], verdict: "pass" },
  { script: "split-write.py", args: ["2"], verdict: "pass" },
  { script: "read-stdin.py", args: [], verdict: "pass" },
  { script: "kill-self.py", args: ["SIGKILL"], verdict: "fail" },
  { script: "kill-self.py", args: ["SIGSEGV"], verdict: "fail" },
  { script: "kill-self.py", args: ["SIGTERM"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["delete"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["truncate"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["replace"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["replace-with-directory"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["replace-with-fifo"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["replace-with-device"], verdict: "fail" },
  { script: "disturb-messages-file.py", args: ["remove-directory"], verdict: "fail" },
  { script: "slow-start.py", args: ["3"], verdict: "pass", timeoutMs: 10_000 },
  { script: "slow-start.py", args: ["3"], verdict: "timeout", timeoutMs: 1000 },
];

describe(`each hostile target through the suite (${SUITE_ROWS.length} rows, case bootstrap.env-file-context)`, () => {
  for (const row of SUITE_ROWS) {
    const timeoutMs = row.timeoutMs ?? 5000;
    it(`${row.script} ${row.args.join(" ")}: ${row.verdict}, never error`, async () => {
      const token = randomUUID();
      const tempBefore = harnessTempEntries();
      try {
        const started = performance.now();
        const report = await runConformance({
          argv: [PYTHON, `${HOSTILE}${row.script}`, ...row.args],
          cases: ["bootstrap.env-file-context"],
          timeoutMs,
          killGraceMs: 1000,
          concurrency: 1,
          seed: 1,
          env: { [TOKEN_VARIABLE]: token },
        });
        const elapsedMs = performance.now() - started;
        expect(report.results).toHaveLength(1);
        const result = report.results[0]!;
        observe(`suite ${row.script} ${row.args.join(" ")}`, { verdict: result.verdict, reason: result.reason, elapsedMs: Math.round(elapsedMs) });
        expect(result.verdict).not.toBe("error");
        expect(result.verdict, `${result.reason}: ${result.actual ?? result.message}`).toBe(row.verdict);
        expect(elapsedMs).toBeLessThan(timeoutMs + 1000 + 5000 + 10_000);
        expect(await settle(() => liveProcessesWithToken(token))).toEqual([]);
        expect(harnessTempEntries().filter((name) => !tempBefore.includes(name))).toEqual([]);
      } finally {
        killByToken(token);
      }
    });
  }
});
