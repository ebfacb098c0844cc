// Widget links: the share payload on embed.html with the widget's options
// after it, read back exactly; the snippet escapes the URL for an attribute.
import { describe, expect, it } from 'vitest';
import { appUrlFor, embedSnippet, makeEmbedUrl, readEmbedHash } from '../src/ui/embed-link.ts';
import { emptySnapshot } from '../src/ui/workspace.ts';

const snap = {
  ...emptySnapshot(),
  files: { 'go.mod': 'module example.com/x\n\ngo 1.26\n', 'api/index.go': 'package handler\n', 'api/users/[id].go': 'package users\n' },
  active: 'api/index.go',
};

describe('embed links', () => {
  it('carry the project, the file shown and read-only, and read back the same', () => {
    const r = makeEmbedUrl(snap, 'https://gofn.example/app/#share=old', { file: 'api/users/[id].go', readOnly: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.url).toMatch(/^https:\/\/gofn\.example\/app\/embed\.html#share=[A-Za-z0-9_-]+&file=api%2Fusers%2F%5Bid%5D\.go&readonly$/);
    const back = readEmbedHash(new URL(r.url).hash);
    expect(back.options).toEqual({ file: 'api/users/[id].go', readOnly: true });
    expect(back.snap.files).toEqual(snap.files);
    expect(back.snap.active).toBe('api/users/[id].go');
  });

  it('without options show the active file, editable', () => {
    const r = makeEmbedUrl(snap, 'https://gofn.example/', {});
    if (!r.ok) throw new Error(r.message);
    const back = readEmbedHash(new URL(r.url).hash);
    expect(back.options).toEqual({});
    expect(back.snap.active).toBe('api/index.go');
  });

  it('open the full app on the same project, and refuse a fragment without one', () => {
    const r = appUrlFor(snap, 'https://gofn.example/app/embed.html#share=x&readonly');
    if (!r.ok) throw new Error(r.message);
    expect(r.url).toMatch(/^https:\/\/gofn\.example\/app\/#share=[A-Za-z0-9_-]+$/);
    expect(() => readEmbedHash('#file=x')).toThrow(/no project/);
  });

  it('make a snippet whose attributes are escaped', () => {
    expect(embedSnippet('https://x/embed.html#share=a&file=b', 'gofn: "a" <b>', 400)).toBe(
      '<iframe src="https://x/embed.html#share=a&amp;file=b" title="gofn: &quot;a&quot; &lt;b>" width="100%" height="400" style="border:1px solid #d0d7de;border-radius:8px;min-width:320px" loading="lazy"></iframe>',
    );
  });
});
