import { defineConfig } from 'vitest/config';

// Integration tests drive the real wasm toolchain and native go; they are slow
// by nature, so timeouts are generous. Two files run at a time: every wasm
// tool is single-threaded, so one file alone leaves one of the machine's two
// cores idle most of the time. No test asserts a timing, and each file keeps
// its own servers (port 0), scratch folders and caches, or shares only stores
// whose writes are atomic renames.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
