/**
 * The encoding of the two bootstrap values (`DAGSTER_PIPES_CONTEXT`, `DAGSTER_PIPES_MESSAGES`):
 * standard padded base64 of zlib (RFC 1950) of UTF-8 JSON, written as Dagster's `encode_param`
 * writes it and read as the reference's `decode_param` reads it
 * (docs/PROTOCOL.md#bootstrap-encoding).
 */
import pako from "pako";
import { decodePythonBase64, encodePythonBase64 } from "./python-base64.js";
import { parsePythonJson } from "../json/parse-python-json.js";
import { serializePythonJson } from "../json/serialize-python-json.js";
import type { JsonValue } from "../json/number-lexemes.js";

/** The stage of decoding that refused a value. */
export type BootstrapDecodeStage = "base64" | "zlib" | "utf8" | "json";

/** A decoded bootstrap value, or where and why Python's decoder would raise. */
export type BootstrapDecodeResult =
  | { ok: true; value: JsonValue; topLexeme?: string }
  | { ok: false; stage: BootstrapDecodeStage; code: string; message: string };

/**
 * Encodes a params object exactly as Dagster does: `json.dumps` defaults, zlib level 6 (header
 * `78 9c`), standard base64 with padding.
 */
export function encodeBootstrapValue(params: JsonValue): string {
  const json = serializePythonJson(params);
  return encodePythonBase64(pako.deflate(new TextEncoder().encode(json), { level: 6 }));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes a bootstrap value as `json.loads(zlib.decompress(base64.b64decode(v)).decode("utf-8"))`:
 * non-alphabet characters skipped, padding required, any valid zlib header accepted, bytes after
 * the zlib stream ignored, gzip and raw deflate refused.
 */
export function decodeBootstrapValue(text: string): BootstrapDecodeResult {
  const base64 = decodePythonBase64(text);
  if (!base64.ok) return { ok: false, stage: "base64", code: base64.code, message: base64.message };
  let inflated: Uint8Array;
  try {
    // windowBits 15 (not pako's default 15 + 32) so that gzip is refused as Python's
    // `zlib.decompress` refuses it.
    inflated = pako.inflate(base64.bytes, { windowBits: 15 });
  } catch (error) {
    return { ok: false, stage: "zlib", code: "E_ZLIB", message: `Error while decompressing data: ${String(error)}` };
  }
  let json: string;
  try {
    json = strictUtf8.decode(inflated);
  } catch {
    return { ok: false, stage: "utf8", code: "E_UTF8", message: "'utf-8' codec can't decode the decompressed bytes" };
  }
  const parsed = parsePythonJson(json);
  if (!parsed.ok) return { ok: false, stage: "json", code: parsed.error.code, message: parsed.error.message };
  return parsed.topLexeme === undefined ? { ok: true, value: parsed.value } : { ok: true, value: parsed.value, topLexeme: parsed.topLexeme };
}
