// The platform's limits in a tab: a handler that writes without end gets
// Vercel's 413, one that allocates without end the memory error with its
// reason in the logs, the next request meets a fresh instance, and the tab's
// peak memory (its renderer process, workers included) stays under 2.5 GiB.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeShareUrl } from '../../../src/ui/share-link.ts';
import { defaultRequest, emptySnapshot } from '../../../src/ui/workspace.ts';
import { formatBytes, GiB, watchPeak } from '../../support/peak-memory.ts';
import { editorText, openFile, setEditorText } from '../helpers.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/limits/${path}`, import.meta.url), 'utf8');
const PREVIEW = { timeout: 300_000 };

async function send(page: Page, method: string, path: string): Promise<void> {
  await page.getByLabel('Method').selectOption(method);
  await page.getByLabel('Path').fill(path);
  await page.getByTestId('send').click();
}

test('endless response: 413; endless allocation: the memory error; then fresh instances, the tab under 2.5 GiB', async ({ browser, baseURL }) => {
  const snapshot = {
    ...emptySnapshot(),
    files: { 'go.mod': fixture('go.mod'), 'api/flood.go': fixture('api/flood.go'), 'api/hog.go': fixture('api/hog.go') },
    active: 'api/flood.go',
    request: { ...defaultRequest(), path: '/api/flood' },
  };
  const share = makeShareUrl(snapshot, baseURL!);
  if (!share.ok) throw new Error(share.message);

  const cdp = await browser.newBrowserCDPSession();
  const renderers = new Set<number>();
  const refresh = async () => {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    for (const p of processInfo) if (p.type === 'renderer') renderers.add(p.id);
  };
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(share.url);
  await refresh();
  const peak = watchPeak(() => [...renderers]);

  const status = page.getByTestId('response-summary').locator('.status');
  await expect(status).toHaveAttribute('data-status', '413', PREVIEW);
  await expect(page.getByTestId('response-body')).toContainText('FUNCTION_PAYLOAD_TOO_LARGE');

  await send(page, 'GET', '/api/flood?n=10');
  await expect(status).toHaveAttribute('data-status', '200', PREVIEW);
  await expect(page.getByTestId('response-body')).toContainText('xxxxxxxxxx');

  await send(page, 'POST', '/api/hog');
  await expect(status).toHaveAttribute('data-status', '500', PREVIEW);
  await page.getByRole('tab', { name: /^Logs/ }).click();
  await expect(page.getByTestId('logs')).toContainText('Out of memory: the instance used up its 2048 MB', PREVIEW);

  await send(page, 'GET', '/api/hog');
  await expect(status).toHaveAttribute('data-status', '200', PREVIEW);
  await expect(page.getByTestId('response-body')).toContainText('blocks=0');

  await refresh();
  const bytes = peak.stop();
  // The build worker, stopped to make room, starts again for the next build.
  await openFile(page, 'api/hog.go');
  await setEditorText(page, (await editorText(page)).replace('blocks=%d', 'held=%d'));
  await expect(page.getByTestId('response-body')).toContainText('held=0', PREVIEW);
  console.log(`Chromium tab (renderer process, workers included), endless response then endless allocation: peak memory ${formatBytes(bytes)}`);
  expect(bytes).toBeLessThan(2.5 * GiB);
  await context.close();
});
