// The embeddable widget as a course page uses it: a plain page on another
// loopback port (another origin, no COOP/COEP, so not cross-origin isolated)
// frames embed.html. The widget downloads the toolchain, builds, answers,
// rebuilds on an edit, hands the project to the full app, and shares the
// app's IndexedDB cache. A second browser without Document-Isolation-Policy
// (what Firefox and Safari give a framed page) shows the fallback.
import { createServer, type Server } from 'node:http';
import { chromium, expect, test, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config.ts';
import { makeEmbedUrl } from '../../src/ui/embed-link.ts';
import { emptySnapshot, type WorkspaceSnapshot } from '../../src/ui/workspace.ts';

const FIRST = { timeout: 300_000 };
const AGAIN = { timeout: 120_000 };
const appPort = Number(process.env.GOFN_PORT ?? 4173);
const coursePort = appPort + 1;
const appOrigin = `http://127.0.0.1:${appPort}`;

const handler = (greeting: string) => `package handler

import (
	"fmt"
	"net/http"
)

var requests int

// Handler greets; the count shows whether an instance stayed warm.
func Handler(w http.ResponseWriter, r *http.Request) {
	requests++
	fmt.Fprintf(w, "${greeting}, %s (request %d)\\n", r.URL.Query().Get("name"), requests)
}
`;

const project: WorkspaceSnapshot = {
  ...emptySnapshot(),
  files: { 'go.mod': 'module example.com/course\n\ngo 1.26\n', 'api/index.go': handler('hello'), 'README.md': 'An example for a course.\n' },
  active: 'api/index.go',
  request: { method: 'GET', params: {}, path: '/api', query: [{ name: 'name', value: 'gopher', enabled: true }], headers: [], body: '' },
};

let course: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const fetched: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser: b }) => {
  const embed = makeEmbedUrl(project, `${appOrigin}/`, { file: 'api/index.go' });
  if (!embed.ok) throw new Error(embed.message);
  // A course page as any static site serves it: no isolation headers at all.
  course = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Lesson 1</title><h1>Lesson 1</h1><p>Try it:</p>
<iframe id="example" src="${embed.url.replace(/&/g, '&amp;')}" width="360" height="560" style="border:1px solid #ccc"></iframe>`);
  });
  await new Promise<void>((resolve) => course.listen(coursePort, '127.0.0.1', resolve));
  browser = b;
  context = await browser.newContext();
  context.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/toolchains/objects/')) fetched.push(path);
  });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => course.close(resolve));
});

const widget = (p: Page): FrameLocator => p.frameLocator('#example');
const widgetFrame = (p: Page): Frame => p.frames().find((f) => f.url().includes('/embed.html'))!;
const body = (w: FrameLocator) => w.getByTestId('response-body');

test('a page on another origin without isolation frames the widget, which downloads the toolchain, builds and shows the response', async () => {
  await page.goto(`http://127.0.0.1:${coursePort}/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const w = widget(page);
  await expect(w.getByTestId('download-progress')).toBeVisible(FIRST);
  await expect(body(w)).toContainText('hello, gopher (request 1)', FIRST);
  // Document-Isolation-Policy isolates the widget itself, so its preview keeps a warm instance.
  expect(await widgetFrame(page).evaluate(() => crossOriginIsolated)).toBe(true);
  await w.getByTestId('send').click();
  await expect(body(w)).toContainText('hello, gopher (request 2)', AGAIN);
  expect(fetched.length).toBeGreaterThan(0);
});

test('an edit in the widget rebuilds and updates the response', async () => {
  const w = widget(page);
  await setWidgetText(page, handler('howdy'));
  await expect(body(w)).toContainText('howdy, gopher (request 1)', AGAIN);
});

test('"Open in gofn" opens the full app on the same files, edits included, reusing the cached toolchain', async () => {
  fetched.length = 0;
  const [app] = await Promise.all([page.waitForEvent('popup'), widget(page).getByTestId('open-in-gofn').click()]);
  await app.waitForLoadState();
  expect(new URL(app.url()).origin).toBe(appOrigin);
  await expect(app.locator('.tree [data-path="README.md"]')).toBeVisible();
  await expect(app.getByTestId('active-file')).toHaveText('api/index.go');
  await expect(app.locator('.cm-content')).toContainText('howdy, %s (request %d)');
  await expect(app.getByTestId('response-body')).toContainText('howdy, gopher (request 1)', AGAIN);
  // Same origin, same IndexedDB: the app found what the widget downloaded.
  expect(fetched).toEqual([]);
  await app.close();
});

test('without Document-Isolation-Policy (as in Firefox and Safari) the widget still builds and answers, one instance per request', async () => {
  const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--disable-features=DocumentIsolationPolicy'] });
  try {
    const p = await (await plain.newContext()).newPage();
    await p.goto(`http://127.0.0.1:${coursePort}/`);
    const w = widget(p);
    await expect(body(w)).toContainText('hello, gopher (request 1)', FIRST);
    expect(await widgetFrame(p).evaluate(() => typeof SharedArrayBuffer)).toBe('undefined');
    const res = w.getByTestId('embed-response');
    const before = Number(await res.getAttribute('data-exchange'));
    await w.getByTestId('send').click();
    await expect(res).toHaveAttribute('data-exchange', String(before + 1), AGAIN);
    // A fresh instance answered: the package-level counter starts over.
    await expect(body(w)).toContainText('hello, gopher (request 1)');
    await expect(w.getByTestId('response-summary')).toContainText('cold');
  } finally {
    await plain.close();
  }
});

async function setWidgetText(p: Page, text: string): Promise<void> {
  const content = widget(p).locator('.cm-content');
  await content.click();
  await p.keyboard.press('ControlOrMeta+A');
  await p.keyboard.press('Delete');
  await p.keyboard.insertText(text);
}
