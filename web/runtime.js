// The wasm module as the rest of the page sees it: whether its runtime is up, and calls into it. The module
// object is Emscripten's global `Module`, made by module_loader.js.
export const runtime = { ready: false };

export function call(name, returnType, argTypes, args) {
  if (!runtime.ready) return null;
  return window.Module.ccall(name, returnType, argTypes, args);
}

// Large strings (sync bodies) go through malloc: ccall would copy them onto the small wasm stack.
export function callWithHeapString(fn, text, ...leading) {
  const Module = window.Module;
  const size = Module.lengthBytesUTF8(text) + 1;
  const ptr = Module._malloc(size);
  try {
    Module.stringToUTF8(text, ptr, size);
    fn(...leading, ptr);
  } finally {
    Module._free(ptr);
  }
}

export const json = (text) => (text == null ? null : JSON.parse(text));

// A fact of the app's last complete frame (window.crm.state), or null before the runtime is up.
export const appState = (key) => json(call('crm_automation_state', 'string', ['string'], [key == null ? '' : String(key)]));
