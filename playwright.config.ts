import { defineConfig } from '@playwright/test';

// The built app (vite build) served by `vite preview` on loopback, driven by
// Debian's Chromium: Playwright never downloads a browser here.
const port = Number(process.env.GOFN_PORT ?? 4173);
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '*.spec.ts',
  // Run by playwright.app.config.ts against `gofn serve --app`.
  testIgnore: 'app-server/**',
  outputDir: '.cache/playwright',
  // Builds run on two cores; parallel browsers would only slow each other down.
  workers: 1,
  fullyParallel: false,
  timeout: 5 * 60_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    acceptDownloads: true,
    trace: 'off',
  },
  webServer: {
    // Always builds first, so the specs test the current sources.
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
