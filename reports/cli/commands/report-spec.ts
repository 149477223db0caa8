/**
 * The `report` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";
import { REPORTER_NAMES } from "../../reporters/reporter-names.js";

/** The `report` command's declaration. */
export const REPORT_COMMAND: CommandSpec = {
  name: "report",
  usage: "pipes-conformance report FILE [--reporter NAME]... [--output NAME=FILE]...",
  summary: "Re-render a saved JSON report (--output json=FILE) through any reporter: console, json, junit, github, markdown.",
  details: "Exit 0 once rendered, 2 when FILE is missing, not JSON, not a report, or written by a newer pipes-conformance. --strict is taken from the report.",
  positionals: { name: "FILE", description: "A JSON report.", min: 1, max: 1 },
  options: [
    { name: "reporter", type: "string", multiple: true, placeholder: "NAME", choices: REPORTER_NAMES, description: "Reporter(s) to render with.", defaultText: "console" },
    { name: "output", type: "string", multiple: true, placeholder: "NAME=FILE", description: "Write a reporter's output to a file instead of stdout (e.g. junit=report.xml)." },
  ],
};
