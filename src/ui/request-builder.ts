// The request builder: method, path (dynamic segments filled from their own
// inputs), query, headers, body and a few presets. Every edit goes straight
// into the workspace, so it is autosaved and carried by share links.

import type { Route } from '../core/types.ts';
import { h, replace } from './dom.ts';
import { kvEditor } from './kv-editor.ts';
import { fillRoute } from './route-fill.ts';
import { createTabs } from './tabs.ts';
import { onChange, type NameValue, type RequestDraft, type Workspace } from './workspace.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const row = (name: string, value: string): NameValue => ({ name, value, enabled: true });

const PRESETS: { label: string; apply(d: RequestDraft): RequestDraft }[] = [
  { label: 'GET', apply: (d) => ({ ...d, method: 'GET', body: '' }) },
  {
    label: 'POST JSON',
    apply: (d) => ({ ...d, method: 'POST', headers: withHeader(d.headers, 'Content-Type', 'application/json'), body: d.body || '{\n  "name": "gopher"\n}' }),
  },
  {
    label: 'POST form',
    apply: (d) => ({ ...d, method: 'POST', headers: withHeader(d.headers, 'Content-Type', 'application/x-www-form-urlencoded'), body: 'name=gopher&lang=go' }),
  },
  { label: 'With cookie', apply: (d) => ({ ...d, headers: withHeader(d.headers, 'Cookie', 'session=gopher') }) },
  { label: 'Bearer token', apply: (d) => ({ ...d, headers: withHeader(d.headers, 'Authorization', 'Bearer secret-token') }) },
  { label: 'Accept JSON', apply: (d) => ({ ...d, headers: withHeader(d.headers, 'Accept', 'application/json') }) },
];

function withHeader(headers: NameValue[], name: string, value: string): NameValue[] {
  return [...headers.filter((x) => x.name.toLowerCase() !== name.toLowerCase()), row(name, value)];
}

export class RequestBuilder {
  readonly el: HTMLElement;
  private routes: Route[] = [];
  private readonly method: HTMLSelectElement;
  private readonly path: HTMLInputElement;
  private readonly params = h('div', { class: 'params' });
  private readonly routeList = h('datalist', { id: 'route-list' });
  private readonly body: HTMLTextAreaElement;
  private readonly query = kvEditor({ label: 'query', onChange: (q) => this.patch({ query: q }) });
  private readonly headers = kvEditor({ label: 'header', namePlaceholder: 'Header-Name', onChange: (hs) => this.patch({ headers: hs }) });
  private applying = false;
  private readonly tabs: ReturnType<typeof createTabs>;

  constructor(private readonly ws: Workspace, onSend: () => void) {
    this.method = h('select', { class: 'method-select', 'aria-label': 'Method', onchange: () => this.patch({ method: this.method.value }) }, METHODS.map((m) => h('option', { value: m }, m)));
    this.path = h('input', { class: 'path-input', list: 'route-list', 'aria-label': 'Path', spellcheck: 'false', placeholder: '/api/…' });
    this.path.addEventListener('input', () => this.patch({ path: this.path.value, route: undefined }));
    this.path.addEventListener('change', () => this.splitQuery());
    this.path.addEventListener('keydown', (e) => e.key === 'Enter' && onSend());
    this.body = h('textarea', { class: 'body-input', 'aria-label': 'Body', spellcheck: 'false', placeholder: 'Request body (sent with POST, PUT, PATCH, DELETE)' });
    this.body.addEventListener('input', () => this.patch({ body: this.body.value }));
    const presets = h(
      'select',
      { class: 'presets', 'aria-label': 'Presets', onchange: (e: Event) => this.preset(e.target as HTMLSelectElement) },
      h('option', { value: '' }, 'Presets…'),
      PRESETS.map((p, i) => h('option', { value: String(i) }, p.label)),
    );
    const tabs = (this.tabs = createTabs('request', [
      { id: 'query', label: 'Query', panel: h('div', null, this.query.el) },
      { id: 'headers', label: 'Headers', panel: h('div', null, this.headers.el) },
      { id: 'body', label: 'Body', panel: h('div', { class: 'body-wrap' }, this.body) },
    ]));
    this.el = h(
      'section',
      { class: 'request', 'aria-label': 'Request' },
      h(
        'div',
        { class: 'req-line' },
        this.method,
        this.path,
        this.routeList,
        h('button', { class: 'primary', 'data-testid': 'send', title: 'Send (Enter in the path; Ctrl+Enter builds first)', onclick: onSend }, 'Send'),
      ),
      this.params,
      h('div', { class: 'req-tools' }, presets),
      tabs.el,
    );
    onChange(ws, (kind) => {
      if ((kind !== 'request' && kind !== 'replace') || this.applying) return;
      this.render();
      // A loaded project shows the part of its request that matters.
      const d = ws.request;
      if (kind === 'replace') tabs.select(d.body ? 'body' : d.headers.length && !d.query.length ? 'headers' : 'query');
    });
    this.render();
  }

  setRoutes(routes: Route[]): void {
    this.routes = routes;
    replace(this.routeList, routes.map((r) => h('option', { value: r.route })));
    this.render();
  }

  /** Targets a route: dynamic segments get inputs, filled with what was typed for them before. */
  useRoute(route: Route): void {
    const d = this.ws.request;
    const params = Object.fromEntries(route.params.map((p) => [p, d.params[p] ?? '']));
    this.ws.setRequest({ ...d, route: route.route, params, path: fillRoute(route.route, params) });
  }

  private patch(p: Partial<RequestDraft>): void {
    this.applying = true;
    try {
      this.ws.setRequest({ ...this.ws.request, ...p });
    } finally {
      this.applying = false;
    }
    this.badges();
  }

  private badges(): void {
    const d = this.ws.request;
    const on = (rows: NameValue[]): string => String(rows.filter((r) => r.enabled && r.name).length || '');
    this.tabs.badge('query', on(d.query));
    this.tabs.badge('headers', on(d.headers));
    this.tabs.badge('body', d.body ? '•' : '');
  }

  /** A query typed into the path moves into the query rows. */
  private splitQuery(): void {
    const v = this.path.value;
    const i = v.indexOf('?');
    if (i < 0) return;
    const extra = [...new URLSearchParams(v.slice(i + 1))].map(([n, val]) => row(n, val));
    this.ws.setRequest({ ...this.ws.request, path: v.slice(0, i), query: [...this.ws.request.query, ...extra] });
  }

  private preset(sel: HTMLSelectElement): void {
    const p = PRESETS[Number(sel.value)];
    sel.value = '';
    if (p) this.ws.setRequest(p.apply(this.ws.request));
  }

  private render(): void {
    const d = this.ws.request;
    this.method.value = d.method;
    if (this.path.value !== d.path) this.path.value = d.path;
    if (this.body.value !== d.body) this.body.value = d.body;
    this.query.set(d.query);
    this.headers.set(d.headers);
    this.badges();
    // A path typed (or loaded) without picking a route still gets segment inputs when a dynamic route matches it.
    const matched = d.route ? undefined : this.routes.find((r) => r.params.length && new RegExp(r.pattern).test(d.path));
    const template = d.route && /\[/.test(d.route) ? d.route : matched?.route;
    const names = template ? [...template.matchAll(/\[([A-Za-z_][A-Za-z0-9_]*)\]/g)].map((m) => m[1]!) : [];
    const values: Record<string, string> = { ...d.params };
    if (matched) {
      const m = new RegExp(matched.pattern).exec(d.path);
      matched.params.forEach((n, i) => (values[n] = decodeURIComponent(m?.[i + 1] ?? '')));
    }
    replace(
      this.params,
      names.length
        ? [
            h('span', { class: 'muted' }, template),
            ...names.map((n) =>
              h(
                'label',
                { class: 'param' },
                `[${n}]`,
                h('input', {
                  value: values[n] ?? '',
                  'aria-label': `Route parameter ${n}`,
                  placeholder: n,
                  oninput: (e: Event) => {
                    const params = { ...values, ...this.ws.request.params, [n]: (e.target as HTMLInputElement).value };
                    this.patch({ route: template, params, path: fillRoute(template!, params) });
                    this.path.value = this.ws.request.path;
                  },
                }),
              ),
            ),
          ]
        : [],
    );
  }
}
