// The widget's request line: method and path (routes offered as the project
// has them), and Send. Headers and body travel with the shared request as
// they are; the full app edits them.

import type { Route } from '../../core/types.ts';
import { h, replace } from '../dom.ts';
import { onChange, type Workspace } from '../workspace.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function requestLine(ws: Workspace, onSend: () => void): { el: HTMLElement; setRoutes(routes: Route[]): void } {
  const method = h('select', { class: 'method-select', 'aria-label': 'Method', onchange: () => ws.setRequest({ ...ws.request, method: method.value }) }, METHODS.map((m) => h('option', { value: m }, m)));
  const routes = h('datalist', { id: 'embed-routes' });
  const path = h('input', { class: 'path-input', list: 'embed-routes', 'aria-label': 'Path', spellcheck: 'false', 'data-testid': 'embed-path' });
  // One input holds path and query, as a URL bar does; the draft keeps them apart, as the app's request builder does.
  path.addEventListener('input', () => {
    const [p = '', q] = path.value.split(/\?(.*)/s, 2);
    const query = q === undefined ? [] : [...new URLSearchParams(q)].map(([name, value]) => ({ name, value, enabled: true }));
    ws.setRequest({ ...ws.request, path: p, query, route: undefined });
  });
  path.addEventListener('keydown', (e) => e.key === 'Enter' && onSend());
  const shown = (): string => {
    const q = new URLSearchParams(ws.request.query.filter((x) => x.enabled && x.name).map((x) => [x.name, x.value])).toString();
    return ws.request.path + (q ? `?${q}` : '');
  };
  const render = (): void => {
    method.value = ws.request.method;
    if (document.activeElement !== path) path.value = shown();
  };
  onChange(ws, (kind) => (kind === 'request' || kind === 'replace') && render());
  render();
  return {
    el: h('div', { class: 'req-line embed-req' }, method, path, routes, h('button', { class: 'primary', 'data-testid': 'send', onclick: onSend }, 'Send')),
    setRoutes(list) {
      replace(routes, list.map((r) => h('option', { value: r.route })));
    },
  };
}
