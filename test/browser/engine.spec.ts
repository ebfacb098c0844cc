// Building and previewing in the browser with the real WASI Go toolchain,
// in the order a user meets it: first visit (download), reload (IndexedDB),
// edits, a compile error, a panic, a share link, and going offline.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { editorText, openFile, openShared, pickExample, responseFrame, setEditorText, treeItem } from './helpers.ts';

const FIRST_PREVIEW = { timeout: 300_000 };
const PREVIEW = { timeout: 120_000 };

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
const toolchainFetches: string[] = [];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  // Requests from the build worker show up here too (the first test checks that they do).
  context.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/toolchains/')) toolchainFetches.push(path);
  });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

const objectOrManifest = (p: string): boolean => p.includes('/objects/') || p.endsWith('/manifest.json');

test('first visit downloads the toolchain with visible progress and renders hello in the iframe', async () => {
  await page.goto('./');
  const progress = page.getByTestId('download-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/\d(\.\d)? [KM]?B of \d/);
  await expect(responseFrame(page).locator('h1')).toHaveText('Hello from Go!', FIRST_PREVIEW);
  await expect(page.getByTestId('version')).toContainText('go1.26');
  expect(toolchainFetches.filter(objectOrManifest).length).toBeGreaterThan(0);
  // go vet's tool is fetched after the first preview, when vet first runs.
  await expect(page.getByTestId('status')).toHaveAttribute('data-vet', 'done', PREVIEW);
});

test('a reload reuses IndexedDB: no toolchain file is fetched again', async () => {
  toolchainFetches.length = 0;
  await page.reload();
  await expect(responseFrame(page).locator('h1')).toHaveText('Hello from Go!', PREVIEW);
  expect(toolchainFetches.filter(objectOrManifest)).toEqual([]);
});

test('an edit updates the preview', async () => {
  await openFile(page, 'api/index.go');
  const text = await editorText(page);
  await setEditorText(page, text.replace('Hello from Go!', 'Hello, edited!'));
  await expect(responseFrame(page).locator('h1')).toHaveText('Hello, edited!', PREVIEW);
});

test('a newer edit stops the build in flight at its next step and the newest text wins', async () => {
  const text = await editorText(page);
  await setEditorText(page, text.replace('Hello, edited!', 'Hello, first!'));
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', /version|download|build/);
  await setEditorText(page, text.replace('Hello, edited!', 'Hello, second!'));
  await expect(responseFrame(page).locator('h1')).toHaveText('Hello, second!', PREVIEW);
});

test('a compile error is underlined and listed at its line', async () => {
  await setEditorText(
    page,
    [
      'package handler',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      'func Handler(w http.ResponseWriter, r *http.Request) {',
      '\tfmt.Fprintln(w, "ok")',
      '\tn := 1',
      '\tfmt.Fprintln(w, n)',
      '\tfmt.Fprintln(w, undefinedName)',
      '}',
      '',
    ].join('\n'),
  );
  const problem = page.getByTestId('problems').locator('.problem').first();
  await expect(problem).toContainText('undefined: undefinedName', PREVIEW);
  await expect(problem).toHaveAttribute('data-file', 'api/index.go');
  await expect(problem).toHaveAttribute('data-line', '12');
  await expect(page.locator('.cm-line').nth(11).locator('.cm-lintRange-error')).toHaveText('undefinedName');
  await expect(treeItem(page, 'api/index.go').locator('.badge')).toHaveText('1');
  // Clicking the problem puts the cursor on that line.
  await openFile(page, 'go.mod');
  await problem.click();
  await expect(page.getByTestId('active-file')).toHaveText('api/index.go');
  await expect(page.locator('.cm-activeLine')).toContainText('undefinedName');
});

test('Format runs the bundled gofmt on the open file', async () => {
  await setEditorText(page, 'package handler\nimport "net/http"\nfunc  Handler( w http.ResponseWriter,r *http.Request ){\nw.WriteHeader( 204 )}\n');
  await page.getByRole('button', { name: 'Format' }).click();
  await expect.poll(() => editorText(page), PREVIEW).toBe(
    'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(204)\n}\n',
  );
});

test('a streamed response arrives in chunks, and the history brings a request back', async () => {
  await pickExample(page, 'Streaming response');
  const summary = page.getByTestId('response-summary');
  await expect(summary).toContainText('5 chunks', PREVIEW);
  await expect(page.getByTestId('response-body')).toContainText('chunk 5 of 5');
  await page.getByRole('tab', { name: 'Query' }).click();
  await page.getByLabel('query value').first().fill('3');
  await page.getByTestId('send').click();
  await expect(summary).toContainText('3 chunks', PREVIEW);
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByTestId('history').getByRole('button', { name: /stream\?n=5/ }).click();
  await expect(page.getByLabel('query value').first()).toHaveValue('5');
  await expect(page.getByTestId('response-body')).toContainText('chunk 5 of 5');
});

test('a panic answers 500 and its stack is in the logs', async () => {
  await pickExample(page, 'A panic');
  await expect(page.getByTestId('response-summary').locator('.status')).toHaveAttribute('data-status', '500', PREVIEW);
  await page.getByRole('tab', { name: /^Logs/ }).click();
  const logs = page.getByTestId('logs');
  await expect(logs).toContainText('counting a visit for gopher');
  await expect(logs).toContainText('assignment to entry in nil map');
  await expect(logs).toContainText(/goroutine \d+/);
  await expect(logs).toContainText(/count\.go:13/);
  await expect(logs.locator('.log-line.panic').first()).toBeVisible();
});

test('preview env vars reach the handler (os.Getenv) and changing them restarts the instance', async () => {
  await pickExample(page, 'Hello');
  await openFile(page, 'api/index.go');
  await setEditorText(
    page,
    'package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, "GREETING=%q", os.Getenv("GREETING"))\n}\n',
  );
  await expect(page.getByTestId('response-body')).toContainText('GREETING=""', PREVIEW);
  await page.getByRole('tab', { name: 'Env' }).click();
  await page.getByLabel('preview env name').last().fill('GREETING');
  await page.getByLabel('preview env value').first().fill('hi from env');
  await expect(page.getByTestId('response-body')).toContainText('GREETING="hi from env"', PREVIEW);
});

test('go vet runs after a good build: its findings are warnings in Problems and underlines, never in the way of the preview', async () => {
  await pickExample(page, 'Hello');
  await openFile(page, 'api/index.go');
  await setEditorText(page, 'package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, "count %d", "three")\n}\n');
  await expect(page.getByTestId('response-body')).toContainText('count %!d(string=three)', PREVIEW);
  const warning = page.getByTestId('problems').locator('.problem[data-severity=warning]');
  await expect(warning).toContainText('fmt.Fprintf format %d has arg "three" of wrong type string', PREVIEW);
  await expect(warning).toHaveAttribute('data-line', '9');
  await expect(warning.locator('.src')).toHaveText('vet');
  await expect(page.locator('.cm-line').nth(8).locator('.cm-lintRange-warning')).toHaveCount(1);
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'done');
});

test('Test runs go test -v ./... and lists every test with its result, duration and output', async () => {
  await pickExample(page, 'Tests');
  await page.getByTestId('test').click();
  const results = page.getByTestId('test-results');
  const pkg = results.locator('[data-package="example.com/slugs/slug"]');
  await expect(pkg).toHaveAttribute('data-status', 'fail', FIRST_PREVIEW);
  await expect(pkg.locator('[data-test="TestMake/Hello,_World!"]')).toHaveAttribute('data-status', 'pass');
  await expect(pkg.locator('[data-test="ExampleMake"]')).toHaveAttribute('data-status', 'pass');
  const failed = pkg.locator('[data-test="TestMake/Crème_brûlée"]');
  await expect(failed).toHaveAttribute('data-status', 'fail');
  await expect(failed).toContainText('Make("Crème brûlée") = "crème-brûlée", want "creme-brulee"');
  await expect(failed.locator('.time')).toHaveText(/\d\.\d\ds/);
  await expect(results.locator('[data-package="example.com/slugs/api"]')).toHaveAttribute('data-status', 'none');
  await expect(page.getByTestId('test-status')).toHaveText('FAIL: 2 of 6 failed');
  await expect(page.getByTestId('test-output')).toContainText('FAIL\texample.com/slugs/slug\t');
});

test('a go 1.20 project previews with the closest bundled toolchain and keeps go 1.20 semantics; the chip says so', async () => {
  await pickExample(page, 'Hello');
  await openFile(page, 'go.mod');
  await setEditorText(page, 'module example.com/hello\n\ngo 1.20\n');
  await openFile(page, 'api/index.go');
  await setEditorText(
    page,
    'package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tvar fns []func() int\n\tfor i := 0; i < 3; i++ {\n\t\tfns = append(fns, func() int { return i })\n\t}\n\tfor _, f := range fns {\n\t\tfmt.Fprint(w, f(), " ")\n\t}\n}\n',
  );
  // Before go 1.22 the three closures share one i: the module's language version holds under a newer toolchain.
  await expect(page.getByTestId('response-body')).toHaveText('3 3 3 ', FIRST_PREVIEW);
  const chip = page.getByTestId('version');
  await expect(chip).toContainText('go.mod asks for go 1.20 → using go1.24.11 (closest bundled)');
  await expect(chip).toHaveAttribute('title', /Vercel would build with the newest go1\.20 patch · using go1\.24\.11, the closest bundled; the module keeps its go 1\.20 language version/);
  await expect(chip).toHaveAttribute('title', /Go releases before 1\.21 are not published as toolchains/);
  await chip.click();
  await expect(page.getByTestId('toolchain-choice')).toContainText('go.mod asks for go 1.20');
  await expect(page.getByTestId('toolchains').locator('tr[data-version="1.20"]')).toContainText('asked for by go.mod');
  await expect(page.getByTestId('toolchains').locator('tr[data-version="1.24.11"]')).toContainText('in use');
});

test('a share link opened in a fresh context restores files, version and request', async ({ browser }) => {
  await pickExample(page, 'Dynamic route');
  await expect(page.getByTestId('response-body')).toContainText('"42"', PREVIEW);
  await page.getByLabel('Route parameter id').fill('7');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('response-body')).toContainText('"7"', PREVIEW);
  const { context: fresh, page: other } = await openShared(page, browser);
  await expect(treeItem(other, 'api/users/[id].go')).toBeVisible();
  await expect(other.getByLabel('Path')).toHaveValue('/api/users/7');
  expect(await editorText(other)).toContain('func User(w http.ResponseWriter, r *http.Request)');
  await expect(other.getByTestId('version')).toContainText('go1.26.8', FIRST_PREVIEW);
  await expect(other.getByTestId('response-body')).toContainText('"id": "7"', FIRST_PREVIEW);
  await expect(other.getByTestId('response-body')).toContainText('"path": "/api/users/7"');
  await fresh.close();
});

test('with the network cut after caching, the app still builds and previews', async () => {
  // The service worker takes control on the load after the one that installed it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByTestId('response-body')).toContainText('"id": "7"', PREVIEW);
    // A real compile, offline: change the handler and see the new answer.
    await openFile(page, 'api/users/[id].go');
    const text = await editorText(page);
    await setEditorText(page, text.replace('"path": r.URL.Path,', '"path": r.URL.Path,\n\t\t"mode": "offline",'));
    await expect(page.getByTestId('response-body')).toContainText('"mode": "offline"', PREVIEW);
  } finally {
    await context.setOffline(false);
  }
});

test('the toolchains panel lists the cached version with its size and deletes it', async () => {
  await page.getByRole('tab', { name: 'Toolchains' }).click();
  const row = page.getByTestId('toolchains').locator('tr[data-version="1.26.8"]');
  await expect(row).toContainText(/\d+(\.\d)? MB · \d+ files/);
  await expect(row).toContainText('in use');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toContainText('not downloaded');
});
