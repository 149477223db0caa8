/**
 * The V8 settings of the installed command, in one place: the executable applies them before it
 * loads anything, and the benchmarks apply them too, so that they measure what a user runs. They
 * change the whole process, so the programmatic API never sets them on its caller's behalf.
 */
import { setFlagsFromString } from "node:v8";

/** The flags, each with the measurement that chose it (README "Performance"). */
export const CLI_V8_FLAGS: readonly string[] = [
  // By default the young generation grows to 16 MiB per semi-space (48 MiB with the survivors),
  // most of the peak RSS of a `run` or `validate` of a huge transcript, where every message is
  // garbage at once; on a 1 GB transcript the cost in throughput is within noise.
  "--semi-space-growth-factor=1",
  // A suite's heap stays at ≈ 15 MB live, and V8 set its next full-collection limit only a few
  // MB above that: with the ArrayBuffers of spawns, pipes and bootstrap compression counted
  // against that limit, it ran a full mark-compact every 7 cases or so (≈ 2 ms of CPU per case,
  // a third of the harness's own). Letting the heap grow 4× between full collections cut them
  // to one every 35 cases or so; the 1 GB run's peak RSS is bounded by the young generation above.
  "--heap-growing-percent=300",
];

/** Applies {@link CLI_V8_FLAGS} to this process. */
export function applyCliV8Flags(): void {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
}
