// `npm run bench:dev`: a bounded load run on loopback — the hello route of
// test/fixtures/dev under `gofn dev`, next to a native `go build` of the same
// handler served by net/http — printing requests/s and latency percentiles.
// Figures go to the report; nothing asserts them.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readProject } from '../../src/node/project.ts';
import { copyFixture, startDev } from '../support/dev-process.ts';
import { harnessDir, writeHarness } from '../support/native-harness.ts';
import { runGo } from '../support/native.ts';
import { spawn } from 'node:child_process';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    instances: { type: 'string', default: '4' },
    path: { type: 'string', default: '/api/hello' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** `connections` clients, each sending the next request when the last answer ends, for `ms`. */
async function load(url: string, ms: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + ms;
  const one = () =>
    new Promise<void>((done) => {
      const t0 = performance.now();
      request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          done();
        });
      })
        .on('error', () => (errors++, done()))
        .end();
    });
  const client = async () => {
    while (performance.now() < until) await one();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN };
}

function show(name: string, r: LoadResult): void {
  console.log(
    `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   max ${r.max.toFixed(1).padStart(7)} ms   (${r.requests} ok, ${r.errors} errors)`,
  );
}

async function main(): Promise<void> {
  const dir = copyFixture('dev');
  const scratch = mkdtempSync(join(tmpdir(), 'gofn-bench-native-'));
  try {
    console.log(`load: ${connections} connections, ${seconds} s per server, GET ${values.path} (after a 2 s warm-up)`);
    writeHarness(await readProject(dir), scratch, '1.24.11');
    const bin = join(scratch, 'server');
    const b = await runGo({ dir: scratch, goVersion: '1.24.11', env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['build', '-o', bin, `./${harnessDir}`] });
    if (b.code !== 0) throw new Error(b.stderr);
    const native = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    const address = await new Promise<string>((done) => native.stdout.on('data', (d: Buffer) => /listening (\S+)/.test(d.toString()) && done(/listening (\S+)/.exec(d.toString())![1]!)));
    native.stdout.resume();
    await load(`http://${address}${values.path}`, 2000);
    show('native go build, net/http', await load(`http://${address}${values.path}`, seconds * 1000));
    native.kill();

    const dev = await startDev(dir, ['--instances', values.instances!]);
    await dev.waitFor(/gofn dev: built \d+ of \d+ routes/);
    await load(`${dev.base}${values.path}`, 2000);
    show(`gofn dev (--instances ${values.instances})`, await load(`${dev.base}${values.path}`, seconds * 1000));
    await dev.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
