/**
 * `stdio-forwarded` against a library's own lines at the session's edges: a line printed right
 * before `opened` but handled after it (the harness was busy, and its poll of the messages file
 * came first) is not output printed while the session was open.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSession } from "../../../harness/session.js";
import { defaultContext } from "../../../suites/context-variations.js";
import { stdioForwarded } from "../../../suites/verifiers/stdio-forwarded.js";
import { PYTHON } from "../../helpers/python.js";

/** Blocks this thread, as a busy harness is blocked (no timer or I/O is handled meanwhile). */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe("stdio-forwarded", () => {
  it("does not count a library's own line written before opened and handled after it: not judged, never a failure", async () => {
    const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-test-"));
    try {
      const go = join(directory, "go");
      const record = await runSession({
        argv: [PYTHON, "test/fixtures/targets/own-lines-at-session-edges.py", go],
        context: defaultContext(),
        includeStdio: true,
        onEvent: (event) => {
          if (event.type !== "output" || event.line.text !== "ready") return;
          writeFileSync(go, "");
          // The target writes its "Starting" line and opened while the harness is blocked (however
          // slow the machine: the block lasts until the target says both are written); then the
          // file tailer's poll, due by then (every 25 ms), runs first, since timers come before I/O
          // in a turn of the event loop: opened is handled before the line, in the same turn.
          const giveUpAt = Date.now() + 60_000;
          while (!existsSync(`${go}.written`) && Date.now() < giveUpAt) blockFor(5);
          blockFor(100);
        },
      });
      expect(existsSync(`${go}.written`)).toBe(true);
      expect(record.transcript.map((line) => line.parse?.ok && (line.parse.value as { method?: string }).method)).toEqual(["opened", "closed"]);
      expect(record.output.stderr).toMatchObject({ lines: 2, linesWhileOpen: 0 });
      // The "Starting" line came after opened (the old count took it for output printed inside).
      expect(record.output.stderr.linesAtSessionEdges).toBe(1);
      const outcome = stdioForwarded.check({ record } as Parameters<typeof stdioForwarded.check>[0]);
      expect(outcome).toMatchObject({ status: "not-judged" });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
