/**
 * Without the bootstrap variables a library creates no files: no messages file, nothing in the
 * temp directory (docs/PROTOCOL.md#standalone-no-op).
 */
import { outcomeOf, type Verifier } from "../model/case.js";

/** The private TMPDIR is empty and the working directory gained nothing. */
export const noFilesCreated: Verifier = {
  name: "no-files-created",
  codes: ["W_FILES_CREATED_WITHOUT_BOOTSTRAP"],
  check: ({ record, cwdFilesCreated }) => {
    const created = [...(record.tmpFilesLeft ?? []).map((name) => `$TMPDIR/${name}`), ...(cwdFilesCreated ?? [])];
    if (created.length > 0) {
      return outcomeOf([{ code: "W_FILES_CREATED_WITHOUT_BOOTSTRAP", expected: "no file created (standalone no-op)", actual: `created ${created.slice(0, 5).join(", ")}` }]);
    }
    return { status: "pass" };
  },
};
