// The open project and everything the user set up around it (env, the
// request being built). One object owns it so autosave, share links and
// the views all see the same state; views listen for "change".

export interface NameValue {
  name: string;
  value: string;
  enabled: boolean;
}

export interface RequestDraft {
  method: string;
  /** Route template the path was made from (e.g. "/api/users/[id]"), if any. */
  route?: string;
  params: Record<string, string>;
  /** Request path without the query, e.g. "/api/users/42". */
  path: string;
  query: NameValue[];
  headers: NameValue[];
  body: string;
}

/** Everything autosave keeps and a share link carries (share links drop env values). */
export interface WorkspaceSnapshot {
  format: 1;
  files: Record<string, string>;
  /** Folders that exist without files in them (created in the file tree). */
  folders: string[];
  active: string;
  previewEnv: NameValue[];
  buildEnv: NameValue[];
  request: RequestDraft;
  /** Go version the project was last built with, e.g. "1.24.11". */
  goVersion?: string;
}

export type ChangeKind = 'content' | 'structure' | 'active' | 'env' | 'request' | 'replace' | 'meta';

export function defaultRequest(): RequestDraft {
  return { method: 'GET', params: {}, path: '/api', query: [], headers: [], body: '' };
}

export function emptySnapshot(): WorkspaceSnapshot {
  return { format: 1, files: {}, folders: [], active: '', previewEnv: [], buildEnv: [], request: defaultRequest() };
}

const sortPaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Workspace extends EventTarget {
  private state: WorkspaceSnapshot = emptySnapshot();

  get files(): Readonly<Record<string, string>> {
    return this.state.files;
  }
  get folders(): readonly string[] {
    return this.state.folders;
  }
  get active(): string {
    return this.state.active;
  }
  get request(): RequestDraft {
    return this.state.request;
  }
  get previewEnv(): NameValue[] {
    return this.state.previewEnv;
  }
  get buildEnv(): NameValue[] {
    return this.state.buildEnv;
  }
  get goVersion(): string | undefined {
    return this.state.goVersion;
  }

  paths(): string[] {
    return Object.keys(this.state.files).sort(sortPaths);
  }

  snapshot(): WorkspaceSnapshot {
    return structuredClone(this.state);
  }

  load(snap: WorkspaceSnapshot): void {
    const s = structuredClone(snap);
    s.request = { ...defaultRequest(), ...s.request };
    s.folders ??= [];
    s.previewEnv ??= [];
    s.buildEnv ??= [];
    if (!(s.active in s.files)) s.active = pickActive(Object.keys(s.files));
    this.state = s;
    this.emit('replace');
  }

  setFile(path: string, content: string): void {
    const isNew = !(path in this.state.files);
    if (!isNew && this.state.files[path] === content) return;
    this.state.files[path] = content;
    this.emit(isNew ? 'structure' : 'content', path);
  }

  open(path: string): void {
    if (!(path in this.state.files) || this.state.active === path) return;
    this.state.active = path;
    this.emit('active', path);
  }

  addFolder(path: string): void {
    const p = normalizePath(path);
    if (!p || this.state.folders.includes(p)) return;
    this.state.folders.push(p);
    this.state.folders.sort(sortPaths);
    this.emit('structure', p);
  }

  /** Renames a file, or a folder and everything under it. */
  rename(from: string, to: string): void {
    const src = normalizePath(from);
    const dst = normalizePath(to);
    if (!src || !dst || src === dst) return;
    const files: Record<string, string> = {};
    for (const [p, c] of Object.entries(this.state.files)) files[movePath(p, src, dst)] = c;
    this.state.files = files;
    this.state.folders = this.state.folders.map((f) => movePath(f, src, dst));
    this.state.active = movePath(this.state.active, src, dst);
    this.emit('structure', dst);
  }

  /** Deletes a file, or a folder and everything under it. */
  remove(path: string): void {
    const p = normalizePath(path);
    const gone = (q: string): boolean => q === p || q.startsWith(p + '/');
    for (const f of Object.keys(this.state.files)) if (gone(f)) delete this.state.files[f];
    this.state.folders = this.state.folders.filter((f) => !gone(f));
    if (gone(this.state.active) || !(this.state.active in this.state.files)) {
      this.state.active = pickActive(Object.keys(this.state.files));
    }
    this.emit('structure', p);
  }

  setEnv(kind: 'previewEnv' | 'buildEnv', vars: NameValue[]): void {
    this.state[kind] = vars;
    this.emit('env');
  }

  setRequest(req: RequestDraft): void {
    this.state.request = req;
    this.emit('request');
  }

  setGoVersion(v: string | undefined): void {
    if (this.state.goVersion === v) return;
    this.state.goVersion = v;
    this.emit('meta');
  }

  private emit(kind: ChangeKind, path?: string): void {
    this.dispatchEvent(new CustomEvent<{ kind: ChangeKind; path?: string }>('change', { detail: { kind, path } }));
  }
}

export function onChange(ws: Workspace, fn: (kind: ChangeKind, path?: string) => void): void {
  ws.addEventListener('change', (e) => {
    const d = (e as CustomEvent<{ kind: ChangeKind; path?: string }>).detail;
    fn(d.kind, d.path);
  });
}

export function normalizePath(p: string): string {
  return p
    .trim()
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s && s !== '.')
    .join('/');
}

/** Rejects paths a project cannot hold, with a sentence saying why. */
export function pathProblem(p: string, existing: readonly string[]): string | undefined {
  const n = normalizePath(p);
  if (!n) return 'The name is empty.';
  if (n.split('/').includes('..')) return 'Paths cannot contain "..".';
  if (existing.includes(n)) return `${n} already exists.`;
  if (n.split('/').some((seg) => /[\0:*?"<>|]/.test(seg))) return 'Names cannot contain : * ? " < > |.';
  return undefined;
}

function movePath(p: string, from: string, to: string): string {
  if (p === from) return to;
  if (p.startsWith(from + '/')) return to + p.slice(from.length);
  return p;
}

function pickActive(paths: string[]): string {
  const sorted = [...paths].sort(sortPaths);
  return sorted.find((p) => p.startsWith('api/') && p.endsWith('.go')) ?? sorted.find((p) => p.endsWith('.go')) ?? sorted[0] ?? '';
}
