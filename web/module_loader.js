// Loads the wasm app: crm.wasm and crm.data are fetched here (not by crm.js) so their bytes can drive one
// progress bar, then crm.js instantiates the module with `noInitialRun`: main() starts only once the saved
// database is in wasm memory (app.js). With a service worker in control, every file comes from its cache.
import { runtime } from './runtime.js';
import { stepStarted, stepEnded } from './timing.js';

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

async function timedDownload(step, url, onProgress) {
  stepStarted(step);
  const bytes = await download(url, onProgress);
  stepEnded(step);
  return bytes;
}

// Downloads and instantiates the module. `onDownloaded` runs when both files are in; `onRuntime` once the
// runtime is up (main() not yet run); `onFailure(kind, detail)` reports 'load' (a file did not arrive) or
// 'abort' (the runtime stopped).
export async function loadModule({ canvas, onWasmProgress, onDataProgress, onDownloaded, onRuntime, onFailure }) {
  let wasm, data;
  try {
    [wasm, data] = await Promise.all([timedDownload('wasm.fetch', 'crm.wasm', onWasmProgress),
                                      timedDownload('data.fetch', 'crm.data', onDataProgress)]);
  } catch (e) {
    onFailure('load', e && e.message);
    return;
  }
  onDownloaded();

  window.Module = {
    canvas,
    wasmBinary: wasm,
    getPreloadedPackage: (name) => (name.endsWith('crm.data') ? data : null),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    noInitialRun: true,  // main starts once the saved database is in wasm memory
    onRuntimeInitialized: () => {
      stepEnded('runtime');
      runtime.ready = true;
      onRuntime();
    },
    onAbort: (what) => onFailure('abort', what),
  };
  const script = document.createElement('script');
  script.src = 'crm.js';
  script.onload = () => { stepEnded('crm.js'); stepStarted('runtime'); };
  script.onerror = () => onFailure('load', 'crm.js');
  stepStarted('crm.js');
  document.body.append(script);
}
