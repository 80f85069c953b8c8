// "today" section of the benchmark (scripts/bench.sh, CRM_BENCH_ONLY=today): the Today screen with 5,000
// activities in the page (crm.test.seedContacts for their companies, then crm.test.createRecords through the
// activities' repository: spread over the last and next 30 days, past ones mostly done). Measured through
// window.crm (docs/automation.md): core's read of Today (today.load_ms) when the section opens and after a
// write, the time from the tap on the section to the first frame showing it, and the frame time while scrolling
// the groups. Offline throughout: the seeded activities are local edits, and pushing them would run beside the
// measurements.
import { openSeededPage, fmt, median, table, state, waitForState,
  clickItem } from './common.mjs';

const ACTIVITIES = 5_000;
const CONTACTS = 500;           // their companies are the activities' customers
const SEED = 42;
const BATCH = 500;              // activities per createRecords call (one transaction each)
const SPREAD_DAYS = 30;         // due times within this many days before and after now
const DONE_SHARE_PAST = 0.8;    // of the past activities, this share is done
const VIEWPORT = { width: 1280, height: 800 };
const SCROLL_WHEEL_EVENTS = 100;  // one per frame
const SCROLL_WHEEL_DELTA_PX = 200;
const OPENS = 5;                // section switches timed
const SEED_TIMEOUT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const TYPES = ['call', 'meeting', 'visit', 'email', 'message', 'note', 'task'];
const OWNERS = ['anna', 'boris', 'vera'];

const frames = (page, n = 1) => page.evaluate((k) => window.crm.waitFrames(k), n);
const perf = (page) => page.evaluate(() => ({
  p50: window.crm.state('perf.frame_ms_p50'), p95: window.crm.state('perf.frame_ms_p95'),
  uiP50: window.crm.state('perf.ui_ms_p50'), uiP95: window.crm.state('perf.ui_ms_p95'),
}));

// A small deterministic generator (mulberry32), so every run seeds the same day.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function activities(companies, now) {
  const rnd = random(SEED);
  const out = [];
  for (let i = 0; i < ACTIVITIES; ++i) {
    const due = now + Math.round((rnd() * 2 - 1) * SPREAD_DAYS * DAY_MS / 60_000) * 60_000;
    const a = { type: TYPES[Math.floor(rnd() * TYPES.length)], subject: `Активность ${i + 1}`,
                company_id: companies[Math.floor(rnd() * companies.length)], owner: OWNERS[i % OWNERS.length],
                due_at: due };
    if (due < now && rnd() < DONE_SHARE_PAST) a.done_at = due + 30 * 60_000;
    out.push(a);
  }
  return out;
}

// From the click on Today's section button to the first frame whose state says Today is shown and read.
async function timedOpen(page) {
  await clickItem(page, 'nav.section.customers');
  await waitForState(page, 'nav.section', (s) => s === 'customers');
  const r = await page.evaluate(() => window.crm.itemRect('nav.section.today'));
  await page.evaluate(() => {
    window.__todayOpen = new Promise((resolve) => {
      let t0 = null;
      window.addEventListener('mouseup', () => { t0 = performance.now(); }, { once: true, capture: true });
      const check = () => {
        if (t0 !== null && window.crm.state('nav.section') === 'today' && window.crm.state('today.counts')) {
          resolve(performance.now() - t0);
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  });
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  return page.evaluate(() => window.__todayOpen);
}

export async function benchToday() {
  const { page, close, seedMs: contactsMs } = await openSeededPage('today', {
    contacts: CONTACTS, seed: SEED, viewport: VIEWPORT, timeoutMs: SEED_TIMEOUT_MS,
  });
  try {
    const seedStart = Date.now() - contactsMs;
    const companies = (await page.evaluate(() => window.crm.test.sql(
      'SELECT id FROM companies WHERE deleted = 0'))).rows.map((r) => r[0]);
    const now = await page.evaluate(() => Date.now());
    const all = activities(companies, now);
    for (let i = 0; i < all.length; i += BATCH) {
      const r = await page.evaluate(([v]) => window.crm.test.createRecords('activity', v), [all.slice(i, i + BATCH)]);
      if (!r.ok) throw new Error(`createRecords: ${r.error}`);
    }
    const seedMs = Date.now() - seedStart;

    const opens = [];
    const loads = [];
    for (let i = 0; i < OPENS; ++i) {
      opens.push(await timedOpen(page));
      loads.push(await state(page, 'today.load_ms'));
    }
    const counts = await state(page, 'today.counts');
    const rows = Object.values(await state(page, 'today.rows')).reduce((n, ids) => n + ids.length, 0);

    // A write (a new activity through the repository), then the read it causes.
    const before = await state(page, 'today.computations');
    const added = await page.evaluate((t) => window.crm.test.createRecords('activity', [
      { type: 'task', subject: 'Новая', owner: 'anna', due_at: t + 3_600_000 }]), now);
    if (!added.ok) throw new Error(`createRecords: ${added.error}`);
    await waitForState(page, 'today.computations', (n) => n > before);
    const afterWrite = await state(page, 'today.load_ms');

    const area = await page.evaluate(() => window.crm.itemRect(`today.group.overdue`));
    await page.mouse.move(VIEWPORT.width / 3, area.y + 200);
    await frames(page, 2);
    await page.evaluate(() => window.crm.perfReset());
    for (let i = 0; i < SCROLL_WHEEL_EVENTS; ++i) {
      await page.mouse.wheel(0, SCROLL_WHEEL_DELTA_PX);
      await frames(page, 1);
    }
    const scroll = await perf(page);

    table(`Today: ${ACTIVITIES.toLocaleString('en')} activities in the page (±${SPREAD_DAYS} days, past ones ${DONE_SHARE_PAST * 100}% done), 1280×800, headless Chromium`,
      ['measure', 'value'], [
        ['seeding (contacts, then activities through the repository)', `${fmt(seedMs / 1000, 1)} s`],
        ['groups: overdue / today / later / no next step / visits (counts)',
          `${counts.overdue} / ${counts.today} / ${counts.later} / ${counts.no_next_step} / ${counts.visits}`],
        ['rows read (each group capped at kTodayMaxRows)', `${rows}`],
        ['core read of Today (load_today, the first open)', `${fmt(loads[0], 1)} ms`],
        [`tap on the section → first frame showing Today (median of ${OPENS})`, `${fmt(median(opens), 1)} ms`],
        ['core read of Today after a write', `${fmt(afterWrite, 1)} ms`],
        [`scroll the groups (${SCROLL_WHEEL_EVENTS} wheel events): frame p50 / p95`, `${fmt(scroll.p50, 2)} / ${fmt(scroll.p95, 2)} ms`],
        ['  the UI alone (NewFrame…Render) p50 / p95', `${fmt(scroll.uiP50, 2)} / ${fmt(scroll.uiP95, 2)} ms`],
      ]);
    await page.close();
  } finally {
    await close();
  }
}
