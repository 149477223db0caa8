/**
 * The reporter interface, modelled on vitest's: a reporter implements any of the run's hooks
 * (run start with the plan, case start, case end, run end), all optional and awaited. Each
 * reporter lives in its own file under `reporters/` and is found by name in the registry.
 */
import type { ConformanceHooks } from "../suites/api.js";
import type { Style } from "./terminal.js";

/** A reporter: optional hooks. */
export type Reporter = ConformanceHooks;

/** What a reporter gets to write with. */
export interface ReporterContext {
  /** Writes to the reporter's destination (stdout, or the file given with `--output NAME=FILE`). */
  write(text: string): void;
  /** Whether the destination is an interactive terminal (progress line, colour). */
  isTTY: boolean;
  style: Style;
  env: NodeJS.ProcessEnv;
  /** `--strict`: warnings fail the run. */
  strict: boolean;
  /** The destination is a file, not stdout. */
  toFile: boolean;
  /** `--verbose`: every case's details and every finding, not only one block per root cause. */
  verbose?: boolean;
}

/** Creates a reporter for one run. */
export type ReporterFactory = (context: ReporterContext) => Reporter;
