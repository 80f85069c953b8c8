// E2E: a customer's card with a long timeline (crm.test.seedTimeline: done activities written through the
// repository) on the server's demo data. On a desktop: the journey strip shows the six stages, a click sets
// another one, and the change is the timeline's newest item; the journey filter keeps only such items. On a
// phone-sized touch screen the strip wraps inside 390 px and a tap sets a stage too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, waitForRect, clickItem, tapItem,
  scrollCardTo, screenshotPath, guarded } from './harness.mjs';

const ITEMS = 300;  // seeded activities: a timeline longer than a screen

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Opens the first company of the list and seeds its timeline; its id.
async function openSeededCompany(page, click) {
  const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 0);
  await click(page, `list.row.${rows[0].index}`);
  await waitForState(page, 'card.entity', (v) => v === 'company');
  const company = await state(page, 'card.id');
  const seeded = await page.evaluate(([id, n]) => window.crm.test.seedTimeline(id, n), [company, ITEMS]);
  assert.ok(seeded.ok, JSON.stringify(seeded));
  await waitForState(page, 'timeline.count', (v) => v >= ITEMS);
  return company;
}

// Sets the stage three after the current one on the strip and waits until the card and the timeline show
// it; the timeline's newest item and the stage's label.
async function setStage(page, click) {
  const strip = await waitForState(page, 'journey.strip', (v) => v && Array.isArray(v.stages) && v.stages.length === 6);
  const position = (strip.stages.indexOf(strip.current) + 3) % 6;
  const target = strip.stages[position];
  await click(page, `journey.stage.${position}`);
  await waitForState(page, 'journey.strip', (v) => v && v.current === target && v.days === 0);
  assert.equal((await state(page, 'card.record')).journey_stage, target);
  const rows = await waitForState(page, 'timeline.rows', (v) => Array.isArray(v) && v.length > 0 && v[0].kind === 'journey');
  return { newest: rows[0], label: strip.labels[position] };
}

test('desktop: the strip sets a stage, the timeline shows it first and filters', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await guarded('timeline', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'list.tab', (v) => v === 'company');
    await openSeededCompany(page, clickItem);
    const rows = await state(page, 'timeline.rows');
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1].at >= rows[i].at, 'newest first');
    await page.screenshot({ path: screenshotPath('timeline-card-1280x800.png') });

    const { newest, label } = await setStage(page, clickItem);
    assert.ok(newest.title.endsWith(`→ ${label}`), JSON.stringify(newest));
    await page.screenshot({ path: screenshotPath('timeline-stage-set-1280x800.png') });

    await scrollCardTo(page, 'timeline.row.1', 60);
    await page.screenshot({ path: screenshotPath('timeline-list-1280x800.png') });
    await clickItem(page, 'timeline.filter.journey');
    await waitForState(page, 'timeline.filter', (v) => v === 'journey');
    const journey = await waitForState(page, 'timeline.rows', (v) => Array.isArray(v) && v.length > 0);
    assert.ok(journey.every((r) => r.kind === 'journey'), JSON.stringify(journey));
    await clickItem(page, 'timeline.filter.visit');
    const visits = await waitForState(page, 'timeline.rows', (v) => Array.isArray(v) && v.length > 0 && v.every((r) => r.type === 'visit'));
    assert.ok(visits.length > 0);
    await page.screenshot({ path: screenshotPath('timeline-filter-visits-1280x800.png') });
  });
});

test('phone: the strip wraps inside 390 px and a tap sets a stage', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3,
  });
  const page = await context.newPage();
  await guarded('timeline-phone', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'layout', (v) => v === 'narrow');
    await openSeededCompany(page, tapItem);
    for (let i = 0; i < 6; i += 1) {
      const r = await waitForRect(page, `journey.stage.${i}`);
      assert.ok(r.x >= 0 && r.x + r.w <= 390, `stage ${i} is on the screen: ${JSON.stringify(r)}`);
    }
    await page.screenshot({ path: screenshotPath('timeline-card-390x844.png') });
    const { newest, label } = await setStage(page, tapItem);
    assert.ok(newest.title.endsWith(`→ ${label}`), JSON.stringify(newest));
    await page.screenshot({ path: screenshotPath('timeline-stage-set-390x844.png') });
    await scrollCardTo(page, 'timeline.row.2', 220);
    await page.screenshot({ path: screenshotPath('timeline-list-390x844.png') });
  });
});
