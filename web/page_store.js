// The IndexedDB side of the SQLite page store (core/storage/page_store.hpp): the database file is kept as
// fixed-size chunks plus a log of patches (the changed byte ranges of later commits, one record per batch); at
// start every chunk is loaded and the log applied before SQLite opens (or, when the second copy in OPFS holds the
// same state, the file is read from it in one piece: much faster than ~26,000 records). Each batch is one
// readwrite transaction (a patch record, or, when the log is compacted, whole chunks with the log emptied), so the
// saved copy is always some whole committed state.
// A plain script (no modules) loaded before the page's modules (app.js); it defines window.CrmPageStore.
'use strict';

(() => {
  const DB_NAME = 'crm-pages';
  const DB_VERSION = 2;                 // 2: the patch log
  const CHUNKS_STORE = 'chunks';        // out-of-line integer key = chunk index, value = ArrayBuffer
  const PATCHES_STORE = 'patches';      // out-of-line integer key = the batch's seq, value = ArrayBuffer (a patch)
  const PATCH_MAGIC = [0x43, 0x52, 0x4d, 0x50];  // "CRMP": core/storage/page_store.hpp's patch record
  const PATCH_ENTRY_HEADER = 8;         // u32 chunk, u16 offset, u16 length
  const META_STORE = 'meta';            // META_KEY -> { size, seq, chunkSize }
  const META_KEY = 'db';
  const LOCK_NAME = 'crm-db-writer';    // one writer per origin: a second tab waits instead of corrupting
  const CHUNK_SIZE_BYTES = 4096;        // core's kPageChunkBytes; reported as chunkSize of a new, empty store
  const LOAD_BATCH_CHUNKS = 128;        // chunks per getAll while loading: measured fastest (~2x 1024 per request)
  const OPEN_TIMEOUT_MS = 20_000;       // indexedDB.open that neither succeeds nor fails (blocked, engine bugs)
  const MIRROR_WORKER_URL = 'page_mirror_worker.js';  // the second copy, in the Origin Private File System
  const MIRROR_DIR_NAME = 'crm-pages-mirror';          // page_mirror_worker.js's folder there

  // Every failure leaves as an Error named after the DOMException, so callers can tell quota from the rest.
  function namedError(cause, fallbackName, context) {
    const name = (cause && cause.name) || fallbackName;
    const detail = (cause && cause.message) || name;
    const error = new Error(`${context}: ${detail}`);
    error.name = name;
    if (cause) error.cause = cause;
    return error;
  }

  function report(callback, ...args) {
    if (typeof callback !== 'function') return;
    // A UI callback's bug must not abort the IndexedDB transaction it is called from.
    try { callback(...args); } catch (e) { console.error('[crm page store] callback failed:', e); }
  }

  // ---- single writer ------------------------------------------------------------------------------------------
  // Resolves with a function that releases the lock once the holder is done; the lock's request stays pending
  // meanwhile, which is what keeps the lock held.
  async function acquireWriterLock(onWaiting) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks || typeof locks.request !== 'function') return () => {};
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let granted;
    const grantedPromise = new Promise((resolve) => { granted = resolve; });
    const hold = (lock) => {
      if (!lock) return false;
      granted();
      return held;
    };
    let request = locks.request(LOCK_NAME, { mode: 'exclusive', ifAvailable: true }, hold);
    // The first request settles only when the lock was not available (a granted one stays pending until released).
    const gotAtOnce = await Promise.race([grantedPromise.then(() => true), request.then(() => false)])
      .catch((e) => { throw namedError(e, 'UnknownError', 'page store lock'); });
    if (!gotAtOnce) {
      report(onWaiting);
      request = locks.request(LOCK_NAME, { mode: 'exclusive' }, hold);
      await Promise.race([grantedPromise, request])
        .catch((e) => { throw namedError(e, 'UnknownError', 'page store lock'); });
    }
    request.catch((e) => console.warn('[crm page store] writer lock lost:', e && e.message));
    return release;
  }

  // ---- durable storage ----------------------------------------------------------------------------------------
  // Asks for storage the browser will not evict under pressure. The answer may take a permission prompt
  // (Firefox), so nothing waits for it; it reaches onAnswer when it comes.
  function requestPersistence(onAnswer) {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage || typeof storage.persist !== 'function') return;
    try {
      Promise.resolve(storage.persist()).then((granted) => onAnswer(Boolean(granted)), () => {});
    } catch (e) {
      // an engine that throws instead of rejecting: no persistence, nothing else changes
    }
  }

  // ---- opening the database -----------------------------------------------------------------------------------
  function openDatabase() {
    return new Promise((resolve, reject) => {
      let request;
      try {
        if (typeof indexedDB === 'undefined' || !indexedDB) throw namedError(null, 'NotSupportedError', 'no IndexedDB');
        request = indexedDB.open(DB_NAME, DB_VERSION);
      } catch (e) {
        reject(namedError(e, 'UnknownError', 'IndexedDB open'));
        return;
      }
      let settled = false;
      let blocked = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(namedError(null, 'TimeoutError', blocked
          ? 'IndexedDB open blocked by another connection' : 'IndexedDB open did not answer'));
      }, OPEN_TIMEOUT_MS);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(CHUNKS_STORE)) db.createObjectStore(CHUNKS_STORE);
        if (!db.objectStoreNames.contains(META_STORE)) db.createObjectStore(META_STORE);
        if (!db.objectStoreNames.contains(PATCHES_STORE)) db.createObjectStore(PATCHES_STORE);
      };
      // Another tab holds an older version open; its versionchange handler closes it, then open goes on.
      request.onblocked = () => { blocked = true; };
      request.onsuccess = () => {
        const db = request.result;
        if (settled) { db.close(); return; }  // gave up already: do not leave a connection behind
        settled = true;
        clearTimeout(timer);
        // Another page wants a newer version (or deleteAll): let it; writes fail with InvalidStateError after.
        db.onversionchange = () => { db.close(); };
        resolve(db);
      };
      request.onerror = (event) => {
        event.preventDefault();  // reported through the promise, not as an uncaught error
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(namedError(request.error, 'UnknownError', 'IndexedDB open'));
      };
    });
  }

  // Reads meta and every chunk in one readonly transaction, LOAD_BATCH_CHUNKS at a time.
  function loadAll(db, onProgress) {
    return new Promise((resolve, reject) => {
      let tx;
      try {
        tx = db.transaction([CHUNKS_STORE, META_STORE, PATCHES_STORE], 'readonly');
      } catch (e) {
        reject(namedError(e, 'UnknownError', 'page store load'));
        return;
      }
      const chunksStore = tx.objectStore(CHUNKS_STORE);
      const loaded = { size: 0, seq: 0, chunkSize: CHUNK_SIZE_BYTES, chunks: [], log: { chunks: [], bytes: 0 },
                       from: 'indexeddb' };
      let patches = [];
      const patchesRequest = tx.objectStore(PATCHES_STORE).getAll();  // in key order: the batches' order
      patchesRequest.onsuccess = () => { patches = patchesRequest.result; };
      let total = 0;
      let firstError = null;

      const metaRequest = tx.objectStore(META_STORE).get(META_KEY);
      metaRequest.onsuccess = () => {
        const meta = metaRequest.result;
        if (meta) {
          loaded.size = meta.size;
          loaded.seq = meta.seq;
          loaded.chunkSize = meta.chunkSize;
        }
      };
      const countRequest = chunksStore.count();
      countRequest.onsuccess = () => {
        total = countRequest.result;
        report(onProgress, 0, total);
        // Every range is asked for at once: the requests queue inside the transaction and run back to back,
        // instead of each waiting for a round trip through this page's event loop. Keys need not be contiguous
        // (chunks never written read as zeros): the ranges cover 0 .. the highest key, in steps of a batch.
        const lastKeyRequest = chunksStore.openKeyCursor(null, 'prev');
        lastKeyRequest.onsuccess = () => {
          const cursor = lastKeyRequest.result;
          if (!cursor) return;
          const highest = cursor.key;
          for (let first = 0; first <= highest; first += LOAD_BATCH_CHUNKS) {
            const range = IDBKeyRange.bound(first, Math.min(highest, first + LOAD_BATCH_CHUNKS - 1));
            const keysRequest = chunksStore.getAllKeys(range);
            const valuesRequest = chunksStore.getAll(range);
            valuesRequest.onsuccess = () => {
              const keys = keysRequest.result;
              const values = valuesRequest.result;
              for (let i = 0; i < keys.length; i++) loaded.chunks.push([keys[i], new Uint8Array(values[i])]);
              if (keys.length > 0) report(onProgress, loaded.chunks.length, Math.max(total, loaded.chunks.length));
            };
          }
        };
      };

      tx.onerror = (event) => { if (!firstError) firstError = event.target.error; };
      tx.oncomplete = () => {
        try {
          applyPatches(loaded, patches);
          resolve(loaded);
        } catch (e) {
          reject(e);
        }
      };
      tx.onabort = () => reject(namedError(firstError || tx.error, 'AbortError', 'page store load'));
    });
  }

  // Walks one patch record: fn(chunk, offset, bytes) per entry. A malformed record throws (DataError).
  function walkPatch(buffer, fn) {
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    if (bytes.length < PATCH_MAGIC.length || PATCH_MAGIC.some((b, i) => bytes[i] !== b)) {
      throw namedError(null, 'DataError', 'a saved patch lacks its header');
    }
    let at = PATCH_MAGIC.length;
    while (at < bytes.length) {
      if (bytes.length - at < PATCH_ENTRY_HEADER) throw namedError(null, 'DataError', 'a saved patch ends inside an entry');
      const chunk = view.getUint32(at, true);
      const offset = view.getUint16(at + 4, true);
      const length = view.getUint16(at + 6, true);
      at += PATCH_ENTRY_HEADER;
      if (length === 0 || bytes.length - at < length) throw namedError(null, 'DataError', 'a saved patch entry has a wrong length');
      fn(chunk, offset, bytes.subarray(at, at + length));
      at += length;
    }
  }

  // The log on top of the whole chunks, in order: `loaded.chunks` becomes the file as of the newest batch, and
  // `loaded.log` tells the page store which chunks the log patches and how large it is (its next compaction).
  function applyPatches(loaded, patches) {
    if (patches.length === 0) return;
    const chunkSize = loaded.chunkSize;
    const byIndex = new Map(loaded.chunks);
    const touched = new Set();
    let logBytes = 0;
    for (const buffer of patches) {
      logBytes += buffer.byteLength;
      walkPatch(buffer, (chunk, offset, data) => {
        if (offset + data.length > chunkSize) throw namedError(null, 'DataError', `a saved patch reaches past chunk ${chunk}`);
        let target = byIndex.get(chunk);
        if (!target) { target = new Uint8Array(chunkSize); byIndex.set(chunk, target); }
        target.set(data, offset);
        touched.add(chunk);
      });
    }
    const chunkCount = Math.ceil(loaded.size / chunkSize);
    loaded.chunks = [...byIndex.entries()].filter(([i]) => i < chunkCount).sort((a, b) => a[0] - b[0]);
    loaded.log = { chunks: [...touched].sort((a, b) => a - b), bytes: logBytes };
  }

  // Meta, the patch log and the highest stored chunk's index, in one readonly transaction: what decides whether the
  // second copy can be read instead of every chunk.
  function loadHead(db) {
    return new Promise((resolve, reject) => {
      let tx;
      try {
        tx = db.transaction([META_STORE, PATCHES_STORE, CHUNKS_STORE], 'readonly');
      } catch (e) {
        reject(namedError(e, 'UnknownError', 'page store load'));
        return;
      }
      const head = { size: 0, seq: 0, chunkSize: CHUNK_SIZE_BYTES, patches: [], chunksEnd: 0 };
      const metaRequest = tx.objectStore(META_STORE).get(META_KEY);
      metaRequest.onsuccess = () => {
        const meta = metaRequest.result;
        if (meta) Object.assign(head, { size: meta.size, seq: meta.seq, chunkSize: meta.chunkSize });
      };
      const patchesRequest = tx.objectStore(PATCHES_STORE).getAll();
      patchesRequest.onsuccess = () => { head.patches = patchesRequest.result; };
      const lastKeyRequest = tx.objectStore(CHUNKS_STORE).openKeyCursor(null, 'prev');
      lastKeyRequest.onsuccess = () => { if (lastKeyRequest.result) head.chunksEnd = lastKeyRequest.result.key + 1; };
      let firstError = null;
      tx.onerror = (event) => { if (!firstError) firstError = event.target.error; };
      tx.oncomplete = () => resolve(head);
      tx.onabort = () => reject(namedError(firstError || tx.error, 'AbortError', 'page store load'));
    });
  }

  // The chunks the log's records touch and its size (`loaded.log`), without applying them.
  function logState(patches) {
    const touched = new Set();
    let bytes = 0;
    for (const buffer of patches) {
      bytes += buffer.byteLength;
      walkPatch(buffer, (chunk) => touched.add(chunk));
    }
    return { chunks: [...touched].sort((a, b) => a - b), bytes };
  }

  // Whether a word of the chunk is not zero: a chunk of zeros is left out, as IndexedDB never stores one that was
  // never written (a missing chunk reads as zeros).
  function anyByteSet(bytes, offset, length) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + offset, length >> 2);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return true;
    return false;
  }

  // The database from the second copy, when it holds exactly IndexedDB's state (same seq and size): one file read
  // in the worker instead of ~26,000 IndexedDB records for 100 MiB. Null when the copy cannot serve (then every
  // chunk is read from IndexedDB). IndexedDB stays the reference: the copy is read only when it is current.
  async function loadFromCopy(mirror, head, onProgress) {
    if (!mirror || head.seq <= 0 || mirror.state.seq !== head.seq || mirror.state.size !== head.size) return null;
    const chunkSize = head.chunkSize;
    const chunkCount = Math.ceil(head.size / chunkSize);
    let log;
    try {
      log = logState(head.patches);
    } catch (e) {
      return null;  // a damaged log: the full read reports it
    }
    const { bytes } = await mirror.call('load');
    if (!(bytes instanceof Uint8Array) || bytes.length < chunkCount * chunkSize || bytes.byteOffset % 4 !== 0) return null;
    report(onProgress, 0, chunkCount);
    const chunks = [];
    for (let i = 0; i < chunkCount; i++) {
      if (anyByteSet(bytes, i * chunkSize, chunkSize)) chunks.push([i, bytes.subarray(i * chunkSize, (i + 1) * chunkSize)]);
    }
    report(onProgress, chunks.length, chunks.length);
    return { size: head.size, seq: head.seq, chunkSize, chunks, log, from: 'copy' };
  }

  // ---- the second copy (web/page_mirror_worker.js) ---------------------------------------------------------------
  // Chromium deletes an origin's whole IndexedDB when it finds its LevelDB damaged at start, which a killed
  // browser can leave behind. The worker keeps the same batches in plain files; open() takes whichever copy is
  // newer. No worker or no OPFS (old browsers): IndexedDB alone, as before.
  // The worker starts (its script loads) before the writer lock is held; it opens its files only when told to.
  function spawnMirrorWorker() {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (typeof Worker === 'undefined' || !storage || typeof storage.getDirectory !== 'function') return null;
    try {
      return new Worker(MIRROR_WORKER_URL);
    } catch (e) {
      console.warn('[crm page store] no second copy:', e && e.message);
      return null;
    }
  }

  async function openMirror(worker) {
    if (!worker) return null;
    let nextId = 1;
    const waiting = new Map();
    const failAll = (error) => { for (const w of waiting.values()) w.reject(error); waiting.clear(); };
    worker.onmessage = ({ data }) => {
      const w = waiting.get(data.id);
      if (!w) return;
      waiting.delete(data.id);
      if (data.ok) w.resolve(data.result);
      else w.reject(namedError(data.error, 'UnknownError', 'page store copy'));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failAll(namedError(null, 'UnknownError', `page store copy: ${event.message || 'the worker failed'}`));
    };
    const call = (op, payload = {}, transfer = []) => new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, ...payload }, transfer);
    });
    try {
      const state = await call('open');
      return { state, call, terminate: () => { failAll(namedError(null, 'InvalidStateError', 'page store copy closed')); worker.terminate(); } };
    } catch (e) {
      console.warn('[crm page store] no second copy:', e && e.name, e && e.message);
      worker.terminate();
      return null;
    }
  }

  // [[index, bytes], ...] as one index array and one byte array, for the worker (transferred, not copied).
  function packChunks(chunks, chunkSize) {
    const indexes = new Uint32Array(chunks.length);
    const bytes = new Uint8Array(chunks.length * chunkSize);
    chunks.forEach(([index, data], k) => {
      indexes[k] = index;
      bytes.set(data, k * chunkSize);
    });
    return { indexes, bytes };
  }

  function mirrorBatch(mirror, op, { seq, size, chunkCount, chunkSize, chunks }) {
    const { indexes, bytes } = packChunks(chunks, chunkSize);
    return mirror.call(op, { batch: { seq, size, chunkCount, chunkSize, indexes, bytes } }, [indexes.buffer, bytes.buffer]);
  }

  // The checks write() makes before anything is sent anywhere: a bad batch reaches neither copy.
  function checkBatch({ chunkCount, chunkSize, chunks, patch }) {
    if (!Number.isInteger(chunkCount) || chunkCount < 0) throw namedError(null, 'DataError', `bad chunkCount ${chunkCount}`);
    if (patch !== undefined && patch !== null) {
      if (!(patch instanceof ArrayBuffer)) throw namedError(null, 'DataError', 'a patch is not an ArrayBuffer');
      walkPatch(patch, (chunk, offset, data) => {
        if (chunk >= chunkCount) throw namedError(null, 'DataError', `patched chunk ${chunk} outside 0..${chunkCount - 1}`);
        if (offset + data.length > chunkSize) throw namedError(null, 'DataError', `a patch reaches past chunk ${chunk}`);
      });
    }
    for (const [index, data] of chunks) {
      if (!Number.isInteger(index) || index < 0 || index >= chunkCount) {
        throw namedError(null, 'DataError', `chunk index ${index} outside 0..${chunkCount - 1}`);
      }
      if (!ArrayBuffer.isView(data)) throw namedError(null, 'DataError', `chunk ${index} is not bytes`);
    }
  }

  // ---- the store ----------------------------------------------------------------------------------------------
  // `chunksEnd`: no chunk at or past this index is stored in IndexedDB (the file's end as loaded, or the highest
  // stored key's). `durability`: 'strict' (the app: a saved commit survives power loss) unless a benchmark asks.
  function makeStore(db, releaseLock, mirrorAtOpen, chunksEndAtOpen, durability) {
    const pending = new Set();
    let closed = false;
    let mirror = mirrorAtOpen;
    // A batch that does not shorten the file past chunksEnd needs no range delete, and a patch batch then touches
    // only the log and meta: two object stores instead of three (part of every commit's transaction time).
    let chunksEnd = chunksEndAtOpen;
    let writeGeneration = 0;

    const store = {
      loaded: null,
      persisted: null,
      stats: { batches: 0, bytesWritten: 0, lastWriteMs: 0 },

      write(batch) {
        let promise;
        try {
          checkBatch(batch);
          const saves = [writeBatch(batch)];
          if (mirror && !closed) saves.push(mirrorBatch(mirror, 'write', batch));
          promise = Promise.all(saves).then(() => undefined);
        } catch (e) {
          promise = Promise.reject(e);
        }
        pending.add(promise);
        const forget = () => pending.delete(promise);
        promise.then(forget, forget);
        return promise;
      },

      // After open: IndexedDB and the second copy hold the same state. The newer one wins: a copy newer than
      // IndexedDB means the browser lost IndexedDB (it is written back whole); an older or new copy is rewritten.
      async reconcile(loaded) {
        if (!mirror) return null;
        const chunkSize = loaded.chunkSize || CHUNK_SIZE_BYTES;
        if (mirror.state.seq > loaded.seq) {
          const { bytes } = await mirror.call('load');
          const size = mirror.state.size;
          const chunkCount = Math.ceil(size / chunkSize);
          const chunks = [];
          for (let i = 0; i < chunkCount; i++) chunks.push([i, bytes.subarray(i * chunkSize, (i + 1) * chunkSize)]);
          const lost = { seq: loaded.seq, size: loaded.size };
          await writeBatch({ seq: mirror.state.seq, size, chunkCount, chunkSize, chunks });
          Object.assign(loaded, { size, seq: mirror.state.seq, chunkSize, chunks, log: { chunks: [], bytes: 0 }, from: 'copy' });
          console.warn(`[crm page store] IndexedDB held seq ${lost.seq}, the second copy seq ${loaded.seq}: restored`);
          return { from: 'copy', seq: loaded.seq, indexedDbSeq: lost.seq };
        }
        if (mirror.state.seq < loaded.seq) {
          const chunkCount = Math.ceil(loaded.size / chunkSize);
          await mirrorBatch(mirror, 'writeFull', { seq: loaded.seq, size: loaded.size, chunkCount, chunkSize, chunks: loaded.chunks });
        }
        return null;
      },

      // Closes the connection at once (IndexedDB lets running transactions finish) and hands the lock on only
      // after the writes already started have settled, so the next writer never reads ahead of them.
      close() {
        if (closed) return Promise.resolve();
        closed = true;
        db.close();
        const copy = mirror;
        mirror = null;
        return Promise.allSettled([...pending])
          .then(() => copy && copy.call('close').catch(() => {}))
          .then(() => { if (copy) copy.terminate(); releaseLock(); });
      },
    };

    // With `patch` (an ArrayBuffer; null when no byte changed) the batch is that log record and its whole chunks
    // are for the second copy only. Without, the whole chunks are stored and the log emptied (a compaction: the
    // chunks include every chunk the log patched).
    function writeBatch({ seq, size, chunkCount, chunkSize, chunks, patch }) {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const whole = patch === undefined;
        const trims = chunksEnd > chunkCount;  // the file got shorter than the stored chunks reach
        const generation = ++writeGeneration;
        // Raised before the transaction runs, so a batch made meanwhile still trims what this one may store.
        if (whole) chunksEnd = Math.max(chunksEnd, chunkCount);
        let tx;
        try {
          const stores = whole || trims ? [CHUNKS_STORE, META_STORE, PATCHES_STORE] : [META_STORE, PATCHES_STORE];
          tx = db.transaction(stores, 'readwrite', { durability });
        } catch (e) {
          reject(namedError(e, 'InvalidStateError', 'page store write'));
          return;
        }
        let firstError = null;
        let bytes = 0;
        tx.onerror = (event) => { if (!firstError) firstError = event.target.error; };
        tx.onabort = () => reject(namedError(firstError || tx.error, 'AbortError', 'page store write'));
        tx.oncomplete = () => {
          // Nothing reaches past chunkCount now, unless a later batch (already counted in chunksEnd) stores more.
          if (trims && generation === writeGeneration) chunksEnd = chunkCount;
          store.stats.batches += 1;
          store.stats.bytesWritten += bytes;
          store.stats.lastWriteMs = performance.now() - started;
          resolve();
        };
        try {
          // Batches were checked by checkBatch() (write) or built here (reconcile).
          if (!whole) {
            if (patch !== null) tx.objectStore(PATCHES_STORE).put(patch, seq);
            bytes += patch ? patch.byteLength : 0;
          } else {
            const chunksStore = tx.objectStore(CHUNKS_STORE);
            for (const [index, data] of chunks) {
              // A copy of just these bytes: put() clones a view together with its whole buffer, which for a view
              // into wasm memory is the whole heap.
              const copy = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
              chunksStore.put(copy.buffer, index);
              bytes += copy.byteLength;
            }
            tx.objectStore(PATCHES_STORE).clear();
          }
          if (trims) tx.objectStore(CHUNKS_STORE).delete(IDBKeyRange.lowerBound(chunkCount));  // the file got shorter
          tx.objectStore(META_STORE).put({ size, seq, chunkSize }, META_KEY);
        } catch (e) {
          // Nothing of this batch may land: undo the puts already made; the abort event rejects.
          firstError = e;
          try { tx.abort(); } catch (ignored) { /* already finished: its abort event has fired */ }
        }
        if (typeof tx.commit === 'function' && !firstError) tx.commit();  // no need to wait for the event loop
      });
    }

    return store;
  }

  // `mirror: false` keeps to IndexedDB alone (the tests of the IndexedDB layer itself); `durability` is the
  // writes' IndexedDB hint, 'strict' for the app (benchmarks compare 'relaxed'). `onStep(name, startMs,
  // endMs)` is told how long each part took (window.crm.timing.steps). Nothing here waits on a timer: persist()
  // is asked beside the load and its answer lands in `persisted` whenever it comes.
  async function open({ onProgress, onWaiting, onStep, mirror: useMirror = true, durability = 'strict' } = {}) {
    const timed = async (name, work) => {
      const startMs = performance.now();
      try {
        return await work();
      } finally {
        report(onStep, name, startMs, performance.now());
      }
    };
    // The connection opens and the copy's worker starts while the lock is asked for (neither reads anything; a
    // second tab may hold a connection too); every read, and the copy's files, wait for the lock.
    const dbOpening = timed('open', openDatabase);
    dbOpening.catch(() => {});  // its failure is taken up below, once the lock is held
    const mirrorWorker = useMirror ? spawnMirrorWorker() : null;
    let releaseLock;
    try {
      releaseLock = await timed('lock', () => acquireWriterLock(onWaiting));
    } catch (e) {
      dbOpening.then((opened) => opened.close(), () => {});
      if (mirrorWorker) mirrorWorker.terminate();
      throw e;
    }
    let db;
    let store = null;
    let persisted = null;
    let mirrorOpening = null;
    try {
      requestPersistence((granted) => {
        persisted = granted;
        if (store) store.persisted = granted;
      });
      // The second copy's worker starts while IndexedDB loads; both need the writer lock held.
      mirrorOpening = timed('mirror', () => openMirror(mirrorWorker));
      db = await dbOpening;
      // The read: meta and the log first (beside the copy's opening), then the file from the copy when it holds
      // IndexedDB's state, else every chunk from IndexedDB.
      const [head, mirror] = await Promise.all([loadHead(db), mirrorOpening]);
      const loaded = await timed('read', async () => {
        const fromCopy = await loadFromCopy(mirror, head, onProgress).catch((e) => {
          console.warn('[crm page store] reading the second copy failed, reading IndexedDB:', e && e.name, e && e.message);
          return null;
        });
        return fromCopy || loadAll(db, onProgress);
      });
      store = makeStore(db, releaseLock, mirror, head.chunksEnd, durability);
      store.mirrored = Boolean(mirror);
      store.recovered = await timed('reconcile', () => store.reconcile(loaded));
      store.loaded = loaded;
      store.persisted = persisted;
      return store;
    } catch (e) {
      if (db) db.close();
      // The copy's worker holds its files open: it goes before the next writer may take the lock.
      const mirror = mirrorOpening ? await mirrorOpening.catch(() => null) : null;
      if (mirror) mirror.terminate();
      releaseLock();
      throw e;
    }
  }

  function deleteIndexedDb() {
    return new Promise((resolve, reject) => {
      let request;
      try {
        request = indexedDB.deleteDatabase(DB_NAME);
      } catch (e) {
        reject(namedError(e, 'UnknownError', 'IndexedDB delete'));
        return;
      }
      request.onsuccess = () => resolve();
      request.onerror = (event) => {
        event.preventDefault();
        reject(namedError(request.error, 'UnknownError', 'IndexedDB delete'));
      };
      // 'blocked': a connection is still closing; deletion goes on when it has.
    });
  }

  // Tests and benchmarks: both copies gone (after close()).
  async function deleteAll() {
    await deleteIndexedDb();
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage || typeof storage.getDirectory !== 'function') return;
    const root = await storage.getDirectory();
    await root.removeEntry(MIRROR_DIR_NAME, { recursive: true }).catch((e) => {
      if (!e || e.name !== 'NotFoundError') throw namedError(e, 'UnknownError', 'page store copy delete');
    });
  }

  window.CrmPageStore = {
    DB_NAME, DB_VERSION, LOCK_NAME, LOAD_BATCH_CHUNKS,
    open,
    deleteAll,
    deleteIndexedDb,
  };
})();
