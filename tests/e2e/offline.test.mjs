// E2E: the offline app shell (web/sw.js, the service-worker code at the end of web/app.js).
// 1. After one visit the service worker serves the page with no network.
// 2. Update: a page of build A stays open (the open session) while build B appears in the server's web root (a
//    copy of the built one, rewritten the way a deploy would). The open session keeps rendering and syncing on A.
//    A new tab checks for the update before its app loads, waits for B's worker to install, asks it to take over
//    and reloads once into B (its style sheet and its worker are B's); then it waits, saying so, because the open
//    session is the origin's one writer of the database. The open session is not reloaded: it keeps running A's
//    code, and its worker is now B's (its later shell requests would get B's files); it still renders and syncs.
//    When the session closes, the waiting tab starts B. A further visit with nothing new starts at once.
// Every wait is for a condition with a bounded timeout; none is a fixed sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WEB_ROOT, startServer, launchBrowser, openApp, reloadApp, state, waitForState, screenshotPath }
  from './harness.mjs';

const CONTROLLED_TIMEOUT_MS = 30_000;  // the first visit's worker installing and claiming the page
const NEW_VERSION_TIMEOUT_MS = 60_000;  // a new tab: update check, install of B, take-over, reload, app start
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
  try {
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
  } finally {
    await context.close();
  }
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

test('a new version is picked up by the next visit; the open session keeps working', async () => {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'crm-web-'));
  cpSync(WEB_ROOT, webRoot, { recursive: true });
  const updateServer = await startServer({ demo: true, webRoot });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // Visit 1, build A: the open session.
    const session = await context.newPage();
    const sessionNavigations = countNavigations(session);
    const sessionLog = await openApp(session, updateServer.url);
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
    assert.equal(await shellVersion(session), versionA);

    // A new visit gets B: one reload into it after B's worker installed and took over.
    const visit = await context.newPage();
    const visitNavigations = countNavigations(visit);
    const visitLog = [];
    visit.on('pageerror', (e) => visitLog.push(e.message));
    await visit.goto(updateServer.url);
    // B's shell, then the app waits: the open session is the origin's one writer of the database.
    await pollPage(visit, () => getComputedStyle(document.documentElement).getPropertyValue('--crm-build').trim() &&
                                /другой вкладке/.test(document.querySelector('.loader-text')?.textContent || ''),
                   'the new visit on build B, waiting for the open session', NEW_VERSION_TIMEOUT_MS);
    assert.equal(await buildMark(visit), `b${versionB}`, 'the page loaded B\'s style sheet');
    assert.equal(await shellVersion(visit), versionB, 'B\'s worker controls the new visit');
    const cachedCss = await visit.evaluate(() => fetch('style.css').then((r) => r.text()));
    assert.ok(cachedCss.includes(`--crm-build: b${versionB}`), 'the shell cache holds B\'s files');
    assert.equal(visitNavigations.count, 2, 'the new visit reloaded exactly once, into B');
    await visit.screenshot({ path: screenshotPath('update-new-visit-waits-1280x800.png') });

    // The open session after the take-over: not reloaded, still A's code and style, now served by B's worker.
    assert.equal(sessionNavigations.count, 1, 'the open session was not reloaded');
    assert.equal(await buildMark(session), '', 'the open session still runs build A');
    assert.equal(await shellVersion(session), versionB, 'B\'s worker took over the open session too');
    await assertSessionWorks(session, 'the open session after the take-over');
    assert.deepEqual(sessionLog.filter((l) => l.startsWith('[pageerror]')), []);
    await session.screenshot({ path: screenshotPath('update-open-session-1280x800.png') });

    // The session closes: the new visit opens the database and runs B, without another reload.
    await session.close();
    await visit.bringToFront();
    await pollPage(visit, () => window.crm.frame() > 0, 'the new visit started after the session closed',
                   NEW_VERSION_TIMEOUT_MS);
    await visit.evaluate(() => window.crm.ready);
    assert.equal(visitNavigations.count, 2, 'no reload while waiting');
    assert.equal(await buildMark(visit), `b${versionB}`);
    assert.deepEqual(visitLog, []);
    await visit.screenshot({ path: screenshotPath('update-new-visit-1280x800.png') });
    await visit.close();

    // Nothing new on the server: the next visit starts at once, without a reload.
    const next = await context.newPage();
    const nextNavigations = countNavigations(next);
    await openApp(next, updateServer.url);
    assert.equal(await shellVersion(next), versionB);
    assert.equal(await buildMark(next), `b${versionB}`);
    assert.equal(nextNavigations.count, 1, 'no update, no reload');
  } finally {
    await context.close();
    await updateServer.stop();
    rmSync(webRoot, { recursive: true, force: true });
  }
});
