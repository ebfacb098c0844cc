// The app without builds: files, editor, txtar, share links, autosave,
// isolation headers and the offline shell. Auto-run is off, so no toolchain
// is downloaded here (engine.spec.ts covers building and previewing).
import { expect, test } from '@playwright/test';
import { disableAutoRun, editorText, openFile, pasteText, pickExample, setEditorText, treeItem, waitSaved } from './helpers.ts';

test.beforeEach(async ({ context }) => {
  await disableAutoRun(context);
});

test('file tree: add, rename, move, delete with undo, folders', async ({ page }) => {
  await page.goto('./');
  await expect(treeItem(page, 'api/index.go')).toBeVisible();

  // A new file under api/ starts as a handler in the folder's package.
  await treeItem(page, 'api').hover();
  await page.getByRole('button', { name: 'New file in api', exact: true }).click();
  await page.getByLabel('File name').fill('users.go');
  await page.keyboard.press('Enter');
  await expect(treeItem(page, 'api/users.go')).toBeVisible();
  await expect(page.getByTestId('active-file')).toHaveText('api/users.go');
  expect(await editorText(page)).toContain('package handler');
  expect(await editorText(page)).toContain('func Users(w http.ResponseWriter, r *http.Request)');
  await expect(page.getByTestId('routes').locator('[data-route="/api/users"]')).toBeVisible();

  // A name that exists is refused with a sentence.
  await page.getByRole('button', { name: 'New file', exact: true }).click();
  await page.getByLabel('File name').fill('users.go');
  await page.keyboard.press('Enter');
  await expect(page.locator('.node-error')).toHaveText('api/users.go already exists.');
  await page.keyboard.press('Escape');

  // Rename with a path moves the file into a new folder.
  await treeItem(page, 'api/users.go').hover();
  await page.getByRole('button', { name: 'Rename api/users.go' }).click();
  await page.getByLabel('New name for api/users.go').fill('users/[id].go');
  await page.keyboard.press('Enter');
  await expect(treeItem(page, 'api/users/[id].go')).toBeVisible();
  await expect(treeItem(page, 'api/users.go')).toHaveCount(0);
  await expect(page.getByTestId('routes').locator('[data-route="/api/users/[id]"]')).toBeVisible();

  // Folders: create one, rename it (its files move along), delete it and undo.
  await page.getByRole('button', { name: 'New folder', exact: true }).click();
  await page.getByLabel('Folder name').fill('lib');
  await page.keyboard.press('Enter');
  // The top bar's New folder adds to the open file's folder.
  await expect(treeItem(page, 'api/users/lib')).toBeVisible();
  await treeItem(page, 'api/users').hover();
  await page.getByRole('button', { name: 'Rename api/users', exact: true }).click();
  await page.getByLabel('New name for api/users').fill('people');
  await page.keyboard.press('Enter');
  await expect(treeItem(page, 'api/people/[id].go')).toBeVisible();
  await expect(treeItem(page, 'api/people/lib')).toBeVisible();

  await treeItem(page, 'api/people').hover();
  await page.getByRole('button', { name: 'Delete api/people', exact: true }).click();
  await expect(treeItem(page, 'api/people/[id].go')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(treeItem(page, 'api/people/[id].go')).toBeVisible();
});

test('txtar: export shows the project, import replaces it, and the round trip is exact', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'txtar' }).click();
  const area = page.getByTestId('txtar-text');
  const exported = await area.inputValue();
  expect(exported.startsWith('-- go.mod --\nmodule example.com/hello\n')).toBe(true);
  expect(exported).toContain('-- api/index.go --\npackage handler\n');

  const archive = [
    '-- go.mod --',
    'module example.com/two',
    '',
    'go 1.26',
    '-- api/a.go --',
    'package handler',
    '',
    'import "net/http"',
    '',
    'func A(w http.ResponseWriter, r *http.Request) {}',
    '-- api/_lib/util.go --',
    'package lib',
    '-- vercel.json --',
    '{"build": {"env": {"GO_BUILD_FLAGS": "-ldflags \'-s -w\'"}}}',
    '',
  ].join('\n');
  await area.fill(archive);
  await page.getByTestId('txtar-import').click();
  await expect(treeItem(page, 'api/_lib/util.go')).toBeVisible();
  await expect(treeItem(page, 'api/index.go')).toHaveCount(0);
  await expect(page.getByTestId('routes').locator('[data-route]')).toHaveCount(1);

  await page.getByRole('button', { name: 'txtar' }).click();
  const again = await page.getByTestId('txtar-text').inputValue();
  // go.mod first, then path order: the archive above was written in that order.
  const sorted = ['-- go.mod --', '-- api/_lib/util.go --', '-- api/a.go --', '-- vercel.json --'];
  expect(again.split('\n').filter((l) => l.startsWith('-- '))).toEqual(sorted);
  for (const name of ['go.mod', 'api/a.go', 'api/_lib/util.go', 'vercel.json']) {
    const section = (t: string) => t.split(`-- ${name} --\n`)[1]!.split(/^-- /m)[0];
    expect(section(again)).toBe(section(archive));
  }
});

test('txtar: a Go Playground share with an unnamed first file', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'txtar' }).click();
  await page.getByTestId('txtar-text').fill('package handler\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n-- go.mod --\nmodule x\n');
  await page.getByTestId('txtar-import').click();
  await expect(treeItem(page, 'api/index.go')).toBeVisible();
  await expect(treeItem(page, 'go.mod')).toBeVisible();
});

test('share link: opening it in a fresh context restores files, request and env names (not values)', async ({ page, browser }) => {
  await page.goto('./');
  await openFile(page, 'api/index.go');
  const source = 'package handler\n\nimport "net/http"\n\n// shared ✓ 日本\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n';
  await setEditorText(page, source);
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('Path').fill('/api/things');
  await page.getByRole('tab', { name: 'Headers' }).first().click();
  await page.getByLabel('header name').last().fill('X-Trace');
  await page.getByLabel('header value').first().fill('abc');
  await page.getByRole('tab', { name: 'Env' }).click();
  await page.getByLabel('preview env name').last().fill('API_KEY');
  await page.getByLabel('preview env value').first().fill('s3cret');
  await page.getByLabel('build env name').last().fill('GO_BUILD_FLAGS');
  await page.getByLabel('build env value').first().fill("-ldflags '-X main.v=1'");

  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#share=[A-Za-z0-9_-]+$/);
  expect(url).not.toContain('s3cret');

  const fresh = await browser.newContext();
  await disableAutoRun(fresh);
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('active-file')).toHaveText('api/index.go');
  expect(await editorText(other)).toBe(source);
  await expect(other.getByLabel('Method')).toHaveValue('POST');
  await expect(other.getByLabel('Path')).toHaveValue('/api/things');
  await other.getByRole('tab', { name: 'Headers' }).first().click();
  await expect(other.getByLabel('header name').first()).toHaveValue('X-Trace');
  await expect(other.getByLabel('header value').first()).toHaveValue('abc');
  await other.getByRole('tab', { name: 'Env' }).click();
  await expect(other.getByLabel('preview env name').first()).toHaveValue('API_KEY');
  await expect(other.getByLabel('preview env value').first()).toHaveValue('');
  await expect(other.getByLabel('build env value').first()).toHaveValue("-ldflags '-X main.v=1'");
  // The link is consumed, so a reload shows the autosaved project rather than the link again.
  expect(new URL(other.url()).hash).toBe('');
  await fresh.close();
});

test('share: the Embed tab copies an iframe snippet for one file, optionally read-only', async ({ page, browser }) => {
  await page.goto('./');
  await pickExample(page, 'Tests');
  await page.getByTestId('share').click();
  await page.getByRole('tab', { name: 'Embed' }).click();
  await page.getByTestId('embed-file').selectOption('slug/slug.go');
  await page.getByTestId('embed-readonly').check();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  const src = /^<iframe src="([^"]+)" title="gofn: slug\/slug.go" width="100%" height="480"/.exec(snippet)?.[1];
  expect(src).toMatch(/\/embed\.html#share=[A-Za-z0-9_-]+&amp;file=slug%2Fslug\.go&amp;readonly$/);

  const fresh = await browser.newContext();
  const widget = await fresh.newPage();
  await widget.goto(src!.replace(/&amp;/g, '&'));
  await expect(widget.locator('.embed-file')).toContainText('slug/slug.go (read-only)');
  await expect(widget.locator('.cm-content')).toContainText('func Make(title string) string');
  await expect(widget.locator('.cm-content')).toHaveAttribute('aria-readonly', 'true');
  await expect(widget.getByTestId('embed-path')).toHaveValue('/api/slug?title=Hello%2C+World%21');
  const open = await widget.getByTestId('open-in-gofn').getAttribute('href');
  expect(open).toMatch(/\/#share=/);
  await fresh.close();
});

test('share link: a project too big for a URL gets a clear message', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'New file', exact: true }).click();
  await page.getByLabel('File name').fill('data.txt');
  await page.keyboard.press('Enter');
  // Random text does not compress: ~120 KB of it cannot fit in 64 KB.
  const noise = await page.evaluate(() => {
    const bytes = new Uint8Array(90_000);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
    return btoa(String.fromCharCode(...bytes)).replace(/(.{76})/g, '$1\n');
  });
  await pasteText(page, noise);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-error')).toContainText('share links hold at most 64 KB');
});

test('autosave: edits, new files and the request survive a reload and a crashed tab', async ({ page, context }) => {
  await page.goto('./');
  await openFile(page, 'api/index.go');
  await setEditorText(page, 'package handler\n\n// edited before the reload\n');
  await page.getByLabel('Path').fill('/api/saved');
  await page.getByRole('button', { name: 'New file', exact: true }).click();
  await page.getByLabel('File name').fill('notes.md');
  await page.keyboard.press('Enter');
  await waitSaved(page);

  await page.reload();
  await openFile(page, 'api/index.go');
  expect(await editorText(page)).toContain('// edited before the reload');
  await expect(treeItem(page, 'api/notes.md')).toBeVisible();
  await expect(page.getByLabel('Path')).toHaveValue('/api/saved');

  // A tab that dies without unload handlers: the next tab still finds the edit.
  await setEditorText(page, 'package handler\n\n// edited, then the tab crashed\n');
  await waitSaved(page);
  await page.close({ runBeforeUnload: false });
  const next = await context.newPage();
  await next.goto('./');
  await openFile(next, 'api/index.go');
  expect(await editorText(next)).toContain('// edited, then the tab crashed');
});

test('examples replace the project and Undo brings it back', async ({ page }) => {
  await page.goto('./');
  await pickExample(page, 'Dynamic route');
  await expect(treeItem(page, 'api/users/[id].go')).toBeVisible();
  await expect(page.getByLabel('Path')).toHaveValue('/api/users/42');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(treeItem(page, 'api/index.go')).toBeVisible();
  await expect(treeItem(page, 'api/users/[id].go')).toHaveCount(0);
});

test('every response carries the isolation headers and the page is cross-origin isolated', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => {
    const h = r.headers();
    if (h['cross-origin-embedder-policy'] !== 'require-corp' || h['cross-origin-opener-policy'] !== 'same-origin') missing.push(r.url());
  });
  await page.goto('./');
  await expect(page.getByTestId('active-file')).toHaveText('api/index.go');
  const toolchainIndex = await page.request.get('./toolchains/index.json');
  expect(toolchainIndex.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(toolchainIndex.headers()['cross-origin-resource-policy']).toBe('same-origin');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(missing).toEqual([]);
});

test('the app shell opens offline once the service worker has cached it', async ({ page, context }) => {
  await page.goto('./');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first load ran before the worker took control; wait until it controls the page.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('active-file')).toHaveText('api/index.go');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await context.setOffline(false);
});
