/**
 * Standalone runs (no bootstrap variables): the library is a no-op. And half-configured
 * launches: messages params alone are standalone too.
 */
import type { CaseDefinition } from "../model/case.js";
import { exitCode } from "../verifiers/exit-code.js";
import { noFilesCreated } from "../verifiers/no-files-created.js";
import { noProtocolOutput } from "../verifiers/no-protocol-output.js";
import { RULES } from "./rules.js";

/** The standalone cases. */
export const STANDALONE_CASES: CaseDefinition[] = [
  {
    id: "standalone.no-protocol-output",
    title: "Without the bootstrap variables nothing is written (no-op)",
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.standalone],
    needs: [],
    setup: { bootstrap: { kind: "absent" } },
    expect: [noProtocolOutput("W_PROTOCOL_OUTPUT_WITHOUT_BOOTSTRAP")],
  },
  {
    id: "standalone.no-files-created",
    title: "Without the bootstrap variables no file is created",
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.standalone],
    needs: [],
    setup: { bootstrap: { kind: "absent" }, privateTmp: true, traceFileCreation: true },
    expect: [noFilesCreated],
  },
  {
    id: "standalone.exit-zero",
    title: "Without the bootstrap variables the program runs normally and exits 0",
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.standalone],
    needs: [],
    setup: { bootstrap: { kind: "absent" } },
    expect: [exitCode("zero", "W_STANDALONE_EXIT_NONZERO")],
  },
  {
    id: "standalone.messages-only",
    title: "DAGSTER_PIPES_MESSAGES alone is standalone: no protocol output",
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.messagesOnly],
    needs: [],
    setup: { bootstrap: { kind: "messages-only" } },
    expect: [noProtocolOutput("W_PROTOCOL_OUTPUT_WITHOUT_BOOTSTRAP"), exitCode("zero", "W_STANDALONE_EXIT_NONZERO")],
  },
];
