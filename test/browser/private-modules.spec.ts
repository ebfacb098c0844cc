// A private module in the browser: the app builds a handler importing a
// module from a loopback git host that wants basic auth, through the app's
// own git pass-through, once the user has entered GIT_CREDENTIALS in the Env
// panel; the share link made afterwards carries GOPRIVATE but not the token,
// and opens in a fresh context that asks for it. The app is served by a
// second `vite preview` started here, whose pass-through allows the test
// host and maps it to the loopback git server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { makeShareUrl, readShareHash } from '../../src/ui/share-link.ts';
import { emptySnapshot } from '../../src/ui/workspace.ts';
import { GIT_TOKEN, GIT_USER, startPrivateFixture, type PrivateFixture } from '../support/private-project.ts';
import { PRIVATE_HOST } from '../support/private-repo.ts';

const BUILD = { timeout: 300_000 };
const answer = 'hello from the private module v1.1.0 untagged hello you from v2 tool public';

test.describe.configure({ mode: 'serial' });

let fx: PrivateFixture;
let preview: ChildProcess;
let base = '';
const seen: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

test.beforeAll(async () => {
  fx = await startPrivateFixture(join(tmpdir(), 'gofn-private-browser'));
  const port = await freePort();
  // vite itself, not npx, so that killing this process stops the server.
  preview = spawn(process.execPath, [join(process.cwd(), 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    env: { ...process.env, GOFN_GIT_HOSTS: PRIVATE_HOST, GOFN_HOST_MAP: `${PRIVATE_HOST}=${fx.git.url}`, GOFN_UPSTREAM_GOPROXY: fx.proxy.url },
    stdio: 'ignore',
  });
  base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 150; i++) {
    if (await fetch(base).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not start');
});

test.afterAll(async () => {
  preview?.kill();
  await fx?.close();
});

/** Console lines of the page and its workers, and every request URL the context made. */
function watch(context: BrowserContext, page: Page): void {
  page.on('console', (m: ConsoleMessage) => seen.push(`console: ${m.text()}`));
  page.on('worker', (w) => w.on('console', (m: ConsoleMessage) => seen.push(`worker console: ${m.text()}`)));
  context.on('request', (r) => seen.push(`request: ${r.url()}`));
}

const tokenForms = [GIT_TOKEN, Buffer.from(`${GIT_USER}:${GIT_TOKEN}`).toString('base64')];

test('builds the private-module project through the pass-through once GIT_CREDENTIALS is entered, and shares it without the token', async ({ browser }) => {
  // The project arrives as a share link that names GIT_CREDENTIALS without a value, as a colleague's link would.
  const snap = {
    ...emptySnapshot(),
    files: fx.project,
    active: 'api/index.go',
    buildEnv: [
      { name: 'GOPRIVATE', value: fx.env.GOPRIVATE!, enabled: true },
      { name: 'GOSUMDB', value: fx.env.GOSUMDB!, enabled: true },
      { name: 'GIT_CREDENTIALS', value: '', enabled: true },
    ],
    request: { ...emptySnapshot().request, path: '/api' },
  };
  const link = makeShareUrl(snap, base);
  if (!link.ok) throw new Error(link.message);

  const context = await browser.newContext();
  const page = await context.newPage();
  watch(context, page);
  await page.goto(link.url);
  await expect(page.locator('.toast')).toContainText('needs GIT_CREDENTIALS');
  // Without the secret the build stops with the 401 sentence naming the host and the variable.
  await expect(page.getByTestId('problems')).toContainText(`GIT_CREDENTIALS has no credential for ${PRIVATE_HOST}`, BUILD);

  await page.getByRole('tab', { name: 'Env' }).click();
  const value = page.locator('.kv-row.secret input[data-part=value]');
  await expect(value).toHaveAttribute('type', 'password');
  await value.fill(`https://${GIT_USER}:${GIT_TOKEN}@${PRIVATE_HOST}`);
  await expect(page.getByTestId('response-body')).toContainText(answer, BUILD);

  // The share link keeps GOPRIVATE and the name GIT_CREDENTIALS, never the token.
  await page.getByTestId('share').click();
  const shared = await page.getByTestId('share-url').inputValue();
  for (const t of tokenForms) expect(shared).not.toContain(t);
  const decoded = readShareHash(new URL(shared).hash);
  expect(decoded.buildEnv.find((e) => e.name === 'GOPRIVATE')?.value).toBe(fx.env.GOPRIVATE);
  expect(decoded.buildEnv.find((e) => e.name === 'GIT_CREDENTIALS')?.value).toBe('');
  for (const t of tokenForms) expect(JSON.stringify(decoded)).not.toContain(t);
  await page.keyboard.press('Escape');
  // Nor does the txtar export.
  await page.getByRole('button', { name: 'txtar' }).click();
  const txtar = await page.getByTestId('txtar-text').inputValue();
  expect(txtar).toContain('-- go.mod --');
  for (const t of tokenForms) expect(txtar).not.toContain(t);
  await page.keyboard.press('Escape');

  // A fresh context (another person) gets the project without the secret, and is asked for it.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  watch(fresh, other);
  await other.goto(shared);
  await expect(other.locator('.toast')).toContainText('needs GIT_CREDENTIALS');
  await other.getByRole('tab', { name: 'Env' }).click();
  await expect(other.getByLabel('build env name').first()).toHaveValue('GOPRIVATE');
  await expect(other.getByLabel('build env value').first()).toHaveValue(fx.env.GOPRIVATE!);
  await expect(other.locator('.kv-row.secret input[data-part=name]')).toHaveValue('GIT_CREDENTIALS');
  await expect(other.locator('.kv-row.secret input[data-part=value]')).toHaveValue('');
  await expect(other.getByTestId('problems')).toContainText(`GIT_CREDENTIALS has no credential for ${PRIVATE_HOST}`, BUILD);

  // The token showed up in no console line and no request URL of either page.
  for (const line of seen) for (const t of tokenForms) expect(line, line).not.toContain(t);
  // The pass-through carried git's smart-HTTP requests.
  expect(seen.some((l) => l.includes('/_gofn/git/git.gofn.test/team/private.git/info/refs?service=git-upload-pack'))).toBe(true);
  await fresh.close();
  await context.close();
});
