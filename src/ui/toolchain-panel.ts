// Toolchains: the versions the server offers, which are cached in this
// browser (and their size), downloading and deleting them, and how much
// storage the site uses of what the browser allows.

import type { CachedToolchain, ProgressEvent, VersionChoice } from '../core/types.ts';
import type { BuildBridge } from './build-bridge.ts';
import { formatBytes, h, replace } from './dom.ts';
import { progressView } from './progress-view.ts';
import { errorText } from './runner.ts';
import { toast } from './toast.ts';

export function toolchainPanel(bridge: BuildBridge, current: () => VersionChoice | undefined): { el: HTMLElement; refresh(): Promise<void> } {
  const list = h('div', { class: 'tc-list', 'data-testid': 'toolchains' });
  const why = h('p', { class: 'tc-why', 'data-testid': 'toolchain-choice' });
  const storage = h('p', { class: 'hint' });
  const progress = progressView('toolchain-download-progress');
  let busy = false;

  const refresh = async (): Promise<void> => {
    let cached: CachedToolchain[] = [];
    let available: string[] = [];
    try {
      [cached, available] = await Promise.all([bridge.call(undefined, 'cached'), bridge.call(undefined, 'available')]);
    } catch (e) {
      replace(list, h('p', { class: 'empty' }, errorText(e)));
      return;
    }
    const choice = current();
    const inUse = choice?.version;
    why.textContent = choice ? choice.note : '';
    // The version go.mod asks for gets a row even when this host does not offer it, so the chip's choice reads as a consequence.
    const asked = choice?.requested && choice.how !== 'patch' && !available.includes(choice.requested) ? choice.requested : undefined;
    const versions = [...new Set([...available, ...cached.map((c) => c.version)])];
    replace(
      list,
      versions.length
        ? h(
            'table',
            null,
            h('thead', null, h('tr', null, h('th', null, 'Version'), h('th', null, 'In this browser'), h('th', null, ''))),
            h(
              'tbody',
              null,
              asked
                ? h(
                    'tr',
                    { 'data-version': asked, 'data-asked': '' },
                    h('td', null, `go${asked}`, h('span', { class: 'tag' }, 'asked for by go.mod')),
                    h('td', { colspan: '2' }, h('span', { class: 'muted' }, 'not offered by this host')),
                  )
                : null,
              versions.map((v) => {
                const c = cached.find((x) => x.version === v);
                return h(
                  'tr',
                  { 'data-version': v },
                  h('td', null, `go${v}`, v === inUse ? h('span', { class: 'tag' }, 'in use') : null, available.includes(v) ? null : h('span', { class: 'tag muted' }, 'offline copy')),
                  h('td', null, c ? `${formatBytes(c.bytes)} · ${c.files} files` : h('span', { class: 'muted' }, 'not downloaded')),
                  h(
                    'td',
                    { class: 'align-right' },
                    c
                      ? h('button', { class: 'small danger', onclick: () => act(`Deleted go${v}`, () => bridge.call(undefined, 'evict', v)) }, 'Delete')
                      : h('button', { class: 'small', onclick: () => download(v) }, 'Download'),
                  ),
                );
              }),
            ),
          )
        : h('p', { class: 'empty' }, 'No toolchain is offered or cached. Build one with npm run toolchain.'),
    );
    const est = await navigator.storage?.estimate?.();
    storage.textContent = est?.quota ? `This site uses ${formatBytes(est.usage ?? 0)} of the ${formatBytes(est.quota)} the browser allows it; older versions are evicted when a download would not fit.` : '';
  };

  const act = async (done: string, fn: () => Promise<unknown>): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await fn();
      toast(done);
    } catch (e) {
      toast(errorText(e), { tone: 'error' });
    } finally {
      busy = false;
      progress.finish();
      await refresh();
    }
  };

  const download = (v: string): Promise<void> => {
    progress.reset(`Downloading go${v}`);
    return act(`go${v} is cached`, async () => {
      const r = await bridge.call(undefined, 'ensureToolchain', v, ['wasip1/wasm', 'linux/amd64', 'linux/arm64'], (e: ProgressEvent) => progress.update(e), true);
      if (r.evicted.length) toast(`Storage was full: evicted ${r.evicted.map((x) => 'go' + x).join(', ')}`);
    });
  };

  const el = h(
    'div',
    { class: 'toolchains' },
    h('div', { class: 'panel-actions' }, h('button', { class: 'small', onclick: () => void refresh() }, 'Refresh')),
    why,
    list,
    progress.el,
    storage,
  );
  return { el, refresh };
}
