// Fetching one bundle file: check the response, count bytes for progress,
// gunzip, and verify size and sha256 before anyone may store the bytes.
import { concatBytes } from '../bytes/concat.ts';
import { DiagnosticError, type BundleFile, type Fetcher } from '../types.ts';

export function toolchainError(message: string): DiagnosticError {
  return new DiagnosticError([{ source: 'toolchain', message }]);
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches url and rejects with a sentence naming the URL and the status unless it answered 2xx. */
export async function fetchOk(fetcher: Fetcher, url: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetcher(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw toolchainError(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw toolchainError(`could not fetch ${url}: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  return res;
}

/** Reads a body to the end, reporting each chunk's length as it arrives. */
export async function readBody(res: Response, onBytes?: (n: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    onBytes?.(all.length);
    return all;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onBytes?.(value.length);
  }
  return concatBytes(chunks);
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Downloads objects/<sha>.gz and returns the verified raw bytes. A server that
 * sends the object with Content-Encoding: gzip has it decoded by fetch
 * already; the gzip magic number tells the two cases apart, and the hash
 * check below catches anything else.
 */
export async function fetchObject(
  fetcher: Fetcher,
  url: string,
  path: string,
  expect: BundleFile,
  onBytes?: (n: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetchOk(fetcher, url, signal);
  // A body the server content-encoded (br, or gzip) arrives decoded: its bytes
  // count at the compressed size's rate so that progress still ends at the total.
  const scale = res.headers.get('content-encoding') ? expect.gzSize / expect.size : 1;
  const body = await readBody(res, onBytes && ((n) => onBytes(n * scale)));
  let raw = body;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      raw = await gunzip(body);
    } catch (e) {
      throw toolchainError(`${url} (${path}) is not valid gzip: ${e instanceof Error ? e.message : String(e)}; nothing was stored`);
    }
  }
  const sha = await sha256Hex(raw);
  if (sha !== expect.sha256 || raw.length !== expect.size) {
    throw toolchainError(
      `${url} (${path}) holds ${raw.length} bytes with sha256 ${sha}, but the manifest expects ${expect.size} bytes with sha256 ${expect.sha256}; nothing was stored. Rebuild the bundles with \`npm run toolchain\` if the server's copy is stale.`,
    );
  }
  return raw;
}
