// E2E: a new device's first start. The page's head asks the server for the first page of data (start_early.js)
// while the module downloads; the sync driver's first request takes that answer instead of asking again, and the
// driver pulls on from where that page ends. An early request that fails only means the driver asks itself; a
// returning device (its service worker in control) asks nothing early. Every wait is bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchProfile, openApp, reloadApp, guarded, presetSession } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO_RECORDS = 3200;  // core/limits.hpp: kDemoCompanies + kDemoContacts
const CONTROLLED_TIMEOUT_MS = 30_000;
const SYNC_URL = '/api/v1/sync';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

// A new profile; every sync request's body is kept in `pulls` in the order they were sent.
async function newDevice(label, body) {
  const profile = mkdtempSync(path.join(tmpdir(), 'crm-first-start-'));
  const context = await launchProfile(profile, { viewport: { width: 1280, height: 800 } });
  const page = context.pages()[0] || await context.newPage();
  // Signed in already (a new device's first start is after its sign-in): the head may ask for data at once.
  await presetSession(page, server.url);
  const pulls = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === SYNC_URL && r.method() === 'POST') pulls.push(JSON.parse(r.postData()));
  });
  try {
    await guarded(`first-start-${label}`, { pages: [page] }, () => body(page, pulls, context));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const records = (page) => page.evaluate(() => {
  const r = window.crm.test.sql('SELECT (SELECT count(*) FROM contacts WHERE deleted = 0) + ' +
                                '(SELECT count(*) FROM companies WHERE deleted = 0)');
  return r && r.ok ? Number(r.rows[0][0]) : null;
});
const timingOf = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.crm.timing)));

test('a new device takes the first page the head asked for and never asks for it again', async () => {
  await newDevice('early', async (page, pulls, context) => {
    await openApp(page, server.url);
    const timing = await timingOf(page);
    assert.equal(timing.firstSync, 'early', JSON.stringify(timing));
    const firsts = pulls.filter((p) => p.cursor === 0);
    assert.equal(firsts.length, 1, `one request from cursor 0: ${JSON.stringify(pulls.map((p) => p.cursor))}`);
    assert.ok(pulls.length >= 2 && pulls[1].cursor > 0, 'the driver pulled on from the early page');
    // Asked for before the module started, and shown no later than the first frame that could show it.
    assert.ok(timing.steps['sync.early'].startMs < timing.steps['crm.js'].startMs, JSON.stringify(timing.steps));
    assert.ok(timing.dataShownMs >= timing.firstFrameMs, JSON.stringify(timing));
    // An answer in before the first frame is applied before it is built: that frame shows the data.
    if (timing.steps['sync.early'].endMs < timing.steps['frame.first'].startMs) {
      assert.equal(timing.dataShownFrame, 1, JSON.stringify(timing));
    }
    assert.equal(await records(page), DEMO_RECORDS);
    // The canvas's WebGL context was made by the page before main() (web/loader.js), with main()'s attributes.
    assert.ok(timing.steps.webgl && timing.steps.webgl.endMs <= timing.steps.main.startMs, JSON.stringify(timing.steps));
    const attributes = await page.evaluate(() => document.getElementById('canvas').getContext('webgl2')
      .getContextAttributes());
    assert.deepEqual([attributes.alpha, attributes.depth, attributes.stencil, attributes.antialias,
                      attributes.premultipliedAlpha], [false, false, false, false, true]);

    // Now a returning device: its service worker is in control, so the head asks for nothing.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
                               { timeout: CONTROLLED_TIMEOUT_MS });
    pulls.length = 0;
    await reloadApp(page);
    const again = await timingOf(page);
    assert.equal(again.firstSync, null, JSON.stringify(again));
    // Saved data is drawn by the first frame, and that frame says so (not the one after it).
    assert.equal(again.dataShownFrame, 1, JSON.stringify(again));
    assert.equal(again.readyFrame, 1, JSON.stringify(again));
    assert.ok(!again.steps['sync.early'], 'no early request on a returning device');
    assert.ok(pulls.every((p) => p.cursor > 0), `pulls after the reload: ${JSON.stringify(pulls)}`);
    assert.equal(await records(page), DEMO_RECORDS);
    void context;
  });
});

test('a failed early request falls back to the driver asking itself', async () => {
  await newDevice('early-failed', async (page, pulls) => {
    let seen = 0;
    await page.route(`**${SYNC_URL}`, (route) => (++seen === 1 ? route.abort('connectionrefused') : route.continue()));
    await openApp(page, server.url);
    const timing = await timingOf(page);
    assert.match(String(timing.firstSync), /^fallback/, JSON.stringify(timing));
    assert.equal(pulls.filter((p) => p.cursor === 0).length, 2, 'the early request, then the driver\'s own');
    assert.equal(await records(page), DEMO_RECORDS);
  });
});

test('a refused early request (HTTP 503) falls back too', async () => {
  await newDevice('early-refused', async (page, pulls) => {
    let seen = 0;
    await page.route(`**${SYNC_URL}`, (route) => (++seen === 1
      ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"busy"}' })
      : route.continue()));
    await openApp(page, server.url);
    const timing = await timingOf(page);
    assert.equal(timing.firstSync, 'fallback: HTTP 503', JSON.stringify(timing));
    assert.equal(pulls.filter((p) => p.cursor === 0).length, 2);
    assert.equal(await records(page), DEMO_RECORDS);
  });
});

test('the early request speaks the protocol and schema of core', () => {
  const read = (p) => readFileSync(path.join(root, p), 'utf8');
  const number = (text, re, what) => {
    const m = text.match(re);
    assert.ok(m, `${what} not found`);
    return Number(m[1]);
  };
  const early = read('web/start_early.js');
  assert.equal(number(early, /const PROTOCOL = (\d+);/, 'PROTOCOL'),
               number(read('core/sync/protocol.hpp'), /kProtocolVersion = (\d+);/, 'kProtocolVersion'));
  assert.equal(number(early, /const SCHEMA = (\d+);/, 'SCHEMA'),
               number(read('core/storage/migrations.hpp'), /kSchemaVersion = (\d+);/, 'kSchemaVersion'));
});

test('the page preloads every module app.js imports', () => {
  const web = path.join(root, 'web');
  const imports = (file) => [...readFileSync(path.join(web, file), 'utf8')
    .matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?'\.\/([\w.]+\.js)';/gm)].map((m) => m[1]);
  const reachable = new Set(['app.js']);
  for (const file of reachable) for (const dep of imports(file)) reachable.add(dep);
  assert.ok(reachable.size > 5, `imports found: ${[...reachable]}`);
  const html = readFileSync(path.join(web, 'index.html'), 'utf8');
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([\w.]+\.js)">/g)].map((m) => m[1]));
  assert.deepEqual([...reachable].filter((f) => !preloaded.has(f)), [], 'modules not preloaded');
  assert.deepEqual([...preloaded].filter((f) => !reachable.has(f)), [], 'preloaded but never imported');
});
