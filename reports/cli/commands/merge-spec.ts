/**
 * The `merge` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";

/** The `merge` command's declaration. */
export const MERGE_COMMAND: CommandSpec = {
  name: "merge",
  usage: "pipes-conformance merge FILE... [--output FILE]",
  summary: "Merge the JSON reports of the shards of one run (--shard I/N) into the report the unsharded run would have written, printed on stdout.",
  details:
    "The reports must share tool, protocol, command, capabilities, axes, seed, runs, strict, selection and shard count; a case in two reports is an error. Results are put in plan order, the header loses its shard, takes the earliest start and the summed durations. A missing shard or an incomplete report (interrupted, cases not run) is refused.",
  positionals: { name: "FILE...", description: "JSON reports of the shards.", min: 1, max: Number.MAX_SAFE_INTEGER },
  options: [{ name: "output", short: "o", type: "string", placeholder: "FILE", description: "Write the merged report to FILE instead of stdout." }],
};
