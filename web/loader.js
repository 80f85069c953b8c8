// The loading screen (one progress bar for crm.wasm, crm.data and the saved database), the "open in another
// tab" message, and the fatal-error screen that replaces the app.
const canvas = document.getElementById('canvas');
const loader = document.getElementById('loader');
const loaderBar = loader.querySelector('.loader-bar');
const loaderFill = loader.querySelector('.loader-fill');
const loaderText = loader.querySelector('.loader-text');
const fatalBox = document.getElementById('fatal');
const LOADER_FADE_MS = 300;  // style.css fades #loader.done out in less; it is removed after this

const FATAL_TEXT = {
  webgl2: ['Браузер не поддерживает WebGL 2',
           'Обновите браузер или включите аппаратное ускорение графики в его настройках.',
           'This browser has no WebGL 2: update it or enable hardware acceleration.'],
  load: ['Не удалось загрузить приложение',
         'Проверьте подключение к сети и обновите страницу.',
         'The app could not be loaded: check the connection and reload the page.'],
};

let waitingForOtherTab = false;
const fatalListeners = [];

export function onFatal(listener) { fatalListeners.push(listener); }

export function fatal(kind, detail) {
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
  for (const listener of fatalListeners) listener(kind);
}

// The app's own WebGL 2 context, made on its canvas while the module downloads, with the attributes wasm/main.cpp
// asks for: main()'s emscripten_webgl_create_context then gets this one (a canvas has one context of a kind)
// instead of making it on the start's path (~0.3 s on a slow phone). False: no WebGL 2 here (a blocklisted GPU).
export function makeWebGL2Context(target) {
  try {
    return Boolean(target.getContext('webgl2', {
      alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
      preserveDrawingBuffer: false, powerPreference: 'default', failIfMajorPerformanceCaveat: false,
    }));
  } catch (e) {
    return false;
  }
}

// Bytes of crm.wasm, crm.data and the saved database (IndexedDB) in one bar. A part with `done` and no total
// (an empty database) counts as complete.
export function showProgress(parts) {
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

export function showDownloaded() {
  loaderBar.classList.remove('indeterminate');
  loaderFill.style.width = '100%';
  if (!waitingForOtherTab) loaderText.textContent = 'Запуск…';
}

export function showWaitingForOtherTab() {
  waitingForOtherTab = true;
  loaderBar.classList.add('indeterminate');
  loaderText.textContent = 'CRM уже открыта в другой вкладке: закройте её, и эта вкладка откроется сама. ' +
                           '/ The CRM is open in another tab: close it and this one opens by itself.';
}

export function waitingEnded() { waitingForOtherTab = false; }

export function hideLoader() {
  loader.classList.add('done');
  setTimeout(() => loader.remove(), LOADER_FADE_MS);
}
