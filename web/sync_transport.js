// The sync transport for wasm/sync_driver.cpp: POST api/v1/sync by fetch (same origin), the answer handed back
// with its request id; the browser's online/offline events; and the long poll GET api/v1/changes that tells
// the driver, within a moment, that the server has changes this page has not pulled.
import { call, callWithHeapString } from './runtime.js';

const SYNC_URL = 'api/v1/sync';  // relative to the page
const CHANGES_URL = 'api/v1/changes';

export function syncFetch(requestId, body, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const deliver = (status, text) => {
    clearTimeout(timer);
    callWithHeapString(window.Module._crm_sync_response, text, requestId, status);
  };
  fetch(SYNC_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
    cache: 'no-store',
    signal: abort.signal,
  }).then(
    (response) => response.text().then((text) => deliver(response.status, text),
                                        (err) => deliver(0, `reading the answer failed: ${err && err.message}`)),
    (err) => deliver(0, abort.signal.aborted ? 'timeout' : `network: ${err && err.message}`));
}

window.addEventListener('online', () => call('crm_online_changed', null, ['number'], [1]));
window.addEventListener('offline', () => call('crm_online_changed', null, ['number'], [0]));

// --- the long poll ---------------------------------------------------------------------------------------
// One request at a time while the page is online and visible: `after` is the driver's pull cursor (or the
// newest cursor the server told us, if larger); the server answers when it has something newer or after its
// wait limit. A newer cursor asks the driver to sync now (crm_sync_now); the driver's 30 s timer stays as
// the fallback. Hidden or offline: the request is aborted (the server drops the wait when the socket closes).
const watch = {
  config: null,    // timings from wasm/wasm_limits.hpp, given by the driver at start
  generation: 0,   // a loop whose generation is not the current one ends
  running: false,
  abort: null,
  known: 0,        // the newest cursor the server answered
  failures: 0,
};

const canWatch = () => navigator.onLine && document.visibilityState === 'visible';
const syncCursor = () => Number(call('crm_sync_cursor', 'number', [], []) ?? 0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function retryDelay(retryAfterHeader) {
  const { retryMinMs, retryMaxMs, jitter } = watch.config;
  watch.failures += 1;
  let ms = Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(watch.failures - 1, 30));
  const told = Number.parseInt(retryAfterHeader ?? '', 10);
  if (Number.isFinite(told) && told >= 0) ms = Math.max(ms, Math.min(told * 1000, retryMaxMs));
  return ms * (1 + Math.random() * jitter);
}

async function pollLoop(generation) {
  const live = () => watch.generation === generation;
  while (live()) {
    const { timeoutMs, minIntervalMs } = watch.config;
    const after = Math.max(syncCursor(), watch.known);
    const started = performance.now();
    const abort = new AbortController();
    watch.abort = abort;
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let delay = 0;
    try {
      const response = await fetch(`${CHANGES_URL}?after=${after}`, { cache: 'no-store', signal: abort.signal });
      const text = await response.text();
      let cursor = null;
      try { cursor = JSON.parse(text).cursor; } catch { /* not JSON: a proxy's error page */ }
      if (response.ok && Number.isSafeInteger(cursor)) {
        watch.failures = 0;
        if (cursor > after) {
          watch.known = cursor;
          if (live()) call('crm_sync_now', null, ['number'], [cursor]);
        } else {
          // No news: the wait limit passed, or the server is stopping (then it answers at once).
          delay = Math.max(0, minIntervalMs - (performance.now() - started));
        }
      } else {
        delay = retryDelay(response.headers.get('Retry-After'));
      }
    } catch {
      if (!live()) return;  // aborted because the page went hidden or offline
      delay = retryDelay(null);
    } finally {
      clearTimeout(timer);
    }
    if (delay > 0) await sleep(delay);
  }
}

function updateWatch() {
  if (!watch.config) return;
  const should = canWatch();
  if (should === watch.running) return;
  watch.running = should;
  watch.generation += 1;
  if (watch.abort) watch.abort.abort();
  watch.abort = null;
  watch.failures = 0;
  if (should) pollLoop(watch.generation);
}

// Called once by the driver's start (wasm/sync_driver.cpp).
export function watchChanges(config) {
  const first = watch.config === null;
  watch.config = config;
  if (first) {
    document.addEventListener('visibilitychange', updateWatch);
    window.addEventListener('online', updateWatch);
    window.addEventListener('offline', updateWatch);
  }
  updateWatch();
}
