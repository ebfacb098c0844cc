// The tests' module proxy and checksum database on loopback: the Go program
// in test/support/goproxy (golang.org/x/mod's zip and sumdb server types),
// built once by the tests and started over a directory of module versions
// the tests write. Its stderr logs one "GET /path" line per request.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goBinary } from './go-binary.ts';

export interface TestProxy {
  url: string;
  /** GOSUMDB value naming the test database and its verifier key. */
  sumdbKey: string;
  sumdbName: string;
  root: string;
  /** Request paths seen since the last clearLog(). */
  requests(): string[];
  clearLog(): void;
  stop(): void;
}

let binary: Promise<string> | undefined;

/** Builds test/support/goproxy with the host Go (golang.org/x/mod comes from the usual module proxy). */
export function proxyServerBinary(): Promise<string> {
  binary ??= goBinary('goproxy', 'test-goproxy', { GOFLAGS: '-mod=readonly', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' });
  return binary;
}

export async function startProxy(root: string): Promise<TestProxy> {
  const bin = await proxyServerBinary();
  const child: ChildProcess = spawn(bin, ['-root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log: string[] = [];
  let errText = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    errText += chunk;
    const lines = errText.split('\n');
    errText = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('GET ')) log.push(l.slice(4));
  });
  const info = await new Promise<{ url: string; sumdbKey: string; sumdbName: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as { url: string; sumdbKey: string; sumdbName: string });
    });
    child.once('exit', (code) => reject(new Error(`test module proxy exited with ${code}: ${errText}`)));
  });
  return {
    ...info,
    root,
    requests: () => [...log],
    clearLog: () => {
      log = [];
    },
    stop: () => {
      child.kill();
    },
  };
}

/** Writes one module version's files under root (root/<path>@<version>/…). */
export function writeModule(root: string, path: string, version: string, files: Record<string, string>): void {
  const dir = join(root, `${path}@${version}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** A small module: go.mod with go line and requirements, and one package at its root whose Name() calls its imports. */
export function simpleModule(path: string, opts: { go?: string; require?: string[]; imports?: string[]; extra?: string } = {}): Record<string, string> {
  const pkg = path.split('/').pop()!.replace(/^v\d+$/, path.split('/').slice(-2)[0]!).replace(/[^a-z0-9]/gi, '');
  const req = opts.require?.length ? `\nrequire (\n${opts.require.map((r) => `\t${r}\n`).join('')})\n` : '';
  const goLine = opts.go === undefined ? '\ngo 1.21\n' : opts.go === '' ? '' : `\ngo ${opts.go}\n`;
  const imports = opts.imports ?? [];
  const importBlock = imports.length ? `import (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\n` : '';
  const calls = imports.map((i) => ` + "+" + ${i.split('/').pop()!.replace(/^v\d+$/, i.split('/').slice(-2)[0]!).replace(/[^a-z0-9]/gi, '')}.Name()`).join('');
  return {
    'go.mod': `module ${path}\n${goLine}${req}${opts.extra ?? ''}`,
    [`${pkg}.go`]: `package ${pkg}\n\n${importBlock}func Name() string { return "${path}"${calls} }\n`,
  };
}
