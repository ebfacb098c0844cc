// `npm run bench:browser`: the built app in Debian's Chromium, timed the way
// a user feels it. Prints cold visit → first preview (toolchain download and
// first build), warm visit → first preview (IndexedDB, nothing fetched), and
// edit → preview over 20 edits (p50/p95).
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Page } from 'playwright';
import { chromiumArgs } from '../../playwright.config.ts';

const PORT = Number(process.env.GOFN_BENCH_PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}/`;
const EDITS = 20;

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn('node_modules/.bin/vite', ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${BASE}`);
}

async function heading(page: Page, text: string): Promise<void> {
  await page.frameLocator('[data-testid=response-html]').locator('h1', { hasText: text }).waitFor({ timeout: 600_000 });
}

async function setSource(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  await run('node_modules/.bin/vite', ['build']);
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const context = await browser.newContext();
    let toolchainBytes = 0;
    context.on('requestfinished', (r) => {
      if (new URL(r.url()).pathname.startsWith('/toolchains/')) void r.sizes().then((s) => (toolchainBytes += s.responseBodySize));
    });
    const page = await context.newPage();

    let t = performance.now();
    await page.goto(BASE);
    await heading(page, 'Hello from Go!');
    const cold = performance.now() - t;
    const coldBytes = toolchainBytes;

    t = performance.now();
    await page.reload();
    await heading(page, 'Hello from Go!');
    const warm = performance.now() - t;

    await page.locator('.tree [data-path="api/index.go"]').click();
    const source = await page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
    const edits: number[] = [];
    for (let i = 1; i <= EDITS; i++) {
      const marker = `Hello, edit ${i}!`;
      await setSource(page, source.replace('Hello from Go!', marker));
      t = performance.now();
      // Ctrl+Enter builds at once instead of after the auto-run pause.
      await page.keyboard.press('ControlOrMeta+Enter');
      await heading(page, marker);
      edits.push(performance.now() - t);
    }

    console.log('gofn browser bench (Chromium, vite preview on loopback)');
    console.log(`cold visit → first preview   ${secs(cold)}   (toolchain downloaded: ${(coldBytes / 1024 / 1024).toFixed(1)} MB)`);
    console.log(`warm visit → first preview   ${secs(warm)}`);
    console.log(`edit → preview (${EDITS} edits)   p50 ${secs(pct(edits, 50))}   p95 ${secs(pct(edits, 95))}   min ${secs(Math.min(...edits))}   max ${secs(Math.max(...edits))}`);
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
