/**
 * Merging shard reports (`--shard I/N` runs of one suite, e.g. a CI matrix) back into the report
 * the unsharded run would have written: same header, results in plan order, summary recomputed.
 *
 * Plan order is the order of the case catalogue (`listCases()`), each generated case's variants by
 * their index: the order `planRun` gives, so a merged report lists its results where the unsharded
 * run would have. Results of cases the catalogue does not know (a report from another tool version)
 * come last, in the order they were given.
 */
import { listCases } from "../suites/api.js";
import type { CaseDefinition } from "../suites/model/case.js";
import { summarize, type CaseResult, type Report, type ReportHeader } from "../suites/model/report.js";
import { UsageError } from "./exit-codes.js";
import { oneLine } from "./text-safety.js";

/** A report and the file it came from (named in errors). */
export interface NamedReport {
  file: string;
  report: Report;
}

/** The merged report and remarks about it (e.g. missing shards), for stderr. */
export interface MergeOutcome {
  report: Report;
  notes: string[];
}

/** What a catalogue entry must say for ordering. */
export type CatalogueEntry = Pick<CaseDefinition, "id">;

/** The variant's input index (`ctx=3` → 3); -1 for a result without variant. */
function variantIndex(result: CaseResult): number {
  const match = /=(\d+)$/.exec(result.variant ?? "");
  return match ? Number(match[1]) : -1;
}

/**
 * Sorts results into plan order: by the case's place in the catalogue, then (a case's own-context
 * result first) by variant index.
 */
export function sortInPlanOrder(results: readonly CaseResult[], catalogue: readonly CatalogueEntry[] = listCases()): CaseResult[] {
  const position = (result: CaseResult): number => {
    const index = catalogue.findIndex((entry) => entry.id === result.caseId);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return results
    .map((result, index) => ({ result, index, position: position(result), variant: variantIndex(result) }))
    .sort((a, b) => a.position - b.position || a.variant - b.variant || a.index - b.index)
    .map((entry) => entry.result);
}

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** The header fields every shard of one run shares, by the name an error gives them. */
const SHARED_FIELDS: readonly [string, (header: ReportHeader) => unknown][] = [
  ["tool", (header) => header.tool],
  ["protocolVersion", (header) => header.protocolVersion],
  ["command", (header) => header.command],
  ["capabilities", (header) => header.capabilities],
  ["axes", (header) => header.axes],
  ["seed", (header) => header.seed],
  ["runs", (header) => header.runs],
  ["strict", (header) => header.strict],
  ["selection", (header) => header.selection ?? null],
  ["shard.count", (header) => header.shard?.count ?? null],
];

/**
 * Merges shard reports into one. Every report must come from the same run configuration (tool,
 * protocol, command, capabilities, axes, seed, runs, strict, selection and shard count), else a
 * usage error names the first field that differs; a case in two reports is a usage error too.
 * The merged header has no `shard`, the earliest `startedAt` and the summed `durationMs`.
 */
export function mergeReports(inputs: readonly NamedReport[], catalogue: readonly CatalogueEntry[] = listCases()): MergeOutcome {
  const first = inputs[0];
  if (first === undefined) throw new UsageError("merge needs at least one report");
  for (const input of inputs.slice(1)) {
    for (const [field, read] of SHARED_FIELDS) {
      const expected = read(first.report.header);
      const actual = read(input.report.header);
      if (canonical(expected) !== canonical(actual)) {
        throw new UsageError(
          `merge: ${input.file} differs from ${first.file} in ${field} (${oneLine(JSON.stringify(actual) ?? "absent", 80)} vs ${oneLine(JSON.stringify(expected) ?? "absent", 80)}): only shards of one run can be merged`,
        );
      }
    }
  }
  const notes: string[] = [];
  // A merged report must be what the whole run would have written: never from an incomplete part.
  for (const input of inputs) {
    if (input.report.summary.incomplete) {
      const why = input.report.header.interrupted !== undefined ? `interrupted by ${input.report.header.interrupted.signal}` : "stopped early";
      throw new UsageError(`merge: ${input.file} is an incomplete report (${why}, ${input.report.summary.counts["not-run"] ?? 0} case(s) not run): rerun that shard`);
    }
  }
  const shardFiles = new Map<number, string>();
  for (const input of inputs) {
    const shard = input.report.header.shard;
    if (shard === undefined) continue;
    const seen = shardFiles.get(shard.index);
    if (seen !== undefined) throw new UsageError(`merge: ${seen} and ${input.file} are both shard ${shard.index}/${shard.count}`);
    shardFiles.set(shard.index, input.file);
  }
  const count = first.report.header.shard?.count;
  if (count !== undefined) {
    const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !shardFiles.has(index));
    if (missing.length > 0) throw new UsageError(`merge: shard(s) ${missing.join(", ")} of ${count} missing: merge every shard of the run`);
  }
  const owner = new Map<string, string>();
  const results: CaseResult[] = [];
  for (const input of inputs) {
    for (const result of input.report.results) {
      const seen = owner.get(result.id);
      if (seen !== undefined) throw new UsageError(`merge: case ${result.id} is in both ${seen} and ${input.file}`);
      owner.set(result.id, input.file);
      results.push(result);
    }
  }
  const { shard: _dropped, ...shared } = first.report.header;
  const header: ReportHeader = {
    ...shared,
    startedAt: inputs.map((input) => input.report.header.startedAt).reduce((earliest, time) => (Date.parse(time) < Date.parse(earliest) ? time : earliest)),
    durationMs: inputs.reduce((total, input) => total + input.report.header.durationMs, 0),
  };
  const ordered = sortInPlanOrder(results, catalogue);
  return { report: { header, results: ordered, summary: summarize(ordered) }, notes };
}
