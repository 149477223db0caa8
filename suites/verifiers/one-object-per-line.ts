/**
 * Every message is one JSON object on one line: a blank, half or otherwise unparsable line kills
 * Dagster's file reader; on stdio it is lost as text. Every distinct problem is reported.
 */
import { outcomeOf, type Finding, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** Each protocol line parses (as Python would) to a JSON object. */
export const oneObjectPerLine: Verifier = {
  name: "one-object-per-line",
  codes: ["E_BLANK_LINE", "E_JSON_SYNTAX", "E_MESSAGE_NOT_OBJECT"],
  check: ({ record }) => {
    const byCode = new Map<string, Finding>();
    const add = (finding: Finding): void => {
      if (!byCode.has(finding.code)) byCode.set(finding.code, finding);
    };
    for (const line of protocolLines(record)) {
      if (line.invalidUtf8 || line.oversize) continue;
      if (line.text.trim() === "") {
        add({ code: "E_BLANK_LINE", expected: "one JSON object per line", actual: "a blank line", lines: [quote(line)], shape: "" });
        continue;
      }
      const parse = line.parse;
      if (parse !== undefined && !parse.ok) {
        add({ code: "E_JSON_SYNTAX", expected: "one JSON object per line", actual: `not JSON: ${parse.error.message}`, lines: [quote(line)], shape: "" });
      } else if (parse !== undefined && parse.ok && (parse.value === null || typeof parse.value !== "object" || Array.isArray(parse.value))) {
        add({ code: "E_MESSAGE_NOT_OBJECT", expected: "a JSON object", actual: `a JSON ${Array.isArray(parse.value) ? "array" : parse.value === null ? "null" : typeof parse.value}`, lines: [quote(line)], shape: "" });
      }
    }
    return outcomeOf([...byCode.values()]);
  },
};
