/**
 * Root causes: one deviation of the program, however many cases and runs saw it. Two findings are
 * one root cause when they have the same (canonical) code and the same shape: the offending value's
 * place in the message (`/params/metadata`), the missing message, the program's own error. A
 * library that writes empty metadata as `[]` fails the schema check, Dagster's reader and every
 * session that reports a check: one root cause, listed once with the cases it affects.
 */
import { canonicalCode, LEVEL_ORDER } from "../finding-codes.js";
import type { Finding, Level } from "./case.js";

/** Keys under which the next token is a name the program chose (a metadata label, an asset key...). */
const NAMED_CHILDREN = new Set(["metadata", "deps_by_column", "input_data_versions", "code_version_by_asset_key", "provenance_by_asset_key", "tags", "partition_keys"]);

/**
 * Keys whose value is free JSON the user chose (an extra, a custom payload, a JSON metadata value):
 * every deeper token, at any depth, is theirs, so the rest of the pointer reads `**`.
 */
const FREE_JSON = new Set(["extras", "payload", "raw_value", "pipes_conformance_extra"]);

/** Keys of the driver protocol's own payloads, which stay literal under `payload`. */
const PROTOCOL_PAYLOAD_KEYS = new Set(["pipes_conformance_context", "pipes_conformance_extra"]);

/**
 * The shape of a JSON pointer: array indices and names the program chose replaced by `*`, and
 * everything below free JSON (extras, custom payloads, JSON metadata values) by one `**`, so that
 * the same deviation in another entry, another generated key or another message reads the same.
 */
export function pointerShape(pointer: string): string {
  if (pointer === "") return "";
  const tokens = pointer.split("/").slice(1);
  const shaped: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    // The parent as shaped: a label that happens to read "payload" is still a label.
    const parent = index > 0 ? shaped[index - 1]! : undefined;
    if (parent !== undefined && FREE_JSON.has(parent) && !(parent === "payload" && PROTOCOL_PAYLOAD_KEYS.has(token))) {
      shaped.push("**");
      break;
    }
    shaped.push(/^\d+$/.test(token) || (parent !== undefined && NAMED_CHILDREN.has(parent)) ? "*" : token);
  }
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
