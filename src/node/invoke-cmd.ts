// `gofn invoke`: build the preview module of the route a path hits and answer
// one or more requests with one warm instance (so state carries over).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPreviewController } from '../core/preview/controller.ts';
import { matchRoute } from '../core/project/router.ts';
import { discoverRoutes } from '../core/project/routes.ts';
import { formatDiagnostic, type PreviewRequest, type PreviewResponse } from '../core/types.ts';
import { parseEnvPairs } from './build-cmd.ts';
import { startEngineThread } from './engine-thread.ts';
import { nodePreviewWorkers } from './preview-host.ts';
import { readProject } from './project.ts';
import { statusText } from '../core/preview/status-text.ts';
import { functionSettings } from '../core/project/function-config.ts';
import { readVercelConfig } from '../core/project/vercel-config.ts';

const usage = `usage: gofn invoke <dir> <METHOD> <path> [<METHOD> <path>]... [-H 'K: V']... [-d BODY | -d @file] [--env K=V]... [--timeout SECONDS] [--memory MB]
  Several METHOD path pairs are answered in order by one warm instance.
  --timeout and --memory default to the function's maxDuration and memory in vercel.json (Vercel's defaults: 300 s, 2048 MB).`;

function parseHeader(h: string): [string, string] | undefined {
  const colon = h.indexOf(':');
  if (colon <= 0) return undefined;
  return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
}

export function formatResponse(res: PreviewResponse): string {
  const head = [`HTTP/1.1 ${res.status} ${statusText(res.status)}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return `${head}\n\n`;
}

export async function invokeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      header: { type: 'string', short: 'H', multiple: true, default: [] },
      data: { type: 'string', short: 'd' },
      env: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      memory: { type: 'string' },
    },
  });
  const [dirArg, ...pairs] = positionals;
  if (!dirArg || pairs.length === 0 || pairs.length % 2 !== 0) {
    console.error(usage);
    return 2;
  }
  const headers: [string, string][] = [];
  for (const h of values.header) {
    const parsed = parseHeader(h);
    if (!parsed) {
      console.error(`gofn invoke: -H wants 'Name: value', got "${h}"`);
      return 2;
    }
    headers.push(parsed);
  }
  const env = parseEnvPairs(values.env);
  if (typeof env === 'string') {
    console.error(`gofn invoke: ${env}`);
    return 2;
  }
  const body = values.data?.startsWith('@') ? new Uint8Array(await readFile(values.data.slice(1))) : values.data;
  const files = await readProject(resolve(dirArg));
  const { routes } = discoverRoutes(Object.keys(files));

  const requests: PreviewRequest[] = [];
  let entry: string | undefined;
  for (let i = 0; i < pairs.length; i += 2) {
    const [method, url] = [pairs[i]!.toUpperCase(), pairs[i + 1]!];
    const match = matchRoute(routes, url);
    if (!match) {
      console.error(`gofn invoke: no route answers ${url}; routes: ${routes.map((r) => r.route).join(', ') || 'none'}`);
      return 1;
    }
    if (entry && entry !== match.route.entry) {
      console.error(`gofn invoke: ${url} is answered by ${match.route.entry}, not ${entry}; one invocation serves one function`);
      return 2;
    }
    entry = match.route.entry;
    requests.push({ method, url: match.url, headers, body });
  }

  const settings = functionSettings(readVercelConfig(files).config.functions, entry!);
  const timeout = values.timeout !== undefined ? Number(values.timeout) : settings.maxDuration;
  const memory = values.memory !== undefined ? Number(values.memory) : settings.memory;
  if (!(timeout > 0) || !(memory >= 1)) {
    console.error('gofn invoke: --timeout wants seconds and --memory megabytes, both positive numbers');
    return 2;
  }
  const engine = startEngineThread();
  let built;
  try {
    const choice = await engine.api.chooseVersion(files);
    if (!('error' in choice)) console.error(`gofn: ${choice.note}`);
    console.error(`gofn: building ${entry} for the preview`);
    built = await engine.api.build({ files, target: 'wasip1/wasm', entries: [entry!] });
  } finally {
    await engine.close();
  }
  if (!built.ok) {
    for (const d of built.diagnostics) console.error(formatDiagnostic(d));
    return 1;
  }
  const controller = createPreviewController({
    createWorker: nodePreviewWorkers(),
    timeoutMs: timeout * 1000,
    memoryMb: memory,
    onLog: (line) => process.stderr.write(`${line.stream === 'system' ? '[gofn] ' : ''}${line.text}\n`),
  });
  try {
    await controller.start(built.routes[0]!.binary, env);
    for (const req of requests) {
      const res = await controller.request(req);
      process.stdout.write(formatResponse(res));
      process.stdout.write(res.body);
      if (res.body.length > 0 && res.body[res.body.length - 1] !== 10 && requests.length > 1) process.stdout.write('\n');
    }
  } finally {
    controller.stop();
  }
  return 0;
}
