#!/usr/bin/env node
// The installed `pipes-conformance` executable.
import { applyCliV8Flags } from "./v8-tuning.js";

// Before anything else is loaded: the settings shape the heap from its first allocation.
applyCliV8Flags();

const { entry } = await import("./main.js");
void entry();
