import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one on a 2-core machine. Most test files
    // wait on child processes, local servers and timers, so two at once finish the suite in about
    // two thirds of the time there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
