#!/usr/bin/env node
// `npm run test:loaded`: the project's own tests on a machine as busy as a CI runner can be. Four
// CPU-bound processes run beside `npm test` for its whole duration (on 2 cores: twice as many
// busy processes as cores), then are ended; the exit code is the tests'. A test that decides on
// wall-clock margins fails here; one that measures by events does not.
import { spawn } from "node:child_process";

const HOGS = Number(process.env.PIPES_CONFORMANCE_LOAD_PROCESSES ?? 4);
const hogs = Array.from({ length: HOGS }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
const endHogs = () => {
  for (const hog of hogs) hog.kill("SIGKILL");
};
process.on("exit", endHogs);
process.stderr.write(`test:loaded: ${HOGS} CPU-bound processes run beside npm test\n`);

const started = Date.now();
const tests = spawn("npm", ["test", "--", ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    tests.kill(signal);
  });
}
tests.on("exit", (code, signal) => {
  endHogs();
  process.stderr.write(`test:loaded: npm test ended (${signal ?? `exit ${code}`}) after ${((Date.now() - started) / 60_000).toFixed(1)} min under load\n`);
  process.exit(code ?? 1);
});
