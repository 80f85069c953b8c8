// E2E: customer screens in Debian's Chromium. A contact is created by clicking and typing (Cyrillic through
// insertText), a malformed e-mail shows its message and is fixed, a phone number is pasted from the clipboard,
// the contact is found by search, edited, deleted and brought back with Undo; on a phone-sized touch screen a
// card opens with a tap and Back returns to the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, itemRect, waitForState, waitForRect, clickItem, tapItem,
  focusField, screenshotPath, guarded } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const NAME = 'Иванов Пётр';
const PHONE = '+7 (921) 555-12-34';

test('create, validate, paste, search, edit, delete and undo a contact', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await guarded('customer-screens', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await clickItem(page, 'list.tab.contact');
    await waitForState(page, 'list.tab', (v) => v === 'contact');
    await waitForState(page, 'list.total', (v) => v > 0);

    // Escape leaves the form without saving, also while its name field has the focus.
    await clickItem(page, 'list.new');
    await waitForState(page, 'form.mode', (v) => v === 'create');
    await waitForState(page, 'platform.text_input', (v) => v === true);
    await page.keyboard.press('Escape');
    await waitForState(page, 'form.mode', (v) => v === null);

    // Create: the name in Cyrillic, a malformed e-mail first.
    await clickItem(page, 'list.new');
    await waitForState(page, 'form.mode', (v) => v === 'create');
    assert.equal(await state(page, 'form.entity'), 'contact');
    await focusField(page, 'form.field.name');
    await page.keyboard.type(NAME);
    await waitForState(page, 'form.draft', (v) => v && v.name === NAME);
    await focusField(page, 'form.field.position');
    await page.keyboard.type('Менеджер');
    await waitForState(page, 'form.draft', (v) => v && v.position === 'Менеджер');
    await focusField(page, 'form.emails.0');
    await page.keyboard.type('petr@');
    await waitForState(page, 'form.draft', (v) => v && v.emails[0] === 'petr@');
    await clickItem(page, 'form.save');
    const errors = await waitForState(page, 'form.errors', (v) => v && typeof v.emails === 'string');
    assert.equal(errors.emails, 'E-mail: неверный формат');
    const emailRow = await waitForRect(page, 'form.emails.0');
    const message = await waitForRect(page, 'form.error.emails');
    assert.ok(message.y > emailRow.y, 'the message is under the e-mail field');
    assert.equal(await state(page, 'form.mode'), 'create', 'nothing was saved');
    await page.screenshot({ path: screenshotPath('customer-form-validation.png') });

    // Fix it: the message goes as soon as the address is valid.
    await focusField(page, 'form.emails.0');
    await page.keyboard.press('End');
    await page.keyboard.type('mail.ru');
    await waitForState(page, 'form.draft', (v) => v && v.emails[0] === 'petr@mail.ru');
    await waitForState(page, 'form.errors', (v) => v && Object.keys(v).length === 0);

    // Paste a phone number from the system clipboard.
    await page.evaluate((text) => navigator.clipboard.writeText(text), PHONE);
    await focusField(page, 'form.phones.0');
    await page.keyboard.press('Control+V');
    await waitForState(page, 'form.draft', (v) => v && v.phones[0] === PHONE);

    await page.keyboard.press('Enter');  // Enter saves
    await waitForState(page, 'card.title', (v) => v === NAME);
    const id = await state(page, 'card.id');
    const created = await state(page, 'card.record');
    assert.deepEqual(created.phones, [PHONE]);
    assert.deepEqual(created.emails, ['petr@mail.ru']);

    // Find it by search, in lower case.
    await focusField(page, 'list.search');
    await page.keyboard.type('иванов пётр');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === id));

    // Edit: change the position and see it on the card.
    await clickItem(page, 'card.edit');
    await waitForState(page, 'form.mode', (v) => v === 'edit');
    await focusField(page, 'form.field.position');
    await page.keyboard.press('End');
    await page.keyboard.type(' по продажам');
    await waitForState(page, 'form.draft', (v) => v && v.position === 'Менеджер по продажам');
    await clickItem(page, 'form.save');
    await waitForState(page, 'form.mode', (v) => v === null);
    await waitForState(page, 'card.record', (v) => v && v.position === 'Менеджер по продажам');
    assert.equal(await state(page, 'card.id'), id);
    await waitForRect(page, 'card.title');
    await page.screenshot({ path: screenshotPath('customer-card-dpr2.png') });

    // Delete asks first; Undo brings the contact back.
    await clickItem(page, 'card.delete');
    await waitForState(page, 'confirm.open', (v) => v === true);
    await page.screenshot({ path: screenshotPath('customer-delete-confirm.png') });
    await clickItem(page, 'confirm.yes');
    await waitForState(page, 'card.id', (v) => v === null);
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && !v.some((r) => r.id === id));
    await waitForState(page, 'undo.name', (v) => v === NAME);
    await page.screenshot({ path: screenshotPath('customer-undo-bar.png') });
    await clickItem(page, 'undo.button');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.some((r) => r.id === id));
    await waitForState(page, 'card.id', (v) => v === id);
  });
});

test('phone: a tap opens a card, Back returns to the list, the form fills the screen', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3,
  });
  const page = await context.newPage();
  await guarded('phone', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await waitForState(page, 'layout', (v) => v === 'narrow');
    await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 3);
    await page.screenshot({ path: screenshotPath('phone-list-390x844.png') });

    const rows = await state(page, 'list.visible');
    await tapItem(page, `list.row.${rows[1].index}`);
    await waitForState(page, 'card.id', (v) => v === rows[1].id);
    assert.equal(await itemRect(page, 'list.search'), null, 'the card replaces the list');
    await page.screenshot({ path: screenshotPath('phone-card-390x844.png') });
    // The delete question fits the phone's width; "keep it" leaves the card as it was.
    await tapItem(page, 'card.delete');
    await waitForState(page, 'confirm.open', (v) => v === true);
    const no = await waitForRect(page, 'confirm.no');
    assert.ok(no.x + no.w <= 390, `the question fits the screen: ${JSON.stringify(no)}`);
    await page.screenshot({ path: screenshotPath('phone-delete-confirm-390x844.png') });
    await tapItem(page, 'confirm.no');
    await waitForState(page, 'confirm.open', (v) => v === null);
    assert.equal(await state(page, 'card.id'), rows[1].id);
    await tapItem(page, 'card.close');
    await waitForState(page, 'card.id', (v) => v === null);
    await waitForRect(page, 'list.search');

    // The form takes the whole width, with thumb-sized buttons.
    await tapItem(page, 'list.new');
    await waitForState(page, 'form.mode', (v) => v === 'create');
    const field = await waitForRect(page, 'form.field.name');
    assert.ok(field.w > 330, `the name field is full width: ${JSON.stringify(field)}`);
    const save = await waitForRect(page, 'form.save');
    assert.ok(save.h >= 40, `Save is easy to tap: ${JSON.stringify(save)}`);
    await page.screenshot({ path: screenshotPath('phone-form-390x844.png') });
    await tapItem(page, 'form.cancel');
    await waitForState(page, 'form.mode', (v) => v === null);
    await waitForRect(page, 'list.search');
  });
});
