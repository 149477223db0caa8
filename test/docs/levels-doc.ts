/**
 * `docs/LEVELS.md`, generated from the level table (`suites/finding-codes.ts`): every finding code
 * with its level, the rule it stands for (a link to its anchor in the spec) and the reasoning that
 * settled the level, so that the shipped doc can never say another level than the code decides.
 * `npm run docs` writes it (see readme-blocks.ts); test/docs/levels-doc.test.ts keeps it current.
 */
import { listCases } from "../../suites/api.js";
import { CHECK_CODES, FINDING_CODES, LEVEL_ORDER, type FindingCodeInfo } from "../../suites/finding-codes.js";
import type { Level } from "../../suites/model/case.js";
import { PROBLEM_CODES } from "../../schemas/problem-codes.js";

/** Where the generated file lives, relative to the package root. */
export const LEVELS_DOC_PATH = "docs/LEVELS.md";

/**
 * Results that are not findings: the runner's reason codes for verdicts a program's deviation
 * never causes. Kept here beside the table they complete; the doc tests check that the code
 * reports each of them.
 */
export const NON_FINDING_REASONS: readonly { reason: string; verdict: string; meaning: string }[] = [
  { reason: "TIMEOUT", verdict: "timeout", meaning: "The program did not finish within `--timeout`; its process group was ended." },
  { reason: "HUNG_TARGET", verdict: "not-run", meaning: "`--max-timeouts` cases timed out in a row: the target hangs, so the cases left were not started. The run is incomplete and fails." },
  { reason: "INTERRUPTED", verdict: "not-run", meaning: "The run was stopped by SIGINT, SIGTERM or SIGHUP before this case finished; the report header records `interrupted`. The run is incomplete and fails." },
  { reason: "MAX_FAIL", verdict: "not-run", meaning: "`--max-fail` (or `--fail-fast`) was reached before this case started. The run is incomplete." },
  { reason: "DRIVER_UNSUPPORTED", verdict: "error", meaning: "A driver printed `pipes_conformance: unsupported ...` and exited 3: a driver problem, never blamed on the library." },
  { reason: "NOT_STARTED", verdict: "error", meaning: "The program could not be started (no such file, not executable)." },
  { reason: "HARNESS_ERROR", verdict: "error", meaning: "pipes-conformance itself broke on this case: a bug to report. The suite exits 3." },
  {
    reason: "NOT_APPLICABLE",
    verdict: "skip",
    meaning: "The case ran, but the behaviour it judges did not occur (no exception reported on `closed`, nothing printed while the session was open, a session too short to tell streaming from batching): nothing was judged, so it is not a pass. The message says how to make it judgeable. Counted with the skips; it never fails the gate.",
  },
];

const LEVEL_HEADINGS: Record<Level, { title: string; prefix: string; verdict: string }> = {
  MUST: { title: "MUST", prefix: "E_", verdict: "`fail`" },
  SHOULD: { title: "SHOULD", prefix: "W_", verdict: "`warn` (`fail` under `--strict`)" },
  INFO: { title: "INFO", prefix: "I_", verdict: "`info`, never failing" },
};

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();
}

/** The anchor id of a code's row, e.g. `E_NO_CLOSED` → `code-e-no-closed`. */
export function codeAnchor(code: string): string {
  return `code-${code.toLowerCase().replaceAll("_", "-")}`;
}

/** The rule's link, relative to docs/: `[anchor](PROTOCOL.md#anchor)`. */
function ruleLink(entry: FindingCodeInfo): string {
  const target = (entry.rule.anchor ?? "").replace(/^docs\//, "");
  const id = target.slice(target.indexOf("#") + 1);
  return `[${id}](${target})`;
}

/** The case IDs that can report each code (first variant of an ID only). */
function casesByCode(): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const definition of listCases()) {
    for (const code of new Set(definition.expect.flatMap((verifier) => verifier.codes))) {
      const ids = byCode.get(code) ?? [];
      if (!ids.includes(definition.id)) ids.push(definition.id);
      byCode.set(code, ids);
    }
  }
  return byCode;
}

function casesCell(ids: readonly string[] | undefined): string {
  if (ids === undefined || ids.length === 0) return "`validate` only";
  const shown = ids.slice(0, 3).map((id) => `\`${id}\``);
  return ids.length > 3 ? `${shown.join(", ")} and ${ids.length - 3} more` : shown.join(", ");
}

/** The whole of docs/LEVELS.md. */
export function renderLevelsDoc(): string {
  const byCode = casesByCode();
  const checkCodes = new Set(Object.keys(CHECK_CODES));
  const problems = PROBLEM_CODES as Record<string, { rule: string }>;
  const out: string[] = [
    "# Finding codes and their levels",
    "",
    "<!-- Generated from suites/finding-codes.ts by `npm run docs`: do not edit by hand. -->",
    "",
    "Every finding the suite reports has a stable code, and this table alone decides its level, in",
    "observed and driven mode alike: a deviation seen by two cases is reported with the same code at",
    "the same level. A case's verdict is the level of its worst finding; the level a case is listed",
    "with (`pipes-conformance list`) is the worst it can report.",
    "",
    "The rule that settles a level ([PROTOCOL.md, Levels](PROTOCOL.md#levels)):",
    "",
    "- **MUST** (`E_`, verdict `fail`): Dagster loses, drops or misreads something, or misjudges the",
    "  step.",
    "- **SHOULD** (`W_`, verdict `warn`; `--strict` makes it fail): Dagster copes, and only the",
    "  reference's exact behaviour is missed.",
    "- **INFO** (`I_`, verdict `info`): recorded, never judged, even under `--strict`.",
    "",
    "The prefix always says the level, and a test walks every case and code to prove that prefix,",
    "table and verdict agree. Codes marked *schema* come from the schema validator",
    "(`schemas/problem-codes.ts`, also reported by `pipes-conformance validate`): its dagster-level",
    "codes are MUST (Dagster's handler raises; the Dagster function is named), its reference-level",
    "codes SHOULD. The others are the suite's checks. \"Reported by\" names the cases that can report",
    "a code.",
  ];
  for (const level of LEVEL_ORDER) {
    const heading = LEVEL_HEADINGS[level];
    const codes = Object.keys(FINDING_CODES).filter((code) => FINDING_CODES[code]!.level === level);
    // The checks' codes first, in the table's order, then the schema validator's.
    codes.sort((a, b) => Number(!checkCodes.has(a)) - Number(!checkCodes.has(b)));
    out.push("", `## ${heading.title}`, "", `${codes.length} codes, prefix \`${heading.prefix}\`, verdict ${heading.verdict}.`, "");
    out.push("| code | rule | why this level | reported by |", "|---|---|---|---|");
    for (const code of codes) {
      const entry = FINDING_CODES[code]!;
      const schema = checkCodes.has(code) ? "" : ` *schema*: \`${problems[code]!.rule}\`.`;
      out.push(`| <a id="${codeAnchor(code)}"></a>\`${code}\` | ${ruleLink(entry)} | ${cell(entry.why + schema)} | ${casesCell(byCode.get(code))} |`);
    }
  }
  out.push(
    "",
    "## Results that are not findings",
    "",
    "These reasons mark a case whose program was not judged: none is a deviation the level table",
    "rates. Each but `NOT_APPLICABLE` fails the gate all the same (exit 1; 3 for `HARNESS_ERROR`): a",
    "`timeout` or `error` can be listed in a baseline, a `not-run` case never is. `NOT_APPLICABLE` is",
    "a `skip`: counted as skipped (not judged), never as passed.",
    "",
    "| reason | verdict | meaning |",
    "|---|---|---|",
    ...NON_FINDING_REASONS.map(({ reason, verdict, meaning }) => `| <a id="${codeAnchor(reason)}"></a>\`${reason}\` | \`${verdict}\` | ${cell(meaning)} |`),
  );
  return `${out.join("\n")}\n`;
}
