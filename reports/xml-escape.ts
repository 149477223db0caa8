/**
 * Escaping for XML 1.0 output (the JUnit reporter). Everything the program under test wrote may
 * end up in an attribute or text node, so every string goes through one of these two functions:
 * the output is well-formed whatever the input.
 */
import { visibleControls } from "./text-safety.js";

/** Escapes text content: `&`, `<`, `>` (so `]]>` cannot appear) and CR (kept, not normalised away). */
export function xmlText(text: string): string {
  return visibleControls(text).replace(/[&<>\r]/g, (character) => TEXT_ENTITIES[character]!);
}

/**
 * Escapes an attribute value for double quotes. Tab, LF and CR become character references
 * because an XML parser normalises them to spaces in attribute values.
 */
export function xmlAttribute(text: string): string {
  return visibleControls(text).replace(/[&<>"'\t\n\r]/g, (character) => ATTRIBUTE_ENTITIES[character]!);
}

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};
