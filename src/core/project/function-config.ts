// vercel.json "functions": which settings an entrypoint gets, matched as
// Vercel matches them (the first key, in file order, equal to the entry path
// or matching it as a minimatch glob), and the platform's defaults where a
// setting is absent.
import { minimatch } from 'minimatch';
import type { Diagnostic } from '../types.ts';

/** Seconds; Vercel's default with Fluid compute. */
export const DEFAULT_MAX_DURATION = 300;
/** Seconds a function gets with "maxDuration": "max" (the Pro plan's ceiling with Fluid compute). */
export const MAX_DURATION_CEILING = 800;
/** MB; Vercel's default with Fluid compute. */
export const DEFAULT_MEMORY = 2048;

export interface FunctionConfig {
  memory?: number;
  maxDuration?: number | 'max';
}

export interface FunctionSettings {
  /** Seconds. */
  maxDuration: number;
  /** MB. */
  memory: number;
  /** The vercel.json key that matched, if one did. */
  pattern?: string;
}

export function matchFunctionConfig(functions: Record<string, FunctionConfig>, entry: string): { pattern: string; config: FunctionConfig } | undefined {
  const pattern = Object.keys(functions).find((key) => key === entry || minimatch(entry, key));
  return pattern === undefined ? undefined : { pattern, config: functions[pattern]! };
}

export function functionSettings(functions: Record<string, FunctionConfig>, entry: string): FunctionSettings {
  const match = matchFunctionConfig(functions, entry);
  const d = match?.config.maxDuration;
  return {
    maxDuration: d === 'max' ? MAX_DURATION_CEILING : d ?? DEFAULT_MAX_DURATION,
    memory: match?.config.memory ?? DEFAULT_MEMORY,
    ...(match ? { pattern: match.pattern } : {}),
  };
}

/** Vercel's checks of one "functions" value (fs-detectors' validateFunctions), worded as it words them. */
export function checkFunctionConfig(key: string, value: unknown): string | undefined {
  if (key.length > 256) return 'Function globs must be less than 256 characters long.';
  if (key.startsWith('/')) return `The function path "${key}" is invalid. The path must be relative to your project root and therefore cannot start with a slash.`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Function must be an object.';
  const v = value as Record<string, unknown>;
  if (Object.keys(v).length === 0) return 'Function must contain at least one property.';
  const d = v['maxDuration'];
  if (d !== undefined && d !== 'max' && !(typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 1800)) {
    return 'Functions must have a maxDuration between 1 and 1800, or "max".';
  }
  const m = v['memory'];
  if (m !== undefined && !(typeof m === 'number' && m >= 128 && m <= 10240)) return 'Functions must have a memory value between 128 and 10240';
  return undefined;
}

/** A key that matches no function is an error on Vercel too. */
export function unusedFunctionPatterns(functions: Record<string, FunctionConfig>, entries: string[], at: (key: string) => Diagnostic['location']): Diagnostic[] {
  const used = new Set(entries.map((e) => matchFunctionConfig(functions, e)?.pattern));
  return Object.keys(functions)
    .filter((key) => !used.has(key))
    .map((key) => ({
      source: 'flags' as const,
      message: `The pattern "${key}" defined in \`functions\` doesn't match any Serverless Functions inside the \`api\` directory.`,
      location: at(key),
    }));
}
