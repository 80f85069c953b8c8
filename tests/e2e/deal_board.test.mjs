// E2E: the deals board in Debian's Chromium, through the UI. On the demo data (two pipelines, 2,000 deals):
// a card dragged across stages with the mouse at 1280×800 (the board scrolls sideways near its edge), a
// gate's prompt filled and the move completed, a deal lost with a reason, moves made offline kept over an
// offline reload and synced once online (a second browser context shows the same board), and a card dragged
// with a finger (long press, then move) at 390×844 on a touch screen. Screenshots of both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, reloadApp, state, itemRect, waitForState, clickItem, tapItem,
  steadyRect, focusField, screenshotPath, guarded } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const CONTROLLED_TIMEOUT_MS = 30_000;
const EDGE_CLEARANCE_PX = 70;  // beyond the board's edge-scroll zone (kBoardEdgeZonePx = 48)
const EDGE_PUSH_PX = 36;       // a quarter into that zone: a quarter of its speed

const sql = async (page, text) => {
  const r = await page.evaluate((t) => window.crm.test.sql(t), text);
  assert.ok(r.ok, r.error);
  return r.rows;
};
const frames = (page, n = 2) => page.evaluate((k) => window.crm.waitFrames(k), n);
const stageOf = async (page, deal) => (await sql(page, `SELECT stage_id FROM deals WHERE id = '${deal}'`))[0][0];

async function synced(page) {
  await waitForState(page, 'platform.sync', (s) => s && s.first_cycle_done && s.phase === 'synced', 60_000);
}

async function openBoard(page, { touch = false } = {}) {
  await (touch ? tapItem : clickItem)(page, 'nav.section.deals');
  await waitForState(page, 'board.mode', (v) => v === 'board');
  const cols = await waitForState(page, 'board.columns', (c) => Array.isArray(c) && c.length > 0 &&
    c[0].cards.length > 0);
  return cols;
}

const columnNamed = (cols, name) => {
  const i = cols.findIndex((c) => c.name === name);
  assert.ok(i >= 0, `no column ${name}`);
  return i;
};

// A pointer that presses, moves and releases: the mouse, or one finger through CDP touch events.
function mousePointer(page) {
  return {
    async down(x, y) { await page.mouse.move(x, y); await frames(page); await page.mouse.down(); },
    move: (x, y, steps = 4) => page.mouse.move(x, y, { steps }),
    up: () => page.mouse.up(),
  };
}
async function fingerPointer(page) {
  const cdp = await page.context().newCDPSession(page);
  let at = { x: 0, y: 0 };
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  return {
    async down(x, y) {
      at = { x, y };
      await send('touchStart', [{ x, y, id: 1 }]);
      await page.waitForTimeout(700);  // held still past kTouchLongPressMs (450 ms): the press
    },
    async move(x, y, steps = 5) {
      const from = at;
      for (let i = 1; i <= steps; i++) {
        at = { x: from.x + ((x - from.x) * i) / steps, y: from.y + ((y - from.y) * i) / steps };
        await send('touchMove', [{ x: at.x, y: at.y, id: 1 }]);
        await frames(page, 1);
      }
    },
    up: () => send('touchEnd', []),
  };
}

// Drags the card of `deal` onto column `to`: while the column is not well inside the board, the pointer rests
// in the board's side zone (kBoardEdgeZonePx), which scrolls the board that way; then it moves onto the column
// and is released once the column lights up.
async function dragCard(page, pointer, deal, to) {
  const card = await steadyRect(page, `board.card.${deal}`);
  const width = (await page.viewportSize()).width;
  const start = { x: card.x + card.w / 2, y: card.y + card.h / 2 };
  await pointer.down(start.x, start.y);
  await pointer.move(start.x + 24, start.y + 8);
  await waitForState(page, 'board.dragging', (d) => d && d.deal === deal);
  const area = await itemRect(page, 'board.area');
  const lo = area.x + EDGE_CLEARANCE_PX;
  const hi = area.x + area.w - EDGE_CLEARANCE_PX;
  const deadline = Date.now() + 30_000;
  for (;;) {
    assert.ok(Date.now() < deadline, `column ${to} never scrolled into view`);
    const col = await itemRect(page, `board.column.${to}`);
    const centre = col ? col.x + col.w / 2 : Infinity;
    if (centre >= lo && centre <= hi) {
      await pointer.move(centre, start.y, 1);
      await frames(page, 2);
      const now = await itemRect(page, `board.column.${to}`);
      if (now && now.x === col.x) break;  // the board stands still under the pointer
      continue;
    }
    // Part way into the side zone: the board scrolls slowly enough not to overshoot the column.
    await pointer.move(centre > hi ? area.x + area.w - EDGE_PUSH_PX : area.x + EDGE_PUSH_PX, start.y, 1);
    await frames(page, 1);
  }
  await waitForState(page, 'board.dragging', (d) => d && d.over === to);
  await page.screenshot({ path: screenshotPath(`board-dragging-${width}.png`) });
  await pointer.up();
  await waitForState(page, 'board.dragging', (d) => d === null);
}

// A deal on screen in one of the first columns whose `field` is empty (the demo fills it only sometimes).
async function visibleDealWithout(page, field, columns) {
  const cols = await state(page, 'board.columns');
  for (const i of columns) {
    const ids = cols[i].cards.map((id) => `'${id}'`).join(',');
    if (!ids) continue;
    const rows = await sql(page, `SELECT id FROM deals WHERE id IN (${ids}) AND ${field} IS NULL`);
    if (rows.length > 0) return { deal: rows[0][0], column: i };
  }
  return null;
}

test('drag, gate, lose, offline moves and a second browser on the deals board', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  let second;
  await guarded('deal-board', { pages: [page], close: async () => { await second?.close(); await context.close(); } },
    async () => {
      await openApp(page, server.url);
      await synced(page);
      let cols = await openBoard(page);
      const pipelines = await state(page, 'board.pipelines');
      assert.equal(pipelines[0].name, 'Продажи');
      assert.equal(cols.length, 7);
      assert.deepEqual(cols.map((c) => c.kind).slice(-2), ['won', 'lost']);
      const total = cols.reduce((n, c) => n + c.count, 0);
      const [[inPipeline]] = await sql(page, `SELECT count(*) FROM deals WHERE deleted = 0 AND pipeline_id = '${pipelines[0].id}'`);
      assert.equal(String(total), inPipeline, 'every deal of the pipeline is in one column');
      assert.match(cols[0].sum_text, /₽/);
      await page.screenshot({ path: screenshotPath('board-1280x800.png') });

      // The gate: "КП" needs an amount; a deal without one gets the prompt for exactly that field.
      const offer = columnNamed(cols, 'КП');
      const gated = await visibleDealWithout(page, 'amount', [0, 1, 2]);
      assert.ok(gated, 'a deal without an amount on screen');
      await dragCard(page, mousePointer(page), gated.deal, offer);
      const prompt = await waitForState(page, 'stage_move', (v) => v && v.deal === gated.deal);
      assert.deepEqual(prompt.missing, ['amount']);
      await page.screenshot({ path: screenshotPath('board-gate-prompt.png') });
      assert.notEqual(await stageOf(page, gated.deal), cols[offer].stage, 'nothing moved before the answer');
      await focusField(page, 'form.field.amount');
      await page.keyboard.type('150000');
      await clickItem(page, 'stage_move.save');
      await waitForState(page, 'stage_move', (v) => v === null);
      assert.equal(await stageOf(page, gated.deal), cols[offer].stage);
      assert.deepEqual(await sql(page, `SELECT amount, amount_currency FROM deals WHERE id = '${gated.deal}'`),
        [['15000000', 'RUB']]);
      await waitForState(page, 'board.columns', (c) => c[offer].cards.includes(gated.deal));

      // Lost, at the far end of the board (scrolled to by holding the card at the edge), with a reason.
      cols = await state(page, 'board.columns');
      const lost = columnNamed(cols, 'Провал');
      const losing = cols[0].cards[0];
      await dragCard(page, mousePointer(page), losing, lost);
      const asked = await waitForState(page, 'stage_move', (v) => v && v.deal === losing);
      assert.equal(asked.lost, true);
      assert.ok(asked.reasons >= 7);
      await clickItem(page, 'stage_move.reason');
      await clickItem(page, 'stage_move.reason.0');
      await focusField(page, 'form.field.loss_comment');
      await page.keyboard.type('Ушли к конкуренту');
      await clickItem(page, 'stage_move.save');
      await waitForState(page, 'stage_move', (v) => v === null);
      const [[status, reason, comment]] = await sql(page,
        `SELECT d.status, r.name, d.loss_comment FROM deals d JOIN loss_reasons r ON r.id = d.loss_reason_id WHERE d.id = '${losing}'`);
      assert.equal(status, 'lost');
      assert.ok(reason.length > 0);
      assert.equal(comment, 'Ушли к конкуренту');
      const history = await sql(page, `SELECT count(*) FROM stage_history WHERE deal_id = '${losing}' AND title LIKE '%→ Провал'`);
      assert.deepEqual(history, [['1']]);

      // Offline: two moves, an offline reload keeps them, online they sync.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null,
        { timeout: CONTROLLED_TIMEOUT_MS });
      await context.setOffline(true);
      // Back to the board's start: the first columns on screen again.
      await reloadApp(page);
      cols = await openBoard(page);
      const qualification = columnNamed(cols, 'Квалификация');
      const meeting = columnNamed(cols, 'Встреча');
      const first = cols[0].cards[0];
      await dragCard(page, mousePointer(page), first, qualification);
      await waitForState(page, 'board.last_move', (m) => m && m.deal === first);
      const secondDeal = (await state(page, 'board.columns'))[qualification].cards.find((id) => id !== first);
      await dragCard(page, mousePointer(page), secondDeal, meeting);
      await waitForState(page, 'board.last_move', (m) => m && m.deal === secondDeal);
      const committed = (await state(page, 'platform.storage')).committed_seq;
      await waitForState(page, 'platform.storage', (s) => s.phase === 'saved' && s.saved_seq >= committed);
      await reloadApp(page);
      await waitForState(page, 'status.phase', (v) => v === 'offline');
      cols = await openBoard(page);
      assert.equal(await stageOf(page, first), cols[qualification].stage);
      assert.equal(await stageOf(page, secondDeal), cols[meeting].stage);
      await context.setOffline(false);
      await waitForState(page, 'platform.sync', (s) => s && s.phase === 'synced' && s.pending === 0, 60_000);
      const counts = (await state(page, 'board.columns')).map((c) => c.count);

      // A second browser context (its own profile) syncs the same board.
      second = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const other = await second.newPage();
      await openApp(other, server.url);
      await synced(other);
      const otherCols = await openBoard(other);
      assert.deepEqual(otherCols.map((c) => c.count), counts);
      for (const id of [gated.deal, losing, first, secondDeal])
        assert.equal(await stageOf(other, id), await stageOf(page, id), `deal ${id} in the same stage`);
    });
});

test('a finger drags a card across stages on a phone', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
    isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await guarded('deal-board-touch', { pages: [page], close: () => context.close() }, async () => {
    await openApp(page, server.url);
    await synced(page);
    const cols = await openBoard(page, { touch: true });
    assert.equal(await state(page, 'layout'), 'narrow');
    await page.screenshot({ path: screenshotPath('board-390x844.png') });
    const to = columnNamed(cols, 'Квалификация');
    const deal = cols[0].cards[0];
    await dragCard(page, await fingerPointer(page), deal, to);
    await waitForState(page, 'board.last_move', (m) => m && m.deal === deal);
    assert.equal(await stageOf(page, deal), cols[to].stage);
    await waitForState(page, 'board.columns', (c) => c[to].cards.includes(deal));
    await page.screenshot({ path: screenshotPath('board-390x844-moved.png') });
  });
});
