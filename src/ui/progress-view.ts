// Download progress of a toolchain: bytes of total overall, and per file.
// The engine reports overall loaded/total with the file that received the
// bytes; per-file totals are used when an event carries them.

import type { ProgressEvent } from '../core/types.ts';
import { formatBytes, h, replace } from './dom.ts';

const SHOWN_FILES = 6;

/** Optional per-file figures; older engines send only the overall ones. */
type FileProgressEvent = ProgressEvent & { fileLoaded?: number; fileTotal?: number };

interface FileState {
  loaded: number;
  total?: number;
  last: number;
}

export function progressView(testId = 'download-progress'): { el: HTMLElement; update(e: ProgressEvent): void; reset(title: string): void; finish(): void } {
  const el = h('div', { class: 'progress-card', 'data-testid': testId, hidden: true });
  const files = new Map<string, FileState>();
  let overall = { loaded: 0, total: 0 };
  let title = '';
  let frame = 0;
  let seq = 0;

  const bar = (label: string, loaded: number, total?: number): HTMLElement =>
    h(
      'div',
      { class: 'pbar-row' },
      h(
        'div',
        { class: 'pbar-label' },
        h('span', { class: 'pbar-name' }, label),
        h('span', { class: 'pbar-bytes' }, total === undefined ? formatBytes(loaded) : `${formatBytes(loaded)} of ${formatBytes(total)}`),
      ),
      total === undefined ? h('progress', { 'aria-label': label }) : h('progress', { max: Math.max(total, 1), value: Math.min(loaded, total), 'aria-label': label }),
    );

  const render = (): void => {
    frame = 0;
    const recent = [...files].sort((a, b) => b[1].last - a[1].last).slice(0, SHOWN_FILES);
    replace(
      el,
      h('div', { class: 'pcard-title' }, title),
      bar('All files', overall.loaded, overall.total),
      files.size ? h('div', { class: 'pcard-files muted' }, `${files.size} file${files.size === 1 ? '' : 's'} so far`) : null,
      recent.map(([name, f]) => bar(name, f.loaded, f.total)),
    );
  };

  return {
    el,
    reset(t) {
      title = t;
      files.clear();
      overall = { loaded: 0, total: 0 };
    },
    update(ev) {
      const e = ev as FileProgressEvent;
      if (e.kind !== 'download' || e.total === 0) return;
      el.hidden = false;
      const delta = Math.max(0, e.loaded - overall.loaded);
      overall = { loaded: e.loaded, total: e.total };
      if (e.file) {
        const f = files.get(e.file) ?? { loaded: 0, last: 0 };
        f.loaded = e.fileLoaded ?? f.loaded + delta;
        f.total = e.fileTotal ?? f.total;
        f.last = ++seq;
        files.set(e.file, f);
      }
      frame ||= requestAnimationFrame(render);
    },
    finish() {
      el.hidden = true;
    },
  };
}
