// The go.mod/go.sum change a build needs, as `go mod tidy` would make it
// (a handler imports a module go.mod does not require, or go.sum lacks a
// checksum the checksum database vouched for). Shown above the problems;
// nothing is written until the user applies it, with one click.

import type { ModProposal } from '../core/types.ts';
import { h, replace } from './dom.ts';
import type { Workspace } from './workspace.ts';

export function tidyCard(ws: Workspace, onApplied: () => void): { el: HTMLElement; show(p: ModProposal | undefined): void } {
  const el = h('div', { class: 'tidy-card', 'data-testid': 'tidy-card', hidden: true });
  const show = (p: ModProposal | undefined): void => {
    if (!p || p.applied) {
      el.hidden = true;
      return;
    }
    const apply = h('button', { class: 'primary', 'data-testid': 'tidy-apply' }, 'Apply to go.mod and go.sum');
    apply.addEventListener('click', () => {
      ws.setFile('go.mod', p.goMod);
      ws.setFile('go.sum', p.goSum);
      el.hidden = true;
      onApplied();
    });
    replace(
      el,
      h('div', { class: 'tidy-head' }, h('strong', null, 'go.mod needs what go mod tidy would add'), apply),
      h('ul', { class: 'tidy-changes' }, p.changes.map((c) => h('li', null, c.replace(/^go: /, '')))),
      h('details', null, h('summary', null, 'New go.mod'), h('pre', { class: 'tidy-gomod' }, p.goMod)),
    );
    el.hidden = false;
  };
  return { el, show };
}
