/**
 * GitHub Actions workflow commands (`::error title=...::message`): their escaping and the limits
 * GitHub puts on annotations. The runner reads one command per line, so a message's newlines must
 * be escaped, and text from the program under test can never start a line of its own (and so can
 * never issue a command such as `::add-mask::` or `::stop-commands::`).
 */
import { visibleControls } from "./text-safety.js";

/**
 * Annotations of one kind (error, warning, notice) GitHub shows per step; more are dropped
 * silently (actions/toolkit docs/problem-matchers.md: 10 of each kind per step, 50 per job).
 */
export const ANNOTATIONS_PER_KIND = 10;

/** Longest message kept in one annotation (GitHub shows long ones cut anyway). */
export const ANNOTATION_MESSAGE_LIMIT = 4_000;

/** Escapes a command's message: `%`, CR and LF (as the runner's own toolkit does). */
export function escapeData(text: string): string {
  return visibleControls(text).replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Escapes a command's property value: as {@link escapeData}, plus `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** One workflow command line (with its newline). */
export function workflowCommand(command: "error" | "warning" | "notice", properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([name, value]) => `${name}=${escapeProperty(value)}`)
    .join(",");
  return `::${command}${props === "" ? "" : ` ${props}`}::${escapeData(message)}\n`;
}
