/**
 * Reporters by name (`--reporter NAME`).
 */
import type { ReporterFactory } from "../reporter.js";
import { createConsoleReporter } from "./console-reporter.js";
import { createJsonReporter } from "./json-reporter.js";

/** Every reporter, by the name `--reporter` takes. */
export const REPORTERS: Record<string, ReporterFactory> = {
  console: createConsoleReporter,
  json: createJsonReporter,
};

/** The names `--reporter` accepts. */
export const REPORTER_NAMES = Object.keys(REPORTERS);
