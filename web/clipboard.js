// Clipboard: the app's copy goes to navigator.clipboard; Ctrl/Cmd+V is served from the page's paste event
// (browsers hand clipboard text to pages only there).
import { runtime, callWithHeapString } from './runtime.js';
import { sendText, textWanted } from './text_input.js';

const PASTE_SHORTCUT_WINDOW_MS = 1000;  // a paste this soon after Ctrl/Cmd+V is the app's own shortcut

let lastPasteShortcut = -Infinity;

// Capture phase, like the text field's listener: the shortcut is noted before anything handles the key.
window.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.code === 'KeyV') lastPasteShortcut = performance.now();
}, true);

window.addEventListener('paste', (e) => {
  if (!runtime.ready) return;
  const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  e.preventDefault();  // the field must not insert it too
  if (!text) return;
  callWithHeapString(window.Module._crm_paste, text);
  // A paste from a phone's menu or the browser's Edit menu has no Ctrl+V for the app to act on: type it.
  if (textWanted() && performance.now() - lastPasteShortcut > PASTE_SHORTCUT_WINDOW_MS) sendText(text);
});

export function clipboardWrite(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).catch((err) => console.warn('[crm] clipboard write refused:', err && err.message));
  }
}
