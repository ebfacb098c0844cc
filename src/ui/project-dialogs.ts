// Share and txtar dialogs: a share link in the URL fragment (too big → a
// sentence saying so), and the Go Playground's txtar format both ways.

import { keepAsPrevious } from './autosave.ts';
import { download, h } from './dom.ts';
import type { BuildBridge } from './build-bridge.ts';
import { recordBytes } from './repro-banner.ts';
import { makeShareUrl } from './share-link.ts';
import { embedSnippet, makeEmbedUrl } from './embed-link.ts';
import { createTabs } from './tabs.ts';
import { toast } from './toast.ts';
import { filesFromPlayground, playgroundFromFiles } from './txtar.ts';
import type { Workspace } from './workspace.ts';

function dialog(title: string, ...body: (Node | null)[]): HTMLDialogElement {
  const d = h(
    'dialog',
    { class: 'dialog' },
    h('form', { method: 'dialog', class: 'dialog-head' }, h('h2', null, title), h('button', { class: 'icon', 'aria-label': 'Close' }, '×')),
    ...body,
  );
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} copied to the clipboard`);
  } catch {
    toast(`Select the ${what.toLowerCase()} and copy it (the clipboard is not available here)`);
  }
}

export function openShareDialog(ws: Workspace, bridge: BuildBridge, toolchainBase: string): void {
  const snap = ws.snapshot();
  const r = makeShareUrl(snap, location.href);
  if (!r.ok) {
    dialog('Share link', h('p', { class: 'share-error', role: 'alert', 'data-testid': 'share-error' }, r.message), h('p', null, h('button', { onclick: () => (document.querySelector<HTMLDialogElement>('dialog.dialog')?.close(), openTxtarDialog(ws)) }, 'Export .txtar…')));
    return;
  }
  const input = h('input', { class: 'share-url', readonly: true, value: r.url, 'data-testid': 'share-url', 'aria-label': 'Share link' });
  const record = h('p', { class: 'hint', 'data-testid': 'share-record', 'data-state': 'recording' }, 'Building every route for linux/amd64 to record its sha256 in the link, so that opening it can check the rebuild is the same bytes…');
  const link = h(
    'div',
    null,
    h('p', { class: 'hint' }, `The whole project, its Go version, env names (no values) and the current request, compressed into the link (${Math.ceil(r.bytes / 1024)} KB). Nothing is uploaded.`),
    h('div', { class: 'row' }, input, h('button', { class: 'primary', onclick: () => void copy(input.value, 'Link') }, 'Copy')),
    record,
  );
  const tabs = createTabs('share', [
    { id: 'link', label: 'Link', panel: link },
    { id: 'embed', label: 'Embed', panel: embedPanel(ws) },
  ]);
  const d = dialog('Share', tabs.el);
  input.select();
  void recordBytes(bridge, snap, toolchainBase).then((expect) => {
    if (!d.isConnected) return;
    if ('error' in expect) {
      record.dataset.state = 'none';
      record.textContent = `The link does not record bytes to check: ${expect.error}.`;
      return;
    }
    const withBytes = makeShareUrl(snap, location.href, expect);
    if (!withBytes.ok) {
      record.dataset.state = 'none';
      record.textContent = 'The recorded sha256 values would make the link too long, so it does not carry them.';
      return;
    }
    input.value = withBytes.url;
    input.select();
    const n = Object.keys(expect.routes).length;
    record.dataset.state = 'recorded';
    record.textContent = `The link records the sha256 of ${n} linux/amd64 bootstrap${n === 1 ? '' : 's'} (go${expect.go}): opening it rebuilds them and shows whether the bytes are the same.`;
  });
}

/** The Embed tab: an <iframe> snippet showing one file, its request and the response, for course pages. */
function embedPanel(ws: Workspace): HTMLElement {
  const goFiles = ws.paths().filter((p) => p.endsWith('.go'));
  const file = h('select', { 'aria-label': 'File shown', 'data-testid': 'embed-file' }, goFiles.map((p) => h('option', { value: p, selected: p === ws.active }, p)));
  const readOnly = h('input', { type: 'checkbox', 'data-testid': 'embed-readonly' });
  const snippet = h('textarea', { class: 'txtar embed-snippet', readonly: true, spellcheck: 'false', 'aria-label': 'Embed snippet', 'data-testid': 'embed-snippet' });
  const open = h('a', { target: '_blank', rel: 'noopener' }, 'Open the widget');
  const note = h('p', { class: 'share-error', role: 'alert', hidden: true });
  const update = (): void => {
    const r = makeEmbedUrl(ws.snapshot(), location.href, { file: file.value, readOnly: readOnly.checked });
    note.hidden = r.ok;
    if (!r.ok) {
      note.textContent = r.message;
      snippet.value = '';
      return;
    }
    snippet.value = embedSnippet(r.url, `gofn: ${file.value}`);
    open.href = r.url;
  };
  file.addEventListener('change', update);
  readOnly.addEventListener('change', update);
  update();
  return h(
    'div',
    null,
    h('p', { class: 'hint' }, 'A live example for a course page: one file\'s editor, the request and the response, built and run in the reader\'s browser. It works inside any page, from 320 px wide, and follows the reader\'s light or dark mode.'),
    h('div', { class: 'row' }, h('label', null, 'File ', file), h('label', { class: 'toggle' }, readOnly, 'Read-only'), h('span', { class: 'spacer' }), open),
    snippet,
    note,
    h('div', { class: 'row' }, h('span', { class: 'spacer' }), h('button', { class: 'primary', 'data-testid': 'embed-copy', onclick: () => void copy(snippet.value, 'Embed snippet') }, 'Copy snippet')),
  );
}

export function openTxtarDialog(ws: Workspace): void {
  const area = h('textarea', { class: 'txtar', spellcheck: 'false', 'aria-label': 'txtar', 'data-testid': 'txtar-text' });
  area.value = playgroundFromFiles(ws.files);
  const file = h('input', { type: 'file', accept: '.txtar,.txt,text/plain', hidden: true });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) area.value = await f.text();
  });
  const d = dialog(
    'Go Playground format (txtar)',
    h('p', { class: 'hint' }, 'The project as the Go Playground shares it: "-- name --" lines start each file. Paste one here (or open a file) and import it, or take this one elsewhere.'),
    area,
    file,
    h(
      'div',
      { class: 'row' },
      h('button', { onclick: () => download('project.txtar', area.value, 'text/plain') }, 'Download .txtar'),
      h('button', { onclick: () => void copy(area.value, 'txtar') }, 'Copy'),
      h('button', { onclick: () => file.click() }, 'Open file…'),
      h('span', { class: 'spacer' }),
      h(
        'button',
        {
          class: 'primary',
          'data-testid': 'txtar-import',
          onclick: async () => {
            const files = filesFromPlayground(area.value);
            if (!Object.keys(files).length) return toast('Nothing to import: no "-- name --" sections and no code.', { tone: 'error' });
            await replaceProject(ws, { ...ws.snapshot(), files, folders: [], active: '' }, 'Imported the txtar');
            d.close();
          },
        },
        'Import (replaces the project)',
      ),
    ),
  );
}

/** Replaces the project, keeping the old one as "previous" with a way back. */
export async function replaceProject(ws: Workspace, next: ReturnType<Workspace['snapshot']>, message: string): Promise<void> {
  const prev = ws.snapshot();
  if (Object.keys(prev.files).length) await keepAsPrevious(prev);
  ws.load(next);
  toast(message, Object.keys(prev.files).length ? { action: { label: 'Undo', run: () => ws.load(prev) } } : {});
}
