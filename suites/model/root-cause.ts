/**
 * Root causes: one deviation of the program, however many cases and runs saw it. Two findings are
 * one root cause when they have the same (canonical) code and the same shape: the offending value's
 * place in the message (`/params/metadata`), the missing message, the program's own error. A
 * library that writes empty metadata as `[]` fails the schema check, Dagster's reader and every
 * session that reports a check: one root cause, listed once with the cases it affects.
 */
import { canonicalCode, LEVEL_ORDER } from "../finding-codes.js";
import type { Finding, Level } from "./case.js";

/** Keys under which the next token is a name the program chose (a metadata label, an extra...). */
const NAMED_CHILDREN = new Set(["metadata", "extras", "payload", "deps_by_column", "input_data_versions", "code_version_by_asset_key", "provenance_by_asset_key", "tags", "pipes_conformance_context"]);

/**
 * The shape of a JSON pointer: array indices and names the program chose replaced by `*`, so that
 * the same deviation in another entry or another message reads the same.
 */
export function pointerShape(pointer: string): string {
  if (pointer === "") return "";
  const tokens = pointer.split("/").slice(1);
  const shaped = tokens.map((token, index) => (/^\d+$/.test(token) || (index > 0 && NAMED_CHILDREN.has(tokens[index - 1]!)) ? "*" : token));
  return `/${shaped.join("/")}`;
}

/** The id of a finding's root cause: its canonical code, and its shape when it has one. */
export function rootCauseId(finding: Pick<Finding, "code" | "shape">): string {
  const code = canonicalCode(finding.code);
  return finding.shape === undefined || finding.shape === "" ? code : `${code}@${finding.shape}`;
}

/** What a result contributes to grouping (kept structural, so reports read from JSON group too). */
export interface GroupableResult {
  id: string;
  findings?: readonly (Finding & { level: Level; rootCause: string })[];
}

/** One root cause of a run. */
export interface RootCause {
  /** Stable id, e.g. `E_METADATA_NOT_OBJECT@/params/metadata`. */
  id: string;
  /** The code of its first finding (the more precise one where codes were grouped). */
  code: string;
  level: Level;
  /** Expected/Actual of its first finding: what the one console line says. */
  expected: string;
  actual: string;
  /** Every result (full ID) that saw it, in report order. */
  cases: string[];
}

/** Groups the findings of a run's results by root cause: most severe first, then most cases. */
export function groupRootCauses(results: readonly GroupableResult[]): RootCause[] {
  const byId = new Map<string, RootCause>();
  for (const result of results) {
    for (const finding of result.findings ?? []) {
      const existing = byId.get(finding.rootCause);
      if (existing === undefined) {
        byId.set(finding.rootCause, { id: finding.rootCause, code: finding.code, level: finding.level, expected: finding.expected, actual: finding.actual, cases: [result.id] });
      } else if (!existing.cases.includes(result.id)) {
        existing.cases.push(result.id);
      }
    }
  }
  return [...byId.values()].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || b.cases.length - a.cases.length);
}
