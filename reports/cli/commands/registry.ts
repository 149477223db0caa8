/**
 * The commands of the CLI, by name (the suite is the default command, named ""). Each entry pairs
 * the declaration (options as data) with the function that runs it.
 */
import type { ExitCode } from "../../exit-codes.js";
import type { CliIo } from "../io.js";
import type { CommandSpec, ParsedCommandLine } from "../options.js";
import { DIFF_COMMAND, diffCommand } from "./diff.js";
import { DOCS_COMMAND, docsCommand } from "./docs.js";
import { LIST_COMMAND, listCommand } from "./list.js";
import { MERGE_COMMAND, mergeCommand } from "./merge.js";
import { REPORT_COMMAND, reportCommand } from "./report.js";
import { RUN_COMMAND, runCommand } from "./run.js";
import { SUITE_COMMAND, suiteCommand } from "./suite.js";
import { VALIDATE_COMMAND, validateCommand } from "./validate.js";

/** A command and its action. */
export interface CommandEntry {
  spec: CommandSpec;
  run: (parsed: ParsedCommandLine, io: CliIo) => Promise<ExitCode>;
}

/** Every command, in the order help lists them. */
export const COMMANDS: CommandEntry[] = [
  { spec: SUITE_COMMAND, run: suiteCommand },
  { spec: RUN_COMMAND, run: runCommand },
  { spec: LIST_COMMAND, run: listCommand },
  { spec: VALIDATE_COMMAND, run: validateCommand },
  { spec: DIFF_COMMAND, run: diffCommand },
  { spec: MERGE_COMMAND, run: mergeCommand },
  { spec: REPORT_COMMAND, run: reportCommand },
  { spec: DOCS_COMMAND, run: docsCommand },
];

/** The command of that name (`""` for the suite). */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((command) => command.spec.name === name);
}
