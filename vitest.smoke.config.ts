import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The smoke suite runs against the built executable (npm run build first): the command-line tests, the
 * installer, and the wizard → backup → restore round trip, all with PROSTO_EXECUTABLE pointing at
 * build/out/prosto.
 */
export default defineConfig({
  test: {
    include: ['test/smoke/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/installer/**/*.test.ts'],
    exclude: ['test/cli/https.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PROSTO_EXECUTABLE: process.env.PROSTO_EXECUTABLE ?? path.resolve('build/out/prosto') },
  },
});
