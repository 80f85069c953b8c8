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
    for (let i = 0; i < updates; i++) {
      update.run([`+7 (999) ${2000000 + i}`, ((i * 7919) % contacts) + 1]);
      await putFile(idb, 'crm.db', db.export());
    }
    const totalMs = performance.now() - t0;
    update.free();
    db.close();
    idb.close();
    return { totalMs, bytes: bytesWritten - before };
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
    peer._peer_close();
    return { totalMs, bytes: bytesWritten - before };
  }

  window.bench = { idbfsCommits, idbfsUpdates, sqljsUpdates };
})();
