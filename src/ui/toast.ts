// Short notices in a corner, optionally with one action (e.g. Undo).

import { h } from './dom.ts';

let host: HTMLElement | undefined;

export function toast(message: string, opts: { tone?: 'info' | 'error'; action?: { label: string; run: () => void }; ms?: number } = {}): void {
  host ??= document.body.appendChild(h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' }));
  const el = h('div', { class: 'toast', 'data-tone': opts.tone ?? 'info' }, h('span', null, message));
  if (opts.action) {
    const { label, run } = opts.action;
    el.append(h('button', { class: 'link', onclick: () => (run(), el.remove()) }, label));
  }
  el.append(h('button', { class: 'icon', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'));
  host.append(el);
  setTimeout(() => el.remove(), opts.ms ?? (opts.tone === 'error' ? 12_000 : 6_000));
}
