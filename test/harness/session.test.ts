import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../harness/bootstrap/bootstrap-params.js";
import { runSession, type SessionRecord } from "../../harness/session.js";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonObject } from "../../harness/json/number-lexemes.js";
import { PYTHON } from "../helpers/python.js";
import { HAS_RSCRIPT, R_FIXTURE } from "../helpers/rscript.js";
import { REFERENCE_CORPUS_URL as CORPUS } from "../helpers/reference-corpus.js";

const corpusLines = (name: string): string[] => readFileSync(new URL(name, CORPUS), "utf8").trimEnd().split("\n");
const referenceContext = parsePythonJson(readFileSync(new URL("context.json", CORPUS), "utf8")).ok
  ? ((parsePythonJson(readFileSync(new URL("context.json", CORPUS), "utf8")) as { value: JsonObject }).value)
  : {};
const ACTIONS = JSON.parse(readFileSync(new URL("../fixtures/python/reference-actions.json", import.meta.url), "utf8")) as { ok: unknown[]; raise: unknown[] };

/** The two conforming fixtures: a Python (stdlib) and a TypeScript/Node implementation. */
export const CONFORMING_FIXTURES: Record<string, readonly string[]> = {
  python: [PYTHON, "test/fixtures/python/conforming-driver.py"],
  node: ["node", "dist/test/fixtures/node/conforming-driver.js"],
  ...(HAS_RSCRIPT ? { r: R_FIXTURE } : {}),
};

function driven(actions: unknown[]): JsonObject {
  return { ...referenceContext, extras: { ...(referenceContext.extras as JsonObject), pipes_conformance: { version: 1, case: "corpus", actions } as never } };
}

/** Whether a process is alive: it exists and is not a zombie waiting for a reaper. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function messageLines(record: SessionRecord): string[] {
  return record.transcript.filter((line) => line.protocol).map((line) => line.text);
}

const COMBINATIONS = TRANSPORTS.flatMap((transport) => CONTEXT_FORMS.flatMap((contextForm) => CHANNELS.map((channel) => ({ transport, contextForm, channel }))));

describe("sessions with the conforming fixtures", () => {
  for (const [name, argv] of Object.entries(CONFORMING_FIXTURES)) {
    it.concurrent(`${name}: reproduces ok.jsonl message for message in all 20 combinations`, async () => {
      const expected = corpusLines("ok.jsonl");
      for (const combination of COMBINATIONS) {
        const record = await runSession({ argv, context: driven(ACTIONS.ok), ...combination });
        const label = `${name} ${combination.transport}/${combination.contextForm}/${combination.channel}`;
        expect(messageLines(record), label).toEqual(expected);
        expect(record.dagster.ok, label).toBe(true);
        expect(record.process.exitCode, label).toBe(0);
      }
    });

    it.concurrent(`${name}: reproduces raise.jsonl up to the exception, and exits non-zero`, async () => {
      const expected = corpusLines("raise.jsonl");
      for (const channel of CHANNELS) {
        const record = await runSession({ argv, context: driven(ACTIONS.raise), channel });
        const lines = messageLines(record);
        expect(lines.slice(0, -1), `${name} ${channel}`).toEqual(expected.slice(0, -1));
        const closed = JSON.parse(lines[lines.length - 1]!) as { params: { exception: Record<string, unknown> } };
        expect(Object.keys(closed.params.exception)).toEqual(["message", "stack", "name", "cause", "context"]);
        expect(closed.params.exception.message).toContain("Very bad error has happened!");
        if (name === "python") {
          const reference = JSON.parse(expected[expected.length - 1]!) as { params: { exception: Record<string, unknown> } };
          expect({ ...closed.params.exception, stack: [] }).toEqual({ ...reference.params.exception, stack: [] });
        }
        expect(record.process.exitCode).not.toBe(0);
        expect(record.dagster.stepSucceeded).toBe(false);
        expect(record.dagster.closedException).not.toBeNull();
      }
    });
  }
});

describe("session mechanics", () => {
  it("reads the messages file live: a 2 s pause between writes shows in the arrival times", async () => {
    const record = await runSession({ argv: ["python3", "test/fixtures/targets/pause-between-messages.py", "2"], context: {} });
    const [opened, closed] = record.transcript;
    expect(closed!.arrivalMs - opened!.arrivalMs).toBeGreaterThan(1500);
    // And the first message arrived well before the process ended.
    expect(record.process.exitedAtMs! - record.process.startedAtMs - opened!.arrivalMs).toBeGreaterThan(1500);
  });

  it("ends the whole process group on timeout, children included", async () => {
    let childPid = 0;
    const record = await runSession({
      argv: ["python3", "test/fixtures/targets/spawn-sleeping-child.py"],
      context: {},
      timeoutMs: 1500,
      killGraceMs: 500,
      onEvent: (event) => {
        if (event.type === "output" && /^\d+$/.test(event.line.text)) childPid = Number(event.line.text);
      },
    });
    expect(record.process.timedOut).toBe(true);
    expect(record.process.signal).toBe("SIGTERM");
    expect(childPid).toBeGreaterThan(0);
    expect(isAlive(childPid)).toBe(false);
    expect(record.dagster.stepSucceeded).toBe(false);
  });

  it("caps captured output, keeping head and tail and counting every byte", async () => {
    const record = await runSession({ argv: ["python3", "test/fixtures/targets/flood-stdout.py", "5"], context: {}, outputCapBytes: 64 * 1024 });
    expect(record.output.stdout.totalBytes).toBe(5 * 1024 * 1024);
    expect(Buffer.byteLength(record.output.stdout.head) + Buffer.byteLength(record.output.stdout.tail)).toBe(64 * 1024);
    expect(record.output.stdout.droppedBytes).toBe(5 * 1024 * 1024 - 64 * 1024);
    expect(record.output.stdout.lines).toBe(5 * 1024);
  });

  it("reports a command that does not exist as a spawn error", async () => {
    const record = await runSession({ argv: ["no-such-command-pipes-conformance"], context: {} });
    expect(record.process.spawnError).toEqual({ code: "ENOENT", message: "command not found: no-such-command-pipes-conformance" });
  });

  it("removes inherited DAGSTER_PIPES_* variables and lets bootstrap variables win", async () => {
    process.env.DAGSTER_PIPES_IS_DAGSTER_PIPED_PROCESS = "inherited";
    try {
      const record = await runSession({
        argv: ["python3", "-c", "import os; print(sorted(k for k in os.environ if k.startswith('DAGSTER_PIPES')), os.environ.get('MINE'))"],
        context: {},
        env: { MINE: "given", DAGSTER_PIPES_CONTEXT: "user" },
      });
      expect(record.output.stdout.head.trim()).toBe("['DAGSTER_PIPES_CONTEXT', 'DAGSTER_PIPES_MESSAGES'] given");
      expect(record.bootstrap.env.DAGSTER_PIPES_CONTEXT).not.toBe("user");
    } finally {
      delete process.env.DAGSTER_PIPES_IS_DAGSTER_PIPED_PROCESS;
    }
  });
});

describe("a record past its retention budget", () => {
  it("keeps the transcript a prefix and the closed that came after the cut apart", async () => {
    const record = await runSession({ argv: [PYTHON, "test/fixtures/hostile/message-flood.py", "200"], context: {}, retainBytes: 2048 });
    expect(record.transcriptCount).toBe(203);
    expect(record.transcript.length).toBeLessThan(record.transcriptCount);
    // A prefix: lines 1..n in order, nothing after the cut.
    expect(record.transcript.map((line) => line.lineNumber)).toEqual(record.transcript.map((_, index) => index + 1));
    expect(record.transcript.some((line) => line.text.includes('"closed"'))).toBe(false);
    expect(record.framingPastBudget.map((line) => line.lineNumber)).toEqual([203]);
    expect(record.framingPastBudget[0]!.text).toContain('"method": "closed"');
  });
});
