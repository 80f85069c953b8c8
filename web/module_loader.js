// Loads the wasm app: crm.wasm and crm.data are fetched by start_early.js (not by crm.js), read here so their bytes
// drive one progress bar, then crm.js instantiates the module with `noInitialRun`: main() starts only once the
// saved database is in wasm memory (app.js). With a service worker in control, every file comes from its cache.
import { runtime } from './runtime.js';
import { step, stepStarted, stepEnded } from './timing.js';

// Reads a download start_early.js began, reporting bytes as they arrive.
async function download(url, responsePromise, onProgress) {
  const response = await responsePromise;
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

async function timedDownload(name, url, startMs, responsePromise, onProgress) {
  const bytes = await download(url, responsePromise, onProgress);
  step(name, startMs, performance.now());
  return bytes;
}

// Reads the downloads `early` (window.crmEarly) began and instantiates the module. `onDownloaded` runs when both
// files are in; `onRuntime` once the runtime is up (main() not yet run); `onFailure(kind, detail)` reports
// 'load' (a file did not arrive) or 'abort' (the runtime stopped).
export async function loadModule({ canvas, early, onWasmProgress, onDataProgress, onDownloaded, onRuntime, onFailure }) {
  let wasm, data;
  try {
    [wasm, data] = await Promise.all([
      timedDownload('wasm.fetch', 'crm.wasm', early.wasmStartMs, early.downloads.wasm, onWasmProgress),
      timedDownload('data.fetch', 'crm.data', early.dataStartMs, early.downloads.data, onDataProgress)]);
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
