// E2E: conflicts the rep can see, with two browsers (separate storage) on one real server.
// 1. Both open the same contact. B, offline, changes its position; A changes it later and syncs, so A's value
//    wins. B comes back online and syncs: its card marks the field and the conflict panel shows B's value, A's,
//    which device and when (screenshot). "Apply mine again" is a new edit: after a sync of both, both show B's.
// 2. B, offline, edits a contact that A deletes and syncs. B's sync hides the contact, and the card shows it
//    deleted elsewhere with "Restore"; restored and synced, A has it back with B's edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, waitForRect, clickItem, focusField,
  screenshotPath, guarded } from './harness.mjs';

const POLL_MS = 100;

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// The demo data synced in, the contacts tab open.
async function openDevice() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await openApp(page, server.url);
  await waitForState(page, 'platform.sync', (v) => v && v.first_cycle_done && v.phase === 'synced');
  await clickItem(page, 'list.tab.contact');
  await waitForState(page, 'list.tab', (v) => v === 'contact');
  await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 3);
  return { context, page };
}

// Opens the list's row `index` (both devices list the same synced data in the same order).
async function openRow(page, index) {
  const rows = await state(page, 'list.visible');
  const row = rows.find((r) => r.index === index);
  await clickItem(page, `list.row.${index}`);
  await waitForState(page, 'card.id', (v) => v === row.id);
  return row.id;
}

async function setPosition(page, text) {
  await clickItem(page, 'card.edit');
  await waitForState(page, 'form.mode', (v) => v === 'edit');
  await focusField(page, 'form.field.position');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await waitForState(page, 'form.draft', (v) => v && v.position === text);
  await clickItem(page, 'form.save');
  await waitForState(page, 'form.mode', (v) => v === null);
  await waitForState(page, 'card.record', (v) => v && v.position === text);
}

// A few more frames, so what a frame sizes from the previous one (tab widths after a language switch) has
// settled before a screenshot.
const settle = (page) => page.evaluate(() => window.crm.waitFrames(3));

// A sync cycle that starts now and ends with nothing left to push ("Sync now" is disabled while a cycle runs,
// so it is pressed again until one started after this call has finished).
async function syncNow(page, timeoutMs = 30_000) {
  const start = (await state(page, 'platform.sync')).last_synced_ms;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await state(page, 'platform.sync');
    if (s.phase === 'synced' && s.pending === 0 && s.last_synced_ms > start) return;
    if (s.phase !== 'syncing') await clickItem(page, 'status.sync_now');
    await page.waitForTimeout(POLL_MS);
  }
  throw new Error(`no sync finished: ${JSON.stringify(await state(page, 'platform.sync'))}`);
}

test('two browsers: the loser sees the conflict, applies its value again, both end with it', async () => {
  const a = await openDevice();
  const b = await openDevice();
  const pages = [a.page, b.page];
  await guarded('conflicts', { pages, close: async () => { await a.context.close(); await b.context.close(); } },
    async () => {
      const id = await openRow(a.page, 1);
      assert.equal(await openRow(b.page, 1), id, 'both devices list the same contact first');

      await b.context.setOffline(true);
      await setPosition(b.page, 'Коммерческий директор');
      await waitForState(b.page, 'platform.sync', (v) => v && v.pending > 0);

      await setPosition(a.page, 'Главный инженер');  // later: A's clock is the larger one
      await syncNow(a.page);

      await b.context.setOffline(false);
      await syncNow(b.page);
      const conflicts = await waitForState(b.page, 'card.conflicts', (v) => Array.isArray(v) && v.length === 1);
      assert.equal(conflicts[0].kind, 'field');
      assert.equal(conflicts[0].field, 'position');
      assert.equal(conflicts[0].mine_text, 'Коммерческий директор');
      assert.equal(conflicts[0].theirs_text, 'Главный инженер');
      assert.match(conflicts[0].who, /^устройство …[0-9a-f]{8}, \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
      assert.equal((await state(b.page, 'card.record')).position, 'Главный инженер', 'the winner is shown');
      await waitForRect(b.page, 'card.mark.position');
      await waitForRect(b.page, 'card.conflict.position.apply');
      assert.equal(await state(b.page, 'status.conflicts'), 1);
      assert.equal(await state(a.page, 'status.conflicts'), 0, 'the winner has nothing to see');
      await settle(b.page);
      await b.page.screenshot({ path: screenshotPath('conflicts-card-ru.png') });
      await clickItem(b.page, 'topbar.lang.en');
      await waitForState(b.page, 'card.conflicts', (v) => v && v[0] && v[0].who.startsWith('device …'));
      await settle(b.page);
      await b.page.screenshot({ path: screenshotPath('conflicts-card-en.png') });
      await clickItem(b.page, 'topbar.lang.ru');

      await clickItem(b.page, 'card.conflict.position.apply');
      await waitForState(b.page, 'card.conflicts', (v) => Array.isArray(v) && v.length === 0);
      await waitForState(b.page, 'card.record', (v) => v && v.position === 'Коммерческий директор');
      await syncNow(b.page);
      await syncNow(a.page);
      await waitForState(a.page, 'card.record', (v) => v && v.position === 'Коммерческий директор');
      assert.equal((await state(b.page, 'card.record')).position, 'Коммерческий директор');
      assert.equal(await state(b.page, 'status.conflicts'), 0);
      assert.equal(await state(a.page, 'status.conflicts'), 0);
      await settle(b.page);
      await b.page.screenshot({ path: screenshotPath('conflicts-resolved-b.png') });
    });
});

test('two browsers: a contact deleted elsewhere while edited offline is shown and restored', async () => {
  const a = await openDevice();
  const b = await openDevice();
  const pages = [a.page, b.page];
  await guarded('conflicts-deleted', { pages, close: async () => { await a.context.close(); await b.context.close(); } },
    async () => {
      const id = await openRow(a.page, 2);
      assert.equal(await openRow(b.page, 2), id);
      const title = await state(b.page, 'card.title');

      await b.context.setOffline(true);
      await setPosition(b.page, 'Снабженец');

      await clickItem(a.page, 'card.delete');
      await waitForState(a.page, 'confirm.open', (v) => v === true);
      await clickItem(a.page, 'confirm.yes');
      await waitForState(a.page, 'card.id', (v) => v === null);
      await syncNow(a.page);

      await b.context.setOffline(false);
      await syncNow(b.page);
      const conflicts = await waitForState(b.page, 'card.conflicts', (v) => Array.isArray(v) && v.length === 1);
      assert.equal(conflicts[0].kind, 'deleted');
      assert.deepEqual(conflicts[0].mine, { position: 'Снабженец' });
      assert.equal(await state(b.page, 'card.title'), title, 'the card still says which contact it is');
      await waitForState(b.page, 'list.visible', (v) => Array.isArray(v) && !v.some((r) => r.id === id));
      await waitForRect(b.page, 'card.conflict.deleted.restore');
      await settle(b.page);
      await b.page.screenshot({ path: screenshotPath('conflicts-deleted-ru.png') });

      await clickItem(b.page, 'card.conflict.deleted.restore');
      await waitForState(b.page, 'card.record', (v) => v && v.position === 'Снабженец');
      await waitForState(b.page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === id));
      await syncNow(b.page);
      await syncNow(a.page);
      const row = await a.page.evaluate((rid) => window.crm.test.sql(
        `SELECT deleted, position FROM contacts WHERE id = '${rid}'`), id);
      assert.deepEqual(row, { ok: true, rows: [['0', 'Снабженец']] });
      await waitForState(a.page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === id));
    });
});
