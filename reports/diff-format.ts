/**
 * Renderings of a {@link ReportDiff}: console text grouped by kind of change, Markdown tables (for
 * a PR comment), and JSON for machines.
 */
import { TRANSITION_KINDS, TRANSITION_TITLES, type DiffHeader, type DiffSide, type ReportDiff, type Transition, type TransitionKind } from "./diff.js";
import { codeSpan, inlineText } from "./markdown-text.js";
import { VERDICT_ICONS } from "./markdown-summary.js";
import type { Style } from "./terminal.js";
import { visibleControls } from "./text-safety.js";

/** Output formats of `diff` (declared in diff-formats.ts, light to load). */
import { DIFF_FORMATS } from "./diff-formats.js";
export { DIFF_FORMATS };

/** One output format. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function sideText(side: DiffSide | null): string {
  if (side === null) return "absent";
  return `${side.verdict}${side.reason ? ` [${side.reason}]` : ""}`;
}

function headerText(header: DiffHeader): string {
  return `pipes-conformance ${header.tool} · protocol ${header.protocol} · ${header.startedAt}${header.file ? ` · ${header.file}` : ""}`;
}

function grouped(kind: TransitionKind, transitions: readonly Transition[]): Transition[] {
  return transitions.filter((transition) => transition.kind === kind);
}

function variantsText(transition: Transition): string {
  return transition.variants ? ` (grouped: ${transition.variants.old} → ${transition.variants.new} results)` : "";
}

function levelText(transition: Transition): string {
  const before = transition.old?.level;
  const after = transition.new?.level;
  if (before !== undefined && after !== undefined && before !== after) return `${before} → ${after}`;
  return after ?? before ?? "";
}

/** The last line: how many regressions, and the exit code it means. */
export function regressionLine(diff: ReportDiff): string {
  if (diff.incomplete.length > 0) return `${diff.regressions} regression(s); a report is incomplete, so nothing is proven: exit 1`;
  return diff.regressions === 0
    ? "No regression (nothing newly failing): exit 0"
    : `${diff.regressions} regression(s) (newly failing, or failing for another reason): exit 1`;
}

/** Console text, grouped by kind of change. */
export function renderDiffConsole(diff: ReportDiff, style: Style): string {
  const colour = (kind: TransitionKind): ((text: string) => string) =>
    kind === "newly-failing" || kind === "reason-changed" ? style.red : kind === "newly-passing" || kind === "warning-resolved" ? style.green : kind === "flaky" || kind === "newly-warning" || kind === "warning-reason-changed" || kind === "newly-skipped" || kind === "no-longer-judged" ? style.yellow : style.dim;
  const lines = [style.bold("pipes-conformance diff"), ...diff.incomplete.map((note) => style.red(style.bold(`INCOMPLETE: ${note}`))), `  old: ${headerText(diff.old)}`, `  new: ${headerText(diff.new)}`];
  for (const note of diff.notes) lines.push(style.yellow(`  note: ${note}`));
  for (const kind of TRANSITION_KINDS) {
    const list = grouped(kind, diff.transitions);
    if (list.length === 0) continue;
    lines.push("", colour(kind)(style.bold(`${TRANSITION_TITLES[kind]} (${list.length})`)));
    for (const transition of list) {
      lines.push(`  ${colour(kind)(transition.id)}  ${sideText(transition.old)} → ${sideText(transition.new)}  ${style.dim(`${levelText(transition)}${variantsText(transition)}`)}`);
    }
  }
  lines.push("", `${diff.transitions.length} change(s), ${diff.unchanged} unchanged`, diff.regressions === 0 ? style.green(regressionLine(diff)) : style.red(regressionLine(diff)));
  return `${visibleControls(lines.join("\n"))}\n`;
}

function markdownSide(side: DiffSide | null): string {
  if (side === null) return "—";
  return `${VERDICT_ICONS[side.verdict]} ${side.verdict}${side.reason ? ` ${codeSpan(side.reason, { inTable: true })}` : ""}`;
}

/** Markdown: the two headers, then one table per kind of change. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const lines = [
    `## ${diff.incomplete.length > 0 ? "⛔" : diff.regressions === 0 ? "✅" : "❌"} pipes-conformance diff: ${diff.regressions} regression(s)${diff.incomplete.length > 0 ? ", incomplete" : ""}`,
    "",
    ...diff.incomplete.flatMap((note) => [`**⛔ ${inlineText(note)}**`, ""]),
    "| | pipes-conformance | protocol | started | file |",
    "|---|---|---|---|---|",
    `| old | ${codeSpan(diff.old.tool, { inTable: true })} | ${codeSpan(diff.old.protocol, { inTable: true })} | ${diff.old.startedAt} | ${diff.old.file ? codeSpan(diff.old.file, { inTable: true }) : ""} |`,
    `| new | ${codeSpan(diff.new.tool, { inTable: true })} | ${codeSpan(diff.new.protocol, { inTable: true })} | ${diff.new.startedAt} | ${diff.new.file ? codeSpan(diff.new.file, { inTable: true }) : ""} |`,
  ];
  if (diff.notes.length > 0) lines.push("", ...diff.notes.map((note) => `> **Note:** ${inlineText(note)}  `));
  for (const kind of TRANSITION_KINDS) {
    const list = grouped(kind, diff.transitions);
    if (list.length === 0) continue;
    lines.push("", `### ${TRANSITION_TITLES[kind]} (${list.length})`, "", "| ID | old | new | level |", "|---|---|---|---|");
    for (const transition of list) {
      lines.push(`| ${codeSpan(transition.id, { inTable: true })}${transition.variants ? ` (grouped: ${transition.variants.old} → ${transition.variants.new} results)` : ""} | ${markdownSide(transition.old)} | ${markdownSide(transition.new)} | ${levelText(transition)} |`);
    }
  }
  lines.push("", `${diff.transitions.length} change(s), ${diff.unchanged} unchanged. ${regressionLine(diff)}.`);
  return `${lines.join("\n")}\n`;
}

/** JSON: the diff itself, indented. */
export function renderDiffJson(diff: ReportDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
