/**
 * `pipes-conformance docs`: prints the CLI reference in Markdown from the same declarations that
 * parse the options, so the README's reference is generated rather than written twice (a test
 * checks that the README holds it verbatim).
 */
import { EXIT, EXIT_CODE_MEANINGS, type ExitCode } from "../../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderMarkdown, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in docs-spec.ts, loaded without this module). */
export { DOCS_COMMAND } from "./docs-spec.js";

/** The whole reference, as the README holds it. */
export async function renderCliReference(): Promise<string> {
  // Imported here: the registry imports this module.
  const { COMMANDS } = await import("./registry.js");
  const sections = COMMANDS.map((command) => renderMarkdown(command.spec));
  const exitCodes = ["### Exit codes", "", "| code | meaning |", "|---|---|", ...Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `| ${code} | ${meaning} |`)];
  return [...sections, exitCodes.join("\n")].join("\n\n");
}

/** Runs the `docs` command. */
export async function docsCommand(_parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  io.stdout(`${await renderCliReference()}\n`);
  return EXIT.OK;
}
