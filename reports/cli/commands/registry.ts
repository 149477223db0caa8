/**
 * The commands of the CLI, by name (the suite is the default command, named ""). Each entry pairs
 * the declaration (options as data, from the light `*-spec.ts` modules) with the function that
 * runs it; a command's module, and everything it needs, is imported only when that command runs,
 * so help, `--version` and a usage error load none of them.
 */
import type { ExitCode } from "../../exit-codes.js";
import type { CliIo } from "../io.js";
import type { CommandSpec, ParsedCommandLine } from "../options.js";
import { DIFF_COMMAND } from "./diff-spec.js";
import { DOCS_COMMAND } from "./docs-spec.js";
import { LIST_COMMAND } from "./list-spec.js";
import { MERGE_COMMAND } from "./merge-spec.js";
import { REPORT_COMMAND } from "./report-spec.js";
import { RUN_COMMAND } from "./run-spec.js";
import { SUITE_COMMAND } from "./suite-spec.js";
import { VALIDATE_COMMAND } from "./validate-spec.js";

/** A command and its action. */
export interface CommandEntry {
  spec: CommandSpec;
  run: (parsed: ParsedCommandLine, io: CliIo) => Promise<ExitCode>;
}

/** Every command, in the order help lists them. */
export const COMMANDS: CommandEntry[] = [
  { spec: SUITE_COMMAND, run: async (parsed, io) => (await import("./suite.js")).suiteCommand(parsed, io) },
  { spec: RUN_COMMAND, run: async (parsed, io) => (await import("./run.js")).runCommand(parsed, io) },
  { spec: LIST_COMMAND, run: async (parsed, io) => (await import("./list.js")).listCommand(parsed, io) },
  { spec: VALIDATE_COMMAND, run: async (parsed, io) => (await import("./validate.js")).validateCommand(parsed, io) },
  { spec: DIFF_COMMAND, run: async (parsed, io) => (await import("./diff.js")).diffCommand(parsed, io) },
  { spec: MERGE_COMMAND, run: async (parsed, io) => (await import("./merge.js")).mergeCommand(parsed, io) },
  { spec: REPORT_COMMAND, run: async (parsed, io) => (await import("./report.js")).reportCommand(parsed, io) },
  { spec: DOCS_COMMAND, run: async (parsed, io) => (await import("./docs.js")).docsCommand(parsed, io) },
];

/** The command of that name (`""` for the suite). */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((command) => command.spec.name === name);
}
