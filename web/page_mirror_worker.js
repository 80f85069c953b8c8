// The page store's second copy, in the Origin Private File System: plain files, not IndexedDB's LevelDB.
// Chromium deletes an origin's whole IndexedDB when, at start, it finds the LevelDB log a killed browser left
// damaged (tests/e2e/crash.test.mjs meets it about once in 70 kills); this copy puts the data back then.
// A dedicated worker, because only workers get synchronous access handles (write at an offset, flush).
//
// Files: journal.bin (batches appended as they come, each with a CRC), db.bin (the database as of the last
// checkpoint, chunk i at i * chunkSize) and state.bin (seq and size of db.bin's state, with a CRC). A batch is only
// appended: no flush, as a killed browser keeps what the kernel accepted, and power loss is IndexedDB's 'strict'
// durability's job (the newer copy wins at open). A checkpoint, when the journal grows past
// JOURNAL_CHECKPOINT_BYTES or at close, applies the journal to db.bin, flushes it, then writes and flushes
// state.bin, then empties the journal: db.bin is never ahead of state.bin on disk. Opening reads the journal's
// valid prefix and keeps it pending (no writes on the app's start path); 'load' applies it in memory.
'use strict';

const DIR_NAME = 'crm-pages-mirror';
const JOURNAL_MAGIC = 0x4a4d5243;  // 'CRMJ'
const STATE_MAGIC = 0x534d5243;    // 'CRMS'
const JOURNAL_HEADER_BYTES = 32;   // magic, seq, size, chunkCount, chunkSize, n
const STATE_BYTES = 24;            // magic, seq, size, crc
const JOURNAL_CHECKPOINT_BYTES = 8 << 20;  // journal size that triggers a checkpoint into db.bin

let files = null;  // {db, journal, state}: FileSystemSyncAccessHandle each
let journalEnd = 0;  // where the next batch is appended
let unapplied = [];  // the journal's batches, in order, not yet in db.bin
let current = { seq: 0, size: 0 };  // the newest state (db.bin + journal)

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

function decodeJournalRecord(journal, at) {
  if (journal.length - at < JOURNAL_HEADER_BYTES + 4) return null;
  const view = new DataView(journal.buffer, journal.byteOffset + at);
  if (view.getUint32(0, true) !== JOURNAL_MAGIC) return null;
  const n = view.getUint32(28, true);
  const chunkSize = view.getUint32(24, true);
  const end = JOURNAL_HEADER_BYTES + n * 4 + n * chunkSize;
  if (journal.length - at < end + 4) return null;
  if (view.getUint32(end, true) !== crc32(journal.subarray(at, at + end))) return null;
  const indexes = new Uint32Array(n);
  for (let i = 0; i < n; i++) indexes[i] = view.getUint32(JOURNAL_HEADER_BYTES + i * 4, true);
  return {
    record: {
      seq: view.getFloat64(4, true), size: view.getFloat64(12, true), chunkCount: view.getUint32(20, true),
      chunkSize, indexes, bytes: journal.subarray(at + JOURNAL_HEADER_BYTES + n * 4, at + end),
    },
    length: end + 4,
  };
}

// The journal's batches up to the first that is torn or damaged (a kill, or power loss, mid-append).
function readJournal() {
  const journal = readAll(files.journal);
  const records = [];
  let at = 0;
  for (;;) {
    const decoded = decodeJournalRecord(journal, at);
    if (!decoded) break;
    records.push(decoded.record);
    at += decoded.length;
  }
  return { records, end: at };
}

function applyChunks({ chunkCount, chunkSize, indexes, bytes }) {
  for (let i = 0; i < indexes.length; i++) {
    files.db.write(bytes.subarray(i * chunkSize, (i + 1) * chunkSize), { at: indexes[i] * chunkSize });
  }
  files.db.truncate(chunkCount * chunkSize);
}

// The journal's batches into db.bin, durably, then the journal emptied.
function checkpoint() {
  if (unapplied.length === 0) return;
  for (const record of unapplied) applyChunks(record);
  files.db.flush();
  const last = unapplied[unapplied.length - 1];
  writeState(last.seq, last.size);
  files.journal.truncate(0);
  files.journal.flush();
  journalEnd = 0;
  unapplied = [];
}

// No checkpoint here: it flushes three files, and opening is on the app's start path. db.bin plus the journal's
// valid records is the state (what 'load' returns); the checkpoint waits for the journal's size or close().
function recover() {
  const state = readState() || { seq: 0, size: 0 };
  const { records, end } = readJournal();
  unapplied = records.filter((r) => r.seq > state.seq);
  journalEnd = end;
  // A record a kill cut short goes now, so nothing of it follows the next batch appended at journalEnd.
  if (files.journal.getSize() > end) files.journal.truncate(end);
  current = unapplied.length ? { seq: unapplied.at(-1).seq, size: unapplied.at(-1).size } : state;
  return current;
}

// The database as of `current`: db.bin with the journal's batches applied in memory (one read, no writes).
function loadCurrent() {
  const dbBytes = files.db.getSize();
  let capacity = dbBytes;
  for (const r of unapplied) capacity = Math.max(capacity, r.chunkCount * r.chunkSize);
  const bytes = new Uint8Array(capacity);
  if (dbBytes > 0) files.db.read(bytes.subarray(0, dbBytes), { at: 0 });
  let length = dbBytes;
  for (const { chunkCount, chunkSize, indexes, bytes: data } of unapplied) {
    for (let i = 0; i < indexes.length; i++) {
      bytes.set(data.subarray(i * chunkSize, (i + 1) * chunkSize), indexes[i] * chunkSize);
    }
    const end = chunkCount * chunkSize;
    if (end < length) bytes.fill(0, end, length);  // what a truncation drops reads as zeros if the file grows again
    length = end;
  }
  return bytes.subarray(0, length);
}

async function open() {
  if (files) return recover();
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(DIR_NAME, { create: true });
  const handle = async (name) => (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
  // All three at once: each is a round trip to the browser, and this is on the app's start path.
  const names = ['db', 'journal', 'state'];
  const results = await Promise.allSettled(names.map((name) => handle(`${name}.bin`)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    for (const r of results) if (r.status === 'fulfilled') r.value.close();
    throw failed.reason;
  }
  files = Object.fromEntries(names.map((name, i) => [name, results[i].value]));
  return recover();
}

function write(batch) {
  const record = encodeJournal(batch);
  files.journal.write(record, { at: journalEnd });
  journalEnd += record.length;
  unapplied.push(batch);
  current = { seq: batch.seq, size: batch.size };
  if (journalEnd > JOURNAL_CHECKPOINT_BYTES) checkpoint();
}

// The whole database at once (the copy fell behind, or is new): state.bin is void while db.bin is rewritten, so
// a kill in between leaves an empty copy, never a mixed one.
function writeFull(batch) {
  files.state.truncate(0);
  files.state.flush();
  files.journal.truncate(0);
  files.journal.flush();
  journalEnd = 0;
  files.db.truncate(0);
  unapplied = [batch];
  checkpoint();
  current = { seq: batch.seq, size: batch.size };
}

function close() {
  if (!files) return;
  checkpoint();
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
      const bytes = loadCurrent();
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
