/**
 * Every rule reference the product prints resolves into its own spec, and nothing it ships cites
 * the internal briefs:
 * - `pipes-conformance list --format json` (in-process) gives each rule an anchor
 *   `docs/<FILE>.md#<id>` that exists as an explicit `<a id>` in that file, under the heading its
 *   `section` names, and followed by its quote;
 * - anchor ids are kebab-case and unique across `docs/` (and differ from heading ids), and every
 *   fragment link between the docs resolves;
 * - the shipped sources (`harness`, `schemas`, `suites`, `reports`, `README.md`, the drivers'
 *   READMEs, `docs`) contain no `../shared`, no `DESIGN.md` and no `§` section references.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../reports/fake-io.js";
import { plainText, readSpecDocs } from "./spec-docs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const docs = readSpecDocs();

interface ListedRule {
  section: string;
  anchor?: string;
  quote: string;
}

async function listedRules(): Promise<{ caseId: string; rule: ListedRule }[]> {
  const { code, stdout, stderr } = await runCli(["list", "--format", "json"], ROOT);
  expect(code, stderr).toBe(0);
  const entries = JSON.parse(stdout) as { id: string; rules: ListedRule[] }[];
  expect(entries.length).toBeGreaterThan(0);
  return entries.flatMap((entry) => entry.rules.map((rule) => ({ caseId: entry.id, rule })));
}

describe("rule references", () => {
  it("resolve to an explicit anchor of docs/, under the section they name, followed by their quote", async () => {
    const rules = await listedRules();
    for (const { caseId, rule } of rules) {
      const where = `${caseId}: ${rule.section}`;
      expect(rule.anchor, where).toMatch(/^docs\/[A-Z]+\.md#[a-z0-9]+(-[a-z0-9]+)*$/);
      const [path, id] = rule.anchor!.split("#") as [string, string];
      const doc = docs.get(path.slice("docs/".length));
      expect(doc, `${where}: ${path} exists`).toBeDefined();
      const anchor = doc!.anchors.find((candidate) => candidate.id === id);
      expect(anchor, `${where}: ${rule.anchor} exists`).toBeDefined();
      expect(rule.section, `${where}: the heading above ${rule.anchor}`).toBe(`${doc!.file} › ${anchor!.heading}`);
      // The quote is a sentence of the anchored text (its final stop aside: the doc may go on).
      const quote = plainText(rule.quote).replace(/[.!?]$/, "");
      expect(anchor!.text, `${where}: quote after ${rule.anchor}`).toContain(quote);
    }
  });

  it("never cite the internal briefs", async () => {
    for (const { caseId, rule } of await listedRules()) {
      expect(`${rule.section} ${rule.anchor ?? ""}`, caseId).not.toMatch(/§|DESIGN\.md|\.\.\/shared/);
    }
  });
});

describe("anchors of docs/", () => {
  it("are kebab-case, unique across every doc, and distinct from heading ids", () => {
    const seen = new Map<string, string>();
    for (const doc of docs.values()) {
      for (const anchor of doc.anchors) {
        const where = `${doc.file}:${anchor.line}`;
        expect(anchor.id, where).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(seen.get(anchor.id), `${anchor.id} at ${where} is also at`).toBeUndefined();
        seen.set(anchor.id, where);
      }
    }
    for (const doc of docs.values()) {
      for (const slug of doc.headingSlugs) expect(seen.has(slug), `${doc.file}: heading id ${slug} is also an anchor`).toBe(false);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it("resolve every fragment link between the docs", () => {
    for (const doc of docs.values()) {
      for (const link of doc.fragmentLinks) {
        if (/^[a-z]+:/.test(link)) continue;
        const [file, fragment] = link.split("#") as [string, string];
        const target = docs.get(file === "" ? doc.file : file);
        expect(target, `${doc.file}: ${link}`).toBeDefined();
        const ids = [...target!.anchors.map((anchor) => anchor.id), ...target!.headingSlugs];
        expect(ids, `${doc.file}: ${link}`).toContain(fragment);
      }
    }
  });
});

/** The files the npm package ships whose text could cite a brief. */
function shippedTextFiles(): string[] {
  const walk = (directory: string): string[] =>
    readdirSync(directory).flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.(ts|mts|js|mjs|json|md|py|R|rs)$/.test(name) ? [path] : [];
    });
  const drivers = join(ROOT, "drivers");
  const driverReadmes = [join(drivers, "README.md"), ...readdirSync(drivers).map((name) => join(drivers, name, "README.md")).filter((path) => statSync(join(path, "..")).isDirectory())];
  return [
    ...["harness", "schemas", "suites", "reports", "docs"].flatMap((directory) => walk(join(ROOT, directory))),
    join(ROOT, "README.md"),
    ...driverReadmes.filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    }),
  ];
}

describe("shipped sources", () => {
  it("cite docs/ only: no ../shared, no DESIGN.md, no § section", () => {
    const files = shippedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const offences: string[] = [];
    for (const file of files) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (/\.\.\/shared|DESIGN\.md|§/.test(line)) offences.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(offences).toEqual([]);
  });
});
