/**
 * Drives a reporter through a whole (saved) run, as `pipes-conformance report` does, and returns
 * what it wrote.
 */
import { plannedFromResult } from "../../reports/cli/commands/report.js";
import { REPORTERS } from "../../reports/reporters/registry.js";
import { createStyle } from "../../reports/terminal.js";
import type { Report } from "../../suites/model/report.js";

/** Renders `report` with the named reporter (no colour, not a TTY). */
export async function renderWith(name: string, report: Report, options: { strict?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const out: string[] = [];
  const reporter = REPORTERS[name]!({
    write: (text) => out.push(text),
    isTTY: false,
    style: createStyle(false),
    env: options.env ?? {},
    strict: options.strict ?? report.header.strict,
    toFile: false,
  });
  await reporter.onRunStart?.(report.header, report.results.map(plannedFromResult));
  for (const result of report.results) {
    await reporter.onCaseStart?.(plannedFromResult(result));
    await reporter.onCaseEnd?.(result);
  }
  await reporter.onRunEnd?.(report);
  return out.join("");
}
