// Entry of the page's scripts (ES modules; index.html preloads them all). It starts the app from the shell the
// service worker already holds, without waiting for the network: the saved database loads from IndexedDB while
// crm.wasm and crm.data arrive, then main() runs. The check for a new version runs beside the running app
// (shell_update.js). The C++ side calls window.crmGlue through EM_JS; tests use window.crm (automation.js).
import { timing, step, stepStarted, stepEnded } from './timing.js';
import { fatal, onFatal, hasWebGL2, showProgress, showDownloaded, hideLoader } from './loader.js';
import { openPages, copyPagesIntoModule, pagesWrite, pagesInfo, dataAtRisk } from './pages.js';
import { loadModule } from './module_loader.js';
import { setTextInput, placeTextInput } from './text_input.js';
import { clipboardWrite } from './clipboard.js';
import { syncFetch } from './sync_transport.js';
import { getCanvasRect, setCursor, isMac, storageGet, storageSet, openUrl } from './platform.js';
import { installAutomation } from './automation.js';
import { shell, startShell, beginShellChecks } from './shell_update.js';
import './update_prompt.js';

// Before this module ran: the document (from the worker's cache, or the network on a first visit), then the
// style sheet and scripts.
const navigation = performance.getEntriesByType('navigation')[0];
const documentEndMs = navigation && navigation.responseEnd > 0 ? navigation.responseEnd : 0;
step('document', 0, documentEndMs);
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
  stepStarted('frame.first');
}

function load() {
  if (!hasWebGL2()) { fatal('webgl2'); return; }
  const parts = [{ received: 0, total: 0 }, { received: 0, total: 0 }, { received: 0, total: 0, done: false }];
  const track = (i) => (received, total) => { parts[i].received = received; parts[i].total = total; showProgress(parts); };
  // The saved database loads from IndexedDB while the module downloads.
  stepStarted('pages');
  const pages = openPages(parts[2], parts, { onWaiting: beginShellChecks }).then((opened) => {
    stepEnded('pages');
    return opened;
  });
  loadModule({
    canvas,
    onWasmProgress: track(0),
    onDataProgress: track(1),
    onDownloaded: showDownloaded,
    onRuntime: () => { pages.then(startMain).catch((e) => fatal('abort', e && e.message)); },
    onFailure: (kind, detail) => fatal(kind, detail),
  });
}

// Closing the tab while changes exist only in its memory would lose them: the browser asks first.
window.addEventListener('beforeunload', (e) => {
  if (dataAtRisk()) { e.preventDefault(); e.returnValue = ''; }
});

window.crmGlue = {
  setTextInput,
  placeTextInput,
  setCursor,
  canvasRect: getCanvasRect,
  isMac,
  clipboardWrite,
  syncFetch,
  pagesWrite,
  storageGet,
  storageSet,
  openUrl,
  fatal: (message) => fatal(message === 'webgl2' ? 'webgl2' : 'abort', message),
  firstFrame: () => {
    timing.firstFrameMs = performance.now();
    stepEnded('frame.first', timing.firstFrameMs);
    hideLoader();
    beginShellChecks();
  },
  ready: () => {
    timing.readyMs = performance.now();
    step('ready', timing.firstFrameMs ?? timing.readyMs, timing.readyMs);
    resolveReady();
  },
};

installAutomation({ ready, pages: pagesInfo, timing, shell });
onFatal(beginShellChecks);  // a build that cannot start can still be replaced by a fixed one
startShell({ load, ready });
