// Teaching examples, kept as txtar files (src/ui/examples/*.txtar) whose
// comment holds the title, a one-line description and the request to send.

import { parseTxtar } from './txtar.ts';
import { defaultRequest, type NameValue, type RequestDraft, type WorkspaceSnapshot } from './workspace.ts';

export interface Example {
  id: string;
  title: string;
  about: string;
  snapshot: WorkspaceSnapshot;
}

const sources = import.meta.glob<string>('./examples/*.txtar', { query: '?raw', import: 'default', eager: true });

function parseExample(path: string, text: string): Example {
  const a = parseTxtar(text);
  const meta = new Map<string, string[]>();
  for (const line of a.comment.split('\n')) {
    const m = /^(\w+):\s?(.*)$/.exec(line);
    if (m?.[1]) meta.set(m[1], [...(meta.get(m[1]) ?? []), m[2] ?? '']);
  }
  const first = (k: string): string => meta.get(k)?.[0] ?? '';
  const [method = 'GET', target = '/api'] = first('request').split(/\s+/);
  const url = new URL(target, 'http://x');
  const request: RequestDraft = {
    ...defaultRequest(),
    method,
    path: url.pathname,
    query: [...url.searchParams].map(([name, value]): NameValue => ({ name, value, enabled: true })),
    headers: (meta.get('header') ?? []).map((h): NameValue => {
      const i = h.indexOf(':');
      return { name: h.slice(0, i).trim(), value: h.slice(i + 1).trim(), enabled: true };
    }),
    body: first('body'),
  };
  const files = Object.fromEntries(a.files.map((f) => [f.name, f.data]));
  const id = path.replace(/^.*\/(?:\d+-)?/, '').replace(/\.txtar$/, '');
  const active = a.files.find((f) => f.name.startsWith('api/'))?.name ?? '';
  return {
    id,
    title: first('title') || id,
    about: first('about'),
    snapshot: { format: 1, files, folders: [], active, previewEnv: [], buildEnv: [], request },
  };
}

export const examples: Example[] = Object.keys(sources)
  .sort()
  .map((p) => parseExample(p, sources[p] ?? ''));

export function exampleById(id: string): Example | undefined {
  return examples.find((e) => e.id === id);
}
