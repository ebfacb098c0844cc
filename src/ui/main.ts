// The app's entry: builds the layout, restores the project (share link,
// then autosave, then the hello example) and wires views to the runner.

import './app.css';
import { loadSaved, startAutosave } from './autosave.ts';
import { BuildBridge } from './build-bridge.ts';
import { h } from './dom.ts';
import { CodeEditor } from './editor.ts';
import { exampleById } from './examples.ts';
import { FileTree } from './file-tree.ts';
import { PreviewPool } from './preview-pool.ts';
import { problemsPanel } from './problems-panel.ts';
import { tidyCard } from './tidy-card.ts';
import { openShareDialog, openTxtarDialog, replaceProject } from './project-dialogs.ts';
import { RequestBuilder } from './request-builder.ts';
import { routesPanel } from './routes-panel.ts';
import { Runner } from './runner.ts';
import { TestRunner } from './test-runner.ts';
import { isShareHash, readShareLink } from './share-link.ts';
import { reproBanner } from './repro-banner.ts';
import type { ShareExpectation } from './reproduction.ts';
import { isSecretEnv } from './secret-env.ts';
import { toast } from './toast.ts';
import { toolbar } from './toolbar.ts';
import { buildLayout } from './layout.ts';
import { emptySnapshot, onChange, Workspace, type WorkspaceSnapshot } from './workspace.ts';

async function initialProject(): Promise<{ snap: WorkspaceSnapshot; from: 'share' | 'saved' | 'example'; expect?: ShareExpectation }> {
  if (isShareHash(location.hash)) {
    try {
      const { snap, expect } = readShareLink(location.hash);
      // The link is consumed: a reload should show the (autosaved) edits, not the link again.
      history.replaceState(null, '', location.pathname + location.search);
      return { snap, from: 'share', expect };
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), { tone: 'error' });
    }
  }
  const saved = await loadSaved();
  if (saved && Object.keys(saved.files).length) return { snap: saved, from: 'saved' };
  return { snap: exampleById('hello')?.snapshot ?? emptySnapshot(), from: 'example' };
}

async function main(): Promise<void> {
  const ws = new Workspace();
  const toolchainBase = new URL('toolchains/', document.baseURI).href;
  const bridge = new BuildBridge(toolchainBase);
  bridge.warmUp();
  // A preview instance past 1 GiB gets the memory an idle build worker holds (the tab has one budget).
  const runner = new Runner(ws, bridge, new PreviewPool((bytes) => bytes >= 1024 ** 3 && bridge.releaseIfIdle()));
  let autoRun = localStorage.getItem('gofn.autoRun') !== 'off';

  const start = await initialProject();
  const previous = start.from === 'share' ? await loadSaved() : undefined;
  ws.load(start.snap);
  const autosave = startAutosave(ws);
  if (previous && Object.keys(previous.files).length) {
    toast('Opened a shared project. Your own project was kept.', { action: { label: 'Back to mine', run: () => ws.load(previous) } });
  }
  if (start.from === 'share' && start.snap.previewEnv.some((v) => v.name)) {
    toast('This link names preview env vars without values: fill them in under Env.');
  }
  const secrets = start.from === 'share' ? start.snap.buildEnv.filter((v) => isSecretEnv(v.name) && !v.value).map((v) => v.name) : [];
  if (secrets.length) {
    toast(`This project needs ${secrets.join(', ')}, a secret that share links never carry: set it under Env → Build environment.`, { tone: 'error' });
  }

  const tidy = tidyCard(ws, () => void runner.run());
  const problems = problemsPanel((f, l, c) => editor.reveal(f, l, c), tidy.el);
  runner.on('modules', (m) => {
    tidy.show(m?.proposal);
    problems.warn(m?.warnings ?? []);
  });
  const tests = new TestRunner(ws, bridge);
  const commands = {
    run: () => void runner.run(),
    format: () => void format(),
  };
  const layout = buildLayout({ ws, runner, bridge, problems, autosave, commands, tests, reveal: (f, l, c) => editor.reveal(f, l, c) });
  const bar = toolbar(runner, {
    ...commands,
    test: () => {
      layout.showTests();
      void tests.run();
    },
    share: () => openShareDialog(ws, bridge, toolchainBase),
    txtar: () => openTxtarDialog(ws),
    example: (id) => {
      const x = exampleById(id);
      if (x) void replaceProject(ws, { ...x.snapshot, previewEnv: ws.previewEnv, buildEnv: ws.buildEnv }, `Loaded “${x.title}”: ${x.about}`).then(() => {
        if (autoRun) void runner.run();
      });
    },
    autoRun: (on) => {
      autoRun = on;
      localStorage.setItem('gofn.autoRun', on ? 'on' : 'off');
    },
  }, autoRun);
  // A link that recorded its bytes is rebuilt and checked against them.
  const repro = start.expect ? reproBanner(bridge, start.snap, start.expect, toolchainBase) : null;
  document.getElementById('app')!.replaceChildren(h('div', { class: 'app' }, bar, h('div', { class: 'repro-slot' }, repro), layout.el));
  // The version chip explains itself in the Toolchains panel: what go.mod asks for and what this host offers.
  bar.querySelector('[data-testid=version]')?.addEventListener('click', () => layout.showToolchains());

  const tree = new FileTree(ws);
  const editor = new CodeEditor(layout.editorHost, ws, commands);
  const builder = new RequestBuilder(ws, () => void runner.run());
  const routes = routesPanel(ws, {
    onPick: (r) => {
      builder.useRoute(r);
      if (!r.params.length && runner.routes.length) void runner.send();
    },
    onOpen: (f) => ws.open(f),
    onRoutes: (r) => builder.setRoutes(r),
  });
  layout.sidebar.append(tree.el, routes.el);
  layout.requestHost.append(builder.el);

  runner.on('diagnostics', (d) => {
    editor.setDiagnostics(d);
    problems.show(d);
    const counts = new Map<string, number>();
    for (const x of d) if (x.location?.file) counts.set(x.location.file, (counts.get(x.location.file) ?? 0) + 1);
    tree.setProblems(counts);
    layout.problemCount(d);
  });
  runner.on('routes', (r) => routes.setBuilt(r));

  async function format(): Promise<void> {
    const path = ws.active;
    if (!path.endsWith('.go')) return toast('Format works on Go files.');
    try {
      const version = runner.choice?.version ?? (await runner.detectVersion(), runner.choice?.version);
      if (!version) return toast('No Go toolchain to format with yet.', { tone: 'error' });
      await bridge.call(undefined, 'ensureToolchain', version, ['wasip1/wasm']);
      const r = await bridge.call(undefined, 'format', version, path, ws.files[path] ?? '');
      if (r.ok) editor.replaceText(r.source);
      else {
        editor.setDiagnostics(r.diagnostics);
        problems.show(r.diagnostics);
        layout.problemCount(r.diagnostics);
      }
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), { tone: 'error' });
    }
  }

  // Edits rebuild after a pause; a newer edit aborts the build in flight.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let versionTimer: ReturnType<typeof setTimeout> | undefined;
  onChange(ws, (kind, path) => {
    if (kind === 'content' || kind === 'structure' || kind === 'replace') {
      if (path === 'go.mod' || kind !== 'content') {
        clearTimeout(versionTimer);
        versionTimer = setTimeout(() => void runner.detectVersion(), 250);
      }
      if (autoRun && kind !== 'replace') {
        // The running build is stale now: stop it at once rather than when the next one starts.
        runner.cancel();
        clearTimeout(timer);
        timer = setTimeout(() => void runner.run(), 600);
      }
    }
  });
  onChange(ws, (kind) => {
    if (kind !== 'env') return;
    runner.restartInstances();
    clearTimeout(timer);
    if (autoRun) timer = setTimeout(() => void runner.run(), 600);
  });
  window.addEventListener('keydown', (e) => {
    // The editor handles its own Ctrl+Enter (and marks the event handled).
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !e.defaultPrevented) {
      e.preventDefault();
      clearTimeout(timer);
      void runner.run();
    }
  });

  if (!crossOriginIsolated) toast('This page is not cross-origin isolated (COOP/COEP headers missing): previews start a fresh instance for every request, so state does not carry over.');
  if (autoRun) void runner.run();
  else void runner.detectVersion();
  void navigator.storage?.persist?.();
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('offline support unavailable:', e));
  }
}

void main();
