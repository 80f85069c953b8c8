// Persistence benchmark page: runs one variant at a time in this page and answers numbers to bench/run.mjs.
// Bytes written to IndexedDB are counted by wrapping IDBObjectStore.put/add, the same way for every variant.
'use strict';

(() => {
  let bytesWritten = 0;
  function sizeOf(value) {
    if (value == null) return 0;
    if (value instanceof ArrayBuffer) return value.byteLength;
    if (ArrayBuffer.isView(value)) return value.byteLength;
    if (value instanceof Blob) return value.size;
    if (typeof value === 'string') return value.length * 2;
    if (typeof value === 'object') return Object.values(value).reduce((sum, v) => sum + sizeOf(v), 0);
    return 8;
  }
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (value, key) {
      bytesWritten += sizeOf(value);
      return original.call(this, value, key);
    };
  }

  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

  function deleteDatabase(name) {
    return new Promise((resolve, reject) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = () => resolve();
      r.onerror = () => reject(r.error);
      r.onblocked = () => resolve();
    });
  }

  // ---- Emscripten IDBFS (FS.syncfs after each commit) ---------------------------------------------------------
  async function openIdbfs() {
    await deleteDatabase('/idb');
    const peer = await createIdbfsPeer();
    peer.FS.mkdir('/idb');
    peer.FS.mount(peer.FS.filesystems.IDBFS, {}, '/idb');
    const sync = () => new Promise((resolve, reject) => peer.FS.syncfs(false, (err) => (err ? reject(err) : resolve())));
    if (!peer._peer_open(heapString(peer, '/idb/bench.db'))) throw new Error('IDBFS peer: open failed');
    return { peer, sync };
  }

  function heapString(module, text) {
    const size = module.lengthBytesUTF8(text) + 1;
    const ptr = module._malloc(size);
    module.stringToUTF8(text, ptr, size);
    return ptr;
  }

  async function idbfsCommits(sizeMb, commits) {
    const { peer, sync } = await openIdbfs();
    if (!peer._peer_fill_to_bytes(sizeMb * 1048576)) throw new Error('IDBFS peer: fill failed');
    await sync();
    const ms = [], bytes = [];
    for (let i = 0; i < commits; i++) {
      const before = bytesWritten, t0 = performance.now();
      if (!peer._peer_update_one_blob_row(i)) throw new Error('IDBFS peer: update failed');
      await sync();
      ms.push(performance.now() - t0);
      bytes.push(bytesWritten - before);
    }
    const dbBytes = peer._peer_database_bytes();
    peer._peer_close();
    return { dbBytes, msMedian: median(ms), msP95: percentile(ms, 0.95), bytesMedian: median(bytes) };
  }

  // ---- sql.js: in memory, the whole database exported to IndexedDB after each transaction --------------------
  function openStore(name) {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => r.result.createObjectStore('files');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  function putFile(db, key, bytes) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction('files', 'readwrite');
      tx.objectStore('files').put(bytes, key);
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  async function sqljsUpdates(contacts, updates) {
    await deleteDatabase('sqljs-bench');
    const SQL = await initSqlJs({ locateFile: (f) => `vendor/${f}` });
    const idb = await openStore('sqljs-bench');
    const db = new SQL.Database();
    db.exec('CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL,' +
            ' email TEXT NOT NULL, updated INTEGER NOT NULL); CREATE INDEX contacts_name ON contacts(name);');
    db.exec('BEGIN');
    const insert = db.prepare('INSERT INTO contacts(name, phone, email, updated) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < contacts; i++) {
      insert.run([`Контакт ${i} ${(i * 2654435761 >>> 0).toString(36)}`, `+7 (9${10 + (i % 90)}) ${1000000 + i}`,
                  `contact${i}@example.ru`, i]);
    }
    insert.free();
    db.exec('COMMIT');
    await putFile(idb, 'crm.db', db.export());
    const update = db.prepare('UPDATE contacts SET phone = ?, updated = updated + 1 WHERE id = ?');
    const before = bytesWritten, t0 = performance.now();
    let dbBytes = 0;
    for (let i = 0; i < updates; i++) {
      update.run([`+7 (999) ${2000000 + i}`, ((i * 7919) % contacts) + 1]);
      const file = db.export();
      dbBytes = file.byteLength;
      await putFile(idb, 'crm.db', file);
    }
    const totalMs = performance.now() - t0;
    update.free();
    db.close();
    idb.close();
    return { totalMs, bytes: bytesWritten - before, dbBytes };
  }

  async function idbfsUpdates(contacts, updates) {
    const { peer, sync } = await openIdbfs();
    if (!peer._peer_insert_contacts(contacts)) throw new Error('IDBFS peer: insert failed');
    await sync();
    const before = bytesWritten, t0 = performance.now();
    for (let i = 0; i < updates; i++) {
      if (!peer._peer_update_one_contact(i, contacts)) throw new Error('IDBFS peer: update failed');
      await sync();
    }
    const totalMs = performance.now() - t0;
    const dbBytes = peer._peer_database_bytes();
    peer._peer_close();
    return { totalMs, bytes: bytesWritten - before, dbBytes };
  }

  // ---- our page store: each commit's batch saved by the app's CrmPageStore.write (web/page_store.js) ---------
  // The module hands a batch to onPagesBatch at each commit point (one in flight); it is acknowledged when the
  // IndexedDB transaction completes. saved() resolves once every commit made so far is acknowledged.
  // `variant` (the rows beside the app's, to show where the time goes): {durability: 'relaxed'} or {mirror: false}.
  async function openPageStore(variant = {}) {
    await CrmPageStore.deleteAll();
    const store = await CrmPageStore.open(variant);
    // Measured as the app runs it: IndexedDB plus the second copy in OPFS, both awaited per batch.
    if (!store.mirrored && variant.mirror !== false) {
      throw new Error('page store peer: the second copy (page_mirror_worker.js) did not start');
    }
    const peer = await createPageStorePeer();
    let failure = null;
    let waiters = [];
    const batches = [];  // chunk indexes of every batch, for the report of what a commit touches
    const txMs = [];     // each batch's IndexedDB transaction alone (CrmPageStore's own stats)
    let chunkBytes = 0;
    const settle = () => {
      const done = failure || peer._peer_saved_seq() >= peer._peer_committed_seq();
      if (!done) return;
      const ready = waiters;
      waiters = [];
      for (const w of ready) (failure ? w.reject(failure) : w.resolve());
    };
    peer.onPagesBatch = (seq, size, chunkCount, chunkSize, index, data, patch) => {
      batches.push(Array.from(index));
      chunkBytes = chunkSize;
      const chunks = Array.from(index, (i, k) => [i, data.subarray(k * chunkSize, (k + 1) * chunkSize)]);
      store.write({ seq, size, chunkCount, chunkSize, chunks, patch }).then(
        () => { txMs.push(store.stats.lastWriteMs); peer._peer_ack(seq); settle(); },
        (e) => { failure = e; peer._peer_fail(seq, 0); settle(); });
    };
    const saved = () => new Promise((resolve, reject) => { waiters.push({ resolve, reject }); settle(); });
    if (!peer._peer_open()) throw new Error('page store peer: open failed');
    await saved();
    const close = async () => { peer._peer_close(); await store.close(); };
    return { peer, saved, batches, txMs, chunkBytes: () => chunkBytes, close };
  }

  async function pageStoreCommits(sizeMb, commits) {
    const { peer, saved, batches, txMs, chunkBytes, close } = await openPageStore();
    if (!peer._peer_fill_to_bytes(sizeMb * 1048576)) throw new Error('page store peer: fill failed');
    await saved();
    const ms = [], bytes = [], chunks = [], firstTx = txMs.length;
    for (let i = 0; i < commits; i++) {
      const before = bytesWritten, firstBatch = batches.length, t0 = performance.now();
      if (!peer._peer_update_one_blob_row(i)) throw new Error('page store peer: update failed');
      await saved();
      ms.push(performance.now() - t0);
      bytes.push(bytesWritten - before);
      chunks.push(batches.slice(firstBatch).flat());
    }
    const dbBytes = peer._peer_database_bytes();
    await close();
    return { dbBytes, msMedian: median(ms), msP95: percentile(ms, 0.95), bytesMedian: median(bytes),
             chunksMedian: median(chunks.map((c) => c.length)), chunkSample: chunks.slice(0, 3),
             chunkBytes: chunkBytes(), txMsMedian: median(txMs.slice(firstTx)) };
  }

  async function pageStoreUpdates(contacts, updates, variant) {
    const { peer, saved, batches, txMs, chunkBytes, close } = await openPageStore(variant);
    if (!peer._peer_insert_contacts(contacts)) throw new Error('page store peer: insert failed');
    await saved();
    const before = bytesWritten, firstBatch = batches.length, firstTx = txMs.length, t0 = performance.now();
    for (let i = 0; i < updates; i++) {
      if (!peer._peer_update_one_contact(i, contacts)) throw new Error('page store peer: update failed');
      await saved();
    }
    const totalMs = performance.now() - t0;
    const chunkCounts = batches.slice(firstBatch).map((b) => b.length);
    const dbBytes = peer._peer_database_bytes();
    await close();
    return { totalMs, bytes: bytesWritten - before, dbBytes, chunksMedian: median(chunkCounts),
             chunkSample: batches.slice(firstBatch, firstBatch + 3), chunkBytes: chunkBytes(),
             txMsMedian: median(txMs.slice(firstTx)) };
  }

  window.bench = { idbfsCommits, idbfsUpdates, sqljsUpdates, pageStoreCommits, pageStoreUpdates };
})();
