/**
 * Reads the project's spec (`docs/*.md`) as the rule-reference tests need it: the explicit
 * `<a id="..."></a>` anchors with the heading above each and the text that follows, the headings'
 * GitHub slugs, and the in-doc links. Fenced code blocks are skipped: a `#` line there is not a
 * heading.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's `docs/` directory. */
export const DOCS_DIRECTORY = fileURLToPath(new URL("../../docs/", import.meta.url));

/** One explicit anchor of a doc. */
export interface DocAnchor {
  id: string;
  /** The nearest heading above it, as plain text. */
  heading: string;
  /** Its text up to the next anchor or heading, as plain text (see {@link plainText}). */
  text: string;
  line: number;
}

/** One doc file, parsed. */
export interface SpecDoc {
  file: string;
  source: string;
  anchors: DocAnchor[];
  /** GitHub's ids of the doc's headings. */
  headingSlugs: string[];
  /** Link targets with a fragment, e.g. `#levels` or `DRIVERS.md#op-report-context`. */
  fragmentLinks: string[];
}

const ANCHOR = /<a id="([^"]*)"><\/a>/g;

/**
 * Markdown as the words a reader sees: anchors removed, links reduced to their text, code spans,
 * emphasis and table escapes dropped, whitespace collapsed.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(ANCHOR, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replaceAll("**", "")
    .replaceAll("`", "")
    .replaceAll("\\|", "|")
    .replace(/\s+/g, " ")
    .trim();
}

/** GitHub's id for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
export function headingSlug(heading: string): string {
  return plainText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

/** Parses one doc. */
export function parseSpecDoc(file: string, source: string): SpecDoc {
  const lines = source.split("\n");
  const anchors: DocAnchor[] = [];
  const headingSlugs: string[] = [];
  let heading = "";
  let inFence = false;
  let open: { id: string; heading: string; line: number; text: string[] }[] = [];
  const close = (): void => {
    for (const anchor of open) anchors.push({ id: anchor.id, heading: anchor.heading, line: anchor.line, text: plainText(anchor.text.join("\n")) });
    open = [];
  };
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const headingMatch = /^#{1,6} (.*)$/.exec(line);
    if (headingMatch) {
      close();
      heading = plainText(headingMatch[1]!);
      headingSlugs.push(headingSlug(headingMatch[1]!));
      return;
    }
    // An anchor shown in a code span is prose about anchors, not one.
    const ids = [...line.replace(/`[^`]*`/g, "").matchAll(ANCHOR)].map((match) => match[1]!);
    if (ids.length > 0) {
      close();
      open = ids.map((id) => ({ id, heading, line: index + 1, text: [] }));
    }
    for (const anchor of open) anchor.text.push(line);
    // An anchor in a table row stands for that row alone.
    if (ids.length > 0 && line.startsWith("|")) close();
  });
  close();
  const fragmentLinks = [...source.matchAll(/\]\(([^)\s]*#[^)\s]*)\)/g)].map((match) => match[1]!);
  return { file, source, anchors, headingSlugs, fragmentLinks };
}

/** Every `docs/*.md`, parsed, by file name. */
export function readSpecDocs(): Map<string, SpecDoc> {
  const docs = new Map<string, SpecDoc>();
  for (const file of readdirSync(DOCS_DIRECTORY).filter((name) => name.endsWith(".md")).sort()) {
    docs.set(file, parseSpecDoc(file, readFileSync(join(DOCS_DIRECTORY, file), "utf8")));
  }
  return docs;
}
