// Preview env (what Vercel calls project environment variables; the handler
// reads them with os.Getenv) and build env (GO_BUILD_FLAGS and the like).

import { h } from './dom.ts';
import { kvEditor } from './kv-editor.ts';
import { isSecretEnv } from './secret-env.ts';
import { onChange, type Workspace } from './workspace.ts';

export function envPanel(ws: Workspace): HTMLElement {
  const preview = kvEditor({ label: 'preview env', namePlaceholder: 'NAME', secret: true, onChange: (rows) => ws.setEnv('previewEnv', rows) });
  const build = kvEditor({ label: 'build env', namePlaceholder: 'GO_BUILD_FLAGS', valuePlaceholder: "-ldflags '-s -w'", isSecret: isSecretEnv, onChange: (rows) => ws.setEnv('buildEnv', rows) });
  const load = (): void => {
    preview.set(ws.previewEnv);
    build.set(ws.buildEnv);
  };
  onChange(ws, (kind) => kind === 'replace' && load());
  load();
  return h(
    'div',
    { class: 'env' },
    h('h3', null, 'Preview environment'),
    h('p', { class: 'hint' }, 'Read with os.Getenv in the handler. Changing them restarts the instances. Share links carry the names, never the values.'),
    preview.el,
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
