// Embed links: the share link's payload on the widget page (embed.html),
// with the widget's options after it in the fragment —
// embed.html#share=<payload>&file=api%2Findex.go&readonly — and the
// <iframe> snippet a course page pastes.

import { isShareHash, makeShareUrl, readShareHash, type ShareResult } from './share-link.ts';
import type { WorkspaceSnapshot } from './workspace.ts';

export interface EmbedOptions {
  /** The file the widget shows; default the project's active file. */
  file?: string;
  readOnly?: boolean;
}

/** Pages a widget lives on are narrow: 480 px of height shows the editor, the request and an answer. */
export const DEFAULT_EMBED_HEIGHT = 480;

export function makeEmbedUrl(snap: WorkspaceSnapshot, appUrl: string, opts: EmbedOptions): ShareResult {
  const page = new URL('embed.html', appUrl.replace(/#.*$/, '')).href;
  const r = makeShareUrl(opts.file ? { ...snap, active: opts.file } : snap, page);
  if (!r.ok) return r;
  const extra = [...(opts.file ? [`file=${encodeURIComponent(opts.file)}`] : []), ...(opts.readOnly ? ['readonly'] : [])];
  const url = extra.length ? `${r.url}&${extra.join('&')}` : r.url;
  return { ok: true, url, bytes: url.length };
}

/** Reads embed.html's fragment; throws a sentence when the link is damaged or missing. */
export function readEmbedHash(hash: string): { snap: WorkspaceSnapshot; options: EmbedOptions } {
  if (!isShareHash(hash)) throw new Error('This widget link has no project in it (it needs #share=… after embed.html).');
  const [share, ...rest] = hash.split('&');
  const options: EmbedOptions = {};
  for (const part of rest) {
    const [k, v = ''] = part.split('=');
    if (k === 'file') options.file = decodeURIComponent(v);
    if (k === 'readonly') options.readOnly = v !== '0' && v !== 'false';
  }
  const snap = readShareHash(share!);
  if (options.file && options.file in snap.files) snap.active = options.file;
  return { snap, options };
}

/** The full app on the same project (with the widget's edits): "Open in gofn". */
export function appUrlFor(snap: WorkspaceSnapshot, widgetUrl: string): ShareResult {
  return makeShareUrl(snap, new URL('./', widgetUrl.replace(/#.*$/, '')).href);
}

export function embedSnippet(url: string, title: string, height = DEFAULT_EMBED_HEIGHT): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(url)}" title="${attr(title)}" width="100%" height="${height}" style="border:1px solid #d0d7de;border-radius:8px;min-width:320px" loading="lazy"></iframe>`;
}
