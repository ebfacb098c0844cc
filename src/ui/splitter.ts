// Draggable pane borders: dragging writes a CSS variable on the layout, so
// the grid does the sizing and the sizes survive re-renders.

import { h } from './dom.ts';

export function splitter(layout: HTMLElement, cssVar: string, axis: 'x' | 'y', opts: { min: number; max: number; invert?: boolean }): HTMLElement {
  const el = h('div', { class: `splitter splitter-${axis}`, role: 'separator', 'aria-orientation': axis === 'x' ? 'vertical' : 'horizontal' });
  const saved = localStorage.getItem(`gofn.${cssVar}`);
  if (saved) layout.style.setProperty(cssVar, saved);
  el.addEventListener('pointerdown', (down) => {
    down.preventDefault();
    el.setPointerCapture(down.pointerId);
    const start = axis === 'x' ? down.clientX : down.clientY;
    const initial = parseFloat(getComputedStyle(layout).getPropertyValue(cssVar)) || 300;
    const move = (e: PointerEvent): void => {
      const delta = (axis === 'x' ? e.clientX : e.clientY) - start;
      const size = Math.min(opts.max, Math.max(opts.min, initial + (opts.invert ? -delta : delta)));
      layout.style.setProperty(cssVar, `${size}px`);
    };
    const up = (): void => {
      el.removeEventListener('pointermove', move);
      localStorage.setItem(`gofn.${cssVar}`, layout.style.getPropertyValue(cssVar));
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up, { once: true });
  });
  return el;
}
