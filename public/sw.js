// @ts-check
/// <reference lib="webworker" />
// The app shell offline: at install, every file of the built app (listed in
// sw-manifest.json by the build) is cached; requests are then answered from
// that cache, pages network-first so a deploy is picked up when online.
// Toolchains are not cached here: they live in IndexedDB, checked by sha256.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const PREFIX = 'gofn-shell-';
const scope = new URL(sw.registration.scope);

/** @returns {Promise<{version: string, files: string[]}>} */
async function manifest() {
  const res = await fetch(new URL('sw-manifest.json', scope), { cache: 'no-store' });
  if (!res.ok) throw new Error(`sw-manifest.json: HTTP ${res.status}`);
  return res.json();
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const m = await manifest();
      const cache = await caches.open(PREFIX + m.version);
      await cache.addAll(['./', ...m.files].map((f) => new URL(f, scope).href));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const m = await manifest().catch(() => undefined);
      if (m) {
        for (const name of await caches.keys()) {
          if (name.startsWith(PREFIX) && name !== PREFIX + m.version) await caches.delete(name);
        }
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== scope.origin || url.pathname.startsWith(scope.pathname + 'toolchains/')) return;
  if (req.mode === 'navigate') {
    // Offline, a page is its cached self (embed.html for the widget), else the app.
    const page = new URL(url.pathname, scope).href;
    event.respondWith(
      fetch(req).catch(
        async () =>
          (await caches.match(page, { ignoreVary: true })) ?? (await caches.match(new URL('./', scope).href, { ignoreVary: true })) ?? Response.error(),
      ),
    );
    return;
  }
  // ignoreVary: the server sends "Vary: Origin", and module scripts are requested
  // with an Origin header that the install-time fetches did not have.
  event.respondWith((async () => (await caches.match(req, { ignoreVary: true })) ?? fetch(req))());
});
