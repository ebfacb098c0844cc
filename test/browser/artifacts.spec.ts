// Native artifacts from the browser: the downloaded bootstrap is a linux ELF
// that answers under a Lambda Runtime API server on loopback, the zips hold
// it the way Lambda and `vercel deploy --prebuilt` expect, and the command
// the panel shows, run in the downloaded sources by native go, makes the
// same bytes with the same go build ID.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../support/spawn.ts';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { invokeBootstrap } from '../support/lambda-server.ts';

const BUILD = { timeout: 300_000 };

async function save(page: Page, button: string, dir: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.artifact-route[data-route="/api"]').getByRole('button', { name: button }).click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return path;
}

test('the downloaded bootstrap is an ELF that answers a Lambda invocation; the zips hold it executable', async ({ page }, info) => {
  await page.goto('./');
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await page.getByLabel('Target').selectOption('linux/amd64');
  await page.getByTestId('build-native').click();
  const row = page.locator('.artifact-route[data-route="/api"]');
  await expect(row).toBeVisible(BUILD);

  const dir = info.outputDir;
  const bootstrap = await save(page, '⬇ bootstrap', dir, 'bootstrap');
  const bytes = await readFile(bootstrap);
  expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  expect(bytes[4]).toBe(2); // ELFCLASS64
  expect(bytes.readUInt16LE(18)).toBe(62); // EM_X86_64
  const sha = createHash('sha256').update(bytes).digest('hex');
  await expect(row.locator('.sha').first()).toHaveAttribute('title', new RegExp(`^sha256 ${sha}`));

  await chmod(bootstrap, 0o755);
  const answer = await invokeBootstrap(bootstrap, { method: 'GET', url: '/api?from=lambda', headers: [['Accept', 'text/html']] });
  expect(answer.error).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(new TextDecoder().decode(answer.body)).toContain('<h1>Hello from Go!</h1>');

  const lambda = unzipSync(await readFile(await save(page, '⬇ Lambda zip', dir, 'lambda.zip')));
  expect(Object.keys(lambda)).toEqual(['bootstrap']);
  expect(createHash('sha256').update(lambda['bootstrap']!).digest('hex')).toBe(sha);
  expect(await unixMode(join(dir, 'lambda.zip'), 'bootstrap')).toBe(0o100755);

  const vercel = unzipSync(await readFile(await save(page, '⬇ .vercel/output zip', dir, 'vercel.zip')));
  expect(Object.keys(vercel).sort()).toEqual(['.vercel/output/config.json', '.vercel/output/functions/api.func/.vc-config.json', '.vercel/output/functions/api.func/bootstrap']);
  const vc = JSON.parse(new TextDecoder().decode(vercel['.vercel/output/functions/api.func/.vc-config.json'])) as Record<string, unknown>;
  expect(vc).toMatchObject({ handler: 'bootstrap', runtime: 'provided.al2023', runtimeLanguage: 'go', architecture: 'x86_64' });
  expect(await unixMode(join(dir, 'vercel.zip'), '.vercel/output/functions/api.func/bootstrap')).toBe(0o100755);

  // Reproduce it: the "sources" download and the command shown next to the sha256.
  await expect(row.getByTestId('sha256')).toHaveText(sha);
  const command = (await row.getByTestId('command').textContent())!;
  expect(command).toMatch(/^cd \.\/api && .*GOTOOLCHAIN=go\d+\.\d+\.\d+ .*go build -trimpath -ldflags '-s -w' -o bootstrap \.\/_gofn\/api$/);
  const sources = unzipSync(await readFile(await save(page, '⬇ sources', dir, 'sources.zip')));
  expect(Object.keys(sources)).toContain('REPRODUCE.md');
  expect(new TextDecoder().decode(sources['REPRODUCE.md'])).toContain(command);
  const root = join(dir, 'sources');
  for (const [path, data] of Object.entries(sources)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), data);
  }
  const repoCache = fileURLToPath(new URL('../../.cache/go-native', import.meta.url));
  const native = await runProcess('sh', ['-c', command], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, GOENV: 'off', GOCACHE: repoCache, GOPROXY: 'off' } });
  expect(native.code, native.stderr).toBe(0);
  const rebuilt = await readFile(join(root, 'api', 'bootstrap'));
  expect(createHash('sha256').update(rebuilt).digest('hex')).toBe(sha);
  const buildId = await runProcess('go', ['tool', 'buildid', join(root, 'api', 'bootstrap')], { env: { PATH: process.env.PATH, HOME: process.env.HOME, GOENV: 'off' } });
  await expect(row.getByTestId('build-id')).toHaveText(buildId.stdout.trim());
});

/** The Unix mode a zip's central directory records for one entry. */
async function unixMode(zipPath: string, name: string): Promise<number> {
  const buf = await readFile(zipPath);
  for (let off = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), buf.length); off >= 0; off = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), off - 1)) {
    const nameLen = buf.readUInt16LE(off + 28);
    if (buf.toString('utf8', off + 46, off + 46 + nameLen) === name) return buf.readUInt32LE(off + 38) >>> 16;
    if (off === 0) break;
  }
  throw new Error(`${name} is not in ${zipPath}`);
}
