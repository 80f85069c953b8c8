// E2E: the offline app shell (web/sw.js; its page side is web/shell_update.js and web/update_prompt.js).
// 1. After one visit the service worker serves the page with no network.
// 2. Update: a page of build A stays open (the open session) while build B appears in the server's web root (a
//    copy of the built one, rewritten the way a deploy would). A new tab starts at once on A's shell, without
//    waiting for the network, and waits, saying so, because the open session is the origin's one writer of the
//    database. Beside that, its check finds B, which installs and waits; both tabs show the "new version ready"
//    prompt. The session's button is disabled while its form is open (nothing unsaved may be lost). Accepted in
//    the waiting tab, B takes over: that tab, still loading, reloads into B (files of two builds never meet) and
//    keeps waiting; the open session is not reloaded, keeps running A's code and syncing, and its prompt now
//    reloads it into B. Accepted there (the waiting tab closed), the session runs B.
// 3. Build C appears, the running session finds it and is closed without accepting: the browser started again on
//    the profile opens C at once, without a reload.
// Every wait is for a condition with a bounded timeout; none is a fixed sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WEB_ROOT, startServer, launchBrowser, launchProfile, openApp, reloadApp, state, waitForState, clickItem,
  guarded, shellState, waitForShell, openSecondTab, pageConsole, screenshotPath } from './harness.mjs';

const CONTROLLED_TIMEOUT_MS = 30_000;  // the first visit's worker installing and claiming the page
const NEW_VERSION_TIMEOUT_MS = 60_000;  // a new version found, installed (its whole shell) and taking over
const POLL_MS = 100;

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const shellVersion = (page) => page.evaluate(async () => {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return null;
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); });
  worker.postMessage('version', [channel.port2]);
  return answer;
});

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
                                                  { timeout: CONTROLLED_TIMEOUT_MS });

test('after one visit the app opens with no network', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await guarded('offline', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await controlled(page);
    const version = await shellVersion(page);
    assert.match(version, /^[0-9a-f]{16}$/, 'the shell version is the build hash');

    await context.setOffline(true);
    await reloadApp(page);
    assert.ok((await state(page, 'frame')) > 0, 'the app renders from the cached shell');
    await waitForState(page, 'status.phase', (v) => v === 'offline');
    assert.equal(await shellVersion(page), version);
    await page.screenshot({ path: screenshotPath('offline-start-1280x800.png') });
    // Other pages of the origin are not invented by the worker: a request it does not know fails offline.
    const healthz = await page.evaluate(() => fetch('healthz').then(() => 'answered', () => 'failed'));
    assert.equal(healthz, 'failed');
  });
});

// ---- update ---------------------------------------------------------------------------------------------------

const manifestVersion = (root) =>
  /version: '([0-9a-f]{16})'/.exec(readFileSync(path.join(root, 'shell-manifest.js'), 'utf8'))[1];

// Writes next to the file and renames over it, as a deploy should: the server never reads half a file.
function replaceFile(file, content) {
  writeFileSync(file + '.new', content);
  renameSync(file + '.new', file);
}

// What a new build looks like to the browser: a changed shell file and a manifest with a new version hash.
// The style sheet carries the build in a custom property, so a page shows which build's shell it loaded.
function publishNewBuild(root) {
  const old = manifestVersion(root);
  const version = createHash('sha256').update(`next build after ${old}`).digest('hex').slice(0, 16);
  const css = path.join(root, 'style.css');
  replaceFile(css, `${readFileSync(css, 'utf8')}\n:root { --crm-build: b${version}; }\n`);
  const manifest = path.join(root, 'shell-manifest.js');
  replaceFile(manifest, readFileSync(manifest, 'utf8').replace(`version: '${old}'`, `version: '${version}'`));
  return version;
}

const buildMark = (page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--crm-build').trim());

// Polls `fn` in the page until it answers truthy. A navigation in between (the take-over reload) destroys the
// page's context: that try counts as "not yet".
async function pollPage(page, fn, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await page.evaluate(fn);
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    await page.waitForTimeout(POLL_MS);
  }
  throw new Error(`never saw ${what}; last: ${JSON.stringify(last)}`);
}

function countNavigations(page) {
  const counter = { count: 0 };
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) counter.count += 1; });
  return counter;
}

// The open session is alive: it renders new frames and completes a new sync cycle with the server.
async function assertSessionWorks(page, label) {
  await page.bringToFront();  // a background tab gets no animation frames, and the app syncs from its frame loop
  const frame = await state(page, 'frame');
  await page.evaluate(() => window.crm.waitFrames(3));
  assert.ok((await state(page, 'frame')) >= frame + 3, `${label}: renders`);
  const before = (await state(page, 'platform.sync')).last_synced_ms;
  // 'online' makes the sync driver run a cycle now (wasm/sync_driver.cpp) instead of at the next interval.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  const after = await waitForState(page, 'platform.sync',
                                   (s) => s && s.phase === 'synced' && s.last_synced_ms > before);
  assert.ok(after.last_synced_ms > before, `${label}: syncs`);
}

// The prompt as the page shows it: visible, its button enabled, its note.
const prompt = (page) => page.evaluate(() => {
  const bar = document.getElementById('update-bar');
  return { shown: !bar.hidden, enabled: !document.getElementById('update-apply').disabled,
           note: bar.querySelector('.update-note').textContent };
});
const accept = (page) => page.click('#update-apply');
const waitingForOtherTab = (page, what) =>
  pollPage(page, () => /другой вкладке/.test(document.querySelector('.loader-text')?.textContent || ''), what,
           NEW_VERSION_TIMEOUT_MS);

test('a new version is found beside the running app, used when the rep accepts or at the next start', async () => {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'crm-web-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'crm-update-profile-'));
  cpSync(WEB_ROOT, webRoot, { recursive: true });
  const updateServer = await startServer({ demo: true, webRoot });
  const launch = () => launchProfile(profile, { viewport: { width: 1280, height: 800 } });
  let context = await launch();
  const session = context.pages()[0] || await context.newPage();
  let visit = null;
  const cleanUp = async () => {
    await context.close();
    await updateServer.stop();
    rmSync(webRoot, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  await guarded('update', { pages: () => context.pages(), close: cleanUp }, async () => {
    // Visit 1, build A: the open session.
    const sessionNavigations = countNavigations(session);
    await openApp(session, updateServer.url);
    await controlled(session);
    const versionA = await shellVersion(session);
    assert.equal(versionA, manifestVersion(webRoot), 'the worker runs the served build');
    assert.equal(await buildMark(session), '', 'build A has no build mark');

    // Build B appears on the server; the server serves it at once.
    const versionB = publishNewBuild(webRoot);
    assert.notEqual(versionB, versionA);
    const served = await fetch(new URL('style.css', updateServer.url)).then((r) => r.text());
    assert.ok(served.includes(`--crm-build: b${versionB}`), 'the server serves the new style sheet');
    await assertSessionWorks(session, 'the open session before the new visit');

    // A new tab starts on the shell at hand (A), not waiting for the network, and waits for the open session.
    visit = await context.newPage();
    const visitNavigations = countNavigations(visit);
    await visit.goto(updateServer.url);
    await waitingForOtherTab(visit, 'the new tab waiting for the open session');
    assert.equal(await buildMark(visit), '', 'the new tab started on A\'s shell');
    // Beside it, its check finds B, which installs and waits; the prompt shows there and in the session.
    await waitForShell(visit, (s) => s.status === 'ready', 'ready in the new tab', NEW_VERSION_TIMEOUT_MS);
    assert.deepEqual(await prompt(visit), { shown: true, enabled: true, note: 'Или при следующем запуске / Or at the next start' });
    await visit.screenshot({ path: screenshotPath('update-prompt-waiting-tab-1280x800.png') });
    await waitForShell(session, (s) => s.status === 'ready', 'ready in the open session', NEW_VERSION_TIMEOUT_MS);
    assert.equal(visitNavigations.count, 1, 'no reload of the new tab so far');
    assert.equal(sessionNavigations.count, 1);
    assert.equal(await shellVersion(session), versionA, 'B waits; A still serves');

    // The session on a phone-sized window: the prompt fits; while a form is open its button is disabled.
    await session.bringToFront();
    await session.setViewportSize({ width: 390, height: 844 });
    await waitForState(session, 'layout', (v) => v === 'narrow');
    await clickItem(session, 'list.new');
    await waitForState(session, 'form.mode', (v) => v === 'create');
    const blocked = await waitForShell(session, (s) => s.blockedBy === 'form', 'blocked by the open form');
    assert.equal(blocked.canUpdate, false);
    assert.equal((await prompt(session)).enabled, false);
    await session.screenshot({ path: screenshotPath('update-prompt-form-open-390x844.png') });
    assert.equal(await session.evaluate(() => window.crm.shell.apply()), false, 'apply refuses while blocked');
    await clickItem(session, 'form.cancel');
    await waitForState(session, 'form.mode', (v) => v === null);
    await waitForShell(session, (s) => s.canUpdate && s.blockedBy === null, 'enabled after the form closed');
    const bar = await session.evaluate(() => {
      const r = document.getElementById('update-bar').getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    assert.ok(bar.left >= 0 && bar.right <= 390 && bar.top >= 0 && bar.bottom <= 844, JSON.stringify(bar));
    await session.screenshot({ path: screenshotPath('update-prompt-390x844.png') });
    await session.setViewportSize({ width: 1280, height: 800 });

    // Accepted in the waiting tab: B takes over. That tab was still loading, so it reloads into B (once) and
    // keeps waiting for the open session.
    await visit.bringToFront();
    await accept(visit);
    await pollPage(visit, () => getComputedStyle(document.documentElement).getPropertyValue('--crm-build').trim(),
                   'the waiting tab on build B', NEW_VERSION_TIMEOUT_MS);
    await waitingForOtherTab(visit, 'the new tab on B, waiting for the open session');
    assert.equal(await buildMark(visit), `b${versionB}`);
    assert.equal(await shellVersion(visit), versionB, 'B\'s worker controls the new tab');
    assert.equal(visitNavigations.count, 2, 'the new tab reloaded exactly once, into B');
    const cachedCss = await visit.evaluate(() => fetch('style.css').then((r) => r.text()));
    assert.ok(cachedCss.includes(`--crm-build: b${versionB}`), 'the shell cache holds B\'s files');

    // The open session: not reloaded, still A's code and style, now served by B's worker, still working; its
    // prompt stays and now only reloads it.
    assert.equal(sessionNavigations.count, 1, 'the open session was not reloaded');
    assert.equal(await buildMark(session), '', 'the open session still runs build A');
    assert.equal(await shellVersion(session), versionB, 'B\'s worker took over the open session too');
    await assertSessionWorks(session, 'the open session after the take-over');
    assert.equal((await shellState(session)).status, 'ready');
    await session.screenshot({ path: screenshotPath('update-open-session-1280x800.png') });

    // The waiting tab closes; accepted in the session, it reloads into B and runs it.
    await visit.close();
    visit = null;
    await session.bringToFront();
    await waitForShell(session, (s) => s.canUpdate, 'enabled in the session');
    await accept(session);
    await pollPage(session, () => getComputedStyle(document.documentElement).getPropertyValue('--crm-build').trim() &&
                                  window.crm.frame() > 0, 'the session on build B', NEW_VERSION_TIMEOUT_MS);
    await session.evaluate(() => window.crm.ready);
    assert.equal(await buildMark(session), `b${versionB}`);
    assert.equal(sessionNavigations.count, 2, 'the session reloaded exactly once');
    await waitForShell(session, (s) => s.status === 'current', 'current on build B');
    assert.equal((await prompt(session)).shown, false);
    assert.deepEqual(pageConsole(session).filter((l) => l.startsWith('[pageerror]')), []);

    // Build C appears; the session finds it and the browser is closed without accepting. Started again on the
    // profile, the browser opens C at once: no reload, no prompt.
    const versionC = publishNewBuild(webRoot);
    await session.evaluate(() => window.crm.shell.check());
    await waitForShell(session, (s) => s.status === 'ready', 'ready for C', NEW_VERSION_TIMEOUT_MS);
    await context.close();
    context = await launch();
    const next = context.pages()[0] || await context.newPage();
    const nextNavigations = countNavigations(next);
    await openApp(next, updateServer.url);
    assert.equal(await buildMark(next), `b${versionC}`, 'the next start runs C');
    assert.equal(await shellVersion(next), versionC);
    assert.equal(nextNavigations.count, 1, 'no reload');
    await openSecondTab(context);
    await waitForShell(next, (s) => s.status === 'current', 'current on build C');
    assert.equal((await prompt(next)).shown, false);
  });
});
