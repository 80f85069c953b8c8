// The sync transport for wasm/sync_driver.cpp: POST api/v1/sync by fetch (same origin), the answer handed back
// with its request id; and the browser's online/offline events.
import { call, callWithHeapString } from './runtime.js';

const SYNC_URL = 'api/v1/sync';  // relative to the page

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
