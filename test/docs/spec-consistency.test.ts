/**
 * The spec in `docs/` says what the code does: every case ID and reason code it names exists, its
 * table of metadata types is the harness's list, its capability table lists the values the CLI
 * accepts, and every op the driven cases use is documented with its own anchor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../harness/bootstrap/bootstrap-params.js";
import { METADATA_TYPES } from "../../harness/dagster/metadata-resolution.js";
import { listCases } from "../../suites/api.js";
import { caseArea, FEATURES } from "../../suites/model/case.js";
import { readSpecDocs } from "./spec-docs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const docs = readSpecDocs();
const protocol = docs.get("PROTOCOL.md")!;
const drivers = docs.get("DRIVERS.md")!;

/** Every inline code span of the docs. */
function codeSpans(): { file: string; text: string }[] {
  return [...docs.values()].flatMap((doc) => [...doc.source.matchAll(/`([^`\n]+)`/g)].map((match) => ({ file: doc.file, text: match[1]! })));
}

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
