/**
 * The error line of a program's stderr names its failure and keys its root cause: never the
 * boilerplate that ends it (R's "Execution halted", "Node.js v20", Java's "... 7 more").
 */
import { describe, expect, it } from "vitest";
import { errorLine, lastMeaningfulLine, meaningfulStderrLines } from "../../../suites/verifiers/error-line.js";

describe("errorLine", () => {
  it("reads R's error, joined with its next line when R wrapped it", () => {
    expect(errorLine("Error in fromJSON(NULL) : Argument 'txt' must be a JSON string\nCalls: main -> fromJSON\nExecution halted\n")).toBe("Error in fromJSON(NULL) : Argument 'txt' must be a JSON string");
    expect(errorLine("Error in cat(text, file = con) : \n  invalid connection\nCalls: main -> cat\nExecution halted")).toBe("Error in cat(text, file = con) : invalid connection");
    expect(errorLine("Error: unsupported channel\nExecution halted")).toBe("Error: unsupported channel");
  });

  it("reads Node's thrown error, not the source line or the version footer", () => {
    const node = [
      "file:///work/driver.mjs:12",
      '    throw new Error("include_stdio_in_messages is not yet implemented");',
      "    ^",
      "",
      "Error: include_stdio_in_messages is not yet implemented",
      "    at open (file:///work/driver.mjs:12:11)",
      "",
      "Node.js v20.20.2",
    ].join("\n");
    expect(errorLine(node)).toBe("Error: include_stdio_in_messages is not yet implemented");
    expect(errorLine("TypeError [ERR_INVALID_ARG_TYPE]: The \"path\" argument must be of type string\n    at x (y.js:1:1)\n\nNode.js v20.20.2")).toBe('TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string');
  });

  it("reads Java's uncaught exception, else its cause, never a frame or '... 7 more'", () => {
    const java = 'Exception in thread "main" java.lang.IllegalStateException: unsupported channel\n\tat io.dagster.pipes.Writer.open(Writer.java:44)\nCaused by: java.io.IOException: x\n\t... 7 more';
    expect(errorLine(java)).toBe("java.lang.IllegalStateException: unsupported channel");
    expect(errorLine("\tat a.B.c(B.java:1)\nCaused by: com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field \"x\"\n\t... 7 more")).toBe(
      'com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field "x"',
    );
  });

  it("reads the last exception of a Python traceback", () => {
    const python = [
      "Traceback (most recent call last):",
      '  File "driver.py", line 3, in <module>',
      "    open_channel()",
      "KeyError: 'path'",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "driver.py", line 5, in <module>',
      "    raise ValueError(1)",
      "ValueError: unsupported channel",
    ].join("\n");
    expect(errorLine(python)).toBe("ValueError: unsupported channel");
  });

  it("reads a Rust panic with its message", () => {
    expect(errorLine("thread 'main' panicked at src/main.rs:10:5:\nunsupported channel\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace")).toBe("thread 'main' panicked at src/main.rs:10:5: unsupported channel");
  });

  it("skips protocol messages on a stdio channel and finds nothing in plain output", () => {
    expect(errorLine('{"__dagster_pipes_version": "0.1", "method": "log", "params": {"message": "Error: not mine"}}\nall good')).toBeUndefined();
    expect(lastMeaningfulLine("faulty: fatal error after opened\nExecution halted\n")).toBe("faulty: fatal error after opened");
    expect(lastMeaningfulLine("\tat a.B.c(B.java:1)\n\t... 7 more")).toBeUndefined();
  });
});

describe("meaningfulStderrLines", () => {
  const node = [
    "file:///x/driver.mjs:12",
    '    if ("type" in value) {',
    "               ^",
    "",
    "TypeError: Cannot use 'in' operator to search for 'type' in null",
    "    at toMetadata (file:///x/driver.mjs:12:16)",
    "    at async asyncRunEntryPointWithESMLoader (node:internal/modules/run_main:117:5)",
    "",
    "Node.js v20.20.2",
  ].join("\n");

  it("drops frames and runtime boilerplate, so a Node error ends on its error line", () => {
    expect(meaningfulStderrLines(node, 3)).toEqual(["file:///x/driver.mjs:12", '    if ("type" in value) {', "TypeError: Cannot use 'in' operator to search for 'type' in null"]);
  });

  it("keeps R's error line and not the trailer", () => {
    const r = 'Error in cat(line, file = p) : invalid connection\nCalls: <Anonymous> -> write_message -> cat\nExecution halted';
    expect(meaningfulStderrLines(r, 5)).toEqual(["Error in cat(line, file = p) : invalid connection"]);
  });

  it("puts the error line first when later output would push it out", () => {
    const text = ['Exception in thread "main" java.lang.IllegalStateException: boom', "\tat a.B.c(B.java:1)", "log 1", "log 2", "log 3", "log 4"].join("\n");
    expect(meaningfulStderrLines(text, 3)).toEqual(['Exception in thread "main" java.lang.IllegalStateException: boom', "log 3", "log 4"]);
  });

  it("is the plain tail of output that holds no error", () => {
    expect(meaningfulStderrLines("one\ntwo\nthree\nfour", 2)).toEqual(["three", "four"]);
  });
});
