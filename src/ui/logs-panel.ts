// Handler logs: stdout, stderr and the runtime's own (system) lines, grouped
// by request. Panic messages and goroutine stacks are marked so they stand out.

import type { LogLine } from '../core/types.ts';
import { h, replace } from './dom.ts';
import type { Exchange } from './runner.ts';
import { statusText } from './response-viewer.ts';

const MAX_GROUPS = 50;

/** Maps a stack frame's file (e.g. "example.com/m/api/count.go") to the project file it names, if any. */
export type FrameResolver = (path: string) => string | undefined;

export function logsPanel(resolve: FrameResolver, reveal: (file: string, line: number) => void): { el: HTMLElement; add(ex: Exchange): void; clear(): void; count(): number } {
  const list = h('div', { class: 'log-list', 'data-testid': 'logs' });
  const el = h(
    'div',
    { class: 'logs' },
    h('div', { class: 'panel-actions' }, h('button', { class: 'small', onclick: () => clear() }, 'Clear')),
    list,
  );
  const clear = (): void => replace(list, h('p', { class: 'empty' }, 'Handler output (fmt.Println, log, panics) shows up here.'));
  clear();
  return {
    el,
    clear,
    count: () => list.querySelectorAll('.log-line').length,
    add(ex) {
      list.querySelector('.empty')?.remove();
      const lines: LogLine[] = [...(ex.response?.logs ?? [])];
      const err = ex.response?.error;
      if (err && !lines.some((l) => l.stream === 'system' && l.text.includes(err))) lines.push({ stream: 'system', text: err });
      if (ex.error) lines.push({ stream: 'system', text: ex.error });
      const head = `${ex.request.method} ${ex.request.url}${ex.response ? ` → ${statusText(ex.response.status)}` : ''}`;
      const group = h(
        'div',
        { class: 'log-group' },
        h('div', { class: 'log-head' }, h('time', null, new Date(ex.at).toLocaleTimeString()), ' ', head, ex.cold ? h('span', { class: 'tag' }, 'cold start') : null),
        lines.length ? lines.map((l) => renderLine(l, resolve, reveal)) : h('div', { class: 'log-none' }, '(no output)'),
      );
      // Newest first, like the history: the latest request is always in view.
      list.prepend(group);
      while (list.children.length > MAX_GROUPS) list.lastElementChild?.remove();
    },
  };
}

function renderLine(l: LogLine, resolve: FrameResolver, reveal: (file: string, line: number) => void): HTMLElement {
  const panic = /^(panic: |fatal error: |goroutine \d+ \[|\s+\S+\.go:\d+|[\w./*()[\]-]+\(.*\)$)/.test(l.text);
  // A stack frame in the project's own code links to its line.
  const frame = /^(\s*)(\S+\.go):(\d+)(.*)$/.exec(l.text);
  const file = frame ? resolve(frame[2]!) : undefined;
  const text = frame && file
    ? h('span', { class: 'text' }, frame[1], h('button', { class: 'link frame', title: `Open ${file}:${frame[3]}`, onclick: () => reveal(file, Number(frame[3])) }, `${frame[2]}:${frame[3]}`), frame[4])
    : h('span', { class: 'text' }, l.text);
  return h('div', { class: `log-line ${l.stream}${panic ? ' panic' : ''}`, 'data-stream': l.stream }, h('span', { class: 'stream' }, l.stream), text);
}
