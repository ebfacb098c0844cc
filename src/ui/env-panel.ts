// Preview env (what Vercel calls project environment variables; the handler
// reads them with os.Getenv) and build env (GO_BUILD_FLAGS and the like).

import { h } from './dom.ts';
import { kvEditor } from './kv-editor.ts';
import { isSecretEnv } from './secret-env.ts';
import { onChange, type Workspace } from './workspace.ts';

/** The module proxy the app uses unless GOPROXY says otherwise: its own origin's pass-through to proxy.golang.org. */
export const defaultGoproxy = (): string => new URL('_gofn/goproxy', document.baseURI).href;

export function envPanel(ws: Workspace): HTMLElement {
  const preview = kvEditor({ label: 'preview env', namePlaceholder: 'NAME', secret: true, onChange: (rows) => ws.setEnv('previewEnv', rows) });
  const build = kvEditor({ label: 'build env', namePlaceholder: 'GO_BUILD_FLAGS', valuePlaceholder: "-ldflags '-s -w'", isSecret: isSecretEnv, onChange: (rows) => ws.setEnv('buildEnv', rows) });
  // GOPROXY is a build env variable like the others; this field is a shortcut to its row.
  const proxy = h('input', { type: 'text', class: 'goproxy', placeholder: defaultGoproxy(), 'aria-label': 'GOPROXY', 'data-testid': 'goproxy', spellcheck: 'false' });
  proxy.addEventListener('change', () => {
    const rest = ws.buildEnv.filter((r) => r.name !== 'GOPROXY');
    const value = proxy.value.trim();
    ws.setEnv('buildEnv', value ? [...rest, { name: 'GOPROXY', value, enabled: true }] : rest);
    build.set(ws.buildEnv);
  });
  const load = (): void => {
    preview.set(ws.previewEnv);
    build.set(ws.buildEnv);
    proxy.value = ws.buildEnv.find((r) => r.name === 'GOPROXY' && r.enabled)?.value ?? '';
  };
  onChange(ws, (kind) => kind === 'replace' && load());
  load();
  return h(
    'div',
    { class: 'env' },
    h('h3', null, 'Preview environment'),
    h('p', { class: 'hint' }, 'Read with os.Getenv in the handler. Changing them restarts the instances. Share links carry the names, never the values.'),
    preview.el,
    h('h3', null, 'Modules'),
    h(
      'p',
      { class: 'hint' },
      'GOPROXY: where go.mod\'s modules come from. Empty means this app\'s own pass-through to proxy.golang.org (browsers cannot read the public proxy directly). ',
      'A list with "," and "|" works as in go; a URL may carry user:token@ (sent to that host only, never put in share links). ',
      'GOPRIVATE, GONOSUMDB, GOSUMDB and GOFLAGS (-mod=vendor) go in the build environment below, read as go reads them.',
    ),
    proxy,
    h('h3', null, 'Build environment'),
    h('p', { class: 'hint' }, h('code', null, 'GO_BUILD_FLAGS'), " replaces the default -ldflags '-s -w' (e.g. -ldflags '-X main.version=1'). vercel.json build.env is merged under these."),
    build.el,
    h(
      'p',
      { class: 'hint' },
      'Private modules: ',
      h('code', null, 'GOPRIVATE'),
      ' names them (e.g. git.example.com/*) and ',
      h('code', null, 'GIT_CREDENTIALS'),
      ' holds https://user:token@host lines, one per host. It is a secret: kept only in this browser, never in share links, exports or logs. Git hosts are reached through this app\'s server, which forwards only to the hosts it allows.',
    ),
  );
}
