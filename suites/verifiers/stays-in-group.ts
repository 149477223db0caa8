/**
 * Whatever the program starts ends with it: a process that left the program's process group (a
 * `setsid` child, a daemon) outlives the step under Dagster. The harness finds such processes by
 * the environment cookie every launch carries, ends them, and counts them; here the count is a
 * finding (SHOULD: Dagster loses nothing, but the process keeps running after the step).
 */
import { failed, type Verifier } from "../model/case.js";

/** No process escaped the program's process group. */
export const staysInGroup: Verifier = {
  name: "stays-in-group",
  codes: ["W_PROCESS_ESCAPED_GROUP"],
  check: ({ record }) => {
    const escaped = record.process.escapedProcessesEnded;
    if (escaped > 0) {
      return failed(
        "W_PROCESS_ESCAPED_GROUP",
        "every process the program starts stays in its process group and ends with it",
        `${escaped} process${escaped === 1 ? "" : "es"} escaped the process group (setsid?) and ${escaped === 1 ? "was" : "were"} ended by the harness; under Dagster ${escaped === 1 ? "it keeps" : "they keep"} running after the step`,
      );
    }
    const inGroup = record.process.groupProcessesEnded;
    return { status: "pass", ...(inGroup > 0 ? { observation: `${inGroup} process(es) of its group were still running at its exit and were ended with the group` } : {}) };
  },
};
