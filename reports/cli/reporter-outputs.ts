/**
 * Opening the reporters a command was asked for (`--reporter NAME`, `--output NAME=FILE`): each
 * writes to stdout or to its file, and the run's hooks fan out to all of them in order. Shared by
 * the suite (live runs) and `report` (re-rendering a saved report), so both accept the same flags.
 */
import { createWriteStream, mkdirSync, openSync, type WriteStream } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ConformanceHooks } from "../../suites/api.js";
import { UsageError } from "../exit-codes.js";
import type { Reporter } from "../reporter.js";
import { REPORTERS, REPORTER_NAMES } from "../reporters/registry.js";
import { colourWanted, createStyle } from "../terminal.js";
import type { CliIo } from "./io.js";
import { listOption, type ParsedCommandLine } from "./options.js";

/** The opened reporters and the files they write (to close once the run is over). */
export interface OpenedReporters {
  reporters: Reporter[];
  streams: WriteStream[];
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
  if (explicit.length === 0 && !outputs.has("console")) names.push("console");
  for (const name of outputs.keys()) if (!names.includes(name)) names.push(name);
  // GitHub's workflow commands are lines meant for the job's log: they may share stdout.
  const onStdout = names.filter((name) => !outputs.has(name) && name !== "github");
  if (onStdout.length > 1) {
    throw new UsageError(`reporters ${onStdout.join(" and ")} would both write to stdout: send all but one to files with --output NAME=FILE`);
  }
  const streams: WriteStream[] = [];
  const reporters = names.map((name) => {
    const file = outputs.get(name);
    let write = io.stdout;
    let isTTY = io.stdoutIsTTY;
    if (file !== undefined) {
      try {
        mkdirSync(dirname(file), { recursive: true });
        // Opened now, synchronously: a directory or an unwritable path is a usage error before
        // any case runs, not a silent loss at the end.
        const stream = createWriteStream(file, { fd: openSync(file, "w") });
        stream.on("error", () => undefined);
        streams.push(stream);
        write = (text) => stream.write(text);
        isTTY = false;
      } catch (error) {
        throw new UsageError(`--output ${name}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    const style = createStyle(colourWanted(isTTY, io.env, values["no-color"] === true));
    return REPORTERS[name]!({ write, isTTY, style, env: io.env, strict, toFile: file !== undefined, verbose });
  });
  return { reporters, streams };
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

/** Closes the report files; rejects when one could not be written. */
export async function closeStreams(streams: readonly WriteStream[]): Promise<void> {
  await Promise.all(
    streams.map(
      (stream) =>
        new Promise<void>((resolveClose, rejectClose) => {
          stream.once("error", rejectClose);
          stream.end(() => resolveClose());
        }),
    ),
  );
}
