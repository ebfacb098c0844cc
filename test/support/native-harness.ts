// A native stand-in for the platform, used to check the corpus itself with
// plain `go`: it copies a project, gives every api/ entrypoint its route the
// way Vercel's zero-config routing does, and generates one net/http server
// (package main) that serves all routes. It knows only what the corpus needs;
// the engine's own analysis and wrappers are what the other tests exercise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectFiles } from '../../src/core/types.ts';
import { fileText, type ExpectedRoute } from './corpus.ts';

export interface HarnessRoute extends ExpectedRoute {
  pattern: string;
  params: string[];
  /** Package directory inside the harness copy (brackets renamed). */
  pkgDir: string;
  /** Handler name inside the harness copy (renamed when entrypoints of one package share it). */
  goName: string;
}

/** api/**\/*.go except tests and anything under a path element starting with _ or . */
export function entrypoints(files: ProjectFiles): string[] {
  return Object.keys(files)
    .filter((p) => p.startsWith('api/') && p.endsWith('.go') && !p.endsWith('_test.go'))
    .filter((p) => !p.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.')))
    .sort();
}

export function routeOf(entry: string): { route: string; pattern: string; params: string[] } {
  const segs = entry.slice(0, -'.go'.length).split('/');
  if (segs[segs.length - 1] === 'index') segs.pop();
  const params: string[] = [];
  const re = segs.map((s) => {
    const m = /^\[([^\]/]+)\]$/.exec(s);
    if (!m) return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    params.push(m[1]!);
    return '([^/]+)';
  });
  return { route: `/${segs.join('/')}`, pattern: `^/${re.join('/')}$`, params };
}

const handlerRe =
  /^func\s+(\p{Lu}[\p{L}\p{N}_]*)\s*\(\s*\w+\s+(?:\w+\.)?ResponseWriter\s*,\s*\w+\s+\*\s*(?:\w+\.)?Request\s*\)/mu;

/** The first exported top-level func(ResponseWriter, *Request) in a corpus entrypoint. */
export function findHandler(source: string): string | undefined {
  return handlerRe.exec(source)?.[1];
}

/** `[id]` is not valid in a Go import path or file name, so the copy spells it param_id. */
export function sanitizePath(p: string): string {
  return p
    .split('/')
    .map((seg) => seg.replace(/\[([^\]]+)\]/g, 'param_$1'))
    .join('/');
}

export function modulePath(files: ProjectFiles): string | undefined {
  return /^module\s+(\S+)/m.exec(fileText(files, 'go.mod') ?? '')?.[1];
}

export const harnessDir = '_gofn_harness';

function mainSource(modPath: string, routes: HarnessRoute[]): string {
  const ordered = [...routes].sort((a, b) => a.params.length - b.params.length || a.route.localeCompare(b.route));
  const imports = ordered.map((r, i) => `\th${i} ${JSON.stringify(r.pkgDir ? `${modPath}/${r.pkgDir}` : modPath)}`);
  const table = ordered.map(
    (r, i) => `\t{regexp.MustCompile(${JSON.stringify(r.pattern)}), ${JSON.stringify(r.params)
      .replace('[', '[]string{')
      .replace(/\]$/, '}')}, h${i}.${r.goName}},`,
  );
  return `// Code generated for the corpus check. DO NOT EDIT.
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime/debug"

${imports.join('\n')}
)

type route struct {
	re     *regexp.Regexp
	params []string
	h      func(http.ResponseWriter, *http.Request)
}

var routes = []route{
${table.join('\n')}
}

func serve(w http.ResponseWriter, r *http.Request) {
	for _, rt := range routes {
		m := rt.re.FindStringSubmatch(r.URL.Path)
		if m == nil {
			continue
		}
		// Dynamic segments arrive as query parameters; the path stays as sent.
		for i, name := range rt.params {
			if r.URL.RawQuery != "" {
				r.URL.RawQuery += "&"
			}
			r.URL.RawQuery += url.QueryEscape(name) + "=" + url.QueryEscape(m[i+1])
		}
		defer func() {
			if v := recover(); v != nil {
				fmt.Fprintf(os.Stderr, "panic: %v\\n\\n%s", v, debug.Stack())
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		rt.h(w, r)
		return
	}
	http.NotFound(w, r)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("gofn-harness listening %s\\n", ln.Addr())
	fmt.Fprintln(os.Stderr, http.Serve(ln, http.HandlerFunc(serve)))
}
`;
}

export interface Harness {
  /** Module root of the copy; build `./${harnessDir}` there. */
  root: string;
  routes: HarnessRoute[];
}

/**
 * Writes the harness copy of a project into dest. Without go.mod one is made
 * up with the given language version, as the platform does.
 */
export function writeHarness(files: ProjectFiles, dest: string, goVersion: string): Harness {
  const copy: ProjectFiles = {};
  for (const [p, v] of Object.entries(files)) copy[sanitizePath(p)] = v;
  const modPath = modulePath(files) ?? 'example.com/synthesized';
  if (!('go.mod' in files)) copy['go.mod'] = `module ${modPath}\n\ngo ${goVersion.split('.').slice(0, 2).join('.')}\n`;

  const routes: HarnessRoute[] = [];
  for (const entry of entrypoints(files)) {
    const handler = findHandler(fileText(files, entry) ?? '');
    if (!handler) throw new Error(`corpus entrypoint ${entry} has no handler the harness can find`);
    const { route, pattern, params } = routeOf(entry);
    const path = sanitizePath(entry);
    routes.push({ route, entry, handler, pattern, params, pkgDir: dirname(path) === '.' ? '' : dirname(path), goName: handler });
  }
  // One binary serves every route, so same-named handlers of one package get
  // unique names here (the platform builds each entrypoint on its own instead).
  for (const r of routes) {
    const clash = routes.some((o) => o !== r && o.pkgDir === r.pkgDir && o.handler === r.handler);
    if (!clash) continue;
    const base = sanitizePath(r.entry).split('/').pop()!.replace(/\.go$/, '').replace(/\W/g, '_');
    r.goName = `${r.handler}_${base}`;
    const path = sanitizePath(r.entry);
    const src = fileText(copy, path)!;
    copy[path] = src.replace(new RegExp(`^func\\s+${r.handler}\\s*\\(`, 'm'), `func ${r.goName}(`);
  }
  copy[`${harnessDir}/main.go`] = mainSource(modPath, routes);
  writeFiles(dest, copy);
  return { root: dest, routes };
}

export function writeFiles(dest: string, files: ProjectFiles): void {
  for (const [p, v] of Object.entries(files)) {
    mkdirSync(dirname(join(dest, p)), { recursive: true });
    writeFileSync(join(dest, p), v);
  }
}
