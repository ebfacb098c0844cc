// Native artifacts: build every route for linux/amd64 or linux/arm64, then
// download the bootstrap, a Lambda zip, or a .vercel/output zip for
// `vercel deploy --prebuilt`, each with its size and sha256.

import type { BuiltRoute, Diagnostic, NativeTarget, ProgressEvent } from '../core/types.ts';
import { lambdaZip, sha256Hex, vercelOutputZip } from './artifacts.ts';
import type { BuildBridge } from './build-bridge.ts';
import { download, formatBytes, h, replace } from './dom.ts';
import { envRecord, errorText } from './runner.ts';
import type { Workspace } from './workspace.ts';

interface Artifact {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  type: string;
}

const slug = (route: string): string => route.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'index';

export function artifactsPanel(ws: Workspace, bridge: BuildBridge, onDiagnostics: (d: Diagnostic[]) => void): HTMLElement {
  const target = h('select', { 'aria-label': 'Target' }, h('option', { value: 'linux/amd64' }, 'linux/amd64 (x86_64)'), h('option', { value: 'linux/arm64' }, 'linux/arm64 (Graviton)'));
  const status = h('span', { class: 'muted' });
  const out = h('div', { class: 'artifact-list', 'data-testid': 'artifacts' }, h('p', { class: 'empty' }, 'Build native binaries of every route, the way Vercel deploys them.'));
  const button = h('button', { class: 'primary', 'data-testid': 'build-native', onclick: () => void build() }, 'Build');
  let builtKey = '';

  const item = (a: Artifact, label: string): HTMLElement =>
    h(
      'div',
      { class: 'artifact', 'data-artifact': a.name },
      h('button', { class: 'small', onclick: () => download(a.name, a.bytes, a.type) }, `⬇ ${label}`),
      h('span', { class: 'metric' }, formatBytes(a.bytes.length)),
      h('code', { class: 'sha', title: `sha256 ${a.sha256} (click to copy)`, onclick: () => void navigator.clipboard?.writeText(a.sha256) }, a.sha256.slice(0, 16) + '…'),
    );

  const make = async (name: string, bytes: Uint8Array, type = 'application/zip'): Promise<Artifact> => ({ name, bytes, type, sha256: await sha256Hex(bytes) });

  async function build(): Promise<void> {
    const t = target.value as NativeTarget;
    const files = { ...ws.files };
    const env = envRecord(ws.buildEnv);
    button.disabled = true;
    status.textContent = `Building for ${t}…`;
    try {
      const choice = await bridge.call(undefined, 'chooseVersion', files);
      if ('error' in choice) throw new Error(choice.error.message);
      const onProgress = (e: ProgressEvent): void => {
        if (e.kind === 'download') status.textContent = `Downloading ${t} archives: ${formatBytes(e.loaded)} of ${formatBytes(e.total)}`;
      };
      await bridge.call(undefined, 'ensureToolchain', choice.version, [t], onProgress);
      const result = await bridge.call(undefined, 'build', { files, target: t, env }, onProgress);
      if (!result.ok) {
        onDiagnostics(result.diagnostics);
        status.textContent = `Build failed: ${result.diagnostics.length} problem(s), listed under Problems.`;
        return;
      }
      builtKey = JSON.stringify([files, env]);
      await render(t, result.goVersion, result.routes);
      status.textContent = `Built with go${result.goVersion} for ${t}.`;
    } catch (e) {
      status.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  }

  async function render(t: NativeTarget, goVersion: string, routes: BuiltRoute[]): Promise<void> {
    const arch = t === 'linux/arm64' ? 'arm64' : 'amd64';
    const all = await make(`vercel-output-${arch}.zip`, vercelOutputZip(t, routes.map((r) => ({ route: r, binary: r.binary }))));
    const rows = await Promise.all(
      routes.map(async (r) => {
        const boot = { name: 'bootstrap', bytes: r.binary, sha256: r.sha256, type: 'application/octet-stream' };
        const zip = await make(`${slug(r.route)}-lambda-${arch}.zip`, lambdaZip(r.binary));
        const vz = await make(`${slug(r.route)}-vercel-output-${arch}.zip`, vercelOutputZip(t, [{ route: r, binary: r.binary }]));
        return h(
          'div',
          { class: 'artifact-route', 'data-route': r.route },
          h('div', { class: 'ar-head' }, h('strong', null, r.route), h('span', { class: 'muted' }, ` ${r.entry} · ${r.handler}()`)),
          item(boot, 'bootstrap'),
          item(zip, 'Lambda zip'),
          item(vz, '.vercel/output zip'),
          r.native ? h('details', null, h('summary', null, 'Same binary with go build'), h('pre', { class: 'code' }, nativeCommand(r))) : null,
        );
      }),
    );
    replace(
      out,
      h('div', { class: 'artifact-all' }, h('strong', null, `All routes (go${goVersion}, ${t})`), item(all, '.vercel/output zip'), h('span', { class: 'hint' }, 'Unzip at the project root, then run vercel deploy --prebuilt.')),
      rows,
    );
  }

  ws.addEventListener('change', () => {
    if (builtKey && JSON.stringify([ws.files, envRecord(ws.buildEnv)]) !== builtKey) status.textContent = 'Files changed since this build: build again to download current binaries.';
  });
  return h('div', { class: 'artifacts' }, h('div', { class: 'panel-actions' }, target, button, status), out);
}

function nativeCommand(r: BuiltRoute): string {
  const n = r.native!;
  const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const env = Object.entries(n.env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  return `cd ${quote(n.cwd)}\n${env} ${n.args.map(quote).join(' ')}`;
}
