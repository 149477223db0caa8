/**
 * The doc reader behind the rule-reference tests: anchors, their headings and texts, heading ids
 * and links, on a small doc built to hold every case it must get right.
 */
import { describe, expect, it } from "vitest";
import { headingSlug, parseSpecDoc, plainText } from "./spec-docs.js";

const DOC = [
  "# Title",
  "Prose about anchors: `<a id=\"not-an-anchor\"></a>` in a code span.",
  "## Framing: lines",
  '<a id="rule-one"></a>',
  "**Bold.** Every `message` is [one line](#rule-two), ended by `\\n`.",
  "More of rule one.",
  "",
  '<a id="rule-two"></a>',
  "Rule two.",
  "```sh",
  "# not a heading",
  '<a id="in-a-fence"></a>',
  "```",
  "### Table",
  "| a | b |",
  "|---|---|",
  '| <a id="row-one"></a>`x` | one \\| two |',
  "| plain row | after the anchored one |",
].join("\n");

describe("spec-docs", () => {
  const doc = parseSpecDoc("X.md", DOC);

  it("finds explicit anchors, not those in code spans or fences", () => {
    expect(doc.anchors.map((anchor) => anchor.id)).toEqual(["rule-one", "rule-two", "row-one"]);
  });

  it("gives each anchor the heading above it and its text up to the next anchor or heading", () => {
    const [one, two, row] = doc.anchors;
    expect(one).toMatchObject({ heading: "Framing: lines", line: 4, text: "Bold. Every message is one line, ended by \\n. More of rule one." });
    expect(two!.text).toBe("Rule two.");
    expect(row).toMatchObject({ heading: "Table", text: "| x | one | two |" });
  });

  it("computes GitHub's heading ids and collects fragment links", () => {
    expect(doc.headingSlugs).toEqual(["title", "framing-lines", "table"]);
    expect(headingSlug("Readers: file versus stdio")).toBe("readers-file-versus-stdio");
    expect(headingSlug("Dagster's handler")).toBe("dagsters-handler");
    expect(doc.fragmentLinks).toEqual(["#rule-two"]);
  });

  it("reads Markdown as plain words", () => {
    expect(plainText('<a id="x"></a>**A** `b` [c](d.md#e)  \n f')).toBe("A b c f");
  });
});
