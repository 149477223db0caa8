/**
 * Fixed synthetic reports for the reporter, merge and diff tests: every verdict, generated results
 * with seed and path, and text hostile to XML, Markdown, HTML, terminals and workflow commands.
 * Times and paths are fixed, so renderings are stable snapshots.
 */
import { levelOfPrefix } from "../../suites/finding-codes.js";
import type { Level } from "../../suites/model/case.js";
import { REPORT_VERSION, summarize, type CaseResult, type Report, type ReportHeader, type Verdict } from "../../suites/model/report.js";

/** Text with everything a renderer must survive. */
export const HOSTILE =
  '<script>alert("x")</script> & ]]> a|b \\| c *bold* _em_ [link](http://x) @octocat #1 `tick` ``` fence ``` ' +
  "NUL\u0000 BS\u0008 ESC\u001b[31mred\u001b[0m DEL\u007f lone\ud800 nonchar\uffff " +
  "emoji 🎉 CJK 漢字 RTL עברית combining e\u0301 100% a:b,c CR\rLF\nTAB\tend";

/** A fixed header. */
export function header(overrides: Partial<ReportHeader> = {}): ReportHeader {
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: "pipes-conformance", version: "0.1.0" },
    protocolVersion: "0.1",
    command: ["python3", "/project/drivers/python/driver.py", "--flag=a b"],
    capabilities: { driven: true, transports: ["env"], contextForms: ["path"], channels: ["file"], without: [] },
    axes: { transport: "env", contextForm: "path", channel: "file" },
    seed: 1234,
    runs: 3,
    strict: false,
    startedAt: "2025-01-02T03:04:05.678Z",
    durationMs: 12_345.6,
    node: "v20.19.0",
    platform: "linux",
    arch: "x64",
    ...overrides,
  };
}

const RULE = { section: "PROTOCOL.md › External-side lifecycle", anchor: "docs/PROTOCOL.md#lifecycle-opened-first", quote: "The first message is opened." };

/**
 * A result with sensible defaults for the fields a test does not care about. A finding code as its
 * reason, with Expected/Actual, becomes its one finding, as the runner writes it.
 */
export function result(id: string, verdict: Verdict, fields: Partial<CaseResult> = {}): CaseResult {
  const [caseId, variant] = id.split("#") as [string, string | undefined];
  const level: Level = verdict === "warn" ? "SHOULD" : verdict === "info" ? "INFO" : "MUST";
  const findingLevel = fields.reason === undefined ? undefined : levelOfPrefix(fields.reason);
  const finding =
    fields.findings === undefined && findingLevel !== undefined && fields.expected !== undefined
      ? { findings: [{ code: fields.reason!, level: findingLevel, expected: fields.expected, actual: fields.actual ?? "", ...(fields.lines ? { lines: fields.lines } : {}), rootCause: fields.reason! }], rootCause: fields.reason! }
      : {};
  return {
    id,
    caseId,
    ...(variant === undefined ? {} : { variant }),
    title: `Title of ${caseId}`,
    area: caseId.slice(0, caseId.indexOf(".")),
    level,
    mode: "observed",
    refs: [RULE],
    verdict,
    durationMs: 120.5,
    ...finding,
    ...fields,
  };
}

/** A report from results (summary computed). */
export function report(results: CaseResult[], headerOverrides: Partial<ReportHeader> = {}): Report {
  return { header: header(headerOverrides), results, summary: summarize(results) };
}

/** Every verdict, generated inputs, hostile text. */
export function everyVerdictReport(headerOverrides: Partial<ReportHeader> = {}): Report {
  return report(
    [
      result("lifecycle.opened-first", "pass", {
        durationMs: 80.25,
        launch: { transport: "env", contextForm: "path", channel: "file", includeStdio: false, bootstrap: "normal" },
      }),
      result("lifecycle.closed-exactly-once", "fail", {
        reason: "E_CLOSED_TWICE",
        expected: "exactly one closed message",
        actual: "2 closed messages (lines 3 and 5)",
        lines: [
          { channel: "file", lineNumber: 3, text: '{"__dagster_pipes_version": "0.1", "method": "closed", "params": {}}' },
          { channel: "file", lineNumber: 5, text: '{"__dagster_pipes_version": "0.1", "method": "closed", "params": {}}' },
        ],
        stderrTail: "Traceback (most recent call last):\n  File \"driver.py\", line 3\nRuntimeError: boom",
      }),
      result("context.tolerated#ctx=2", "fail", {
        title: 'Tolerates <generated> contexts & "nulls"',
        reason: "E_SESSION_FAILED",
        expected: "exit 0 and closed without exception",
        actual: HOSTILE,
        lines: [{ channel: "stderr", lineNumber: 1, text: HOSTILE }],
        generated: { seed: 1234, path: "2:0:1", counterexample: '{"asset_keys": null, "extras": {"k": "\\u0000"}}', shrunk: true },
      }),
      result("schema.dagster-level#ctx=0", "pass", {
        generated: { seed: 1234, path: "0", counterexample: '{"asset_keys": ["a"]}', shrunk: false },
      }),
      result("protocol.version-field", "warn", {
        reason: "W_VERSION_NOT_REFERENCE",
        expected: '"__dagster_pipes_version": "0.1" on every message',
        actual: 'line 1 has "__dagster_pipes_version": "0.2"',
      }),
      result("timing.streaming", "info", { observation: "all 4 messages arrived within 1 ms of exit (batched)" }),
      result("bootstrap.cli-arguments", "skip", { message: "needs transport:cli, not declared (--transports env,cli)", durationMs: 0 }),
      result("errors.exception-exits-nonzero", "timeout", {
        reason: "TIMEOUT",
        message: "the target did not finish within 60 s; its process group was ended",
        durationMs: 60_000,
      }),
      result("driven.get-extra", "error", {
        mode: "driven",
        reason: "DRIVER_UNSUPPORTED",
        message: "the driver does not support op get_extra (a driver problem, not blamed on the implementation)",
      }),
    ],
    headerOverrides,
  );
}

/** A run interrupted by SIGTERM: one case judged, one cut while running, the rest never started. */
export function interruptedReport(): Report {
  const results = [
    result("lifecycle.opened-first", "pass"),
    result("lifecycle.closed-exactly-once", "not-run", { reason: "INTERRUPTED", message: "not finished: the run was stopped while this case ran" }),
    result("framing.valid-utf8", "not-run", { reason: "INTERRUPTED", message: "not run: the run was interrupted" }),
  ];
  const interrupted = { signal: "SIGTERM", at: "2025-01-02T03:04:09.000Z" };
  return { header: header({ interrupted }), results, summary: summarize(results, true) };
}
