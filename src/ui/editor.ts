// The code editor: one CodeMirror view showing the workspace's active file.
// Each file keeps its own EditorState, so undo history and cursor survive
// switching files; build diagnostics are drawn as lint underlines.

import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState, Prec, type Text } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import type { Diagnostic } from '../core/types.ts';
import { languageFor } from './editor-langs.ts';
import { editorTheme } from './editor-theme.ts';
import { onChange, type Workspace } from './workspace.ts';

export interface EditorCommands {
  run(): void;
  format(): void;
}

export class CodeEditor {
  readonly view: EditorView;
  private states = new Map<string, EditorState>();
  private diagnostics = new Map<string, Diagnostic[]>();
  private path = '';
  private readonly language = new Compartment();

  constructor(
    parent: HTMLElement,
    private readonly ws: Workspace,
    private readonly commands: EditorCommands,
    /** A read-only editor (an embedded example that only runs). */
    private readonly readOnly = false,
  ) {
    this.view = new EditorView({ parent, state: this.createState('', '') });
    onChange(ws, (kind, path) => {
      if (kind === 'replace') this.states.clear();
      if (kind === 'structure') for (const p of this.states.keys()) if (!(p in ws.files)) this.states.delete(p);
      if (kind === 'content' && path && path !== this.path) this.states.delete(path);
      this.show(ws.active);
    });
    this.show(ws.active);
  }

  /** Draws diagnostics; the map holds every file's (files without entries are clean). */
  setDiagnostics(all: Diagnostic[]): void {
    this.diagnostics.clear();
    for (const d of all) {
      const f = d.location?.file;
      if (!f) continue;
      this.diagnostics.set(f, [...(this.diagnostics.get(f) ?? []), d]);
    }
    this.applyDiagnostics();
  }

  /** Opens a file at a 1-based line and column and puts the cursor there. */
  reveal(file: string, line: number, column: number): void {
    this.ws.open(file);
    this.show(file);
    const doc = this.view.state.doc;
    const pos = offsetOf(doc, line, column);
    this.view.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    this.view.focus();
  }

  /** Replaces the active file's text with as small a change as possible, so the cursor stays put. */
  replaceText(next: string): void {
    const cur = this.view.state.doc.toString();
    if (cur === next) return;
    let start = 0;
    while (start < cur.length && start < next.length && cur[start] === next[start]) start++;
    let endCur = cur.length;
    let endNext = next.length;
    while (endCur > start && endNext > start && cur[endCur - 1] === next[endNext - 1]) {
      endCur--;
      endNext--;
    }
    this.view.dispatch({ changes: { from: start, to: endCur, insert: next.slice(start, endNext) } });
  }

  private show(path: string): void {
    const text = this.ws.files[path] ?? '';
    if (path === this.path) {
      if (this.view.state.doc.toString() !== text) this.replaceText(text);
      return;
    }
    if (this.path) this.states.set(this.path, this.view.state);
    this.path = path;
    let state = this.states.get(path);
    if (!state || state.doc.toString() !== text) state = this.createState(path, text);
    this.view.setState(state);
    this.view.contentDOM.setAttribute('aria-label', path ? `Editor: ${path}` : 'Editor');
    this.view.contentDOM.dataset.file = path;
    this.applyDiagnostics();
  }

  private applyDiagnostics(): void {
    const doc = this.view.state.doc;
    const list: CmDiagnostic[] = (this.diagnostics.get(this.path) ?? []).map((d) => {
      const { from, to } = rangeOf(doc, d.location?.line ?? 0, d.location?.column ?? 0);
      return { from, to, severity: d.severity ?? 'error', source: d.source, message: d.message + (d.notes?.length ? '\n' + d.notes.join('\n') : '') };
    });
    this.view.dispatch(setDiagnostics(this.view.state, list));
  }

  private createState(path: string, text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        lintGutter(),
        // Above basicSetup's keymap, whose Mod-Enter would insert a blank line (an edit, so a run only after the auto-run pause).
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (this.commands.run(), true), preventDefault: true }])),
        keymap.of([
          { key: 'Mod-s', run: () => (this.commands.format(), true), preventDefault: true },
          { key: 'Shift-Alt-f', run: () => (this.commands.format(), true) },
          indentWithTab,
        ]),
        indentUnit.of(path.endsWith('.go') || path.endsWith('go.mod') ? '\t' : '  '),
        EditorState.tabSize.of(4),
        this.language.of(languageFor(path)),
        editorTheme,
        EditorState.readOnly.of(this.readOnly),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && this.path === path && path) this.ws.setFile(path, u.state.doc.toString());
        }),
      ],
    });
  }
}

/** Go reports columns in bytes of UTF-8; the editor counts UTF-16 units. */
function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let bytes = 0;
  let i = 0;
  while (i < l.length && bytes < column - 1) {
    const cp = l.text.codePointAt(i) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return l.from + i;
}

/** The token at line:column (the whole line when the column is unknown). */
function rangeOf(doc: Text, line: number, column: number): { from: number; to: number } {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  if (line <= 0 || column <= 0) return { from: l.from, to: Math.max(l.to, l.from) };
  const from = offsetOf(doc, line, column);
  const word = /^[\p{L}\p{N}_]+/u.exec(l.text.slice(from - l.from));
  return { from, to: Math.min(l.to, from + (word ? word[0].length : 1)) };
}
