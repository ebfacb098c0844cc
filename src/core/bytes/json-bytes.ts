// JSON for values that hold bytes (project and module files are strings or
// Uint8Arrays): a Uint8Array is written as {"$bytes": base64} and read back as
// one. Used for records the engine keeps in its BlobStore.

const BYTES = '$bytes';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [BYTES]: toBase64(v) } : v)));
}

/** The value encodeJson wrote, or undefined for bytes that are not such JSON. */
export function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes), (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const b64 = (v as Record<string, unknown>)[BYTES];
        if (typeof b64 === 'string' && Object.keys(v).length === 1) return fromBase64(b64);
      }
      return v;
    });
  } catch {
    return undefined;
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  // String.fromCharCode takes its arguments on the stack: in slices.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
