/**
 * Ready bootstraps for the benchmarks' bare launches: the default context in a file and a fresh,
 * empty messages file per launch, encoded as the harness encodes them, so that a bare run of a
 * conforming program does the work it does under the suite.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeBootstrapValue } from "../../harness/bootstrap/bootstrap-codec.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import { defaultContext } from "../../suites/context-variations.js";

/** `count` environments (this process's, plus the two bootstrap variables), files in `directory`. */
export function readyBootstrapEnvironments(directory: string, count: number): Record<string, string>[] {
  const contextFile = join(directory, "context");
  writeFileSync(contextFile, serializePythonJson(defaultContext() as JsonValue));
  return Array.from({ length: count }, (_, index) => {
    const messages = join(directory, `messages-${index}`);
    writeFileSync(messages, "");
    return {
      ...(process.env as Record<string, string>),
      DAGSTER_PIPES_CONTEXT: encodeBootstrapValue({ path: contextFile }),
      DAGSTER_PIPES_MESSAGES: encodeBootstrapValue({ path: messages, include_stdio_in_messages: false }),
    };
  });
}
