/**
 * Without the bootstrap variables a library creates no files: no messages file, nothing in the
 * temp directory (docs/PROTOCOL.md#standalone-no-op).
 *
 * The private TMPDIR is the program's alone. The working directory may be shared with other
 * processes (a test runner's other files, a build): when the session traced the calls that create
 * files, only what the program's own processes created there is blamed on it, and the rest is
 * named as another process's.
 */
import { createsEntry } from "../../harness/process/creation-trace-parser.js";
import { outcomeOf, type Verifier } from "../model/case.js";

/** Names shown at most in a finding; the rest are counted. */
const NAMED = 5;

function named(names: readonly string[]): string {
  return `${names.slice(0, NAMED).join(", ")}${names.length > NAMED ? ` and ${names.length - NAMED} more` : ""}`;
}

/** The private TMPDIR is empty and the working directory gained nothing of the program's. */
export const noFilesCreated: Verifier = {
  name: "no-files-created",
  codes: ["W_FILES_CREATED_WITHOUT_BOOTSTRAP"],
  check: ({ record, cwdFilesCreated }) => {
    const appeared = cwdFilesCreated ?? [];
    const trace = record.creationTrace;
    const byProgram = (name: string): boolean =>
      trace?.available !== true || trace.created.some((created) => createsEntry(created, [record.cwd, trace.cwdRealPath], name));
    const blamed = appeared.filter(byProgram);
    const others = appeared.filter((name) => !byProgram(name));
    const left = record.tmpFilesLeft ?? [];
    const othersNote = others.length === 0 ? undefined : `${others.length} new entr${others.length === 1 ? "y" : "ies"} of the working directory not created by the program (another process's, per the trace of its file creations): ${named(others)}`;
    if (left.length === 0 && blamed.length === 0) return outcomeOf([], othersNote);
    // Without a trace nothing tells the program's files from another process's: said, so that a
    // warning in a shared directory can be checked before it is believed.
    const unattributed = trace?.available === true ? "" : ` (not attributed: other processes may share the working directory, and ${trace === undefined ? "no trace of file creation was taken" : trace.reason})`;
    const places = [...(left.length > 0 ? [`in its private TMPDIR: ${named(left)}`] : []), ...(blamed.length > 0 ? [`in the working directory: ${named(blamed)}${unattributed}`] : [])];
    return outcomeOf([{ code: "W_FILES_CREATED_WITHOUT_BOOTSTRAP", expected: "no file created (standalone no-op)", actual: `created ${[...places, ...(othersNote === undefined ? [] : [othersNote])].join("; ")}` }]);
  },
};
