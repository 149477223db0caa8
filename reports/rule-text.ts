/**
 * How reports print the rule a case stands for: the doc section, the quote and, when the ref has
 * one, where to read the rule in the installed package (`docs/PROTOCOL.md#<anchor>`). Reports
 * written before anchors existed lack it and print as before.
 */
import type { RuleRef } from "../suites/model/case.js";

/** `PROTOCOL.md › Framing: <quote> (docs/PROTOCOL.md#framing-one-line-per-message)`. */
export function ruleText(ref: RuleRef): string {
  return `${ref.section}: ${ref.quote}${ref.anchor === undefined ? "" : ` (${ref.anchor})`}`;
}
