// E2E: the Today section in Debian's Chromium. At 390×844 with touch: Today is the home section, a company
// and activities seeded into the page (test.createRecords, through the repository) are listed in their groups,
// the overdue badge counts them, a task is completed with a result and its next step planned (the follow-up
// prefilled: same customer, due tomorrow at 10:00 local) and the follow-up shows. At 1280×800 a second
// browser context gets the same day by sync. Screenshots of both sizes and of the next-step dialog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, tapItem, clickItem, focusField, steadyRect,
  screenshotPath, guarded } from './harness.mjs';

let server, browser;
// No demo data: the day is the one seeded here (and the server starts at once).
before(async () => { server = await startServer({ demo: false }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const SYNC_TIMEOUT_MS = 60_000;
const FOLLOW_UP_HOUR = 10;  // kFollowUpHourLocal

const sql = async (page, text) => {
  const r = await page.evaluate((t) => window.crm.test.sql(t), text);
  assert.ok(r.ok, r.error);
  return r.rows;
};

// Moments in the page's own zone: an hour ago, later today (never past 23:59), in two days, and the
// follow-up's due time (tomorrow 10:00).
const moments = (page) => page.evaluate((hour) => {
  const now = Date.now();
  const endOfDay = new Date(now); endOfDay.setHours(23, 59, 0, 0);
  const tomorrow = new Date(now); tomorrow.setDate(tomorrow.getDate() + 1); tomorrow.setHours(hour, 0, 0, 0);
  return { now, ago: now - 3_600_000, later: Math.min(now + 3_600_000, endOfDay.getTime()),
           twoDays: now + 2 * 86_400_000, followUp: tomorrow.getTime() };
}, FOLLOW_UP_HOUR);

async function seed(page) {
  const company = await page.evaluate(() => window.crm.test.createRecords('company', [
    { name: 'ООО «Северный ветер»', owner: 'e2e' }]));
  assert.ok(company.ok, company.error);
  const [companyId] = company.ids;
  const t = await moments(page);
  const r = await page.evaluate(([c, t]) => window.crm.test.createRecords('activity', [
    { type: 'task', subject: 'E2E просроченная задача', company_id: c, owner: 'e2e', due_at: t.ago },
    { type: 'call', subject: 'E2E звонок сегодня', company_id: c, owner: 'e2e', due_at: t.later },
    { type: 'visit', subject: 'E2E визит сегодня', company_id: c, owner: 'e2e', due_at: t.later },
    { type: 'meeting', subject: 'E2E встреча через два дня', company_id: c, owner: 'e2e', due_at: t.twoDays },
  ]), [companyId, t]);
  assert.ok(r.ok, r.error);
  const [overdue, call, visit, meeting] = r.ids;
  return { companyId, overdue, call, visit, meeting, t };
}

test('Today on a phone: groups, overdue badge, a task done and its next step planned', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
    isMobile: true, hasTouch: true });
  const page = await context.newPage();
  let wide;
  await guarded('today-phone', { pages: () => [page, ...(wide ? wide.pages() : [])],
    close: async () => { await context.close(); await wide?.close(); } }, async () => {
    await openApp(page, server.url, { home: true });
    assert.equal(await state(page, 'nav.section'), 'today');
    assert.equal(await state(page, 'layout'), 'narrow');
    const s = await seed(page);

    const rows = await waitForState(page, 'today.rows', (r) => r && r.overdue.includes(s.overdue));
    assert.ok(rows.today.includes(s.call) && rows.today.includes(s.visit), JSON.stringify(rows));
    assert.ok(rows.visits.includes(s.visit));
    assert.ok(rows.later.includes(s.meeting));
    const badge = await waitForState(page, 'topbar.overdue', (n) => n >= 1);
    assert.equal(badge, (await state(page, 'today.counts')).overdue);
    for (const id of [`today.row.${s.overdue}`, `today.done.${s.overdue}`, 'nav.section.today', 'topbar.overdue']) {
      const r = await steadyRect(page, id);
      assert.ok(r.h >= 44 || id === 'topbar.overdue', `${id} is a touch target: ${JSON.stringify(r)}`);
      assert.ok(r.x >= 0 && r.x + r.w <= 390, `${id} is on the phone's screen: ${JSON.stringify(r)}`);
    }
    await page.screenshot({ path: screenshotPath('today-390x844.png') });

    // Done → the next step: the result typed, the follow-up planned as offered (tomorrow 10:00).
    await tapItem(page, `today.done.${s.overdue}`);
    const dialog = await waitForState(page, 'next_step', (v) => v && v.open && v.activity === s.overdue);
    assert.equal(dialog.due_at, s.t.followUp);
    await focusField(page, 'next_step.result');
    await page.keyboard.type('Клиент согласен, ждёт КП');
    await page.screenshot({ path: screenshotPath('today-next-step-390x844.png') });
    await tapItem(page, 'next_step.save');
    await waitForState(page, 'next_step', (v) => v === null);

    const [[doneAt, result]] = await sql(page, `SELECT done_at, result FROM activities WHERE id = '${s.overdue}'`);
    assert.ok(Number(doneAt) >= s.t.now, `done_at ${doneAt}`);
    assert.equal(result, 'Клиент согласен, ждёт КП');
    const followUps = await sql(page, `SELECT id, type, company_id, owner_id, due_at FROM activities WHERE ` +
      `subject = 'E2E просроченная задача' AND done_at IS NULL`);
    assert.equal(followUps.length, 1, JSON.stringify(followUps));
    const [followUp, type, company, owner, dueAt] = followUps[0];
    // The follow-up keeps the done task's owner (the signed-in user, who made the seeded task).
    const [[taskOwner]] = await sql(page, `SELECT owner_id FROM activities WHERE id = '${s.overdue}'`);
    assert.ok(taskOwner, 'the seeded task has an owner');
    assert.deepEqual([type, company, owner, Number(dueAt)], ['task', s.companyId, taskOwner, s.t.followUp]);
    // The follow-up's card shows in place of Today; back on Today it is among the coming days.
    await waitForState(page, 'card.id', (id) => id === followUp);
    await tapItem(page, 'card.close');
    const after = await waitForState(page, 'today.rows', (r) => r && r.later.includes(followUp));
    assert.ok(!after.overdue.includes(s.overdue));
    assert.equal(await state(page, 'topbar.overdue'), badge - 1);

    // A manager's browser at 1280×800 gets the same day by sync.
    wide = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const desk = await wide.newPage();
    await openApp(desk, server.url, { home: true });
    await waitForState(desk, 'today.rows', (r) => r && r.later.includes(followUp) && r.today.includes(s.call),
      SYNC_TIMEOUT_MS);
    await clickItem(desk, `today.row.${s.call}`);
    await waitForState(desk, 'card.id', (id) => id === s.call);
    await desk.screenshot({ path: screenshotPath('today-1280x800.png') });
  });
});
