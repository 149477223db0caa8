/**
 * Imported first by the benchmarks that measure in their own process (main.ts, pipeline-worker.ts):
 * a module's imports are evaluated in order, so the installed command's V8 settings apply before
 * the other modules load, as `reports/cli/bin.ts` applies them before it loads the tool.
 */
import { applyCliV8Flags } from "../../reports/cli/v8-tuning.js";

applyCliV8Flags();
