/**
 * The spec in `docs/` and the README say what the code does: every case ID, reason code and option
 * they name exists, every "Checked by `case` (LEVEL)" gives the case's level, the spec's table of
 * metadata types is the harness's list, its capability table lists the values the CLI accepts, and
 * every op the driven cases use is documented with its own anchor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../harness/bootstrap/bootstrap-params.js";
import { METADATA_TYPES } from "../../harness/dagster/metadata-resolution.js";
import { renderCliReference } from "../../reports/cli/commands/docs.js";
import { listCases } from "../../suites/api.js";
import { caseArea, FEATURES } from "../../suites/model/case.js";
import { NON_FINDING_REASONS } from "./levels-doc.js";
import { readSpecDocs } from "./spec-docs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const docs = readSpecDocs();
const protocol = docs.get("PROTOCOL.md")!;
const drivers = docs.get("DRIVERS.md")!;

/** What a user reads: the spec files and the README. */
const shipped: { file: string; source: string }[] = [...docs.values(), { file: "README.md", source: readFileSync(join(ROOT, "README.md"), "utf8") }];

/** Every inline code span of the docs and the README, fenced code blocks left out. */
function codeSpans(): { file: string; text: string }[] {
  return shipped.flatMap((doc) => [...doc.source.replace(/^```[\s\S]*?^```/gm, "").matchAll(/`([^`\n]+)`/g)].map((match) => ({ file: doc.file, text: match[1]! })));
}

/**
 * Upper-case names in code spans that are not reason codes: environment variables and a Linux
 * capability the prose names.
 */
const NOT_REASON_CODES = new Set(["DAGSTER_PIPES_CONTEXT", "DAGSTER_PIPES_MESSAGES", "DAGSTER_PIPES_IS_DAGSTER_PIPED_PROCESS", "CAP_SYS_PTRACE", "GITHUB_STEP_SUMMARY", "O_CREAT"]);

/** Options that code spans may name although no command declares them (not options of this tool). */
const FOREIGN_OPTIONS = new Set([
  "--help", // every command's
  "--dagster-pipes-context", // the bootstrap's CLI form (docs/PROTOCOL.md)
  "--dagster-pipes-messages",
  "--max-old-space-size", // Node's and V8's
  "--max-semi-space-size",
  "--heap-growing-percent",
  "--cpu-prof",
]);

/** The first cell of each row of the table under the line that starts with `header`. */
function firstColumn(source: string, header: string): string[] {
  const lines = source.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  expect(start, header).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|")[1]!.trim());
  }
  return rows;
}

/** A table cell's code spans, e.g. "`text`, `url`" → ["text", "url"]. */
function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

function sourceText(): string {
  const walk = (directory: string): string[] =>
    readdirSync(directory).flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
    });
  return ["harness", "suites", "schemas", "reports"].flatMap((directory) => walk(join(ROOT, directory))).join("\n");
}

describe("docs/ and the code", () => {
  it("name only cases that exist", () => {
    const ids = new Set(listCases().map((definition) => definition.id));
    const areas = new Set([...ids].map(caseArea));
    const named = codeSpans().filter(({ text }) => /^[a-z]+\.[a-z0-9-]+$/.test(text) && areas.has(caseArea(text)));
    expect(named.length).toBeGreaterThan(40);
    for (const { file, text } of named) expect(ids.has(text), `${file}: ${text}`).toBe(true);
  });

  it("name only reason codes the code reports", () => {
    const source = sourceText();
    for (const { file, text } of codeSpans().filter(({ text }) => /^[EWI]_[A-Z0-9_]+$/.test(text))) {
      expect(source.includes(`"${text}"`), `${file}: ${text}`).toBe(true);
    }
    // Reasons without a level prefix (DRIVER_UNSUPPORTED, HARNESS_ERROR...) too.
    const bare = codeSpans().filter(({ text }) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(text) && !/^[EWI]_/.test(text) && !NOT_REASON_CODES.has(text));
    // Written as a literal reason, or as the constant the code reports it through.
    const reported = (reason: string): boolean => source.includes(`reason: "${reason}"`) || (source.includes(`export const ${reason} = "${reason}"`) && source.includes(`reason: ${reason}`));
    for (const { file, text } of bare) expect(reported(text), `${file}: ${text}`).toBe(true);
    for (const { reason } of NON_FINDING_REASONS) expect(reported(reason), `LEVELS.md: ${reason}`).toBe(true);
  });

  it("name only options a command declares", async () => {
    const declared = new Set([...(await renderCliReference()).matchAll(/`(--[a-z][a-z0-9-]*)/g)].map((match) => match[1]!));
    // A span that is an option, or a command line of this tool up to the program's argv (`-- ...`);
    // other tools' command lines (strace, npm) have options of their own.
    const ours = (text: string): string | undefined => (text.startsWith("--") ? text : /^(npx )?pipes-conformance /.test(text) ? text.split(" -- ")[0] : undefined);
    const named = codeSpans().flatMap(({ file, text }) => [...(ours(text) ?? "").matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((match) => ({ file, option: match[1]! })));
    expect(named.length).toBeGreaterThan(50);
    for (const { file, option } of named) expect(declared.has(option) || FOREIGN_OPTIONS.has(option), `${file}: ${option}`).toBe(true);
  });

  it("give each case the level it has where they say 'Checked by `case` (LEVEL)'", () => {
    const levels = new Map(listCases().map((definition) => [definition.id, definition.level]));
    let claims = 0;
    for (const { file, source } of shipped) {
      for (const paragraph of source.split(/\n\s*\n/)) {
        for (const match of paragraph.replace(/\s+/g, " ").matchAll(/Checked (?:[a-z ,]*?)by ([^()]*?)\((MUST|SHOULD|INFO)\b/g)) {
          for (const id of [...match[1]!.matchAll(/`([a-z]+\.[a-z0-9-]+)`/g)].map((span) => span[1]!)) {
            claims += 1;
            expect(levels.get(id), `${file}: ${id} is said to be ${match[2]}`).toBe(match[2]);
          }
        }
      }
    }
    expect(claims).toBeGreaterThan(20);
  });

  it("list the harness's metadata types, and no job", () => {
    const types = firstColumn(protocol.source, "| type | raw_value").flatMap(codes);
    expect([...types].sort()).toEqual([...METADATA_TYPES].sort());
  });

  it("list the capabilities the CLI accepts", () => {
    const rows = new Map(
      drivers.source
        .split("\n")
        .filter((line) => line.startsWith("| `--"))
        .map((line) => [codes(line.split("|")[1]!)[0]!, codes(line.split("|")[3]!)] as const),
    );
    expect(rows.get("--transports")).toEqual([...TRANSPORTS]);
    expect(rows.get("--context-forms")).toEqual([...CONTEXT_FORMS]);
    expect(rows.get("--channels")).toEqual([...CHANNELS]);
    expect(rows.get("--without")).toEqual([...FEATURES]);
  });

  it("document every op the driven cases use, each with its own anchor", () => {
    const ops = new Set(listCases().flatMap((definition) => (definition.setup.actions ?? []).map((action) => action.op)));
    expect(ops.size).toBe(7);
    const anchors = new Set(drivers.anchors.map((anchor) => anchor.id));
    for (const op of ops) expect(anchors.has(`op-${op.replaceAll("_", "-")}`), op).toBe(true);
  });
});
