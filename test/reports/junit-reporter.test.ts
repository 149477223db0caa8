/**
 * The JUnit reporter writes well-formed XML 1.0 whatever the program under test wrote, with the
 * structure CI tools read (one testsuite per area, counts that add up), and handles warnings as
 * PIPES_CONFORMANCE_JUNIT_WARN says.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../reports/exit-codes.js";
import { junitWarnMode, renderJunit } from "../../reports/reporters/junit-reporter.js";
import { visibleControls } from "../../reports/text-safety.js";
import type { Report } from "../../suites/model/report.js";
import { renderWith } from "./render.js";
import { everyVerdictReport, HOSTILE, report, result } from "./synthetic-reports.js";
import { elements, parseXml, textOf, XmlError, type XmlElement } from "./xml-well-formed.js";

function testcases(root: XmlElement): XmlElement[] {
  return elements(root, "testsuite").flatMap((suite) => elements(suite, "testcase"));
}

/** Checks the counts of every testsuite and of the root against their testcases. */
function checkCounts(root: XmlElement): void {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of elements(root, "testsuite")) {
    const cases = elements(suite, "testcase");
    const count = (name: string): number => cases.filter((testcase) => elements(testcase, name).length > 0).length;
    expect(Number(suite.attributes.tests)).toBe(cases.length);
    expect(Number(suite.attributes.failures)).toBe(count("failure"));
    expect(Number(suite.attributes.errors)).toBe(count("error"));
    expect(Number(suite.attributes.skipped)).toBe(count("skipped"));
    for (const testcase of cases) expect(testcase.attributes.classname).toBe(suite.attributes.name);
    totals.tests += cases.length;
    totals.failures += count("failure");
    totals.errors += count("error");
    totals.skipped += count("skipped");
  }
  expect(root.attributes).toMatchObject({ tests: String(totals.tests), failures: String(totals.failures), errors: String(totals.errors), skipped: String(totals.skipped) });
}

describe("the XML checker used by these tests", () => {
  it("accepts well-formed XML and resolves references", () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1&amp;&#10;2"><!-- c --><b/>t&lt;&#x1F389;<![CDATA[<raw>]]></a>\n');
    expect(root.attributes.x).toBe("1&\n2");
    expect(textOf(root)).toBe("t<🎉<raw>");
  });

  it.each([
    ["a raw NUL", "<a>\u0000</a>"],
    ["a reference to NUL", "<a>&#0;</a>"],
    ["a lone surrogate", "<a>\ud800</a>"],
    ["U+FFFE", "<a>\ufffe</a>"],
    ["a bare &", "<a>a & b</a>"],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["< in an attribute", '<a x="<"/>'],
    ["]]> in text", "<a>]]></a>"],
    ["an unquoted attribute", "<a x=1/>"],
    ["a duplicate attribute", '<a x="1" x="2"/>'],
    ["mismatched tags", "<a><b></a></b>"],
    ["an unclosed element", "<a><b/>"],
    ["two roots", "<a/><b/>"],
    ["text after the root", "<a/>x"],
  ])("refuses %s", (_what, text) => {
    expect(() => parseXml(text)).toThrow(XmlError);
  });
});

describe("junit reporter", () => {
  it("writes well-formed XML with one testsuite per area and consistent counts", async () => {
    const fixed = everyVerdictReport();
    const root = parseXml(await renderWith("junit", fixed));
    expect(root.name).toBe("testsuites");
    expect(elements(root, "testsuite").map((suite) => suite.attributes.name)).toEqual(["lifecycle", "context", "schema", "protocol", "timing", "bootstrap", "errors", "driven"]);
    expect(testcases(root).map((testcase) => testcase.attributes.name)).toEqual(fixed.results.map((entry) => entry.id));
    checkCounts(root);
    expect(root.attributes).toMatchObject({ tests: "9", failures: "2", errors: "2", skipped: "1", time: "12.346" });
  });

  it("maps every verdict to the element CI tools expect", async () => {
    const root = parseXml(await renderWith("junit", everyVerdictReport()));
    const byName = new Map(testcases(root).map((testcase) => [testcase.attributes.name!, testcase]));
    const only = (id: string): string[] => elements(byName.get(id)!).map((child) => child.name);
    expect(only("lifecycle.opened-first")).toEqual([]);
    expect(only("lifecycle.closed-exactly-once")).toEqual(["failure", "system-err"]);
    expect(elements(byName.get("lifecycle.closed-exactly-once")!, "failure")[0]!.attributes.type).toBe("E_CLOSED_TWICE");
    expect(only("errors.exception-exits-nonzero")).toEqual(["error"]);
    expect(elements(byName.get("errors.exception-exits-nonzero")!, "error")[0]!.attributes.type).toBe("TIMEOUT");
    expect(elements(byName.get("driven.get-extra")!, "error")[0]!.attributes.type).toBe("DRIVER_UNSUPPORTED");
    expect(elements(byName.get("bootstrap.cli-arguments")!, "skipped")[0]!.attributes.message).toBe("needs transport:cli, not declared (--transports env,cli)");
    expect(only("timing.streaming")).toEqual(["system-out"]);
    expect(only("protocol.version-field")).toEqual(["system-out"]);
    expect(byName.get("lifecycle.opened-first")!.attributes.time).toBe("0.080");
  });

  it("keeps hostile text intact (escaped) and shows what XML cannot carry as \\uXXXX", async () => {
    const root = parseXml(await renderWith("junit", everyVerdictReport()));
    const testcase = testcases(root).find((entry) => entry.attributes.name === "context.tolerated#ctx=2")!;
    const failure = elements(testcase, "failure")[0]!;
    const text = textOf(failure);
    // What the parser hands over is the original text, controls made visible, CR kept.
    expect(text).toContain(`Actual:   ${visibleControls(HOSTILE).replaceAll("\r", "\\r")}`);
    expect(text).toContain("replay: npx pipes-conformance --case context.tolerated --driven --seed 1234 --path 2:0:1 --");
    expect(text).toContain("seed 1234, path 2:0:1 (shrunk)");
    expect(failure.attributes.message).toContain('<script>alert("x")</script> & ]]>');
    expect(failure.attributes.message).toContain("\\u0000");
    expect(failure.attributes.message).toContain("emoji 🎉 CJK 漢字 RTL עברית");
  });

  it("survives every control character, lone surrogates and noncharacters in every field", () => {
    const nasty = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join("") + "\u007f\u0085\ud800\udc00x\udbff\ufffe\uffff'\"<>&]]>";
    const fixed = report([
      result("framing.valid-utf8", "fail", { reason: "E_X", title: nasty, expected: nasty, actual: nasty, message: nasty, stderrTail: nasty, lines: [{ channel: "file", lineNumber: 1, text: nasty }] }),
      result("framing.final-newline", "skip", { message: nasty }),
      result("timing.streaming", "info", { observation: nasty }),
      result("errors.some-thing", "error", { reason: "E_HARNESS", message: nasty }),
      result("protocol.version-field", "warn", { reason: "W_X", actual: nasty }),
    ]);
    for (const mode of ["failure", "skipped", "passed"] as const) {
      const root = parseXml(renderJunit(fixed, mode));
      checkCounts(root);
    }
  });

  it("handles warnings as PIPES_CONFORMANCE_JUNIT_WARN says, defaulting on --strict", async () => {
    const fixed = report([result("protocol.version-field", "warn", { reason: "W_X", actual: "0.2" })]);
    const kinds = async (env: NodeJS.ProcessEnv, strict: boolean): Promise<string[]> =>
      elements(testcases(parseXml(await renderWith("junit", fixed, { env, strict })))[0]!).map((child) => child.name);
    expect(await kinds({}, false)).toEqual(["system-out"]);
    expect(await kinds({}, true)).toEqual(["failure"]);
    expect(await kinds({ PIPES_CONFORMANCE_JUNIT_WARN: "skipped" }, true)).toEqual(["skipped"]);
    expect(await kinds({ PIPES_CONFORMANCE_JUNIT_WARN: "FAILURE" }, false)).toEqual(["failure"]);
    expect(await kinds({ PIPES_CONFORMANCE_JUNIT_WARN: "passed" }, true)).toEqual(["system-out"]);
    expect(() => junitWarnMode({ PIPES_CONFORMANCE_JUNIT_WARN: "fail" }, false)).toThrow(UsageError);
  });

  it("writes an empty but valid document for an empty report", () => {
    const empty: Report = report([]);
    const root = parseXml(renderJunit(empty, "passed"));
    expect(root.attributes.tests).toBe("0");
    expect(elements(root)).toEqual([]);
  });
});
