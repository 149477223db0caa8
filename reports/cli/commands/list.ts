/**
 * `pipes-conformance list`: the case catalogue: every case with its ID, level, mode, the
 * capabilities it needs and the rule it stands for.
 */
import { ALL_CASES } from "../../../suites/cases/all-cases.js";
import type { CaseDefinition } from "../../../suites/model/case.js";
import { globMatcher } from "../../../suites/plan.js";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import { inlineText } from "../../markdown-text.js";
import { ruleText } from "../../rule-text.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { listOption, stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in list-spec.ts, loaded without this module). */
export { LIST_COMMAND } from "./list-spec.js";

/** One catalogue entry (cases with a generated-context twin are listed once, marked). */
export interface CatalogueEntry {
  id: string;
  title: string;
  level: string;
  mode: string;
  needs: string[];
  generated: boolean;
  rules: { section: string; anchor?: string; quote: string }[];
}

/** The catalogue: one entry per case ID, in plan order. */
export function caseCatalogue(definitions: readonly CaseDefinition[] = ALL_CASES): CatalogueEntry[] {
  const entries = new Map<string, CatalogueEntry>();
  for (const definition of definitions) {
    const generated = definition.setup.context?.kind === "generated" || definition.setup.generatedActions === true;
    const existing = entries.get(definition.id);
    if (existing !== undefined) {
      existing.generated ||= generated;
      continue;
    }
    entries.set(definition.id, {
      id: definition.id,
      title: definition.title,
      level: definition.level,
      mode: definition.mode,
      needs: [...definition.needs],
      generated,
      rules: definition.refs.map((ref) => ({ section: ref.section, ...(ref.anchor === undefined ? {} : { anchor: ref.anchor }), quote: ref.quote })),
    });
  }
  return [...entries.values()];
}

/** A rule as a Markdown link to its anchor, named by the anchor's id (the section when it has none). */
function ruleLink(rule: CatalogueEntry["rules"][number]): string {
  if (rule.anchor === undefined) return inlineText(rule.section);
  return `[${inlineText(rule.anchor.slice(rule.anchor.indexOf("#") + 1))}](${rule.anchor})`;
}

/** The catalogue as a Markdown table (the README's case list); rules link into `docs/`. */
export function catalogueMarkdown(entries: readonly CatalogueEntry[]): string {
  const rows = entries.map(
    (entry) =>
      `| \`${entry.id}\`${entry.generated ? " ⟳" : ""} | ${entry.level} | ${entry.mode} | ${entry.needs.length === 0 ? "default" : entry.needs.map((need) => `\`${need}\``).join(" ")} | ${inlineText(entry.title)} | ${[...new Set(entry.rules.map(ruleLink))].join(", ")} |`,
  );
  return ["| case | level | mode | needs | what it checks | rule |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/** Runs the `list` command. */
export async function listCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const patterns = listOption(parsed.values, "case").map(globMatcher);
  const entries = caseCatalogue().filter((entry) => patterns.length === 0 || patterns.some((match) => match(entry.id)));
  const format = stringOption(parsed.values, "format") ?? "text";
  if (format === "json") {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  } else if (format === "markdown") {
    io.stdout(`${catalogueMarkdown(entries)}\n`);
  } else {
    const style = stdoutStyle(io, parsed.values["no-color"] === true);
    const width = Math.max(...entries.map((entry) => entry.id.length), 10);
    for (const entry of entries) {
      const needs = entry.needs.length === 0 ? "default" : entry.needs.join(" ");
      io.stdout(`${style.bold(entry.id.padEnd(width))}  ${entry.level.padEnd(6)}  ${entry.mode.padEnd(8)}  ${needs}${entry.generated ? "  (+ generated variants)" : ""}\n`);
      io.stdout(`${" ".repeat(width)}  ${entry.title}\n`);
      for (const rule of entry.rules) io.stdout(style.dim(`${" ".repeat(width)}  ${ruleText(rule)}\n`));
    }
    io.stdout(`${entries.length} cases (${entries.filter((entry) => entry.level === "MUST").length} MUST, ${entries.filter((entry) => entry.level === "SHOULD").length} SHOULD, ${entries.filter((entry) => entry.level === "INFO").length} INFO)\n`);
  }
  return entries.length === 0 ? EXIT.NOTHING_RAN : EXIT.OK;
}
