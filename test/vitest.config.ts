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
  },
});
