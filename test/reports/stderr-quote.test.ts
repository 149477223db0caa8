/**
 * What a result keeps of stderr is what every reporter shows: the error line the runner keeps
 * first is never cut again by a reporter showing fewer lines than were kept.
 */
import { describe, expect, it } from "vitest";
import { STDERR_LINES_QUOTED } from "../../suites/model/report.js";
import { meaningfulStderrLines } from "../../suites/verifiers/error-line.js";
import { renderWith } from "./render.js";
import { report, result } from "./synthetic-reports.js";

const STDERR = ["Error: connection refused (db:5432)", ...Array.from({ length: 6 }, (_, index) => `shutdown step ${index + 1}`)].join("\n");

describe("the stderr a result quotes", () => {
  const failing = result("bootstrap.env-file-context", "fail", {
    reason: "E_PROGRAM_ERROR",
    expected: "the program runs",
    actual: "the program failed",
    stderrTail: meaningfulStderrLines(STDERR, STDERR_LINES_QUOTED).join("\n"),
  });

  for (const reporter of ["console", "markdown"]) {
    it(`${reporter}: shows the error line that came before the program's last lines`, async () => {
      const text = await renderWith(reporter, report([failing]));
      expect(text).toContain("Error: connection refused (db:5432)");
      expect(text).toContain("shutdown step 6");
    });
  }
});
