/**
 * The Markdown summary: GFM tables keep their shape whatever the text, hostile text is never
 * interpreted, and the output stays within GitHub's comment limit.
 */
import { describe, expect, it } from "vitest";
import { GITHUB_COMMENT_LIMIT, renderMarkdownSummary } from "../../reports/markdown-summary.js";
import { codeBlock, codeSpan, inlineText } from "../../reports/markdown-text.js";
import { renderWith } from "./render.js";
import { everyVerdictReport, HOSTILE, report, result } from "./synthetic-reports.js";

/**
 * Splits a GFM table row into cells as cmark-gfm does: a pipe ends a cell unless escaped, a
 * backslash escapes the ASCII punctuation after it (so `\\|` ends the cell).
 */
function cells(row: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let index = 1; index < row.length; index++) {
    const character = row[index]!;
    if (character === "\\" && /[!-/:-@[-`{-~]/.test(row[index + 1] ?? "")) {
      current += character + row[index + 1];
      index++;
    } else if (character === "|") {
      parts.push(current);
      current = "";
    } else current += character;
  }
  return parts;
}

/** Every table of a document: its rows have as many cells as its header. */
function checkTables(markdown: string): number {
  let tables = 0;
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!/^\|[-:|]+\|$/.test(lines[index + 1] ?? "") || !lines[index]!.startsWith("|")) continue;
    tables++;
    const width = cells(lines[index]!).length;
    for (let row = index + 2; row < lines.length && lines[row]!.startsWith("|"); row++) expect(cells(lines[row]!), lines[row]).toHaveLength(width);
  }
  return tables;
}

/** The document without fenced blocks and code spans (what GitHub would interpret). */
function withoutCode(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    if (fence !== undefined) {
      if (line.startsWith(fence) && /^`+$/.test(line)) fence = undefined;
      continue;
    }
    const opening = /^(`{3,})/.exec(line);
    if (opening) {
      fence = opening[1];
      continue;
    }
    // A code span: a backtick run, then the first run of the same length.
    kept.push(line.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ""));
  }
  return kept.join("\n");
}

describe("markdown text", () => {
  it("code spans outlast the backticks inside and escape pipes in tables", () => {
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeSpan("a|b\\|c", { inTable: true })).toBe("`a\\|b\\\u200B\\|c`");
    expect(codeBlock("```\nx")).toBe("````text\n```\nx\n````");
    expect(inlineText("*a* <b> @octocat")).toBe("\\*a\\* \\<b\\> @\u200Boctocat");
  });
});

describe("markdown reporter", () => {
  it("keeps every table's shape and never lets hostile text out of code", async () => {
    const markdown = await renderWith("markdown", everyVerdictReport());
    expect(checkTables(markdown)).toBe(5);
    // Outside code, nothing of the hostile text is live HTML or a mention.
    expect(withoutCode("a ``x`<b>`` c\n```\n<i>\n```\nd")).toBe("a  c\nd");
    const outsideCode = withoutCode(markdown);
    expect(outsideCode).not.toContain("<script>");
    expect(outsideCode).not.toContain("@octocat");
    expect(markdown).not.toContain("\u0000");
    expect(markdown).not.toContain("\u001b");
    expect(markdown).toContain("Tolerates &lt;generated&gt; contexts &amp; &quot;nulls&quot;");
  });

  it("says passing when nothing fails, and failing under --strict when something warns", () => {
    const warned = report([result("a.b", "pass"), result("a.c", "warn", { reason: "W_X" })]);
    expect(renderMarkdownSummary(warned, { strict: false })).toMatch(/^## ✅ pipes-conformance: passing\n/);
    expect(renderMarkdownSummary(warned, { strict: true })).toMatch(/^## ❌ pipes-conformance: failing\n/);
    expect(renderMarkdownSummary(warned, { strict: true })).toContain("1 SHOULD warning(s) (failing: `--strict`)");
  });

  it("stays within GitHub's comment limit, saying what it left out", () => {
    const huge = "x".repeat(5_000) + HOSTILE;
    const results = Array.from({ length: 800 }, (_, index) => result(`area.case-${index}`, "fail", { reason: "E_X", expected: huge, actual: huge, lines: [{ channel: "file", lineNumber: 1, text: huge }] }));
    const markdown = renderMarkdownSummary(report(results), { strict: false });
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/> ✂️ Truncated to stay within 65536 characters: .*not shown/);
    checkTables(markdown);
    // Whatever is cut, every details block opened is closed.
    expect(markdown.split("<details>").length).toBe(markdown.split("</details>").length);
  });

  it("keeps every row when only the details do not fit", () => {
    const long = "y".repeat(1_900);
    const results = Array.from({ length: 120 }, (_, index) => result(`area.case-${index}`, "fail", { reason: "E_X", expected: long, actual: long }));
    const markdown = renderMarkdownSummary(report(results), { strict: false });
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    for (let index = 0; index < 120; index++) expect(markdown).toContain(`| \`area.case-${index}\` |`);
    expect(markdown).toMatch(/failure detail\(s\)/);
  });
});
