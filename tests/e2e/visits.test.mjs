// E2E: visits and calls in Debian's Chromium against the real sync server with the demo data.
// 1. Check-in with a granted fake geolocation: the visit has the position; check-out with the report plans the
//    follow-up; "Офис здесь" gives the company its location.
// 2. Permission denied: the visit is saved without a position and the card says so.
// 3. A rep's offline day on a 390×844 touch screen: offline, check in, check out with a report, log two calls
//    (the panel's button, and a tap on the phone number, the dialer, back to the app, the prompt), a new task;
//    an offline reload keeps it all; online it syncs and a second browser context has every record.
// Screenshots of the panel, the report and the call prompt at 390×844 go to test-output/e2e.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, reloadApp, state, itemRect, waitForState, waitForRect, clickItem, tapItem,
  screenshotPath, guarded } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const CONTROLLED_TIMEOUT_MS = 30_000;
const SYNC_TIMEOUT_MS = 60_000;
const MOSCOW = { latitude: 55.7512, longitude: 37.6184, accuracy: 14 };
const KAZAN = { latitude: 55.7963, longitude: 49.1088, accuracy: 30 };

const sql = async (page, text) => {
  const r = await page.evaluate((t) => window.crm.test.sql(t), text);
  assert.ok(r.ok, r.error);
  return r.rows;
};

async function synced(page) {
  await waitForState(page, 'platform.sync', (s) => s && s.first_cycle_done && s.phase === 'synced', SYNC_TIMEOUT_MS);
}

// The `n`-th company by name that has a phone number: each test takes its own.
async function companyWithPhone(page, n) {
  const rows = await sql(page, `SELECT id, name FROM companies WHERE deleted = 0 AND phones IS NOT NULL
    AND phones <> '[]' ORDER BY name LIMIT 1 OFFSET ${n}`);
  assert.equal(rows.length, 1, 'the demo has companies with phones');
  return { id: rows[0][0], name: rows[0][1] };
}

// Clicks (or taps) a text field and waits until the page's hidden text input has the focus.
async function focus(page, id, touch) {
  await (touch ? tapItem : clickItem)(page, id);
  await waitForState(page, 'platform.text_input', (v) => v === true);
}

// Finds the company through the list's search and opens its card.
async function openCompany(page, company, touch = false) {
  const press = touch ? tapItem : clickItem;
  await press(page, 'list.tab.company');
  await waitForState(page, 'list.tab', (v) => v === 'company');
  await focus(page, 'list.search', touch);
  await page.keyboard.type(company.name.replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
  const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === company.id));
  await press(page, `list.row.${rows.find((r) => r.id === company.id).index}`);
  await waitForState(page, 'card.id', (v) => v === company.id);
}

// The customer's newest visit as stored: [id, check_in_at, check_out_at, done_at, geo_status, lat, lon, result].
const lastVisit = async (page, companyId) => (await sql(page, `SELECT id, check_in_at, check_out_at, done_at,
  geo_status, json_extract(check_in_geo, '$.lat'), json_extract(check_in_geo, '$.lon'), result FROM activities
  WHERE type = 'visit' AND company_id = '${companyId}' AND deleted = 0 ORDER BY check_in_at DESC LIMIT 1`))[0];

// Writes the report: outcome, next step and a follow-up in two days; saves it.
async function writeReport(page, touch, result, nextStep) {
  await waitForState(page, 'visit.report.open', (v) => typeof v === 'string');
  await focus(page, 'visit.report.result', touch);
  await page.keyboard.type(result);
  await focus(page, 'visit.report.next_step', touch);
  await page.keyboard.type(nextStep);
  await (touch ? tapItem : clickItem)(page, 'visit.report.plan');
  await (touch ? tapItem : clickItem)(page, 'visit.report.due.1');
  await page.evaluate(() => window.crm.waitFrames(2));
}

test('check in with a granted position, check out with a report', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, geolocation: MOSCOW });
  await context.grantPermissions(['geolocation'], { origin: server.url });
  const page = await context.newPage();
  await guarded('visits-granted', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await synced(page);
    const company = await companyWithPhone(page, 0);
    await openCompany(page, company);
    await waitForState(page, 'visit.panel', (p) => p && p.open === false);
    await clickItem(page, 'visit.check_in');
    const panel = await waitForState(page, 'visit.panel', (p) => p && p.open && p.geo_status === 'ok');
    assert.equal(await state(page, 'visit.position'), 'Место определено ±14 м');
    const [id, checkIn, , done, geoStatus, lat, lon] = await lastVisit(page, company.id);
    assert.equal(id, panel.visit_id);
    assert.ok(Number(checkIn) > 0 && done === null);
    assert.equal(geoStatus, 'ok');
    assert.equal(Number(lat), MOSCOW.latitude);
    assert.equal(Number(lon), MOSCOW.longitude);

    await clickItem(page, 'visit.check_out');
    await writeReport(page, false, 'Договорились о пилоте', 'Отправить КП');
    await clickItem(page, 'visit.report.save');
    await waitForState(page, 'visit.report.open', (v) => v === null);
    await waitForState(page, 'visit.panel', (p) => p && p.open === false);
    const [, , checkOut, doneAt, , , , result] = await lastVisit(page, company.id);
    assert.ok(Number(checkOut) > 0 && Number(doneAt) >= Number(checkOut));
    assert.equal(result, 'Договорились о пилоте');
    const followUps = await sql(page, `SELECT type, due_at > ${doneAt} FROM activities WHERE company_id = '${company.id}'
      AND subject = 'Отправить КП' AND done_at IS NULL AND deleted = 0`);
    assert.deepEqual(followUps, [['task', '1']]);

    // "Офис здесь": the company had no coordinates; it takes the current position.
    assert.equal((await state(page, 'card.record')).location, null);
    await clickItem(page, 'visit.office_here');
    const record = await waitForState(page, 'card.record', (r) => r && r.location !== null);
    assert.deepEqual(record.location, { lat: MOSCOW.latitude, lon: MOSCOW.longitude, accuracy: MOSCOW.accuracy });
    await waitForState(page, 'visit.panel', (p) => p && p.open === false);
    assert.equal(await itemRect(page, 'visit.office_here'), null, 'no "office here" once it has a location');
  });
});

test('permission denied: the visit is saved without a position and the card says so', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.clearPermissions();
  const page = await context.newPage();
  await guarded('visits-denied', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await synced(page);
    const company = await companyWithPhone(page, 1);
    await openCompany(page, company);
    await clickItem(page, 'visit.check_in');
    await waitForState(page, 'visit.panel', (p) => p && p.open && p.geo_status === 'denied');
    assert.equal(await state(page, 'visit.position'), 'Без геопозиции: доступ запрещён');
    const [, checkIn, , , geoStatus, lat] = await lastVisit(page, company.id);
    assert.ok(Number(checkIn) > 0, 'the check-in is kept');
    assert.equal(geoStatus, 'denied');
    assert.equal(lat, null);
  });
});

test('an offline day on a phone syncs to a second browser', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
    isMobile: true, hasTouch: true, geolocation: KAZAN });
  await context.grantPermissions(['geolocation'], { origin: server.url });
  const page = await context.newPage();
  // tel: opens the dialer; here another tab, closed at once.
  context.on('page', (p) => { if (p !== page) p.close().catch(() => {}); });
  const startedAt = Date.now();
  let second;
  await guarded('visits-offline-day', { pages: [page], close: async () => { await second?.close(); await context.close(); } },
    async () => {
      await openApp(page, server.url);
      await synced(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
        { timeout: CONTROLLED_TIMEOUT_MS });
      const company = await companyWithPhone(page, 2);
      await context.setOffline(true);
      await waitForState(page, 'status.phase', (v) => v === 'offline');
      await openCompany(page, company, true);

      // The visit: check in (the position comes offline too), check out, report.
      await tapItem(page, 'visit.check_in');
      await waitForState(page, 'visit.panel', (p) => p && p.open && p.geo_status === 'ok');
      const checkOut = await waitForRect(page, 'visit.check_out');
      assert.ok(checkOut.x + checkOut.w <= 390 && checkOut.h >= 40, `check-out fits a thumb: ${JSON.stringify(checkOut)}`);
      await page.screenshot({ path: screenshotPath('visit-panel-390x844.png') });
      await tapItem(page, 'visit.check_out');
      await writeReport(page, true, 'Склад готов к поставке', 'Согласовать график');
      const save = await waitForRect(page, 'visit.report.save');
      assert.ok(save.y + save.h <= 844, `Save is on screen: ${JSON.stringify(save)}`);
      await page.screenshot({ path: screenshotPath('visit-report-390x844.png') });
      await tapItem(page, 'visit.report.save');
      await waitForState(page, 'visit.report.open', (v) => v === null);
      const [visitId, , , doneAt] = await lastVisit(page, company.id);
      assert.ok(Number(doneAt) > 0);

      // Call 1: the panel's one-step "log a call", with its result.
      await tapItem(page, 'visit.log_call');
      await waitForState(page, 'call.result.open', (v) => typeof v === 'string');
      await focus(page, 'call.result.text', true);
      await page.keyboard.type('Подтвердили заказ');
      await tapItem(page, 'call.result.save');
      await waitForState(page, 'call.result.open', (v) => v === null);

      // Call 2: the number on the card opens the dialer; back in the app the prompt logs it.
      await tapItem(page, 'card.phones.0');
      await page.evaluate(() => window.crm.waitFrames(2));
      assert.equal(await state(page, 'call.prompt'), null, 'no prompt before the app comes back');
      await page.evaluate(() => {
        const turn = (v) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => v });
          document.dispatchEvent(new Event('visibilitychange'));
        };
        turn('hidden');
        turn('visible');
        delete document.visibilityState;
      });
      const prompt = await waitForState(page, 'call.prompt', (v) => v && v.customer === company.id);
      assert.match(prompt.text, /^Записать звонок с .+ в \d\d:\d\d\?$/);
      await page.screenshot({ path: screenshotPath('call-prompt-390x844.png') });
      await tapItem(page, 'call.prompt.yes');
      await waitForState(page, 'call.result.open', (v) => typeof v === 'string');
      await tapItem(page, 'call.result.skip');
      await waitForState(page, 'call.result.open', (v) => v === null);

      // A new task from Today (the rep's home section) through the form.
      await tapItem(page, 'card.close');
      await tapItem(page, 'nav.section.today');
      await tapItem(page, 'today.new');
      await waitForState(page, 'form.mode', (v) => v === 'create');
      await focus(page, 'form.field.subject', true);
      await page.keyboard.type('Подготовить договор');
      await tapItem(page, 'form.save');
      await waitForState(page, 'form.mode', (v) => v === null);

      const day = async (p) => ({
        visit: await sql(p, `SELECT geo_status, done_at IS NOT NULL, result FROM activities WHERE id = '${visitId}'`),
        calls: await sql(p, `SELECT done_at IS NOT NULL, coalesce(result, '') FROM activities WHERE type = 'call'
          AND company_id = '${company.id}' AND created_at >= ${startedAt} AND deleted = 0 ORDER BY result`),
        follow: await sql(p, `SELECT type FROM activities WHERE subject = 'Согласовать график' AND deleted = 0`),
        task: await sql(p, `SELECT type FROM activities WHERE subject = 'Подготовить договор' AND deleted = 0`),
      });
      const expected = {
        visit: [['ok', '1', 'Склад готов к поставке']],
        calls: [['1', ''], ['1', 'Подтвердили заказ']],
        follow: [['task']],
        task: [['task']],
      };
      assert.deepEqual(await day(page), expected);

      // An offline reload keeps the day.
      const committed = (await state(page, 'platform.storage')).committed_seq;
      await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= committed);
      await reloadApp(page);
      await waitForState(page, 'status.phase', (v) => v === 'offline');
      assert.deepEqual(await day(page), expected);

      // Online: it syncs, and a second browser (its own profile) has all of it.
      await context.setOffline(false);
      await waitForState(page, 'platform.sync', (s) => s && s.phase === 'synced' && s.pending === 0, SYNC_TIMEOUT_MS);
      second = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const other = await second.newPage();
      await openApp(other, server.url);
      await synced(other);
      await waitForState(other, 'platform.sync', (s) => s && s.phase === 'synced', SYNC_TIMEOUT_MS);
      assert.deepEqual(await day(other), expected);
      const [lat] = (await sql(other, `SELECT json_extract(check_in_geo, '$.lat') FROM activities WHERE id = '${visitId}'`))[0];
      assert.equal(Number(lat), KAZAN.latitude);
    });
});
