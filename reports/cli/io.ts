/**
 * The streams and environment a command talks to, passed in so that tests can drive commands
 * in-process and read exactly what they print.
 */
import { colourWanted, createStyle, type Style } from "../terminal.js";

/** Output streams and environment of one command invocation. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted when the user interrupts (Ctrl-C): running targets are ended. */
  signal?: AbortSignal;
}

/** The real process's streams. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}

/** The style for stdout, honouring NO_COLOR and --no-color. */
export function stdoutStyle(io: CliIo, noColor: boolean): Style {
  return createStyle(colourWanted(io.stdoutIsTTY, io.env, noColor));
}
