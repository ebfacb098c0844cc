// The response: status, time and size on top; the body as the content type
// suggests — HTML in a sandboxed iframe (an opaque origin: it cannot reach the
// app or its storage), JSON pretty-printed, images, text, else a hex dump.

import { download, formatBytes, formatMs, h, replace } from './dom.ts';
import { asText, hexDump } from './hex-dump.ts';
import type { Exchange } from './runner.ts';

const reasons: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return `${status} ${reasons[status] ?? ''}`.trim();
}

export function responseViewer(): { summary: HTMLElement; body: HTMLElement; headers: HTMLElement; show(ex: Exchange | undefined): void } {
  const summary = h('div', { class: 'res-summary', 'data-testid': 'response-summary' });
  const body = h('div', { class: 'res-body', 'data-testid': 'response-body' });
  const headers = h('div', { class: 'res-headers', 'data-testid': 'response-headers' });
  let mode: 'rendered' | 'source' = 'rendered';
  let last: Exchange | undefined;

  const show = (ex: Exchange | undefined): void => {
    last = ex;
    const res = ex?.response;
    if (!ex) {
      replace(summary, h('span', { class: 'muted' }, 'Send a request to see the response.'));
      replace(body, h('p', { class: 'empty' }, 'Press Run (Ctrl+Enter) to build and send the request.'));
      replace(headers);
      return;
    }
    if (!res) {
      replace(summary, h('span', { class: 'status', 'data-class': 'err' }, 'No response'));
      replace(body, h('pre', { class: 'res-error' }, ex.error ?? 'No response.'));
      replace(headers);
      return;
    }
    const cls = res.status >= 500 ? 'err' : res.status >= 400 ? 'warn' : res.status >= 300 ? 'redir' : 'ok';
    const type = res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    replace(
      summary,
      h('span', { class: 'status', 'data-class': cls, 'data-status': res.status }, statusText(res.status)),
      h('span', { class: 'metric', title: 'Time in the handler instance' }, formatMs(res.ms)),
      h('span', { class: 'metric' }, formatBytes(res.body.length)),
      res.chunks > 1 ? h('span', { class: 'metric', title: 'Flushed chunks (http.Flusher)' }, `${res.chunks} chunks`) : null,
      ex.streaming
        ? h('span', { class: 'metric streaming' }, 'streaming…')
        : h('span', { class: 'metric', title: ex.cold ? 'A new instance started for this request' : 'A warm instance answered' }, ex.cold ? 'cold' : 'warm'),
      res.error ? h('span', { class: 'metric danger', title: res.error }, res.error) : null,
      h('span', { class: 'spacer' }),
      isHtml(type)
        ? h('button', { class: 'small', onclick: () => ((mode = mode === 'rendered' ? 'source' : 'rendered'), show(last)) }, mode === 'rendered' ? 'Source' : 'Rendered')
        : null,
      h('button', { class: 'small', title: 'Save the body', onclick: () => download(fileName(ex), res.body, type || 'application/octet-stream') }, 'Save'),
    );
    replace(
      headers,
      h(
        'table',
        null,
        h('tbody', null, res.headers.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))),
      ),
    );
    renderBody(body, res.body, type, mode);
  };
  show(undefined);
  return { summary, body, headers, show };
}

const isHtml = (type: string): boolean => /^text\/html\b/i.test(type);

function renderBody(el: HTMLElement, bytes: Uint8Array, type: string, mode: 'rendered' | 'source'): void {
  if (bytes.length === 0) return replace(el, h('p', { class: 'empty' }, 'Empty body.'));
  const text = asText(bytes);
  if (isHtml(type) && text !== undefined && mode === 'rendered') {
    // The frame of the last HTML response takes the next one as a new document:
    // in Chromium that shows in about half the time a new frame takes.
    const frame = el.firstElementChild;
    if (el.childElementCount === 1 && frame instanceof HTMLIFrameElement && frame.classList.contains('html-frame')) {
      frame.srcdoc = text;
      return;
    }
    // No allow-same-origin: the page runs in an opaque origin, away from the app's storage.
    return replace(el, h('iframe', { class: 'html-frame', sandbox: 'allow-scripts', srcdoc: text, title: 'HTML response', 'data-testid': 'response-html' }));
  }
  if (/^image\//i.test(type)) {
    const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type }));
    return replace(el, h('img', { class: 'res-image', src: url, alt: 'Image response' }));
  }
  if (text !== undefined) {
    const json = /json/i.test(type) || /^\s*[[{]/.test(text) ? tryJson(text) : undefined;
    if (json !== undefined) return replace(el, h('pre', { class: 'code json', 'data-kind': 'json' }, highlightJson(json)));
    return replace(el, h('pre', { class: 'code', 'data-kind': 'text' }, text));
  }
  replace(el, h('pre', { class: 'code hex', 'data-kind': 'hex' }, hexDump(bytes)));
}

function tryJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

function highlightJson(pretty: string): Node[] {
  const out: Node[] = [];
  const re = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let last = 0;
  for (let m = re.exec(pretty); m; m = re.exec(pretty)) {
    if (m.index > last) out.push(document.createTextNode(pretty.slice(last, m.index)));
    const cls = m[1] ? (m[2] ? 'j-key' : 'j-str') : m[3] ? 'j-lit' : 'j-num';
    out.push(h('span', { class: cls }, m[1] ?? m[0]));
    if (m[2]) out.push(document.createTextNode(m[2]));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(pretty.slice(last)));
  return out;
}

function fileName(ex: Exchange): string {
  const base = ex.request.url.split('?')[0]?.split('/').filter(Boolean).pop() ?? 'response';
  return base.includes('.') ? base : `${base}.body`;
}
