// The slow parts of the start, begun from the page's head before its modules have loaded (they take ~0.1 s
// more): opening the saved database (web/page_store.js, loaded just before this) with its writer lock, beside
// the downloads of crm.wasm and crm.data that index.html began (window.crmDownloads). app.js takes them over
// through window.crmEarly. A plain script, so it runs as soon as it arrives; it never waits for anything itself.
'use strict';

(() => {
  const early = {
    ranMs: performance.now(),  // this script began: the page's head was parsed up to here
    webgl2: false,
    downloads: null,  // {wasm, data}: Promise<Response> each, begun by index.html at wasmStartMs / dataStartMs
    wasmStartMs: null,
    dataStartMs: null,
    pages: null,      // Promise<{store} | {error}> of CrmPageStore.open, never rejecting
    pagesStartMs: null,
    pagesEndMs: null,
    steps: {},        // pages.<step> -> {startMs, endMs}, as page_store.js reports them
    waiting: false,   // another tab holds the database: this one waits (pages.js shows it)
    progress: null,   // the newest [loaded, total] chunk counts
    listeners: { waiting: null, progress: null },  // set by pages.js once it runs
  };
  window.crmEarly = early;

  // A browser without the WebGL 2 API only shows why (app.js), so the database stays free. Whether a context can
  // really be made (a blocklisted GPU) is asked later, off this path (app.js).
  early.webgl2 = typeof WebGL2RenderingContext === 'function';
  if (!early.webgl2) return;

  const downloads = window.crmDownloads;
  early.downloads = { wasm: downloads.wasm, data: downloads.data };
  early.wasmStartMs = downloads.wasmStartMs;
  early.dataStartMs = downloads.dataStartMs;

  early.pagesStartMs = performance.now();
  if (!window.CrmPageStore) {
    early.pages = Promise.resolve({ error: 'NotSupportedError: page_store.js did not load' });
    return;
  }
  early.pages = window.CrmPageStore.open({
    onProgress: (loaded, total) => {
      early.progress = [loaded, total];
      if (early.listeners.progress) early.listeners.progress(loaded, total);
    },
    onWaiting: () => {
      early.waiting = true;
      if (early.listeners.waiting) early.listeners.waiting();
    },
    onStep: (name, startMs, endMs) => { early.steps[`pages.${name}`] = { startMs, endMs }; },
  }).then((store) => {
    early.pagesEndMs = performance.now();
    return { store };
  }, (e) => {
    early.pagesEndMs = performance.now();
    console.warn('[crm] IndexedDB unavailable, running in memory:', e && e.name, e && e.message);
    return { error: `${(e && e.name) || 'Error'}: ${(e && e.message) || e}` };
  });
})();
