// What a function sees of the platform on every request, as `vercel dev`
// (packages/cli/src/util/dev/server.ts) and the Vercel docs ("Request
// headers", "System environment variables") describe it: the client address
// and the host it used in forwarding headers, a request id naming the region,
// and the system environment variables.
import type { ClientContext } from '../types.ts';

/** The region `vercel dev` names in request ids and VERCEL_REGION. */
export const DEV_REGION = 'dev1';
/** The host a simulated request goes to when it names none. */
export const DEFAULT_HOST = 'localhost:3000';


/** "dev1::xxxxx-<ms>-<12 hex>", the shape of `vercel dev`'s request ids. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(11));
  const pod = Array.from(bytes.subarray(0, 5), (b) => (b % 36).toString(36)).join('');
  const hex = Array.from(bytes.subarray(5), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${DEV_REGION}::${pod}-${Date.now()}-${hex}`;
}

/**
 * Sets the headers the platform adds, over any the client sent (Vercel
 * overwrites x-forwarded-for and friends rather than trusting them).
 * headers: lower-case names, as the platform forwards them.
 */
export function addPlatformHeaders(headers: Record<string, string | string[]>, client: ClientContext = {}): void {
  const hostValue = headers['host'];
  const host = (Array.isArray(hostValue) ? hostValue[0] : hostValue) ?? DEFAULT_HOST;
  const ip = client.ip ?? '127.0.0.1';
  Object.assign(headers, {
    host,
    'x-forwarded-host': host,
    'x-forwarded-proto': client.proto ?? 'http',
    'x-forwarded-for': ip,
    'x-real-ip': ip,
    'x-vercel-forwarded-for': ip,
    'x-vercel-deployment-url': host,
    'x-vercel-id': client.requestId ?? newRequestId(),
  });
}

/** System environment variables of a function in development. */
export function platformEnv(host = DEFAULT_HOST, memoryMb?: number): Record<string, string> {
  return {
    VERCEL: '1',
    VERCEL_ENV: 'development',
    VERCEL_URL: host,
    VERCEL_REGION: DEV_REGION,
    ...(memoryMb !== undefined ? { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb) } : {}),
  };
}
