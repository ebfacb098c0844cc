// The problems list: every build diagnostic with its place; clicking one
// opens the file at that line.

import { formatDiagnostic, type Diagnostic } from '../core/types.ts';
import { h, replace } from './dom.ts';

export function problemsPanel(onReveal: (file: string, line: number, column: number) => void): {
  el: HTMLElement;
  show(diags: Diagnostic[]): void;
} {
  const el = h('div', { class: 'problems', 'data-testid': 'problems' });
  const show = (diags: Diagnostic[]): void => {
    if (!diags.length) return replace(el, h('p', { class: 'empty' }, 'No problems.'));
    replace(
      el,
      h(
        'ul',
        null,
        diags.map((d) => {
          const loc = d.location;
          const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}` : '';
          return h(
            'li',
            null,
            h(
              'button',
              {
                class: 'problem',
                'data-severity': d.severity ?? 'error',
                title: formatDiagnostic(d),
                'data-file': loc?.file,
                'data-line': loc?.line,
                onclick: () => loc?.file && onReveal(loc.file, loc.line, loc.column),
              },
              h('span', { class: 'sev', 'data-severity': d.severity ?? 'error', title: d.severity === 'warning' ? 'warning' : 'error' }, d.severity === 'warning' ? '▲' : '●'),
              h('span', { class: 'msg' }, d.message),
              h('span', { class: 'where' }, where),
              h('span', { class: 'src' }, d.source),
            ),
            d.notes?.length ? h('pre', { class: 'notes' }, d.notes.join('\n')) : null,
          );
        }),
      ),
    );
  };
  show([]);
  return { el, show };
}
