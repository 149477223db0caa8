/**
 * Escaping for GitHub-flavoured Markdown (the Markdown reporter, the GitHub step summary and the
 * diff's Markdown form). Text from the program under test is never interpreted: it goes into code
 * spans and fenced blocks (whose fences are longer than any backtick run inside), into HTML with
 * entities, or into prose with every Markdown-active character backslash-escaped and `@` defused
 * so that a message cannot mention people or inject links, HTML or table cells.
 */
import { visibleControls } from "./text-safety.js";

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/**
 * An inline code span of one line of text (newlines become spaces). Inside a table cell set
 * `inTable`: a pipe is escaped as `\|` (GFM splits cells before parsing code spans), and a
 * backslash just before a pipe is separated from it by a zero-width space so `\\|` cannot end the
 * cell.
 */
export function codeSpan(text: string, options: { inTable?: boolean } = {}): string {
  let content = visibleControls(text).replace(/[\r\n]+/g, " ");
  if (options.inTable) content = content.replace(/\\(?=\|)/g, "\\\u200B").replaceAll("|", "\\|");
  if (content === "") return "` `";
  const fence = "`".repeat(longestBacktickRun(content) + 1);
  // A span starting or ending with a backtick (or a space) needs padding, which GFM strips.
  const pad = content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" ")) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A fenced code block; its fence is longer than any backtick run in the text, so nothing closes it
 * early. CRLF becomes LF; a lone CR is shown as `\r` (Markdown would take it for a line end).
 */
export function codeBlock(text: string, info = "text"): string {
  const content = visibleControls(text).replaceAll("\r\n", "\n").replaceAll("\r", "\\r");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/** Text inside an HTML element (`<summary>`): entities for `&`, `<`, `>`, `"`; one line. */
export function htmlText(text: string): string {
  return visibleControls(text)
    .replace(/[\r\n]+/g, " ")
    .replace(/[&<>"]/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[character]!);
}

/**
 * Prose: Markdown punctuation backslash-escaped (GFM allows escaping any ASCII punctuation), `@`
 * followed by a zero-width space so no one is mentioned, newlines turned into spaces.
 */
export function inlineText(text: string): string {
  return visibleControls(text)
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]{}()<>#+!|~&]/g, (character) => `\\${character}`)
    .replaceAll("@", "@\u200B");
}
