// Editable name/value rows (query, headers, env): a checkbox to switch a row
// off without deleting it, and an empty row at the end to add the next one.

import { h, replace } from './dom.ts';
import type { NameValue } from './workspace.ts';

export interface KvOptions {
  label: string;
  namePlaceholder?: string;
  valuePlaceholder?: string;
  secret?: boolean;
  /** Rows whose value is masked and marked secret (the whole editor when `secret` is set). */
  isSecret?: (name: string, value: string) => boolean;
  onChange(rows: NameValue[]): void;
}

export function kvEditor(opts: KvOptions): { el: HTMLElement; set(rows: NameValue[]): void } {
  const el = h('div', { class: 'kv', 'data-kv': opts.label });
  let rows: NameValue[] = [];
  const secret = (r: NameValue): boolean => !!opts.secret || !!opts.isSecret?.(r.name, r.value);
  const emit = (): void => opts.onChange(rows.filter((r) => r.name || r.value).map((r) => ({ ...r })));

  const render = (): void => {
    const view = [...rows, { name: '', value: '', enabled: true }];
    replace(
      el,
      view.map((r, i) => {
        const isNew = i === rows.length;
        const upd = (patch: Partial<NameValue>): void => {
          if (isNew) {
            rows.push({ ...r, ...patch });
            emit();
            render();
            const inputs = el.querySelectorAll<HTMLInputElement>('.kv-row')[i]?.querySelectorAll<HTMLInputElement>('input[type=text], input[type=password]');
            const target = inputs?.[patch.value !== undefined ? 1 : 0];
            target?.focus();
            target?.setSelectionRange(target.value.length, target.value.length);
            return;
          }
          const wasSecret = secret(rows[i]!);
          Object.assign(rows[i]!, patch);
          emit();
          // A name that makes the value secret (or stops doing so) changes how the row shows.
          if (secret(rows[i]!) !== wasSecret) {
            render();
            el.querySelectorAll<HTMLInputElement>('.kv-row')[i]?.querySelector<HTMLInputElement>(patch.value !== undefined ? '[data-part=value]' : '[data-part=name]')?.focus();
          }
        };
        const isSecretRow = !isNew && secret(r);
        return h(
          'div',
          { class: `kv-row${isNew ? ' new' : ''}${isSecretRow ? ' secret' : ''}`, title: isSecretRow ? 'Secret: kept only in this browser, never in share links or exports' : undefined },
          h('input', { type: 'checkbox', checked: r.enabled && !isNew, disabled: isNew, 'aria-label': `Use this ${opts.label} row`, onchange: (e: Event) => upd({ enabled: (e.target as HTMLInputElement).checked }) }),
          h('input', { type: 'text', 'data-part': 'name', value: r.name, placeholder: opts.namePlaceholder ?? 'name', 'aria-label': `${opts.label} name`, spellcheck: 'false', oninput: (e: Event) => upd({ name: (e.target as HTMLInputElement).value }) }),
          h('input', {
            type: opts.secret || isSecretRow ? 'password' : 'text',
            'data-part': 'value',
            value: r.value,
            placeholder: isSecretRow ? 'secret · kept in this browser only' : (opts.valuePlaceholder ?? 'value'),
            'aria-label': `${opts.label} value`,
            spellcheck: 'false',
            autocomplete: 'off',
            oninput: (e: Event) => upd({ value: (e.target as HTMLInputElement).value }),
          }),
          isNew
            ? h('span', { class: 'kv-gap' })
            : h('button', { class: 'icon', 'aria-label': `Remove ${r.name || 'row'}`, onclick: () => (rows.splice(i, 1), emit(), render()) }, '×'),
        );
      }),
    );
  };
  render();
  return {
    el,
    set(next) {
      rows = next.map((r) => ({ ...r }));
      render();
    },
  };
}
