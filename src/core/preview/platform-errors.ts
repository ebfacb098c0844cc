// The platform's own error answers (not the function's): status, the
// x-vercel-error header and the plain-text body Vercel sends to clients
// that do not ask for HTML ("<title>\n\n<CODE>\n").
import type { PlatformResponse } from './bridge.ts';

const errors = {
  FUNCTION_INVOCATION_FAILED: [500, 'A server error has occurred'],
  FUNCTION_INVOCATION_TIMEOUT: [504, 'An error occurred with your deployment'],
  FUNCTION_PAYLOAD_TOO_LARGE: [413, 'Request Entity Too Large'],
  NOT_FOUND: [404, 'The page could not be found'],
} as const satisfies Record<string, readonly [number, string]>;

export type PlatformErrorCode = keyof typeof errors;

export function platformErrorBody(code: PlatformErrorCode): string {
  return `${errors[code][1]}\n\n${code}\n`;
}

export function platformError(code: PlatformErrorCode): PlatformResponse {
  return {
    status: errors[code][0],
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['X-Vercel-Error', code],
    ],
    body: new TextEncoder().encode(platformErrorBody(code)),
  };
}
