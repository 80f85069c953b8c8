// The page store's second copy, in the Origin Private File System: plain files, not IndexedDB's LevelDB.
// Chromium deletes an origin's whole IndexedDB when, at start, it finds the LevelDB log a killed browser left
// damaged (tests/e2e/crash.test.mjs meets it about once in 70 kills); this copy puts the data back then.
// A dedicated worker, because only workers get synchronous access handles (write at an offset, flush).
//
// Files: db.bin (the database, chunk i at i * chunkSize), journal.bin (the last batch, whole, with a CRC) and
// state.bin (seq and size of the state db.bin holds, with a CRC). A batch is first written whole to the journal
// and flushed, then applied to db.bin, then recorded in state.bin: a kill at any point leaves either the old
// state or a journal that replays to the new one.
'use strict';

const DIR_NAME = 'crm-pages-mirror';
const JOURNAL_MAGIC = 0x4a4d5243;  // 'CRMJ'
const STATE_MAGIC = 0x534d5243;    // 'CRMS'
const JOURNAL_HEADER_BYTES = 32;   // magic, seq, size, chunkCount, chunkSize, n
const STATE_BYTES = 24;            // magic, seq, size, crc

let files = null;  // {db, journal, state}: FileSystemSyncAccessHandle each

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function readAll(handle) {
  const bytes = new Uint8Array(handle.getSize());
  if (bytes.length > 0) handle.read(bytes, { at: 0 });
  return bytes;
}

function readState() {
  const bytes = readAll(files.state);
  if (bytes.length < STATE_BYTES) return null;
  const view = new DataView(bytes.buffer);
  if (view.getUint32(0, true) !== STATE_MAGIC) return null;
  if (view.getUint32(20, true) !== crc32(bytes.subarray(0, 20))) return null;
  return { seq: view.getFloat64(4, true), size: view.getFloat64(12, true) };
}

function writeState(seq, size) {
  const bytes = new Uint8Array(STATE_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, STATE_MAGIC, true);
  view.setFloat64(4, seq, true);
  view.setFloat64(12, size, true);
  view.setUint32(20, crc32(bytes.subarray(0, 20)), true);
  files.state.write(bytes, { at: 0 });
  files.state.flush();
}

function encodeJournal({ seq, size, chunkCount, chunkSize, indexes, bytes }) {
  const n = indexes.length;
  const record = new Uint8Array(JOURNAL_HEADER_BYTES + n * 4 + bytes.length + 4);
  const view = new DataView(record.buffer);
  view.setUint32(0, JOURNAL_MAGIC, true);
  view.setFloat64(4, seq, true);
  view.setFloat64(12, size, true);
  view.setUint32(20, chunkCount, true);
  view.setUint32(24, chunkSize, true);
  view.setUint32(28, n, true);
  for (let i = 0; i < n; i++) view.setUint32(JOURNAL_HEADER_BYTES + i * 4, indexes[i], true);
  record.set(bytes, JOURNAL_HEADER_BYTES + n * 4);
  const end = record.length - 4;
  view.setUint32(end, crc32(record.subarray(0, end)), true);
  return record;
}

// The journal's batch, or null when it is empty, torn or damaged.
function readJournal() {
  const record = readAll(files.journal);
  if (record.length < JOURNAL_HEADER_BYTES + 4) return null;
  const view = new DataView(record.buffer);
  if (view.getUint32(0, true) !== JOURNAL_MAGIC) return null;
  const n = view.getUint32(28, true);
  const chunkSize = view.getUint32(24, true);
  const end = JOURNAL_HEADER_BYTES + n * 4 + n * chunkSize;
  if (record.length < end + 4 || view.getUint32(end, true) !== crc32(record.subarray(0, end))) return null;
  const indexes = new Uint32Array(n);
  for (let i = 0; i < n; i++) indexes[i] = view.getUint32(JOURNAL_HEADER_BYTES + i * 4, true);
  return {
    seq: view.getFloat64(4, true), size: view.getFloat64(12, true), chunkCount: view.getUint32(20, true), chunkSize,
    indexes, bytes: record.subarray(JOURNAL_HEADER_BYTES + n * 4, end),
  };
}

function apply({ seq, size, chunkCount, chunkSize, indexes, bytes }) {
  for (let i = 0; i < indexes.length; i++) {
    files.db.write(bytes.subarray(i * chunkSize, (i + 1) * chunkSize), { at: indexes[i] * chunkSize });
  }
  files.db.truncate(chunkCount * chunkSize);
  files.db.flush();
  writeState(seq, size);
}

// The state db.bin holds, after finishing a batch a kill interrupted.
function recover() {
  let state = readState();
  const journal = readJournal();
  if (journal && (!state || journal.seq > state.seq)) {
    apply(journal);
    state = { seq: journal.seq, size: journal.size };
  }
  return state || { seq: 0, size: 0 };
}

async function open() {
  if (files) return recover();
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(DIR_NAME, { create: true });
  const handle = async (name) => (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
  const opened = {};
  try {
    for (const name of ['db', 'journal', 'state']) opened[name] = await handle(`${name}.bin`);
  } catch (e) {
    for (const h of Object.values(opened)) h.close();
    throw e;
  }
  files = opened;
  return recover();
}

function write(batch) {
  files.journal.truncate(0);
  files.journal.write(encodeJournal(batch), { at: 0 });
  files.journal.flush();
  apply(batch);
}

// The whole database at once (the mirror fell behind, or is new): the state is void while db.bin is rewritten,
// so a kill in between leaves an empty mirror, never a mixed one.
function writeFull({ seq, size, chunkCount, chunkSize, indexes, bytes }) {
  files.state.truncate(0);
  files.state.flush();
  files.journal.truncate(0);
  files.journal.flush();
  files.db.truncate(0);
  apply({ seq, size, chunkCount, chunkSize, indexes, bytes });
}

function close() {
  if (!files) return;
  for (const h of Object.values(files)) h.close();
  files = null;
}

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    let result = null;
    if (op === 'open') result = await open();
    else if (op === 'write') write(data.batch);
    else if (op === 'writeFull') writeFull(data.batch);
    else if (op === 'load') {
      const bytes = readAll(files.db);
      result = { bytes };
      self.postMessage({ id, ok: true, result }, [bytes.buffer]);
      return;
    } else if (op === 'close') close();
    else throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: { name: (e && e.name) || 'Error', message: (e && e.message) || String(e) } });
  }
};
