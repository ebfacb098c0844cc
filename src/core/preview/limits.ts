// The platform's limits on one function, as the preview enforces them.
import { DEFAULT_MAX_DURATION, DEFAULT_MEMORY, type FunctionSettings } from '../project/function-config.ts';

/**
 * Request and response bodies: "4.5 MB". Read as MiB: base64-encoded in the
 * go-bridge JSON, 4.5 MiB is Lambda's 6 MiB invocation payload limit.
 */
export const BODY_LIMIT = 4.5 * 1024 * 1024;

export interface PlatformLimits {
  /** A request's deadline, from the moment a started instance receives it (vercel.json maxDuration). */
  maxDurationMs: number;
  /** The instance's memory (vercel.json memory): its WebAssembly linear memory is capped at this size. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: PlatformLimits = { maxDurationMs: DEFAULT_MAX_DURATION * 1000, memoryMb: DEFAULT_MEMORY };

export function limitsOf(settings: FunctionSettings): PlatformLimits {
  return { maxDurationMs: settings.maxDuration * 1000, memoryMb: settings.memory };
}

/** "4.5 MB", "2048 MB", "300 s": limits as the docs state them. */
export function describeLimits(limits: PlatformLimits): string {
  return `maxDuration ${limits.maxDurationMs / 1000} s · memory ${limits.memoryMb} MB · bodies 4.5 MB`;
}
