#!/usr/bin/env node
// The installed `pipes-conformance` executable.
import { entry } from "./main.js";

void entry();
