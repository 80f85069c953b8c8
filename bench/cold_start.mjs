// "Cold start" section of the benchmark (scripts/bench.sh, CRM_BENCH_ONLY=cold): a rep's morning. The app is
// visited once on a profile on disk and its database filled (200, 2,000 and 100,000 contacts, pushed so
// nothing is pending); then Chromium is started again on that profile and the URL opened, online and offline,
// as a browser closed overnight does. Beside it, reloads inside one running browser (what the 100k section
// measured alone). Reported: navigation → crm.wasm request / first frame / data shown, and every step of the
// start path from crm.timing.steps (docs/automation.md). Each profile is a device signed in once (a session preset
// before its first visit, as after a sign-in), so no sign-in form stands before any start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, CHROMIUM, BROWSER_ARGS, WASM_BUILD, startServer, presetSession, fmt, median, table, state,
  waitForState } from './common.mjs';

// 200 contacts make the issue's ~1 MB database. CRM_BENCH_COLD_CONTACTS=200,2000 (a comma list) measures only
// these sizes: 100,000 takes ~25 min to push.
const COLD_SIZES = (process.env.CRM_BENCH_COLD_CONTACTS || '200,2000,100000').split(',').map(Number);
const COLD_SEED = 7;
const COLD_RUNS = 3;                  // browser starts per mode; the median is shown
const RELOADS = 3;                    // reloads in the running browser: the first one, then the later ones
const VIEWPORT = { width: 1280, height: 800 };
const SETUP_TIMEOUT_MS = 30 * 60_000; // seeding 100k, saving ~100 MiB, pushing ~1.2M changes
const READY_TIMEOUT_MS = 120_000;     // one start, even a slow one, ends within this
const TARGET_WASM_REQUEST_MS = 100;
const TARGET_FIRST_FRAME_MS = 500;

// The profile's session is preset on every start of the browser: a no-op once the profile holds it (the page
// keeps it in localStorage), so a start never meets the sign-in form even if the first visit had not kept it.
async function launch(profileDir, url, session) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, viewport: VIEWPORT, args: BROWSER_ARGS,
  });
  try {
    await presetSession(context, url, session);
  } catch (e) {
    await context.close();
    throw e;
  }
  return context;
}

async function waitReady(page) {
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: READY_TIMEOUT_MS });
  await page.evaluate(() => window.crm.ready);
}

// What the page measured about its own start (ms since navigation start), and whether the data is all there.
const readStart = (page) => page.evaluate(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const wasm = performance.getEntriesByType('resource').find((e) => /\/crm\.wasm(\?|$)/.test(e.name));
  const count = window.crm.test.sql('SELECT count(*) FROM contacts WHERE deleted = 0');
  return {
    timing: JSON.parse(JSON.stringify(window.crm.timing)),
    wasmRequestMs: wasm ? wasm.startTime : null,
    workerStartMs: nav && nav.workerStart > 0 ? nav.workerStart : null,
    documentMs: nav ? nav.responseEnd : null,
    contacts: count && count.ok ? Number(count.rows[0][0]) : null,
    shell: window.crm.shell ? window.crm.shell.status : null,
  };
});

// First visit on a new profile: the worker installs, `n` contacts are seeded, saved on the device and pushed.
async function prepareProfile(profileDir, url, session, n) {
  const context = await launch(profileDir, url, session);
  try {
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(SETUP_TIMEOUT_MS);
    await page.goto(url);
    await waitReady(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const started = Date.now();
    const seeded = await page.evaluate(([count, seed]) => window.crm.test.seedContacts(count, seed), [n, COLD_SEED]);
    if (!seeded || !seeded.ok) throw new Error(`seeding failed: ${JSON.stringify(seeded)}`);
    await waitForState(page, 'platform.storage', (s) => s && s.phase === 'saved', SETUP_TIMEOUT_MS);
    // 'online' starts a sync cycle now; the cycle pushes until nothing is pending.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForState(page, 'platform.sync', (s) => s && s.phase === 'synced' && s.pending === 0, SETUP_TIMEOUT_MS);
    await waitForState(page, 'platform.storage', (s) => s && s.phase === 'saved', SETUP_TIMEOUT_MS);
    const storage = await state(page, 'platform.storage');
    return { setupMs: Date.now() - started, fileBytes: storage.file_bytes };
  } finally {
    await context.close();
  }
}

// Chromium started again on the profile, then the URL opened.
async function coldStart(profileDir, url, session, offline) {
  const context = await launch(profileDir, url, session);
  try {
    const page = context.pages()[0] || await context.newPage();
    if (offline) await context.setOffline(true);
    await page.goto(url);
    await waitReady(page);
    return await readStart(page);
  } finally {
    await context.close();
  }
}

// One running browser: the URL opened, then reloaded RELOADS times.
async function reloads(profileDir, url, session) {
  const context = await launch(profileDir, url, session);
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.goto(url);
    await waitReady(page);
    const out = [];
    for (let i = 0; i < RELOADS; ++i) {
      await page.reload();
      await waitReady(page);
      out.push(await readStart(page));
    }
    return out;
  } finally {
    await context.close();
  }
}

const ms = (v) => (v == null ? '—' : `${fmt(v, 0)} ms`);
const med = (runs, pick) => {
  const values = runs.map(pick).filter((v) => v != null);
  return values.length ? median(values) : null;
};
const range = (runs, pick) => {
  const values = runs.map(pick).filter((v) => v != null);
  if (!values.length) return '—';
  return `${ms(median(values))} (${fmt(Math.min(...values), 0)}–${fmt(Math.max(...values), 0)})`;
};

function printSize(n, prepared, modes) {
  const names = Object.keys(modes);
  const rows = [
    ['navigation → crm.wasm request', ...names.map((m) => range(modes[m], (r) => r.wasmRequestMs)),
     `≤ ${TARGET_WASM_REQUEST_MS} ms`],
    ['navigation → first frame', ...names.map((m) => range(modes[m], (r) => r.timing.firstFrameMs)),
     `≤ ${TARGET_FIRST_FRAME_MS} ms`],
    ['navigation → data shown (ready)', ...names.map((m) => range(modes[m], (r) => r.timing.readyMs)), ''],
    ['service worker started (navigation timing)', ...names.map((m) => ms(med(modes[m], (r) => r.workerStartMs))), ''],
    ['page received (navigation timing)', ...names.map((m) => ms(med(modes[m], (r) => r.documentMs))), ''],
    ['contacts shown after the start', ...names.map((m) => modes[m].map((r) => r.contacts).join(', ')), `${n}`],
    ['update check when ready (crm.shell.status)', ...names.map((m) => [...new Set(modes[m].map((r) => r.shell))].join(', ')), ''],
  ];
  table(`Cold start, ${n.toLocaleString('en')} contacts (${fmt(prepared.fileBytes / 1048576, 1)} MiB database; ` +
        `median (min–max) of ${COLD_RUNS} starts, reloads: ${RELOADS} in one browser)`,
        ['ms since navigation', ...names, 'target'], rows);

  // The steps before the first frame, as the page timed them: when each ended (median) and how long it took.
  const stepNames = [];
  for (const m of names) {
    for (const r of modes[m]) for (const s of Object.keys(r.timing.steps || {})) if (!stepNames.includes(s)) stepNames.push(s);
  }
  if (!stepNames.length) return;
  const cell = (runs, s) => {
    const end = med(runs, (r) => r.timing.steps?.[s]?.endMs);
    const took = med(runs, (r) => {
      const step = r.timing.steps?.[s];
      return step && step.endMs != null ? step.endMs - step.startMs : null;
    });
    return end == null ? '—' : `${fmt(took, 0)} → ends ${fmt(end, 0)}`;
  };
  table(`Start steps, ${n.toLocaleString('en')} contacts: ms taken → ms since navigation when done (medians)`,
        ['step', ...names], stepNames.map((s) => [s, ...names.map((m) => cell(modes[m], s))]));
}

export async function benchColdStart() {
  for (const n of COLD_SIZES) {
    const server = await startServer(path.join(WASM_BUILD, 'web'));
    const profileDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-cold-'));
    try {
      const session = await server.login();  // this profile's device: one session for all its starts
      const prepared = await prepareProfile(profileDir, server.url, session, n);
      console.log(`cold start ${n}: profile prepared in ${fmt(prepared.setupMs / 1000, 1)} s ` +
                  '(seeded, saved on the device, pushed to the server)');
      const online = [], offline = [];
      for (let i = 0; i < COLD_RUNS; ++i) {
        online.push(await coldStart(profileDir, server.url, session, false));
        offline.push(await coldStart(profileDir, server.url, session, true));
      }
      const reloaded = await reloads(profileDir, server.url, session);
      printSize(n, prepared, {
        'cold start, online': online,
        'cold start, offline': offline,
        'first reload': reloaded.slice(0, 1),
        'later reloads': reloaded.slice(1),
      });
    } finally {
      server.stop();
      rmSync(profileDir, { recursive: true, force: true });
    }
  }
}
