/**
 * Reporters by name (`--reporter NAME`, `--output NAME=FILE`, `report --reporter NAME`).
 */
import type { ReporterFactory } from "../reporter.js";
import { REPORTER_NAMES as REPORTER_NAMES_DECLARED } from "./reporter-names.js";
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

/** The names `--reporter` accepts (declared in reporter-names.ts, light to load). */
export { REPORTER_NAMES } from "./reporter-names.js";

if (REPORTER_NAMES_DECLARED.join() !== Object.keys(REPORTERS).join()) throw new Error("reporter-names.ts and the reporter registry disagree");
