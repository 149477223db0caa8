/**
 * The line of a program's stderr that says what went wrong. The last line is often boilerplate:
 * R ends with "Execution halted", Node with "Node.js v20.x", a Java stack trace with "... 7 more" or
 * its outermost frame; the message is the line that reads like an error: R's `Error in f(x) : msg`
 * or `Error: msg`, Node's `TypeError: msg`, Java's `Exception in thread "main" x.y.Z: msg` (else its
 * first `Caused by:`), Rust's panic message, and for a Python traceback its last exception line.
 */

/** Lines that read like an error, most specific first; the first line matching any of them wins. */
const ERROR_LINES: readonly RegExp[] = [
  /^Exception in thread "[^"]*" (.+)$/,
  /^Caused by: (.+)$/,
  // R: `Error in f(x) : msg` and `Error: msg`; Node and others: `Error: msg`, `TypeError [CODE]: msg`.
  /^(Error(?: in .+?)?\s*:\s*.*)$/,
  /^((?:[\w$]+\.)*[A-Z][\w$]*(?:Error|Exception|Panic|Failure)(?: \[[\w-]+\])?(?::\s.*)?)$/,
  /^(thread '[^']*' panicked at .*)$/,
  /^((?:fatal|panic|error)(?:\[\w+\])?:\s.*)$/i,
];

/** A stack frame or trace boilerplate, never the message. */
const FRAME = /^(?:at\s|\.\.\.\s\d+\s+more|File\s"|Traceback\s|During handling|The above exception|\^+$|Node\.js v|Execution halted|Calls:|In addition:|Backtrace:|note: run with)/;

/** The text's lines that are neither blank nor protocol messages (a stdio channel shares the stream). */
function outputLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("{"));
}

/** The last exception line of the last Python traceback in the text, if there is one. */
function pythonException(lines: readonly string[]): string | undefined {
  let start = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (lines[index]!.startsWith("Traceback (most recent call last):")) {
      start = index;
      break;
    }
  }
  if (start < 0) return undefined;
  // The frames are indented; the first line back at the margin is the exception (`KeyError: 'path'`).
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line)) return line.trim();
  }
  return undefined;
}

/**
 * The line of `text` (a program's stderr) that says what went wrong, or undefined when no line reads
 * like an error. A message that R or Rust put on the next line (`Error in f(x) :` then the text,
 * `panicked at src/main.rs:3:5:` then the text) is joined to its line.
 */
export function errorLine(text: string): string | undefined {
  const lines = outputLines(text);
  const python = pythonException(lines);
  if (python !== undefined) return python;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (FRAME.test(line)) continue;
    for (const pattern of ERROR_LINES) {
      const match = pattern.exec(line);
      if (!match) continue;
      const found = (match[1] ?? line).trim();
      const next = lines[index + 1]?.trim();
      if (found.endsWith(":") && next !== undefined && !FRAME.test(next)) return `${found} ${next}`;
      return found;
    }
  }
  return undefined;
}

/** The last line of `text` that is neither blank, a protocol message, a stack frame nor boilerplate. */
export function lastMeaningfulLine(text: string): string | undefined {
  const lines = outputLines(text).map((line) => line.trim());
  for (let index = lines.length - 1; index >= 0; index--) {
    if (!FRAME.test(lines[index]!)) return lines[index];
  }
  return undefined;
}

/**
 * The last `count` lines of `text` (a program's stderr) that say something, in order: stack
 * frames, runtime boilerplate and protocol lines dropped, and the error line (see
 * {@link errorLine}) always among them, first when it came earlier. A raw tail of a Node, Java or R
 * error is mostly frames and "Node.js v20" / "... 5 more" / "Execution halted"; quoted as is, it
 * hid the one line a reader needs.
 */
export function meaningfulStderrLines(text: string, count: number): string[] {
  const lines = outputLines(text)
    .map((line) => line.trimEnd())
    .filter((line) => !FRAME.test(line.trim()));
  const tail = lines.slice(-count);
  const error = errorLine(text);
  if (error === undefined || tail.some((line) => line.includes(error) || error.includes(line.trim()))) return tail;
  // As the program wrote it (`Exception in thread "main" x.Y: msg`), unless it spans two lines.
  return [lines.find((line) => line.includes(error)) ?? error, ...tail.slice(-(count - 1))];
}
