/**
 * A worker of parallel-stages.ts: parses, validates and Dagster-interprets each line of the
 * batches it is sent, and answers with one count per line (accepted, problems), nothing else.
 */
import { parentPort } from "node:worker_threads";
import { DagsterMessageHandler } from "../../harness/dagster/message-handler.js";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import { createValidator } from "../../schemas/validator.js";

const validator = createValidator();
parentPort!.on("message", ({ id, text }: { id: number; text: string }) => {
  const lines = text.split("\n");
  const counts = new Int32Array(lines.length * 2);
  const handler = new DagsterMessageHandler();
  let index = 0;
  for (const line of lines) {
    const parsed = parsePythonJson(line);
    if (parsed.ok) {
      counts[index] = handler.handle(parsed.value).accepted ? 1 : 0;
      counts[index + 1] = validator.validateMessage(parsed.value, { level: "reference", channel: "file" }).length;
    }
    index += 2;
  }
  parentPort!.postMessage({ id, counts }, [counts.buffer]);
});
