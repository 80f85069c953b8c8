// E2E: team accounts in the page. The sign-in form (a real HTML form over the canvas) at a laptop's and a phone's
// size; a session that expires while the rep works offline: the form asks again, the edits wait and all reach the
// server after the sign-in (a second browser sees them); a rep sees only their own territory's customers (the
// list and search); signing out with unsent edits warns first, and signing out deletes the device's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, state, waitForState, clickItem, focusField, screenshotPath,
  guarded, account, submitSignIn, signInWithForm, waitForFirstSync, appReady } from './harness.mjs';

// A session on the expiry test's server lasts this long: enough to sign in and pull an empty database, then it
// runs out while the rep works offline (the test waits for it, it asserts nothing about time).
const SHORT_SESSION_SECONDS = 6;
const EXPIRY_MARGIN_MS = 1_500;

let demo, browser;
before(async () => { demo = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await demo?.stop(); });

const signIn = (page) => page.evaluate(() => ({ ...window.crm.signIn }));
const countWhere = (page, sql) => page.evaluate((q) => {
  const r = window.crm.test.sql(q);
  return r && r.ok ? Number(r.rows[0][0]) : null;
}, sql);
const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;

// A company made through the form: New, the name typed, Enter saves; answers its id.
async function createCompany(page, name) {
  await clickItem(page, 'list.tab.company');
  await waitForState(page, 'list.tab', (v) => v === 'company');
  await clickItem(page, 'list.new');
  await waitForState(page, 'form.mode', (v) => v === 'create');
  await focusField(page, 'form.field.name');
  await page.keyboard.type(name);
  await waitForState(page, 'form.draft', (v) => v && v.name === name);
  await page.keyboard.press('Enter');
  await waitForState(page, 'card.title', (v) => v === name);
  return state(page, 'card.id');
}

// The open card's record edited through the form: the name replaced.
async function renameOpenCard(page, name) {
  await clickItem(page, 'card.edit');
  await waitForState(page, 'form.mode', (v) => v === 'edit');
  await focusField(page, 'form.field.name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(name);
  await waitForState(page, 'form.draft', (v) => v && v.name === name);
  await page.keyboard.press('Enter');
  await waitForState(page, 'card.title', (v) => v === name);
}

test('the sign-in form at a laptop\'s and a phone\'s size', async () => {
  for (const [w, h, touch] of [[1280, 800, false], [390, 844, true]]) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 2,
                                               hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    await guarded(`accounts-form-${w}`, { pages: [page], close: () => context.close() }, async () => {
      await openApp(page, demo.url, { as: false });
      const s = await signIn(page);
      assert.equal(s.shown, true);
      assert.equal(s.signedIn, false);
      assert.equal(s.reason, 'Войдите, чтобы начать работу');
      // What password managers look for.
      assert.equal(await page.getAttribute('#sign-in-login', 'autocomplete'), 'username');
      assert.equal(await page.getAttribute('#sign-in-password', 'autocomplete'), 'current-password');
      assert.equal(await page.getAttribute('#sign-in-password', 'type'), 'password');
      // The whole card is on screen, its button within reach.
      const card = await page.locator('.sign-in-card').boundingBox();
      assert.ok(card.x >= 0 && card.x + card.width <= w && card.y >= 0 && card.y + card.height <= h, JSON.stringify(card));
      await page.screenshot({ path: screenshotPath(`accounts-sign-in-${w}x${h}.png`) });

      // A wrong password: the form says so and stays.
      await submitSignIn(page, { login: demo.admin.login, password: 'not-the-password' });
      await page.waitForFunction(() => window.crm.signIn.error !== null && !window.crm.signIn.busy);
      assert.equal((await signIn(page)).error, 'Неверный логин или пароль');
      assert.equal(await page.isVisible('.sign-in-error'), true);
      await page.screenshot({ path: screenshotPath(`accounts-sign-in-error-${w}x${h}.png`) });

      // Offline, a first sign-in cannot happen: the form says the network is needed.
      await context.setOffline(true);
      await submitSignIn(page, { login: demo.admin.login, password: demo.admin.password });
      await page.waitForFunction(() => /нужна сеть для первого входа/.test(window.crm.signIn.error || ''));
      await context.setOffline(false);

      await signInWithForm(page, demo.admin);
      await waitForFirstSync(page);
      assert.equal((await state(page, 'account')).login, demo.admin.login);
    });
  }
});

test('a session expiring while offline: the form asks again, nothing is lost', async () => {
  const server = await startServer({ demo: false, sessionTtlSeconds: SHORT_SESSION_SECONDS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let other = null;
  await guarded('accounts-expiry', { pages: () => [page, other].filter(Boolean), close: async () => {
    await context.close(); if (other) await other.context().close(); await server.stop();
  } }, async () => {
    await openApp(page, server.url);
    const signedInAt = Date.now();
    assert.equal((await state(page, 'platform.sync')).phase, 'synced');

    // Offline work: a new company, then an edit of it.
    await context.setOffline(true);
    await waitForState(page, 'platform.sync', (s) => s.phase === 'offline' || s.pending === 0);
    const id = await createCompany(page, 'ООО Север');
    await renameOpenCard(page, 'ООО Северный ветер');
    await waitForState(page, 'platform.sync', (s) => s.pending === 1 && s.phase === 'offline');

    // The session runs out meanwhile; back online, the server refuses it and the form asks again.
    await page.waitForTimeout(Math.max(0, signedInAt + SHORT_SESSION_SECONDS * 1000 + EXPIRY_MARGIN_MS - Date.now()));
    await context.setOffline(false);
    await clickItem(page, 'status.sync_now');
    await page.waitForFunction(() => window.crm.signIn.shown, null, { timeout: 30_000 });
    const asked = await signIn(page);
    assert.match(asked.reason, /^Сеанс истёк, войдите снова/, JSON.stringify(asked));
    assert.equal(asked.signedIn, false);
    const waiting = await waitForState(page, 'platform.sync', (s) => s.phase === 'sign_in');
    assert.equal(waiting.pending, 1, 'the edits wait');
    assert.equal(await page.inputValue('#sign-in-login'), server.admin.login, 'the login is filled in');
    await page.screenshot({ path: screenshotPath('accounts-session-expired-1280x800.png') });
    // The app stays usable behind the form: "Later" hides it, the status bar says sync waits.
    await page.click('#sign-in-later');
    assert.equal((await signIn(page)).shown, false);
    assert.equal(await state(page, 'status.phase'), 'sign_in');
    assert.equal(await countWhere(page, `SELECT count(*) FROM companies WHERE id = ${sqlText(id)} AND name = 'ООО Северный ветер'`), 1);

    // "Sign in" on the status bar brings the form back; signing in sends the edits.
    await clickItem(page, 'status.sync_now');
    await page.waitForFunction(() => window.crm.signIn.shown);
    await signInWithForm(page, server.admin);
    await waitForState(page, 'platform.sync', (s) => s.signed_in && s.phase === 'synced' && s.pending === 0, 30_000);

    // A second browser, signed in anew, pulls exactly that company.
    const otherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    other = await otherContext.newPage();
    await openApp(other, server.url);
    assert.equal(await countWhere(other, `SELECT count(*) FROM companies WHERE id = ${sqlText(id)} AND name = 'ООО Северный ветер' AND deleted = 0`), 1);
  });
});

// The other territory's customers as the admin's device knows them: companies owned by a user of team `other`
// that nothing of team `mine` refers to (a rep also receives, read-only, what their own records refer to).
const foreignSql = (mine, other) => {
  const members = (team) => `SELECT u.id FROM users u JOIN teams t ON t.id = u.team_id WHERE t.name = ${sqlText(team)}`;
  const refs = ['contacts', 'deals', 'activities'].map((table) =>
    `SELECT company_id FROM ${table} WHERE company_id IS NOT NULL AND owner_id IN (${members(mine)})`).join(' UNION ');
  return `SELECT id, name FROM companies WHERE deleted = 0 AND owner_id IN (${members(other)}) AND id NOT IN (${refs})`;
};

test('a rep never sees the other territory\'s customers', async () => {
  const all = demo.accounts.filter((a) => a.role === 'rep');
  const rep = all[0];
  const otherTeam = (all.find((a) => a.team !== rep.team) || {}).team;
  assert.ok(otherTeam, JSON.stringify(demo.accounts));
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const repContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await repContext.newPage();
  await guarded('accounts-territory', { pages: [admin, page], close: async () => {
    await adminContext.close(); await repContext.close();
  } }, async () => {
    await openApp(admin, demo.url);  // the admin: everything
    const total = await countWhere(admin, 'SELECT count(*) FROM companies WHERE deleted = 0');
    const foreign = (await admin.evaluate((q) => window.crm.test.sql(q), foreignSql(rep.team, otherTeam))).rows;
    assert.ok(foreign.length > 0, 'the other territory has customers of its own');

    await openApp(page, demo.url, { as: rep });
    const held = (await page.evaluate(() => window.crm.test.sql('SELECT id, name FROM companies WHERE deleted = 0'))).rows;
    const mine = new Set(held.map(([id]) => id));
    const myNames = new Set(held.map(([, name]) => name));
    assert.ok(mine.size > 0 && mine.size < total, `the rep holds ${mine.size} of ${total}`);
    assert.deepEqual(foreign.filter(([id]) => mine.has(id)), [], 'no customer of the other territory');
    // The list counts only what the rep holds, and a search for another territory's customer finds nothing.
    await clickItem(page, 'list.tab.company');
    await waitForState(page, 'list.total', (v) => v === mine.size);
    // A name no customer of the rep's own shares (demo names repeat across territories).
    const [, foreignName] = foreign.find(([, name]) => !myNames.has(name)) || [null, null];
    assert.ok(foreignName, 'a foreign customer with a name of its own');
    await focusField(page, 'list.search');
    await page.keyboard.type(foreignName);
    await waitForState(page, 'list.search', (v) => v === foreignName);
    await waitForState(page, 'list.total', (v) => v === 0);
    await page.screenshot({ path: screenshotPath('accounts-territory-search-1280x800.png') });
  });
});

test('signing out warns about unsent edits, then deletes the device\'s data', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await guarded('accounts-sign-out', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, demo.url);
    await context.setOffline(true);
    await createCompany(page, 'ИП Несохранённый');
    await waitForState(page, 'platform.sync', (s) => s.pending === 1);

    await clickItem(page, 'topbar.account');
    await waitForState(page, 'account.menu', (v) => v === true);
    await clickItem(page, 'account.sign_out');
    await waitForState(page, 'confirm.open', (v) => v === true);
    assert.equal(await state(page, 'signout.pending'), 1);
    await page.screenshot({ path: screenshotPath('accounts-sign-out-warning-1280x800.png') });
    await clickItem(page, 'confirm.no');
    await waitForState(page, 'confirm.open', (v) => v === null);
    assert.equal((await signIn(page)).signedIn, true, 'still signed in');

    // Back online the edit is sent; signing out now asks nothing, and leaves no data behind.
    await context.setOffline(false);
    await waitForState(page, 'platform.sync', (s) => s.pending === 0 && s.phase === 'synced', 30_000);
    await clickItem(page, 'topbar.account');
    await waitForState(page, 'account.menu', (v) => v === true);
    const reloaded = page.waitForEvent('load');
    await clickItem(page, 'account.sign_out');
    await reloaded;
    await page.waitForFunction(() => window.crm && window.crm.signIn && window.crm.signIn.shown);
    await appReady(page);
    assert.equal((await state(page, 'platform.storage')).existing, false, 'the database was deleted');
    assert.equal(await countWhere(page, 'SELECT count(*) FROM companies'), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('crm.session')), null);
  });
});

test('another user signing in on this device is warned, then starts from a wiped database', async () => {
  const server = demo;
  const rep = account(server.url, { role: 'rep' });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await guarded('accounts-other-user', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    const admin = await state(page, 'account');
    await context.setOffline(true);
    const unsent = await page.evaluate(() => window.crm.test.createContact('Контакт без отправки'));
    assert.equal(unsent.ok, true, JSON.stringify(unsent));
    await waitForState(page, 'platform.sync', (s) => s.pending === 1);
    // The admin's session ends on the server (revoked, as an admin disabling it would), seen at the next sync.
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('crm.session')).token);
    const revoked = await fetch(new URL('api/v1/logout', server.url), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}',
    });
    assert.equal(revoked.status, 200);
    await context.setOffline(false);
    await page.waitForFunction(() => window.crm.signIn.shown, null, { timeout: 30_000 });
    assert.match((await signIn(page)).reason, /^Сеанс завершён/);

    // The rep signs in on the admin's device: first a warning naming the unsent edit, nothing deleted yet.
    await page.fill('#sign-in-login', rep.login);
    await submitSignIn(page, rep);
    await page.waitForFunction(() => window.crm.signIn.confirm && !window.crm.signIn.busy);
    assert.match((await signIn(page)).error, /На устройстве 1 неотправленная правка пользователя/);
    assert.equal(await page.textContent('#sign-in-submit'), 'Удалить и войти');
    await page.screenshot({ path: screenshotPath('accounts-other-user-390x844.png') });
    assert.equal(await countWhere(page, 'SELECT count(*) FROM contacts WHERE name = \'Контакт без отправки\''), 1);

    // Confirmed: the page reloads signed in as the rep, on a new database with none of it.
    const reloaded = page.waitForEvent('load');
    await page.click('#sign-in-submit');
    await reloaded;
    await appReady(page);
    await waitForFirstSync(page);
    const now = await state(page, 'account');
    assert.equal(now.login, rep.login);
    assert.notEqual(now.id, admin.id);
    assert.equal(await countWhere(page, 'SELECT count(*) FROM contacts WHERE name = \'Контакт без отправки\''), 0);
    assert.equal((await signIn(page)).shown, false);
  });
});

test('an admin sets a rep\'s password in Users; the rep signs in with it', async () => {
  const rep = account(demo.url, { role: 'rep' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let repContext = null;
  await guarded('accounts-users', { pages: [page], close: async () => { await context.close(); await repContext?.close(); } }, async () => {
    await openApp(page, demo.url);
    await clickItem(page, 'nav.section.users');
    await waitForState(page, 'nav.section', (v) => v === 'users');
    await clickItem(page, 'list.tab.user');
    await waitForState(page, 'list.tab', (v) => v === 'user');
    await focusField(page, 'list.search');
    await page.keyboard.type(rep.login);
    const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length === 1);
    await clickItem(page, `list.row.${rows[0].index}`);
    await waitForState(page, 'card.id', (v) => v === rows[0].id);
    await page.screenshot({ path: screenshotPath('accounts-users-1280x800.png') });

    // Offline it cannot be set: the answer says so.
    const password = 'новый-пароль-42';
    await clickItem(page, 'users.set_password');
    await focusField(page, 'users.password');
    await page.keyboard.type(password);
    await context.setOffline(true);
    await clickItem(page, 'users.password_save');
    await waitForState(page, 'users.password', (v) => v && v.failed && /Нет сети/.test(v.message));
    await context.setOffline(false);
    await clickItem(page, 'users.password_save');
    await waitForState(page, 'users.password', (v) => v && !v.failed && v.message === 'Пароль изменён', 30_000);

    // A rep's device signs in with the new password; the old one is refused.
    repContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const repPage = await repContext.newPage();
    await openApp(repPage, demo.url, { as: false });
    await submitSignIn(repPage, rep);
    await repPage.waitForFunction(() => window.crm.signIn.error !== null && !window.crm.signIn.busy);
    assert.equal((await signIn(repPage)).error, 'Неверный логин или пароль');
    await signInWithForm(repPage, { login: rep.login, password });
    assert.equal((await state(repPage, 'account')).role, 'rep');
    // Not an admin: no Users section.
    assert.equal(await repPage.evaluate(() => window.crm.itemRect('nav.section.users')), null);
  });
});
