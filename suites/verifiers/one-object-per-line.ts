/**
 * Every message is one JSON object on one line: a blank, half or otherwise unparsable line kills
 * Dagster's file reader (docs/PROTOCOL.md#framing-whole-lines); on stdio it is lost as text.
 */
import type { Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** Each protocol line parses (as Python would) to a JSON object. */
export const oneObjectPerLine: Verifier = {
  name: "one-object-per-line",
  check: ({ record }) => {
    for (const line of protocolLines(record)) {
      if (line.invalidUtf8 || line.oversize) continue;
      if (line.text.trim() === "") {
        return { status: "fail", code: "E_BLANK_LINE", expected: "one JSON object per line", actual: "a blank line", lines: [quote(line)] };
      }
      const parse = line.parse;
      if (parse !== undefined && !parse.ok) {
        return { status: "fail", code: "E_JSON_SYNTAX", expected: "one JSON object per line", actual: `not JSON: ${parse.error.message}`, lines: [quote(line)] };
      }
      if (parse !== undefined && parse.ok && (parse.value === null || typeof parse.value !== "object" || Array.isArray(parse.value))) {
        return { status: "fail", code: "E_NOT_JSON_OBJECT", expected: "a JSON object", actual: `a JSON ${Array.isArray(parse.value) ? "array" : parse.value === null ? "null" : typeof parse.value}`, lines: [quote(line)] };
      }
    }
    return { status: "pass" };
  },
};
