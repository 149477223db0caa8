/**
 * docs/LEVELS.md is exactly what the level table generates (`npm run docs`), names every code of
 * the table once, and is linked from the README and docs/PROTOCOL.md.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FINDING_CODES } from "../../suites/finding-codes.js";
import { codeAnchor, LEVELS_DOC_PATH, renderLevelsDoc } from "./levels-doc.js";
import { plainText, readSpecDocs } from "./spec-docs.js";

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("docs/LEVELS.md", () => {
  it("is exactly what suites/finding-codes.ts generates (npm run docs)", () => {
    expect(read(LEVELS_DOC_PATH)).toBe(renderLevelsDoc());
  });

  it("has one row per code of the level table, under the heading of its level", () => {
    const doc = renderLevelsDoc();
    const sections = doc.split(/\n## /);
    for (const [code, entry] of Object.entries(FINDING_CODES)) {
      const rows = doc.split("\n").filter((line) => line.includes(`<a id="${codeAnchor(code)}"></a>`));
      expect(rows, code).toHaveLength(1);
      const section = sections.find((text) => text.includes(`<a id="${codeAnchor(code)}"></a>`))!;
      expect(section.startsWith(entry.level), `${code} under ${entry.level}`).toBe(true);
      expect(rows[0], code).toContain(entry.rule.anchor!.replace(/^docs\//, ""));
    }
  });

  it("links each code to a rule that exists, under the heading it names, followed by its quote", () => {
    const docs = readSpecDocs();
    for (const [code, { rule }] of Object.entries(FINDING_CODES)) {
      const [path, id] = rule.anchor!.split("#") as [string, string];
      const doc = docs.get(path.slice("docs/".length))!;
      const anchor = doc.anchors.find((candidate) => candidate.id === id);
      expect(anchor, `${code}: ${rule.anchor}`).toBeDefined();
      expect(rule.section, code).toBe(`${doc.file} › ${anchor!.heading}`);
      expect(anchor!.text, `${code}: quote after ${rule.anchor}`).toContain(plainText(rule.quote).replace(/[.!?]$/, ""));
    }
  });

  it("is linked from the README and from docs/PROTOCOL.md", () => {
    expect(read("README.md")).toContain("(docs/LEVELS.md)");
    expect(read("docs/PROTOCOL.md")).toContain("(LEVELS.md)");
  });
});
