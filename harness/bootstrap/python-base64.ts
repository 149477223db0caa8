/**
 * Base64 exactly as Python's `base64.b64decode(s)` (no `validate`) decodes it, and exactly as
 * `base64.b64encode` writes it.
 *
 * Node's `Buffer.from(s, "base64")` accepts URL-safe and unpadded text that Python refuses or
 * misreads, so a conformance tool cannot use it to judge what Dagster's side would do. The rules
 * below are CPython's `binascii.a2b_base64` in non-strict mode: characters outside the standard
 * alphabet are skipped (so URL-safe `-`/`_` silently corrupt the data), `=` ends the data once a
 * quantum has at least two characters and enough pads, anything after that is ignored, and a
 * final incomplete quantum is an error.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE_TABLE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_TABLE[ALPHABET.charCodeAt(i)] = i;

/** Why Python would refuse a base64 text. */
export type Base64ErrorCode = "E_BASE64_NON_ASCII" | "E_BASE64_PADDING" | "E_BASE64_LENGTH";

/** Result of decoding: the bytes, or the reason Python raises with its message. */
export type Base64DecodeResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; code: Base64ErrorCode; message: string };

/** Decodes `text` as CPython's `base64.b64decode(text)` does. */
export function decodePythonBase64(text: string): Base64DecodeResult {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      return { ok: false, code: "E_BASE64_NON_ASCII", message: "string argument should contain only ASCII characters" };
    }
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let quadPosition = 0;
  let leftChar = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) {
      // CPython counts pads only once two data characters of the quantum are in
      // (`quad_pos >= 2 && quad_pos + ++pads >= 4`); a data character resets the count.
      if (quadPosition >= 2) {
        pads++;
        if (quadPosition + pads >= 4) return { ok: true, bytes: out.subarray(0, length) };
      }
      continue;
    }
    const value = DECODE_TABLE[c] ?? -1;
    if (value < 0) continue;
    pads = 0;
    switch (quadPosition) {
      case 0:
        quadPosition = 1;
        leftChar = value;
        break;
      case 1:
        quadPosition = 2;
        out[length++] = (leftChar << 2) | (value >> 4);
        leftChar = value & 0x0f;
        break;
      case 2:
        quadPosition = 3;
        out[length++] = ((leftChar << 4) | (value >> 2)) & 0xff;
        leftChar = value & 0x03;
        break;
      default:
        quadPosition = 0;
        out[length++] = ((leftChar << 6) | value) & 0xff;
        leftChar = 0;
    }
  }
  if (quadPosition === 1) {
    return {
      ok: false,
      code: "E_BASE64_LENGTH",
      message: `Invalid base64-encoded string: number of data characters (${Math.floor(length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`,
    };
  }
  if (quadPosition !== 0) return { ok: false, code: "E_BASE64_PADDING", message: "Incorrect padding" };
  return { ok: true, bytes: out.subarray(0, length) };
}

/** Standard base64 with `=` padding, as `base64.b64encode` writes it. */
export function encodePythonBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
