// vercel.json, as far as building Go functions needs it: build.env (where
// GO_BUILD_FLAGS usually lives) and per-function memory/maxDuration.
import type { Diagnostic, ProjectFiles } from '../types.ts';
import { checkFunctionConfig, unusedFunctionPatterns, type FunctionConfig } from './function-config.ts';

export interface VercelConfig {
  buildEnv: Record<string, string>;
  functions: Record<string, FunctionConfig>;
}

/** Files Vercel would make functions of, any runtime (fs-detectors' API builders), for "functions" keys to match. */
function functionFiles(files: ProjectFiles): string[] {
  return Object.keys(files).filter(
    (p) => p.startsWith('api/') && /\.(js|mjs|ts|tsx|go|py|rb)$/.test(p) && !p.endsWith('.d.ts') && !p.endsWith('_test.go') && !p.includes('/.') && !p.includes('/_'),
  );
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readVercelConfig(files: ProjectFiles): { config: VercelConfig; diagnostics: Diagnostic[] } {
  const config: VercelConfig = { buildEnv: {}, functions: {} };
  const raw = files['vercel.json'];
  if (raw === undefined) return { config, diagnostics: [] };
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const { line, column } = pos ? lineColumn(text, Number(pos[1])) : { line: 0, column: 0 };
    return { config, diagnostics: [{ source: 'flags', message: `vercel.json is not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, location: { file: 'vercel.json', line, column } }] };
  }
  const diagnostics: Diagnostic[] = [];
  const at = (key: string) => {
    const i = text.indexOf(`"${key}"`);
    return { file: 'vercel.json', ...(i >= 0 ? lineColumn(text, i) : { line: 0, column: 0 }) };
  };
  if (!isRecord(json)) return { config, diagnostics: [{ source: 'flags', message: 'vercel.json must hold a JSON object', location: { file: 'vercel.json', line: 1, column: 1 } }] };
  const build = json['build'];
  if (isRecord(build) && build['env'] !== undefined) {
    const env = build['env'];
    if (!isRecord(env)) diagnostics.push({ source: 'flags', message: 'build.env must be an object of strings', location: at('env') });
    else for (const [k, v] of Object.entries(env)) {
      if (typeof v === 'string') config.buildEnv[k] = v;
      else diagnostics.push({ source: 'flags', message: `build.env.${k} must be a string`, location: at(k) });
    }
  }
  const fns = json['functions'];
  if (fns !== undefined && !isRecord(fns)) diagnostics.push({ source: 'flags', message: 'functions must be an object', location: at('functions') });
  if (isRecord(fns)) {
    for (const [glob, v] of Object.entries(fns)) {
      const problem = checkFunctionConfig(glob, v);
      if (problem) {
        diagnostics.push({ source: 'flags', message: problem, location: at(glob) });
        continue;
      }
      const fn = v as Record<string, unknown>;
      config.functions[glob] = {
        ...(typeof fn['memory'] === 'number' ? { memory: fn['memory'] } : {}),
        ...(fn['maxDuration'] !== undefined ? { maxDuration: fn['maxDuration'] as number | 'max' } : {}),
      };
    }
    if (diagnostics.length === 0) diagnostics.push(...unusedFunctionPatterns(config.functions, functionFiles(files), at));
  }
  return { config, diagnostics };
}
