// "First start of a new device" sections of the benchmark (scripts/bench.sh):
//  - "newdevice": the demo data (the server started with --demo-data: 800 companies, 2,400 contacts) opened on
//    a new profile, on a laptop viewport and on a phone profile (390×844, touch, CPU throttled 4× through CDP);
//  - "sync100k": 100,000 contacts (a server data folder made natively by crm-sync-bench --make-server-db) synced
//    into a new browser, then the wasm heap beside the database file.
// Reported: navigation → first frame, → data shown (crm.timing.dataShownMs: the first frame after the first
// synced page), → all synced (crm.ready on a first start: the first sync cycle ended); then where the time went
// (crm.timing.steps, medians per device kind).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, CHROMIUM, BROWSER_ARGS, WASM_BUILD, SYNC_BENCH_BIN, startServer, signInDevice, fmt, median, mib,
  table, state, waitForState, verdict } from './common.mjs';

const RUNS = Number(process.env.CRM_BENCH_FIRST_START_RUNS || 3);  // new profiles per device kind
const DEMO_RECORDS = 3200;                  // core/limits.hpp: kDemoCompanies + kDemoContacts
const TARGET_DEMO_DATA_SHOWN_MS = 2000;
const BIG_CONTACTS = 100_000;
const TARGET_BIG_DATA_SHOWN_MS = 10_000;
const TARGET_HEAP_PER_FILE = 1.5;           // wasm heap ≤ 1.5× the database file
const SYNC_TIMEOUT_MS = 15 * 60_000;
const SAVE_TIMEOUT_MS = 10 * 60_000;
const LAPTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const PHONE_CPU_SLOWDOWN = 4;

const counts = (page) => page.evaluate(() => {
  const one = (sql) => {
    const r = window.crm.test.sql(sql);
    return r && r.ok ? Number(r.rows[0][0]) : null;
  };
  return { contacts: one('SELECT count(*) FROM contacts WHERE deleted = 0'),
           companies: one('SELECT count(*) FROM companies WHERE deleted = 0') };
});

// A new profile opens the server's URL, signed in as its admin (who sees every record) through a session preset
// before the page's first script, as a device that signed in before; resolves when the first sync cycle ended.
async function firstStart(server, device, cpuSlowdown, timeoutMs) {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-first-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS, ...device,
  });
  try {
    await signInDevice(context, server);
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('console', (m) => { if (m.type() === 'error') console.error('[app]', m.text()); });
    if (cpuSlowdown > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    }
    await page.goto(server.url);
    await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: timeoutMs });
    await page.evaluate(() => window.crm.ready);
    const timing = await page.evaluate(() => ({ ...window.crm.timing }));
    const sync = await state(page, 'platform.sync');
    return { page, context, profileDir, timing, sync, ...(await counts(page)) };
  } catch (e) {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
}

async function closeStart(run) {
  await run.context.close();
  rmSync(run.profileDir, { recursive: true, force: true });
}

const ms = (v) => (v == null ? '—' : `${fmt(v, 0)} ms`);
const spread = (runs, pick) => {
  const values = runs.map(pick).filter((v) => v != null);
  if (!values.length) return '—';
  return `${ms(median(values))} (${fmt(Math.min(...values), 0)}–${fmt(Math.max(...values), 0)})`;
};

export async function benchNewDevice() {
  const server = await startServer(path.join(WASM_BUILD, 'web'), { args: ['--demo-data'] });
  try {
    const kinds = { 'laptop (1280×800)': [LAPTOP, 1],
                    [`phone (390×844, touch, CPU ÷${PHONE_CPU_SLOWDOWN})`]: [PHONE, PHONE_CPU_SLOWDOWN] };
    const results = {};
    for (const [name, [device, slowdown]] of Object.entries(kinds)) {
      results[name] = [];
      for (let i = 0; i < RUNS; ++i) {
        const run = await firstStart(server, device, slowdown, SYNC_TIMEOUT_MS);
        results[name].push(run);
        await closeStart(run);
      }
    }
    const names = Object.keys(results);
    const shownMet = names.every((n) => median(results[n].map((r) => r.timing.dataShownMs)) <= TARGET_DEMO_DATA_SHOWN_MS);
    table(`First start of a new device on the demo data (${DEMO_RECORDS.toLocaleString('en')} records; ` +
          `median (min–max) of ${RUNS} new profiles each)`,
          ['ms since navigation', ...names, 'goal'], [
            ['navigation → first frame', ...names.map((n) => spread(results[n], (r) => r.timing.firstFrameMs)), ''],
            ['navigation → data shown (first synced page)',
             ...names.map((n) => spread(results[n], (r) => r.timing.dataShownMs)),
             verdict(shownMet, `≤ ${TARGET_DEMO_DATA_SHOWN_MS} ms, both`)],
            ['navigation → all synced (crm.ready)', ...names.map((n) => spread(results[n], (r) => r.timing.readyMs)), ''],
            ['records after the start (companies + contacts)',
             ...names.map((n) => results[n].map((r) => r.companies + r.contacts).join(', ')), `${DEMO_RECORDS}`],
          ]);
    printSteps(results);
  } finally {
    server.stop();
  }
}

// Where a start's time goes (crm.timing.steps, web/timing.js): each step's median start and end, in ms since
// navigation, per device kind. Steps overlap (downloads, the saved database and the first sync run side by side).
function printSteps(results) {
  const names = Object.keys(results);
  const steps = new Set();
  for (const n of names) for (const r of results[n]) for (const s of Object.keys(r.timing.steps || {})) steps.add(s);
  const cell = (runs, s) => {
    const got = runs.map((r) => r.timing.steps && r.timing.steps[s]).filter(Boolean);
    if (!got.length) return '—';
    const start = median(got.map((g) => g.startMs));
    const ends = got.map((g) => g.endMs).filter((v) => v != null);
    if (!ends.length) return `${fmt(start, 0)} → …`;
    const end = median(ends);
    return `${fmt(start, 0)} → ${fmt(end, 0)} (${fmt(median(got.filter((g) => g.endMs != null)
      .map((g) => g.endMs - g.startMs)), 0)})`;
  };
  const order = [...steps].sort((a, b) => {
    const first = (s) => median(names.flatMap((n) => results[n].map((r) => r.timing.steps?.[s]?.startMs ?? Infinity)));
    return first(a) - first(b);
  });
  table('Steps of a new device\'s first start (crm.timing.steps: median start → end (duration), ms since navigation)',
        ['step', ...names], order.map((s) => [s, ...names.map((n) => cell(results[n], s))]));
}

export async function benchSync100k() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-100k-server-'));
  let server = null;
  try {
    const made = Date.now();
    execFileSync(SYNC_BENCH_BIN, ['--make-server-db', dataDir, '--contacts', String(BIG_CONTACTS)], { stdio: 'ignore' });
    console.log(`sync100k: server data folder made natively in ${fmt((Date.now() - made) / 1000, 1)} s`);
    // The folder holds no account: startServer makes its admin there before the start.
    server = await startServer(path.join(WASM_BUILD, 'web'), { dataDir });
    const run = await firstStart(server, LAPTOP, 1, SYNC_TIMEOUT_MS);
    try {
      const saveStart = Date.now();
      const saved = await waitForState(run.page, 'platform.storage', (s) => s && s.phase === 'saved', SAVE_TIMEOUT_MS);
      const saveMs = Date.now() - saveStart;
      const heap = await run.page.evaluate(() => {
        const m = window.Module;
        if (m && m.HEAPU8) return m.HEAPU8.length;
        return m && m.wasmMemory ? m.wasmMemory.buffer.byteLength : null;
      });
      const ratio = heap && saved.file_bytes ? heap / saved.file_bytes : null;
      const t = run.timing;
      table(`Initial sync of ${BIG_CONTACTS.toLocaleString('en')} contacts into a new browser (laptop 1280×800, ` +
            'the release server on this machine)', ['metric', 'value', 'goal'], [
        ['navigation → first frame', ms(t.firstFrameMs), ''],
        ['navigation → data shown (first synced page)', ms(t.dataShownMs),
         verdict(t.dataShownMs != null && t.dataShownMs <= TARGET_BIG_DATA_SHOWN_MS, `≤ ${TARGET_BIG_DATA_SHOWN_MS} ms`)],
        [`navigation → all synced (${run.contacts} contacts, ${run.companies} companies)`, ms(t.readyMs),
         verdict(t.readyMs != null && t.readyMs <= TARGET_BIG_DATA_SHOWN_MS, `≤ ${TARGET_BIG_DATA_SHOWN_MS} ms`)],
        ['all synced → saved to IndexedDB', `${fmt(saveMs / 1000, 1)} s`, ''],
        ['database file / wasm heap (HEAPU8.length)', `${mib(saved.file_bytes)} MiB / ${mib(heap)} MiB`, ''],
        ['wasm heap ÷ database file', ratio == null ? '—' : `${fmt(ratio, 2)}×`,
         verdict(ratio != null && ratio <= TARGET_HEAP_PER_FILE, `≤ ${TARGET_HEAP_PER_FILE}×`)],
        ['sync state after the start', `${run.sync.phase}, ${run.sync.pending} pending`, ''],
      ]);
    } finally {
      await closeStart(run);
    }
  } finally {
    server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
