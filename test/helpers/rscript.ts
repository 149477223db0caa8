/**
 * Whether R is here to run the conforming R fixture. CI installs R and sets
 * PIPES_CONFORMANCE_REQUIRE_R, so a missing R fails there instead of skipping silently.
 */
import { execFileSync } from "node:child_process";

function probe(): boolean {
  try {
    execFileSync("Rscript", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.PIPES_CONFORMANCE_REQUIRE_R) throw new Error("Rscript is required (PIPES_CONFORMANCE_REQUIRE_R is set) but was not found");
    return false;
  }
}

/** True when `Rscript` runs. */
export const HAS_RSCRIPT = probe();

/** The R fixture's command (`--default-packages=base`: R starts three times faster without the rest). */
export const R_FIXTURE = ["Rscript", "--default-packages=base", "test/fixtures/r/conforming-driver.R"];
