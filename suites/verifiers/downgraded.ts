/**
 * A check whose MUST findings are, in this case's setting, a milder deviation of their own: the
 * context shape Dagster itself never sends (a key range with start != end), or values Dagster
 * only tolerates (NaN in a payload). Each MUST finding becomes one finding of `code` (its own root
 * cause), naming the original code and text; SHOULD and INFO findings pass through unchanged.
 */
import { levelOfPrefix } from "../finding-codes.js";
import type { Verifier } from "../model/case.js";

/** `inner` with its MUST findings reported as `code` (a `W_` code). */
export function downgraded(inner: Verifier, code: string): Verifier {
  return {
    name: `${inner.name}-as-${code.toLowerCase()}`,
    codes: [code, ...inner.codes.filter((candidate) => levelOfPrefix(candidate) !== "MUST")],
    check: (input) => {
      const outcome = inner.check(input);
      if (outcome.status !== "fail") return outcome;
      return {
        status: "fail",
        findings: outcome.findings.map((finding) =>
          levelOfPrefix(finding.code) === "MUST" ? { code, expected: finding.expected, actual: `${finding.code}: ${finding.actual}`, ...(finding.lines ? { lines: finding.lines } : {}) } : finding,
        ),
      };
    },
  };
}
