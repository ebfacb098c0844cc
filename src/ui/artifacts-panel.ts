// Native artifacts: build every route for linux/amd64 or linux/arm64, then
// download the bootstrap, a Lambda zip, or a .vercel/output zip for
// `vercel deploy --prebuilt`, each with its size and sha256 — and, per
// bootstrap, its go build ID, the exact `go build` that makes the same bytes
// and the sources to run it in.

import { keptDirName, reproduceCommand, reproduceReadme } from '../core/output/reproduce.ts';
import type { BuiltRoute, Diagnostic, NativeTarget, ProgressEvent, ProjectFiles } from '../core/types.ts';
import { lambdaZip, sha256Hex, sourcesZip, vercelOutputZip } from './artifacts.ts';
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
      // Sources are kept at "." so each reproduction command starts in its route's folder of the download.
      const result = await bridge.call(undefined, 'build', { files, target: t, env, keepSourcesDir: '.' }, onProgress);
      if (!result.ok) {
        onDiagnostics(result.diagnostics);
        status.textContent = `Build failed: ${result.diagnostics.length} problem(s), listed under Problems.`;
        return;
      }
      builtKey = JSON.stringify([files, env]);
      await render(t, result.goVersion, result.routes, result.keptSources ?? {});
      status.textContent = `Built with go${result.goVersion} for ${t}.`;
    } catch (e) {
      status.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  }

  async function render(t: NativeTarget, goVersion: string, routes: BuiltRoute[], kept: ProjectFiles): Promise<void> {
    const arch = t === 'linux/arm64' ? 'arm64' : 'amd64';
    const all = await make(`vercel-output-${arch}.zip`, vercelOutputZip(t, routes.map((r) => ({ route: r, binary: r.binary }))));
    const sources = (of: BuiltRoute[]): Uint8Array => {
      const dirs = of.map((r) => `${keptDirName(r.route)}/`);
      const files: ProjectFiles = Object.fromEntries(Object.entries(kept).filter(([p]) => dirs.some((d) => p.startsWith(d))));
      files['REPRODUCE.md'] = reproduceReadme(goVersion, t, of.filter((r) => r.native).map((r) => ({ ...r, native: r.native! })));
      return sourcesZip(files);
    };
    const allSources = await make(`sources-${arch}.zip`, sources(routes));
    const rows = await Promise.all(
      routes.map(async (r) => {
        const boot = { name: 'bootstrap', bytes: r.binary, sha256: r.sha256, type: 'application/octet-stream' };
        const zip = await make(`${slug(r.route)}-lambda-${arch}.zip`, lambdaZip(r.binary));
        const vz = await make(`${slug(r.route)}-vercel-output-${arch}.zip`, vercelOutputZip(t, [{ route: r, binary: r.binary }]));
        const src = await make(`${slug(r.route)}-sources-${arch}.zip`, sources([r]));
        return h(
          'div',
          { class: 'artifact-route', 'data-route': r.route },
          h('div', { class: 'ar-head' }, h('strong', null, r.route), h('span', { class: 'muted' }, ` ${r.entry} · ${r.handler}()`)),
          item(boot, 'bootstrap'),
          item(zip, 'Lambda zip'),
          item(vz, '.vercel/output zip'),
          item(src, 'sources'),
          r.native ? reproduceBlock(r, goVersion) : null,
        );
      }),
    );
    replace(
      out,
      h(
        'div',
        { class: 'artifact-all' },
        h('strong', null, `All routes (go${goVersion}, ${t})`),
        item(all, '.vercel/output zip'),
        h('span', { class: 'hint' }, 'Unzip at the project root, then run vercel deploy --prebuilt.'),
        item(allSources, 'sources'),
        h('span', { class: 'hint' }, 'Every route’s sources as compiled, with REPRODUCE.md: go build there makes the same bytes.'),
      ),
      rows,
    );
  }

  ws.addEventListener('change', () => {
    if (builtKey && JSON.stringify([ws.files, envRecord(ws.buildEnv)]) !== builtKey) status.textContent = 'Files changed since this build: build again to download current binaries.';
  });
  return h('div', { class: 'artifacts' }, h('div', { class: 'panel-actions' }, target, button, status), out);
}

/** The sha256 and build ID to expect, and the command that makes them from the "sources" download. */
function reproduceBlock(r: BuiltRoute, goVersion: string): HTMLElement {
  const command = reproduceCommand(r.native!);
  return h(
    'div',
    { class: 'reproduce', 'data-testid': 'reproduce' },
    h('div', null, h('span', { class: 'muted' }, 'sha256 '), h('code', { 'data-testid': 'sha256' }, r.sha256)),
    r.buildId ? h('div', null, h('span', { class: 'muted' }, 'go tool buildid '), h('code', { 'data-testid': 'build-id' }, r.buildId)) : null,
    h('div', { class: 'muted' }, `Same bytes with go${goVersion}: unzip “sources”, then run`),
    h('pre', { class: 'code', 'data-testid': 'command' }, command),
    h('button', { class: 'small', onclick: () => void navigator.clipboard?.writeText(command) }, 'Copy command'),
  );
}
