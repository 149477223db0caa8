import { defineConfig } from "vitest/config";

// Tests spawn real processes (python3, node, Rscript): generous timeouts, never a race with the clock.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most test time is spent waiting on spawned programs (sleeps, timeouts, interpreters starting),
    // not on this process's CPU: three files at once on a 2-core machine (vitest's default would be
    // one), which the tests hold to since none decides on wall-clock margins.
    maxWorkers: 3,
  },
});
