// The top bar: examples, the Go version go.mod resolves to, build status,
// and the project's actions (Format, Run, Share, txtar).

import { h, replace } from './dom.ts';
import { examples } from './examples.ts';
import type { Phase, Runner } from './runner.ts';

export interface ToolbarActions {
  run(): void;
  test(): void;
  format(): void;
  share(): void;
  txtar(): void;
  example(id: string): void;
  autoRun(on: boolean): void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? '⌘' : 'Ctrl';

export function toolbar(runner: Runner, actions: ToolbarActions, autoRun: boolean): HTMLElement {
  const version = h('button', { class: 'chip', type: 'button', 'data-testid': 'version', title: 'Go version chosen from go.mod' }, 'go.mod → …');
  const status = h('span', { class: 'status-text', 'data-testid': 'status', 'data-phase': 'idle', role: 'status' }, 'Ready');
  runner.on('version', (c) => {
    if ('error' in c) {
      version.dataset.tone = 'danger';
      version.title = c.error.message;
      replace(version, 'Go version: ', h('strong', null, 'not available'));
      return;
    }
    // A newer toolchain than go.mod asks for is fine (the go line is a minimum) but worth a look.
    version.dataset.tone = c.how === 'newer' ? 'notice' : '';
    version.title = c.note;
    version.dataset.how = c.how;
    const asked = c.requested ? `go.mod asks for ${c.from === 'toolchain' ? `toolchain go${c.requested}` : `go ${c.requested}`} → ` : '';
    replace(version, `${asked}using `, h('strong', null, `go${c.version}`), c.how === 'newer' ? ' (closest bundled)' : '');
  });
  const busy: Phase[] = ['version', 'download', 'build', 'request'];
  runner.on('phase', ({ phase, message }) => {
    status.dataset.phase = phase;
    status.classList.toggle('busy', busy.includes(phase));
    status.textContent = message;
  });
  // go vet's state, for whoever waits for it to settle (its downloads included).
  runner.on('vet', (state) => (status.dataset.vet = state));
  const picker = h(
    'select',
    {
      class: 'examples',
      'aria-label': 'Examples',
      onchange: (e: Event) => {
        const sel = e.target as HTMLSelectElement;
        if (sel.value) actions.example(sel.value);
        sel.value = '';
      },
    },
    h('option', { value: '' }, 'Examples…'),
    examples.map((x) => h('option', { value: x.id, title: x.about }, x.title)),
  );
  const auto = h('input', { type: 'checkbox', checked: autoRun, onchange: (e: Event) => actions.autoRun((e.target as HTMLInputElement).checked) });
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: './', title: 'gofn: Go functions, built and previewed in your browser' }, h('span', { class: 'logo' }, 'ƒ'), 'gofn'),
    picker,
    version,
    status,
    h('span', { class: 'spacer' }),
    h('button', { onclick: actions.format, title: `Format with gofmt (${modKey}+S)` }, 'Format'),
    h('label', { class: 'toggle', title: 'Build and send the request a moment after each edit' }, auto, 'Auto'),
    h('button', { class: 'primary run', 'data-testid': 'run', onclick: actions.run, title: `Build and send (${modKey}+Enter)` }, '▶ Run', h('kbd', null, `${modKey}+↵`)),
    h('button', { onclick: actions.test, 'data-testid': 'test', title: 'Run the tests of every package (go test -v ./...)' }, 'Test'),
    h('span', { class: 'sep' }),
    h('button', { onclick: actions.txtar, title: 'Import or export the Go Playground txtar format' }, 'txtar'),
    h('button', { onclick: actions.share, 'data-testid': 'share' }, 'Share'),
  );
}
