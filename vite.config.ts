import { cpSync, createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { gitPass } from './src/node/git-pass.ts';
import { goproxyPass } from './src/node/goproxy-pass.ts';
import { isolationHeaders, setIsolationHeaders, type Middleware } from './src/node/isolation.ts';
import { brotliObjects } from './src/node/brotli-objects.ts';
import { headersFile, vercelJson } from './src/node/static-headers.ts';

const setIsolation: Middleware = (req, res, next) => {
  setIsolationHeaders(res, req.url);
  next();
};

const toolchainRoot = resolve('toolchains');

/** Serves the toolchain bundles (built by `npm run toolchain` into toolchains/) at /toolchains/. */
const serveToolchains: Middleware = (req, res, next) => {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!url.pathname.startsWith('/toolchains/')) return next();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    return res.end();
  }
  const file = resolve(toolchainRoot, decodeURIComponent(url.pathname.slice('/toolchains/'.length)));
  if (!file.startsWith(toolchainRoot + sep)) {
    res.statusCode = 403;
    return res.end();
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    return res.end(`no toolchain file ${url.pathname} (run \`npm run toolchain\`)`);
  }
  // Objects are content-addressed (named by sha256), so they never change;
  // index and manifests do, whenever a bundle is rebuilt.
  const immutable = url.pathname.includes('/objects/');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  // application/octet-stream, not a gzip Content-Encoding: the engine checks
  // the compressed bytes and inflates them itself.
  res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  res.setHeader('Content-Length', String(size));
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
};

function isolatedServer(): Plugin {
  return {
    name: 'gofn:isolated-server',
    configureServer(server) {
      server.middlewares.use(setIsolation);
      server.middlewares.use(brotliObjects('/toolchains/', toolchainRoot));
      server.middlewares.use(serveToolchains);
      server.middlewares.use(goproxyPass());
      server.middlewares.use(gitPass());
    },
    configurePreviewServer(server) {
      server.middlewares.use(setIsolation);
      server.middlewares.use(brotliObjects('/toolchains/', toolchainRoot));
      server.middlewares.use(serveToolchains);
      server.middlewares.use(goproxyPass());
      server.middlewares.use(gitPass());
    },
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Writes sw-manifest.json: every file of the built app, so the service worker can cache the whole shell at install (hashed chunks, worker bundles and wasm included) and the app opens offline afterwards. */
function writeShellManifest(outDir: string): void {
  const files = listFiles(outDir)
    .map((f) => relative(outDir, f).split(sep).join('/'))
    // Toolchains live in IndexedDB, fetched as needed; the host files are for the host.
    .filter((f) => f !== 'sw.js' && f !== 'sw-manifest.json' && f !== '_headers' && f !== 'vercel.json' && !f.startsWith('toolchains/'))
    .sort();
  const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
  writeFileSync(join(outDir, 'sw-manifest.json'), JSON.stringify({ version, files }, null, 1));
}

/**
 * Makes dist/ hostable by any static host: the toolchain bundles copied in,
 * and the isolation and caching headers as a `_headers` file (Netlify,
 * Cloudflare Pages) and a vercel.json.
 */
function writeHostFiles(outDir: string, warn: (message: string) => void): void {
  writeFileSync(join(outDir, '_headers'), headersFile());
  writeFileSync(join(outDir, 'vercel.json'), vercelJson());
  if (existsSync(join(toolchainRoot, 'index.json'))) cpSync(toolchainRoot, join(outDir, 'toolchains'), { recursive: true, dereference: true });
  else warn('toolchains/ has no bundles to copy into dist/ (run `npm run toolchain`)');
}

/** What dist/ gets besides the bundle: the shell manifest and the files a static host needs. */
function distFiles(): Plugin {
  let outDir = 'dist';
  return {
    name: 'gofn:dist-files',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      writeShellManifest(outDir);
      writeHostFiles(outDir, (m) => this.warn(m));
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [isolatedServer(), distFiles()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, rollupOptions: { input: { main: resolve('index.html'), embed: resolve('embed.html') } } },
});
