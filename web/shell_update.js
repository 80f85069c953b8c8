// The offline app shell's side in the page (web/sw.js is the worker): the page starts at once from the shell its
// worker already holds, and looks for a new version beside the running app (docs/architecture.md, "Offline app
// shell"). A new version found is used at the next start of the browser, or at once when the rep accepts the
// prompt (update_prompt.js) and nothing would be lost. Files of two builds never meet: a page still loading when
// a new version takes over starts again; a running page keeps the code it loaded.
import { reloadBlocker } from './pages.js';

const WORKER_URL = 'sw.js';
const SHELL_RECHECK_INTERVAL_MS = 60 * 60_000;  // a session open all day still learns of a new version
const SHELL_TAKEOVER_TIMEOUT_MS = 10_000;       // after "Update": the old worker finishing its work first
const SAVE_SETTLE_POLL_MS = 50;                 // "Update" while a commit is being saved: look again after this

// window.crm.shell (docs/automation.md). `status`: 'unsupported' (no service worker), 'first-visit' (the worker
// installs while the app loads from the network), 'idle' (started from the shell at hand; no check yet),
// 'checking', 'current' (nothing new), 'downloading' (a new version fills its cache), 'ready' (a new version
// waits: the prompt shows), 'applying' (the rep accepted: the new worker takes over, then the page reloads),
// 'failed' (the check did not reach the server; `error` says why).
export const shell = {
  status: 'idle',
  error: null,
  checkStartedMs: null,  // performance.now() when the last check began and ended
  checkEndedMs: null,
  canUpdate: false,      // the prompt's button is enabled (update_prompt.js keeps these two)
  blockedBy: null,       // why not: 'saving', 'unsaved', 'form'
  check: () => check(),  // a check now; it also runs at start and every SHELL_RECHECK_INTERVAL_MS
  apply: () => apply(),  // what the prompt's button does
};

const listeners = [];
export const onShellChange = (listener) => { listeners.push(listener); };

function set(status, extra = {}) {
  Object.assign(shell, { status }, extra);
  for (const listener of listeners) listener(shell);
}

let sw = null;
let pageWorker = null;          // the worker that served this page's files (null on a first visit, until it claims)
let started = false;            // the app has shown its first data: from now on the page keeps its code
let newVersionActive = false;   // another tab put a new version in charge: a reload of this page applies it
let checksBegun = false;
const watched = new WeakSet();  // registrations and workers with listeners on them

// Starts the page: `load` at once, whatever the network does. `ready` resolves when the app shows its data.
export function startShell({ load, ready }) {
  sw = navigator.serviceWorker;
  if (!sw) {
    set('unsupported');
    load();
    return;
  }
  pageWorker = sw.controller;
  ready.then(() => { started = true; });
  sw.addEventListener('controllerchange', onControllerChange);
  if (!pageWorker) {
    // First visit: the worker installs while the app loads from the network, and claims this page.
    set('first-visit');
    sw.register(WORKER_URL, { updateViaCache: 'none' })
      .catch((e) => console.warn('[crm] no offline start in this browser:', e && e.message));
  }
  load();
}

function onControllerChange() {
  if (!pageWorker) {
    pageWorker = sw.controller;  // the first visit's worker claimed this page: it holds this page's files
    if (shell.status === 'first-visit') set('current');
    return;
  }
  if (sw.controller === pageWorker) return;
  if (!started) {
    location.reload();  // a new version would answer the rest of this page's shell requests
    return;
  }
  newVersionActive = true;
  if (shell.status === 'applying') reloadWhenSafe();
  else set('ready');
}

// The check runs beside the app: from its first frame (or while it waits for another tab, or after a fatal
// error, so a broken build can still be replaced), then every SHELL_RECHECK_INTERVAL_MS.
export function beginShellChecks() {
  if (!sw || checksBegun) return;
  checksBegun = true;
  check();
  setInterval(check, SHELL_RECHECK_INTERVAL_MS);
}

// While a new version already waits (the bar shows) there is nothing to look for: it is used first, and the
// check at that start finds anything newer.
async function check() {
  if (!sw || ['checking', 'downloading', 'ready', 'applying'].includes(shell.status)) return;
  set('checking', { error: null, checkStartedMs: performance.now(), checkEndedMs: null });
  let registration = null;
  let error = null;
  try {
    // updateViaCache 'none': sw.js and the manifest it imports come from the server, never the HTTP cache.
    registration = await sw.register(WORKER_URL, { updateViaCache: 'none' });
    watch(registration);
    await registration.update();
  } catch (e) {
    error = (e && e.message) || String(e);
    registration = registration || await sw.getRegistration().catch(() => null);
  }
  shell.checkEndedMs = performance.now();
  settle(registration, error);
}

function settle(registration, error) {
  if (registration) watch(registration);
  if (newVersionActive || (registration && registration.waiting)) set('ready', { error });
  else if (registration && registration.installing && registration.active) set('downloading', { error });
  else if (!pageWorker && shell.status !== 'current') set('first-visit', { error });
  else if (error) set('failed', { error });
  else set('current', { error: null });
}

// A new worker may also be found by the browser's own check after a navigation: follow every install.
function watch(registration) {
  if (watched.has(registration)) return;
  watched.add(registration);
  const follow = (worker) => {
    if (!worker || watched.has(worker)) return;
    watched.add(worker);
    worker.addEventListener('statechange', () => {
      if (worker.state !== 'installed' && worker.state !== 'redundant') return;
      if (shell.status === 'downloading' || shell.status === 'ready') {
        settle(registration, worker.state === 'redundant' ? 'the new version did not install' : null);
      }
    });
  };
  registration.addEventListener('updatefound', () => {
    follow(registration.installing);
    if (registration.active && !['checking', 'applying', 'ready'].includes(shell.status)) set('downloading');
  });
  follow(registration.installing);
}

// The prompt's button: the waiting worker takes over (Chrome lets it once the old worker has no work left),
// then the page reloads into it; a page whose worker was already replaced just reloads.
async function apply() {
  if (shell.status !== 'ready' || reloadBlocker()) return false;
  set('applying', { error: null });
  if (newVersionActive) {
    reloadWhenSafe();
    return true;
  }
  const registration = await sw.getRegistration();
  const waiting = registration && registration.waiting;
  if (!waiting) {
    settle(registration, null);
    return false;
  }
  waiting.postMessage('activate-now');
  setTimeout(() => {
    if (shell.status === 'applying' && !newVersionActive) {
      set('ready', { error: 'the new version has not taken over yet' });
    }
  }, SHELL_TAKEOVER_TIMEOUT_MS);
  return true;
}

// A commit saved right now finishes first (its batch may have a coalesced one behind it); anything the rep must
// act on (an open form, changes only in memory) puts the prompt back.
function reloadWhenSafe() {
  const blocker = reloadBlocker();
  if (!blocker) {
    location.reload();
  } else if (blocker === 'saving') {
    setTimeout(reloadWhenSafe, SAVE_SETTLE_POLL_MS);
  } else {
    set('ready');
  }
}
