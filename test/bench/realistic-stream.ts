/**
 * The "realistic mixed stream" of DESIGN.md, generated deterministically: `opened`; then 60% log,
 * 20% materializations with 5-10 metadata entries of mixed types, 10% asset checks, 10% custom
 * messages with nested payloads; `closed`. Lines are written as Python's `json.dumps` writes them
 * (typed floats as `2.0`), every message valid at both levels, so benchmarks measure the common path.
 */
import { withLexemes, type JsonObject, type JsonValue } from "../../harness/json/number-lexemes.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same stream everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["rows", "loaded", "from", "warehouse", "partition", "batch", "élan", "retry", "schema", "ok", "delta", "käse", "upstream", "cache"];
const LEVELS = ["DEBUG", "INFO", "INFO", "INFO", "WARNING", "ERROR", "CRITICAL"];
const ASSETS = ["orders", "customers", "analytics/daily_revenue", "raw\\/events"];

function envelope(method: string, params: JsonValue): JsonObject {
  return { __dagster_pipes_version: "0.1", method, params };
}

class StreamWriter {
  constructor(private readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  sentence(words: number): string {
    return Array.from({ length: words }, () => this.pick(WORDS)).join(" ");
  }

  log(): JsonObject {
    return envelope("log", { message: `${this.sentence(6 + this.int(8))} #${this.int(100000)}`, level: this.pick(LEVELS) });
  }

  /** One metadata entry of the given kind (floats keep their Python form, whole ones as `2.0`). */
  entry(kind: number): JsonObject {
    switch (kind) {
      case 0: {
        const whole = this.random() < 0.3;
        const value = whole ? this.int(1000) : Math.round(this.random() * 1e6) / 1e3;
        const entry: JsonObject = { raw_value: value, type: "float" };
        // A float that happens to be whole must still be written as one (`713.0`).
        return Number.isInteger(value) ? withLexemes(entry, { raw_value: `${value}.0` }) : entry;
      }
      case 1:
        return { raw_value: this.int(10_000_000), type: "int" };
      case 2:
        return { raw_value: this.sentence(4), type: "text" };
      case 3:
        return { raw_value: { source: this.pick(WORDS), counts: [this.int(9), this.int(99)], nested: { ok: true, ratio: 0.25 } }, type: "json" };
      case 4: {
        const records = Array.from({ length: 3 + this.int(3) }, () => ({ name: this.pick(WORDS), n: this.int(500), share: Math.round(this.random() * 1000) / 1000 }));
        return {
          raw_value: {
            records,
            schema: [
              { name: "name", type: "string", description: "the word" },
              { name: "n", type: "int", constraints: { nullable: false, unique: false, other: [] } },
              { name: "share", type: "float", tags: { unit: "ratio" } },
            ],
          },
          type: "table",
        };
      }
      case 5:
        return { raw_value: this.random() < 0.5, type: "bool" };
      case 6:
        return { raw_value: `https://example.com/${this.pick(WORDS)}/${this.int(1000)}`, type: "url" };
      case 7:
        return { raw_value: 1_700_000_000 + Math.round(this.random() * 1e8) / 1e3, type: "timestamp" };
      default: {
        const choice = this.int(4);
        const raw: JsonValue = choice === 0 ? this.int(1000) : choice === 1 ? this.sentence(2) : choice === 2 ? Math.round(this.random() * 1e4) / 100 + 0.001 : [this.int(5), this.pick(WORDS)];
        return { raw_value: raw, type: "__infer__" };
      }
    }
  }

  metadata(count: number): JsonObject {
    const metadata: JsonObject = {};
    for (let i = 0; i < count; i++) metadata[`${this.pick(WORDS)}_${i}`] = this.entry(i < 9 ? i : this.int(9));
    return metadata;
  }

  materialization(): JsonObject {
    return envelope("report_asset_materialization", {
      asset_key: this.pick(ASSETS),
      data_version: this.random() < 0.5 ? null : `v${this.int(1000)}`,
      metadata: this.metadata(5 + this.int(6)),
    });
  }

  check(): JsonObject {
    const entries = this.int(4);
    return envelope("report_asset_check", {
      asset_key: this.pick(ASSETS),
      check_name: `check_${this.pick(WORDS)}`,
      passed: this.random() < 0.8,
      metadata: entries === 0 ? null : this.metadata(entries),
      severity: this.random() < 0.5 ? "WARN" : "ERROR",
    });
  }

  payload(depth: number): JsonValue {
    if (depth === 0) return this.pick<JsonValue>([this.int(100), this.sentence(2), true, null, 0.5]);
    return {
      kind: this.pick(WORDS),
      items: Array.from({ length: 1 + this.int(3) }, () => this.payload(depth - 1)),
      meta: { id: this.int(1_000_000), tags: [this.pick(WORDS), this.pick(WORDS)] },
    };
  }

  custom(): JsonObject {
    return envelope("report_custom_message", { payload: this.payload(2 + this.int(2)) });
  }
}

/**
 * Yields `count` message lines (without newlines; at least `opened` and `closed`) of the realistic
 * mixed stream for `seed`: the same arguments give the same lines.
 */
export function* realisticMessageLines(count: number, seed: number): Generator<string> {
  const writer = new StreamWriter(seededRandom(seed));
  yield serializePythonJson(envelope("opened", { extras: {} }));
  for (let i = 0; i < count - 2; i++) {
    const roll = writer.int(10);
    const message = roll < 6 ? writer.log() : roll < 8 ? writer.materialization() : roll < 9 ? writer.check() : writer.custom();
    yield serializePythonJson(message);
  }
  if (count >= 2) yield serializePythonJson(envelope("closed", {}));
}
