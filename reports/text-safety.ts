/**
 * Text helpers shared by the renderings of a report (JUnit, GitHub, Markdown). Report text comes
 * from the program under test (its messages, its stderr), so it may hold anything: NUL bytes,
 * terminal escapes, lone surrogates. Those are shown as visible `\uXXXX` escapes rather than
 * dropped, because a conformance report that silently loses "your program wrote a NUL here" would
 * hide the very thing it reports.
 */

/**
 * Characters that XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE and
 * U+FFFF) plus DEL and the C1 controls, which XML allows but which terminals and CI logs interpret.
 * The `u` flag makes a lone surrogate match as one unit while a valid pair is left alone.
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Surrogate}/gu;

/** Replaces every unsafe character with a visible `\uXXXX` escape (tab, LF and CR are kept). */
export function visibleControls(text: string): string {
  return text.replace(UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with `…` when cut. Never splits a surrogate
 * pair (half an emoji would become an illegal lone surrogate).
 */
export function clamp(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** One line: whitespace runs (newlines included) collapsed to a space, trimmed, clamped. */
export function oneLine(text: string, max: number): string {
  return clamp(text.replace(/\s+/g, " ").trim(), max);
}
