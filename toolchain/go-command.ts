// Runs the native `go` command of one Go version. Every run gets the same
// explicit environment so a bundle does not depend on the builder's shell or
// `go env -w` settings: a GOAMD64 or GOEXPERIMENT set there would otherwise
// change the standard library archives without any trace in the manifest.
import { spawn } from 'node:child_process';

export interface GoVersionSpec {
  /** As given: "host", "1.24.11" or "go1.24.11". */
  spec: string;
  /** GOTOOLCHAIN value: "local" for the host Go, "go1.24.11" otherwise. */
  gotoolchain: string;
}

export function parseVersionSpec(spec: string): GoVersionSpec {
  if (spec === 'host' || spec === 'local') return { spec, gotoolchain: 'local' };
  if (/^(?:go)?1\.(2[1-9]|[3-9]\d)$/.test(spec)) {
    throw new Error(`"${spec}" is a Go line, not a release; resolve it first (resolveVersionSpec) or name a patch such as ${spec.replace(/^go/, '')}.0`);
  }
  const m = /^(?:go)?(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)$/.exec(spec);
  if (!m) throw new Error(`"${spec}" is not a Go version; use "host", "1.24.11" or "go1.24.11"`);
  return { spec, gotoolchain: `go${m[1]}` };
}

/**
 * A bare line since 1.21 ("1.22") stands for its newest release, as Vercel
 * reads a bare go line: the toolchain module's version list on the module
 * proxy says which that is. Other specs are returned as they are.
 */
export async function resolveVersionSpec(spec: string, proxy = firstProxy()): Promise<string> {
  const m = /^(?:go)?1\.(\d+)$/.exec(spec);
  if (!m || Number(m[1]) < 21) return spec;
  const url = `${proxy}/golang.org/toolchain/@v/list`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot list Go releases for ${spec}: ${url} answered ${res.status}`);
  const prefix = `v0.0.1-go1.${m[1]}.`;
  const patches = (await res.text()).split('\n')
    .filter((v) => v.startsWith(prefix) && v.endsWith('.linux-amd64'))
    .map((v) => Number(v.slice(prefix.length, -'.linux-amd64'.length)))
    .filter((n) => Number.isInteger(n));
  if (patches.length === 0) throw new Error(`the module proxy lists no release of Go 1.${m[1]}`);
  return `1.${m[1]}.${Math.max(...patches)}`;
}

function firstProxy(): string {
  const list = (process.env.GOPROXY ?? 'https://proxy.golang.org').split(/[,|]/);
  return (list.find((p) => p.startsWith('http')) ?? 'https://proxy.golang.org').replace(/\/$/, '');
}

/** Variables that change what the compiler emits; the builder pins or clears them. */
const pinned: Record<string, string | undefined> = {
  GOFLAGS: '-buildvcs=false',
  GOAMD64: 'v1',
  GOARM64: 'v8.0',
  GOWASM: undefined,
  GOEXPERIMENT: undefined,
  GO386: undefined,
  GOARM: undefined,
  GODEBUG: undefined,
  CGO_ENABLED: '0',
  GOOS: undefined,
  GOARCH: undefined,
  GOROOT: undefined,
};

export interface GoRun {
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export class GoCommand {
  constructor(readonly version: GoVersionSpec) {}

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: this.version.gotoolchain };
    for (const [k, v] of Object.entries(pinned)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return { ...env, ...extra };
  }

  /** Runs go and resolves with its stdout; rejects with stderr when it fails. */
  run({ args, cwd, env }: GoRun): Promise<Buffer> {
    return this.exec('go', args, { cwd, env });
  }

  /** Runs a program of this Go (a tool from `go tool -n`) in the same pinned environment. */
  exec(program: string, args: string[], { cwd, env }: Omit<GoRun, 'args'>): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { cwd, env: this.env(env), stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(out));
        else {
          const where = env?.GOOS ? ` (GOOS=${env.GOOS} GOARCH=${env.GOARCH})` : '';
          reject(new Error(`${program} ${args.join(' ')}${where} with GOTOOLCHAIN=${this.version.gotoolchain} failed (exit ${code}):\n${Buffer.concat(err).toString().trim()}`));
        }
      });
    });
  }

  async goEnv(cwd: string, ...names: string[]): Promise<Record<string, string>> {
    const out = await this.run({ args: ['env', '-json', ...names], cwd });
    return JSON.parse(out.toString()) as Record<string, string>;
  }
}

/** `go list -json` prints one JSON object after another, not an array. */
export function parseJsonStream<T>(text: string): T[] {
  const values: T[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      values.push(JSON.parse(text.slice(start, i + 1)) as T);
    }
  }
  return values;
}
