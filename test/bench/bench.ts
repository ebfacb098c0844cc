// `npm run bench`: build times of the wasm toolchain against native `go build`
// on the same machine, for a hello handler and a JSON API handler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildResult, ProjectFiles, StepTiming, Target } from '../../src/core/types.ts';
import { nodeEngine } from '../../src/node/engine-host.ts';
import { benchModules } from './bench-modules.ts';
import { buildPhases, phaseLine } from '../../src/core/run/phases.ts';

const hello: ProjectFiles = {
  'go.mod': 'module example.com/hello\n\ngo 1.26\n',
  'api/index.go': `package handler

import (
\t"fmt"
\t"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
\tfmt.Fprintf(w, "hello from %s", r.URL.Path)
}
`,
};

const jsonApi: ProjectFiles = {
  'go.mod': 'module example.com/jsonapi\n\ngo 1.26\n',
  'api/items.go': `package api

import (
\t"encoding/json"
\t"net/http"
\t"sort"
\t"strings"
\t"sync"
)

type Item struct {
\tID    int      \`json:"id"\`
\tName  string   \`json:"name"\`
\tTags  []string \`json:"tags,omitempty"\`
}

var (
\tmu    sync.Mutex
\titems = map[int]Item{1: {ID: 1, Name: "first"}}
)

func Items(w http.ResponseWriter, r *http.Request) {
\tmu.Lock()
\tdefer mu.Unlock()
\tswitch r.Method {
\tcase http.MethodPost:
\t\tvar it Item
\t\tif err := json.NewDecoder(r.Body).Decode(&it); err != nil {
\t\t\thttp.Error(w, err.Error(), http.StatusBadRequest)
\t\t\treturn
\t\t}
\t\tit.ID = len(items) + 1
\t\tit.Name = strings.TrimSpace(it.Name)
\t\titems[it.ID] = it
\t\tw.WriteHeader(http.StatusCreated)
\t\tjson.NewEncoder(w).Encode(it)
\tdefault:
\t\tlist := make([]Item, 0, len(items))
\t\tfor _, it := range items {
\t\t\tlist = append(list, it)
\t\t}
\t\tsort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
\t\tw.Header().Set("Content-Type", "application/json")
\t\tjson.NewEncoder(w).Encode(list)
\t}
}
`,
};

function sum(timings: StepTiming[], step: StepTiming['step']): number {
  return timings.filter((t) => t.step === step && !t.cached).reduce((n, t) => n + t.ms, 0);
}

/** Edit n of a project: inside the handler's body, as a user's edit mostly is (a changed string, an added line). */
function edited(files: ProjectFiles, n: number): ProjectFiles {
  const out: ProjectFiles = { ...files };
  const at = (path: string, from: string, to: string): void => {
    const src = out[path] as string;
    if (!src.includes(from)) throw new Error(`bench: ${path} has no ${from}`);
    out[path] = src.replace(from, to);
  };
  if (out['api/index.go']) at('api/index.go', '"hello from %s"', `"hello (edit ${n}) from %s"`);
  else at('api/items.go', '\t\tit.ID = len(items) + 1\n', `\t\tit.Name += " (edit ${n})"\n\t\tit.ID = len(items) + 1\n`);
  return out;
}

const EDITS = Number(process.env.GOFN_BENCH_EDITS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function timed(fn: () => Promise<BuildResult>): Promise<{ ms: number; result: BuildResult }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/** Native `go build` of the very sources the engine compiled (its kept sources and reported command). */
function nativeBuild(result: BuildResult, cold: boolean): number {
  if (!result.ok || !result.keptSources) throw new Error('nativeBuild needs a successful build with kept sources');
  const dir = mkdtempSync(join(tmpdir(), 'gofn-bench-'));
  for (const [k, v] of Object.entries(result.keptSources)) {
    mkdirSync(join(dir, k, '..'), { recursive: true });
    writeFileSync(join(dir, k), v);
  }
  const native = result.routes[0]!.native!;
  const cache = join(tmpdir(), cold ? `gofn-bench-gocache-${Date.now()}` : 'gofn-bench-gocache');
  const t0 = performance.now();
  execFileSync(native.args[0]!, native.args.slice(1), {
    cwd: join(dir, native.cwd),
    env: { ...process.env, ...native.env, GOCACHE: cache },
    stdio: 'inherit',
  });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (cold) rmSync(cache, { recursive: true, force: true });
  return ms;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchCommand(argv: string[] = []): Promise<number> {
  if (argv.includes('--modules')) {
    for (const line of await benchModules()) console.log(line);
    return 0;
  }
  const targets: Target[] = ['linux/amd64', 'linux/arm64', 'wasip1/wasm'];
  const rows: string[][] = [['project', 'target', 'wasm cold', 'wasm edit (median)', 'load', 'compile', 'link', 'native cold', 'native edit', 'edit ratio']];
  const phaseLines: string[] = [];
  for (const [name, files] of [['hello', hello], ['json-api', jsonApi]] as const) {
    for (const target of targets) {
      const cacheDir = mkdtempSync(join(tmpdir(), 'gofn-bench-store-'));
      const engine = nodeEngine({ cacheDir });
      const cold = await timed(() => engine.build({ files, target, keepSourcesDir: '.' }));
      if (!cold.result.ok) throw new Error(`${name} ${target}: ${JSON.stringify(cold.result.diagnostics)}`);
      const warms: { ms: number; result: BuildResult }[] = [];
      for (let n = 1; n <= EDITS; n++) {
        const warm = await timed(() => engine.build({ files: edited(files, n), target, keepSourcesDir: '.' }));
        if (!warm.result.ok) throw new Error(`${name} ${target} (edit ${n}) failed: ${JSON.stringify(warm.result.diagnostics)}`);
        warms.push(warm);
        phaseLines.push(`${name} ${target} edit ${n}: ${fmt(warm.ms)} | ${phaseLine(buildPhases(warm.result.timings))}`);
      }
      rmSync(cacheDir, { recursive: true, force: true });
      const warmMs = median(warms.map((w) => w.ms));
      const steps = warms.find((w) => w.ms === warmMs)!.result.timings;
      const nativeCold = target === 'wasip1/wasm' ? undefined : nativeBuild(cold.result, true);
      nativeBuild(cold.result, false);
      const nativeWarm = median(warms.map((w) => nativeBuild(w.result, false)));
      rows.push([
        name, target, fmt(cold.ms), fmt(warmMs), fmt(sum(steps, 'load')), fmt(sum(steps, 'compile')), fmt(sum(steps, 'link')),
        nativeCold ? fmt(nativeCold) : '-', fmt(nativeWarm), `${(warmMs / nativeWarm).toFixed(1)}×`,
      ]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log(`\nwasm cold: fresh action cache, toolchain already on disk; edit: the handler's body edited (${EDITS} edits), std and unchanged packages cached.`);
  console.log('native cold: empty GOCACHE (std recompiled); native edit: the same edits built by go build with a warm GOCACHE.');
  console.log('\nPhases of each rebuild after an edit (ms):');
  for (const l of phaseLines) console.log(`  ${l}`);
  console.log('');
  for (const line of await benchModules()) console.log(line);
  return 0;
}
