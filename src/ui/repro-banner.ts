// The builds behind reproduction links: recording the linux/amd64 bytes when
// a project is shared, and, when a link that carries them is opened, a
// banner that rebuilds and says "same bytes as when shared" or which route
// differs and why.
import type { BuildBridge } from './build-bridge.ts';
import { h, replace } from './dom.ts';
import { compareBytes, fileDigests, REPRO_TARGET, routeHashes, type ShareExpectation } from './reproduction.ts';
import { envRecord, errorText } from './runner.ts';
import type { WorkspaceSnapshot } from './workspace.ts';

type Project = Pick<WorkspaceSnapshot, 'files' | 'buildEnv'>;

/**
 * Builds every route for linux/amd64 as the Artifacts panel does and records
 * what a share link carries; a sentence when it cannot.
 */
export async function recordBytes(bridge: BuildBridge, project: Project, toolchainBase: string): Promise<ShareExpectation | { error: string }> {
  const files = { ...project.files };
  const env = envRecord(project.buildEnv);
  try {
    const choice = await bridge.call(undefined, 'chooseVersion', files);
    if ('error' in choice) return { error: choice.error.message };
    await bridge.call(undefined, 'ensureToolchain', choice.version, [REPRO_TARGET]);
    const result = await bridge.call(undefined, 'build', { files, target: REPRO_TARGET, env });
    if (!result.ok) return { error: `the project does not build for ${REPRO_TARGET}: ${result.diagnostics[0]?.message ?? 'unknown error'}` };
    const bundle = await bundleDigest(toolchainBase, result.goVersion);
    return {
      target: REPRO_TARGET,
      go: result.goVersion,
      ...(bundle ? { bundle } : {}),
      flags: env['GO_BUILD_FLAGS'] ?? '',
      routes: routeHashes(result),
      files: await fileDigests(files),
    };
  } catch (e) {
    return { error: errorText(e) };
  }
}

// The bundle's identity is its manifest's sha256, which the toolchain index lists.
async function bundleDigest(base: string, version: string): Promise<string | undefined> {
  try {
    const res = await fetch(new URL('index.json', base));
    if (!res.ok) return undefined;
    const entries = (await res.json()) as { version: string; sha256: string }[];
    return entries.find((e) => e.version === version)?.sha256;
  } catch {
    return undefined;
  }
}

/** A banner that checks the opened project against the bytes its link was shared with. */
export function reproBanner(bridge: BuildBridge, project: Project, expect: ShareExpectation, toolchainBase: string): HTMLElement {
  const el = h('div', { class: 'repro', role: 'status', 'data-testid': 'repro', 'data-state': 'checking' });
  const n = Object.keys(expect.routes).length;
  replace(el, h('span', { class: 'repro-mark' }, '…'), ` Rebuilding ${n} route${n === 1 ? '' : 's'} for ${REPRO_TARGET} to check this link against the bytes it was shared with (go${expect.go})…`);
  const close = (): HTMLElement => h('button', { class: 'icon', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×');
  void recordBytes(bridge, project, toolchainBase).then((now) => {
    if ('error' in now) {
      el.dataset.state = 'error';
      replace(el, h('span', { class: 'repro-mark' }, '!'), ` Could not rebuild to check the shared bytes: ${now.error}`, close());
      return;
    }
    const usesModules = /^\s*require\b/m.test(project.files['go.mod'] ?? '');
    const check = compareBytes(expect, now, usesModules);
    if (check.same) {
      el.dataset.state = 'same';
      replace(el, h('span', { class: 'repro-mark' }, '✓'), ' ', h('strong', null, 'Same bytes as when shared'), ` — every route's ${REPRO_TARGET} bootstrap rebuilt with go${now.go} has the sha256 the link recorded.`, close());
      return;
    }
    el.dataset.state = 'differs';
    replace(
      el,
      h('span', { class: 'repro-mark' }, '✗'),
      ' ',
      h('strong', null, 'Not the bytes that were shared'),
      close(),
      h(
        'ul',
        { class: 'repro-routes' },
        check.differing.map((d) =>
          h('li', { 'data-route': d.route }, h('code', null, d.route), d.expected && d.got ? `: sha256 ${d.got.slice(0, 16)}… now, ${d.expected.slice(0, 16)}… when shared` : d.got ? ': a route the shared project did not have' : ': built when shared, missing now'),
        ),
      ),
      check.found.length ? [h('p', null, 'What differs from the shared build:'), h('ul', { class: 'repro-found' }, check.found.map((r) => h('li', null, r)))] : h('p', null, 'The files, Go version and flags are the ones that were shared.'),
      h('p', null, 'Why bytes can differ:'),
      h('ul', { class: 'repro-reasons' }, check.possible.map((r) => h('li', null, r))),
    );
  });
  return el;
}
