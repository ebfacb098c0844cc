// The private-module fixture the direct-mode tests share: the private
// repository on a loopback git host that wants basic auth, a public module on
// the tests' loopback module proxy (test/support/goproxy), and a handler
// project that imports both (the private module at a pseudo-version, its v2
// from the major-version subdirectory, and the nested tools module).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { startGitServer, type GitServer } from './git-server.ts';
import { hash1 } from './goproxy-layout.ts';
import { makePrivateRepo, PRIVATE_HOST, PRIVATE_MODULE, PRIVATE_REPO_PATH, type PrivateRepo } from './private-repo.ts';
import { goBinary } from './go-binary.ts';
import { proxyServerBinary } from './goproxy.ts';
import { runProcess } from './spawn.ts';

export const GIT_USER = 'alice';
/** Long and distinctive, so a test grepping for it cannot miss a copy. */
export const GIT_TOKEN = 'gofntok_Q7h2Vx9LmR4sPz8Kd3Wn';
export const PUBLIC_MODULE = 'example.gofn.test/pub';

export interface PrivateFixture {
  repo: PrivateRepo;
  git: GitServer;
  proxy: { url: string; sumdbKey: string; process: ChildProcess };
  /** The h1: sums zip.CreateFromVCS + dirhash give, by "path version". */
  vcsSums: Map<string, string>;
  /** A GOPROXY directory holding the CreateFromVCS zips (for native go). */
  vcsProxyDir: string;
  /** The pseudo-version of main's head. */
  pseudo: string;
  /** The build env that makes it work (GIT_CREDENTIALS included). */
  env: Record<string, string>;
  project: Record<string, string>;
  close(): Promise<void>;
}

export async function startPrivateFixture(root: string): Promise<PrivateFixture> {
  await rm(root, { recursive: true, force: true });
  const repo = await makePrivateRepo(join(root, 'repo'));
  const git = await startGitServer({
    projectRoot: repo.projectRoot,
    user: GIT_USER,
    token: GIT_TOKEN,
    goImports: { [PRIVATE_MODULE]: `https://${PRIVATE_HOST}${PRIVATE_REPO_PATH}` },
  });
  const pseudo = `v1.1.1-0.20240304100000-${repo.head.slice(0, 12)}`;
  const vcsProxyDir = join(root, 'vcs-proxy');
  const vcsSums = await vcsZips(repo.work, vcsProxyDir, [
    [PRIVATE_MODULE, 'v1.0.0', 'v1.0.0', '.'],
    [PRIVATE_MODULE, 'v1.1.0', 'v1.1.0', '.'],
    [PRIVATE_MODULE, pseudo, repo.head, '.'],
    [`${PRIVATE_MODULE}/v2`, 'v2.0.0', 'v2.0.0', 'v2'],
    [`${PRIVATE_MODULE}/tools`, 'v0.1.0', 'tools/v0.1.0', 'tools'],
  ]);
  const pubRoot = join(root, 'public');
  const pubFiles = { 'go.mod': `module ${PUBLIC_MODULE}\n\ngo 1.22\n`, 'pub.go': 'package pub\n\n// Name is the public module\'s answer.\nfunc Name() string { return "public" }\n' };
  for (const [name, text] of Object.entries(pubFiles)) {
    const file = join(pubRoot, `${PUBLIC_MODULE}@v1.0.0`, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const proxy = await startGoproxy(pubRoot);
  const sums = [
    ...[PRIVATE_MODULE, `${PRIVATE_MODULE}/v2`, `${PRIVATE_MODULE}/tools`].map((p) => {
      const v = p === PRIVATE_MODULE ? pseudo : p.endsWith('/v2') ? 'v2.0.0' : 'v0.1.0';
      return `${p} ${v} ${vcsSums.get(`${p} ${v}`)}`;
    }),
    `${PUBLIC_MODULE} v1.0.0 ${hash1(Object.entries(pubFiles).map(([n, t]) => [`${PUBLIC_MODULE}@v1.0.0/${n}`, t]))}`,
    `${PUBLIC_MODULE} v1.0.0/go.mod ${hash1([['go.mod', pubFiles['go.mod']]])}`,
  ];
  const gomodSum = (p: string, v: string, text: string): string => `${p} ${v}/go.mod ${hash1([['go.mod', text]])}`;
  sums.push(gomodSum(PRIVATE_MODULE, pseudo, `module ${PRIVATE_MODULE}\n\ngo 1.22\n`));
  sums.push(gomodSum(`${PRIVATE_MODULE}/v2`, 'v2.0.0', `module ${PRIVATE_MODULE}/v2\n\ngo 1.22\n`));
  sums.push(gomodSum(`${PRIVATE_MODULE}/tools`, 'v0.1.0', `module ${PRIVATE_MODULE}/tools\n\ngo 1.22\n`));
  const project = {
    'go.mod': `module example.com/app\n\ngo 1.26\n\nrequire (\n\t${PRIVATE_MODULE} ${pseudo}\n\t${PRIVATE_MODULE}/tools v0.1.0\n\t${PRIVATE_MODULE}/v2 v2.0.0\n\t${PUBLIC_MODULE} v1.0.0\n)\n`,
    'go.sum': sums.sort().join('\n') + '\n',
    'api/index.go': `package handler

import (
	"fmt"
	"net/http"

	private "${PRIVATE_MODULE}"
	"${PRIVATE_MODULE}/tools"
	v2 "${PRIVATE_MODULE}/v2"
	"${PUBLIC_MODULE}"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, private.Greeting(), private.Extra(), v2.Greeting("you"), tools.Tool(), pub.Name())
}
`,
  };
  const env = {
    GOPRIVATE: `${PRIVATE_HOST}/*`,
    GOPROXY: proxy.url,
    GOSUMDB: proxy.sumdbKey,
    GIT_CREDENTIALS: `https://${GIT_USER}:${GIT_TOKEN}@${PRIVATE_HOST}`,
    GOFN_HOST_MAP: `${PRIVATE_HOST}=${git.url}`,
  };
  return {
    repo, git, proxy, vcsSums, vcsProxyDir, pseudo, env, project,
    async close() {
      proxy.process.kill();
      await git.close();
    },
  };
}

async function vcsZips(work: string, out: string, mods: [string, string, string, string][]): Promise<Map<string, string>> {
  const bin = await goBinary('vcszip', 'vcszip', { GOFLAGS: '-mod=mod' });
  const r = await runProcess(bin, ['-repo', work, '-out', out, ...mods.flat()]);
  if (r.code !== 0) throw new Error(`vcszip: ${r.stderr}`);
  const sums = new Map<string, string>();
  for (const line of r.stdout.trim().split('\n')) {
    const [p, v, h] = line.split(' ');
    sums.set(`${p} ${v}`, h!);
  }
  return sums;
}

async function startGoproxy(root: string): Promise<PrivateFixture['proxy']> {
  const bin = await proxyServerBinary();
  const child = spawn(bin, ['-root', root], { stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise<string>((done, fail) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', done);
    child.once('exit', (c) => fail(new Error(`goproxy exited with ${c}`)));
  });
  const info = JSON.parse(first) as { url: string; sumdbKey: string };
  return { url: info.url, sumdbKey: info.sumdbKey, process: child };
}
