// The playground served by `gofn serve --app` alone: no Vite anywhere. A
// first visit downloads the toolchain from that server and previews the
// hello example, and every answer carries the isolation headers, with
// content-addressed files cached as immutable and text compressed.
import { expect, test } from '@playwright/test';
import { responseFrame } from '../helpers.ts';

test('first visit to preview, with the headers the app server sends', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Map<string, Record<string, string>>();
  const origin = new URL(baseURL!).origin;
  context.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === origin && !seen.has(url.pathname)) seen.set(url.pathname, r.headers());
  });
  await page.goto('./');
  await expect(responseFrame(page).locator('h1')).toHaveText('Hello from Go!', { timeout: 300_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
  const paths = [...seen.keys()];
  for (const path of paths) expect(seen.get(path), path).toMatchObject(isolation);

  expect(seen.get('/')!['cache-control']).toBe('no-cache');
  const script = paths.find((p) => /^\/assets\/main-.*\.js$/.test(p))!;
  expect(seen.get(script)).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable', 'content-encoding': expect.stringMatching(/^(br|gzip)$/) });
  const object = paths.find((p) => p.startsWith('/toolchains/objects/'))!;
  expect(object).toBeDefined();
  expect(seen.get(object)!['cache-control']).toBe('public, max-age=31536000, immutable');
  // A first visit's objects come brotli-encoded (the browser decodes them, the engine checks each sha256);
  // any other object is sent as stored (gzip, inflated by the engine), never compressed again.
  const objects = paths.filter((p) => p.startsWith('/toolchains/objects/'));
  expect(objects.filter((p) => seen.get(p)!['content-encoding'] === 'br').length).toBeGreaterThan(100);
  for (const p of objects) expect([undefined, 'br'], p).toContain(seen.get(p)!['content-encoding']);
  expect(seen.get('/toolchains/index.json')!['cache-control']).toBe('no-cache');

  // A range of a toolchain object, and HEAD.
  const part = await page.request.get(object, { headers: { Range: 'bytes=0-9' } });
  expect(part.status()).toBe(206);
  expect((await part.body()).length).toBe(10);
  expect(part.headers()['content-range']).toMatch(/^bytes 0-9\/\d+$/);
  const head = await page.request.head(object);
  expect(Number(head.headers()['content-length'])).toBeGreaterThan(10);

  // The widget's page isolates its own document where it is framed by pages that are not isolated.
  const embed = await page.request.get('/embed.html');
  expect(embed.status()).toBe(200);
  expect(embed.headers()['document-isolation-policy']).toBe('isolate-and-require-corp');

  // No Vite dev server behind it.
  expect((await page.request.get('/@vite/client')).status()).toBe(404);
  await context.close();
});
