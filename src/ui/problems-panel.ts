// The problems list: every build diagnostic with its place; clicking one
// opens the file at that line. Module warnings (a retracted version) follow
// the build's own list; a header (the go.mod change a build needs) may sit
// on top.

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
  let shown: Diagnostic[] = [];
  let warnings: Diagnostic[] = [];
  const item = (d: Diagnostic): HTMLElement => {
    const loc = d.location;
    const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}` : '';
    const severity = d.severity ?? 'error';
    return h(
      'li',
      null,
      h(
        'button',
        {
          class: 'problem',
          'data-severity': severity,
          title: formatDiagnostic(d),
          'data-file': loc?.file,
          'data-line': loc?.line,
          onclick: () => loc?.file && onReveal(loc.file, loc.line, loc.column),
        },
        h('span', { class: 'sev', 'data-severity': severity, title: severity }, severity === 'warning' ? '▲' : '●'),
        h('span', { class: 'msg' }, d.message),
        h('span', { class: 'where' }, where),
        h('span', { class: 'src' }, d.source),
      ),
      d.notes?.length ? h('pre', { class: 'notes' }, d.notes.join('\n')) : null,
    );
  };
  const render = (): void => {
    const all = [...shown, ...warnings.map((w) => ({ ...w, severity: 'warning' as const }))];
    if (!all.length) return replace(list, h('p', { class: 'empty' }, 'No problems.'));
    replace(list, h('ul', null, all.map(item)));
  };
  render();
  return {
    el,
    show(diags) {
      shown = diags;
      render();
    },
    warn(w) {
      warnings = w;
      render();
    },
  };
}
