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

// --- A new device's first sync page, asked for from the head ---------------------------------------------
// A device with nothing saved yet (on a first visit no service worker controls the page) shows nothing until
// the server's first page of data is in. Asked for here, that round trip overlaps the downloads and the start
// of the wasm module instead of following them; web/sync_transport.js hands the answer to the sync driver as
// the answer to its first request, when that request is the same pull (cursor 0, nothing to push, same
// protocol and schema), else drops it. A failed or refused early request only means the driver asks itself.
// A page that does have a database (no service worker, or its files cleared) only costs the server a page.
(() => {
  // core/sync/protocol.hpp kProtocolVersion and core/storage/migrations.hpp kSchemaVersion (checked against
  // them by tests/e2e/first_start.test.mjs); a mismatch makes the answer unused, never wrong.
  const PROTOCOL = 2;
  const SCHEMA = 8;
  // Records in this page: a screen of list rows, on a laptop too (~22 at 800 px). Fewer than the driver's own
  // first page (kSyncFirstPullRecords): it is applied before the first frame (~2 ms a record at CPU ÷4, measured:
  // 60 records 0.20 s, 25 records 0.13 s), and the driver pulls on from where it ends.
  const RECORDS = 30;
  const early = window.crmEarly;
  if (!early || !early.webgl2 || typeof fetch !== 'function') return;
  if (navigator.serviceWorker && navigator.serviceWorker.controller) return;  // a returning device
  if (navigator.onLine === false) return;
  // Every API request needs the session's token (web/session.js keeps it); without one the sign-in form shows.
  let session = null;
  try { session = JSON.parse(localStorage.getItem('crm.session') || 'null'); } catch { /* none */ }
  if (!session || typeof session.token !== 'string' || !session.token) return;
  const startMs = performance.now();
  // The server binds a session to the first device that syncs with it: a new database takes this id
  // (wasm/main.cpp asks session.js for it), so the driver's own requests come from the same device.
  let device = null;
  try { device = localStorage.getItem('crm.device'); } catch { /* none */ }
  if (!device) {
    device = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : `early-${startMs}-${Math.random()}`;
    try { localStorage.setItem('crm.device', device); } catch { /* the driver's id is used then */ }
  }
  // answer: Promise<{status, text}> (status 0: fetch failed), never rejecting; result: it, once arrived.
  const first = { protocol: PROTOCOL, schema: SCHEMA, startMs, endMs: null, answer: null, result: null,
                  token: session.token };
  first.answer = fetch('api/v1/sync', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, device, cursor: 0, max_records: RECORDS,
                           changes: [] }),
    cache: 'no-store',
  }).then((response) => response.text().then((text) => ({ status: response.status, text })))
    .catch((e) => ({ status: 0, text: `network: ${e && e.message}` }))
    .then((answer) => { first.endMs = performance.now(); first.result = answer; return answer; });
  early.firstSync = first;
})();
