/**
 * Command-line options declared once, as data: the same declarations parse the arguments (with
 * Node's `util.parseArgs`), print `--help`, and write the README's reference (`docs` command), so
 * the three can never disagree.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../exit-codes.js";

/** One option of a command. */
export interface OptionSpec {
  /** Long name, kebab-case, without the dashes. */
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** May be given several times (values collected in order). */
  multiple?: boolean;
  /** Placeholder of the value in help, e.g. `KEY`. */
  placeholder?: string;
  description: string;
  /** Allowed values (checked; shown in help). */
  choices?: readonly string[];
  /** Default shown in help. */
  defaultText?: string;
}

/** A command: its usage line, summary and options. */
export interface CommandSpec {
  /** Name as typed (`run`), or `""` for the default command. */
  name: string;
  usage: string;
  summary: string;
  /** Longer explanation shown under the usage line. */
  details?: string;
  options: readonly OptionSpec[];
  /** Whether everything after `--` is the target's argv (and required). */
  argv?: "required" | "none";
  /** Names of positional arguments (for help), e.g. `FILE`. */
  positionals?: { name: string; description: string; min: number; max: number };
}

/** Parsed arguments of a command. */
export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The target's argv (after `--`). */
  argv: string[];
}

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "Print this help and exit." },
  { name: "no-color", type: "boolean", description: "No colour, even on a terminal (NO_COLOR is also honoured)." },
];

/** Parses `args` (without the command name) against a command's options. */
export function parseCommandLine(spec: CommandSpec, args: readonly string[]): ParsedCommandLine {
  const separator = args.indexOf("--");
  const own = separator === -1 ? [...args] : args.slice(0, separator);
  const argv = separator === -1 ? [] : args.slice(separator + 1);
  const all = [...spec.options, ...COMMON_OPTIONS];
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const option of all) {
    config[option.name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(own, all), options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, spec));
  }
  const values = parsed.values as ParsedCommandLine["values"];
  if (values.help === true) return { values, positionals: parsed.positionals, argv };
  for (const option of all) {
    const value = values[option.name];
    if (option.choices === undefined || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string" && !option.choices.includes(item)) {
        throw new UsageError(`--${option.name}: "${item}" is not one of ${option.choices.join(", ")}`);
      }
    }
  }
  const range = spec.positionals ?? { name: "", description: "", min: 0, max: 0 };
  if (parsed.positionals.length < range.min) throw new UsageError(`${commandLabel(spec)} needs ${range.name}`);
  if (parsed.positionals.length > range.max) {
    throw new UsageError(`${commandLabel(spec)}: unexpected argument "${parsed.positionals[range.max]}"${spec.argv === "required" ? " (put the program after --)" : ""}`);
  }
  if (spec.argv === "required" && argv.length === 0) {
    throw new UsageError(`${commandLabel(spec)} needs the program to run after --, e.g. ${spec.usage}`);
  }
  if (spec.argv !== "required" && separator !== -1) throw new UsageError(`${commandLabel(spec)} takes no program after --`);
  return { values, positionals: parsed.positionals, argv };
}

/**
 * `--timeout -1` as `--timeout=-1`: parseArgs takes a value starting with "-" for an option and
 * calls it ambiguous; a negative number is clearly a value, and the option's own check then says
 * what is wrong with it.
 */
function joinNegativeNumbers(args: readonly string[], options: readonly OptionSpec[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const next = args[index + 1];
    const option = arg.startsWith("--") ? options.find((candidate) => `--${candidate.name}` === arg) : options.find((candidate) => candidate.short !== undefined && `-${candidate.short}` === arg);
    if (option?.type === "string" && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`--${option.name}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function commandLabel(spec: CommandSpec): string {
  return spec.name === "" ? "pipes-conformance" : `pipes-conformance ${spec.name}`;
}

function describeParseError(error: unknown, spec: CommandSpec): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]} for ${commandLabel(spec)} (see --help)`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `option ${missing[1]!.split(",").pop()!.trim().replace(/ <value>$/, "")} needs a value`;
  const noValue = /Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `option ${noValue[1]!.split(",").pop()!.trim()} takes no value`;
  return message.split("\n")[0] ?? message;
}

function optionSignature(option: OptionSpec): string {
  const value = option.type === "string" ? ` ${option.placeholder ?? "VALUE"}` : "";
  return `${option.short ? `-${option.short}, ` : ""}--${option.name}${value}`;
}

function optionDescription(option: OptionSpec): string {
  let text = option.description;
  if (option.choices) text += ` One of: ${option.choices.join(", ")}.`;
  if (option.defaultText) text += ` Default: ${option.defaultText}.`;
  if (option.multiple) text += " Repeatable.";
  return text;
}

/** The `--help` text of a command. */
export function renderHelp(spec: CommandSpec): string {
  const lines = [`Usage: ${spec.usage}`, "", spec.summary];
  if (spec.details) lines.push("", spec.details);
  lines.push("", "Options:", renderOptionList(spec));
  return lines.join("\n");
}

/** A command's options (its own and the common ones), one entry a line, as `--help` lists them. */
export function renderOptionList(spec: CommandSpec): string {
  const options = [...spec.options, ...COMMON_OPTIONS];
  const width = Math.min(34, Math.max(...options.map((option) => optionSignature(option).length)) + 2);
  return options
    .map((option) => {
      const signature = optionSignature(option);
      const description = optionDescription(option);
      return signature.length + 2 > width ? `  ${signature}\n  ${" ".repeat(width)}${description}` : `  ${signature.padEnd(width)}${description}`;
    })
    .join("\n");
}

/** The README reference of a command, as Markdown. */
export function renderMarkdown(spec: CommandSpec): string {
  const lines = [`### \`${spec.usage}\``, "", spec.summary];
  if (spec.details) lines.push("", spec.details);
  lines.push("", "| option | meaning |", "|---|---|");
  for (const option of spec.options) {
    // In a GFM table even a code span needs its pipes escaped.
    lines.push(`| \`${optionSignature(option).replaceAll("|", "\\|")}\` | ${optionDescription(option).replaceAll("|", "\\|")} |`);
  }
  return lines.join("\n");
}

/** A string option's value (the last one when repeated). */
export function stringOption(values: ParsedCommandLine["values"], name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) return value[value.length - 1];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable option's values. */
export function listOption(values: ParsedCommandLine["values"], name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/** A number option within bounds, or a usage error naming the option. */
export function numberOption(values: ParsedCommandLine["values"], name: string, bounds: { min: number; max?: number; integer?: boolean }): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const ok = text.trim() !== "" && Number.isFinite(value) && value >= bounds.min && (bounds.max === undefined || value <= bounds.max) && (!bounds.integer || Number.isInteger(value));
  if (!ok) {
    const kind = bounds.integer ? "an integer" : "a number";
    throw new UsageError(`--${name}: "${text}" is not ${kind} ${bounds.max === undefined ? `>= ${bounds.min}` : `between ${bounds.min} and ${bounds.max}`}`);
  }
  return value;
}

/** A directory option (`--cwd`), resolved against `base`; a usage error when it is not a directory. */
export function directoryOption(values: ParsedCommandLine["values"], name: string, base: string): string | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const path = resolve(base, text);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new UsageError(`--${name}: ${text} is not a directory`);
  return path;
}
