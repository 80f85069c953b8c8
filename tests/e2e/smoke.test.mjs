// E2E smoke: the real server serves the app to Debian's Chromium; the first frame renders, the customer list
// shows the demo customers pulled from the server, and typing a Cyrillic name into the search box finds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, clickItem, screenshotPath } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('page loads, renders, lists demo customers, finds a Cyrillic name', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleLines = await openApp(page, server.url);
  try {
    assert.ok((await state(page, 'frame')) > 0, 'a frame was rendered');

    await clickItem(page, 'customers.tab.contacts');
    await waitForState(page, 'customers.tab', (v) => v === 'contacts');
    const total = await waitForState(page, 'customers.total', (v) => v >= 2000);
    const visible = await waitForState(page, 'customers.visible', (v) => Array.isArray(v) && v.length > 5);
    await page.screenshot({ path: screenshotPath('smoke-list-1280x800.png') });

    // Pick a Cyrillic surname from what the list shows and search for it in lower case, as a rep would type it.
    const cyrillic = visible.find((r) => /^[А-ЯЁ]/.test(r.name));
    assert.ok(cyrillic, `a Cyrillic name is visible: ${JSON.stringify(visible.slice(0, 5))}`);
    const surname = cyrillic.name.split(' ')[0];
    const typed = surname.toLowerCase().slice(0, Math.max(4, surname.length - 1));

    await clickItem(page, 'customers.search');
    await page.keyboard.type(typed);
    await waitForState(page, 'customers.search', (v) => v === typed);
    await waitForState(page, 'customers.total', (v) => v > 0 && v < total);
    const rows = await state(page, 'customers.visible');
    assert.ok(rows.some((r) => r.id === cyrillic.id), `${cyrillic.name} is among the results`);
    for (const r of rows) {
      assert.ok(r.name.toLowerCase().replaceAll('ё', 'е').includes(typed.replaceAll('ё', 'е')),
                `row ${r.name} matches ${typed}`);
    }
    await page.screenshot({ path: screenshotPath('smoke-search-cyrillic.png') });
  } catch (e) {
    await page.screenshot({ path: screenshotPath('smoke-failure.png') }).catch(() => {});
    e.message += '\nbrowser console:\n' + consoleLines.join('\n');
    throw e;
  } finally {
    await context.close();
  }
});
