/**
 * The benchmarks' bare launches: ready bootstraps (the default context in a file and a fresh,
 * empty messages file per launch, encoded as the harness encodes them, so that a bare run of a
 * conforming program does the work it does under the suite), and the launch itself.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeBootstrapValue } from "../../harness/bootstrap/bootstrap-codec.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import { defaultContext } from "../../suites/context-variations.js";

/** The messages file of the `index`-th environment of {@link readyBootstrapEnvironments}. */
export function readyMessagesFile(directory: string, index: number): string {
  return join(directory, `messages-${index}`);
}

/** `count` environments (this process's, plus the two bootstrap variables), files in `directory`. */
export function readyBootstrapEnvironments(directory: string, count: number): Record<string, string>[] {
  const contextFile = join(directory, "context");
  writeFileSync(contextFile, serializePythonJson(defaultContext() as JsonValue));
  return Array.from({ length: count }, (_, index) => {
    const messages = readyMessagesFile(directory, index);
    writeFileSync(messages, "");
    return {
      ...(process.env as Record<string, string>),
      DAGSTER_PIPES_CONTEXT: encodeBootstrapValue({ path: contextFile }),
      DAGSTER_PIPES_MESSAGES: encodeBootstrapValue({ path: messages, include_stdio_in_messages: false }),
    };
  });
}

/**
 * Spawns `argv` bare and resolves when it has exited (with `piped`, when its stdout and stderr,
 * read and dropped, have closed too, as the harness waits for them).
 */
export function spawnAndWait(argv: readonly string[], env: Record<string, string>, piped = false): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // Detached like the harness's launches (a session and process group of its own): on Linux a new
    // session is also a new scheduler autogroup, which on a busy machine gets its own share of the
    // CPU; bare runs left in the bench's group ran up to 1.6 times slower than the suite's under
    // load, a "negative overhead" that only measured the scheduler.
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: piped ? ["ignore", "pipe", "pipe"] : "ignore", detached: true });
    child.once("error", reject);
    child.once(piped ? "close" : "exit", () => resolve());
    child.stdout?.resume();
    child.stderr?.resume();
  });
}
