/**
 * Benchmark: the message pipeline end to end, through the real paths (a spawned process, a real
 * file or pipe, the session reader `run` and the suite use): read, parse, validate and
 * Dagster-interpret a transcript of the realistic mixed stream, from a file on disk.
 */
import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Channel } from "../../harness/bootstrap/bootstrap-params.js";
import { realisticMessageLines } from "./realistic-stream.js";

const run = promisify(execFile);

/** One pipeline measurement. */
export interface PipelineFigures {
  messages: number;
  bytes: number;
  seconds: number;
  messages_per_s: number;
  /** Messages per second of the harness process's CPU time (user + system). */
  messages_per_cpu_s: number;
  peak_rss_mb: number;
}

/** Writes `count` messages of the realistic stream to `path` (or until `minBytes`, whichever is later). */
export async function writeTranscript(path: string, count: number, minBytes = 0): Promise<{ messages: number; bytes: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  let messages = 0;
  let seed = 1;
  const write = (text: string): Promise<void> | void => (out.write(text) ? undefined : new Promise((resolve) => out.once("drain", () => resolve())));
  while (messages < count || bytes < minBytes) {
    let chunk = "";
    // Batches of a million messages (a realistic stream each), as many as the size asks for.
    for (const line of realisticMessageLines(count > 0 ? Math.min(count, 1_000_000) : 1_000_000, seed++)) {
      chunk += `${line}\n`;
      messages++;
      if (chunk.length > 1 << 20) {
        bytes += Buffer.byteLength(chunk);
        await write(chunk);
        chunk = "";
      }
    }
    bytes += Buffer.byteLength(chunk);
    await write(chunk);
    if (messages >= count && bytes >= minBytes) break;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { messages, bytes };
}

/**
 * Measures the pipeline on one channel, in a child process (its peak RSS is the pipeline's).
 * `nodeFlags` (e.g. `--max-old-space-size=64`) show how much of that peak is garbage V8 let pile up.
 */
export async function measurePipeline(channel: Channel, transcript: string, python: string, nodeFlags: string[] = []): Promise<PipelineFigures> {
  const { stdout } = await run("node", [...nodeFlags, join("dist", "test", "bench", "pipeline-worker.js"), channel, transcript, python], { maxBuffer: 1 << 20 });
  const figures = JSON.parse(stdout.trim().split("\n").pop()!) as Omit<PipelineFigures, "bytes">;
  return { ...figures, bytes: (await stat(transcript)).size };
}
