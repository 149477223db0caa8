/**
 * Benchmark: live latency, from a message written by the target to the harness delivering it as an
 * event, on the file and stderr channels, through `runSession` (the path `run` and the suite use).
 */
import type { JsonObject, JsonValue } from "../../harness/json/number-lexemes.js";
import { runSession } from "../../harness/session.js";
import type { Channel } from "../../harness/bootstrap/bootstrap-params.js";

/** Latency percentiles of one channel (ms). */
export interface LatencyFigures {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

const TARGET = ["node", "dist/test/fixtures/bench/latency-writer.js"];

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Measures one channel with `count` messages written `pauseMs` apart. */
export async function measureLatency(channel: Channel, count = 1000, pauseMs = 2): Promise<LatencyFigures> {
  const samples: number[] = [];
  const record = await runSession({
    argv: [...TARGET, String(count), String(pauseMs)],
    context: {},
    channel,
    retainLimit: 10,
    onEvent: (event) => {
      if (event.type !== "message" || event.line.verdict.kind !== "accepted") return;
      const effect = event.line.verdict.result.effect;
      if (effect.kind !== "custom") return;
      const written = (effect.payload as JsonObject).written_ns as JsonValue;
      samples.push(Number(process.hrtime.bigint() - BigInt(written as string)) / 1e6);
    },
  });
  if (!record.dagster.ok || samples.length !== count) throw new Error(`latency target failed on ${channel}: ${samples.length} of ${count} samples`);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), max: samples[samples.length - 1]!, samples: samples.length };
}
