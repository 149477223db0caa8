/**
 * framing.split-writes and timing.streaming on programs that write the way real ones do: torn
 * lines (rocky's Rust emitter, R's `cat(json); cat("\n")`), batching until exit, streaming with
 * pauses, and the conforming fixtures, judged under a CPU load where it matters: the torn-write
 * warning on every run where strace works, and never a false warning or a false "batched".
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeWriteTracing, resolveExecutable } from "../../../harness/process/write-tracer.js";
import { reportSchemaProblem } from "../../../reports/report-schema.js";
import { ConfigError, resolveCapabilities, runConformance, type CaseResult, type ConformanceOptions, type Report } from "../../../suites/api.js";
import { TORN_WRITE_HARM } from "../../../suites/verifiers/split-writes.js";
import { PYTHON } from "../../helpers/python.js";
import { HAS_RSCRIPT, R_FIXTURE } from "../../helpers/rscript.js";

const TRACING = await probeWriteTracing();
const WHY_NOT = TRACING.available ? "" : ` (skipped: ${TRACING.reason})`;
const PYTHON_PATH = resolveExecutable(PYTHON, process.env.PATH, process.cwd())!;
const WRITES = "test/fixtures/writes/";

/** The C compiler; CI installs gcc and sets PIPES_CONFORMANCE_REQUIRE_CC so a missing one fails there. */
const CC = resolveExecutable("cc", process.env.PATH, process.cwd()) ?? resolveExecutable("gcc", process.env.PATH, process.cwd());
if (CC === undefined && process.env.PIPES_CONFORMANCE_REQUIRE_CC) throw new Error("a C compiler (cc or gcc) is required (PIPES_CONFORMANCE_REQUIRE_CC is set) but none was found");
const NO_CC = CC === undefined ? " (skipped: no C compiler, cc or gcc, on PATH)" : "";
const NO_R = HAS_RSCRIPT ? "" : " (skipped: Rscript not found)";

const build = mkdtempSync(join(tmpdir(), "write-verdicts-test-"));
/** The rocky-style writer, compiled for this run; launched through a decoder of the messages params. */
let tornWriter: string[] = [];
beforeAll(() => {
  if (CC === undefined) return;
  const binary = join(build, "torn-writer");
  execFileSync(CC, ["-O1", "-o", binary, `${WRITES}torn-writer.c`], { stdio: ["ignore", "ignore", "inherit"] });
  tornWriter = [PYTHON_PATH, `${WRITES}exec-with-messages-target.py`, binary];
});
afterAll(() => rmSync(build, { recursive: true, force: true }));

const TORN_R = ["Rscript", "--default-packages=base", `${WRITES}torn-writer.R`];
const BATCHING = [PYTHON, `${WRITES}batch-after-opened.py`, "2.5"];
const STREAMING = [PYTHON, `${WRITES}stream-with-pauses.py`, "5", "0.5"];
const CONFORMING = {
  python: [PYTHON, "test/fixtures/python/conforming-driver.py"],
  node: ["node", "dist/test/fixtures/node/conforming-driver.js"],
  r: R_FIXTURE,
};

/** The two traced cases' results for one run of a program. */
async function judge(argv: readonly string[], options: Partial<ConformanceOptions> = {}): Promise<{ report: Report; split: CaseResult; streaming: CaseResult }> {
  const report = await runConformance({ argv, cases: ["framing.split-writes", "timing.streaming"], seed: 1, runs: 1, concurrency: 2, timeoutMs: 60_000, ...options });
  const find = (id: string): CaseResult => {
    const result = report.results.find((candidate) => candidate.id === id);
    expect(result, id).toBeDefined();
    return result!;
  };
  return { report, split: find("framing.split-writes"), streaming: find("timing.streaming") };
}

const describeResult = (result: CaseResult): string => `${result.id}: ${result.verdict} ${result.reason ?? ""} ${result.actual ?? result.observation ?? result.message ?? ""}`;

describe(`torn writes are seen on every run${WHY_NOT}`, () => {
  it.skipIf(!TRACING.available || CC === undefined)(`rocky-style C writer (opened in 29 calls, then JSON and newline apart): W_TORN_WRITE, 5 runs out of 5${NO_CC}`, async () => {
    for (let run = 1; run <= 5; run++) {
      const { report, split } = await judge(tornWriter);
      expect(split.verdict, describeResult(split)).toBe("warn");
      expect(split.reason).toBe("W_TORN_WRITE");
      expect(split.actual).toContain(TORN_WRITE_HARM);
      expect(split.actual).toContain("4 message lines of 4 written in several write calls (line 1: 29 calls, line 2: 2 calls, line 3: 2 calls, line 4: 2 calls)");
      expect(split.lines?.[0]?.text).toContain('"method": "opened"');
      expect(report.header.writeTracing).toEqual({ mode: "auto", used: true });
      expect(reportSchemaProblem(JSON.parse(JSON.stringify(report)))).toBeUndefined();
    }
  }, 300_000);

  it.skipIf(!TRACING.available || !HAS_RSCRIPT)(`R writing cat(json); cat("\\n"): W_TORN_WRITE, 3 runs out of 3${NO_R}`, async () => {
    for (let run = 1; run <= 3; run++) {
      const { split } = await judge(TORN_R);
      expect(split.verdict, describeResult(split)).toBe("warn");
      expect(split.reason).toBe("W_TORN_WRITE");
      expect(split.actual).toContain("(line 1: 2 calls, line 2: 2 calls, line 3: 2 calls, line 4: 2 calls)");
    }
  }, 300_000);

  it.skipIf(!TRACING.available || CC === undefined)(`on a stdout channel a torn line is harmless: recorded, not warned${NO_CC}`, async () => {
    const { split } = await judge(tornWriter, { capabilities: resolveCapabilities({ channels: ["stdout"] }) });
    expect(split.verdict, describeResult(split)).toBe("pass");
    expect(split.observation).toContain("harmless on a stdout channel");
  }, 120_000);
});

describe("under a CPU load (two busy loops beside the test)", () => {
  const hogs: ChildProcess[] = [];
  beforeAll(() => {
    for (let index = 0; index < 2; index++) hogs.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  });
  afterAll(() => {
    for (const hog of hogs) if (hog.pid !== undefined) hog.kill("SIGKILL");
  });

  it("the conforming fixtures, 20 runs in all: never a torn-write warning, never batched", async () => {
    const runs: [string, string[]][] = HAS_RSCRIPT
      ? [...Array(7).fill(["python", CONFORMING.python]), ...Array(7).fill(["node", CONFORMING.node]), ...Array(6).fill(["r", CONFORMING.r])]
      : [...Array(10).fill(["python", CONFORMING.python]), ...Array(10).fill(["node", CONFORMING.node])];
    const seen: string[] = [];
    for (const [name, argv] of runs) {
      const { split, streaming } = await judge(argv);
      seen.push(`${name}: ${split.verdict}/${streaming.verdict}`);
      expect(split.verdict, `${name} ${describeResult(split)}`).toBe("pass");
      // Streamed (a pass), or too short a life to judge (a skip, never a pass): never batched.
      if (streaming.verdict === "skip") {
        expect(streaming.reason, `${name} ${describeResult(streaming)}`).toBe("NOT_APPLICABLE");
        expect(streaming.message, name).toMatch(/^not judged: the program lived \d+\.\d s after opened .* under the 1\.0 s it takes to tell streaming from batching/);
      } else {
        expect(streaming.verdict, `${name} ${describeResult(streaming)}`).toBe("pass");
        expect(streaming.reason).toBeUndefined();
        expect(streaming.observation, name).toMatch(/^streamed: /);
      }
      if (TRACING.available) expect(split.observation, name).toMatch(/^every message line was written by one write call/);
    }
    expect(seen).toHaveLength(20);
  }, 900_000);

  it("a program that batches every message after opened until exit: W_BATCHED_AT_EXIT, 3 runs out of 3", async () => {
    for (let run = 1; run <= 3; run++) {
      const { streaming } = await judge(BATCHING);
      expect(streaming.verdict, describeResult(streaming)).toBe("warn");
      expect(streaming.reason).toBe("W_BATCHED_AT_EXIT");
      expect(streaming.actual).toContain(TRACING.available ? "(write times traced)" : "(arrival times)");
    }
  }, 300_000);

  it("a program that streams with pauses: streamed, 3 runs out of 3", async () => {
    for (let run = 1; run <= 3; run++) {
      const { split, streaming } = await judge(STREAMING);
      expect(streaming.verdict, describeResult(streaming)).toBe("pass");
      expect(streaming.observation).toMatch(/^streamed: 6 messages spread over \d+\.\d s of the \d+\.\d s the program lived after opened/);
      expect(split.verdict, describeResult(split)).toBe("pass");
    }
  }, 300_000);
});

describe("without strace (a PATH without it)", () => {
  const saved = process.env.PATH;
  beforeAll(() => {
    process.env.PATH = mkdtempSync(join(build, "no-strace-"));
  });
  afterAll(() => {
    process.env.PATH = saved;
  });

  it(`torn lines are only guessed from arrivals (never W_TORN_WRITE), and the report says tracing was not used${NO_CC}`, async () => {
    if (CC === undefined) return;
    const { report, split } = await judge(tornWriter);
    expect(report.header.writeTracing).toEqual({ mode: "auto", used: false, reason: "strace is not installed: not found on PATH" });
    expect(split.reason === undefined || split.reason === "I_SPLIT_WRITE_GUESSED", describeResult(split)).toBe(true);
    expect(`${split.actual ?? ""}${split.observation ?? ""}`).toContain("write calls not traced: strace is not installed: not found on PATH");
  }, 120_000);

  it("batching is still seen, from arrival times", async () => {
    const { streaming } = await judge([PYTHON_PATH, ...BATCHING.slice(1)]);
    expect(streaming.reason, describeResult(streaming)).toBe("W_BATCHED_AT_EXIT");
    expect(streaming.actual).toContain("(arrival times)");
  }, 120_000);

  it("--trace-writes on is a configuration error with the reason; off does not look for strace", async () => {
    await expect(judge([PYTHON_PATH, `${WRITES}stream-with-pauses.py`, "1", "0"], { traceWrites: "on" })).rejects.toThrow(new ConfigError("--trace-writes on: strace is not installed: not found on PATH"));
    const { report } = await judge([PYTHON_PATH, `${WRITES}stream-with-pauses.py`, "1", "0"], { traceWrites: "off" });
    expect(report.header.writeTracing).toEqual({ mode: "off", used: false, reason: "--trace-writes off" });
  }, 120_000);

  it("the CLI: --trace-writes on exits 2 with one line; an unknown mode too", () => {
    const cli = (args: string[]) => {
      try {
        // A TMPDIR of its own: in the shared one, the CLI would also (rightly) report removing what
        // another test's killed run left there, a line this test is not about.
        execFileSync(process.execPath, ["dist/reports/cli/bin.js", ...args], { env: { ...process.env, TMPDIR: mkdtempSync(join(build, "tmp-")) }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        return { code: 0, stderr: "" };
      } catch (error) {
        const failure = error as { status: number; stderr: string };
        return { code: failure.status, stderr: failure.stderr };
      }
    };
    expect(cli(["--trace-writes", "on", "--", PYTHON_PATH, `${WRITES}stream-with-pauses.py`])).toEqual({ code: 2, stderr: "pipes-conformance: --trace-writes on: strace is not installed: not found on PATH\n" });
    const unknown = cli(["--trace-writes", "sometimes", "--", PYTHON_PATH, `${WRITES}stream-with-pauses.py`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toContain('--trace-writes: "sometimes" is not one of auto, on, off');
  });
});
