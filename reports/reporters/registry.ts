/**
 * Reporters by name (`--reporter NAME`, `--output NAME=FILE`, `report --reporter NAME`).
 */
import type { ReporterFactory } from "../reporter.js";
import { createConsoleReporter } from "./console-reporter.js";
import { createGithubReporter } from "./github-reporter.js";
import { createJsonReporter } from "./json-reporter.js";
import { createJunitReporter } from "./junit-reporter.js";
import { createMarkdownReporter } from "./markdown-reporter.js";

/** Every reporter, by the name `--reporter` takes. */
export const REPORTERS: Record<string, ReporterFactory> = {
  console: createConsoleReporter,
  json: createJsonReporter,
  junit: createJunitReporter,
  github: createGithubReporter,
  markdown: createMarkdownReporter,
};

/** The names `--reporter` accepts. */
export const REPORTER_NAMES = Object.keys(REPORTERS);
