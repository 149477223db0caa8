/**
 * The defaults of a session, declared apart from the session code so that the CLI's option
 * declarations (`--timeout`, `--max-line-bytes`) can show them without loading the harness.
 */

/** Defaults of `run`: 60 s timeout, 2 s kill grace. */
export const SESSION_DEFAULTS = {
  timeoutMs: 60_000,
  killGraceMs: 2_000,
  orphanGraceMs: 1_000,
  outputCapBytes: 1 << 20,
  maxLineBytes: 16 << 20,
  /** Lines (and results, warnings, events) kept in a record; counts stay exact beyond it. */
  retainLimit: 10_000,
  /** Bytes of message text kept in a record's transcript (and again in its result lists). */
  retainBytes: 64 << 10,
} as const;
