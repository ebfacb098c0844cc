// The problems list: every build diagnostic with its place; clicking one
// opens the file at that line. Warnings (a retracted module version) follow
// the errors; a header (the go.mod change a build needs) may sit on top.

import { formatDiagnostic, type Diagnostic } from '../core/types.ts';
import { h, replace } from './dom.ts';

export function problemsPanel(
  onReveal: (file: string, line: number, column: number) => void,
  header?: HTMLElement,
): {
  el: HTMLElement;
  show(diags: Diagnostic[]): void;
  warn(warnings: Diagnostic[]): void;
} {
  const list = h('div');
  const el = h('div', { class: 'problems', 'data-testid': 'problems' }, header ?? null, list);
  let errors: Diagnostic[] = [];
  let warnings: Diagnostic[] = [];
  const item = (d: Diagnostic, warning: boolean): HTMLElement => {
    const loc = d.location;
    const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}` : '';
    return h(
      'li',
      warning ? { class: 'warning', 'data-testid': 'warning' } : null,
      h(
        'button',
        {
          class: 'problem',
          title: formatDiagnostic(d),
          'data-file': loc?.file,
          'data-line': loc?.line,
          onclick: () => loc?.file && onReveal(loc.file, loc.line, loc.column),
        },
        h('span', { class: 'sev' }, warning ? '▲' : '●'),
        h('span', { class: 'msg' }, d.message),
        h('span', { class: 'where' }, where),
        h('span', { class: 'src' }, d.source),
      ),
      d.notes?.length ? h('pre', { class: 'notes' }, d.notes.join('\n')) : null,
    );
  };
  const render = (): void => {
    if (!errors.length && !warnings.length) return replace(list, h('p', { class: 'empty' }, 'No problems.'));
    replace(list, h('ul', null, errors.map((d) => item(d, false)), warnings.map((d) => item(d, true))));
  };
  render();
  return {
    el,
    show(diags) {
      errors = diags;
      render();
    },
    warn(w) {
      warnings = w;
      render();
    },
  };
}
