// `gofn vet` against native `go vet ./...` on the same sources, with the same
// Go version (go.mod's go line picks it: 1.26 prints go's own
// "file:line:col: message" lines from vet's JSON; 1.24 passes vet's output
// through under "# package" headers). Native go vet runs packages in
// parallel and, from 1.26 on, prints a package's analyzers in map order, so
// the comparison ignores that order and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/corpus.ts';
import { runGo } from './support/native.ts';
import { runProcess } from './support/spawn.ts';
import { nodeEngine } from '../src/node/engine-host.ts';
import { readProject } from '../src/node/project.ts';

const fixtures = join(repoRoot, 'test/fixtures/vet');
const projects = readdirSync(fixtures).sort();
const goVersionOf = (dir: string): string => (/^go 1\.24\b/m.test(readFileSync(join(dir, 'go.mod'), 'utf8')) ? '1.24.11' : '1.26.8');

/** Lines grouped under their "# package" headers, groups in a canonical order; 1.26's lines sorted. */
export function canonicalVet(text: string, goVersion: string): string[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (!goVersion.startsWith('1.24')) return lines.sort();
  const blocks: string[][] = [];
  for (const line of lines) {
    const header = line.startsWith('# ');
    if (header && (blocks.length === 0 || !blocks.at(-1)!.at(-1)!.startsWith('# '))) blocks.push([]);
    if (blocks.length === 0) blocks.push([]);
    blocks.at(-1)!.push(line);
  }
  return blocks.map((b) => b.join('\n')).sort();
}

describe('gofn vet prints what go vet prints', () => {
  it('has at least six projects with findings, and one without', () => {
    expect(projects.length).toBeGreaterThanOrEqual(7);
  });

  for (const name of projects) {
    it(name, async () => {
      const dir = join(fixtures, name);
      const goVersion = goVersionOf(dir);
      const native = await runGo({ dir, goVersion, env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['vet', './...'] });
      const ours = await runProcess(process.execPath, [join(repoRoot, 'bin/gofn.mjs'), 'vet', '.'], { cwd: dir });
      expect(native.stdout).toBe('');
      expect(ours.stdout).toBe('');
      expect(canonicalVet(ours.stderr, goVersion)).toEqual(canonicalVet(native.stderr, goVersion));
      expect(ours.code).toBe(native.code);
      if (name !== 'clean') expect(native.code).toBe(1);
    });
  }
});

describe('vet findings for editors', () => {
  it('are warnings at the finding, for the wasip1 target the app builds', async () => {
    const files = await readProject(join(fixtures, 'printf'));
    const r = await nodeEngine().vet({ files, target: 'wasip1/wasm' });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    expect(r.exitCode).toBe(1);
    expect(r.findings).toContainEqual({
      source: 'vet', severity: 'warning', message: 'fmt.Fprintf format %d has arg name of wrong type string', location: { file: 'api/index.go', line: 12, column: 24 },
    });
    expect(r.findings).toHaveLength(3);
  });
});
