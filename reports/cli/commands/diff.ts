/**
 * `pipes-conformance diff old.json new.json [--format console|markdown|json]`: what changed
 * between two runs, by case; exit 1 when something newly fails (or fails for another reason), so
 * a CI job can gate on regressions while known failures stay tolerated.
 */
import { resolve } from "node:path";
import { diffReports } from "../../diff.js";
import { renderDiffConsole, renderDiffJson, renderDiffMarkdown, type DiffFormat } from "../../diff-format.js";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import { readReport } from "../../report-file.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in diff-spec.ts, loaded without this module). */
export { DIFF_COMMAND } from "./diff-spec.js";

/** Runs the `diff` command. */
export async function diffCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const [oldFile, newFile] = parsed.positionals as [string, string];
  const old = readReport(resolve(io.cwd, oldFile), oldFile);
  const next = readReport(resolve(io.cwd, newFile), newFile);
  const diff = diffReports(old, next, { old: oldFile, new: newFile });
  const format = (stringOption(parsed.values, "format") ?? "console") as DiffFormat;
  if (format === "json") io.stdout(renderDiffJson(diff));
  else if (format === "markdown") io.stdout(renderDiffMarkdown(diff));
  else io.stdout(renderDiffConsole(diff, stdoutStyle(io, parsed.values["no-color"] === true)));
  return diff.regressions > 0 || diff.incomplete.length > 0 ? EXIT.FAILURES : EXIT.OK;
}
