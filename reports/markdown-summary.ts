/**
 * The Markdown rendering of a report, shared by the Markdown reporter (a PR comment) and the GitHub
 * reporter (the job's step summary): a headline with the gate's outcome and both judgements, the
 * counts, a table of the cases that did not pass, then one collapsed `<details>` per failure with
 * Expected / Actual and the replay command. Its length is bounded (a GitHub comment holds at most
 * 65 536 characters): what does not fit is left out, in reverse order of importance, with a note.
 */
import { isGateFailure } from "./baseline.js";
import { isNotJudged, STDERR_LINES_QUOTED, type CaseResult, type Report, type Verdict } from "../suites/model/report.js";
import { codeBlock, codeSpan, htmlText, inlineText } from "./markdown-text.js";
import { replayCommand } from "./replay-command.js";
import { incompleteLine } from "./reporters/console-reporter.js";
import { clamp, oneLine } from "./text-safety.js";
import { verdictLevelText } from "./verdict-level.js";

/** GitHub's limit on the body of an issue or PR comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Options of {@link renderMarkdownSummary}. */
export interface MarkdownSummaryOptions {
  /** `--strict`: warnings fail the run (changes the headline). */
  strict: boolean;
  /** Longest output in UTF-16 units (at least 2 000). Default: {@link GITHUB_COMMENT_LIMIT}. */
  maxLength?: number;
  /** Add a collapsed table of every result (the step summary has room for it). */
  allResults?: boolean;
  /** Heading level of the headline (default 2). */
  headingLevel?: number;
}

/** An icon per verdict, so the tables scan quickly. */
export const VERDICT_ICONS: Record<Verdict, string> = { pass: "✅", fail: "❌", warn: "⚠️", info: "ℹ️", skip: "⏭️", timeout: "⏱️", error: "💥", "not-run": "⛔" };

const NOTABLE: readonly Verdict[] = ["fail", "timeout", "error", "warn"];

const LEVEL_ICONS = { MUST: "❌", SHOULD: "⚠️", INFO: "ℹ️" } as const;

/** Longest rendering of one field in a failure's details: one huge actual must not crowd out the others. */
const FIELD_LIMIT = 2_000;

function headline(report: Report, strict: boolean, level: number): string[] {
  const { summary } = report;
  const gateFails = report.results.some((result) => isGateFailure(result, strict));
  const hashes = "#".repeat(level);
  const incomplete = incompleteLine(report);
  const title = incomplete !== undefined ? `${hashes} ⛔ pipes-conformance: incomplete` : gateFails ? `${hashes} ❌ pipes-conformance: failing` : `${hashes} ✅ pipes-conformance: passing`;
  // The same count `summarize` judges acceptance by (a timeout counts whatever the case's level).
  const failures = summary.counts.fail + summary.counts.timeout;
  const acceptance = summary.dagsterAcceptance
    ? "✅ yes (no MUST case failed)"
    : failures === 0 && incomplete !== undefined
      ? "⛔ **not judged**: the run is incomplete"
      : `❌ **no**: ${failures} case(s) failed or timed out, so Dagster would lose, drop or misread something`;
  const fidelity =
    summary.referenceWarnings === 0 ? "✅ no SHOULD warning" : `⚠️ ${summary.referenceWarnings} SHOULD warning(s)${strict ? " (failing: `--strict`)" : " (tolerated by Dagster)"}`;
  const { header } = report;
  const meta = [
    `${codeSpan(`${header.tool.name} ${header.tool.version}`)}`,
    `protocol ${codeSpan(header.protocolVersion)}`,
    `seed ${codeSpan(String(header.seed))}`,
    `command ${codeSpan(header.command.join(" "))}`,
    ...(header.shard ? [`shard ${header.shard.index}/${header.shard.count}`] : []),
  ].join(" · ");
  const counts = summary.counts;
  return [
    title,
    "",
    ...(incomplete === undefined ? [] : [`**${inlineText(incomplete)}**`, ""]),
    `**Dagster acceptance:** ${acceptance}  `,
    `**Reference fidelity:** ${fidelity}`,
    "",
    meta,
    "",
    "| passed | failed | warned | timed out | errored | not run | info | skipped | total |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${counts.pass} | ${counts.fail} | ${counts.warn} | ${counts.timeout} | ${counts.error} | ${counts["not-run"] ?? 0} | ${counts.info} | ${counts.skip} | ${summary.total} |`,
  ];
}

function rootCausesBlock(report: Report): string {
  const lines = ["| root cause | level | cases | what |", "|---|---|---:|---|"];
  for (const cause of report.summary.rootCauses) {
    const cases = cause.cases.slice(0, 4).map((id) => codeSpan(id, { inTable: true })).join(" ") + (cause.cases.length > 4 ? ` +${cause.cases.length - 4}` : "");
    lines.push(`| ${LEVEL_ICONS[cause.level]} ${codeSpan(cause.code, { inTable: true })} | ${cause.level} | ${cause.cases.length}: ${cases} | ${codeSpan(oneLine(cause.actual, 160), { inTable: true })} |`);
  }
  return lines.join("\n");
}

function notRunBlock(results: readonly CaseResult[]): string {
  const reasons = new Map<string, number>();
  for (const result of results) reasons.set(result.message ?? "not run", (reasons.get(result.message ?? "not run") ?? 0) + 1);
  const lines = [`<details open><summary>⛔ ${results.length} not run (the report is incomplete)</summary>`, "", "| cases | why |", "|---:|---|"];
  for (const [reason, count] of reasons) lines.push(`| ${count} | ${codeSpan(oneLine(reason, 200), { inTable: true })} |`);
  lines.push("", "</details>");
  return lines.join("\n");
}

function tableRow(result: CaseResult): string {
  const actual = result.actual ?? result.message ?? "";
  return `| ${codeSpan(result.id, { inTable: true })} | ${verdictLevelText(result)} | ${VERDICT_ICONS[result.verdict]} ${result.verdict} | ${result.reason ? codeSpan(result.reason, { inTable: true }) : ""} | ${actual === "" ? "" : codeSpan(oneLine(actual, 120), { inTable: true })} |`;
}

function detailsBlock(report: Report, result: CaseResult): string {
  const lines: string[] = [];
  lines.push(`<details><summary>${VERDICT_ICONS[result.verdict]} <code>${htmlText(result.id)}</code>${result.reason ? ` ${htmlText(result.reason)}` : ""}: ${htmlText(result.title)} (${verdictLevelText(result)})</summary>`, "");
  for (const ref of result.refs) lines.push(`> ${inlineText(`${ref.section}: ${ref.quote}`)}${ref.anchor === undefined ? "" : ` (${codeSpan(ref.anchor)})`}`, "");
  const text: string[] = [];
  if (result.message) text.push(clamp(result.message, FIELD_LIMIT));
  const findings = result.findings ?? (result.expected !== undefined ? [{ code: result.reason ?? "", expected: result.expected, actual: result.actual ?? "", lines: result.lines }] : []);
  for (const [index, finding] of findings.entries()) {
    if (findings.length > 1) text.push(`${index + 1}. ${finding.code}`);
    text.push(`Expected: ${clamp(finding.expected, FIELD_LIMIT)}`);
    text.push(`Actual:   ${clamp(finding.actual, FIELD_LIMIT)}`);
    for (const line of (finding.lines ?? []).slice(0, 10)) {
      text.push(`${line.channel === "file" ? "messages file" : line.channel} line ${line.lineNumber} | ${clamp(line.text, 300)}`);
    }
  }
  if (result.stderrTail && result.verdict !== "warn") for (const line of result.stderrTail.split("\n").slice(-STDERR_LINES_QUOTED)) text.push(`stderr | ${clamp(line, 300)}`);
  if (result.generated) {
    text.push(`seed ${result.generated.seed}, path ${result.generated.path}${result.generated.shrunk ? " (shrunk)" : ""}`);
    text.push(`counterexample: ${clamp(result.generated.counterexample, FIELD_LIMIT)}`);
  }
  if (text.length > 0) lines.push(codeBlock(text.join("\n")), "");
  lines.push("Replay:", "", codeBlock(replayCommand(report.header, result), "sh"), "", "</details>");
  return lines.join("\n");
}

function skippedBlock(results: readonly CaseResult[]): string {
  const reasons = new Map<string, number>();
  for (const result of results) reasons.set(result.message ?? "no reason given", (reasons.get(result.message ?? "no reason given") ?? 0) + 1);
  const notJudged = results.filter(isNotJudged).length;
  // Cases that ran but had nothing to judge are skips too, said apart: never counted as passed.
  const lines = [`<details><summary>⏭️ ${results.length} skipped${notJudged > 0 ? ` (${notJudged} not judged: nothing to judge)` : ""}</summary>`, "", "| cases | why |", "|---:|---|"];
  for (const [reason, count] of reasons) lines.push(`| ${count} | ${codeSpan(oneLine(reason, 200), { inTable: true })} |`);
  lines.push("", "</details>");
  return lines.join("\n");
}

function infoBlock(results: readonly CaseResult[]): string {
  const lines = [`<details><summary>ℹ️ ${results.length} recorded observation(s) (INFO, never failing)</summary>`, "", "| ID | observation |", "|---|---|"];
  for (const result of results) lines.push(`| ${codeSpan(result.id, { inTable: true })} | ${codeSpan(oneLine(result.observation ?? result.actual ?? "", 160), { inTable: true })} |`);
  lines.push("", "</details>");
  return lines.join("\n");
}

function allResultsBlock(results: readonly CaseResult[]): string {
  const lines = [`<details><summary>All ${results.length} results</summary>`, "", "| ID | level | verdict | reason | ms |", "|---|---|---|---|---:|"];
  for (const result of results) {
    lines.push(`| ${codeSpan(result.id, { inTable: true })} | ${verdictLevelText(result)} | ${VERDICT_ICONS[result.verdict]} ${result.verdict} | ${result.reason ? codeSpan(result.reason, { inTable: true }) : ""} | ${Math.round(result.durationMs)} |`);
  }
  lines.push("", "</details>");
  return lines.join("\n");
}

/**
 * Renders a report as Markdown within `maxLength`. The headline and counts always appear; then,
 * while they fit: the table rows of non-passing cases, their details, the skipped and INFO
 * summaries, and (with `allResults`) every result. Once something does not fit, it and everything
 * after it are left out and a note says how much.
 */
export function renderMarkdownSummary(report: Report, options: MarkdownSummaryOptions): string {
  const maxLength = Math.max(2_000, options.maxLength ?? GITHUB_COMMENT_LIMIT);
  const notable = report.results.filter((result) => NOTABLE.includes(result.verdict));
  const order: Verdict[] = ["fail", "timeout", "error", "warn"];
  notable.sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
  const skipped = report.results.filter((result) => result.verdict === "skip");
  const notRun = report.results.filter((result) => result.verdict === "not-run");
  const infos = report.results.filter((result) => result.verdict === "info");

  // Pieces in document order, which is also the order of importance.
  const pieces: { text: string; what: "row" | "details" | "section" }[] = [];
  if (notRun.length > 0) pieces.push({ text: `\n\n${notRunBlock(notRun)}`, what: "section" });
  if (report.summary.rootCauses.length > 0) pieces.push({ text: `\n\n### Root causes (${report.summary.rootCauses.length})\n\n${rootCausesBlock(report)}`, what: "section" });
  if (notable.length > 0) {
    pieces.push({ text: `\n\n### Not passing (${notable.length})\n\n| ID | level | verdict | reason | actual |\n|---|---|---|---|---|`, what: "section" });
    for (const result of notable) pieces.push({ text: `\n${tableRow(result)}`, what: "row" });
    pieces.push({ text: "\n\n### Details", what: "section" });
    for (const result of notable) pieces.push({ text: `\n\n${detailsBlock(report, result)}`, what: "details" });
  }
  if (skipped.length > 0) pieces.push({ text: `\n\n${skippedBlock(skipped)}`, what: "section" });
  if (infos.length > 0) pieces.push({ text: `\n\n${infoBlock(infos)}`, what: "section" });
  if (options.allResults && report.results.length > 0) pieces.push({ text: `\n\n${allResultsBlock(report.results)}`, what: "section" });

  let output = headline(report, options.strict, options.headingLevel ?? 2).join("\n");
  // Room kept for the truncation note.
  const reserve = 400;
  let index = 0;
  for (; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (output.length + piece.text.length + reserve > maxLength) break;
    output += piece.text;
  }
  if (index < pieces.length) {
    const left = pieces.slice(index);
    const rows = left.filter((piece) => piece.what === "row").length;
    const details = left.filter((piece) => piece.what === "details").length;
    const sections = left.filter((piece) => piece.what === "section").length;
    const parts = [rows > 0 ? `${rows} table row(s)` : "", details > 0 ? `${details} failure detail(s)` : "", sections > 0 ? `${sections} section(s)` : ""].filter(Boolean);
    output += `\n\n> ✂️ Truncated to stay within ${maxLength} characters: ${parts.join(", ")} not shown. The JSON report (\`--output json=FILE\`) holds every result.`;
  }
  return `${output}\n`;
}
