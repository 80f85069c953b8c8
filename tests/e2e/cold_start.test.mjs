// E2E: a rep's morning. The app was visited once on a profile on disk (a contact saved); the browser is closed,
// started again on that profile and the URL opened, as after a night. The app opens within the normal waits
// and shows the saved data: online, offline, and with a server that takes the connection but never answers
// the update check (so nothing on the start path waits for the network). crm.timing lists every step before
// the first frame, and the check for a new version runs beside the app. Every wait is bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, startHoldingProxy, launchProfile, openApp, state, waitForState, guarded, shellState,
  waitForShell, openSecondTab, screenshotPath } from './harness.mjs';

const NAME = 'Утренний Клиент';
const CONTROLLED_TIMEOUT_MS = 30_000;
const SAVED_TIMEOUT_MS = 20_000;
const HELD_TIMEOUT_MS = 30_000;  // the update check's request for sw.js reaching the proxy
const POLL_MS = 50;
// What runs before the first frame (web/app.js and the modules it starts), each timed in crm.timing.steps.
const START_STEPS = ['document', 'head', 'scripts', 'pages', 'pages.lock', 'pages.open', 'pages.read', 'pages.mirror',
                     'pages.reconcile', 'wasm.fetch', 'data.fetch', 'crm.js', 'runtime', 'pages.copy', 'main',
                     'frame.first'];

let server, proxy, profile;
before(async () => {
  server = await startServer({ demo: true });
  // Every visit goes through the proxy, so one origin throughout; the last start makes it hold sw.js.
  proxy = await startHoldingProxy(server.url);
  profile = mkdtempSync(path.join(tmpdir(), 'crm-cold-profile-'));
});
after(async () => {
  await proxy?.stop();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const contactsNamed = async (page, name) => {
  const answer = await page.evaluate((n) => window.crm.test.sql(
    `SELECT id FROM contacts WHERE deleted = 0 AND name = '${n.replace(/'/g, "''")}'`), name);
  assert.ok(answer.ok, answer.error);
  return answer.rows.map((r) => r[0]);
};

// The browser started again on the profile, then the URL opened; `prepare(context)` runs in between.
async function coldStart(label, prepare, check) {
  const context = await launchProfile(profile, { viewport: { width: 1280, height: 800 } });
  const page = context.pages()[0] || await context.newPage();
  await guarded(`cold-start-${label}`, { pages: [page], close: () => context.close() }, async () => {
    if (prepare) await prepare(context);
    await openApp(page, proxy.url);
    await check(page, context);
  });
}

async function assertStartSteps(page) {
  const timing = await page.evaluate(() => JSON.parse(JSON.stringify(window.crm.timing)));
  assert.ok(timing.firstFrameMs > 0 && timing.readyMs >= timing.firstFrameMs, JSON.stringify(timing));
  for (const name of START_STEPS) {
    const step = timing.steps[name];
    assert.ok(step && step.endMs != null, `step ${name} timed: ${JSON.stringify(timing.steps)}`);
    assert.ok(step.startMs <= step.endMs && step.endMs <= timing.firstFrameMs,
              `step ${name} ran before the first frame: ${JSON.stringify(step)}, first frame ${timing.firstFrameMs}`);
  }
  return timing;
}

test('after the browser was closed, a start opens with the saved data: online, offline, update check hanging',
  async () => {
    let id;
    // The first visit: the worker caches the shell, a contact is saved on the device.
    await coldStart('first-visit', null, async (page) => {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
                                 { timeout: CONTROLLED_TIMEOUT_MS });
      const made = await page.evaluate((n) => window.crm.test.createContact(n), NAME);
      assert.ok(made.ok, made.error);
      id = made.id;
      await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= made.seq,
                         SAVED_TIMEOUT_MS);
    });

    await coldStart('online', null, async (page, context) => {
      assert.equal((await state(page, 'platform.storage')).existing, true);
      assert.deepEqual(await contactsNamed(page, NAME), [id]);
      await assertStartSteps(page);
      await openSecondTab(context);
      const shell = await waitForShell(page, (s) => s.status === 'current', 'current (nothing new on the server)');
      assert.ok(shell.checkStartedMs >= (await page.evaluate(() => window.crm.timing.firstFrameMs)),
                'the update check began only once the app ran');
      await waitForState(page, 'platform.sync', (s) => s && s.phase === 'synced');
    });

    // Offline: the pages' requests fail (Playwright's offline mode) and so do the browser's own (the proxy).
    proxy.setDown(true);
    await coldStart('offline', (context) => context.setOffline(true), async (page, context) => {
      assert.deepEqual(await contactsNamed(page, NAME), [id]);
      await assertStartSteps(page);
      await waitForState(page, 'status.phase', (v) => v === 'offline');
      await page.screenshot({ path: screenshotPath('cold-start-offline-1280x800.png') });
      await openSecondTab(context);
      await waitForShell(page, (s) => s.status === 'failed' && s.error, 'failed offline');
    });
    proxy.setDown(false);

    // The server takes the update check's connection and never answers: the app starts all the same, with the
    // check still waiting beside it.
    proxy.hold('/sw.js');
    try {
      await coldStart('update-check-hangs', null, async (page, context) => {
        assert.deepEqual(await contactsNamed(page, NAME), [id]);
        await assertStartSteps(page);
        assert.equal((await shellState(page)).status, 'checking', 'the check runs beside the app');
        await openSecondTab(context);
        const deadline = Date.now() + HELD_TIMEOUT_MS;
        while (proxy.heldCount() === 0 && Date.now() < deadline) await page.waitForTimeout(POLL_MS);
        assert.ok(proxy.heldCount() >= 1, 'sw.js was asked for and is held');
        await page.evaluate(() => window.crm.waitFrames(3));
        assert.equal((await shellState(page)).status, 'checking', 'the check still waits for the server');
      });
    } finally {
      proxy.release();
    }
  });
