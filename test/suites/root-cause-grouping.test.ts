/**
 * Root causes end to end, on the faulty fixture: one defect seen by many cases (and under generated
 * keys) is one root cause, keyed by what happened rather than where; different defects are apart;
 * and a library that cannot open the session under a channel is told so, not sent to its context
 * flags, whether an observed or a driven case saw it.
 */
import { describe, expect, it } from "vitest";
import { resolveCapabilities, runConformance, type Report } from "../../suites/api.js";
import { PYTHON } from "../helpers/python.js";

const FAULTY = [PYTHON, "test/fixtures/python/faulty-driver.py"];

async function run(fault: string, cases: string[], driven: boolean): Promise<Report> {
  return runConformance({
    argv: [...FAULTY, "--fault", fault],
    capabilities: resolveCapabilities({ driven, all: true }),
    cases,
    seed: 1,
    runs: 3,
    concurrency: 2,
    timeoutMs: 30_000,
    shrinkTimeMs: 1,
  });
}

const ids = (report: Report): string[] => report.summary.rootCauses.map((cause) => cause.id);

describe("root causes", () => {
  it("stdio channels a library cannot open: one E_SESSION_NOT_OPENED for every channel, the observed and the driven cases, naming the error, not the context flags", async () => {
    const cases = ["channel.stderr", "channel.stdout", "driven.channel-stderr", "driven.channel-stderr-raise", "driven.channel-stdout"];
    const report = await run("crash-on-stdio", cases, true);
    expect(ids(report)).toEqual(["E_SESSION_NOT_OPENED@channel: KeyError: 'path'"]);
    const cause = report.summary.rootCauses[0]!;
    expect([...cause.cases].sort()).toEqual([...cases].sort());
    expect(cause.actual).toMatch(/^the program ended \(exit code 1\) before writing opened under channel std(err|out): KeyError: 'path'; if the library does not support it, declare what it supports with --channels$/);
    expect(`${cause.expected} ${cause.actual}`).not.toMatch(/context flags|--extras/);
  }, 60_000);

  it("a buffered channel flushed after closed: one E_MESSAGE_AFTER_CLOSED for the observed and the driven cases", async () => {
    const cases = ["channel.buffered-stderr", "driven.channel-buffered-stderr", "driven.channel-buffered-stdout"];
    const report = await run("buffered-out-of-order", cases, true);
    expect(ids(report)).toEqual(["E_MESSAGE_AFTER_CLOSED"]);
    expect([...report.summary.rootCauses[0]!.cases].sort()).toEqual([...cases].sort());
  }, 60_000);

  it("CLI arguments ignored: one E_CLI_ARGUMENTS_IGNORED for the observed and the driven case", async () => {
    const report = await run("ignores-cli-arguments", ["bootstrap.cli-arguments", "driven.transport-cli"], true);
    expect(ids(report)).toEqual(["E_CLI_ARGUMENTS_IGNORED"]);
    expect(report.summary.rootCauses[0]!.cases).toEqual(["bootstrap.cli-arguments", "driven.transport-cli"]);
  }, 60_000);

  it("a failure after opened stays E_PROGRAM_ERROR, keyed and worded by the error line, not R's 'Execution halted'", async () => {
    const report = await run("crash-with-r-error", ["bootstrap.env-file-context"], false);
    // The crash also leaves the session without closed (its own SHOULD).
    expect(ids(report)).toEqual(["E_PROGRAM_ERROR@Error in fromJSON(NULL) : Argument 'txt' must be a JSON string", "W_NO_CLOSED_AFTER_CRASH"]);
    expect(report.summary.rootCauses[0]!.actual).toBe("the program failed: Error in fromJSON(NULL) : Argument 'txt' must be a JSON string (exit code 1)");
  }, 60_000);

  it("floats rounded to 15 digits: one root cause, in metadata and under generated extras alike", async () => {
    const report = await run("floats-15-digits", ["driven.materialization-scalar-metadata", "driven.report-context-generated"], true);
    expect(ids(report)).toEqual(["E_IMAGE_WRONG_PARAMS@number-rounded"]);
    expect(report.summary.rootCauses[0]!.cases).toContain("driven.materialization-scalar-metadata");
    expect(report.summary.rootCauses[0]!.cases.some((id) => id.startsWith("driven.report-context-generated#"))).toBe(true);
  }, 60_000);

  it("whole floats written as ints: Dagster's refusal for a typed float, a misread for an inferred one, one finding each", async () => {
    const report = await run("whole-float-as-int", ["driven.materialization-scalar-metadata"], true);
    const findings = report.results[0]!.findings ?? [];
    expect(findings.map((finding) => finding.rootCause)).toEqual(["E_METADATA_FLOAT_AS_INT@/params/metadata/*/raw_value", "E_IMAGE_WRONG_PARAMS@number-class float->int"]);
    expect(findings[0]!.actual).toMatch(/float_whole/);
    expect(findings[0]!.actual).not.toMatch(/infer_float_whole/);
  }, 60_000);

  it("a renamed empty key: one finding, one root cause, not a missing and an extra key", async () => {
    const report = await run("empty-key-renamed", ["driven.report-context-extras-shapes", "driven.report-context-generated"], true);
    expect(ids(report)).toEqual(['E_IMAGE_WRONG_PARAMS@renamed-key ""']);
    const findings = report.results.flatMap((result) => result.findings ?? []);
    expect(findings.some((finding) => /missing-key|extra-key/.test(finding.actual))).toBe(false);
    expect(report.results.find((result) => result.id === "driven.report-context-extras-shapes")!.findings).toHaveLength(1);
  }, 60_000);
});
