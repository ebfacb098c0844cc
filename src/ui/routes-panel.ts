// Routes from api/ entrypoints, as Vercel's zero-config routing makes them:
// known from file names before any build, with handler names after one.

import { discoverRoutes } from '../core/project/routes.ts';
import { functionSettings, type FunctionConfig } from '../core/project/function-config.ts';
import { readVercelConfig } from '../core/project/vercel-config.ts';
import type { BuiltRoute, Route } from '../core/types.ts';
import { h, replace } from './dom.ts';
import { onChange, type Workspace } from './workspace.ts';

export function routesPanel(ws: Workspace, opts: { onPick(route: Route): void; onOpen(file: string): void; onRoutes(routes: Route[]): void }): {
  el: HTMLElement;
  setBuilt(routes: BuiltRoute[]): void;
} {
  const list = h('div', { class: 'route-list', 'data-testid': 'routes' });
  const el = h('section', { class: 'routes' }, h('header', { class: 'pane-head' }, h('h2', null, 'Routes')), list);
  let built = new Map<string, BuiltRoute>();

  const render = (): void => {
    const { routes, diagnostics } = discoverRoutes(ws.paths());
    const { functions } = readVercelConfig(ws.files).config;
    opts.onRoutes(routes);
    if (!routes.length && !diagnostics.length) {
      return replace(list, h('p', { class: 'empty' }, 'No routes: add a Go file under api/, e.g. api/hello.go → /api/hello.'));
    }
    replace(
      list,
      routes.map((r) => {
        const b = built.get(r.route);
        return h(
          'div',
          // The preview module's sha256: what a build made, for whoever compares two builds.
          { class: 'route', 'data-route': r.route, ...(b ? { 'data-sha256': b.sha256 } : {}) },
          h('button', { class: 'route-pick', title: `Request ${r.route}`, onclick: () => opts.onPick(r) }, h('span', { class: 'route-path' }, decorate(r.route)), b ? h('span', { class: 'handler' }, `${b.handler}()`) : null),
          h('button', { class: 'link entry', title: `Open ${r.entry}`, onclick: () => opts.onOpen(r.entry) }, r.entry),
          limitsNote(functions, r.entry),
        );
      }),
      diagnostics.map((d) => h('p', { class: 'route-problem' }, d.message)),
    );
  };
  onChange(ws, (kind, path) => (kind === 'structure' || kind === 'replace' || path === 'vercel.json') && render());
  render();
  return {
    el,
    setBuilt(routes) {
      built = new Map(routes.map((r) => [r.route, r]));
      render();
    },
  };
}

/** The limits the preview enforces for this function, as the platform would. */
function limitsNote(functions: Record<string, FunctionConfig>, entry: string): HTMLElement {
  const s = functionSettings(functions, entry);
  const from = s.pattern ? `vercel.json functions["${s.pattern}"]` : "Vercel's defaults";
  return h(
    'span',
    { class: 'limits', 'data-testid': 'route-limits', title: `maxDuration ${s.maxDuration} s and memory ${s.memory} MB (${from}); request and response bodies up to 4.5 MB` },
    `${s.maxDuration} s · ${s.memory} MB · 4.5 MB bodies`,
  );
}

/** Dynamic segments stand out in the route path. */
function decorate(route: string): Node[] {
  return route.split(/(\[[^\]]+\])/).filter(Boolean).map((part) => (part.startsWith('[') ? h('span', { class: 'seg' }, part) : document.createTextNode(part)));
}
