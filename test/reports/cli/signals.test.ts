/**
 * The built CLI (dist/reports/cli/bin.js) as a CI job sees it: interrupted by SIGINT, SIGTERM or
 * SIGHUP (a closed terminal), forced by a second signal, or killed by SIGKILL and followed by one
 * more run. Afterwards no process of the program under test is alive (found by an environment
 * token that survives setsid) and no temp directory of ours is left. Everything is measured by
 * events: a marker line, then /proc polled with a generous deadline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_VARIABLE, killByToken, liveProcessesWithToken, settle } from "../../helpers/leftovers.js";
import { PYTHON } from "../../helpers/python.js";
import { formatJsonReport } from "../../../reports/reporters/json-reporter.js";
import type { Report } from "../../../suites/model/report.js";
import { runCli } from "../fake-io.js";

const BIN = resolve("dist/reports/cli/bin.js");
const ESCAPE = resolve("test/fixtures/targets/escape-process-group.py");
/** A target that ignores SIGTERM (so only a forced exit or SIGKILL ends it) and creates file argv[1] once it does. */
const STUBBORN = ["-c", "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); open(sys.argv[1], 'w').close(); time.sleep(600)"];
const linux = process.platform === "linux";

let work: string;
let privateTmp: string;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npx tsc -p tsconfig.json first`);
  work = mkdtempSync(join(tmpdir(), "signals-work-"));
  privateTmp = mkdtempSync(join(tmpdir(), "signals-tmp-"));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(privateTmp, { recursive: true, force: true });
});

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout or stderr holds `text`. */
  waitFor: (text: string | RegExp) => Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: string[], token: string): Cli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: work,
    env: { ...process.env, TMPDIR: privateTmp, [TOKEN_VARIABLE]: token, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: Array<() => void> = [];
  const check = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    check();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal })));
  const waitFor = async (text: string | RegExp): Promise<void> => {
    const seen = (): boolean => (typeof text === "string" ? (out + err).includes(text) : text.test(out + err));
    while (!seen()) {
      const more = new Promise<void>((resolveMore) => waiters.push(resolveMore));
      const ended = await Promise.race([more.then(() => false), exit.then(() => true)]);
      if (ended && !seen()) throw new Error(`the CLI exited before printing ${String(text)}:\n${out}\n${err}`);
    }
  };
  return { child, stdout: () => out, stderr: () => err, waitFor, exit };
}

/** Live processes carrying the token, the CLI itself (which carries it too) left out. */
function targets(token: string, cli: Cli): number[] {
  return liveProcessesWithToken(token).filter((pid) => pid !== cli.child.pid);
}

/** Temp directories of ours left in the private TMPDIR. */
function ourTempDirs(): string[] {
  return readdirSync(privateTmp).filter((name) => name.startsWith("pipes-conformance-"));
}

/** Whether process `pid` has `path` open (its /proc/PID/fd links). */
function hasOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Polls until `probe` is true (generous deadline: this machine may be busy). */
async function until(probe: () => boolean, limitMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  return true;
}

describe.runIf(linux)("the CLI interrupted by a signal", () => {
  for (const [signal, code] of [
    ["SIGHUP", 129],
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`run: ${signal} ends the target and what escaped its group, removes the context, exits ${code}`, async () => {
      const token = randomUUID();
      try {
        const cli = startCli(["run", "--", PYTHON, ESCAPE, "2", "1", "stay"], token);
        await cli.waitFor("stdout | escaped");
        // The marker is printed once every child has started; /proc may show the last one a moment
        // later on a busy machine, so wait for it rather than look once.
        expect(await until(() => targets(token, cli).length === 4), String(targets(token, cli))).toBe(true);
        expect(ourTempDirs()).toHaveLength(1);
        cli.child.kill(signal);
        const exit = await cli.exit;
        expect(exit.code, cli.stderr()).toBe(code);
        expect(cli.stderr()).toContain(`${signal} received`);
        expect(cli.stdout()).toMatch(/2 processes escaped the process group \(setsid\?\) and were ended/);
        expect(await settle(() => liveProcessesWithToken(token), 30_000)).toEqual([]);
        expect(ourTempDirs()).toEqual([]);
      } finally {
        killByToken(token);
      }
    });
  }

  it("the suite: a second SIGINT forces the exit while the target ignores SIGTERM; the report keeps its previous content", async () => {
    const token = randomUUID();
    const report = join(work, "forced.json");
    writeFileSync(report, '{"previous": true}\n');
    try {
      const ready = join(work, "stubborn-ready");
      const cli = startCli(["--case", "bootstrap.env-file-context", "--kill-grace", "600", "--output", `json=${report}`, "--", PYTHON, ...STUBBORN, ready], token);
      // The marker: the target now ignores SIGTERM.
      expect(await until(() => existsSync(ready))).toBe(true);
      cli.child.kill("SIGINT");
      await cli.waitFor("SIGINT received");
      cli.child.kill("SIGINT");
      const exit = await cli.exit;
      expect(exit.code, cli.stderr()).toBe(130);
      expect(await settle(() => liveProcessesWithToken(token), 30_000)).toEqual([]);
      expect(ourTempDirs()).toEqual([]);
      expect(readFileSync(report, "utf8")).toBe('{"previous": true}\n');
      expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    } finally {
      killByToken(token);
    }
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`the suite: ${signal} mid-run gives exit ${code} and an interrupted report that never passes (header, JUnit error, diff exit 1)`, async () => {
      const token = randomUUID();
      const json = join(work, `interrupted-${signal}.json`);
      const junit = join(work, `interrupted-${signal}.xml`);
      try {
        const ready = join(work, `sleeping-${signal}`);
        // A sleeping target: every case would wait for its timeout.
        const sleeper = ["-c", "import sys, time; open(sys.argv[1], 'w').close(); time.sleep(600)", ready];
        const cli = startCli(["--concurrency", "2", "--output", `json=${json}`, "--output", `junit=${junit}`, "--", PYTHON, ...sleeper], token);
        expect(await until(() => existsSync(ready))).toBe(true);
        cli.child.kill(signal);
        const exit = await cli.exit;
        expect(exit.code, cli.stderr()).toBe(code);
        const report = JSON.parse(readFileSync(json, "utf8")) as Report;
        expect(report.header.interrupted).toMatchObject({ signal });
        expect(report.summary).toMatchObject({ incomplete: true, dagsterAcceptance: false });
        expect(report.results.filter((result) => result.verdict === "pass")).toEqual([]);
        expect(report.results.filter((result) => result.verdict === "skip" && !/not declared|declared missing/.test(result.message ?? ""))).toEqual([]);
        expect(new Set(report.results.filter((result) => result.verdict === "not-run").map((result) => result.reason))).toEqual(new Set(["INTERRUPTED"]));
        expect(cli.stdout()).toContain(`INTERRUPTED by ${signal}`);
        expect(cli.stdout()).not.toContain("acceptance: yes");
        expect(readFileSync(junit, "utf8")).toMatch(/<testcase name="run\.complete" classname="run" time="0">\s*<error message="INTERRUPTED by /);
        const complete = join(work, "complete.json");
        writeFileSync(complete, formatJsonReport(report.results.length > 0 ? { ...report, header: { ...report.header, interrupted: undefined }, results: report.results.map((result) => ({ ...result, verdict: "pass" as const, reason: undefined, message: undefined })), summary: report.summary } : report));
        const diff = await runCli(["diff", complete, json], work);
        expect(diff.code).toBe(1);
        expect(diff.stdout).toContain(`incomplete report: the new report was interrupted by ${signal}`);
        expect(await settle(() => liveProcessesWithToken(token), 30_000)).toEqual([]);
        expect(ourTempDirs()).toEqual([]);
      } finally {
        killByToken(token);
      }
    });
  }

  it("validate: SIGTERM ends the wait on a FIFO nobody writes (exit 143)", async () => {
    const fifo = join(work, "nobody-writes");
    const made = spawn("mkfifo", [fifo]);
    await new Promise((resolveMade) => made.once("exit", resolveMade));
    const cli = startCli(["validate", fifo], randomUUID());
    // The marker: the CLI has the FIFO open (and waits for a writer that never comes).
    expect(await until(() => hasOpen(cli.child.pid!, fifo))).toBe(true);
    cli.child.kill("SIGTERM");
    const exit = await cli.exit;
    expect(exit.code, cli.stderr()).toBe(143);
    rmSync(fifo);
  });
});

describe.runIf(linux)("a run killed by SIGKILL", () => {
  it("is cleaned up by the next run: its target, what escaped, its context directory and its report temp file", async () => {
    const token = randomUUID();
    const report = join(work, "killed.json");
    writeFileSync(report, '{"previous": true}\n');
    try {
      const killed = startCli(["--case", "bootstrap.env-file-context", "--timeout", "600", "--output", `json=${report}`, "--", PYTHON, ESCAPE, "2", "1", "stay"], token);
      // The target, two escaped children and one in its group.
      expect(await until(() => targets(token, killed).length === 4)).toBe(true);
      killed.child.kill("SIGKILL");
      await killed.exit;
      // No handler ran: everything it started is still there, under init.
      expect(liveProcessesWithToken(token)).toHaveLength(4);
      expect(ourTempDirs()).toHaveLength(1);
      expect(readFileSync(report, "utf8")).toBe('{"previous": true}\n');
      expect(readdirSync(work).filter((name) => name.startsWith(".killed.json."))).toHaveLength(1);

      const next = startCli(["--case", "bootstrap.env-file-context", "--output", `json=${report}`, "--", PYTHON, "-c", "pass"], randomUUID());
      const exit = await next.exit;
      expect(exit.code, next.stderr()).not.toBe(3);
      // Four were left; one may end by itself before the sweep (the target's output pipes lost
      // their reader when the run was killed), so the sweep ends between 1 and 4 of them.
      expect(next.stderr()).toMatch(new RegExp(`ended [1-4] process(es)? and removed 1 temp directory left by an earlier pipes-conformance run \\(pid ${killed.child.pid}\\) that was killed`));
      expect(await settle(() => liveProcessesWithToken(token), 30_000)).toEqual([]);
      expect(ourTempDirs()).toEqual([]);
      // The next run wrote the report whole, and removed the killed run's temp file beside it.
      expect(JSON.parse(readFileSync(report, "utf8")).results).toHaveLength(1);
      expect(readdirSync(work).filter((name) => name.startsWith(".killed.json."))).toEqual([]);
    } finally {
      killByToken(token);
    }
  });
});
