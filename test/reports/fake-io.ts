/**
 * A CliIo that collects what a command prints, to drive `main(args, io)` in-process.
 */
import type { CliIo } from "../../reports/cli/io.js";
import { main } from "../../reports/cli/main.js";

/** A fake CliIo and what was written to it. */
export interface FakeIo extends CliIo {
  out: string[];
  err: string[];
}

/** Creates a fake, non-TTY CliIo in `cwd` with an environment of its own. */
export function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), stdoutIsTTY: false, stderrIsTTY: false, env, cwd };
}

/** Runs the CLI in-process: exit code, stdout and stderr. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIo(cwd, env);
  const code = await main(args, io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}
