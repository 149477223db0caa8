/**
 * A JSON parser that accepts and rejects exactly what Python's `json.loads` does (the parser
 * Dagster reads every Pipes message with) and keeps the lexeme of every number whose JS value
 * would lose information (see `number-lexemes.ts`).
 *
 * Python differs from `JSON.parse` in what it accepts (`NaN`, `Infinity`, `-Infinity`, `1e400` as
 * infinity, integers limited to 4300 digits, nesting limited by the interpreter's recursion limit)
 * and in what it keeps (int versus float, exact big integers). Standard JSON that `JSON.parse`
 * accepts is accepted by Python with the same structure, so the fast path hands a line to
 * `JSON.parse` whenever a cheap scan shows that no number needs its lexeme and the nesting is
 * shallow; every other line goes through the full scanner below.
 */
import { clearNumberLexeme, defineJsonProperty, setNumberLexeme, type JsonObject, type JsonValue } from "./number-lexemes.js";

/**
 * Deepest nesting Python's C scanner decodes before `RecursionError`: 994 from a fresh interpreter's
 * main thread, 991 in a thread, less the deeper the caller's stack. Dagster's reader thread sits
 * a few frames deep; 990 is the documented threshold here, and no realistic message comes near it.
 */
export const PYTHON_MAX_NESTING = 990;

/** Python 3.11's `sys.int_info.default_max_str_digits`: a longer integer literal raises. */
export const PYTHON_MAX_INT_DIGITS = 4300;

/** Why Python would refuse a text (stable codes; the message mimics Python's). */
export type JsonErrorCode = "E_JSON_SYNTAX" | "E_JSON_INT_TOO_LONG" | "E_JSON_TOO_DEEP";

/** A parse failure as data: the code, Python's message, and the character offset. */
export interface JsonParseError {
  code: JsonErrorCode;
  /** Python's own wording, e.g. `Expecting value: line 1 column 1 (char 0)`. */
  message: string;
  /** Offset (in UTF-16 code units of the text) where Python reports the error. */
  position: number;
}

/** The result of parsing one text: the value (and a bare number's lexeme) or the error. */
export type JsonParseResult =
  | { ok: true; value: JsonValue; topLexeme?: string }
  | { ok: false; error: JsonParseError };

class PythonJsonError extends Error {
  constructor(
    readonly code: JsonErrorCode,
    readonly bareMessage: string,
    readonly position: number,
  ) {
    super(bareMessage);
  }
}

function pythonErrorMessage(text: string, message: string, position: number): string {
  let line = 1;
  let lastNewline = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  return `${message}: line ${line} column ${position - lastNewline} (char ${position})`;
}

/** Options of {@link parsePythonJson}. */
export interface ParseOptions {
  /**
   * Take `JSON.parse`'s value alone when every number is written canonically (default true);
   * false scans such lines too and keeps every float's lexeme (benchmarks and tests compare both).
   */
  canonicalShortcut?: boolean;
}

/**
 * Parses `text` as Python's `json.loads(text)` would.
 *
 * Objects and arrays carry the lexemes of their float-class, non-finite and beyond-2^53 numbers;
 * a bare top-level number's lexeme is returned as `topLexeme`.
 */
export function parsePythonJson(text: string, options?: ParseOptions): JsonParseResult {
  // Most lines hold no number that needs its lexeme (no fraction, exponent or long digit run
  // anywhere, strings included): `JSON.parse` alone then gives exactly Python's value.
  // Likewise when every number of an object or array line is written canonically: then its JS
  // value alone gives back its Python class and its text (see NON_CANONICAL_NUMBER), so there is
  // no lexeme to keep and the scan below is not needed. Most floats a program writes are such.
  if (
    text.length < SHORT_LINE &&
    (!MAYBE_SPECIAL_NUMBER.test(text) || (options?.canonicalShortcut !== false && isContainerStart(text.charCodeAt(0)) && !NON_CANONICAL_NUMBER.test(text)))
  ) {
    try {
      return { ok: true, value: JSON.parse(text) as JsonValue };
    } catch {
      // Not standard JSON: the full scanner decides (Python may still accept it, e.g. NaN).
    }
  }
  const scan = scanForFastPath(text);
  if (scan !== null) {
    let value: JsonValue | undefined;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch {
      // Not standard JSON: the full scanner decides (Python may still accept it, e.g. NaN).
    }
    if (value !== undefined) {
      if (scan.lexemes === null) return { ok: true, value };
      const top = attachLexemes(value, scan);
      if (top !== false) return top === undefined ? { ok: true, value } : { ok: true, value, topLexeme: top };
    }
  }
  try {
    const scanner = new Scanner(text);
    return scanner.parseDocument();
  } catch (error) {
    if (error instanceof PythonJsonError) {
      return {
        ok: false,
        error: {
          code: error.code,
          message: error.code === "E_JSON_SYNTAX" ? pythonErrorMessage(text, error.bareMessage, error.position) : error.bareMessage,
          position: error.position,
        },
      };
    }
    throw error;
  }
}

/**
 * A digit followed by `.`, `e` or `E`, or 16 digits in a row: a number that may need its lexeme.
 * In a number, the digit before a fraction or exponent follows `:`, `,`, `[`, `-`, blank space or
 * another digit, never a quote nor the `\u` of an escape (nor its first hex digits). Both are
 * excluded because every message holds the string `"0.1"` and Python escapes every non-ASCII
 * character (`\u00e9`): without the lookbehind nearly every line would match and skip the fast path.
 */
const MAYBE_SPECIAL_NUMBER = /(?<!"|\\u[\dA-Fa-f]{0,3})\d[.eE]|\d{16}/;

/**
 * A number, in a value position (after `:`, `,` or `[`), whose written form its JS value does not
 * give back: an exponent, a fraction ending in 0 (`3.0`, `0.50`), 16 digits or more (a big
 * integer, or more digits than a double holds), or below 1e-4 (where Python's `repr` switches to
 * an exponent). Any other number is `-?I.F` with at most 15 significant digits, F not ending in 0
 * and at least 1e-4, or an integer of at most 15 digits: such a decimal round-trips through a
 * double, so `String(value)` and Python's `repr` both write it exactly as it was written, and its
 * class is its JS value's (integral means int). The pattern also matches inside strings; a false
 * match only sends the line down the exact path.
 */
const NON_CANONICAL_NUMBER = /[:,[]\s*-?(?:\d{16}|[\d.]{17}|\d+\.\d*0(?!\d)|0\.0000|\d+(?:\.\d+)?[eE])/;

/** `{` or `[`: a text whose numbers all sit in value positions {@link NON_CANONICAL_NUMBER} sees. */
function isContainerStart(c: number): boolean {
  return c === 123 || c === 91;
}

/**
 * Below this length a text cannot nest beyond Python's limit nor hold an integer beyond its digit
 * limit, so the regex test alone is enough to take the fast path.
 */
const SHORT_LINE = Math.min(2 * PYTHON_MAX_NESTING, PYTHON_MAX_INT_DIGITS);

/** What the fast scan learnt: the lexemes to keep (by number, in document order) and key counts. */
interface FastScan {
  /** One entry per number in document order: its lexeme when it must be kept, else null; null when none must be kept. */
  lexemes: (string | null)[] | null;
  /** Keys written in each object, in document (opening) order. */
  keyCounts: number[];
}

/**
 * One pass over the text, skipping strings, that decides whether `JSON.parse` can be used and
 * which numbers need their lexemes: a fraction or exponent, or more than 15 digits. It gives up
 * (null) where Python and `JSON.parse` may differ: nesting beyond Python's limit, integers beyond
 * Python's digit limit.
 */
function scanForFastPath(text: string): FastScan | null {
  let depth = 0;
  const length = text.length;
  let lexemes: (string | null)[] | null = null;
  let numbers = 0;
  const keyCounts: number[] = [];
  // For each open container: the index of its key count (objects) or -1 (arrays).
  const open: number[] = [];
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump to the closing quote: the next quote not escaped by an odd run of backslashes.
      let close = text.indexOf('"', i + 1);
      while (close !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      i = close === -1 ? length : close + 1;
    } else if (c === 123 /* { */) {
      if (++depth > PYTHON_MAX_NESTING) return null;
      open.push(keyCounts.length);
      keyCounts.push(0);
      i++;
    } else if (c === 91 /* [ */) {
      if (++depth > PYTHON_MAX_NESTING) return null;
      open.push(-1);
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      open.pop();
      i++;
    } else if (c === 58 /* : */) {
      const index = open[open.length - 1];
      if (index !== undefined && index >= 0) keyCounts[index]!++;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      let digits = c === 45 ? 0 : 1;
      let special = false;
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) {
          digits++;
          i++;
        } else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          special = true;
          i++;
        } else break;
      }
      if (digits > PYTHON_MAX_INT_DIGITS) return null;
      if (special || digits > 15) {
        if (lexemes === null) lexemes = new Array<string | null>(numbers).fill(null);
        lexemes.push(text.slice(start, i));
      } else if (lexemes !== null) {
        lexemes.push(null);
      }
      numbers++;
    } else {
      i++;
    }
  }
  return { lexemes, keyCounts };
}

/** Whether a key is one JS orders before the others (an array index), breaking document order. */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/**
 * Hangs the scanned lexemes on the value `JSON.parse` built, walking it in document order. Returns
 * false when the walk cannot be trusted to match the text (duplicate keys, keys JS reorders, a
 * number whose lexeme does not give its value), so that the full scanner decides instead; else the
 * lexeme of a bare top-level number, if any.
 */
function attachLexemes(value: JsonValue, scan: FastScan): string | undefined | false {
  const lexemes = scan.lexemes!;
  let number = 0;
  let object = 0;
  let ok = true;
  const visit = (container: object | null, key: string | number, item: JsonValue): string | undefined => {
    if (typeof item === "number") {
      const lexeme = lexemes[number++];
      if (lexeme === undefined || (lexeme === null ? !Number.isInteger(item) : !Object.is(Number(lexeme), item) && Number(lexeme) !== item)) {
        ok = false;
        return undefined;
      }
      if (lexeme === null) return undefined;
      if (container === null) return lexeme;
      setNumberLexeme(container, key, lexeme);
      return undefined;
    }
    if (item === null || typeof item !== "object") return undefined;
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length && ok; index++) visit(item, index, item[index] as JsonValue);
      return undefined;
    }
    const keys = Object.keys(item);
    if (keys.length !== scan.keyCounts[object++]) {
      ok = false;
      return undefined;
    }
    for (let index = 0; index < keys.length && ok; index++) {
      const name = keys[index]!;
      if (isIndexKey(name)) ok = false;
      else visit(item, name, item[name] as JsonValue);
    }
    return undefined;
  };
  const top = visit(null, "", value);
  if (!ok || number !== lexemes.length) return false;
  return top;
}

const WHITESPACE = new Uint8Array(128);
WHITESPACE[32] = 1;
WHITESPACE[9] = 1;
WHITESPACE[10] = 1;
WHITESPACE[13] = 1;

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Python's C scanner (`_json.c`, strict mode), transcribed as behaviour, not as code. */
class Scanner {
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonParseResult {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) {
      throw new PythonJsonError("E_JSON_SYNTAX", "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    }
    let index = this.skipWhitespace(0);
    const holder: { lexeme?: string } = {};
    const [value, end] = this.scanValue(index, holder, null, 0);
    index = this.skipWhitespace(end);
    if (index !== text.length) throw new PythonJsonError("E_JSON_SYNTAX", "Extra data", index);
    return holder.lexeme === undefined ? { ok: true, value } : { ok: true, value, topLexeme: holder.lexeme };
  }

  private skipWhitespace(index: number): number {
    const text = this.text;
    while (index < text.length) {
      const c = text.charCodeAt(index);
      if (c < 128 && WHITESPACE[c] === 1) index++;
      else break;
    }
    return index;
  }

  /**
   * Scans one value at `index`. Numbers needing a lexeme record it in `container[key]`'s table (or
   * in `top` for a bare document-level number).
   */
  private scanValue(
    index: number,
    top: { lexeme?: string },
    container: object | null,
    key: string | number,
  ): [JsonValue, number] {
    const text = this.text;
    if (index >= text.length) throw new PythonJsonError("E_JSON_SYNTAX", "Expecting value", index);
    const c = text.charCodeAt(index);
    switch (c) {
      case 34:
        return this.scanString(index + 1);
      case 123:
        return this.scanObject(index + 1);
      case 91:
        return this.scanArray(index + 1);
      case 110:
        if (text.startsWith("null", index)) return [null, index + 4];
        break;
      case 116:
        if (text.startsWith("true", index)) return [true, index + 4];
        break;
      case 102:
        if (text.startsWith("false", index)) return [false, index + 5];
        break;
      case 78:
        if (text.startsWith("NaN", index)) return this.special(NaN, "NaN", index + 3, top, container, key);
        break;
      case 73:
        if (text.startsWith("Infinity", index)) return this.special(Infinity, "Infinity", index + 8, top, container, key);
        break;
      case 45:
        if (text.startsWith("-Infinity", index)) return this.special(-Infinity, "-Infinity", index + 9, top, container, key);
        break;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const scanned = this.scanNumber(index, top, container, key);
      if (scanned !== null) return scanned;
    }
    throw new PythonJsonError("E_JSON_SYNTAX", "Expecting value", index);
  }

  private special(
    value: number,
    lexeme: string,
    end: number,
    top: { lexeme?: string },
    container: object | null,
    key: string | number,
  ): [JsonValue, number] {
    if (container === null) top.lexeme = lexeme;
    else setNumberLexeme(container, key, lexeme);
    return [value, end];
  }

  /** Python's number pattern `(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?`, ASCII digits only. */
  private scanNumber(
    start: number,
    top: { lexeme?: string },
    container: object | null,
    key: string | number,
  ): [JsonValue, number] | null {
    const text = this.text;
    const length = text.length;
    let index = start;
    if (text.charCodeAt(index) === 45) index++;
    const firstDigit = text.charCodeAt(index);
    if (index >= length || firstDigit < 48 || firstDigit > 57) return null;
    if (firstDigit === 48) {
      index++;
    } else {
      while (index < length && isDigit(text.charCodeAt(index))) index++;
    }
    const integerEnd = index;
    let isFloat = false;
    if (text.charCodeAt(index) === 46 && index + 1 < length && isDigit(text.charCodeAt(index + 1))) {
      index += 2;
      while (index < length && isDigit(text.charCodeAt(index))) index++;
      isFloat = true;
    }
    const e = text.charCodeAt(index);
    if (e === 101 || e === 69) {
      let exponent = index + 1;
      const sign = text.charCodeAt(exponent);
      if (sign === 43 || sign === 45) exponent++;
      if (exponent < length && isDigit(text.charCodeAt(exponent))) {
        while (exponent < length && isDigit(text.charCodeAt(exponent))) exponent++;
        index = exponent;
        isFloat = true;
      }
    }
    const lexeme = text.slice(start, index);
    let value: number;
    let keepLexeme: boolean;
    if (isFloat) {
      value = Number(lexeme);
      keepLexeme = true;
    } else {
      const digitCount = integerEnd - start - (text.charCodeAt(start) === 45 ? 1 : 0);
      if (digitCount > PYTHON_MAX_INT_DIGITS) {
        throw new PythonJsonError(
          "E_JSON_INT_TOO_LONG",
          `Exceeds the limit (${PYTHON_MAX_INT_DIGITS} digits) for integer string conversion: value has ${digitCount} digits`,
          start,
        );
      }
      value = Number(lexeme);
      // Python's int has no negative zero.
      if (value === 0) value = 0;
      keepLexeme = !Number.isSafeInteger(value);
    }
    if (keepLexeme) {
      if (container === null) top.lexeme = lexeme;
      else setNumberLexeme(container, key, lexeme);
    }
    return [value, index];
  }

  private scanString(start: number): [string, number] {
    const text = this.text;
    const length = text.length;
    let index = start;
    let result = "";
    let runStart = index;
    for (;;) {
      if (index >= length) {
        throw new PythonJsonError("E_JSON_SYNTAX", "Unterminated string starting at", start - 1);
      }
      const c = text.charCodeAt(index);
      if (c === 34) {
        result += text.slice(runStart, index);
        return [result, index + 1];
      }
      if (c < 32) throw new PythonJsonError("E_JSON_SYNTAX", "Invalid control character at", index);
      if (c !== 92) {
        index++;
        continue;
      }
      result += text.slice(runStart, index);
      index++;
      if (index >= length) {
        throw new PythonJsonError("E_JSON_SYNTAX", "Unterminated string starting at", start - 1);
      }
      const escape = text.charCodeAt(index);
      switch (escape) {
        case 34:
          result += '"';
          break;
        case 92:
          result += "\\";
          break;
        case 47:
          result += "/";
          break;
        case 98:
          result += "\b";
          break;
        case 102:
          result += "\f";
          break;
        case 110:
          result += "\n";
          break;
        case 114:
          result += "\r";
          break;
        case 116:
          result += "\t";
          break;
        case 117: {
          let code = this.hex4(index + 1, index - 1);
          index += 4;
          // A high surrogate followed by an escaped low surrogate is one character; anything else
          // leaves the surrogate alone, as Python does.
          if (code >= 0xd800 && code <= 0xdbff && text.charCodeAt(index + 1) === 92 && text.charCodeAt(index + 2) === 117) {
            const low = this.hex4(index + 3, index + 1);
            if (low >= 0xdc00 && low <= 0xdfff) {
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
              index += 6;
            }
          }
          result += String.fromCodePoint(code);
          break;
        }
        default:
          throw new PythonJsonError("E_JSON_SYNTAX", "Invalid \\escape", index - 1);
      }
      index++;
      runStart = index;
    }
  }

  private hex4(index: number, escapeStart: number): number {
    const text = this.text;
    if (index + 4 > text.length) throw new PythonJsonError("E_JSON_SYNTAX", "Invalid \\uXXXX escape", escapeStart);
    let code = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(index + k);
      if (!isHexDigit(c)) throw new PythonJsonError("E_JSON_SYNTAX", "Invalid \\uXXXX escape", escapeStart);
      code = code * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
    }
    return code;
  }

  private enter(index: number): void {
    if (++this.depth > PYTHON_MAX_NESTING) {
      throw new PythonJsonError("E_JSON_TOO_DEEP", "maximum recursion depth exceeded while decoding a JSON document", index);
    }
  }

  private scanObject(start: number): [JsonObject, number] {
    this.enter(start - 1);
    const text = this.text;
    const result: JsonObject = {};
    let index = this.skipWhitespace(start);
    if (text.charCodeAt(index) === 125) {
      this.depth--;
      return [result, index + 1];
    }
    const unused = {};
    for (;;) {
      if (text.charCodeAt(index) !== 34) {
        throw new PythonJsonError("E_JSON_SYNTAX", "Expecting property name enclosed in double quotes", index);
      }
      const [key, afterKey] = this.scanString(index + 1);
      index = this.skipWhitespace(afterKey);
      if (text.charCodeAt(index) !== 58) throw new PythonJsonError("E_JSON_SYNTAX", "Expecting ':' delimiter", index);
      index = this.skipWhitespace(index + 1);
      // Python keeps the last of duplicate keys: an earlier number's lexeme must not survive it.
      if (Object.prototype.hasOwnProperty.call(result, key)) clearNumberLexeme(result, key);
      const [value, afterValue] = this.scanValue(index, unused, result, key);
      defineJsonProperty(result, key, value);
      index = this.skipWhitespace(afterValue);
      const c = text.charCodeAt(index);
      if (c === 125) {
        this.depth--;
        return [result, index + 1];
      }
      if (c !== 44) throw new PythonJsonError("E_JSON_SYNTAX", "Expecting ',' delimiter", index);
      index = this.skipWhitespace(index + 1);
    }
  }

  private scanArray(start: number): [JsonValue[], number] {
    this.enter(start - 1);
    const text = this.text;
    const result: JsonValue[] = [];
    let index = this.skipWhitespace(start);
    if (text.charCodeAt(index) === 93) {
      this.depth--;
      return [result, index + 1];
    }
    const unused = {};
    for (;;) {
      const [value, afterValue] = this.scanValue(index, unused, result, result.length);
      result.push(value);
      index = this.skipWhitespace(afterValue);
      const c = text.charCodeAt(index);
      if (c === 93) {
        this.depth--;
        return [result, index + 1];
      }
      if (c !== 44) throw new PythonJsonError("E_JSON_SYNTAX", "Expecting ',' delimiter", index);
      index = this.skipWhitespace(index + 1);
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
