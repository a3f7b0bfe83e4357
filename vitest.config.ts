import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two files at a time even on two cores (vitest's default is one fewer than the cores): many tests spend
    // their time waiting on other processes (tsc, the real engines, npm), not on this one.
    maxWorkers: 2,
  },
});
