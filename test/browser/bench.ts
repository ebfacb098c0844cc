// `npm run bench:browser`: the built app in Debian's Chromium, timed the way
// a user feels it, with where the time went. Prints cold visit → first
// preview (everything the page fetched for it), warm visit → first preview,
// and edit → preview over 20 edits of the Hello and JSON API examples, each
// edit with its phases (as the app records them, src/ui/run-trace.ts) and,
// in the same run, a native `go build` + run + request of the same edit.
// Times come from the page's own clock: from the Ctrl+Enter keydown to the
// response on screen ("gofn:shown").
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium, type Page, type Request } from 'playwright';
import { chromiumArgs } from '../../playwright.config.ts';
import { parseTxtar } from '../../src/ui/txtar.ts';
import { readFileSync } from 'node:fs';
import { NativeEdit, type NativeRequest, type NativeTimes } from '../bench/native-edit.ts';
import { hostGoVersion } from '../support/native.ts';
import { phaseLine } from '../../src/core/run/phases.ts';

const PORT = Number(process.env.GOFN_BENCH_PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}/`;
const EDITS = Number(process.env.GOFN_BENCH_EDITS ?? 20);
const LONG = { timeout: 600_000 };
const WARM_VISITS = 3;
/** GOFN_BENCH_CODE_CACHE=off: tools compiled from IndexedDB's bytes, not Cache Storage responses. */
const CODE_CACHE = process.env.GOFN_BENCH_CODE_CACHE !== 'off';

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

async function setSource(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

interface RunEntry {
  start: number;
  end: number;
  exchange: number;
  phases: Record<string, number>;
}

/** The app's run records ("gofn:run" measures) and shown marks, on the page's clock. */
async function runsSince(page: Page, since: number): Promise<{ run: RunEntry; shown: number }[]> {
  return page.evaluate((t) => {
    const shown = new Map<number, number>();
    for (const m of performance.getEntriesByName('gofn:shown')) shown.set((m as PerformanceMark).detail.exchange as number, m.startTime);
    return performance
      .getEntriesByName('gofn:run')
      .filter((m) => m.startTime >= t)
      .map((m) => {
        const d = (m as PerformanceMeasure).detail as { exchange: number; phases: Record<string, number> };
        return { run: { start: m.startTime, end: m.startTime + m.duration, exchange: d.exchange, phases: d.phases }, shown: shown.get(d.exchange) ?? NaN };
      });
  }, since);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number): string => (ms >= 100 ? String(Math.round(ms)) : ms.toFixed(1));
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Every phase a run recorded, in its order, then render (the response to the screen). */
const withRender = (phases: Record<string, number>, render: number): string => phaseLine({ ...phases, render });

interface Example {
  title: string;
  files: Record<string, string>;
  entry: string;
  request: NativeRequest;
  /** The source with edit n applied, and what the response then shows. */
  edit(source: string, n: number): { source: string; marker: string };
  /** Waits for the marker on screen. */
  shown(page: Page, marker: string): Promise<void>;
}

function example(file: string): { title: string; files: Record<string, string>; request: NativeRequest } {
  const t = parseTxtar(readFileSync(new URL(`../../src/ui/examples/${file}`, import.meta.url), 'utf8'));
  const meta = Object.fromEntries(t.comment.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
  const [method, path] = meta['request']!.split(' ') as [string, string];
  const headers: Record<string, string> = {};
  if (meta['header']) headers[meta['header'].split(':')[0]!.trim()] = meta['header'].split(':').slice(1).join(':').trim();
  const files = Object.fromEntries(t.files.map((f) => [f.name, f.data]));
  return { title: meta['title']!, files, request: { method, path, headers, ...(meta['body'] ? { body: meta['body'] } : {}) } };
}

const hello: Example = {
  ...example('1-hello.txtar'),
  entry: 'api/index.go',
  edit: (source, n) => ({ source: source.replace('Hello from Go!', `Hello, edit ${n}!`), marker: `Hello, edit ${n}!` }),
  shown: (page, marker) => page.frameLocator('[data-testid=response-html]').locator('h1', { hasText: marker }).waitFor(LONG),
};

const jsonApi: Example = {
  ...example('2-json-api.txtar'),
  entry: 'api/todos.go',
  edit: (source, n) => ({ source: source.replace('\t\tt.ID = len(todos) + 1\n', `\t\tt.Title += " (edit ${n})"\n\t\tt.ID = len(todos) + 1\n`), marker: `(edit ${n})` }),
  shown: (page, marker) => page.locator('pre[data-kind=json]', { hasText: marker }).waitFor(LONG),
};

interface EditRow {
  total: number;
  phases: Record<string, number>;
  render: number;
  native: NativeTimes;
}

async function edits(page: Page, ex: Example, native: NativeEdit): Promise<EditRow[]> {
  await page.locator(`.tree [data-path="${ex.entry}"]`).click();
  // The example's own text: the editor renders only the lines in view.
  const original = ex.files[ex.entry]!;
  // One native build first, so its GOCACHE holds std and the project as it was.
  await native.measure(ex.files, ex.request);
  const rows: EditRow[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const { source, marker } = ex.edit(original, i);
    if (source === original) throw new Error(`the ${ex.title} edit did not apply`);
    await setSource(page, source);
    const before = await page.evaluate(() => performance.now());
    // Ctrl+Enter builds at once instead of after the auto-run pause.
    await page.keyboard.press('ControlOrMeta+Enter');
    await ex.shown(page, marker);
    const key = await page.evaluate(() => (window as unknown as { __benchKey: number }).__benchKey);
    if (!(key > before)) throw new Error('the Ctrl+Enter keydown was not seen by the page');
    // The shown mark comes a frame after the response; give it that frame.
    let runs = await runsSince(page, key);
    for (let n = 0; n < 50 && !(runs.length && Number.isFinite(runs.at(-1)!.shown)); n++) {
      await page.waitForTimeout(20);
      runs = await runsSince(page, key);
    }
    const last = runs.at(-1);
    if (!last || !Number.isFinite(last.shown)) throw new Error(`no run record for ${ex.title} edit ${i}`);
    const nat = await native.measure({ ...ex.files, [ex.entry]: source }, ex.request);
    if (!nat.body.includes(marker.replace(/"/g, ''))) throw new Error(`native answer lacks ${marker}: ${nat.body}`);
    const phases = { 'before run': last.run.start - key, ...last.run.phases };
    rows.push({ total: last.shown - key, phases, render: last.shown - last.run.end, native: nat });
    console.log(
      `  ${ex.title} edit ${String(i).padStart(2)}: ${secs(last.shown - key)} | ${withRender(phases, last.shown - last.run.end)} | native ${secs(nat.total)} (build ${msText(nat.build)}, start ${msText(nat.start)}, request ${msText(nat.request)}) | ${((last.shown - key) / nat.total).toFixed(1)}×`,
    );
  }
  return rows;
}

function summary(title: string, rows: EditRow[]): void {
  const totals = rows.map((r) => r.total);
  const natives = rows.map((r) => r.native.total);
  console.log(
    `edit → preview, ${title} (${rows.length} edits): p50 ${secs(pct(totals, 50))}, p95 ${secs(pct(totals, 95))}, min ${secs(Math.min(...totals))}, max ${secs(Math.max(...totals))}` +
      ` | native go build + run p50 ${secs(pct(natives, 50))} (build ${secs(pct(rows.map((r) => r.native.build), 50))}) | ratio p50 ${(pct(totals, 50) / pct(natives, 50)).toFixed(1)}×`,
  );
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.phases)))];
  const p50 = names.map((n) => [n, pct(rows.map((r) => r.phases[n] ?? 0), 50)] as const);
  console.log(`  phase p50s: ${withRender(Object.fromEntries(p50), pct(rows.map((r) => r.render), 50))}`);
}

async function main(): Promise<void> {
  console.log(`gofn browser bench: ${new Date().toISOString()}, load average ${load()}`);
  await run('node_modules/.bin/vite', ['build']);
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const native = new NativeEdit(hostGoVersion());
  try {
    console.log(`Chromium ${browser.version()}, vite preview on loopback; tools' code cache ${CODE_CACHE ? 'on' : 'off'}`);
    const context = await browser.newContext();
    if (!CODE_CACHE) await context.addInitScript(() => window === window.top && localStorage.setItem('gofn.codeCache', 'off'));
    await context.addInitScript(() => {
      window.addEventListener('keydown', (e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') (window as unknown as { __benchKey: number }).__benchKey = e.timeStamp;
      }, true);
    });
    // Each request with the wall-clock time it started, so bytes are counted
    // against the page's own "on screen" mark rather than the moment this
    // script notices the response (go vet's download may start in between).
    const started = new Map<Request, number>();
    const fetched: { at: number; toolchain: boolean; bytes: number }[] = [];
    context.on('request', (r) => started.set(r, Date.now()));
    context.on('requestfinished', (r) => {
      void r.sizes().then((s) => {
        fetched.push({ at: started.get(r) ?? Date.now(), toolchain: new URL(r.url()).pathname.startsWith('/toolchains/'), bytes: s.responseBodySize + s.responseHeadersSize });
      });
    });
    const page = await context.newPage();

    let t = performance.now();
    await page.goto(BASE);
    await hello.shown(page, 'Hello from Go!');
    const cold = performance.now() - t;
    await page.waitForTimeout(200);
    const [coldRun] = await runsSince(page, 0);
    const shownAt = await page.evaluate(() => performance.timeOrigin + (performance.getEntriesByName('gofn:shown')[0]?.startTime ?? performance.now()));
    // What the page goes on to fetch after the first preview (go vet, …).
    await page.waitForTimeout(15_000);
    const bytesOf = (keep: (r: (typeof fetched)[number]) => boolean): number => fetched.filter(keep).reduce((n, r) => n + r.bytes, 0);
    const coldBytes = { toolchain: bytesOf((r) => r.at <= shownAt && r.toolchain), app: bytesOf((r) => r.at <= shownAt && !r.toolchain) };
    const laterBytes = bytesOf((r) => r.at > shownAt);

    // Three warm visits: V8 keeps the tools' compiled code once they have run (Cache Storage, src/ui/wasm-code-cache.ts).
    const warms: { ms: number; run?: { run: RunEntry; shown: number } }[] = [];
    for (let i = 0; i < WARM_VISITS; i++) {
      t = performance.now();
      await page.reload();
      await hello.shown(page, 'Hello from Go!');
      const ms = performance.now() - t;
      await page.waitForTimeout(200);
      warms.push({ ms, run: (await runsSince(page, 0))[0] });
      // go vet of the reloaded page, and the tools' compiles, before the next reload.
      await page.waitForTimeout(4_000);
    }

    console.log(
      `cold visit → first preview   ${secs(cold)}   downloaded for it: ${mb(coldBytes.toolchain + coldBytes.app)} (toolchain ${mb(coldBytes.toolchain)}, app ${mb(coldBytes.app)}); fetched in the next 15 s: ${mb(laterBytes)}`,
    );
    if (coldRun) console.log(`  ${withRender(coldRun.run.phases, coldRun.shown - coldRun.run.end)}`);
    for (const [i, w] of warms.entries()) {
      console.log(`warm visit ${i + 1} → first preview   ${secs(w.ms)}`);
      if (w.run) console.log(`  ${withRender(w.run.run.phases, w.run.shown - w.run.run.end)}`);
    }

    const helloRows = await edits(page, hello, native);
    await page.getByLabel('Examples').selectOption({ label: jsonApi.title });
    await jsonApi.shown(page, '"Try gofn"');
    await page.waitForTimeout(3_000);
    const jsonRows = await edits(page, jsonApi, native);

    summary('Hello', helloRows);
    summary('JSON API', jsonRows);
    console.log(`load average at the end: ${load()}`);
  } finally {
    native.close();
    await browser.close();
    server.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
