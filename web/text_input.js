// The hidden text field that receives all typed text (keyboards, IMEs, phone keyboards) and hands it to the
// app; docs/automation.md, "How input reaches the app".
import { runtime, callWithHeapString } from './runtime.js';
import { getCanvasRect } from './platform.js';

const textInput = document.getElementById('text-input');
// The hidden field always holds this one character, so a phone keyboard's Backspace has something to
// delete and reports it as an input event (an empty field reports nothing).
const SENTINEL = ' ';

let textActive = false;
let composing = false;
let composed = '';  // what the current IME composition has already sent to the app

export const sendText = (text) => { if (text) callWithHeapString(window.Module._crm_text_input, text); };
const sendBackspaces = (n) => { if (n > 0) window.Module._crm_text_backspace(n); };

// Whether the app wants text now (the paste handler types a menu paste into the active field).
export const textWanted = () => textActive;

// Whether typed text reaches the app right now (window.crm.state('platform.text_input')).
export const textInputFocused = () => textActive && document.activeElement === textInput;

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
  if (!runtime.ready) return;
  composing = false;
  sendCompositionUpdate(typeof e.data === 'string' ? e.data : typedText());
  resetTextInput();
});
textInput.addEventListener('input', (e) => {
  if (!runtime.ready) return;
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

export function setTextInput(active) {
  textActive = active;
  if (active) {
    resetTextInput();
    textInput.focus({ preventScroll: true });
  } else if (document.activeElement === textInput) {
    textInput.blur();
    composing = false;
  }
}

export function placeTextInput(x, y, lineHeight) {
  const canvasRect = getCanvasRect();
  textInput.style.left = `${canvasRect.left + x}px`;
  textInput.style.top = `${canvasRect.top + y}px`;
  textInput.style.height = `${Math.max(1, lineHeight)}px`;
}

// Capture phase, before the wasm's own key listener: if the field lost focus (a click on the browser's UI
// and back), take it again so this key's character lands in it. While the app has not asked for text yet
// (a click on a search box is still being processed, a frame or two), a typed character goes to the app
// directly: the app holds it behind the click, so a fast typist loses nothing.
window.addEventListener('keydown', (e) => {
  if (textActive) {
    if (document.activeElement !== textInput) textInput.focus({ preventScroll: true });
  } else if (runtime.ready && !e.ctrlKey && !e.metaKey && !e.isComposing && e.keyCode !== 229 &&
             document.activeElement !== textInput && Array.from(e.key).length === 1) {
    sendText(e.key);
  }
}, true);
