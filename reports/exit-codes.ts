/**
 * Exit codes of every command, in one place. When several apply, the highest in precedence
 * wins: internal error, usage error, failures, nothing ran, conformant.
 */

/** The documented exit codes. */
export const EXIT = {
  /** Conformant (or, for `run`, Dagster would mark the step successful and lost nothing). */
  OK: 0,
  /** Conformance failures (timeouts included), regressions, stale baseline entries. */
  FAILURES: 1,
  /** Usage or configuration error: a bad flag, value, file. */
  USAGE: 2,
  /** The harness itself failed: a bug to report. */
  INTERNAL: 3,
  /** Nothing ran: no case selected, every case skipped, or no protocol message in a file. */
  NOTHING_RAN: 4,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const PRECEDENCE: ExitCode[] = [EXIT.INTERNAL, EXIT.USAGE, EXIT.FAILURES, EXIT.NOTHING_RAN, EXIT.OK];

/** The code that wins when several conditions hold at once. */
export function combineExitCodes(...codes: ExitCode[]): ExitCode {
  for (const code of PRECEDENCE) if (codes.includes(code)) return code;
  return EXIT.OK;
}

/** The signals that interrupt a command. */
export type InterruptSignal = "SIGHUP" | "SIGINT" | "SIGTERM";

/**
 * Exit codes of a command interrupted by a signal (128 + the signal's number, as a shell reports
 * a process killed by it): the programs under test were ended, report files hold the interrupted
 * run (or their previous content when the run was forced to stop), nothing is left behind.
 */
export const SIGNAL_EXIT_CODES = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
} as const satisfies Record<InterruptSignal, number>;

/** What each code means, for help texts and the README. */
export const EXIT_CODE_MEANINGS: Record<ExitCode | (typeof SIGNAL_EXIT_CODES)[InterruptSignal], string> = {
  0: "conformant (run: the step would succeed, opened and closed seen, nothing lost)",
  1: "conformance failures, timeouts, regressions or stale baseline entries (run: the step would fail or lose messages)",
  2: "usage or configuration error (bad flag or value, unreadable file, command not found)",
  3: "internal harness error: please report it",
  4: "nothing ran (no case selected, every case skipped, no protocol message in the file)",
  129: "interrupted by SIGHUP (a closed terminal): running programs ended, the run stopped",
  130: "interrupted by SIGINT (Ctrl-C): running programs ended, the run stopped (a second Ctrl-C forces it)",
  143: "interrupted by SIGTERM: running programs ended, the run stopped",
};

/** A user mistake: reported in one line, exit 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
