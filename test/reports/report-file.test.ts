/**
 * `readReport`: a saved report comes back as written; every way a file can be wrong is one
 * UsageError line naming the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../reports/exit-codes.js";
import { readReport } from "../../reports/report-file.js";
import { formatJsonReport } from "../../reports/reporters/json-reporter.js";
import { REPORT_VERSION } from "../../suites/model/report.js";
import { everyVerdictReport } from "./synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "report-file-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

/** The error readReport throws, checked to be a one-line UsageError naming the file. */
function errorOf(file: string, label?: string): string {
  try {
    readReport(file, label);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toContain(label ?? file);
    return message;
  }
  throw new Error("readReport accepted the file");
}

describe("readReport", () => {
  it("reads back what the JSON reporter wrote", () => {
    const fixed = everyVerdictReport();
    expect(readReport(write("ok.json", formatJsonReport(fixed)))).toEqual(JSON.parse(JSON.stringify(fixed)));
  });

  it("refuses a missing file or a directory", () => {
    expect(errorOf(join(scratch, "missing.json"))).toMatch(/^cannot read report .*missing\.json: no such file$/);
    mkdirSync(join(scratch, "dir.json"));
    expect(errorOf(join(scratch, "dir.json"), "dir.json")).toBe("cannot read report dir.json: is a directory");
  });

  it("refuses text that is not JSON", () => {
    expect(errorOf(write("bad.json", '{"header": '), "bad.json")).toMatch(/^bad\.json: not valid JSON \(/);
    expect(errorOf(write("empty.json", ""), "empty.json")).toMatch(/^empty\.json: not valid JSON/);
  });

  it("refuses a report written by a newer pipes-conformance, saying to upgrade", () => {
    const future = JSON.parse(formatJsonReport(everyVerdictReport())) as { header: { reportVersion: number; newField?: boolean } };
    future.header.reportVersion = REPORT_VERSION + 1;
    future.header.newField = true;
    expect(errorOf(write("future.json", JSON.stringify(future)), "future.json")).toBe(
      `future.json: report version ${REPORT_VERSION + 1} was written by a newer pipes-conformance (this one reads version ${REPORT_VERSION}); upgrade`,
    );
  });

  it("refuses JSON that is not a report, saying where", () => {
    expect(errorOf(write("array.json", "[]"), "array.json")).toMatch(/^array\.json: not a pipes-conformance report \(the report: must be object\)$/);
    const spoiled = JSON.parse(formatJsonReport(everyVerdictReport())) as { results: { verdict: string }[] };
    spoiled.results[3]!.verdict = "passed";
    expect(errorOf(write("spoiled.json", JSON.stringify(spoiled)), "spoiled.json")).toMatch(/^spoiled\.json: not a pipes-conformance report \(\/results\/3\/verdict: must be one of "pass", /);
  });
});
