// Request history: every request sent, newest first; picking one puts it back
// into the request builder and shows its response again.

import { formatMs, h, replace } from './dom.ts';
import type { Exchange } from './runner.ts';

const MAX = 100;

export function historyPanel(onPick: (ex: Exchange) => void): { el: HTMLElement; add(ex: Exchange): void } {
  const items: Exchange[] = [];
  const el = h('div', { class: 'history', 'data-testid': 'history' });
  const render = (): void => {
    if (!items.length) return replace(el, h('p', { class: 'empty' }, 'Requests you send are listed here.'));
    replace(
      el,
      h(
        'ul',
        null,
        items.map((ex) => {
          const s = ex.response?.status;
          const tone = s === undefined ? 'err' : s >= 500 ? 'err' : s >= 400 ? 'warn' : s >= 300 ? 'redir' : 'ok';
          return h(
            'li',
            null,
            h(
              'button',
              { class: 'hist', onclick: () => onPick(ex) },
              h('span', { class: 'method', 'data-method': ex.request.method }, ex.request.method),
              h('span', { class: 'url' }, ex.request.url),
              h('span', { class: 'status', 'data-class': tone }, s === undefined ? '—' : String(s)),
              h('span', { class: 'metric' }, ex.response ? formatMs(ex.response.ms) : ''),
              h('time', null, new Date(ex.at).toLocaleTimeString()),
            ),
          );
        }),
      ),
    );
  };
  render();
  return {
    el,
    add(ex) {
      items.unshift(ex);
      items.length = Math.min(items.length, MAX);
      render();
    },
  };
}
