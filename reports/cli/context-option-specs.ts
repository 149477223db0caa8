/**
 * The context options (`--asset`, `--extras`, `--check`...) as data, declared apart from the code
 * that reads them (context-options.ts) so that help and the option parser load nothing else.
 */
import type { OptionSpec } from "./options.js";

/** The context options, as `run` and the suite declare them. */
export const CONTEXT_OPTIONS: readonly OptionSpec[] = [
  { name: "asset", type: "string", multiple: true, placeholder: "KEY", description: "Selected asset key, as an escaped user string (`a/b` is two parts, `a\\/b` one).", defaultText: "my_asset" },
  { name: "no-assets", type: "boolean", description: "Run as an op without assets (asset_keys null)." },
  { name: "check", type: "string", multiple: true, placeholder: "ASSET:NAME", description: "Declare a check spec; reported checks are then verified against the declared ones." },
  { name: "partition-key", type: "string", placeholder: "KEY", description: "Partition key (a single-partition run: the key range is KEY..KEY)." },
  { name: "partition-range", type: "string", placeholder: "START..END", description: "Partition key range (overrides the range a partition key implies)." },
  { name: "time-window", type: "string", placeholder: "START,END", description: "Partition time window, ISO-8601 with offset, e.g. 2024-01-01T00:00:00+00:00,2024-01-02T00:00:00+00:00." },
  { name: "extras", type: "string", placeholder: "JSON|@FILE", description: "Extras: a JSON object, or @path to a file holding one." },
  { name: "run-id", type: "string", placeholder: "ID", description: "Run id.", defaultText: "a random UUID (run), a fixed one (suite)" },
  { name: "job-name", type: "string", placeholder: "NAME", description: "Job name.", defaultText: "__ASSET_JOB" },
  { name: "retry-number", type: "string", placeholder: "N", description: "Retry number.", defaultText: "0" },
];

/** The names of the context options (flags), for telling them apart from the others. */
export const CONTEXT_OPTION_NAMES: readonly string[] = CONTEXT_OPTIONS.map((option) => option.name);
