/**
 * The one-line command that replays one result: the same case, capabilities, launch axes, program
 * context, working directory and added variables (by name) and, for a generated case, the same
 * seed and fast-check path (the shrunk counterexample).
 */
import type { CaseResult, ReportHeader } from "../suites/model/report.js";

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(argument: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}

/** `npx pipes-conformance ... -- <argv>` replaying `result`. */
export function replayCommand(header: ReportHeader, result: CaseResult): string {
  const args = ["npx", "pipes-conformance", "--case", result.caseId];
  const capabilities = header.capabilities;
  if (capabilities.driven) args.push("--driven");
  if (capabilities.transports.join(",") !== "env") args.push("--transports", capabilities.transports.join(","));
  if (capabilities.contextForms.join(",") !== "path") args.push("--context-forms", capabilities.contextForms.join(","));
  if (capabilities.channels.join(",") !== "file") args.push("--channels", capabilities.channels.join(","));
  if (capabilities.without.length > 0) args.push("--without", capabilities.without.join(","));
  if (header.axes.transport !== capabilities.transports[0]) args.push("--on-transport", header.axes.transport);
  if (header.axes.contextForm !== capabilities.contextForms[0]) args.push("--on-context-form", header.axes.contextForm);
  if (header.axes.channel !== capabilities.channels[0]) args.push("--on-channel", header.axes.channel);
  if (header.contextArgs !== undefined) args.push(...header.contextArgs);
  if (result.generated !== undefined) args.push("--seed", String(result.generated.seed), "--path", result.generated.path);
  if (header.programCwd !== undefined) args.push("--cwd", header.programCwd);
  // Each added variable by name, its value taken from the replaying shell: a value may be a secret,
  // and the report never holds it.
  const environment = (header.envNames ?? []).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)).flatMap((name) => ["--env", `"${name}=$${name}"`]);
  return [...args.map(shellQuote), ...environment, "--", ...header.command.map(shellQuote)].join(" ");
}
