// A preview built through every fast path answers exactly as a cold build of
// the same files does: edits whose packages come from the warm action cache,
// whose load is reused (only function bodies changed), whose cache entries
// were written behind, and an edit cancelled and superseded mid-build; then
// a reload built from the entries written behind; then the same files in a
// fresh browser context (empty IndexedDB: toolchain and every step cold).
// Compared: the preview module's sha256 and the response (status, headers
// but Date, body).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openFile, openShared, pickExample, setEditorText } from './helpers.ts';
import { parseTxtar } from '../../src/ui/txtar.ts';

const COLD = { timeout: 300_000 };
const WARM = { timeout: 120_000 };

test.describe.configure({ mode: 'serial' });

interface Answer {
  sha256: string | null;
  status: string | null;
  headers: string[][];
  body: string;
}

/** What the page shows for /api/todos once the response holds marker. */
async function answer(page: Page, marker: string, wait = WARM): Promise<Answer> {
  await expect(page.getByTestId('response-body')).toContainText(marker, wait);
  const headers = await page.getByTestId('response-headers').evaluate((el) =>
    [...el.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')).filter(([k]) => k?.toLowerCase() !== 'date'),
  );
  return {
    sha256: await page.getByTestId('routes').locator('[data-route="/api/todos"]').getAttribute('data-sha256'),
    status: await page.getByTestId('response-summary').locator('[data-status]').getAttribute('data-status'),
    headers,
    body: await page.getByTestId('response-body').innerText(),
  };
}

/** The JSON API example's handler with its POST branch's title suffixed, and writeJSON setting one more header. */
function edit(source: string, suffix: string, header: string): string {
  const out = source
    .replace('\t\tt.ID = len(todos) + 1\n', `\t\tt.Title += " (${suffix})"\n\t\tt.ID = len(todos) + 1\n`)
    .replace('\tw.Header().Set("Content-Type", "application/json")\n', `\tw.Header().Set("Content-Type", "application/json")\n\tw.Header().Set("X-Edit", "${header}")\n`);
  if (out === source) throw new Error('the JSON API example changed: the edit did not apply');
  return out;
}

test('a preview built through the fast paths answers as a cold build of the same files', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.frameLocator('[data-testid=response-html]').locator('h1')).toHaveText('Hello from Go!', COLD);
  await pickExample(page, 'JSON API');
  await answer(page, '"Try gofn"');
  await openFile(page, 'api/todos.go');
  // The example's own text: the editor renders only the lines in view.
  const example = parseTxtar(readFileSync(new URL('../../src/ui/examples/2-json-api.txtar', import.meta.url), 'utf8'));
  const original = example.files.find((f) => f.name === 'api/todos.go')!.data;

  // Bodies only: std and the wrapper from the action cache, the load reused.
  await setEditorText(page, edit(original, 'one', 'one'));
  await page.keyboard.press('ControlOrMeta+Enter');
  await answer(page, '(one)');

  // An edit whose build is cancelled by the next one.
  await setEditorText(page, edit(original, 'two', 'two'));
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', /version|download|build/);
  await setEditorText(page, edit(original, 'three', 'three'));
  await page.keyboard.press('ControlOrMeta+Enter');
  const fast = await answer(page, '(three)');
  expect(fast.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(fast.status).toBe('201');
  expect(fast.headers).toContainEqual(['X-Edit', 'three']);

  // A new build worker, so every step comes from what was written behind to IndexedDB.
  await page.reload();
  expect(await answer(page, '(three)')).toEqual(fast);

  // The same files where nothing is cached.
  const { context: fresh, page: cold } = await openShared(page, browser);
  expect(await answer(cold, '(three)', COLD)).toEqual(fast);
  await fresh.close();
  await context.close();
});
