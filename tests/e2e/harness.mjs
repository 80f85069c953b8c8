// Shared E2E harness: starts the real sync server on a free loopback port and Debian's Chromium through
// playwright-core, and drives the app through window.crm (docs/automation.md) and real input events.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = require(path.join(root, 'node_modules/playwright-core'));

export const SERVER_BIN = process.env.CRM_SERVER_BIN ||
  path.join(root, 'build/native-debug/sync-server/crm-sync-server');
export const WEB_ROOT = process.env.CRM_WEB_ROOT || path.join(root, 'build/wasm/web');
export const OUTPUT = path.join(process.env.CRM_TEST_OUTPUT || path.join(root, 'test-output'), 'e2e');
const SERVER_START_TIMEOUT_MS = 180_000;  // demo data and its accounts (argon2 hashes) on a busy machine
const SHELL_WAIT_TIMEOUT_MS = 30_000;  // crm.shell reaching a state (an update check, an install)
const POLL_MS = 50;                    // how often a wait looks at the page again
// How long a start may take in a test: the app's own start is well under a second; the rest is a busy machine.
export const APP_READY_TIMEOUT_MS = 60_000;

// The accounts of each server (and of the proxies in front of one), by URL: openApp signs in with them.
const accountsByUrl = new Map();
export const accountsOf = (url) => accountsByUrl.get(new URL(url).origin) || [];
// An account of the server at `url`: the first with `role` (and `team` when given), else by login.
export function account(url, { role = 'admin', login = null, team = null } = {}) {
  const found = accountsOf(url).find((a) => (login ? a.login === login : a.role === role && (!team || a.team === team)));
  if (!found) throw new Error(`no ${login || role} account on ${url}: ${JSON.stringify(accountsOf(url).map((a) => a.login))}`);
  return found;
}

// Runs the server binary (`bin`) once with `args` and `input` on stdin (its account commands read passwords
// there). The benchmarks use it too, with their own binary.
export function runServerCommand(args, input, bin = SERVER_BIN) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (chunk) => { err += chunk.toString(); });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
    proc.stdin.end(input);
  });
}

// `demo-accounts.txt` the server writes with its demo data: "login password role team" per line.
export function readDemoAccounts(dataDir) {
  const file = path.join(dataDir, 'demo-accounts.txt');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [login, password, role, ...team] = line.split(/\s+/);
      const t = team.join(' ');
      return { login, password, role, team: t && t !== '-' ? t : null };
    });
}

// Every API call needs a token: with demo data the server creates the demo accounts (an admin, a manager, two
// reps in different territories) and writes their passwords to DATA_DIR/demo-accounts.txt; without, an admin
// `admin` is created before the start. `sessionTtlSeconds`: how long a sign-in lasts (tests of expiry).
export async function startServer({ demo = true, webRoot = WEB_ROOT, sessionTtlSeconds = null, args: extra = [] } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-e2e-'));
  let accounts = [];
  if (!demo) {
    const password = randomBytes(12).toString('base64url');
    await runServerCommand(['--data-dir', dataDir, '--create-admin', 'admin'], `${password}\n`);
    accounts = [{ login: 'admin', password, role: 'admin', team: null }];
  }
  const args = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--web-root', webRoot, ...extra];
  if (demo) args.push('--demo-data');
  if (sessionTtlSeconds !== null) args.push('--session-ttl-seconds', String(sessionTtlSeconds));
  const proc = spawn(SERVER_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log.join(''))),
                             SERVER_START_TIMEOUT_MS);
    let buffered = '';
    proc.stderr.on('data', (chunk) => {
      log.push(chunk.toString());
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl); buffered = buffered.slice(nl + 1);
        try {
          const j = JSON.parse(line);
          if (j.msg === 'listening') { clearTimeout(timer); resolve(`http://127.0.0.1:${j.port}/`); }
        } catch { /* not a JSON line */ }
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log.join('')}`)); });
  });
  if (demo) {
    accounts = readDemoAccounts(dataDir);
    if (!accounts) throw new Error('the server wrote no demo-accounts.txt:\n' + log.join(''));
  }
  accountsByUrl.set(new URL(url).origin, accounts);
  return {
    url, proc, log, dataDir, accounts,
    admin: accounts.find((a) => a.role === 'admin'),
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Signs in through the API (no page): {token, expires_at, user}.
export async function apiLogin(url, { login, password }) {
  const response = await fetch(new URL('api/v1/login', url), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  if (response.status !== 200) throw new Error(`login ${login}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

// A proxy in front of the server on a loopback port of its own (so its own origin). `hold(path)` makes every
// request for that path wait without an answer until `release()`, as a server that takes the connection and
// never answers does (a captive portal, a dead link); `heldCount()` says how many are waiting. `setDown(true)`
// drops every connection, for the requests the browser makes itself: Playwright's offline mode covers only the
// pages' own (a service worker update check still reached the server with it).
export async function startHoldingProxy(targetUrl) {
  const target = new URL(targetUrl);
  const heldPaths = new Set();
  const waiting = [];
  let down = false;
  const agent = new http.Agent({ keepAlive: true });
  const proxy = http.createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    if (heldPaths.has(new URL(req.url, target).pathname)) {
      waiting.push(res);
      return;
    }
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method,
                                    headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (e) => res.destroy(e));
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  accountsByUrl.set(`http://127.0.0.1:${proxy.address().port}`, accountsOf(targetUrl));
  const release = () => {
    heldPaths.clear();
    for (const res of waiting.splice(0)) res.destroy();
  };
  return {
    url: `http://127.0.0.1:${proxy.address().port}/`,
    hold: (pathname) => heldPaths.add(pathname),
    heldCount: () => waiting.length,
    setDown: (value) => { down = value; },
    release,
    async stop() {
      release();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      agent.destroy();
    },
  };
}

// Chromium's switches for every test browser: no sandbox (containers), nothing of its own on the network.
export const BROWSER_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
                             '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS });
}

// A browser on a profile on disk, as a rep's: closing and launching it again on `dir` keeps its storage.
export function launchProfile(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS, ...options,
  });
}

export function screenshotPath(name) {
  mkdirSync(OUTPUT, { recursive: true });
  return path.join(OUTPUT, name);
}

// Console lines of a page ([type] text, [pageerror] message), collected from the first call on.
const consoles = new WeakMap();
export function pageConsole(page) {
  let lines = consoles.get(page);
  if (!lines) {
    lines = [];
    consoles.set(page, lines);
    page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  }
  return lines;
}

// The block every E2E test wraps its steps in. Runs `body`; when it throws, each of `pages` (a list, or a
// function answering it at that moment) is saved as test-output/e2e/<name>-failure.png (-2, -3… for further
// pages) and the error message gets their console logs (unless `console: false`) and the text `onFailure()`
// answers. `close` runs afterwards either way.
export async function guarded(name, { pages = [], close = null, onFailure = null, console: withConsole = true }, body) {
  try {
    return await body();
  } catch (e) {
    if (typeof pages === 'function') pages = pages();
    for (const [i, page] of pages.entries()) {
      const file = screenshotPath(`${name}-failure${i ? `-${i + 1}` : ''}.png`);
      await page.screenshot({ path: file }).catch(() => {});
    }
    if (withConsole) {
      for (const page of pages) {
        if (consoles.has(page)) e.message += `\nbrowser console (${page.url()}):\n` + consoles.get(page).join('\n');
      }
    }
    if (onFailure) e.message += '\n' + await onFailure();
    throw e;
  } finally {
    if (close) await close();
  }
}

// Waits until the app rendered its first frame with data (window.crm.ready) and returns the page's console log.
// The app opens on the section it was left in (setting `ui.section`), else on Today, the rep's home; a page
// that never chose one starts on the customers' list as the tests written before Today expect, unless
// `home` asks for the real first start.
// Every API call needs a session: a page showing the sign-in form is signed in through that form (typed and
// submitted like a rep would) as `as` (an account of the server, default its admin; `false`: leave the form
// alone), and the first sync after it is waited for.
export async function openApp(page, url, { home = false, as = undefined } = {}) {
  const consoleLines = pageConsole(page);
  if (!home) {
    await page.addInitScript(() => {
      try {
        if (localStorage.getItem('crm.ui.section') === null) localStorage.setItem('crm.ui.section', 'customers');
      } catch { /* no storage: the app opens on Today */ }
    });
  }
  await page.goto(url);
  await page.waitForFunction(() => window.crm && window.crm.signIn && (window.crm.signIn.shown || window.crm.signIn.signedIn),
                             null, { timeout: APP_READY_TIMEOUT_MS });
  const formShown = await page.evaluate(() => window.crm.signIn.shown);
  if (formShown && as !== false) {
    await signInWithForm(page, as || account(url));
    await appReady(page);
    await waitForFirstSync(page);
  } else {
    await appReady(page);
  }
  return consoleLines;
}

// A device that signed in before (through the API here) but holds no data yet: the session is put where the
// page keeps it (web/session.js) before the page's first script runs, so the start needs no form.
export async function presetSession(page, url, who = account(url)) {
  const session = await apiLogin(url, who);
  await page.addInitScript((s) => {
    try {
      if (localStorage.getItem('crm.session') === null) {
        localStorage.setItem('crm.session', JSON.stringify(s));
        localStorage.setItem('crm.data_user', s.user.id);
      }
    } catch { /* no storage */ }
  }, session);
  return session;
}

// Fills the sign-in form and submits it with the button; waits until the form is gone (signed in). A test of
// the form's errors calls submitSignIn and reads window.crm.signIn itself.
export async function signInWithForm(page, { login, password }) {
  await submitSignIn(page, { login, password });
  await page.waitForFunction(() => window.crm.signIn.signedIn && !window.crm.signIn.shown, null,
                             { timeout: APP_READY_TIMEOUT_MS }).catch(async (e) => {
    const s = await page.evaluate(() => window.crm.signIn);
    throw new Error(`sign-in as ${login} did not finish: ${JSON.stringify(s)} (${e.message})`);
  });
}

export async function submitSignIn(page, { login, password }) {
  await page.waitForSelector('#sign-in:not([hidden])', { timeout: APP_READY_TIMEOUT_MS });
  await page.fill('#sign-in-login', login);
  await page.fill('#sign-in-password', password);
  await page.click('#sign-in-submit');
}

// The first exchange after a sign-in has ended (its data shown), or failed.
export async function waitForFirstSync(page, timeoutMs = APP_READY_TIMEOUT_MS) {
  await waitForState(page, 'platform.sync', (s) => s && s.signed_in && s.phase !== 'syncing' &&
                     (s.last_synced_ms > 0 || s.phase === 'offline' || s.phase === 'error'), timeoutMs);
  await page.evaluate(() => window.crm.waitFrames(2));
}

export async function appReady(page) {
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: APP_READY_TIMEOUT_MS });
  await page.evaluate(() => window.crm.ready);
}

// Reloads and waits for window.crm.ready again.
export async function reloadApp(page) {
  await page.reload();
  await appReady(page);
}

export const state = (page, key) => page.evaluate((k) => window.crm.state(k), key);
export const itemRect = (page, id) => page.evaluate((k) => window.crm.itemRect(k), id);

// Waits for a frame where `predicate(state(key))` holds, so assertions never race the render loop.
export async function waitForState(page, key, predicate, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await state(page, key);
    if (predicate(last)) return last;
    await page.waitForTimeout(POLL_MS);
  }
  throw new Error(`state ${key} never matched; last value: ${JSON.stringify(last)}`);
}

// An item's rect once it has stayed in place for a frame: a window still placing itself, or a list still
// scrolling, would otherwise take a click somewhere else.
export async function steadyRect(page, id, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let r = await waitForRect(page, id, timeoutMs);
  for (;;) {
    await page.evaluate(() => window.crm.waitFrames(1));
    const now = await itemRect(page, id);
    if (now && now.w > 0 && now.h > 0 && now.x === r.x && now.y === r.y && now.w === r.w && now.h === r.h) return r;
    if (Date.now() > deadline) throw new Error(`automation item ${id} never held still: ${JSON.stringify(now)}`);
    r = now && now.w > 0 && now.h > 0 ? now : await waitForRect(page, id, Math.max(1, deadline - Date.now()));
  }
}

// The card grows longer than the screen (the journey strip, visits, related lists, the timeline): scrolls
// the card's body (the wheel below its title) until item `id` is wholly on screen, above the bottom
// `bottomPx` (the status and section bars).
export async function scrollCardTo(page, id, bottomPx) {
  const viewport = page.viewportSize();
  const title = await waitForRect(page, 'card.title');
  await page.mouse.move(title.x + 40, title.y + title.h + 120);
  for (let tries = 0; tries < 60; tries += 1) {
    const r = await page.evaluate((k) => window.crm.itemRect(k), id);
    if (r && r.y >= title.y + title.h && r.y + r.h <= viewport.height - bottomPx) return r;
    await page.mouse.wheel(0, r && r.y < title.y + title.h ? -120 : 120);
    await page.evaluate(() => window.crm.waitFrames(2));
  }
  throw new Error(`${id} never came on screen`);
}

export async function clickItem(page, id, timeoutMs = 20_000) {
  const r = await steadyRect(page, id, timeoutMs);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

export async function tapItem(page, id, timeoutMs = 20_000) {
  const r = await steadyRect(page, id, timeoutMs);
  await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

export async function waitForRect(page, id, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await itemRect(page, id);
    if (r && r.w > 0 && r.h > 0) return r;
    await page.waitForTimeout(POLL_MS);
  }
  throw new Error(`automation item ${id} never appeared`);
}

// Clicks a text field and waits until the page's hidden text field has the focus, so inserted text reaches it.
export async function focusField(page, id) {
  await clickItem(page, id);
  await waitForState(page, 'platform.text_input', (v) => v === true);
}

// window.crm.shell without its functions: the offline shell's update state (docs/automation.md).
export const shellState = (page) => page.evaluate(() => (window.crm && window.crm.shell
  ? JSON.parse(JSON.stringify(window.crm.shell)) : null));

// Polls crm.shell until `predicate` holds; a reload in between (its page context destroyed) counts as "not yet".
export async function waitForShell(page, predicate, what, timeoutMs = SHELL_WAIT_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await shellState(page);
      if (last && predicate(last)) return last;
    } catch (e) {
      last = e.message;
    }
    await page.waitForTimeout(POLL_MS);
  }
  throw new Error(`crm.shell never ${what}; last: ${JSON.stringify(last)}`);
}

// Seen here, under Playwright only: right after the browser starts, while its one tab draws every animation frame,
// Chromium answers a service worker update check after 60 s; with a second tab open it answers in 2–4 s (without
// Playwright, ~4 s either way). Tests that wait for an update check soon after a launch open this blank tab.
export const openSecondTab = (context) => context.newPage();
