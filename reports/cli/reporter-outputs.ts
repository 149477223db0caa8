/**
 * Opening the reporters a command was asked for (`--reporter NAME`, `--output NAME=FILE`): each
 * writes to stdout or to its file, and the run's hooks fan out to all of them in order. Shared by
 * the suite (live runs) and `report` (re-rendering a saved report), so both accept the same flags.
 *
 * A report file is written atomically (`atomic-file.ts`): it replaces the previous file only once
 * its reporter has seen the run's end. A run that fails to start, errors or is interrupted before
 * its end leaves the previous file as it was.
 */
import { resolve } from "node:path";
import type { ConformanceHooks } from "../../suites/api.js";
import { AtomicFileWriter, type ReportFileWriter } from "../atomic-file.js";
import { UsageError } from "../exit-codes.js";
import type { Reporter } from "../reporter.js";
import { REPORTERS, REPORTER_NAMES } from "../reporters/registry.js";
import { colourWanted, createStyle } from "../terminal.js";
import type { CliIo } from "./io.js";
import { listOption, type ParsedCommandLine } from "./options.js";

/** A report file being written, and whether its reporter has seen the run's end. */
export interface ReportOutput {
  file: ReportFileWriter;
  complete: boolean;
}

/** The opened reporters and the files they write (to close once the run is over). */
export interface OpenedReporters {
  reporters: Reporter[];
  streams: ReportOutput[];
}

/**
 * Opens the reporters: each to stdout or to its `--output` file. The console reporter stays on
 * unless `--reporter` names the reporters explicitly (a CI run with `--output json=FILE` must still
 * print its progress), and at most one reporter writes a document to stdout: two would interleave
 * (GitHub's annotations, single workflow-command lines, may join it).
 */
export function openReporters(values: ParsedCommandLine["values"], io: CliIo, strict: boolean, verbose = false): OpenedReporters {
  const explicit = listOption(values, "reporter");
  const names = [...new Set(explicit)];
  const outputs = new Map<string, string>();
  for (const item of listOption(values, "output")) {
    const at = item.indexOf("=");
    const name = item.slice(0, at);
    if (at <= 0 || at === item.length - 1) throw new UsageError(`--output: "${item}" is not NAME=FILE`);
    if (!REPORTER_NAMES.includes(name)) throw new UsageError(`--output: unknown reporter "${name}" (${REPORTER_NAMES.join(", ")})`);
    outputs.set(name, resolve(io.cwd, item.slice(at + 1)));
  }
  const seen = new Map<string, string>();
  for (const [name, file] of outputs) {
    const other = seen.get(file);
    if (other !== undefined) throw new UsageError(`--output: ${other} and ${name} both write ${file}`);
    seen.set(file, name);
  }
  if (explicit.length === 0 && !outputs.has("console")) names.push("console");
  for (const name of outputs.keys()) if (!names.includes(name)) names.push(name);
  // GitHub's workflow commands are lines meant for the job's log: they may share stdout.
  const onStdout = names.filter((name) => !outputs.has(name) && name !== "github");
  if (onStdout.length > 1) {
    throw new UsageError(`reporters ${onStdout.join(" and ")} would both write to stdout: send all but one to files with --output NAME=FILE`);
  }
  const streams: ReportOutput[] = [];
  try {
    const reporters = names.map((name) => {
      const file = outputs.get(name);
      let write = io.stdout;
      let isTTY = io.stdoutIsTTY;
      let output: ReportOutput | undefined;
      if (file !== undefined) {
        try {
          // Opened now: a directory or an unwritable path is a usage error before any case runs,
          // not a silent loss at the end; the destination itself is not touched until the end.
          output = { file: AtomicFileWriter.open(file), complete: false };
        } catch (error) {
          throw new UsageError(`--output ${name}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        }
        streams.push(output);
        const writer = output.file;
        write = (text) => writer.write(text);
        isTTY = false;
      }
      // A file never gets colour, even under FORCE_COLOR (meant for logs that render it).
      const style = createStyle(file === undefined && colourWanted(isTTY, io.env, values["no-color"] === true));
      const reporter = REPORTERS[name]!({ write, isTTY, style, env: io.env, strict, toFile: file !== undefined, verbose });
      return output === undefined ? reporter : completesOutput(reporter, output);
    });
    return { reporters, streams };
  } catch (error) {
    for (const output of streams) output.file.discard();
    throw error;
  }
}

/** The reporter, marking its file complete once it has rendered the run's end. */
function completesOutput(reporter: Reporter, output: ReportOutput): Reporter {
  return {
    onRunStart: async (header, plan) => reporter.onRunStart?.(header, plan),
    onCaseStart: async (planned) => reporter.onCaseStart?.(planned),
    onCaseEnd: async (result) => reporter.onCaseEnd?.(result),
    onRunEnd: async (report) => {
      await reporter.onRunEnd?.(report);
      output.complete = true;
    },
  };
}

/** Fans the run's hooks out to every reporter, in order. */
export function combineReporters(reporters: readonly Reporter[]): ConformanceHooks {
  return {
    onRunStart: async (header, plan) => {
      for (const reporter of reporters) await reporter.onRunStart?.(header, plan);
    },
    onCaseStart: async (planned) => {
      for (const reporter of reporters) await reporter.onCaseStart?.(planned);
    },
    onCaseEnd: async (result) => {
      for (const reporter of reporters) await reporter.onCaseEnd?.(result);
    },
    onRunEnd: async (report) => {
      for (const reporter of reporters) await reporter.onRunEnd?.(report);
    },
  };
}

/**
 * Closes the report files: each one whose reporter saw the run's end replaces its destination,
 * the others are dropped (the destination keeps its previous content). Rejects when a complete
 * file could not be written.
 */
export async function closeStreams(streams: readonly ReportOutput[]): Promise<void> {
  let failure: unknown;
  for (const output of streams) {
    if (!output.complete || failure !== undefined) {
      output.file.discard();
      continue;
    }
    try {
      await output.file.commit();
    } catch (error) {
      failure = error;
    }
  }
  if (failure !== undefined) throw failure;
}
