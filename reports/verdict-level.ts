/**
 * The level a result's verdict was judged at, for display. A case's level is that of its strictest
 * rule, so a MUST case can end in a SHOULD finding (the driven `raise` cases, whose only finding
 * may be the SHOULD `W_EXCEPTION_NOT_FORWARDED`); shown beside the case level, "MUST ... warn"
 * read as a MUST deviation, and the same defect showed as SHOULD in observed mode and MUST in
 * driven mode. Shown as the verdict's level, it reads the same in every mode.
 */
import type { CaseResult } from "../suites/model/report.js";

const LEVEL_OF_VERDICT: Partial<Record<CaseResult["verdict"], CaseResult["level"]>> = { fail: "MUST", warn: "SHOULD", info: "INFO" };

/** The verdict's level (`SHOULD` for a warning), with the case's level beside it where they differ. */
export function verdictLevelText(result: Pick<CaseResult, "verdict" | "level">): string {
  const judged = LEVEL_OF_VERDICT[result.verdict];
  return judged === undefined || judged === result.level ? result.level : `${judged} (a ${result.level} case)`;
}
