// E2E: web/page_store.js, the IndexedDB side of the page store, in real Chromium against the real server's web
// root. Each test runs on a blank page of the server's origin that loads only page_store.js (app.js would start
// the app, which may open the store itself), in a fresh browser context, so every test starts with no database.
// Chunk contents are a function of (index, seq) computed in the page, so megabytes never cross the protocol.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, guarded } from './harness.mjs';

const BLANK_PAGE = 'page-store-test.html';  // answered by the test (page.route), never by the server
const CHUNK = 4096;
const WAITING_TIMEOUT_MS = 10_000;

// Helpers the page's tests share: deterministic chunk bytes and a comparison of a loaded store with them.
const PAGE_HTML = `<!doctype html><meta charset="utf-8"><title>page store test</title>
<script src="page_store.js"></script>
<script>
  window.t = {
    bytes(index, seq) {
      const b = new Uint8Array(${CHUNK});
      for (let i = 0; i < b.length; i++) b[i] = (index * 31 + seq * 7 + i) & 0xff;
      return b;
    },
    // chunks: Array<[index, seq]> written last for each index
    compare(loaded, chunks) {
      const want = new Map(chunks);
      const problems = [];
      if (loaded.chunks.length !== want.size) problems.push('count ' + loaded.chunks.length + ' != ' + want.size);
      for (const [index, data] of loaded.chunks) {
        if (!want.has(index)) { problems.push('unexpected chunk ' + index); continue; }
        const expect = this.bytes(index, want.get(index));
        if (!(data instanceof Uint8Array) || data.length !== expect.length || data.some((v, i) => v !== expect[i])) {
          problems.push('chunk ' + index + ' differs');
        }
      }
      return problems.slice(0, 10);
    },
  };
</script>`;

let server, browser;
before(async () => { server = await startServer({ demo: false }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function blankPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(server.url + BLANK_PAGE, (route) => route.fulfill({ contentType: 'text/html', body: PAGE_HTML }));
  await page.goto(server.url + BLANK_PAGE);
  await page.waitForFunction(() => window.CrmPageStore && window.t);
  page.errors = errors;
  return page;
}

async function withContext(fn) {
  // No service worker: nothing but the server and this test answers the page's requests.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await guarded('page-store-js', { pages: () => context.pages(), close: () => context.close() }, () => fn(context));
}

test('a new store loads empty and reports its progress', () => withContext(async (context) => {
  const page = await blankPage(context);
  const result = await page.evaluate(async () => {
    const progress = [];
    const store = await CrmPageStore.open({ onProgress: (n, total) => progress.push([n, total]) });
    const out = { loaded: store.loaded, persisted: store.persisted, progress, stats: { ...store.stats } };
    await store.close();
    return out;
  });
  assert.deepEqual({ size: result.loaded.size, seq: result.loaded.seq, chunks: result.loaded.chunks },
                   { size: 0, seq: 0, chunks: [] });
  assert.equal(result.loaded.chunkSize, CHUNK);
  assert.ok([true, false, null].includes(result.persisted), `persisted is ${result.persisted}`);
  assert.deepEqual(result.progress.at(-1), [0, 0]);
  assert.deepEqual(result.stats, { batches: 0, bytesWritten: 0, lastWriteMs: 0 });
  assert.deepEqual(page.errors, []);
}));

test('written batches come back exactly after close and reopen, with progress up to the total', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    const result = await page.evaluate(async () => {
      const store = await CrmPageStore.open({});
      const last = new Map();  // index -> seq of its newest write
      // Batch 1: 2,500 chunks (more than two load batches); batch 2 rewrites a few and adds a sparse one far out.
      const first = [];
      for (let i = 0; i < 2500; i++) { first.push([i, t.bytes(i, 1)]); last.set(i, 1); }
      await store.write({ seq: 1, size: 2500 * 4096, chunkCount: 2500, chunkSize: 4096, chunks: first });
      const second = [];
      for (const i of [0, 7, 1024, 2499, 3000]) { second.push([i, t.bytes(i, 2)]); last.set(i, 2); }
      // The caller's views may point into a larger buffer (wasm memory): only the view's bytes are stored.
      const heap = new Uint8Array(4096 * 3);
      heap.set(t.bytes(5, 2), 4096);
      second.push([5, heap.subarray(4096, 8192)]);
      last.set(5, 2);
      await store.write({ seq: 2, size: 3001 * 4096 - 100, chunkCount: 3001, chunkSize: 4096, chunks: second });
      const stats = { ...store.stats };
      await store.close();

      // IndexedDB's own read (in load batches, with progress), then the same state read from the second copy.
      const progress = [];
      const again = await CrmPageStore.open({ mirror: false, onProgress: (n, total) => progress.push([n, total]) });
      const loaded = again.loaded;
      const out = {
        size: loaded.size, seq: loaded.seq, chunkSize: loaded.chunkSize, count: loaded.chunks.length,
        problems: t.compare(loaded, [...last]), progress, stats, from: loaded.from,
        ascending: loaded.chunks.every(([index], i, all) => i === 0 || all[i - 1][0] < index),
      };
      await again.close();
      const copyProgress = [];
      const viaCopy = await CrmPageStore.open({ onProgress: (n, total) => copyProgress.push([n, total]) });
      out.copy = { from: viaCopy.loaded.from, seq: viaCopy.loaded.seq, size: viaCopy.loaded.size,
                   problems: t.compare(viaCopy.loaded, [...last]), lastProgress: copyProgress.at(-1),
                   ascending: viaCopy.loaded.chunks.every(([index], i, all) => i === 0 || all[i - 1][0] < index) };
      await viaCopy.close();
      return out;
    });
    assert.equal(result.from, 'indexeddb');
    assert.deepEqual(result.copy, { from: 'copy', seq: 2, size: 3001 * CHUNK - 100, problems: [],
                                    lastProgress: [2501, 2501], ascending: true },
                     'the second copy holds the same state: it is read instead, chunks of zeros left out');
    assert.deepEqual(result.problems, []);
    assert.equal(result.count, 2501);
    assert.equal(result.size, 3001 * CHUNK - 100);
    assert.equal(result.seq, 2);
    assert.equal(result.chunkSize, CHUNK);
    assert.ok(result.ascending, 'chunks come in index order');
    assert.ok(result.progress.length >= 3, `progress in steps: ${JSON.stringify(result.progress)}`);
    assert.deepEqual(result.progress.at(-1), [2501, 2501]);
    for (let i = 1; i < result.progress.length; i++) {
      assert.ok(result.progress[i][0] >= result.progress[i - 1][0], 'progress never goes back');
    }
    assert.equal(result.stats.batches, 2);
    assert.equal(result.stats.bytesWritten, (2500 + 6) * CHUNK);
    assert.ok(result.stats.lastWriteMs > 0);
    assert.deepEqual(page.errors, []);
  }));

// A patch record as core/storage/page_store.cpp writes it: "CRMP" then {u32 chunk, u16 offset, u16 length, bytes}.
const PATCH_HELPERS = `
  window.patchOf = (entries) => {
    const size = 4 + entries.reduce((n, [, , data]) => n + 8 + data.length, 0);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    out.set([0x43, 0x52, 0x4d, 0x50]);
    let at = 4;
    for (const [chunk, offset, data] of entries) {
      view.setUint32(at, chunk, true); view.setUint16(at + 4, offset, true); view.setUint16(at + 6, data.length, true);
      out.set(data, at + 8);
      at += 8 + data.length;
    }
    return out.buffer;
  };`;

test('patches are logged, applied at load in order, and a compaction empties the log', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    await page.evaluate(PATCH_HELPERS);
    const result = await page.evaluate(async () => {
      const store = await CrmPageStore.open({});
      const whole = [];
      for (let i = 0; i < 4; i++) whole.push([i, t.bytes(i, 1)]);
      await store.write({ seq: 1, size: 4 * 4096, chunkCount: 4, chunkSize: 4096, chunks: whole });
      const before = store.stats.bytesWritten;
      // seq 2 patches chunk 1 at 10..12; seq 3 patches the same bytes again and grows the file by chunk 4 (whole).
      await store.write({ seq: 2, size: 4 * 4096, chunkCount: 4, chunkSize: 4096, chunks: [],
                          patch: patchOf([[1, 10, new Uint8Array([1, 2, 3])]]) });
      await store.write({ seq: 3, size: 5 * 4096, chunkCount: 5, chunkSize: 4096, chunks: [],
                          patch: patchOf([[1, 11, new Uint8Array([9])], [4, 0, t.bytes(4, 3)]]) });
      await store.write({ seq: 4, size: 5 * 4096, chunkCount: 5, chunkSize: 4096, chunks: [], patch: null });
      const logged = store.stats.bytesWritten - before;
      await store.close();
      const again = await CrmPageStore.open({ mirror: false });
      const chunk1 = again.loaded.chunks.find(([i]) => i === 1)[1];
      const expect1 = t.bytes(1, 1); expect1.set([1, 9, 3], 10);
      const out = {
        seq: again.loaded.seq, log: again.loaded.log, logged,
        chunk1: chunk1.every((v, i) => v === expect1[i]),
        chunk4: again.loaded.chunks.find(([i]) => i === 4)[1].every((v, i) => v === t.bytes(4, 3)[i]),
        count: again.loaded.chunks.length,
      };
      // A compaction: whole chunks, the log emptied in the same transaction.
      await again.write({ seq: 5, size: 5 * 4096, chunkCount: 5, chunkSize: 4096,
                          chunks: [[1, t.bytes(1, 5)], [4, t.bytes(4, 5)]] });
      await again.close();
      const third = await CrmPageStore.open({ mirror: false });
      out.afterCompaction = { log: third.loaded.log, problems: t.compare(third.loaded, [[0, 1], [1, 5], [2, 1], [3, 1], [4, 5]]) };
      await third.close();
      return out;
    });
    assert.equal(result.seq, 4);
    assert.ok(result.chunk1, 'the later patch of the same bytes wins');
    assert.ok(result.chunk4, 'a chunk that exists only in the log is loaded');
    assert.equal(result.count, 5);
    assert.deepEqual(result.log.chunks, [1, 4]);
    assert.equal(result.log.bytes, result.logged);
    assert.ok(result.logged < 4096 + 100, `only the patches were written: ${result.logged} bytes`);
    assert.deepEqual(result.afterCompaction, { log: { chunks: [], bytes: 0 }, problems: [] });
    assert.deepEqual(page.errors, []);
  }));

test('a shorter file drops the stored chunks past its end, also when batches overlap and after a reopen', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    const result = await page.evaluate(async () => {
      const indexes = (store) => store.loaded.chunks.map(([i]) => i);
      const store = await CrmPageStore.open({ mirror: false });
      const whole = (from, to, seq) => Array.from({ length: to - from }, (_, k) => [from + k, t.bytes(from + k, seq)]);
      await store.write({ seq: 1, size: 10 * 4096, chunkCount: 10, chunkSize: 4096, chunks: whole(0, 10, 1) });
      await store.write({ seq: 2, size: 10 * 4096, chunkCount: 10, chunkSize: 4096, chunks: [], patch: null });
      // A compaction that grows the file, and before it lands a batch that cuts it to 8 chunks.
      const grown = store.write({ seq: 3, size: 20 * 4096, chunkCount: 20, chunkSize: 4096, chunks: whole(12, 20, 3) });
      const cut = store.write({ seq: 4, size: 8 * 4096, chunkCount: 8, chunkSize: 4096, chunks: [], patch: null });
      await Promise.all([grown, cut]);
      await store.close();
      const again = await CrmPageStore.open({ mirror: false });
      const out = { afterOverlap: indexes(again) };
      await again.write({ seq: 5, size: 6 * 4096, chunkCount: 6, chunkSize: 4096, chunks: [], patch: null });
      await again.close();
      const third = await CrmPageStore.open({ mirror: false });
      out.afterReopen = indexes(third);
      await third.close();
      return out;
    });
    assert.deepEqual(result, { afterOverlap: [0, 1, 2, 3, 4, 5, 6, 7], afterReopen: [0, 1, 2, 3, 4, 5] });
    assert.deepEqual(page.errors, []);
  }));

test('a damaged patch makes the load fail instead of opening a wrong database', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    await page.evaluate(PATCH_HELPERS);
    const result = await page.evaluate(async () => {
      const store = await CrmPageStore.open({ mirror: false });
      await store.write({ seq: 1, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [[0, t.bytes(0, 1)]] });
      let refused = null;
      try {
        await store.write({ seq: 2, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [],
                            patch: patchOf([[0, 4090, new Uint8Array(10)]]) });
      } catch (e) { refused = e.name; }
      await store.close();
      // Damage the log behind the store's back, the way a broken disk would.
      await new Promise((resolve, reject) => {
        const r = indexedDB.open(CrmPageStore.DB_NAME);
        r.onsuccess = () => {
          const tx = r.result.transaction('patches', 'readwrite');
          tx.objectStore('patches').put(new Uint8Array([0x43, 0x52, 0x4d, 0x50, 0, 0, 0]).buffer, 2);
          tx.oncomplete = () => { r.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        r.onerror = () => reject(r.error);
      });
      try {
        const again = await CrmPageStore.open({ mirror: false });
        await again.close();
        return { refused, opened: true };
      } catch (e) {
        return { refused, opened: false, name: e.name };
      }
    });
    assert.equal(result.refused, 'DataError', 'a patch reaching past its chunk is refused before writing');
    assert.deepEqual({ opened: result.opened, name: result.name }, { opened: false, name: 'DataError' });
  }));

test('a store saved by the previous version (IndexedDB version 1, no patch log) opens with its chunks', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    const result = await page.evaluate(async () => {
      // What the previous release wrote: version 1 with the stores chunks and meta only.
      await new Promise((resolve, reject) => {
        const r = indexedDB.open(CrmPageStore.DB_NAME, 1);
        r.onupgradeneeded = () => { r.result.createObjectStore('chunks'); r.result.createObjectStore('meta'); };
        r.onsuccess = () => {
          const tx = r.result.transaction(['chunks', 'meta'], 'readwrite');
          for (let i = 0; i < 3; i++) tx.objectStore('chunks').put(t.bytes(i, 1).buffer, i);
          tx.objectStore('meta').put({ size: 3 * 4096, seq: 7, chunkSize: 4096 }, 'db');
          tx.oncomplete = () => { r.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        r.onerror = () => reject(r.error);
      });
      const store = await CrmPageStore.open({ mirror: false });
      const out = { seq: store.loaded.seq, log: store.loaded.log,
                    problems: t.compare(store.loaded, [[0, 1], [1, 1], [2, 1]]) };
      await store.write({ seq: 8, size: 3 * 4096, chunkCount: 3, chunkSize: 4096, chunks: [],
                          patch: new Uint8Array([0x43, 0x52, 0x4d, 0x50, 2, 0, 0, 0, 0, 0, 1, 0, 0xEE]).buffer });
      await store.close();
      const again = await CrmPageStore.open({ mirror: false });
      out.patched = again.loaded.chunks.find(([i]) => i === 2)[1][0];
      await again.close();
      return out;
    });
    assert.deepEqual(result, { seq: 7, log: { chunks: [], bytes: 0 }, problems: [], patched: 0xEE });
    assert.deepEqual(page.errors, []);
  }));

test('a shorter file drops the chunks past its end', () => withContext(async (context) => {
  const page = await blankPage(context);
  const result = await page.evaluate(async () => {
    const store = await CrmPageStore.open({});
    const chunks = [];
    for (let i = 0; i < 10; i++) chunks.push([i, t.bytes(i, 1)]);
    await store.write({ seq: 1, size: 10 * 4096, chunkCount: 10, chunkSize: 4096, chunks });
    // The file shrinks to 4 chunks (a VACUUM): chunk 2 changes, 4..9 must go.
    await store.write({ seq: 2, size: 4 * 4096, chunkCount: 4, chunkSize: 4096, chunks: [[2, t.bytes(2, 2)]] });
    await store.close();
    const again = await CrmPageStore.open({});
    const out = {
      size: again.loaded.size, seq: again.loaded.seq, indexes: again.loaded.chunks.map(([i]) => i),
      problems: t.compare(again.loaded, [[0, 1], [1, 1], [2, 2], [3, 1]]),
    };
    await again.close();
    return out;
  });
  assert.deepEqual(result, { size: 4 * CHUNK, seq: 2, indexes: [0, 1, 2, 3], problems: [] });
}));

test('a second tab is told to wait and opens only after the first closes', () => withContext(async (context) => {
  const first = await blankPage(context);
  const second = await blankPage(context);
  await first.evaluate(async () => {
    window.store = await CrmPageStore.open({});
    await store.write({ seq: 1, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [[0, t.bytes(0, 1)]] });
  });
  await second.evaluate(() => {
    window.events = [];
    window.opening = CrmPageStore.open({ onWaiting: () => events.push('waiting') })
      .then((s) => { events.push('opened'); window.store = s; }, (e) => events.push('failed ' + e.name));
  });
  await second.waitForFunction(() => events.includes('waiting'), null, { timeout: WAITING_TIMEOUT_MS });
  // Still waiting while the first tab holds the store, and the first can still write.
  await first.evaluate(() =>
    store.write({ seq: 2, size: 8192, chunkCount: 2, chunkSize: 4096, chunks: [[1, t.bytes(1, 2)]] }));
  assert.deepEqual(await second.evaluate(() => events), ['waiting']);

  await first.evaluate(() => store.close());
  await second.waitForFunction(() => events.length > 1, null, { timeout: WAITING_TIMEOUT_MS });
  const result = await second.evaluate(async () => {
    const out = {
      events, seq: store.loaded.seq, size: store.loaded.size,
      problems: t.compare(store.loaded, [[0, 1], [1, 2]]),
    };
    await store.close();
    return out;
  });
  assert.deepEqual(result, { events: ['waiting', 'opened'], seq: 2, size: 8192, problems: [] });

  // A tab that finds the store free is not told to wait.
  const third = await blankPage(context);
  const waited = await third.evaluate(async () => {
    let waited = false;
    const s = await CrmPageStore.open({ onWaiting: () => { waited = true; } });
    await s.close();
    return waited;
  });
  assert.equal(waited, false);
}));

test('a batch that fails mid-way rejects with a named error and leaves the previous batch intact', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    const result = await page.evaluate(async () => {
      const store = await CrmPageStore.open({});
      const good = [];
      for (let i = 0; i < 8; i++) good.push([i, t.bytes(i, 1)]);
      await store.write({ seq: 1, size: 8 * 4096, chunkCount: 8, chunkSize: 4096, chunks: good });
      // Batch 2 overwrites chunks 0..3, shrinks the file, then meets a chunk that is not bytes: nothing may land.
      const bad = [[0, t.bytes(0, 2)], [1, t.bytes(1, 2)], [2, t.bytes(2, 2)], [3, 'not bytes']];
      const failure = await store.write({ seq: 2, size: 4 * 4096, chunkCount: 4, chunkSize: 4096, chunks: bad })
        .then(() => null, (e) => ({ name: e.name, message: e.message, isError: e instanceof Error }));
      const statsAfterFailure = { ...store.stats };
      // The store keeps working after a failed batch.
      await store.write({ seq: 2, size: 9 * 4096, chunkCount: 9, chunkSize: 4096, chunks: [[8, t.bytes(8, 2)]] });
      await store.close();
      const afterClose = await store.write({ seq: 3, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [] })
        .then(() => null, (e) => ({ name: e.name, isError: e instanceof Error }));

      const again = await CrmPageStore.open({});
      const out = {
        failure, afterClose, statsAfterFailure, seq: again.loaded.seq, size: again.loaded.size,
        problems: t.compare(again.loaded, [...good.map(([i]) => [i, 1]), [8, 2]]),
      };
      await again.close();
      return out;
    });
    assert.equal(result.failure?.name, 'DataError', JSON.stringify(result.failure));
    assert.ok(result.failure.isError && result.failure.message.length > 0);
    assert.equal(result.statsAfterFailure.batches, 1, 'a failed batch is not counted');
    assert.deepEqual(result.afterClose, { name: 'InvalidStateError', isError: true });
    assert.deepEqual({ seq: result.seq, size: result.size, problems: result.problems },
                     { seq: 2, size: 9 * CHUNK, problems: [] });
  }));

test('a batch over the quota rejects with QuotaExceededError and the previous batch stays', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    // IndexedDB alone (mirror: false): this is about IndexedDB's atomicity. Chromium's own quota for this origin, cut to far less than the second batch needs. Set before the store
    // opens: an open IndexedDB connection does not see a later change.
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 });
    try {
      const result = await page.evaluate(async () => {
        const store = await CrmPageStore.open({ mirror: false });
        const small = [];
        for (let i = 0; i < 16; i++) small.push([i, t.bytes(i, 1)]);
        await store.write({ seq: 1, size: 16 * 4096, chunkCount: 16, chunkSize: 4096, chunks: small });
        // 8 MiB of random bytes: Chromium compresses stored values, and patterned chunks might fit.
        const big = [];
        for (let i = 0; i < 2048; i++) big.push([i, crypto.getRandomValues(new Uint8Array(4096))]);
        const failure = await store.write({ seq: 2, size: 2048 * 4096, chunkCount: 2048, chunkSize: 4096, chunks: big })
          .then(() => null, (e) => ({ name: e.name, message: e.message, isError: e instanceof Error }));
        await store.close();
        const again = await CrmPageStore.open({ mirror: false });
        const out = { failure, seq: again.loaded.seq, problems: t.compare(again.loaded, small.map(([i]) => [i, 1])) };
        await again.close();
        return out;
      });
      assert.equal(result.failure?.name, 'QuotaExceededError', JSON.stringify(result));
      assert.ok(result.failure.isError);
      assert.deepEqual({ seq: result.seq, problems: result.problems }, { seq: 1, problems: [] });
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });  // the override outlives the context
    }
  }));

test('deleteAll removes the database', () => withContext(async (context) => {
  const page = await blankPage(context);
  const result = await page.evaluate(async () => {
    const store = await CrmPageStore.open({});
    await store.write({ seq: 1, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [[0, t.bytes(0, 1)]] });
    await store.close();
    await CrmPageStore.deleteAll();
    const again = await CrmPageStore.open({});
    const out = { seq: again.loaded.seq, size: again.loaded.size, count: again.loaded.chunks.length };
    await again.close();
    return out;
  });
  assert.deepEqual(result, { seq: 0, size: 0, count: 0 });
}));

test('an open store gives way to a version change: it closes, its writes then fail with InvalidStateError', () =>
  withContext(async (context) => {
    const holder = await blankPage(context);
    const other = await blankPage(context);
    await holder.evaluate(async () => {
      window.store = await CrmPageStore.open({});
      await store.write({ seq: 1, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [[0, t.bytes(0, 1)]] });
    });
    // Another page of the origin deletes the database (a version change for every open connection).
    await other.evaluate(() => CrmPageStore.deleteIndexedDb());
    const failure = await holder.evaluate(async () => {
      const r = await store.write({ seq: 2, size: 4096, chunkCount: 1, chunkSize: 4096, chunks: [[0, t.bytes(0, 2)]] })
        .then(() => null, (e) => e.name);
      await store.close();
      return r;
    });
    assert.equal(failure, 'InvalidStateError');
  }));

test('when the browser loses IndexedDB, the second copy brings the newest batch back and IndexedDB gets it too', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    const result = await page.evaluate(async () => {
      const store = await CrmPageStore.open({});
      const last = new Map();
      const first = [];
      for (let i = 0; i < 300; i++) { first.push([i, t.bytes(i, 1)]); last.set(i, 1); }
      await store.write({ seq: 1, size: 300 * 4096, chunkCount: 300, chunkSize: 4096, chunks: first });
      const second = [];
      for (const i of [0, 150, 299]) { second.push([i, t.bytes(i, 2)]); last.set(i, 2); }
      await store.write({ seq: 2, size: 300 * 4096, chunkCount: 300, chunkSize: 4096, chunks: second });
      const mirrored = store.mirrored;
      await store.close();
      await CrmPageStore.deleteIndexedDb();  // what Chromium does when it finds its LevelDB damaged at start
      const again = await CrmPageStore.open({});
      const out = { mirrored, recovered: again.recovered, seq: again.loaded.seq, problems: t.compare(again.loaded, [...last]) };
      await again.close();
      const indexedDbOnly = await CrmPageStore.open({ mirror: false });
      out.indexedDb = { seq: indexedDbOnly.loaded.seq, problems: t.compare(indexedDbOnly.loaded, [...last]) };
      await indexedDbOnly.close();
      return out;
    });
    assert.equal(result.mirrored, true, 'Chromium has OPFS and workers: the second copy is kept');
    assert.deepEqual(result.recovered, { from: 'copy', seq: 2, indexedDbSeq: 0 });
    assert.deepEqual({ seq: result.seq, problems: result.problems }, { seq: 2, problems: [] });
    assert.deepEqual(result.indexedDb, { seq: 2, problems: [] }, 'IndexedDB was written back whole');
    assert.deepEqual(page.errors, []);
  }));

test('after a reload without close, the journal of the second copy is applied in memory: the same state as IndexedDB', () =>
  withContext(async (context) => {
    const page = await blankPage(context);
    await page.evaluate(async () => {
      const store = await CrmPageStore.open({});
      const whole = (list, seq) => list.map((i) => [i, t.bytes(i, seq)]);
      await store.write({ seq: 1, size: 10 * 4096, chunkCount: 10, chunkSize: 4096, chunks: whole([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 1) });
      // Shorter, then longer again: the chunks in between must read as zeros, not as what seq 1 had there.
      await store.write({ seq: 2, size: 5 * 4096, chunkCount: 5, chunkSize: 4096, chunks: whole([3], 2) });
      await store.write({ seq: 3, size: 8 * 4096, chunkCount: 8, chunkSize: 4096, chunks: whole([7], 3) });
      window.keptOpen = store;  // no close(): the reload ends the page, its worker and its lock, as a tab reload does
    });
    await page.reload();
    await page.waitForFunction(() => window.CrmPageStore && window.t);
    const result = await page.evaluate(async () => {
      const want = [[0, 1], [1, 1], [2, 1], [3, 2], [4, 1], [7, 3]];
      const again = await CrmPageStore.open({});
      const out = { from: again.loaded.from, seq: again.loaded.seq, size: again.loaded.size, problems: t.compare(again.loaded, want) };
      await again.close();
      const indexedDb = await CrmPageStore.open({ mirror: false });
      out.indexedDb = t.compare(indexedDb.loaded, want);
      await indexedDb.close();
      return out;
    });
    assert.deepEqual(result, { from: 'copy', seq: 3, size: 8 * CHUNK, problems: [], indexedDb: [] });
    assert.deepEqual(page.errors, []);
  }));

test('a second copy that fell behind is brought up to date when the store opens', () => withContext(async (context) => {
  const page = await blankPage(context);
  const result = await page.evaluate(async () => {
    const last = new Map();
    const store = await CrmPageStore.open({});
    const first = [];
    for (let i = 0; i < 40; i++) { first.push([i, t.bytes(i, 1)]); last.set(i, 1); }
    await store.write({ seq: 1, size: 40 * 4096, chunkCount: 40, chunkSize: 4096, chunks: first });
    await store.close();
    // Saved without the copy (a browser session where the worker could not start), shorter too.
    const alone = await CrmPageStore.open({ mirror: false });
    const second = [];
    for (let i = 0; i < 30; i++) { second.push([i, t.bytes(i, 2)]); last.set(i, 2); }
    for (let i = 30; i < 40; i++) last.delete(i);
    await alone.write({ seq: 2, size: 30 * 4096, chunkCount: 30, chunkSize: 4096, chunks: second });
    await alone.close();
    const reopened = await CrmPageStore.open({});  // IndexedDB is newer: the copy is rewritten from it
    const recovered = reopened.recovered;
    const readFrom = reopened.loaded.from;  // the copy is behind: not read
    const readProblems = t.compare(reopened.loaded, [...last]);
    await reopened.close();
    await CrmPageStore.deleteIndexedDb();
    const fromCopy = await CrmPageStore.open({});
    const out = { recovered, readFrom, readProblems, fromCopy: fromCopy.recovered, seq: fromCopy.loaded.seq, size: fromCopy.loaded.size,
                  problems: t.compare(fromCopy.loaded, [...last]) };
    await fromCopy.close();
    return out;
  });
  assert.equal(result.recovered, null);
  assert.deepEqual({ from: result.readFrom, problems: result.readProblems }, { from: 'indexeddb', problems: [] });
  assert.deepEqual(result.fromCopy, { from: 'copy', seq: 2, indexedDbSeq: 0 });
  assert.deepEqual({ seq: result.seq, size: result.size, problems: result.problems },
                   { seq: 2, size: 30 * CHUNK, problems: [] });
}));
