/**
 * Benchmark: the per-message stages (parse, validate, Dagster interpretation) spread over worker
 * threads, with nothing else: no session, no live events, no transcript, batches of whole lines
 * handed out in turn and their counts taken back in order. An upper bound of what spreading the
 * work over threads could give the pipeline on this machine.
 */
import { createReadStream } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

/** Messages per second (wall clock) with `threads` workers over the transcript. */
export async function measureParallelStages(transcript: string, threads: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./parallel-stages-worker.js", import.meta.url)));
  try {
    // Each worker loads its modules and compiles before the clock starts.
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      worker.once("online", () => resolve());
      worker.once("error", reject);
    })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const done = new Map<number, number>();
    let sent = 0;
    let next = 0;
    let messages = 0;
    let wake: (() => void) | undefined;
    for (const worker of workers) {
      // The counts are the stages' output, sent back so that no stage's work can be left out; only
      // how many lines they cover is needed here.
      worker.on("message", ({ id, counts }: { id: number; counts: Int32Array }) => {
        done.set(id, counts.length / 2);
        while (done.has(next)) {
          messages += done.get(next)!;
          done.delete(next++);
        }
        wake?.();
      });
    }
    const started = performance.now();
    let rest = "";
    for await (const chunk of createReadStream(transcript, { encoding: "utf8", highWaterMark: 1 << 18 })) {
      const text = rest + (chunk as string);
      const cut = text.lastIndexOf("\n");
      rest = text.slice(cut + 1);
      workers[sent % threads]!.postMessage({ id: sent++, text: text.slice(0, cut) });
      // At most a few batches in flight per worker: the reader waits for the workers, not the reverse.
      while (sent - next >= 4 * threads) await new Promise<void>((resolve) => (wake = resolve));
    }
    while (next < sent) await new Promise<void>((resolve) => (wake = resolve));
    return Math.round(messages / ((performance.now() - started) / 1000));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
