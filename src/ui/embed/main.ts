// The embeddable widget (embed.html#share=…): one file's editor, the request
// line and the response, built and run in the reader's browser with the same
// engine, worker and IndexedDB cache as the full app (same origin), and a link
// to the full app on the same project. Nothing is autosaved: the widget
// never touches the reader's own project.
//
// Where the page is isolated (cross-origin isolated when opened directly, or
// per document by Document-Isolation-Policy when framed in Chromium 137+),
// previews keep a warm instance; elsewhere each request starts a fresh one
// (see src/core/preview, "without SharedArrayBuffer"). Builds need neither.

import '../app.css';
import './embed.css';
import { BuildBridge } from '../build-bridge.ts';
import { h, replace } from '../dom.ts';
import { CodeEditor } from '../editor.ts';
import { appUrlFor, readEmbedHash } from '../embed-link.ts';
import { PreviewPool } from '../preview-pool.ts';
import { progressView } from '../progress-view.ts';
import { responseViewer } from '../response-viewer.ts';
import { Runner } from '../runner.ts';
import { onChange, Workspace } from '../workspace.ts';
import { requestLine } from './request-line.ts';
import { formatDiagnostic } from '../../core/types.ts';

const root = document.getElementById('app')!;

/** What the widget cannot do without: WebAssembly, module workers and IndexedDB. */
function missingFeature(): string | undefined {
  if (typeof WebAssembly !== 'object') return 'WebAssembly';
  if (typeof Worker === 'undefined') return 'Web Workers';
  if (typeof indexedDB === 'undefined') return 'IndexedDB';
  return undefined;
}

function card(message: string, appUrl?: string): void {
  replace(
    root,
    h(
      'div',
      { class: 'embed-card', 'data-testid': 'embed-card' },
      h('p', null, message),
      appUrl ? h('a', { class: 'button primary', href: appUrl, target: '_blank', rel: 'noopener', 'data-testid': 'open-in-gofn' }, 'Open in gofn ↗') : null,
    ),
  );
}

function main(): void {
  let parsed: ReturnType<typeof readEmbedHash>;
  try {
    parsed = readEmbedHash(location.hash);
  } catch (e) {
    return card(e instanceof Error ? e.message : String(e));
  }
  const openUrl = (snap = parsed.snap): string | undefined => {
    const r = appUrlFor(snap, location.href);
    return r.ok ? r.url : undefined;
  };
  const missing = missingFeature();
  if (missing) return card(`This browser cannot run the example here: it has no ${missing}.`, openUrl());

  const ws = new Workspace();
  ws.load(parsed.snap);
  const bridge = new BuildBridge(new URL('toolchains/', document.baseURI).href);
  const runner = new Runner(ws, bridge, new PreviewPool());
  const open = h('a', { class: 'button', target: '_blank', rel: 'noopener', 'data-testid': 'open-in-gofn', title: 'Open this project in the full gofn app' }, 'Open in gofn ↗');
  const status = h('span', { class: 'status-text', 'data-testid': 'status', 'data-phase': 'idle', role: 'status' }, 'Ready');
  const editorHost = h('div', { class: 'editor-host embed-editor' });
  const problems = h('pre', { class: 'embed-problems', 'data-testid': 'problems', hidden: true });
  const viewer = responseViewer();
  const progress = progressView();
  const request = requestLine(ws, () => void runner.run());
  const response = h('div', { class: 'response embed-res', 'data-testid': 'embed-response' }, h('div', { class: 'embed-status' }, status), progress.el, viewer.summary, viewer.body);
  replace(
    root,
    h(
      'div',
      { class: 'embed', 'data-isolated': String(typeof SharedArrayBuffer !== 'undefined') },
      h(
        'header',
        { class: 'embed-head' },
        h('span', { class: 'logo' }, 'ƒ'),
        h('span', { class: 'embed-file', title: ws.active }, ws.active, parsed.options.readOnly ? h('span', { class: 'muted' }, ' (read-only)') : null),
        h('span', { class: 'spacer' }),
        h('button', { class: 'primary', 'data-testid': 'run', onclick: () => void runner.run(true), title: 'Build and send' }, '▶ Run'),
        open,
      ),
      editorHost,
      problems,
      request.el,
      response,
    ),
  );
  const editor = new CodeEditor(editorHost, ws, { run: () => void runner.run(), format: () => undefined }, parsed.options.readOnly);

  const refreshOpen = (): void => {
    const url = openUrl(ws.snapshot());
    if (url) open.setAttribute('href', url);
    else open.removeAttribute('href');
  };
  refreshOpen();

  runner.on('phase', ({ phase, message }) => {
    status.dataset.phase = phase;
    status.textContent = message;
    if (phase === 'download') progress.reset('Downloading the Go toolchain: once, then it is cached in this browser');
    else progress.finish();
  });
  runner.on('progress', (e) => progress.update(e));
  runner.on('diagnostics', (d) => {
    editor.setDiagnostics(d);
    const errors = d.filter((x) => x.severity !== 'warning');
    problems.hidden = errors.length === 0;
    problems.textContent = errors.map(formatDiagnostic).join('\n');
  });
  runner.on('routes', (r) => request.setRoutes(r));
  runner.on('partial', (ex) => viewer.show(ex));
  runner.on('exchange', (ex) => {
    viewer.show(ex);
    response.dataset.exchange = String(ex.id);
  });

  // Edits rebuild after a pause, as in the app; a newer edit cancels the build in flight.
  let timer: ReturnType<typeof setTimeout> | undefined;
  onChange(ws, (kind) => {
    refreshOpen();
    if (kind !== 'content' && kind !== 'structure') return;
    runner.cancel();
    clearTimeout(timer);
    timer = setTimeout(() => void runner.run(), 600);
  });
  void runner.run();
}

main();
