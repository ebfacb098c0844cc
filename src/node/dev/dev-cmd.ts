// `gofn dev [dir] [--port 3000]`: the project served as `vercel dev` serves
// it, with each function built by the wasm toolchain and kept warm.
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseEnvPairs } from '../build-cmd.ts';
import { DevProject } from './dev-project.ts';
import { createDevServer, prefixLine } from './dev-server.ts';
import { startEngineThread } from '../engine-thread.ts';
import { watchProject } from './watch.ts';

const usage = `usage: gofn dev [dir] [--port 3000] [--host 127.0.0.1] [--instances 4] [--env K=V]...
  Serves public/ and every api/ route of the project, rebuilding on change.
  --instances: instances per route at most (each takes one request at a time, as on Vercel).`;

export async function devCommand(argv: string[]): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        instances: { type: 'string', default: '4' },
        env: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`gofn dev: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) return console.log(usage), 0;
  const dir = resolve(positionals[0] ?? '.');
  const port = Number(values.port);
  const instances = Number(values.instances);
  const env = parseEnvPairs(values.env);
  if (positionals.length > 1 || !Number.isInteger(port) || port < 0 || port > 65535 || !(instances >= 1) || typeof env === 'string') {
    console.error(`gofn dev: ${typeof env === 'string' ? env : 'bad arguments'}\n${usage}`);
    return 2;
  }
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    console.error(`gofn dev: ${dir} is not a directory`);
    return 2;
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const engine = startEngineThread();
  let host = '';
  const project = new DevProject({
    dir,
    engine,
    instances: Math.floor(instances),
    env,
    get host() {
      return host;
    },
    onLog: (route, instance, line) => out(prefixLine(route, instance, line)),
    onInfo: (text) => out(`gofn dev: ${text}`),
  });
  const server = createDevServer({ dir, project, onRequest: out });
  const watcher = watchProject(dir, () => project.changed());
  await new Promise<void>((done, fail) => server.once('error', fail).listen(port, values.host, done));
  host = `${values.host}:${(server.address() as AddressInfo).port}`;
  out(`gofn dev: listening on http://${host} (${dir})`);
  project.start();

  await new Promise<void>((done) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, done);
  });
  watcher.close();
  server.closeAllConnections();
  server.close();
  project.close();
  await engine.close();
  return 0;
}
