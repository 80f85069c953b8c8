// Page glue for the wasm app (crm.js + crm.wasm + crm.data): loading with a progress bar, the hidden text
// field that receives all typed text, clipboard, online/offline, the sync transport (fetch), and the
// window.crm automation API (docs/automation.md). The C++ side calls window.crmGlue through EM_JS.
'use strict';

(() => {
  const canvas = document.getElementById('canvas');
  const textInput = document.getElementById('text-input');
  const loader = document.getElementById('loader');
  const loaderBar = loader.querySelector('.loader-bar');
  const loaderFill = loader.querySelector('.loader-fill');
  const loaderText = loader.querySelector('.loader-text');
  const fatalBox = document.getElementById('fatal');

  const SYNC_URL = 'api/v1/sync';  // same origin, relative to the page
  const SETTINGS_PREFIX = 'crm.';
  const PASTE_SHORTCUT_WINDOW_MS = 1000;  // a paste this soon after Ctrl/Cmd+V is the app's own shortcut
  // The hidden field always holds this one character, so a phone keyboard's Backspace has something to
  // delete and reports it as an input event (an empty field reports nothing).
  const SENTINEL = ' ';
  const PAGE_BYTES_ESTIMATE = 4096;  // bytes per saved chunk, for the loading bar only

  let runtimeReady = false;
  let textActive = false;
  let composing = false;
  let composed = '';  // what the current IME composition has already sent to the app
  let lastPasteShortcut = -Infinity;
  let canvasRect = { left: 0, top: 0 };
  let resolveReady;
  // performance.now() (ms since navigation start) at the first frame and at ready; null until then.
  // pagesLoadMs: how long opening IndexedDB and reading every saved chunk took; pagesCopyMs: copying them into
  // the page store before main (both durations, null until done).
  const timing = { firstFrameMs: null, readyMs: null, pagesLoadMs: null, pagesCopyMs: null };
  const ready = new Promise((resolve) => { resolveReady = resolve; });

  // ---- errors -------------------------------------------------------------------------------------------
  const FATAL_TEXT = {
    webgl2: ['Браузер не поддерживает WebGL 2',
             'Обновите браузер или включите аппаратное ускорение графики в его настройках.',
             'This browser has no WebGL 2: update it or enable hardware acceleration.'],
    load: ['Не удалось загрузить приложение',
           'Проверьте подключение к сети и обновите страницу.',
           'The app could not be loaded: check the connection and reload the page.'],
  };

  function fatal(kind, detail) {
    const [title, ru, en] = FATAL_TEXT[kind] || ['Ошибка приложения', 'Обновите страницу.', 'The app stopped: reload the page.'];
    fatalBox.replaceChildren();
    const h = document.createElement('h1');
    h.textContent = title;
    fatalBox.append(h);
    for (const line of [ru, en, detail && kind !== 'webgl2' ? String(detail) : null]) {
      if (!line) continue;
      const p = document.createElement('p');
      p.textContent = line;
      fatalBox.append(p);
    }
    fatalBox.hidden = false;
    loader.classList.add('done');
    canvas.style.display = 'none';
    console.error('[crm] fatal:', kind, detail || '');
  }

  function hasWebGL2() {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();  // do not keep a second context alive
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---- loading with progress ------------------------------------------------------------------------------
  // crm.wasm and crm.data are fetched here (not by crm.js) so their bytes can drive one progress bar.
  async function download(url, onProgress) {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // With Content-Encoding the length is the compressed size while the reader sees decompressed bytes.
    const length = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length')) || 0;
    if (!response.body) {
      const buffer = await response.arrayBuffer();
      onProgress(buffer.byteLength, buffer.byteLength);
      return buffer;
    }
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received, length);
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const c of chunks) { bytes.set(c, offset); offset += c.byteLength; }
    return bytes.buffer;
  }

  // Bytes of crm.wasm, crm.data and the saved database (IndexedDB) in one bar. A part with `done` and no total
  // (an empty database) counts as complete.
  function showProgress(parts) {
    if (waitingForOtherTab) return;
    const known = parts.every((p) => p.total > 0 || p.done);
    const received = parts.reduce((s, p) => s + p.received, 0);
    if (known) {
      const total = Math.max(1, parts.reduce((s, p) => s + p.total, 0));
      loaderBar.classList.remove('indeterminate');
      loaderFill.style.width = `${Math.min(100, (100 * received) / total).toFixed(1)}%`;
    } else {
      loaderBar.classList.add('indeterminate');
    }
    loaderText.textContent = `Загрузка… ${(received / 1048576).toFixed(1)} МБ`;
  }

  // ---- the page store: the database's saved chunks (web/page_store.js) ------------------------------------------
  let pageStore = null;  // the open IndexedDB store; null while loading or when running in memory only
  // Whether the second copy (web/page_mirror_worker.js) is kept, and what it restored at start (window.crm.pages).
  const pagesInfo = { mirrored: null, recovered: null };
  let waitingForOtherTab = false;

  function showWaitingForOtherTab() {
    waitingForOtherTab = true;
    loaderBar.classList.add('indeterminate');
    loaderText.textContent = 'CRM уже открыта в другой вкладке: закройте её, и эта вкладка откроется сама. ' +
                             '/ The CRM is open in another tab: close it and this one opens by itself.';
  }

  // Resolves to {store} or {error: "<name>: <message>"}; never rejects (no IndexedDB = run in memory).
  async function openPages(part, parts) {
    if (!window.CrmPageStore) return { error: 'NotSupportedError: page_store.js did not load' };
    const started = performance.now();
    try {
      const store = await window.CrmPageStore.open({
        onProgress: (loaded, total) => {
          part.received = loaded * PAGE_BYTES_ESTIMATE;
          part.total = total * PAGE_BYTES_ESTIMATE;
          showProgress(parts);
        },
        onWaiting: showWaitingForOtherTab,
      });
      waitingForOtherTab = false;
      part.done = true;
      timing.pagesLoadMs = performance.now() - started;
      return { store };
    } catch (e) {
      console.warn('[crm] IndexedDB unavailable, running in memory:', e && e.name, e && e.message);
      part.done = true;
      return { error: `${(e && e.name) || 'Error'}: ${(e && e.message) || e}` };
    }
  }

  // Hands the saved chunks to the page store (before main runs) and starts the app.
  function startWithPages({ store, error }) {
    let durable = 0, size = 0, seq = 0, reason = error || '';
    const copyStarted = performance.now();
    if (store) {
      const { chunks } = store.loaded;
      let ok = true;
      if (chunks.length > 0) {
        const ptr = Module._malloc(chunks[0][1].byteLength);
        for (const [index, bytes] of chunks) {
          Module.HEAPU8.set(bytes, ptr);  // re-read each time: memory growth replaces the view
          if (!Module._crm_pages_load(index, ptr, bytes.byteLength)) { ok = false; break; }
        }
        Module._free(ptr);
      }
      store.loaded.chunks = null;  // the bytes now live in wasm memory
      if (ok) {
        pageStore = store;
        pagesInfo.mirrored = Boolean(store.mirrored);
        pagesInfo.recovered = store.recovered || null;
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
    if (store) timing.pagesCopyMs = performance.now() - copyStarted;
    Module.callMain([]);
  }

  // One commit's batch from the page store: saved in one IndexedDB transaction, then acknowledged (or failed) to it.
  function pagesWrite(seq, size, chunkCount, chunkSize, index, data) {
    const chunks = Array.from(index, (i, k) => [i, data.subarray(k * chunkSize, (k + 1) * chunkSize)]);
    pageStore.write({ seq, size, chunkCount, chunkSize, chunks }).then(
      () => Module._crm_pages_ack(seq),
      (e) => callWithHeapString(Module._crm_pages_fail, `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`, seq));
  }

  async function load() {
    if (!hasWebGL2()) { fatal('webgl2'); return; }
    const parts = [{ received: 0, total: 0 }, { received: 0, total: 0 }, { received: 0, total: 0, done: false }];
    const track = (i) => (received, total) => { parts[i].received = received; parts[i].total = total; showProgress(parts); };
    // The saved database loads from IndexedDB while the module downloads.
    const pages = openPages(parts[2], parts);
    let wasm, data;
    try {
      [wasm, data] = await Promise.all([download('crm.wasm', track(0)), download('crm.data', track(1))]);
    } catch (e) {
      fatal('load', e && e.message);
      return;
    }
    loaderBar.classList.remove('indeterminate');
    loaderFill.style.width = '100%';
    if (!waitingForOtherTab) loaderText.textContent = 'Запуск…';

    window.Module = {
      canvas,
      wasmBinary: wasm,
      getPreloadedPackage: (name) => (name.endsWith('crm.data') ? data : null),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
      noInitialRun: true,  // main starts once the saved database is in wasm memory
      onRuntimeInitialized: () => {
        runtimeReady = true;
        pages.then(startWithPages).catch((e) => fatal('abort', e && e.message));
      },
      onAbort: (what) => fatal('abort', what),
    };
    const script = document.createElement('script');
    script.src = 'crm.js';
    script.onerror = () => fatal('load', 'crm.js');
    document.body.append(script);
  }

  // Closing the tab while changes exist only in its memory (saving fails, or no IndexedDB and changes not yet on
  // the server) would lose them: the browser asks first. Saves that merely are in flight finish on their own.
  window.addEventListener('beforeunload', (e) => {
    if (!runtimeReady || !window.crm) return;
    const saved = window.crm.state('platform.storage');
    const sync = window.crm.state('platform.sync');
    const atRisk = saved && (saved.phase === 'error' || (saved.phase === 'memory' && sync && sync.pending > 0));
    if (atRisk) { e.preventDefault(); e.returnValue = ''; }
  });

  // ---- calling into wasm ------------------------------------------------------------------------------------
  function call(name, returnType, argTypes, args) {
    if (!runtimeReady) return null;
    return Module.ccall(name, returnType, argTypes, args);
  }

  // Large strings (sync bodies) go through malloc: ccall would copy them onto the small wasm stack.
  function callWithHeapString(fn, text, ...leading) {
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    try {
      Module.stringToUTF8(text, ptr, size);
      fn(...leading, ptr);
    } finally {
      Module._free(ptr);
    }
  }

  const sendText = (text) => { if (text) callWithHeapString(Module._crm_text_input, text); };
  const sendBackspaces = (n) => { if (n > 0) Module._crm_text_backspace(n); };

  // ---- hidden text field --------------------------------------------------------------------------------------
  function resetTextInput() {
    textInput.value = SENTINEL;
    textInput.setSelectionRange(SENTINEL.length, SENTINEL.length);
    composed = '';
  }

  function typedText() {
    const v = textInput.value;
    return v.startsWith(SENTINEL) ? v.slice(SENTINEL.length) : v;
  }

  // Sends the difference between what an IME composition showed before and shows now.
  function sendCompositionUpdate(now) {
    let common = 0;
    const before = Array.from(composed), after = Array.from(now);  // code points, as the app counts them
    while (common < before.length && common < after.length && before[common] === after[common]) common++;
    sendBackspaces(before.length - common);
    sendText(after.slice(common).join(''));
    composed = now;
  }

  textInput.addEventListener('compositionstart', () => { composing = true; composed = ''; });
  textInput.addEventListener('compositionend', (e) => {
    if (!runtimeReady) return;
    composing = false;
    sendCompositionUpdate(typeof e.data === 'string' ? e.data : typedText());
    resetTextInput();
  });
  textInput.addEventListener('input', (e) => {
    if (!runtimeReady) return;
    if (composing || e.isComposing || e.inputType === 'insertCompositionText') {
      // Shown while composing (phone keyboards compose whole words), corrected as the IME changes it.
      sendCompositionUpdate(typedText());
      return;
    }
    const value = textInput.value;
    if (e.inputType === 'deleteContentBackward' || value.length < SENTINEL.length) {
      sendBackspaces(1);
    } else {
      sendText(typedText());
    }
    resetTextInput();
  });

  function setTextInput(active) {
    textActive = active;
    if (active) {
      resetTextInput();
      textInput.focus({ preventScroll: true });
    } else if (document.activeElement === textInput) {
      textInput.blur();
      composing = false;
    }
  }

  function placeTextInput(x, y, lineHeight) {
    textInput.style.left = `${canvasRect.left + x}px`;
    textInput.style.top = `${canvasRect.top + y}px`;
    textInput.style.height = `${Math.max(1, lineHeight)}px`;
  }

  // Capture phase, before the wasm's own key listener: if the field lost focus (a click on the browser's UI
  // and back), take it again so this key's character lands in it. While the app has not asked for text yet
  // (a click on a search box is still being processed, a frame or two), a typed character goes to the app
  // directly: the app holds it behind the click, so a fast typist loses nothing.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.code === 'KeyV') lastPasteShortcut = performance.now();
    if (textActive) {
      if (document.activeElement !== textInput) textInput.focus({ preventScroll: true });
    } else if (runtimeReady && !e.ctrlKey && !e.metaKey && !e.isComposing && e.keyCode !== 229 &&
               document.activeElement !== textInput && Array.from(e.key).length === 1) {
      sendText(e.key);
    }
  }, true);

  // ---- clipboard ----------------------------------------------------------------------------------------------
  window.addEventListener('paste', (e) => {
    if (!runtimeReady) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    e.preventDefault();  // the field must not insert it too
    if (!text) return;
    callWithHeapString(Module._crm_paste, text);
    // A paste from a phone's menu or the browser's Edit menu has no Ctrl+V for the app to act on: type it.
    if (textActive && performance.now() - lastPasteShortcut > PASTE_SHORTCUT_WINDOW_MS) sendText(text);
  });

  function clipboardWrite(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch((err) => console.warn('[crm] clipboard write refused:', err && err.message));
    }
  }

  // ---- sync transport -----------------------------------------------------------------------------------------
  function syncFetch(requestId, body, timeoutMs) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const deliver = (status, text) => {
      clearTimeout(timer);
      callWithHeapString(Module._crm_sync_response, text, requestId, status);
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

  // ---- page facts for the backend --------------------------------------------------------------------------------
  function refreshCanvasRect() {
    const r = canvas.getBoundingClientRect();
    canvasRect = { left: r.left, top: r.top };
  }
  window.addEventListener('resize', refreshCanvasRect);
  if (window.visualViewport) window.visualViewport.addEventListener('resize', refreshCanvasRect);
  refreshCanvasRect();

  canvas.addEventListener('contextmenu', (e) => e.preventDefault());  // right-click belongs to the app

  function storageGet(key) {
    try { return window.localStorage.getItem(SETTINGS_PREFIX + key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(SETTINGS_PREFIX + key, value); } catch (e) { console.warn('[crm] settings not saved:', e && e.message); }
  }
  function openUrl(url) {
    if (!/^(https?:|mailto:|tel:)/i.test(url)) { console.warn('[crm] refused to open', url); return; }
    window.open(url, '_blank', 'noopener,noreferrer');
  }

  window.crmGlue = {
    setTextInput,
    placeTextInput,
    setCursor: (css) => { canvas.style.cursor = css; },
    canvasRect: () => canvasRect,
    isMac: () => /Mac|iPhone|iPad|iPod/.test(navigator.platform || ''),
    clipboardWrite,
    syncFetch,
    pagesWrite,
    storageGet,
    storageSet,
    openUrl,
    fatal: (message) => fatal(message === 'webgl2' ? 'webgl2' : 'abort', message),
    firstFrame: () => {
      timing.firstFrameMs = performance.now();
      loader.classList.add('done');
      setTimeout(() => loader.remove(), 300);
    },
    ready: () => { timing.readyMs = performance.now(); resolveReady(); },
  };

  // ---- automation API (docs/automation.md) -------------------------------------------------------------------
  const json = (text) => (text == null ? null : JSON.parse(text));
  window.crm = {
    ready,
    pages: pagesInfo,
    itemRect: (id) => json(call('crm_automation_item', 'string', ['string'], [String(id)])),
    items: () => json(call('crm_automation_items', 'string', [], [])) || {},
    state(key) {
      // The hidden text field is the page's, not the app's: whether typed text reaches the app right now.
      const textInputFocused = textActive && document.activeElement === textInput;
      if (key === 'platform.text_input') return textInputFocused;
      const value = json(call('crm_automation_state', 'string', ['string'], [key == null ? '' : String(key)]));
      if (key == null && value) value['platform.text_input'] = textInputFocused;
      return value;
    },
    timing,
    perfReset: () => call('crm_automation_perf_reset', null, [], []),
    frame: () => (runtimeReady ? Module._crm_automation_frame() : 0),
    waitFrames(n = 1) {
      const target = this.frame() + Math.max(1, n);
      return new Promise((resolve) => {
        const check = () => (this.frame() >= target ? resolve(this.frame()) : requestAnimationFrame(check));
        check();
      });
    },
    // Test/bench only: `n` demo contacts (and their companies) written into the page's database; blocks
    // the page while it runs (100k take tens of seconds). Answers {ok, error?}.
    test: {
      seedContacts: (n, seed = 42) => json(call('crm_test_seed_contacts', 'string', ['number', 'number'],
                                               [Number(n), Number(seed)])),
      // One contact saved as the form would: {ok, id, seq} (seq: the page store commit holding it).
      createContact: (name) => json(call('crm_test_create_contact', 'string', ['string'], [String(name)])),
      // A read-only query on the page's database: {ok, rows: [[text|null, ...], ...]} or {ok: false, error}.
      sql: (text) => json(call('crm_test_sql', 'string', ['string'], [String(text)])),
    },
  };

  // ---- offline app shell (web/sw.js) ---------------------------------------------------------------------------
  // Every start of a page the worker already controls checks for a new version before the app loads: a new worker
  // installs its cache, then takes over and the page reloads once into it (nothing has started yet, nothing to
  // break). Each step is bounded, so a slow network or a stuck step starts the version at hand instead; offline the
  // check fails at once. Tabs already running keep the code they loaded (docs/architecture.md, "Offline app shell").
  const SHELL_UPDATE_CHECK_TIMEOUT_MS = 5000;  // sw.js + shell-manifest.js from the server
  const SHELL_INSTALL_TIMEOUT_MS = 20000;      // a new version downloading its shell into its cache
  const SHELL_TAKEOVER_TIMEOUT_MS = 10000;     // the old worker finishing its work so the new one can activate

  const withTimeout = (promise, ms, fallback) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(fallback), ms))]);

  // Resolves once `worker` left the 'installing' state (installed, or redundant when its install failed).
  const installFinished = (worker) => new Promise((resolve) => {
    const check = () => { if (worker.state !== 'installing') resolve(worker.state); };
    worker.addEventListener('statechange', check);
    check();
  });

  async function checkForNewShell(sw) {
    // 'none': sw.js and the manifest it imports come from the server, never from the HTTP cache.
    const registration = await sw.register('sw.js', { updateViaCache: 'none' });
    await registration.update();
    return registration;
  }

  // `startedWith`: the worker that served this page. True when the page is reloading into a new version.
  async function takeOverWithNewShell(startedWith) {
    const sw = navigator.serviceWorker;
    const registration = await withTimeout(checkForNewShell(sw).catch(() => sw.getRegistration()),
                                           SHELL_UPDATE_CHECK_TIMEOUT_MS, null) || await sw.getRegistration();
    if (!registration) return false;
    if (registration.installing) {
      await withTimeout(installFinished(registration.installing), SHELL_INSTALL_TIMEOUT_MS);
    }
    if (!registration.waiting) return false;
    // Chrome activates a worker that skips waiting only once the old one has no work: ask after this page's own
    // requests to it are done.
    if (document.readyState !== 'complete') {
      const loaded = new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
      await withTimeout(loaded, SHELL_TAKEOVER_TIMEOUT_MS);
    }
    const switched = new Promise((resolve) => {
      sw.addEventListener('controllerchange', () => resolve(true), { once: true });
    });
    registration.waiting?.postMessage('activate-now');
    // Another tab's take-over may have come first, before this page listened.
    if (sw.controller === startedWith && !(await withTimeout(switched, SHELL_TAKEOVER_TIMEOUT_MS, false))) {
      return false;
    }
    location.reload();
    return true;
  }

  (async () => {
    const sw = navigator.serviceWorker;
    if (!sw) { load(); return; }
    const startedWith = sw.controller;
    if (!startedWith) {
      // First visit: the worker installs while the app loads from the network, and claims this page.
      sw.register('sw.js', { updateViaCache: 'none' })
        .catch((e) => console.warn('[crm] no offline start in this browser:', e && e.message));
      load();
      return;
    }
    try {
      if (await takeOverWithNewShell(startedWith)) return;
    } catch (e) {
      console.warn('[crm] the new version could not take over:', e && e.message);
    }
    // A new version activated by another tab (or late, after the timeout above) would answer the rest of this
    // page's shell requests: files of two builds must not meet, so a page still loading starts over.
    let started = false;
    ready.then(() => { started = true; });
    sw.addEventListener('controllerchange', () => { if (!started) location.reload(); });
    if (sw.controller !== startedWith) { location.reload(); return; }  // it happened before the listener
    load();
  })();
})();
