import { defineConfig } from 'vitest/config';

// Integration tests drive the real wasm toolchain and native go; they are slow
// by nature, so timeouts are generous and files run one at a time on 2 cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
