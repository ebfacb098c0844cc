// The project's file tree: open, add, rename (a path with slashes moves the
// file) and delete files and folders. Deleting offers Undo instead of asking
// first, so nothing is lost by a slip.

import { h, replace } from './dom.ts';
import { newFileText } from './new-file.ts';
import { toast } from './toast.ts';
import { normalizePath, onChange, pathProblem, type Workspace } from './workspace.ts';

interface TreeNode {
  name: string;
  path: string;
  dir: boolean;
  children: TreeNode[];
}

type Editing = { mode: 'file' | 'folder'; parent: string } | { mode: 'rename'; path: string };

export class FileTree {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private collapsed = new Set<string>();
  private editing?: Editing;
  private problems = new Map<string, number>();

  constructor(private readonly ws: Workspace) {
    this.list = h('div', { class: 'tree', role: 'tree', 'aria-label': 'Files' });
    this.el = h(
      'section',
      { class: 'files' },
      h(
        'header',
        { class: 'pane-head' },
        h('h2', null, 'Files'),
        h('span', { class: 'spacer' }),
        h('button', { class: 'icon', title: 'New file', 'aria-label': 'New file', onclick: () => this.edit({ mode: 'file', parent: this.currentDir() }) }, '+'),
        h('button', { class: 'icon', title: 'New folder', 'aria-label': 'New folder', onclick: () => this.edit({ mode: 'folder', parent: this.currentDir() }) }, '⊞'),
      ),
      this.list,
    );
    onChange(ws, (kind) => kind !== 'content' && kind !== 'request' && kind !== 'env' && this.render());
    this.render();
  }

  setProblems(counts: Map<string, number>): void {
    this.problems = counts;
    this.render();
  }

  private currentDir(): string {
    const a = this.ws.active;
    return a.includes('/') ? a.slice(0, a.lastIndexOf('/')) : '';
  }

  private edit(e: Editing | undefined): void {
    this.editing = e;
    if (e && e.mode !== 'rename' && e.parent) this.collapsed.delete(e.parent);
    this.render();
  }

  private allPaths(): string[] {
    return [...this.ws.paths(), ...this.ws.folders];
  }

  private render(): void {
    const root = buildTree(this.ws.paths(), this.ws.folders);
    const rows: HTMLElement[] = [];
    if (this.editing && this.editing.mode !== 'rename' && this.editing.parent === '') rows.push(this.input(0));
    this.rows(root, 0, rows);
    replace(this.list, rows.length ? rows : h('p', { class: 'empty' }, 'No files. Add one with +, or pick an example.'));
    this.list.querySelector<HTMLInputElement>('input')?.focus();
  }

  private rows(nodes: TreeNode[], depth: number, out: HTMLElement[]): void {
    for (const n of nodes) {
      const ed = this.editing;
      if (ed?.mode === 'rename' && ed.path === n.path) out.push(this.input(depth, n.name));
      else out.push(this.row(n, depth));
      if (!n.dir || this.collapsed.has(n.path)) continue;
      if (ed && ed.mode !== 'rename' && ed.parent === n.path) out.push(this.input(depth + 1));
      this.rows(n.children, depth + 1, out);
    }
  }

  private row(n: TreeNode, depth: number): HTMLElement {
    const open = !this.collapsed.has(n.path);
    const count = n.dir ? [...this.problems].filter(([f]) => f.startsWith(n.path + '/')).reduce((s, [, c]) => s + c, 0) : (this.problems.get(n.path) ?? 0);
    const activate = (): void => {
      if (!n.dir) return this.ws.open(n.path);
      if (open) this.collapsed.add(n.path);
      else this.collapsed.delete(n.path);
      this.render();
    };
    const action = (label: string, text: string, fn: () => void): HTMLElement =>
      h('button', { class: 'icon', title: label, 'aria-label': `${label} ${n.path}`, onclick: (e: Event) => (e.stopPropagation(), fn()) }, text);
    return h(
      'div',
      {
        class: `node${n.dir ? ' dir' : ''}${this.ws.active === n.path ? ' active' : ''}`,
        role: 'treeitem',
        'data-path': n.path,
        'aria-expanded': n.dir ? String(open) : undefined,
        'aria-selected': String(this.ws.active === n.path),
        tabindex: 0,
        style: `--depth:${depth}`,
        onclick: activate,
        onkeydown: (e: Event) => {
          const k = (e as KeyboardEvent).key;
          if (k === 'Enter' || k === ' ') (e.preventDefault(), activate());
          if (k === 'F2') this.edit({ mode: 'rename', path: n.path });
          if (k === 'Delete') this.remove(n.path);
        },
      },
      h('span', { class: 'chev' }, n.dir ? (open ? '▾' : '▸') : ''),
      h('span', { class: `ficon ${iconClass(n)}` }),
      h('span', { class: 'name' }, n.name),
      count ? h('span', { class: 'badge', 'data-tone': 'danger', title: `${count} problem(s)` }, String(count)) : null,
      h(
        'span',
        { class: 'actions' },
        n.dir ? action('New file in', '+', () => this.edit({ mode: 'file', parent: n.path })) : null,
        action('Rename', '✎', () => this.edit({ mode: 'rename', path: n.path })),
        action('Delete', '🗑', () => this.remove(n.path)),
      ),
    );
  }

  private input(depth: number, initial = ''): HTMLElement {
    const ed = this.editing!;
    const error = h('div', { class: 'node-error', role: 'alert' });
    const input = h('input', {
      class: 'node-input',
      value: initial,
      'aria-label': ed.mode === 'rename' ? `New name for ${ed.path}` : ed.mode === 'folder' ? 'Folder name' : 'File name',
      placeholder: ed.mode === 'folder' ? 'folder' : ed.mode === 'file' ? 'name.go' : '',
      spellcheck: 'false',
    });
    const commit = (): void => {
      const msg = this.commit(input.value);
      if (msg) error.textContent = msg;
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') (e.preventDefault(), commit());
      if (e.key === 'Escape') this.edit(undefined);
    });
    input.addEventListener('blur', () => setTimeout(() => this.editing === ed && !input.value.trim() && this.edit(undefined), 0));
    if (initial) queueMicrotask(() => input.setSelectionRange(0, initial.replace(/\.[^.]*$/, '').length || initial.length));
    return h('div', { class: 'node editing', style: `--depth:${depth}` }, input, error);
  }

  /** Applies the edit; returns a sentence when the name cannot be used. */
  private commit(raw: string): string | undefined {
    const ed = this.editing;
    if (!ed) return;
    const base = ed.mode === 'rename' ? ed.path.slice(0, Math.max(0, ed.path.lastIndexOf('/'))) : ed.parent;
    const path = normalizePath(base ? `${base}/${raw}` : raw);
    if (ed.mode === 'rename' && path === ed.path) return void this.edit(undefined);
    const problem = pathProblem(path, this.allPaths());
    if (problem) return problem;
    this.editing = undefined;
    if (ed.mode === 'rename') this.ws.rename(ed.path, path);
    else if (ed.mode === 'folder') this.ws.addFolder(path);
    else {
      this.ws.setFile(path, newFileText(path, this.ws.files));
      this.ws.open(path);
    }
    this.render();
    return undefined;
  }

  private remove(path: string): void {
    const before = this.ws.snapshot();
    const isDir = !(path in before.files);
    this.ws.remove(path);
    toast(`Deleted ${path}${isDir ? '/' : ''}`, { action: { label: 'Undo', run: () => this.ws.load({ ...this.ws.snapshot(), files: before.files, folders: before.folders, active: before.active }) } });
  }
}

function buildTree(files: string[], folders: readonly string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', dir: true, children: [] };
  const dirOf = (path: string): TreeNode => {
    let node = root;
    for (const part of path.split('/').filter(Boolean)) {
      const p = node.path ? `${node.path}/${part}` : part;
      let next = node.children.find((c) => c.dir && c.name === part);
      if (!next) node.children.push((next = { name: part, path: p, dir: true, children: [] }));
      node = next;
    }
    return node;
  };
  for (const f of folders) dirOf(f);
  for (const f of files) {
    const i = f.lastIndexOf('/');
    dirOf(i < 0 ? '' : f.slice(0, i)).children.push({ name: f.slice(i + 1), path: f, dir: false, children: [] });
  }
  const sort = (n: TreeNode): void => {
    n.children.sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));
    n.children.forEach(sort);
  };
  sort(root);
  return root.children;
}

function iconClass(n: TreeNode): string {
  if (n.dir) return 'i-dir';
  if (n.name.endsWith('.go')) return 'i-go';
  if (n.name === 'go.mod' || n.name === 'go.sum') return 'i-mod';
  if (n.name.endsWith('.json')) return 'i-json';
  return 'i-file';
}
