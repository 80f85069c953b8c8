// The start's largest files, asked for before any other script arrives (start_early.js hands them on). A file
// of its own, not inline in index.html: the Content-Security-Policy allows no inline script.
// 'no-cache': on a first visit, with no service worker yet, the HTTP cache must not give another build's file.
window.crmDownloads = { wasmStartMs: performance.now(), wasm: fetch('crm.wasm', { cache: 'no-cache' }),
                        dataStartMs: performance.now(), data: fetch('crm.data', { cache: 'no-cache' }) };
// Failures surface where the bodies are read (module_loader.js), not as unhandled rejections here.
window.crmDownloads.wasm.catch(() => {});
window.crmDownloads.data.catch(() => {});
