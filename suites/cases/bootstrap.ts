/**
 * Bootstrap: the two transports and context forms, broken params that must fail closed, lenient
 * decoding, half-configured launches, and context shapes to tolerate.
 */
import type { ContextForm } from "../../harness/bootstrap/bootstrap-params.js";
import type { CaseDefinition } from "../model/case.js";
import { errorOnStderr } from "../verifiers/error-on-stderr.js";
import { exitCode } from "../verifiers/exit-code.js";
import { missingKeyObservation } from "../verifiers/missing-key-observation.js";
import { noOpened } from "../verifiers/no-opened.js";
import { sessionSucceeds } from "../verifiers/session-succeeds.js";
import { RULES } from "./rules.js";

function failsClosed(id: string, title: string, setup: CaseDefinition["setup"]): CaseDefinition {
  return {
    id,
    title,
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.decodeFirst, RULES.encoding],
    needs: [],
    setup,
    // Accepting it and opening the session are one deviation: one code, one root cause.
    expect: [exitCode("non-zero", "W_BAD_BOOTSTRAP_ACCEPTED"), noOpened("W_BAD_BOOTSTRAP_ACCEPTED"), errorOnStderr],
  };
}

/**
 * The real context params of `form` (the session's context file, or the inline data) encoded the
 * lenient way: a decoder that accepts the encoding gets a working launch, so only leniency opens a
 * session. The path form is what every library supports; the data form has its own twin.
 */
function refusesLenient(id: string, title: string, value: "gzip" | "urlsafe" | "unpadded", code: string, form: ContextForm): CaseDefinition {
  return {
    id: form === "path" ? id : `${id}-data`,
    title: form === "path" ? title : `${title} (context given inline as data)`,
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.encoding],
    needs: form === "path" ? [] : ["context-form:data"],
    setup: { contextForm: form, bootstrap: { kind: "bad-context-value", value } },
    expect: [noOpened(code), exitCode("non-zero", code)],
  };
}

const LENIENT_ENCODINGS = [
  ["bootstrap.refuses-gzip", "A gzip (not zlib) value is refused", "gzip", "W_ACCEPTS_GZIP"],
  ["bootstrap.refuses-urlsafe-base64", "A URL-safe base64 value is refused", "urlsafe", "W_ACCEPTS_URLSAFE_BASE64"],
  ["bootstrap.refuses-unpadded-base64", "An unpadded base64 value is refused", "unpadded", "W_ACCEPTS_UNPADDED_BASE64"],
] as const;

/** The bootstrap cases. */
export const BOOTSTRAP_CASES: CaseDefinition[] = [
  {
    id: "bootstrap.env-file-context",
    title: "Environment variables with a context file and a messages file (Dagster's default)",
    level: "MUST",
    mode: "observed",
    refs: [RULES.bootstrapVariables, RULES.contextForms],
    needs: [],
    setup: { transport: "env", contextForm: "path", channel: "file" },
    expect: [sessionSucceeds],
  },
  {
    id: "bootstrap.inline-data-context",
    title: "Context given inline as data",
    level: "MUST",
    mode: "observed",
    refs: [RULES.contextForms],
    needs: ["context-form:data"],
    setup: { contextForm: "data" },
    expect: [sessionSucceeds],
  },
  {
    id: "bootstrap.cli-arguments",
    title: "Params given as --dagster-pipes-context / --dagster-pipes-messages arguments",
    level: "MUST",
    mode: "observed",
    refs: [RULES.bootstrapCli],
    needs: ["transport:cli"],
    setup: { transport: "cli" },
    expect: [sessionSucceeds],
  },
  failsClosed("bootstrap.fails-closed-undecodable", "An undecodable context value fails closed", { bootstrap: { kind: "bad-context-value", value: "undecodable" } }),
  failsClosed("bootstrap.fails-closed-no-path-or-data", "Context params without path or data fail closed", { bootstrap: { kind: "bad-context-params", params: "no-path-or-data" } }),
  failsClosed("bootstrap.fails-closed-missing-context-file", "A context file that does not exist fails closed", { bootstrap: { kind: "bad-context-params", params: "missing-file" } }),
  ...LENIENT_ENCODINGS.map(([id, title, value, code]) => refusesLenient(id, title, value, code, "path")),
  ...LENIENT_ENCODINGS.map(([id, title, value, code]) => refusesLenient(id, title, value, code, "data")),
  {
    id: "bootstrap.context-without-messages",
    title: "DAGSTER_PIPES_CONTEXT without DAGSTER_PIPES_MESSAGES fails loudly, not as a silent no-op",
    level: "SHOULD",
    mode: "observed",
    refs: [RULES.failLoudly],
    needs: [],
    setup: { bootstrap: { kind: "context-only" } },
    expect: [exitCode("non-zero", "W_SILENT_NOOP_WITHOUT_MESSAGES")],
  },
  {
    id: "bootstrap.unknown-context-keys",
    title: "Unknown context keys are ignored",
    level: "MUST",
    mode: "observed",
    refs: [RULES.forwardCompatible],
    needs: [],
    setup: { context: { kind: "variation", name: "unknown-keys" } },
    expect: [sessionSucceeds],
  },
  {
    id: "bootstrap.null-asset-keys",
    title: "A context without assets (asset_keys null, as for an op) is handled (changes a program's contract when it has assets)",
    level: "MUST",
    mode: "observed",
    refs: [RULES.contextKeys],
    needs: [],
    setup: { context: { kind: "variation", name: "null-asset-keys" } },
    expect: [sessionSucceeds],
  },
  {
    id: "bootstrap.missing-context-key",
    title: "A context lacking one of the ten keys (recorded: may crash after opened)",
    level: "INFO",
    mode: "observed",
    refs: [RULES.readsByKey],
    needs: [],
    setup: { context: { kind: "variation", name: "missing-key" } },
    expect: [missingKeyObservation],
  },
];
