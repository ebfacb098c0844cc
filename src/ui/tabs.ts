// A tab strip over panels; a tab can carry a badge (e.g. a problem count).

import { h } from './dom.ts';

export interface TabSpec {
  id: string;
  label: string;
  panel: HTMLElement;
}

export interface Tabs {
  el: HTMLElement;
  select(id: string): void;
  badge(id: string, text: string, tone?: 'danger' | 'warn' | 'muted'): void;
}

export function createTabs(name: string, specs: TabSpec[], initial = specs[0]?.id ?? ''): Tabs {
  const buttons = new Map<string, HTMLButtonElement>();
  const badges = new Map<string, HTMLSpanElement>();
  const strip = h('div', { class: 'tabstrip', role: 'tablist', 'aria-label': name });
  const body = h('div', { class: 'tabbody' });
  for (const s of specs) {
    const badge = h('span', { class: 'badge', hidden: true });
    const b = h('button', { class: 'tab', role: 'tab', 'data-tab': s.id, onclick: () => select(s.id) }, s.label, badge);
    buttons.set(s.id, b);
    badges.set(s.id, badge);
    strip.append(b);
    s.panel.setAttribute('role', 'tabpanel');
    s.panel.dataset.panel = s.id;
    body.append(s.panel);
  }
  function select(id: string): void {
    for (const s of specs) {
      const on = s.id === id;
      s.panel.hidden = !on;
      buttons.get(s.id)?.setAttribute('aria-selected', String(on));
    }
  }
  select(initial);
  return {
    el: h('section', { class: 'tabs', 'data-tabs': name }, strip, body),
    select,
    badge(id, text, tone = 'muted') {
      const b = badges.get(id);
      if (!b) return;
      b.textContent = text;
      b.hidden = text === '';
      b.dataset.tone = tone;
    },
  };
}
