// E2E: saving fails (the browser's storage is full). The page's IndexedDB refuses read-write transactions with a
// QuotaExceededError while the test says so (injected before the app loads; the app's code is unchanged). The rep
// sees "Not saved" and a banner naming the reason, keeps working in memory, and once storage works again (Retry,
// or the automatic retry) everything made meanwhile is saved: it is there after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, reloadApp, state, waitForState, waitForRect, clickItem, tapItem,
  screenshotPath, guarded } from './harness.mjs';

const FULL_TIMEOUT_MS = 20_000;
const DIALOG_TIMEOUT_MS = 10_000;
const RETRY_TAP_TIMEOUT_MS = 5_000;  // the browser's "leave the page?" question after a close request

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Runs in the page before its scripts: while window.__storageFull is true, every read-write transaction is
// refused the way a full origin quota refuses it.
function injectFullStorage() {
  window.__storageFull = false;
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    if (window.__storageFull && mode === 'readwrite') {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return transaction.call(this, stores, mode, options);
  };
}

const names = async (page) => {
  const answer = await page.evaluate(() => window.crm.test.sql(
    "SELECT name FROM contacts WHERE deleted = 0 AND name LIKE 'Квота %' ORDER BY name"));
  assert.ok(answer.ok, answer.error);
  return answer.rows.map((r) => r[0]);
};

test('a full storage shows a banner, the work goes on in memory and is saved once storage works again', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
                                             isMobile: true, hasTouch: true });
  await context.addInitScript(injectFullStorage);
  const page = await context.newPage();
  await guarded('storage-failure', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'platform.storage', (s) => s.phase === 'saved');
    await page.evaluate(() => { window.__storageFull = true; });

    const first = await page.evaluate(() => window.crm.test.createContact('Квота Первый'));
    assert.ok(first.ok, first.error);
    const failed = await waitForState(page, 'platform.storage', (s) => s.phase === 'error', FULL_TIMEOUT_MS);
    assert.match(failed.error, /^QuotaExceededError/);
    assert.ok(failed.saved_seq < first.seq, 'the commit is not reported saved');
    await waitForState(page, 'status.storage', (v) => v === 'Не сохранено');
    const banner = await waitForState(page, 'storage.banner', (v) => typeof v === 'string');
    assert.match(banner, /закончилось место/);
    await waitForRect(page, 'storage.retry');

    // The app keeps working: another contact, the list shows both.
    const second = await page.evaluate(() => window.crm.test.createContact('Квота Второй'));
    assert.ok(second.ok, second.error);
    assert.deepEqual(await names(page), ['Квота Второй', 'Квота Первый']);
    await clickItem(page, 'list.tab.contact');
    await waitForState(page, 'list.tab', (v) => v === 'contact');
    await page.evaluate(() => window.crm.waitFrames(2));
    await page.screenshot({ path: screenshotPath('storage-full-banner-390x844.png') });
    // Closing the tab now would lose what is only in memory: the browser asks (dismissed: the tab stays).
    const asked = new Promise((resolve) => page.once('dialog', (d) => { resolve(d.type()); d.dismiss(); }));
    await page.close({ runBeforeUnload: true });
    assert.equal(await Promise.race([asked, page.waitForTimeout(DIALOG_TIMEOUT_MS).then(() => 'no dialog')]),
                 'beforeunload');

    // Space again: Retry saves everything made meanwhile in one batch. The automatic retry may get there first
    // (its backoff can end right now): then the button is gone, and the save must have happened all the same.
    await page.evaluate(() => { window.__storageFull = false; });
    await tapItem(page, 'storage.retry', RETRY_TAP_TIMEOUT_MS).catch(async (e) => {
      if ((await state(page, 'platform.storage')).phase !== 'saved') throw e;
    });
    const saved = await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= second.seq,
                                     FULL_TIMEOUT_MS);
    assert.equal(saved.failures, 0);
    await waitForState(page, 'storage.banner', (v) => v === null);

    await reloadApp(page);
    assert.deepEqual(await names(page), ['Квота Второй', 'Квота Первый']);
    const check = await page.evaluate(() => window.crm.test.sql('PRAGMA integrity_check'));
    assert.deepEqual(check.rows, [['ok']]);
  });
});

test('without IndexedDB the app runs in memory and says so', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    // As in some private modes: the API is there but every open fails.
    IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is disabled.', 'InvalidStateError'); };
  });
  const page = await context.newPage();
  await guarded('storage-memory-only', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    const st = await waitForState(page, 'platform.storage', (s) => s && s.phase === 'memory');
    assert.match(st.error, /^InvalidStateError/);
    await waitForState(page, 'status.storage', (v) => v === 'Только в памяти');
    const banner = await waitForState(page, 'storage.banner', (v) => typeof v === 'string');
    assert.match(banner, /только в этой вкладке/);
    await waitForState(page, 'list.total', (v) => v > 0);  // the server's data, in memory
    await page.screenshot({ path: screenshotPath('storage-memory-only-1280x800.png') });
  });
});
