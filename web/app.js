// Entry of the page's modules. It starts the app from the shell the service worker already holds, without waiting
// for the network: the saved database loads from IndexedDB while crm.wasm and crm.data arrive (both begun by
// start_early.js in the page's head), then main() runs. The check for a new version runs beside the running app
// (shell_update.js). The C++ side calls window.crmGlue through EM_JS; tests use window.crm (automation.js).
// First: its key listeners must run before the app's own (text_input.js, the wasm's), see sign_in.js.
import { signInState, showSignIn } from './sign_in.js';
import { timing, step, stepStarted, stepEnded } from './timing.js';
import { fatal, onFatal, makeWebGL2Context, showProgress, showDownloaded, hideLoader } from './loader.js';
import { openPages, copyPagesIntoModule, pagesWrite, pagesInfo, updateUnloadGuard } from './pages.js';
import { loadModule } from './module_loader.js';
import { setTextInput, placeTextInput } from './text_input.js';
import { clipboardWrite } from './clipboard.js';
import { syncFetch, watchChanges } from './sync_transport.js';
import { sessionJson, signedIn, deviceHint, deviceOpened } from './session.js';
import { apiPost, apiPoll, signOut } from './account.js';
import { getCanvasRect, setCursor, isMac, storageGet, storageSet, openUrl } from './platform.js';
import { installAutomation } from './automation.js';
import { shell, startShell, beginShellChecks } from './shell_update.js';
import './update_prompt.js';

// Before this module ran: the document (from the worker's cache, or the network on a first visit), then the
// style sheet and scripts (start_early.js began its work meanwhile).
const navigation = performance.getEntriesByType('navigation')[0];
const documentEndMs = navigation && navigation.responseEnd > 0 ? navigation.responseEnd : 0;
step('document', 0, documentEndMs);
if (window.crmEarly) step('head', documentEndMs, window.crmEarly.ranMs);
step('scripts', documentEndMs, performance.now());

const canvas = document.getElementById('canvas');
let resolveReady;
const ready = new Promise((resolve) => { resolveReady = resolve; });

// Runs main() once the runtime is up and the saved chunks are in wasm memory.
function startMain(opened) {
  copyPagesIntoModule(opened);
  stepStarted('main');  // SQLite opens the database, ImGui and its fonts, WebGL
  window.Module.callMain([]);
  stepEnded('main');
  updateUnloadGuard();  // in memory only (no IndexedDB, or the saved database did not open): guard the tab
  stepStarted('frame.first');
}

// The downloads and the saved database were begun by start_early.js; from here they drive the progress bar,
// and main() runs once both are in.
function load() {
  const early = window.crmEarly;
  if (!early) { fatal('load', 'start_early.js'); return; }
  const glStartMs = performance.now();
  const webgl2 = early.webgl2 && makeWebGL2Context(canvas);
  step('webgl', glStartMs, performance.now());
  if (!webgl2) {
    fatal('webgl2');
    // The database was opened for nothing: release it and its writer lock.
    if (early.pages) early.pages.then(({ store }) => store && store.close());
    return;
  }
  const parts = [{ received: 0, total: 0 }, { received: 0, total: 0 }, { received: 0, total: 0, done: false }];
  const track = (i) => (received, total) => { parts[i].received = received; parts[i].total = total; showProgress(parts); };
  const pages = openPages(early, parts[2], parts, { onWaiting: beginShellChecks });
  loadModule({
    canvas,
    early,
    onWasmProgress: track(0),
    onDataProgress: track(1),
    onDownloaded: showDownloaded,
    onRuntime: () => { pages.then(startMain).catch((e) => fatal('abort', e && e.message)); },
    onFailure: (kind, detail) => fatal(kind, detail),
  });
}

window.crmGlue = {
  setTextInput,
  placeTextInput,
  setCursor,
  canvasRect: getCanvasRect,
  isMac,
  clipboardWrite,
  syncFetch,
  watchChanges,
  pagesWrite,
  storageGet,
  storageSet,
  openUrl,
  sessionJson,
  signedIn,
  showSignIn,
  deviceHint,
  deviceOpened,
  apiPost,
  apiPoll,
  signOut,
  fatal: (message) => fatal(message === 'webgl2' ? 'webgl2' : 'abort', message),
  firstFrame: () => {
    timing.firstFrameMs = performance.now();
    stepEnded('frame.first', timing.firstFrameMs);
    hideLoader();
    beginShellChecks();
  },
  dataShown: () => {
    timing.dataShownMs = performance.now();
    timing.dataShownFrame = window.Module._crm_automation_frame();
  },
  step: (name, startMs) => step(name, startMs, performance.now()),
  ready: () => {
    timing.readyMs = performance.now();
    timing.readyFrame = window.Module._crm_automation_frame();
    step('ready', timing.firstFrameMs ?? timing.readyMs, timing.readyMs);
    resolveReady();
  },
};

installAutomation({ ready, pages: pagesInfo, timing, shell, signIn: signInState });
onFatal(beginShellChecks);  // a build that cannot start can still be replaced by a fixed one
startShell({ load, ready });
