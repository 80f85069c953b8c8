// E2E: the app's sections and the pipeline screens in Debian's Chromium, on the server's demo data. On a
// desktop: switch sections, create a deal from a company's card with "New deal" and find it on the card
// among the open deals, add a stage in the settings and rename it, open the forecast and read a figure. On a
// phone-sized touch screen the sections' bottom bar fits the width with thumb-sized buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, waitForRect, clickItem, tapItem,
  focusField, scrollCardTo, screenshotPath, guarded } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const DEAL = 'Поставка оборудования';
const STAGE = 'Демонстрация';

test('sections, a new deal from a company card, a new stage, the forecast', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await guarded('pipeline-settings', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'nav.section', (v) => v === 'customers');
    assert.deepEqual((await state(page, 'nav.entities')).customers, ['company', 'contact']);
    const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 0);
    assert.equal(await state(page, 'list.tab'), 'company');

    // Deals are their own section.
    await clickItem(page, 'nav.section.deals');
    await clickItem(page, 'board.mode.list');  // the section opens on the board
    await waitForState(page, 'list.tab', (v) => v === 'deal');
    await waitForState(page, 'list.total', (v) => v > 0);
    await page.screenshot({ path: screenshotPath('sections-deals-1280x800.png') });
    await clickItem(page, 'nav.section.customers');
    await waitForState(page, 'list.tab', (v) => v === 'company');

    // New deal from a company's card: prefilled with the customer, its owner, the first pipeline and stage.
    await clickItem(page, `list.row.${rows[0].index}`);
    await waitForState(page, 'card.entity', (v) => v === 'company');
    const company = await state(page, 'card.id');
    const owner = (await state(page, 'card.record')).owner_id;
    await scrollCardTo(page, 'card.related.deal.new', 60);  // below the journey strip and the contacts
    await clickItem(page, 'card.related.deal.new');
    await waitForState(page, 'form.entity', (v) => v === 'deal');
    const draft = await waitForState(page, 'form.draft', (v) => v && v.company_id === company);
    assert.equal(draft.owner_id, owner);
    assert.ok(draft.pipeline_id && draft.stage_id, `a pipeline and a stage are chosen: ${JSON.stringify(draft)}`);
    await focusField(page, 'form.field.title');
    await page.keyboard.type(DEAL);
    await waitForState(page, 'form.draft', (v) => v && v.title === DEAL);
    await clickItem(page, 'form.save');
    await waitForState(page, 'form.mode', (v) => v === null);
    const deal = await waitForState(page, 'card.entity', (v) => v === 'deal').then(() => state(page, 'card.id'));
    assert.ok((await state(page, 'card.related')).stage_history >= 1, 'the deal entered its stage with a history row');

    // Back on the company's card it is listed among the open deals, which come first.
    await clickItem(page, 'card.ref.company_id');
    await waitForState(page, 'card.id', (v) => v === company);
    const ids = await waitForState(page, 'card.related_ids', (v) => v && Array.isArray(v.deal) && v.deal.includes(deal));
    const index = ids.deal.indexOf(deal);
    await waitForRect(page, `card.related.deal.${index}`);
    await page.screenshot({ path: screenshotPath('company-card-new-deal-1280x800.png') });

    // Settings: a new stage, renamed.
    await clickItem(page, 'nav.section.settings');
    const before = await waitForState(page, 'settings.stages', (v) => Array.isArray(v) && v.length > 2);
    await clickItem(page, 'settings.stage.add');
    const added = await waitForState(page, 'settings.stages', (v) => Array.isArray(v) && v.length === before.length + 1);
    const at = added.findIndex((s) => !before.some((b) => b.id === s.id));
    assert.ok(at >= 0);
    await focusField(page, `settings.stage.${at}.name`);  // the click selects the whole name
    await page.keyboard.type(STAGE);
    await page.keyboard.press('Enter');
    await waitForState(page, 'settings.stages', (v) => Array.isArray(v) && v[at] && v[at].name === STAGE);
    assert.equal(await state(page, 'settings.error'), '');
    await page.screenshot({ path: screenshotPath('pipeline-settings-1280x800.png') });

    // The forecast: roubles first, a figure drawn.
    await clickItem(page, 'nav.section.forecast');
    await clickItem(page, 'forecast.period.2');
    const forecast = await waitForState(page, 'forecast.rows', (v) => Array.isArray(v) && v.length > 0);
    assert.equal(forecast[0].currency, 'RUB');
    assert.equal(forecast[0].owner, '');
    assert.ok(forecast[0].best_case > 0, 'the demo has open deals expected within a year');
    assert.match(forecast[0].best_case_text, /₽/);
    await waitForRect(page, 'forecast.cell.0.best_case');
    await page.screenshot({ path: screenshotPath('forecast-1280x800.png') });
  });
});

test('phone: the sections are a bottom bar that fits 390 px', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3,
  });
  const page = await context.newPage();
  await guarded('pipeline-settings-phone', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'layout', (v) => v === 'narrow');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 3);
    const sections = ['customers', 'deals', 'forecast', 'settings'];
    let right = 0;
    for (const s of sections) {
      const r = await waitForRect(page, `nav.section.${s}`);
      assert.ok(r.x >= right - 0.5, `${s} does not overlap the one before: ${JSON.stringify(r)}`);
      assert.ok(r.x + r.w <= 390, `${s} is on the screen: ${JSON.stringify(r)}`);
      assert.ok(r.h >= 44, `${s} is easy to tap: ${JSON.stringify(r)}`);
      assert.ok(r.y > 844 / 2, `${s} is at the bottom: ${JSON.stringify(r)}`);
      right = r.x + r.w;
    }
    const labels = await state(page, 'nav.labels');
    for (const s of sections) assert.ok(labels[s].fits, `${s} reads in full: ${JSON.stringify(labels)}`);
    await page.screenshot({ path: screenshotPath('phone-sections-customers-390x844.png') });
    // In English too (a short label where the full one would not fit).
    await tapItem(page, 'topbar.lang.en');
    await waitForState(page, 'lang', (v) => v === 'en');
    const en = await waitForState(page, 'nav.labels', (v) => v && v.customers && v.customers.text !== labels.customers.text);
    for (const s of sections) assert.ok(en[s].fits, `${s} reads in full in English: ${JSON.stringify(en)}`);
    await page.screenshot({ path: screenshotPath('phone-sections-en-390x844.png') });
    await tapItem(page, 'topbar.lang.ru');
    await waitForState(page, 'lang', (v) => v === 'ru');

    await tapItem(page, 'nav.section.deals');
    await tapItem(page, 'board.mode.list');
    await waitForState(page, 'list.tab', (v) => v === 'deal');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 0);
    await page.screenshot({ path: screenshotPath('phone-sections-deals-390x844.png') });

    await tapItem(page, 'nav.section.forecast');
    await waitForRect(page, 'forecast.cell.0.weighted');
    await page.screenshot({ path: screenshotPath('phone-forecast-390x844.png') });

    await tapItem(page, 'nav.section.settings');
    const stage = await waitForRect(page, 'settings.stage.0.name');
    assert.ok(stage.x + stage.w <= 390, `the stage's name fits: ${JSON.stringify(stage)}`);
    await page.screenshot({ path: screenshotPath('phone-settings-390x844.png') });

    await tapItem(page, 'nav.section.customers');
    await waitForState(page, 'list.tab', (v) => v === 'company');
  });
});
