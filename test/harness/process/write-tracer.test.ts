import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { probeWriteTracing, resolveExecutable } from "../../../harness/process/write-tracer.js";
import { runSession, type SessionOptions, type SessionRecord } from "../../../harness/session.js";
import { defaultContext } from "../../../suites/context-variations.js";
import { isAlive, killByToken, liveProcessesWithToken, settle, TOKEN_VARIABLE } from "../../helpers/leftovers.js";
import { PYTHON } from "../../helpers/python.js";

const TRACING = await probeWriteTracing();
/** Tests that need strace to work say why they are skipped when it does not. */
const WHY_NOT = TRACING.available ? "" : ` (skipped: ${TRACING.reason})`;
/** The interpreter by its absolute path, for sessions run under a PATH without it. */
const PYTHON_PATH = resolveExecutable(PYTHON, process.env.PATH, process.cwd())!;
const HOSTILE = "test/fixtures/hostile/";

const scratch = mkdtempSync(join(tmpdir(), "write-tracer-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory holding only an executable `strace` with the given shell body. */
function fakeStrace(name: string, body: string): string {
  const bin = mkdtempSync(join(scratch, `${name}-`));
  writeFileSync(join(bin, "strace"), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, "strace"), 0o755);
  return bin;
}

/** The same session traced and untraced, with a token to find whatever either leaves running. */
async function twice(options: Omit<SessionOptions, "context">): Promise<{ plain: SessionRecord; traced: SessionRecord; leftovers: number[] }> {
  const token = randomUUID();
  try {
    const env = { ...options.env, [TOKEN_VARIABLE]: token };
    const plain = await runSession({ ...options, context: defaultContext(), env });
    const traced = await runSession({ ...options, context: defaultContext(), env, traceWrites: true });
    return { plain, traced, leftovers: await settle(() => liveProcessesWithToken(token)) };
  } finally {
    killByToken(token);
  }
}

/** What a verdict sees of how a process ended. */
const ending = (record: SessionRecord) => ({
  exitCode: record.process.exitCode,
  signal: record.process.signal,
  timedOut: record.process.timedOut,
  spawnError: record.process.spawnError?.code,
});

describe("whether write tracing works here", () => {
  it("is found out once per PATH and says why not in one line", async () => {
    expect(await probeWriteTracing()).toBe(TRACING);
    if (!TRACING.available) expect(TRACING.reason).not.toContain("\n");
  });

  it("without strace on PATH: not installed", async () => {
    const empty = mkdtempSync(join(scratch, "empty-"));
    expect(await probeWriteTracing(empty)).toEqual({ available: false, reason: "strace is not installed: not found on PATH" });
  });

  it("where ptrace is not permitted (a container without CAP_SYS_PTRACE): says so", async () => {
    const bin = fakeStrace(
      "denied",
      'if [ "$1" = "-V" ]; then echo "strace -- version 6.1"; exit 0; fi\necho "strace: attach: ptrace(PTRACE_SEIZE, 4242): Operation not permitted" >&2\nexit 1',
    );
    const result = await probeWriteTracing(bin);
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toMatch(/^strace cannot trace here: ptrace is not permitted .*Operation not permitted$/);
  });

  it("a strace that talks on stderr (it would mix with the program's output) is not used", async () => {
    const bin = fakeStrace("noisy", 'if [ "$1" = "-V" ]; then echo "strace -- version 6.1"; exit 0; fi\necho "strace: something odd" >&2\nexit 0');
    const result = await probeWriteTracing(bin);
    expect(!result.available && result.reason).toBe("strace's trial trace failed (exit 0): strace: something odd");
  });
});

describe(`a traced session is the same session${WHY_NOT}`, () => {
  it.skipIf(!TRACING.available)("same argv, environment, stdout and exit code", async () => {
    const script = "import os, sys; print(sys.argv[1:], os.environ['PROBE']); sys.stdout.flush(); sys.exit(3)";
    const { plain, traced, leftovers } = await twice({ argv: [PYTHON, "-c", script, "a b", "--x"], env: { PROBE: "value" } });
    expect(ending(traced)).toEqual({ exitCode: 3, signal: null, timedOut: false, spawnError: undefined });
    expect(ending(traced)).toEqual(ending(plain));
    expect(traced.output.stdout.head).toBe("['a b', '--x'] value\n");
    expect(traced.output.stdout.head).toBe(plain.output.stdout.head);
    expect(traced.output.stderr.totalBytes).toBe(0);
    expect(traced.argv).toEqual(plain.argv);
    expect(leftovers).toEqual([]);
  }, 60_000);

  it.skipIf(!TRACING.available)("a signal death is reported as the signal", async () => {
    for (const signal of ["SIGSEGV", "SIGKILL"]) {
      const { plain, traced } = await twice({ argv: [PYTHON, `${HOSTILE}kill-self.py`, signal] });
      expect(ending(traced), signal).toEqual({ exitCode: null, signal, timedOut: false, spawnError: undefined });
      expect(ending(traced)).toEqual(ending(plain));
      expect(traced.writeTrace, signal).toMatchObject({ available: true, tornLines: [] });
    }
  }, 60_000);

  it.skipIf(!TRACING.available)("the timeout's group kill still ends the program and its child (SIGTERM ignored: SIGKILL), and strace with them", async () => {
    const { plain, traced, leftovers } = await twice({ argv: [PYTHON, `${HOSTILE}hang-forever.py`, "--ignore-sigterm"], timeoutMs: 1500, killGraceMs: 500 });
    expect(ending(traced)).toEqual({ exitCode: null, signal: "SIGKILL", timedOut: true, spawnError: undefined });
    expect(ending(traced)).toEqual(ending(plain));
    const child = Number(/child (\d+)/.exec(traced.output.stdout.head)?.[1]);
    expect(isAlive(child)).toBe(false);
    // strace itself carries the token (it runs with the program's environment): it is gone too.
    expect(leftovers).toEqual([]);
    expect(traced.writeTrace).toMatchObject({ available: true, calls: 1 });
  }, 60_000);

  it.skipIf(!TRACING.available)("maps the lines Dagster's dead reader never read too: they were written to the channel all the same", async () => {
    // Line 2 is invalid UTF-8 and kills the reader; line 3 is lost to it. The map used to leave
    // lost lines out, so the bytes written no longer added up and the whole trace was refused.
    const traced = await runSession({ argv: [PYTHON, "test/fixtures/hostile/invalid-bytes.py", "invalid-utf8-message"], context: defaultContext(), traceWrites: true });
    expect(traced.transcript.map((line) => line.verdict.kind)).toEqual(["accepted", "rejected", "lost"]);
    expect(traced.writeTrace).toMatchObject({ available: true });
    expect(traced.writeTrace?.available === true && traced.writeTrace.lines.map((line) => line.lineNumber)).toEqual([1, 2, 3]);
  }, 60_000);

  it.skipIf(!TRACING.available)("a program that does not start is launched untraced, so its spawn error is the same", async () => {
    const badInterpreter = join(scratch, "bad-interpreter");
    writeFileSync(badInterpreter, "#!/nonexistent/pipes-conformance/interpreter\n");
    chmodSync(badInterpreter, 0o755);
    for (const argv of [["no-such-program-pipes-conformance"], ["test/fixtures/README.md"], [badInterpreter]]) {
      const { plain, traced } = await twice({ argv });
      expect(ending(traced)).toEqual(ending(plain));
      expect(traced.process.spawnError).toBeDefined();
      expect(traced.writeTrace).toMatchObject({ available: false, reason: expect.stringContaining("launched untraced") });
    }
  }, 60_000);
});

describe("without strace", () => {
  it("a session asked to trace runs untraced and records why", async () => {
    const saved = process.env.PATH;
    process.env.PATH = mkdtempSync(join(scratch, "no-strace-"));
    try {
      const record = await runSession({ argv: [PYTHON_PATH, "test/fixtures/python/conforming-driver.py"], context: defaultContext(), traceWrites: true });
      expect(record.process.exitCode).toBe(0);
      expect(record.dagster.ok).toBe(true);
      expect(record.writeTrace).toEqual({ available: false, reason: "strace is not installed: not found on PATH" });
    } finally {
      process.env.PATH = saved;
    }
  }, 60_000);
});
