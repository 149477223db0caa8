import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { probeWriteTracing } from "../../harness/process/write-tracer.js";
import { resolveCapabilities, runConformance, type Report } from "../../suites/api.js";
import type { Verdict } from "../../suites/model/report.js";
import { PYTHON } from "../helpers/python.js";

const FAULTY = [PYTHON, "test/fixtures/python/faulty-driver.py"];

/** What must flag one fault: the case (bare ID), the verdict and the reason code. */
interface Flag {
  caseId: string;
  verdict: Verdict;
  reason: string;
}

/** One fault of the faulty fixture (or a combination), how to run the suite on it, and the flags. */
interface FaultCase {
  fault: string;
  driven?: boolean;
  channel?: "stderr" | "stdout" | "buffered-stderr" | "buffered-stdout";
  contextForm?: "data";
  /** Features the run declares missing (`--without`). */
  without?: string[];
  timeoutMs?: number;
  flags: Flag[];
}

/** With strace a torn line is seen exactly; without it, only guessed from how the line arrived. */
const TRACING = (await probeWriteTracing()).available;

const must = (caseId: string, reason: string): Flag => ({ caseId, verdict: "fail", reason });
const should = (caseId: string, reason: string): Flag => ({ caseId, verdict: "warn", reason });
const info = (caseId: string, reason: string): Flag => ({ caseId, verdict: "info", reason });
/** A case that ran but had nothing to judge: a skip with reason NOT_APPLICABLE, never a pass. */
const notJudged = (caseId: string): Flag => ({ caseId, verdict: "skip", reason: "NOT_APPLICABLE" });

/** Every fault of test/fixtures/python/faulty-driver.py, with the cases that must flag it. */
export const FAULT_CASES: FaultCase[] = [
  { fault: "no-opened", flags: [must("lifecycle.opened-first", "E_NO_OPENED")] },
  { fault: "opened-late", flags: [must("lifecycle.opened-first", "E_OPENED_NOT_FIRST")] },
  { fault: "crash-after-opened", flags: [should("lifecycle.closed-exactly-once", "W_NO_CLOSED_AFTER_CRASH"), should("errors.nonzero-exit-reports-exception", "W_NO_CLOSED_AFTER_CRASH"), must("bootstrap.env-file-context", "E_PROGRAM_ERROR")] },
  { fault: "crash-with-r-error", flags: [must("bootstrap.env-file-context", "E_PROGRAM_ERROR")] },
  { fault: "closed-twice", flags: [should("lifecycle.closed-exactly-once", "W_CLOSED_TWICE"), should("lifecycle.nothing-after-closed", "W_CLOSED_TWICE")] },
  { fault: "message-after-closed", flags: [must("lifecycle.nothing-after-closed", "E_MESSAGE_AFTER_CLOSED")] },
  { fault: "blank-line", flags: [must("framing.one-object-per-line", "E_BLANK_LINE"), must("dagster.accepts-every-message", "E_JSON_SYNTAX")] },
  { fault: "not-an-object", flags: [must("framing.one-object-per-line", "E_MESSAGE_NOT_OBJECT"), must("dagster.accepts-every-message", "E_MESSAGE_NOT_OBJECT")] },
  { fault: "invalid-utf8", flags: [must("framing.valid-utf8", "E_INVALID_UTF8"), must("dagster.accepts-every-message", "E_INVALID_UTF8")] },
  { fault: "split-write", flags: [TRACING ? should("framing.split-writes", "W_TORN_WRITE") : info("framing.split-writes", "I_SPLIT_WRITE_GUESSED")] },
  { fault: "no-final-newline", flags: [should("framing.final-newline", "W_NO_FINAL_NEWLINE")] },
  { fault: "version-missing", flags: [should("protocol.version-field", "W_VERSION_MISSING")] },
  { fault: "version-missing", channel: "stderr", flags: [must("channel.version-marks-stdio-messages", "E_VERSION_MISSING_ON_STDIO"), must("dagster.accepts-every-message", "E_VERSION_MISSING_ON_STDIO")] },
  { fault: "version-wrong", flags: [should("protocol.version-field", "W_VERSION_NOT_0_1")] },
  { fault: "duplicate-messages", channel: "stdout", flags: [should("lifecycle.closed-exactly-once", "W_CLOSED_TWICE"), must("dagster.materialized-once", "E_DUPLICATE_MATERIALIZATION")] },
  // Every line written twice: in driven mode too the observed cases' finding (one root cause),
  // which names the other lines written twice in a row.
  { fault: "duplicate-messages", driven: true, flags: [must("driven.channel-stdout", "E_DUPLICATE_MATERIALIZATION"), must("driven.channel-file", "E_DUPLICATE_MATERIALIZATION")] },
  { fault: "buffered-out-of-order", channel: "buffered-stderr", flags: [must("lifecycle.nothing-after-closed", "E_MESSAGE_AFTER_CLOSED"), must("channel.buffered-stderr", "E_MESSAGE_AFTER_CLOSED")] },
  // Driven mode: the channel twins run traffic on each buffered channel, whatever the run's own channel.
  { fault: "buffered-out-of-order", driven: true, flags: [must("driven.channel-buffered-stderr", "E_MESSAGE_AFTER_CLOSED"), must("driven.channel-buffered-stdout", "E_MESSAGE_AFTER_CLOSED"), must("driven.channel-buffered-stderr-raise", "E_MESSAGE_AFTER_CLOSED")] },
  { fault: "context-rejects-non-finite", driven: true, flags: [should("driven.custom-payload-non-finite", "W_CONTEXT_UNREADABLE_NON_FINITE")] },
  { fault: "batched-at-exit", flags: [should("timing.streaming", "W_BATCHED_AT_EXIT")] },
  { fault: "closed-null", flags: [should("schema.reference-level", "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT")] },
  { fault: "closed-list", flags: [should("schema.reference-level", "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT")] },
  { fault: "opened-extras-list", flags: [should("schema.reference-level", "W_OPENED_EXTRAS_NOT_OBJECT")] },
  { fault: "empty-metadata-list", flags: [must("dagster.accepts-every-message", "E_METADATA_NOT_OBJECT"), must("schema.dagster-level", "E_METADATA_NOT_OBJECT")] },
  { fault: "empty-metadata-object", driven: true, flags: [should("driven.materialization-data-version", "W_IMAGE_REPRESENTATION")] },
  { fault: "empty-metadata-object", flags: [should("schema.reference-level", "W_METADATA_EMPTY_OBJECT")] },
  // A library declared without exception forwarding is still warned of what it writes otherwise.
  { fault: "no-exception,empty-metadata-object", driven: true, without: ["exceptions"], flags: [should("driven.refuses-duplicate-materialization", "W_IMAGE_REPRESENTATION")] },
  { fault: "ignores-include-stdio", flags: [must("channel.include-stdio", "E_STDIO_NOT_FORWARDED")] },
  { fault: "bare-metadata", flags: [must("dagster.accepts-every-message", "E_METADATA_BARE_VALUE"), must("schema.dagster-level", "E_METADATA_BARE_VALUE")] },
  { fault: "job-metadata-type", flags: [must("dagster.accepts-every-message", "E_METADATA_UNKNOWN_TYPE")] },
  { fault: "whole-float-as-int", flags: [must("dagster.accepts-every-message", "E_METADATA_FLOAT_AS_INT"), must("schema.dagster-level", "E_METADATA_FLOAT_AS_INT")] },
  { fault: "floats-15-digits", driven: true, flags: [must("driven.materialization-scalar-metadata", "E_IMAGE_WRONG_PARAMS")] },
  { fault: "empty-key-renamed", driven: true, flags: [must("driven.report-context-extras-shapes", "E_IMAGE_WRONG_PARAMS")] },
  { fault: "big-int-rounded", driven: true, flags: [should("driven.custom-payloads", "W_NUMBER_REPRESENTATION")] },
  { fault: "nan-as-string", driven: true, flags: [should("driven.custom-payload-non-finite", "W_NON_FINITE_NUMBER")] },
  { fault: "level-warn", flags: [should("schema.reference-level", "W_LOG_LEVEL_NOT_CANONICAL")] },
  { fault: "level-warn", driven: true, flags: [should("driven.log-levels", "W_IMAGE_REPRESENTATION")] },
  { fault: "level-lowercase", flags: [should("schema.reference-level", "W_LOG_LEVEL_NOT_CANONICAL")] },
  { fault: "level-trace", flags: [must("dagster.accepts-every-message", "E_LOG_LEVEL")] },
  { fault: "severity-null", flags: [must("dagster.accepts-every-message", "E_SEVERITY")] },
  { fault: "severity-lowercase", flags: [must("dagster.accepts-every-message", "E_SEVERITY")] },
  { fault: "data-version-empty", driven: true, flags: [must("driven.materialization-data-version", "E_IMAGE_WRONG_PARAMS")] },
  { fault: "check-missing-severity", flags: [must("dagster.accepts-every-message", "E_PARAMS_MISSING_KEY")] },
  { fault: "extra-param-key", flags: [must("dagster.accepts-every-message", "E_PARAMS_EXTRA_KEY")] },
  { fault: "exception-flattened", driven: true, flags: [should("driven.raise-forwarded", "W_EXCEPTION_NOT_FORWARDED")] },
  { fault: "observed-raise,exception-stack-object", flags: [should("schema.reference-level", "W_EXCEPTION_FIELD")] },
  { fault: "exception-stack-object", driven: true, flags: [should("driven.raise-reference-shape", "W_EXCEPTION_FIELD")] },
  { fault: "observed-raise,exception-context-list", flags: [should("schema.reference-level", "W_EXCEPTION_FIELD")] },
  // An error that ends the session without closed: the same code in observed and driven mode.
  { fault: "observed-raise,no-closed-on-error", flags: [should("lifecycle.closed-exactly-once", "W_NO_CLOSED_AFTER_CRASH"), should("errors.nonzero-exit-reports-exception", "W_NO_CLOSED_AFTER_CRASH")] },
  { fault: "no-closed-on-error", driven: true, flags: [should("driven.raise-forwarded", "W_NO_CLOSED_AFTER_CRASH"), should("driven.refuses-missing-extra", "W_NO_CLOSED_AFTER_CRASH")] },
  { fault: "observed-raise,no-exception", flags: [should("errors.nonzero-exit-reports-exception", "W_EXCEPTION_NOT_FORWARDED")] },
  // With no exception forwarded, the exception's shape has nothing to judge: a skip, never a pass.
  { fault: "no-exception", driven: true, flags: [should("driven.raise-forwarded", "W_EXCEPTION_NOT_FORWARDED"), notJudged("driven.raise-reference-shape")] },
  // Once the image diverges (closed first), the exception the raise owed is still judged: a finding
  // of the failing case (its verdict is the E_ finding's).
  // Declared without exceptions, the raise twins still judge the channel's order.
  { fault: "buffered-out-of-order,no-exception", driven: true, without: ["exceptions"], flags: [must("driven.channel-buffered-stderr-raise", "E_MESSAGE_AFTER_CLOSED"), must("driven.channel-buffered-stdout-raise", "E_MESSAGE_AFTER_CLOSED")] },
  { fault: "buffered-out-of-order,no-exception", driven: true, flags: [must("driven.channel-buffered-stderr-raise", "W_EXCEPTION_NOT_FORWARDED"), must("driven.channel-buffered-stdout-raise", "W_EXCEPTION_NOT_FORWARDED")] },
  { fault: "observed-raise,exception-exit-zero", flags: [must("errors.exception-exits-nonzero", "E_EXIT_ZERO_AFTER_EXCEPTION")] },
  { fault: "exception-exit-zero", driven: true, flags: [must("driven.raise-exits-nonzero", "E_EXIT_ZERO_AFTER_EXCEPTION")] },
  { fault: "exit-1-after-success", flags: [should("errors.nonzero-exit-reports-exception", "W_EXCEPTION_NOT_FORWARDED"), must("bootstrap.env-file-context", "E_PROGRAM_ERROR")] },
  { fault: "exit-1-after-success", driven: true, flags: [must("driven.exit-zero", "E_EXIT_NONZERO_AFTER_SUCCESS")] },
  { fault: "duplicate-materialization", flags: [must("dagster.materialized-once", "E_DUPLICATE_MATERIALIZATION")] },
  { fault: "duplicate-materialization", driven: true, flags: [must("driven.refuses-duplicate-materialization", "E_IMAGE_EXTRA_MESSAGE")] },
  { fault: "unknown-key-replaced", driven: true, flags: [must("driven.refuses-unknown-asset-key", "E_IMAGE_EXTRA_MESSAGE")] },
  { fault: "unselected-asset-key", flags: [must("dagster.asset-keys-in-context", "E_ASSET_KEY_NOT_IN_CONTEXT")] },
  { fault: "omitted-key-picks-first", driven: true, flags: [must("driven.refuses-omitted-key-with-several-assets", "E_IMAGE_EXTRA_MESSAGE")] },
  { fault: "missing-extra-is-null", driven: true, flags: [must("driven.refuses-missing-extra", "E_IMAGE_EXTRA_MESSAGE")] },
  { fault: "severity-default-warn", driven: true, flags: [must("driven.check-default-severity", "E_IMAGE_WRONG_PARAMS")] },
  { fault: "context-range-dropped", driven: true, flags: [must("driven.report-context-generated", "E_IMAGE_WRONG_PARAMS"), must("driven.report-context-single-partition", "E_IMAGE_WRONG_PARAMS")] },
  {
    fault: "asset-keys-unescaped",
    driven: true,
    flags: [
      must("driven.asset-key-escaped-materialization", "E_IMAGE_WRONG_PARAMS"),
      must("driven.asset-key-escaped-check", "E_IMAGE_WRONG_PARAMS"),
      must("driven.asset-key-escaped-omitted-materialization", "E_IMAGE_WRONG_PARAMS"),
      must("driven.asset-key-escaped-omitted-check", "E_IMAGE_WRONG_PARAMS"),
    ],
  },
  { fault: "asset-keys-unescaped", flags: [must("context.escaped-unicode-asset-keys", "E_ASSET_KEY_NOT_IN_CONTEXT")] },
  {
    fault: "time-window-without-offset",
    driven: true,
    flags: [must("driven.report-context-time-window-positive-offset", "E_IMAGE_WRONG_PARAMS"), must("driven.report-context-time-window-negative-offset", "E_IMAGE_WRONG_PARAMS")],
  },
  { fault: "unsupported-op", driven: true, flags: [{ caseId: "driven.get-extra", verdict: "error", reason: "DRIVER_UNSUPPORTED" }] },
  { fault: "lenient-gzip", flags: [should("bootstrap.refuses-gzip", "W_ACCEPTS_GZIP"), should("bootstrap.refuses-gzip-data", "W_ACCEPTS_GZIP")] },
  { fault: "lenient-base64", flags: [should("bootstrap.refuses-urlsafe-base64", "W_ACCEPTS_URLSAFE_BASE64"), should("bootstrap.refuses-unpadded-base64", "W_ACCEPTS_UNPADDED_BASE64")] },
  { fault: "lenient-base64", flags: [should("bootstrap.refuses-urlsafe-base64-data", "W_ACCEPTS_URLSAFE_BASE64"), should("bootstrap.refuses-unpadded-base64-data", "W_ACCEPTS_UNPADDED_BASE64")] },
  // A library without the data form that accepts gzip (R's dagsterpipes): the refusal cases encode
  // the path form, so its leniency shows instead of a crash on the inline data.
  { fault: "lenient-gzip,crash-on-data-context", flags: [should("bootstrap.refuses-gzip", "W_ACCEPTS_GZIP")] },
  { fault: "lenient-base64,crash-on-data-context", flags: [should("bootstrap.refuses-urlsafe-base64", "W_ACCEPTS_URLSAFE_BASE64"), should("bootstrap.refuses-unpadded-base64", "W_ACCEPTS_UNPADDED_BASE64")] },
  { fault: "bad-params-ignored", flags: [should("bootstrap.fails-closed-no-path-or-data", "W_BAD_BOOTSTRAP_ACCEPTED"), should("bootstrap.fails-closed-missing-context-file", "W_BAD_BOOTSTRAP_ACCEPTED")] },
  { fault: "undecodable-accepted", flags: [should("bootstrap.fails-closed-undecodable", "W_BAD_BOOTSTRAP_ACCEPTED")] },
  { fault: "silent-bootstrap-failure", flags: [should("bootstrap.fails-closed-undecodable", "W_SILENT_FAILURE")] },
  { fault: "noop-with-context-only", flags: [should("bootstrap.context-without-messages", "W_SILENT_NOOP_WITHOUT_MESSAGES")] },
  { fault: "exit-1-without-env", flags: [should("standalone.exit-zero", "W_STANDALONE_EXIT_NONZERO")] },
  { fault: "writes-without-env", flags: [should("standalone.no-protocol-output", "W_PROTOCOL_OUTPUT_WITHOUT_BOOTSTRAP")] },
  { fault: "file-without-env", flags: [should("standalone.no-files-created", "W_FILES_CREATED_WITHOUT_BOOTSTRAP")] },
  { fault: "ignores-cli-arguments", flags: [must("bootstrap.cli-arguments", "E_CLI_ARGUMENTS_IGNORED")] },
  { fault: "ignores-cli-arguments", driven: true, flags: [must("driven.transport-cli", "E_CLI_ARGUMENTS_IGNORED")] },
  { fault: "crash-on-data-context", contextForm: "data", flags: [must("bootstrap.inline-data-context", "E_SESSION_NOT_OPENED")] },
  { fault: "crash-on-stdio", channel: "stderr", flags: [must("channel.stderr", "E_SESSION_NOT_OPENED")] },
  { fault: "crash-on-data-context", driven: true, flags: [must("driven.context-form-data", "E_SESSION_NOT_OPENED")] },
  { fault: "crash-on-stdio", driven: true, flags: [must("driven.channel-stderr", "E_SESSION_NOT_OPENED"), must("driven.channel-buffered-stdout-raise", "E_SESSION_NOT_OPENED")] },
  { fault: "crash-on-unknown-keys", flags: [must("bootstrap.unknown-context-keys", "E_SESSION_NOT_OPENED")] },
  { fault: "crash-on-null-asset-keys", flags: [should("bootstrap.null-asset-keys", "W_NO_CLOSED_AFTER_CRASH")] },
  // A crash on asset_keys: null (as Java's NullPointerException) is a MUST failure of the driven case too.
  { fault: "crash-on-null-asset-keys", driven: true, flags: [must("driven.report-context-null-asset-keys", "E_IMAGE_MISSING_MESSAGE")] },
  { fault: "hang-on-null-asset-keys", timeoutMs: 3000, flags: [{ caseId: "bootstrap.null-asset-keys", verdict: "timeout", reason: "TIMEOUT" }] },
  { fault: "hang", timeoutMs: 3000, flags: [{ caseId: "bootstrap.env-file-context", verdict: "timeout", reason: "TIMEOUT" }] },
];

const faultNames = (): string[] =>
  execFileSync(FAULTY[0]!, [FAULTY[1]!, "--list-faults"], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.split("\t")[0]!);

async function runFault(item: FaultCase, cases: string[]): Promise<Report> {
  return runConformance({
    argv: [...FAULTY, "--fault", item.fault],
    capabilities: resolveCapabilities({ driven: item.driven ?? false, all: true, ...(item.without ? { without: item.without } : {}) }),
    axes: { channel: item.channel ?? "file", contextForm: item.contextForm ?? "path" },
    cases,
    seed: 7,
    runs: 1,
    concurrency: 2,
    timeoutMs: item.timeoutMs ?? 30_000,
    killGraceMs: 500,
    shrinkTimeMs: 1,
  });
}

describe("the faulty fixture", () => {
  it("has at least 30 faults, and the table covers every one", () => {
    const names = faultNames();
    expect(names.length).toBeGreaterThanOrEqual(30);
    const covered = new Set(FAULT_CASES.flatMap((item) => item.fault.split(",")));
    expect(names.filter((name) => !covered.has(name))).toEqual([]);
  });

  it("is conforming without a fault: every case passes (observed and driven, every axis)", async () => {
    const report = await runConformance({ argv: FAULTY, capabilities: resolveCapabilities({ driven: true, all: true }), seed: 7, runs: 1, concurrency: 2 });
    // Without a fault it raises nothing and lives briefly: those cases have nothing to judge.
    const notJudged = new Set(["errors.exception-exits-nonzero", "errors.nonzero-exit-reports-exception", "timing.streaming"]);
    const notable = report.results.filter((result) => result.verdict !== "pass" && result.verdict !== "info" && !(result.verdict === "skip" && result.reason === "NOT_APPLICABLE" && notJudged.has(result.caseId)));
    expect(notable.map((result) => `${result.id} ${result.verdict} ${result.reason ?? result.message}`)).toEqual([]);
    // What had nothing to judge is a skip that says how to make it judgeable, never a pass.
    for (const result of report.results.filter((candidate) => candidate.caseId === "errors.exception-exits-nonzero" || candidate.caseId === "errors.nonzero-exit-reports-exception")) {
      expect(`${result.id} ${result.verdict} ${result.reason}`).toBe(`${result.id} skip NOT_APPLICABLE`);
      expect(result.message).toMatch(/^not judged: .*; to judge it, run a program whose session fails with an error/);
    }
  });

  it("says why a library must accept a context variation no flag can declare away", async () => {
    const report = await runFault({ fault: "crash-on-unknown-keys", flags: [] }, ["bootstrap.unknown-context-keys"]);
    const finding = report.results[0]?.findings?.[0];
    expect(finding?.code).toBe("E_SESSION_NOT_OPENED");
    expect(finding?.actual).toMatch(/before writing opened under context variation unknown-keys: .+; a library must ignore context keys it does not know: a later Dagster may add some$/);
  });

  for (const item of FAULT_CASES) {
    const label = `${item.fault}${item.driven ? " (driven)" : ""}${item.without ? ` without ${item.without.join(",")}` : ""}${item.channel ? ` on ${item.channel}` : ""}${item.contextForm ? " with inline data" : ""}`;
    it.concurrent(`${label} is flagged by ${item.flags.map((flag) => `${flag.caseId} ${flag.reason}`).join(", ")}`, async () => {
      const report = await runFault(item, item.flags.map((flag) => flag.caseId));
      for (const flag of item.flags) {
        const results = report.results.filter((result) => result.caseId === flag.caseId);
        expect(results.length, `${flag.caseId} ran`).toBeGreaterThan(0);
        expect(
          // The flag's code is one of the case's findings, and the verdict is the worst finding's.
          results.some((result) => result.verdict === flag.verdict && (result.reason === flag.reason || (result.findings ?? []).some((finding) => finding.code === flag.reason))),
          `${flag.caseId}: ${results.map((result) => `${result.id} ${result.verdict} ${result.reason ?? ""} ${result.actual ?? result.message ?? ""}`).join(" | ")}`,
        ).toBe(true);
      }
    });
  }
});
