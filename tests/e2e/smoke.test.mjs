// E2E smoke: the real server serves the app to Debian's Chromium; the first frame renders, the customer list
// shows the demo customers pulled from the server, and typing a Cyrillic name into the search box finds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, clickItem, screenshotPath, guarded }
  from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('page loads, renders, lists demo customers, finds a Cyrillic name', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await guarded('smoke', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    assert.ok((await state(page, 'frame')) > 0, 'a frame was rendered');

    await clickItem(page, 'list.tab.contact');
    await waitForState(page, 'list.tab', (v) => v === 'contact');
    const total = await waitForState(page, 'list.total', (v) => v >= 2000);
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 5);
    await page.screenshot({ path: screenshotPath('smoke-list-1280x800.png') });

    // Names sort A→Z with Latin first; a click on the header reverses the order, which brings Cyrillic on top.
    await clickItem(page, 'list.col.name');
    await waitForState(page, 'list.sort', (v) => v.field === 'name' && v.descending === true);
    const visible = await waitForState(page, 'list.visible',
                                       (v) => Array.isArray(v) && v.length > 5 && /^[А-ЯЁ]/.test(v[0].title));
    await page.screenshot({ path: screenshotPath('smoke-list-sorted-desc.png') });

    // Pick a Cyrillic surname from what the list shows and search for it in lower case, as a rep would type it.
    const cyrillic = visible.find((r) => /^[А-ЯЁ]/.test(r.title));
    assert.ok(cyrillic, `a Cyrillic name is visible: ${JSON.stringify(visible.slice(0, 5))}`);
    const surname = cyrillic.title.split(' ')[0];
    const typed = surname.toLowerCase().slice(0, Math.max(4, surname.length - 1));

    // Playwright types non-ASCII text as insertText (as an IME does): no key events, so the field must be active.
    await clickItem(page, 'list.search');
    await waitForState(page, 'platform.text_input', (v) => v === true);
    await page.keyboard.type(typed);
    await waitForState(page, 'list.search', (v) => v === typed);
    await waitForState(page, 'list.total', (v) => v > 0 && v < total);
    const rows = await state(page, 'list.visible');
    assert.ok(rows.some((r) => r.id === cyrillic.id), `${cyrillic.title} is among the results`);
    for (const r of rows) {
      assert.ok(r.title.toLowerCase().replaceAll('ё', 'е').includes(typed.replaceAll('ё', 'е')),
                `row ${r.title} matches ${typed}`);
    }
    await page.screenshot({ path: screenshotPath('smoke-search-cyrillic.png') });
  });
});

test('keys typed right after clicking the search box all land in it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await guarded('smoke-typing', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await clickItem(page, 'list.tab.contact');
    await waitForState(page, 'list.tab', (v) => v === 'contact');
    await waitForState(page, 'list.total', (v) => v > 0);
    // No wait between the click and the keys: the first ones arrive before the app has activated the field.
    await clickItem(page, 'list.search');
    await page.keyboard.type('brown');
    await waitForState(page, 'list.search', (v) => v === 'brown');
    const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 0 &&
                                    v.every((r) => r.title.toLowerCase().includes('brown')));
    assert.ok(rows.length > 0);
    await page.keyboard.press('Backspace');
    await waitForState(page, 'list.search', (v) => v === 'brow');
  });
});
