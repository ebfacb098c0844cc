// Reproduction links: sharing records each route's linux/amd64 bootstrap
// sha256; opening the link in a fresh context rebuilds and shows "same
// bytes as when shared", and a link whose payload was tampered with shows
// which route differs and why.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { disableAutoRun } from './helpers.ts';

const BUILD = { timeout: 300_000 };
test.describe.configure({ mode: 'serial' });

/** The JSON inside a share link's fragment, and a way to put an edited one back. */
function payloadOf(url: string): { files: Record<string, string>; expect?: { routes: Record<string, string>; go: string } } {
  const data = url.slice(url.indexOf('#share=') + '#share='.length);
  return JSON.parse(inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8')) as ReturnType<typeof payloadOf>;
}

function withPayload(url: string, payload: unknown): string {
  return `${url.slice(0, url.indexOf('#share='))}#share=${deflateRawSync(Buffer.from(JSON.stringify(payload)), { level: 9 }).toString('base64url')}`;
}

test('a shared link rebuilds to the same bytes in a fresh context; a tampered one says which route differs and why', async ({ browser }) => {
  const sharer = await browser.newContext();
  await disableAutoRun(sharer);
  const page = await sharer.newPage();
  await page.goto('./');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-record')).toHaveAttribute('data-state', 'recorded', BUILD);
  const url = await page.getByTestId('share-url').inputValue();
  const payload = payloadOf(url);
  expect(Object.keys(payload.expect!.routes)).toEqual(['/api']);
  expect(payload.expect!.routes['/api']).toMatch(/^[0-9a-f]{64}$/);
  await sharer.close();

  const fresh = await browser.newContext();
  await disableAutoRun(fresh);
  const other = await fresh.newPage();
  await other.goto(url);
  const mark = other.getByTestId('repro');
  await expect(mark).toHaveAttribute('data-state', 'same', BUILD);
  await expect(mark).toContainText('Same bytes as when shared');
  await expect(mark).toContainText(`go${payload.expect!.go}`);

  // The same link with one file changed in its payload: the rebuild no longer matches what was recorded.
  const tampered = structuredClone(payload);
  tampered.files['api/index.go'] = tampered.files['api/index.go']!.replace('Hello from Go!', 'Hello from elsewhere!');
  expect(tampered.files['api/index.go']).not.toBe(payload.files['api/index.go']);
  const third = await fresh.newPage();
  await third.goto(withPayload(url, tampered));
  const differs = third.getByTestId('repro');
  await expect(differs).toHaveAttribute('data-state', 'differs', BUILD);
  await expect(differs).toContainText('Not the bytes that were shared');
  await expect(differs.locator('li[data-route="/api"]')).toContainText(`${payload.expect!.routes['/api']!.slice(0, 16)}… when shared`);
  await expect(differs).toContainText('api/index.go is not the file that was built when shared');
  await expect(differs).toContainText('A different Go bundle');
  await expect(differs).toContainText('go.sum pins every module');
  await fresh.close();
});
