/**
 * `stdio-forwarded` against a library's own lines at the session's edges: a line printed right
 * before `opened` but handled after it (the harness was busy, and its poll of the messages file
 * came first) is not output printed while the session was open. Untraced, lines handled right
 * after `opened` count neither way; traced, every write is placed exactly, so a line the program
 * prints right after `opened` still fails a library that does not forward it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { probeWriteTracing } from "../../../harness/process/write-tracer.js";
import { runSession, type SessionRecord } from "../../../harness/session.js";
import { defaultContext } from "../../../suites/context-variations.js";
import { stdioForwarded } from "../../../suites/verifiers/stdio-forwarded.js";
import { PYTHON } from "../../helpers/python.js";

/** Blocks this thread, as a busy harness is blocked (no timer or I/O is handled meanwhile). */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const TRACING = await probeWriteTracing();

/**
 * Runs the fixture with include_stdio_in_messages, keeping the harness blocked while it writes its
 * own "Starting" line and opened (however slow the machine: until the fixture says both are
 * written, then 100 ms more, so that the file tailer's 25 ms poll is due): timers come before I/O
 * in a turn of the event loop, so opened is handled before the line, in the same turn.
 */
async function runBlocked(extraArgs: string[], traceWrites: boolean): Promise<SessionRecord> {
  const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-test-"));
  try {
    const go = join(directory, "go");
    const record = await runSession({
      argv: [PYTHON, "test/fixtures/targets/own-lines-at-session-edges.py", go, ...extraArgs],
      context: defaultContext(),
      includeStdio: true,
      traceWrites,
      onEvent: (event) => {
        if (event.type !== "output" || event.line.text !== "ready") return;
        writeFileSync(go, "");
        const giveUpAt = Date.now() + 60_000;
        while (!existsSync(`${go}.written`) && Date.now() < giveUpAt) blockFor(5);
        blockFor(100);
      },
    });
    expect(existsSync(`${go}.written`)).toBe(true);
    expect(record.transcript.map((line) => line.parse?.ok && (line.parse.value as { method?: string }).method)).toEqual(["opened", "closed"]);
    return record;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const check = (record: SessionRecord) => stdioForwarded.check({ record } as Parameters<typeof stdioForwarded.check>[0]);

describe("stdio-forwarded", () => {
  it("untraced, does not count a library's own line written before opened and handled after it: not judged, never a failure", async () => {
    const record = await runBlocked([], false);
    expect(record.output.stderr).toMatchObject({ lines: 2, linesWhileOpen: 0 });
    // The "Starting" line came after opened (the old count took it for output printed inside).
    expect(record.output.stderr.linesAtSessionEdges).toBe(1);
    expect(check(record)).toMatchObject({ status: "not-judged" });
  });

  it("untraced, does not count a line printed after a closed that has no newline yet (the drain cannot see that closed): not judged", async () => {
    const record = await runBlocked(["--closed-without-newline"], false);
    expect(record.output.stderr).toMatchObject({ lines: 2, linesWhileOpen: 0, linesAtSessionEdges: 2 });
    expect(check(record)).toMatchObject({ status: "not-judged" });
  });

  it.skipIf(!TRACING.available)("traced, places the library's own lines outside the session by its write calls: not judged", async () => {
    const record = await runBlocked([], true);
    expect(record.writeTrace).toMatchObject({ available: true, outputWritesWhileOpen: { stdout: 0, stderr: 0 } });
    expect(check(record)).toMatchObject({ status: "not-judged" });
  });

  it.skipIf(!TRACING.available)("traced, fails a library that does not forward a line the program printed right after opened, which untraced could not place", async () => {
    const record = await runBlocked(["--print-after-opened"], true);
    // Handled in opened's turn, the line is at the edge for the untraced count...
    expect(record.output.stdout.linesAtSessionEdges).toBe(1);
    // ...but the trace saw it written after opened and before closed.
    // (a print may take one write call or two: the text and its newline)
    expect(record.writeTrace).toMatchObject({ available: true, outputWritesWhileOpen: { stderr: 0 } });
    expect(record.writeTrace?.available && record.writeTrace.outputWritesWhileOpen?.stdout).toBeGreaterThanOrEqual(1);
    expect(check(record)).toMatchObject({ status: "fail", findings: [{ code: "E_STDIO_NOT_FORWARDED" }] });
  });
});
