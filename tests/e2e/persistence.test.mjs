// E2E: the IndexedDB page store. A contact typed into the form and edited is "Saved" on the device: it is there
// after a reload, after a reload with no network (the service worker serves the shell, the page store the data),
// and after the browser is closed and started again on the same profile. A second tab of the same origin waits,
// says so, and opens once the first tab closes. Every wait is bounded; none is a fixed sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, openApp, reloadApp, launchProfile as launchOn, state, waitForState, waitForRect, clickItem,
  focusField, screenshotPath, guarded } from './harness.mjs';

const NAME = 'Иванов Пётр';
const CONTROLLED_TIMEOUT_MS = 30_000;
const WAITING_TAB_TIMEOUT_MS = 30_000;

let server, profile;
before(async () => {
  server = await startServer({ demo: true });
  profile = mkdtempSync(path.join(tmpdir(), 'crm-profile-'));
});
after(async () => {
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// The same profile every time: closing and launching the browser again keeps IndexedDB.
const launchProfile = () => launchOn(profile, { viewport: { width: 1280, height: 800 } });

const storage = (page) => state(page, 'platform.storage');
const contactsNamed = async (page, name) => {
  const answer = await page.evaluate((n) => window.crm.test.sql(
    `SELECT id FROM contacts WHERE deleted = 0 AND name = '${n.replace(/'/g, "''")}'`), name);
  assert.ok(answer.ok, answer.error);
  return answer.rows.map((r) => r[0]);
};

test('a saved contact survives reload, offline reload and a browser restart', async () => {
  let context = await launchProfile();
  let page = context.pages()[0] || await context.newPage();
  let id;
  await guarded('persistence', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    const first = await storage(page);
    assert.equal(first.existing, false, 'a first visit has nothing saved yet');

    await clickItem(page, 'list.tab.contact');
    await clickItem(page, 'list.new');
    await waitForState(page, 'form.mode', (v) => v === 'create');
    await focusField(page, 'form.field.name');
    await page.keyboard.type(NAME);
    await waitForState(page, 'form.draft', (v) => v && v.name === NAME);
    await clickItem(page, 'form.save');
    await waitForState(page, 'card.title', (v) => v === NAME);
    id = await state(page, 'card.id');
    // Edit it: the position, typed into the form.
    await clickItem(page, 'card.edit');
    await waitForState(page, 'form.mode', (v) => v === 'edit');
    await focusField(page, 'form.field.position');
    await page.keyboard.type('Главный инженер');
    await waitForState(page, 'form.draft', (v) => v && v.position === 'Главный инженер');
    await clickItem(page, 'form.save');
    await waitForState(page, 'card.record', (v) => v && v.position === 'Главный инженер');
    const committed = (await storage(page)).committed_seq;
    // "Saved" means the IndexedDB transaction holding this commit completed.
    const saved = await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= committed);
    assert.ok(saved.bytes_sent > 0);
    await waitForState(page, 'status.storage', (v) => v === 'Сохранено');
    await waitForRect(page, 'status.storage');
    await page.screenshot({ path: screenshotPath('persistence-saved.png') });

    // Reload: the data comes from this device, before (and without) any sync.
    await reloadApp(page);
    const reloaded = await storage(page);
    assert.equal(reloaded.existing, true);
    assert.ok(reloaded.saved_seq >= committed, 'the saved seq is loaded with the data');
    assert.deepEqual(await contactsNamed(page, NAME), [id]);
    const position = await page.evaluate((i) => window.crm.test.sql(
      `SELECT position FROM contacts WHERE id = '${i}'`), id);
    assert.deepEqual(position.rows, [['Главный инженер']], 'the edit was saved too');

    // No network: the shell from the service worker, the data from IndexedDB.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
                               { timeout: CONTROLLED_TIMEOUT_MS });
    await context.setOffline(true);
    await reloadApp(page);
    await waitForState(page, 'status.phase', (v) => v === 'offline');
    assert.deepEqual(await contactsNamed(page, NAME), [id]);
    await clickItem(page, 'list.tab.contact');
    await waitForState(page, 'list.tab', (v) => v === 'contact');
    await focusField(page, 'list.search');
    await page.keyboard.type('иванов пётр');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === id));
    await page.screenshot({ path: screenshotPath('persistence-offline-reload.png') });
    // An edit made offline is saved on the device too.
    const offlineEdit = await page.evaluate(() => window.crm.test.createContact('Сидорова Анна'));
    assert.ok(offlineEdit.ok, offlineEdit.error);
    await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= offlineEdit.seq);
    await context.setOffline(false);
  });

  // The browser closed and started again on the same profile.
  context = await launchProfile();
  page = context.pages()[0] || await context.newPage();
  await guarded('persistence-restart', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    assert.equal((await storage(page)).existing, true);
    assert.deepEqual(await contactsNamed(page, NAME), [id]);
    assert.equal((await contactsNamed(page, 'Сидорова Анна')).length, 1);
    const check = await page.evaluate(() => window.crm.test.sql('PRAGMA integrity_check'));
    assert.deepEqual(check.rows, [['ok']]);
  });
});

test('a second tab waits for the first and says so', async () => {
  const context = await launchProfile();
  const first = context.pages()[0] || await context.newPage();
  const second = await context.newPage();
  await guarded('persistence-second-tab', { pages: [first, second], close: () => context.close() }, async () => {
    await openApp(first, server.url);
    await second.goto(server.url);
    await second.waitForFunction(() => /другой вкладке/.test(document.querySelector('.loader-text')?.textContent || ''),
                                 null, { timeout: WAITING_TAB_TIMEOUT_MS });
    await second.screenshot({ path: screenshotPath('persistence-second-tab-waits.png') });
    assert.equal(await second.evaluate(() => window.crm.frame()), 0, 'the waiting tab has not started the app');

    await first.close();  // releases the lock
    await second.waitForFunction(() => window.crm && window.crm.frame() > 0, null, { timeout: WAITING_TAB_TIMEOUT_MS });
    await second.evaluate(() => window.crm.ready);
    assert.equal((await state(second, 'platform.storage')).existing, true);
    assert.equal((await contactsNamed(second, NAME)).length, 1);
  });
});
