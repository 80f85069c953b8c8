// Service worker: keeps the app shell (page, module, font, icons) in a versioned cache so the URL opens with
// no network after the first visit. The build writes shell-manifest.js next to this file:
//   self.CRM_SHELL = { version: '<hash of every shell file>', files: ['index.html', 'crm.wasm', ...] }
// A new build changes that import, so the check a running page makes (shell_update.js) installs a new worker
// beside this one. It waits: the browser puts it in charge at its next start (no page left on the old worker),
// or a page asks it to take over ('activate-now') when the rep accepts the "new version" prompt. Pages already
// running keep the code they loaded.
'use strict';

importScripts('shell-manifest.js');

const CACHE_PREFIX = 'fieldcrm-shell-';
const { version, files } = self.CRM_SHELL;
const CACHE_NAME = CACHE_PREFIX + version;
const scopeUrl = new URL(self.registration.scope);
const shellPaths = new Set(files.map((f) => new URL(f, scopeUrl).pathname));
const indexPath = new URL('index.html', scopeUrl).pathname;

self.addEventListener('install', (event) => {
  // 'reload' bypasses the HTTP cache, so the new cache never mixes files of two builds.
  event.waitUntil(caches.open(CACHE_NAME)
    .then((cache) => cache.addAll(files.map((f) => new Request(f, { cache: 'reload' })))));
  // Sync requests bypass the worker entirely where the browser can route (Chrome): they need nothing from it, and
  // an event that starts this worker again would hold back a new version's activation (see shell_update.js).
  if (event.addRoutes) {
    try {
      event.waitUntil(event.addRoutes([
        { condition: { not: { requestMethod: 'GET' } }, source: 'network' },
        { condition: { urlPattern: new URL('api/*', scopeUrl).pathname }, source: 'network' },
      ]).catch((e) => console.warn('[crm sw] no static routes:', e && e.message)));
    } catch (e) {
      console.warn('[crm sw] no static routes:', e && e.message);  // an older browser's stricter rules
    }
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(CACHE_PREFIX) && key !== CACHE_NAME) await caches.delete(key);
    }
    await self.clients.claim();  // the first visit's page is served offline from now on too
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-now') self.skipWaiting();
  if (event.data === 'version' && event.ports[0]) event.ports[0].postMessage(version);
});

// Opened once per worker start, not per request: a start asks for ~20 files at the same moment.
let shellCache = null;
async function fromShell(request, path) {
  if (!shellCache) {
    shellCache = caches.open(CACHE_NAME);
    shellCache.catch(() => { shellCache = null; });  // a failed open is tried again by the next request
  }
  const cache = await shellCache;
  const hit = await cache.match(path === indexPath ? 'index.html' : request, { ignoreSearch: true });
  return hit || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;  // sync requests go to the network, always
  const url = new URL(request.url);
  if (url.origin !== scopeUrl.origin) return;
  if (request.mode === 'navigate' && (url.pathname === scopeUrl.pathname || url.pathname === indexPath)) {
    event.respondWith(fromShell(request, indexPath));
  } else if (shellPaths.has(url.pathname)) {
    event.respondWith(fromShell(request, url.pathname));
  }
});
