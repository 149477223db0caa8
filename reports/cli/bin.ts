#!/usr/bin/env node
// The installed `pipes-conformance` executable.
import { setFlagsFromString } from "node:v8";

// Keep V8's young generation at its initial size: by default it grows to 16 MiB per semi-space
// (48 MiB with the survivors), which is most of the peak RSS of a `run` or `validate` of a huge
// transcript, where every message is garbage at once; measured on a 1 GB transcript, the cost in
// throughput is within noise (see README "Performance"). Set before anything is loaded.
setFlagsFromString("--semi-space-growth-factor=1");

const { entry } = await import("./main.js");
void entry();
