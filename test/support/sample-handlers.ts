// Sample handlers wrapped by the generated main packages and built with the
// host's native `go` (linux/amd64 bootstrap, wasip1/wasm preview module)
// into .cache/, for the wrapper and preview tests.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { lambdaMain, previewMain } from '../../src/core/wrap/wrapper.ts';

const run = promisify(execFile);

export const SAMPLE_MODULE = 'example.com/fn';
export const SAMPLE_HANDLERS = ['Echo', 'Bytes', 'Counter', 'Stream', 'Boom', 'Spin', 'Flood', 'Hog'] as const;
export type SampleHandler = (typeof SAMPLE_HANDLERS)[number];

const sampleSource = `package api

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

func init() {
	fmt.Println("init ran")
}

// Echo reports what the handler saw of the request.
func Echo(w http.ResponseWriter, r *http.Request) {
	fmt.Println("LOG-MARKER stdout", r.Method, r.URL.Path)
	log.Printf("LOG-MARKER stderr %s", r.URL.RawQuery)
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Add("Set-Cookie", "a=1")
	w.Header().Add("Set-Cookie", "b=2")
	if s := r.URL.Query().Get("status"); s != "" {
		code, _ := strconv.Atoi(s)
		w.WriteHeader(code)
		w.WriteHeader(http.StatusTeapot)
		w.Header().Set("X-Too-Late", "1")
	}
	json.NewEncoder(w).Encode(map[string]interface{}{
		"method":        r.Method,
		"path":          r.URL.Path,
		"query":         r.URL.Query(),
		"requestURI":    r.RequestURI,
		"host":          r.Host,
		"remoteAddr":    r.RemoteAddr,
		"contentLength": r.ContentLength,
		"header":        r.Header,
		"body":          string(body),
		"proto":         r.Proto,
		"env":           os.Getenv("GREETING"),
		"platform":      os.Getenv("VERCEL") + " " + os.Getenv("VERCEL_ENV") + " " + os.Getenv("VERCEL_URL") + " " + os.Getenv("VERCEL_REGION") + " " + os.Getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
	})
}

// Bytes answers the request body, leaving Content-Type to sniffing.
func Bytes(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.Write(b)
}

var count int

func Counter(w http.ResponseWriter, r *http.Request) {
	count++
	fmt.Fprintf(w, "count=%d\\n", count)
}

func Stream(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	f := w.(http.Flusher)
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(w, "data: %d\\n\\n", i)
		f.Flush()
		if r.URL.Query().Get("hang") == "1" {
			for {
			}
		}
		done := make(chan bool)
		go func() {
			time.Sleep(20 * time.Millisecond)
			done <- true
		}()
		<-done
	}
}

func Boom(w http.ResponseWriter, r *http.Request) {
	fmt.Println("about to panic")
	w.Header().Set("X-Lost", "1")
	panic("boom")
}

var spins int

func Spin(w http.ResponseWriter, r *http.Request) {
	spins++
	switch r.URL.Query().Get("do") {
	case "loop":
		for {
		}
	case "exit":
		os.Exit(3)
	}
	fmt.Fprintf(w, "requests=%d\\n", spins)
}

`;

export interface Samples {
  dir: string;
  /** The linux/amd64 bootstrap of a handler. */
  bootstrap(handler: SampleHandler): string;
  /** The wasip1/wasm preview module of a handler. */
  preview(handler: SampleHandler): Uint8Array;
}

/** Writes the module and its wrappers under .cache/wrapper-test/<name>/ and builds both targets. */
export async function buildSamples(name: string): Promise<Samples> {
  const dir = resolve('.cache/wrapper-test', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'api'), { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module ${SAMPLE_MODULE}\n\ngo 1.21\n`);
  writeFileSync(join(dir, 'api/sample.go'), sampleSource);
  // The handlers that test the platform's limits are the limits fixture's own.
  for (const f of ['flood.go', 'hog.go']) copyFileSync(resolve('test/fixtures/limits/api', f), join(dir, 'api', f));
  for (const handler of SAMPLE_HANDLERS) {
    const opts = { importPath: `${SAMPLE_MODULE}/api`, handler, entry: 'api/sample.go' };
    for (const [kind, source] of [['lambda', lambdaMain(opts)], ['preview', previewMain(opts)]] as const) {
      mkdirSync(join(dir, 'cmd', kind, handler.toLowerCase()), { recursive: true });
      writeFileSync(join(dir, 'cmd', kind, handler.toLowerCase(), 'main.go'), source);
    }
  }
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  await run('go', ['build', '-trimpath', '-o', 'bin/native/', './cmd/lambda/...'], { cwd: dir, env: { ...env, GOOS: 'linux', GOARCH: 'amd64' } });
  await run('go', ['build', '-trimpath', '-o', 'bin/wasm/', './cmd/preview/...'], { cwd: dir, env: { ...env, GOOS: 'wasip1', GOARCH: 'wasm' } });
  return {
    dir,
    bootstrap: (handler) => join(dir, 'bin/native', handler.toLowerCase()),
    preview: (handler) => readFileSync(join(dir, 'bin/wasm', handler.toLowerCase())),
  };
}
