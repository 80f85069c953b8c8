// The page store's browser side as the app uses it: the saved database (web/page_store.js, opened by
// start_early.js while the module downloads), its chunks handed to the wasm page store before main(), each
// commit's batch saved, and what a reload or a closed tab would lose.
import { runtime, callWithHeapString, appState } from './runtime.js';
import { timing, step } from './timing.js';
import { showProgress, showWaitingForOtherTab, waitingEnded } from './loader.js';

const PAGE_BYTES_ESTIMATE = 4096;  // bytes per saved chunk, for the loading bar only
const LOAD_STAGING_CHUNKS = 256;   // chunks copied into wasm memory per call before main() (1 MiB)

let wiping = false;     // the database is being deleted (wipeLocalData)
let pageStore = null;  // the open IndexedDB store; null while loading or when running in memory only
// Whether the second copy (web/page_mirror_worker.js) is kept, what it restored at start, and where the saved
// database was read from: 'copy' or 'indexeddb' (window.crm.pages).
export const pagesInfo = { mirrored: null, recovered: null, readFrom: null };

const errorText = (e) => `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`;

// The saved database start_early.js began to open (`early` is window.crmEarly): its progress and the wait for
// another tab are shown from now on (and what happened before this module ran, at once). Resolves to {store} or
// {error: "<name>: <message>"}; never rejects (no IndexedDB = run in memory). `part` is this load's share of the
// progress bar, `parts` the whole bar.
export async function openPages(early, part, parts, { onWaiting } = {}) {
  const progress = (loaded, total) => {
    part.received = loaded * PAGE_BYTES_ESTIMATE;
    part.total = total * PAGE_BYTES_ESTIMATE;
    showProgress(parts);
  };
  const waiting = () => {
    showWaitingForOtherTab();
    if (onWaiting) onWaiting();
  };
  early.listeners.progress = progress;
  early.listeners.waiting = waiting;
  if (early.progress) progress(...early.progress);
  if (early.waiting) waiting();
  const opened = await early.pages;
  for (const [name, s] of Object.entries(early.steps)) step(name, s.startMs, s.endMs);
  step('pages', early.pagesStartMs, early.pagesEndMs);
  part.done = true;
  if (opened.store) {
    waitingEnded();
    timing.pagesLoadMs = early.pagesEndMs - early.pagesStartMs;
  }
  return opened;
}

// Hands the saved chunks to the page store; main() may run after this.
export function copyPagesIntoModule({ store, error }) {
  const Module = window.Module;
  let durable = 0, size = 0, seq = 0, reason = error || '';
  const copyStarted = performance.now();
  if (store) {
    const { chunks } = store.loaded;
    let ok = true;
    if (chunks.length > 0) {
      // A staging buffer of LOAD_STAGING_CHUNKS chunks and their indexes, handed over in one call each: a call per
      // chunk cost ~0.1 s for 100 MiB.
      const chunkBytes = chunks[0][1].byteLength;
      const capacity = Math.min(LOAD_STAGING_CHUNKS, chunks.length);
      const data = Module._malloc(capacity * chunkBytes);
      const indexes = Module._malloc(capacity * 4);
      for (let first = 0; ok && first < chunks.length; first += capacity) {
        const n = Math.min(capacity, chunks.length - first);
        // Views re-read each batch: memory growth (the chunks allocated meanwhile) replaces them.
        const heap = Module.HEAPU8;
        const heapIndexes = Module.HEAPU32;
        for (let k = 0; k < n; k++) {
          const [index, bytes] = chunks[first + k];
          if (bytes.byteLength !== chunkBytes) { ok = false; break; }
          heap.set(bytes, data + k * chunkBytes);
          heapIndexes[(indexes >> 2) + k] = index;
        }
        if (ok && !Module._crm_pages_load_many(indexes, data, n, chunkBytes)) ok = false;
      }
      Module._free(indexes);
      Module._free(data);
    }
    store.loaded.chunks = null;  // the bytes now live in wasm memory
    const { log } = store.loaded;
    if (ok && log && log.chunks.length > 0) {
      const ptr = Module._malloc(log.chunks.length * 4);
      Module.HEAPU32.set(log.chunks, ptr >> 2);
      Module._crm_pages_log(ptr, log.chunks.length, log.bytes);
      Module._free(ptr);
    }
    if (ok) {
      pageStore = store;
      pagesInfo.mirrored = Boolean(store.mirrored);
      pagesInfo.recovered = store.recovered || null;
      pagesInfo.readFrom = store.loaded.from || null;
      durable = 1;
      size = store.loaded.size;
      seq = store.loaded.seq;
    } else {
      // Leave the saved copy as it is (nothing will be written to it) and run in memory.
      store.close();
      reason = 'DataError: the saved database has a damaged chunk';
    }
  }
  callWithHeapString(Module._crm_pages_finish, reason, size, seq, durable);
  if (store) {
    timing.pagesCopyMs = performance.now() - copyStarted;
    step('pages.copy', copyStarted, performance.now());
  }
}

// One commit's batch from the page store: saved in one IndexedDB transaction, then acknowledged (or failed) to it.
// `patch`: the log record (an ArrayBuffer, null when no byte changed), or undefined for a compaction (whole chunks).
export function pagesWrite(seq, size, chunkCount, chunkSize, index, data, patch) {
  const Module = window.Module;
  if (wiping) return;  // the database is being deleted (sign-out): nothing of it is kept
  const chunks = Array.from(index, (i, k) => [i, data.subarray(k * chunkSize, (k + 1) * chunkSize)]);
  pageStore.write({ seq, size, chunkCount, chunkSize, chunks, patch }).then(
    () => Module._crm_pages_ack(seq),
    (e) => callWithHeapString(Module._crm_pages_fail, errorText(e), seq)).then(updateUnloadGuard);
}

// Closing the tab while changes exist only in its memory would lose them: the browser asks first. Chromium runs a
// page's beforeunload handler before every reload or navigation away, waiting for the page's main thread (30-75 ms
// of each reload here), so the handler is there only while the database is in memory or its saves fail: the
// states in which changes can be at risk. Those change only at start (main) and with a save's answer.
let unloadGuarded = false;

function onBeforeUnload(e) {
  if (dataAtRisk()) { e.preventDefault(); e.returnValue = ''; }
}

export function updateUnloadGuard() {
  if (wiping) return;
  const saved = runtime.ready ? appState('platform.storage') : null;
  const needed = Boolean(saved && (saved.phase === 'memory' || saved.phase === 'error'));
  if (needed === unloadGuarded) return;
  unloadGuarded = needed;
  if (needed) window.addEventListener('beforeunload', onBeforeUnload);
  else window.removeEventListener('beforeunload', onBeforeUnload);
}

// Changes that exist only in this tab's memory: saving fails, or no IndexedDB and changes not yet on the server.
// Saves that merely are in flight finish on their own.
export function dataAtRisk() {
  if (!runtime.ready) return false;
  const saved = appState('platform.storage');
  const sync = appState('platform.sync');
  return Boolean(saved && (saved.phase === 'error' || (saved.phase === 'memory' && sync && sync.pending > 0)));
}

// Why reloading this tab now would lose something, or null: a commit not yet saved, changes kept only in memory,
// or a form being filled in. A tab whose app has not started holds nothing.
export function reloadBlocker() {
  if (!runtime.ready) return null;
  const saved = appState('platform.storage');
  if (!saved) return null;  // main() has not opened the database yet
  if (dataAtRisk()) return 'unsaved';
  if (saved.phase === 'saving') return 'saving';
  if (appState('form.mode')) return 'form';
  return null;
}

// Sign-out, or another user signing in: this device's database goes, both copies (IndexedDB and the second copy),
// after the open connection and its writer lock were let go. The caller reloads the page (the app still holds
// the database in memory; nothing of it is saved from here on).
export async function wipeLocalData() {
  wiping = true;
  window.removeEventListener('beforeunload', onBeforeUnload);
  unloadGuarded = false;
  const store = pageStore;
  pageStore = null;
  if (store) await store.close().catch(() => {});
  if (window.CrmPageStore) {
    await window.CrmPageStore.deleteAll().catch((e) => console.warn('[crm] local data not deleted:', e && e.message));
  }
}
