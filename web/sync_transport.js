// The sync transport for wasm/sync_driver.cpp: POST api/v1/sync by fetch (same origin), the answer handed back
// with its request id; the browser's online/offline events; and the long poll GET api/v1/changes that tells
// the driver, within a moment, that the server has changes this page has not pulled. Each request carries the
// session's bearer token (session.js); a 401 answer ends the session (the sign-in form shows) and the driver
// stops syncing until the rep signs in again, keeping every local edit.
import { call, callWithHeapString } from './runtime.js';
import { timing, step } from './timing.js';
import { authHeaders, authFailed, currentToken, signedIn, onAuthChange } from './session.js';

const SYNC_URL = 'api/v1/sync';  // relative to the page
const CHANGES_URL = 'api/v1/changes';

const TIMED_REQUESTS = 3;  // the start's first exchanges are steps of crm.timing (sync.<n>, sync.<n>.apply)
let requestsSent = 0;

// The first sync page start_early.js asked for from the head (a new device), while nobody has taken it.
let earlyFirst = window.crmEarly ? window.crmEarly.firstSync || null : null;

// Whether the driver's request `body` is the pull the early request made: a new device's first (cursor 0,
// nothing pushed) in the same protocol and schema. Its page may hold fewer records than this request asks for;
// the answer's cursor tells the driver where to go on.
function sameAsEarly(early, body) {
  if (body.length > 4096) return false;  // a push: not a new device's first request
  let request;
  try { request = JSON.parse(body); } catch { return false; }
  return request.cursor === 0 && Array.isArray(request.changes) && request.changes.length === 0 &&
         request.protocol === early.protocol && request.schema === early.schema;
}

// The driver's first request, if the early request's answer can stand for it: delivered at once when it is
// in (the first frame then shows the data), else when it arrives; a failed or refused early request, or one
// that outlasts the driver's timeout, makes the driver's own request go out after all.
function takeEarly(body, timeoutMs, send, deliver) {
  const early = earlyFirst;
  earlyFirst = null;  // one use only, whatever happens
  if (!early || !sameAsEarly(early, body)) {
    if (early) timing.firstSync = 'unused';
    return false;
  }
  const use = ({ status, text }) => {
    if (status === 401) authFailed(early.token, text);
    if (status !== 200) {
      timing.firstSync = `fallback: ${status === 0 ? text : `HTTP ${status}`}`;
      send();
      return;
    }
    timing.firstSync = 'early';
    step('sync.early', early.startMs, early.endMs);
    deliver(status, text);
  };
  if (early.result) {
    use(early.result);
    return true;
  }
  let done = false;
  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    timing.firstSync = 'fallback: timeout';
    send();
  }, timeoutMs);
  early.answer.then((answer) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    use(answer);
  });
  return true;
}

export function syncFetch(requestId, body, timeoutMs) {
  const number = ++requestsSent;
  const startMs = performance.now();
  const deliver = (status, text) => {
    const applyMs = performance.now();
    callWithHeapString(window.Module._crm_sync_response, text, requestId, status);
    if (number <= TIMED_REQUESTS) {
      step(`sync.${number}`, startMs, applyMs);
      step(`sync.${number}.apply`, applyMs, performance.now());
    }
  };
  const send = () => post(body, timeoutMs, deliver);
  if (earlyFirst && takeEarly(body, timeoutMs, send, deliver)) return;
  send();
}

function post(body, timeoutMs, deliverAnswer) {
  const token = currentToken();
  if (!token) {
    // Signed out meanwhile: the driver hears it as the server would say it, and keeps its edits.
    deliverAnswer(401, JSON.stringify({ error: 'not signed in', auth: 'missing' }));
    return;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const deliver = (status, text) => {
    clearTimeout(timer);
    if (status === 401) authFailed(token, text);
    deliverAnswer(status, text);
  };
  fetch(SYNC_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
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

const canWatch = () => navigator.onLine && document.visibilityState === 'visible' && signedIn();
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
      const token = currentToken();
      const response = await fetch(`${CHANGES_URL}?after=${after}`, {
        cache: 'no-store', signal: abort.signal, headers: authHeaders(),
      });
      const text = await response.text();
      if (response.status === 401) {
        authFailed(token, text);  // ends the session: updateWatch stops this loop
        if (live()) { watch.running = false; updateWatch(); }  // signed in again meanwhile: a new loop
        return;
      }
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
    onAuthChange(updateWatch);
    window.addEventListener('online', updateWatch);
    window.addEventListener('offline', updateWatch);
  }
  updateWatch();
}
