// "timeline" section of the benchmark (scripts/bench.sh, CRM_BENCH_ONLY=timeline): a company card whose timeline
// holds 1,000 items (crm.test.seedContacts for the companies, then crm.test.seedTimeline: done activities
// written through the repository). Measured through window.crm (docs/automation.md): the time from the click on
// the company's row to the first frame showing its card with the whole timeline read, and the frame time while
// the wheel scrolls the card through the timeline. Offline throughout, as in the board's section.
import { openSeededPage, fmt, median, table, state, waitForState,
  clickItem } from './common.mjs';

const ITEMS = 1000;
const CONTACTS = 200;
const SEED = 42;
const VIEWPORT = { width: 1280, height: 800 };
const OPENS = 5;                   // card opens timed
const SCROLL_WHEEL_EVENTS = 100;   // one per frame
const SCROLL_WHEEL_DELTA_PX = 300;
const SEED_TIMEOUT_MS = 10 * 60_000;

const frames = (page, n = 1) => page.evaluate((k) => window.crm.waitFrames(k), n);
const perf = (page) => page.evaluate(() => ({
  p50: window.crm.state('perf.frame_ms_p50'), p95: window.crm.state('perf.frame_ms_p95'),
  uiP50: window.crm.state('perf.ui_ms_p50'), uiP95: window.crm.state('perf.ui_ms_p95'),
}));
const centre = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

// ms from the mouse-up on the row to the first frame whose card is the company with its timeline read.
async function timedOpen(page, rowTag, company, items) {
  const row = centre(await page.evaluate((id) => window.crm.itemRect(id), rowTag));
  await page.evaluate(([id, n]) => {
    window.__cardOpen = new Promise((resolve) => {
      let t0 = null;
      window.addEventListener('mouseup', () => { t0 = performance.now(); }, { once: true, capture: true });
      const check = () => {
        if (t0 !== null && window.crm.state('card.id') === id && window.crm.state('timeline.count') >= n) {
          resolve(performance.now() - t0);
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    });
  }, [company, items]);
  await page.mouse.click(row.x, row.y);
  return page.evaluate(() => window.__cardOpen);
}

export async function benchTimeline() {
  const { page, close } = await openSeededPage('timeline', {
    contacts: CONTACTS, seed: SEED, viewport: VIEWPORT, timeoutMs: SEED_TIMEOUT_MS,
  });
  try {
    await clickItem(page, 'nav.section.customers');  // Today is the home section
    const rows = await waitForState(page, 'list.visible', (v) => Array.isArray(v) && v.length > 0);
    const company = rows[0].id;
    const rowTag = `list.row.${rows[0].index}`;
    const seedStart = Date.now();
    const seeded = await page.evaluate(([id, n]) => window.crm.test.seedTimeline(id, n), [company, ITEMS]);
    if (!seeded.ok) throw new Error(`seedTimeline: ${seeded.error}`);
    const seedMs = Date.now() - seedStart;

    const opens = [];
    for (let i = 0; i < OPENS; ++i) {
      opens.push(await timedOpen(page, rowTag, company, ITEMS));
      await clickItem(page, 'card.close');
      await waitForState(page, 'card.id', (v) => v === null);
    }
    await clickItem(page, rowTag);
    const count = await waitForState(page, 'timeline.count', (v) => v >= ITEMS);

    // The wheel over the card's body, below its title: the whole card scrolls through the timeline.
    const title = await page.evaluate(() => window.crm.itemRect('card.title'));
    await page.mouse.move(title.x + 40, title.y + title.h + 250);
    await frames(page, 2);
    await page.evaluate(() => window.crm.perfReset());
    let maxDrawn = 0;
    let deepest = 0;
    for (let i = 0; i < SCROLL_WHEEL_EVENTS; ++i) {
      await page.mouse.wheel(0, SCROLL_WHEEL_DELTA_PX);
      await frames(page, 1);
      if (i % 10 === 9) {
        const drawn = await state(page, 'timeline.rows');
        maxDrawn = Math.max(maxDrawn, drawn.length);
        if (drawn.length > 0) deepest = Math.max(deepest, drawn[drawn.length - 1].index);
      }
    }
    const scroll = await perf(page);

    table(`Customer timeline: a company card with ${count.toLocaleString('en')} timeline items, 1280×800, headless Chromium`,
      ['measure', 'value'], [
        [`seeding ${ITEMS.toLocaleString('en')} activities (one transaction)`, `${fmt(seedMs / 1000, 1)} s`],
        [`click on the row → card with its timeline shown (median of ${OPENS})`, `${fmt(median(opens), 1)} ms`],
        [`scroll through the timeline (${SCROLL_WHEEL_EVENTS} wheel events): frame p50 / p95`, `${fmt(scroll.p50, 2)} / ${fmt(scroll.p95, 2)} ms`],
        ['  the UI alone (NewFrame…Render) p50 / p95', `${fmt(scroll.uiP50, 2)} / ${fmt(scroll.uiP95, 2)} ms`],
        ['  timeline rows laid out in a frame (most) / deepest row reached', `${maxDrawn} / ${deepest}`],
      ]);
    await page.close();
  } finally {
    await close();
  }
}
