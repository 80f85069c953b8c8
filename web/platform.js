// Page facts and services the C++ platform asks for (wasm/browser_platform.cpp, wasm/input_backend.cpp): where
// the canvas is, the mouse cursor, settings in localStorage, links, whether shortcuts use Cmd.
const canvas = document.getElementById('canvas');
const SETTINGS_PREFIX = 'crm.';

let canvasRect = { left: 0, top: 0 };

function refreshCanvasRect() {
  const r = canvas.getBoundingClientRect();
  canvasRect = { left: r.left, top: r.top };
}
window.addEventListener('resize', refreshCanvasRect);
if (window.visualViewport) window.visualViewport.addEventListener('resize', refreshCanvasRect);
refreshCanvasRect();

canvas.addEventListener('contextmenu', (e) => e.preventDefault());  // right-click belongs to the app

export const getCanvasRect = () => canvasRect;

export function setCursor(css) { canvas.style.cursor = css; }

export const isMac = () => /Mac|iPhone|iPad|iPod/.test(navigator.platform || '');

export function storageGet(key) {
  try { return window.localStorage.getItem(SETTINGS_PREFIX + key); } catch (e) { return null; }
}

export function storageSet(key, value) {
  try { window.localStorage.setItem(SETTINGS_PREFIX + key, value); } catch (e) { console.warn('[crm] settings not saved:', e && e.message); }
}

export function openUrl(url) {
  if (!/^(https?:|mailto:|tel:)/i.test(url)) { console.warn('[crm] refused to open', url); return; }
  window.open(url, '_blank', 'noopener,noreferrer');
}
