import { defineConfig } from '@playwright/test';
import base, { chromiumArgs } from './playwright.config.ts';

// The built app served by `gofn serve --app` alone (no Vite): the specs in
// test/browser/app-server/ check the first-visit-to-preview flow, the headers
// that server sends, and the platform's limits in a tab.
const port = Number(process.env.GOFN_APP_PORT ?? 4174);

export default defineConfig({
  ...base,
  testDir: 'test/browser/app-server',
  testIgnore: [],
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}/`, launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } },
  webServer: {
    command: `npx vite build && node bin/gofn.mjs serve --app --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
