// The page's panes: files and routes on the left, the editor with its
// problems/artifacts/env/toolchains tabs in the middle, the request and the
// response on the right. Borders between panes can be dragged.

import type { Diagnostic } from '../core/types.ts';
import { artifactsPanel } from './artifacts-panel.ts';
import type { Autosave } from './autosave.ts';
import type { BuildBridge } from './build-bridge.ts';
import { h } from './dom.ts';
import { envPanel } from './env-panel.ts';
import { historyPanel } from './history-panel.ts';
import { logsPanel } from './logs-panel.ts';
import { progressView } from './progress-view.ts';
import { responseViewer } from './response-viewer.ts';
import type { Runner } from './runner.ts';
import { splitter } from './splitter.ts';
import { createTabs } from './tabs.ts';
import { toolchainPanel } from './toolchain-panel.ts';
import type { TestRunner } from './test-runner.ts';
import { testsPanel } from './tests-panel.ts';
import { onChange, type Workspace } from './workspace.ts';
import { markShown } from './run-trace.ts';

export interface LayoutDeps {
  ws: Workspace;
  runner: Runner;
  bridge: BuildBridge;
  problems: { el: HTMLElement; show(d: Diagnostic[]): void };
  autosave: Autosave;
  commands: { run(): void };
  tests: TestRunner;
  reveal(file: string, line: number, column: number): void;
}

export function buildLayout({ ws, runner, bridge, problems, autosave, tests, reveal }: LayoutDeps): {
  el: HTMLElement;
  sidebar: HTMLElement;
  editorHost: HTMLElement;
  requestHost: HTMLElement;
  problemCount(diags: Diagnostic[]): void;
  showTests(): void;
  /** Opens the Toolchains panel (the version chip explains itself there). */
  showToolchains(): void;
} {
  const sidebar = h('aside', { class: 'sidebar' });
  const editorHost = h('div', { class: 'editor-host' });
  const requestHost = h('div', { class: 'request-host' });
  const crumb = h('span', { class: 'crumb', 'data-testid': 'active-file' });
  const saved = h('span', { class: 'saved', 'data-testid': 'save-state', 'data-state': 'saved' }, 'Saved');

  // Autosave state, shown so it is clear that nothing is lost on reload.
  onChange(ws, (kind) => {
    crumb.textContent = ws.active || 'no file';
    if (kind === 'active') return;
    saved.dataset.state = 'saving';
    saved.textContent = 'Saving…';
    void autosave.flush().then(() => {
      saved.dataset.state = 'saved';
      saved.textContent = 'Saved';
    });
  });
  crumb.textContent = ws.active || 'no file';
  autosave.onError((e) => {
    saved.dataset.state = 'error';
    saved.textContent = 'Not saved';
    saved.title = `Autosave failed: ${e instanceof Error ? e.message : String(e)}`;
  });

  const tc = toolchainPanel(bridge, () => runner.choice);
  const bottom = createTabs('build', [
    { id: 'problems', label: 'Problems', panel: problems.el },
    { id: 'tests', label: 'Tests', panel: testsPanel(tests, (failed, total) => bottom.badge('tests', total ? String(failed || total) : '', failed ? 'danger' : 'muted')) },
    { id: 'artifacts', label: 'Artifacts', panel: artifactsPanel(ws, bridge, (d) => (problems.show(d), bottom.select('problems'))) },
    { id: 'env', label: 'Env', panel: envPanel(ws) },
    { id: 'toolchains', label: 'Toolchains', panel: tc.el },
  ]);
  bottom.el.querySelector('[data-tab=toolchains]')?.addEventListener('click', () => void tc.refresh());

  const viewer = responseViewer();
  const projectFileOf = (path: string): string | undefined =>
    path.includes('/_gofn/') ? undefined : ws.paths().find((p) => path === p || path.endsWith('/' + p));
  const logs = logsPanel(projectFileOf, (file, line) => reveal(file, line, 0));
  const history = historyPanel((ex) => {
    ws.setRequest(ex.draft);
    viewer.show(ex);
    resTabs.select('body');
  });
  const resTabs = createTabs('response', [
    { id: 'body', label: 'Body', panel: viewer.body },
    { id: 'headers', label: 'Headers', panel: viewer.headers },
    { id: 'logs', label: 'Logs', panel: logs.el },
    { id: 'history', label: 'History', panel: history.el },
  ]);
  const progress = progressView();
  runner.on('progress', (e) => progress.update(e));
  runner.on('phase', ({ phase }) => {
    if (phase === 'download') progress.reset(`Downloading the Go toolchain${runner.choice ? ` (go${runner.choice.version})` : ''}: once, then it is cached in this browser`);
    else {
      progress.finish();
      // Shown again only if the build downloads something: the modules go.mod requires, or std archives.
      if (phase === 'build') progress.reset('Fetching modules and toolchain files: once, then they are cached in this browser');
    }
  });
  runner.on('partial', (ex) => viewer.show(ex));
  runner.on('exchange', (ex) => {
    viewer.show(ex);
    markShown(ex.id, viewer.body);
    logs.add(ex);
    history.add(ex);
    const lines = ex.response?.logs.length ?? 0;
    resTabs.badge('logs', lines ? String(lines) : '', ex.response && ex.response.status >= 500 ? 'danger' : 'muted');
    resTabs.badge('headers', ex.response ? String(ex.response.headers.length) : '');
  });

  const center = h(
    'section',
    { class: 'center' },
    h('div', { class: 'editor-pane' }, h('div', { class: 'editor-head' }, crumb, h('span', { class: 'spacer' }), saved), editorHost),
    h('div', { class: 'bottom' }, bottom.el),
  );
  const right = h(
    'section',
    { class: 'right' },
    requestHost,
    h('div', { class: 'response' }, viewer.summary, progress.el, resTabs.el),
  );
  const el = h('main', { class: 'layout' }, sidebar, h('div'), center, h('div'), right);
  el.children[1]!.replaceWith(splitter(el, '--left', 'x', { min: 160, max: 480 }));
  el.children[3]!.replaceWith(splitter(el, '--right', 'x', { min: 320, max: 900, invert: true }));
  center.insertBefore(splitter(center, '--bottom', 'y', { min: 90, max: 600, invert: true }), center.lastElementChild);
  return {
    el,
    sidebar,
    editorHost,
    requestHost,
    showTests() {
      bottom.select('tests');
    },
    problemCount(diags) {
      const errors = diags.filter((d) => d.severity !== 'warning').length;
      bottom.badge('problems', diags.length ? String(diags.length) : '', errors ? 'danger' : 'warn');
      // Warnings (go vet) are there to look at, not to take the panel from what the user was reading.
      if (errors) bottom.select('problems');
    },
    showToolchains() {
      bottom.select('toolchains');
      void tc.refresh();
    },
  };
}
