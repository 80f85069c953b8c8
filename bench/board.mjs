// "board" section of the benchmark (scripts/bench.sh, CRM_BENCH_ONLY=board): the deals board with 10,000 deals
// in the page (crm.test.seedContacts for their companies, then crm.test.seedDeals: the demo pipelines, every
// deal moved through its stages by core's move_deal). Measured through window.crm (docs/automation.md): frame
// time while scrolling the fullest column and while dragging a card, the time from a drop to the card shown
// in its new column, and the bytes the page store wrote to IndexedDB for one move. Offline throughout: the
// seeded deals are local edits, and pushing them would run beside the measurements.
import { openSeededPage, fmt, kib, median, table, state, waitForState,
  clickItem } from './common.mjs';

const DEALS = 10_000;
const CONTACTS = 2_000;            // their 200 companies are the deals' customers
const SEED = 42;
const VIEWPORT = { width: 1280, height: 800 };
const SCROLL_WHEEL_EVENTS = 100;   // one per frame
const SCROLL_WHEEL_DELTA_PX = 300;
const DRAG_STEPS = 120;            // pointer moves while dragging, one per frame, back and forth over columns
const MOVES = 5;                   // drops timed and weighed
const SAVE_TIMEOUT_MS = 10 * 60_000;
const SEED_TIMEOUT_MS = 15 * 60_000;

const frames = (page, n = 1) => page.evaluate((k) => window.crm.waitFrames(k), n);
const perf = (page) => page.evaluate(() => ({
  p50: window.crm.state('perf.frame_ms_p50'), p95: window.crm.state('perf.frame_ms_p95'),
  uiP50: window.crm.state('perf.ui_ms_p50'), uiP95: window.crm.state('perf.ui_ms_p95'),
  n: window.crm.state('perf.frame_samples'),
}));
const centre = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

async function saved(page) {
  const committed = (await state(page, 'platform.storage')).committed_seq;
  return waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= committed,
                      SAVE_TIMEOUT_MS);
}

// One drop of the first card of column `from` on column `to`: ms from the mouse-up event to the first frame
// whose column `to` lists the card, and the bytes IndexedDB received for the commit.
async function timedMove(page, from, to) {
  const cols = await state(page, 'board.columns');
  const deal = cols[from].cards[0];
  const card = centre(await page.evaluate((id) => window.crm.itemRect(id), `board.card.${deal}`));
  const target = centre(await page.evaluate((i) => window.crm.itemRect(i), `board.column.${to}`));
  const before = await saved(page);
  await page.mouse.move(card.x, card.y);
  await frames(page, 2);
  await page.mouse.down();
  await page.mouse.move(card.x + 30, card.y + 10, { steps: 3 });
  await waitForState(page, 'board.dragging', (d) => d && d.deal === deal);
  await page.mouse.move(target.x, card.y, { steps: 5 });
  await waitForState(page, 'board.dragging', (d) => d && d.over === to);
  // The clock starts in the page when the mouse-up event arrives; it stops at the first frame showing the card.
  await page.evaluate(([id, col]) => {
    window.__boardDrop = new Promise((resolve) => {
      let t0 = null;
      window.addEventListener('mouseup', () => { t0 = performance.now(); }, { once: true, capture: true });
      const check = () => {
        const c = window.crm.state('board.columns');
        if (t0 !== null && c && c[col] && c[col].cards.includes(id)) resolve(performance.now() - t0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, [deal, to]);
  await page.mouse.up();
  const ms = await page.evaluate(() => window.__boardDrop);
  const after = await saved(page);
  return { ms, bytes: after.bytes_sent - before.bytes_sent };
}

export async function benchBoard() {
  const { page, close, seedMs: contactsMs } = await openSeededPage('board', {
    contacts: CONTACTS, seed: SEED, viewport: VIEWPORT, timeoutMs: SEED_TIMEOUT_MS,
  });
  try {
    const seedStart = Date.now() - contactsMs;
    const deals = await page.evaluate(([n, s]) => window.crm.test.seedDeals(n, s), [DEALS, SEED]);
    if (!deals.ok) throw new Error(`seedDeals: ${deals.error}`);
    const seedMs = Date.now() - seedStart;
    await saved(page);

    await clickItem(page, 'nav.section.deals');
    let cols = await waitForState(page, 'board.columns', (c) => Array.isArray(c) && c.length > 0 && c[0].cards.length > 0);
    const onBoard = cols.reduce((n, c) => n + c.count, 0);
    // The fullest column (a closed stage holds most of a year's deals), brought on screen by the horizontal
    // wheel over the board, then scrolled by the vertical wheel.
    let fullest = 0;
    for (let i = 1; i < cols.length; ++i) if (cols[i].count > cols[fullest].count) fullest = i;
    const area = await page.evaluate(() => window.crm.itemRect('board.area'));
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    for (let tries = 0; tries < 50; ++tries) {
      const r = await page.evaluate((i) => window.crm.itemRect(i), `board.column.${fullest}`);
      if (r && r.x >= area.x && r.x + r.w <= area.x + area.w) break;
      await page.mouse.wheel(SCROLL_WHEEL_DELTA_PX, 0);
      await frames(page, 2);
    }
    const column = centre(await page.evaluate((i) => window.crm.itemRect(i), `board.column.${fullest}`));
    await page.mouse.move(column.x, column.y);
    await frames(page, 2);
    const rowsBefore = (await state(page, 'board.fetch')).rows;
    await page.evaluate(() => window.crm.perfReset());
    for (let i = 0; i < SCROLL_WHEEL_EVENTS; ++i) {
      await page.mouse.wheel(0, SCROLL_WHEEL_DELTA_PX);
      await frames(page, 1);
    }
    const scroll = await perf(page);
    const rowsRead = (await state(page, 'board.fetch')).rows - rowsBefore;

    // Back to the board's start for dragging: a card carried back and forth over four columns.
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    for (let tries = 0; tries < 50; ++tries) {
      const r = await page.evaluate(() => window.crm.itemRect('board.column.0'));
      if (r && r.x >= area.x) break;
      await page.mouse.wheel(-SCROLL_WHEEL_DELTA_PX, 0);
      await frames(page, 2);
    }
    cols = await state(page, 'board.columns');
    const card = centre(await page.evaluate((id) => window.crm.itemRect(id), `board.card.${cols[0].cards[0]}`));
    const far = centre(await page.evaluate(() => window.crm.itemRect('board.column.3')));
    await page.mouse.move(card.x, card.y);
    await frames(page, 2);
    await page.mouse.down();
    await page.mouse.move(card.x + 30, card.y + 10, { steps: 3 });
    await waitForState(page, 'board.dragging', (d) => d !== null);
    await page.evaluate(() => window.crm.perfReset());
    for (let i = 0; i < DRAG_STEPS; ++i) {
      const t = (i % 60) / 59;
      const x = i < 60 ? card.x + (far.x - card.x) * t : far.x + (card.x - far.x) * t;
      await page.mouse.move(x, card.y + 40 * Math.sin(i / 6));
      await frames(page, 1);
    }
    const drag = await perf(page);
    await page.mouse.move(card.x, card.y);  // released over its own column: nothing moves
    await page.mouse.up();
    await waitForState(page, 'board.dragging', (d) => d === null);

    const moves = [];
    for (let i = 0; i < MOVES; ++i) moves.push(await timedMove(page, 0, 1));

    table(`Deals board: ${DEALS.toLocaleString('en')} deals in the page (${onBoard.toLocaleString('en')} in the shown pipeline), 1280×800, headless Chromium`,
      ['measure', 'value'], [
        ['seeding (contacts, then deals through move_deal)', `${fmt(seedMs / 1000, 1)} s`],
        [`scroll the fullest column (${cols[fullest].count.toLocaleString('en')} cards, ${SCROLL_WHEEL_EVENTS} wheel events): frame p50 / p95`, `${fmt(scroll.p50, 2)} / ${fmt(scroll.p95, 2)} ms`],
        ['  the UI alone (NewFrame…Render) p50 / p95', `${fmt(scroll.uiP50, 2)} / ${fmt(scroll.uiP95, 2)} ms`],
        ['  card rows read from SQLite while scrolling', `${rowsRead}`],
        [`drag a card over 4 columns (${DRAG_STEPS} moves): frame p50 / p95`, `${fmt(drag.p50, 2)} / ${fmt(drag.p95, 2)} ms`],
        ['  the UI alone p50 / p95', `${fmt(drag.uiP50, 2)} / ${fmt(drag.uiP95, 2)} ms`],
        [`drop → card shown in its new column (median of ${MOVES})`, `${fmt(median(moves.map((m) => m.ms)), 1)} ms`],
        [`bytes written to IndexedDB by one move (median of ${MOVES})`, `${kib(median(moves.map((m) => m.bytes)))} KiB`],
      ]);
    await page.close();
  } finally {
    await close();
  }
}
