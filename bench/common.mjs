// Shared by the benchmark sections (bench/run.mjs, bench/cold_start.mjs): the release server with an account to
// sign in with, sessions preset in the pages, Chromium's switches, table printing, and reading the app's
// window.crm (docs/automation.md).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { state, clickItem as harnessClickItem, waitForState as harnessWaitForState, runServerCommand, readDemoAccounts }
  from '../tests/e2e/harness.mjs';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const { chromium } = require(path.join(root, 'node_modules/playwright-core'));

export const SERVER_BIN = process.env.CRM_SERVER_BIN ||
  path.join(root, 'build/native-release/sync-server/crm-sync-server');
export const SYNC_BENCH_BIN = process.env.CRM_SYNC_BENCH_BIN ||
  path.join(root, 'build/native-release/bench/crm-sync-bench');
export const WASM_BUILD = process.env.CRM_WASM_BUILD || path.join(root, 'build/wasm');
export const CHROMIUM = '/usr/bin/chromium';
// No sandbox (containers), nothing of Chromium's own on the network.
export const BROWSER_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
                             '--disable-sync', '--no-first-run', '--disable-quic'];
const WAIT_TIMEOUT_MS = 60_000;
const ADMIN_LOGIN = 'bench-admin';  // made on each data folder without demo data
const ADMIN_PASSWORD_BYTES = 12;
const LOGIN_CONCURRENCY = 8;        // sign-ins in flight: well under the server's queue of waiting hashes (64)
const LOGIN_RETRIES = 30;           // busy (503) or rate-limited (429) answers retried, each after its Retry-After

// The server on a free loopback port with an empty database of its own; `args` adds options (--demo-data),
// `dataDir` gives it a prepared data folder instead (left in place when it stops). Every API call needs a
// session: with --demo-data the server makes the demo accounts (DATA_DIR/demo-accounts.txt), else an admin is
// made on the folder before the start. `login(who)` signs in (default: the admin) and answers the session.
export async function startServer(webRoot = WASM_BUILD, { args = [], dataDir: given = null } = {}) {
  const dataDir = given || mkdtempSync(path.join(tmpdir(), 'crm-bench-'));
  const demo = args.includes('--demo-data');
  let accounts = [];
  if (!demo) {  // an account before the start would make the database not empty: no demo data then
    const password = randomBytes(ADMIN_PASSWORD_BYTES).toString('base64url');
    await runServerCommand(['--data-dir', dataDir, '--create-admin', ADMIN_LOGIN], `${password}\n`, SERVER_BIN);
    accounts = [{ login: ADMIN_LOGIN, password, role: 'admin', team: null }];
  }
  const proc = spawn(SERVER_BIN, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--web-root', webRoot,
                                  ...args],
                     { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    proc.stderr.on('data', (chunk) => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        try { const j = JSON.parse(line); if (j.msg === 'listening') resolve(`http://127.0.0.1:${j.port}/`); } catch { /* partial */ }
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const stop = () => { proc.kill('SIGTERM'); if (!given) rmSync(dataDir, { recursive: true, force: true }); };
  if (demo) {
    accounts = readDemoAccounts(dataDir);
    if (!accounts) { stop(); throw new Error('the server wrote no demo-accounts.txt'); }
  }
  const admin = accounts.find((a) => a.role === 'admin');
  return { url, dataDir, accounts, admin, login: (who = admin) => apiLogin(url, who), stop };
}

// Sign-ins share the server's few argon2 slots and a short queue (past it: 503 + Retry-After), so at most
// LOGIN_CONCURRENCY are in flight from here and a busy or rate-limited answer is retried after its Retry-After.
let loginsInFlight = 0;
const loginWaiting = [];
async function oneLoginSlot(work) {
  while (loginsInFlight >= LOGIN_CONCURRENCY) await new Promise((resolve) => loginWaiting.push(resolve));
  ++loginsInFlight;
  try {
    return await work();
  } finally {
    --loginsInFlight;
    loginWaiting.shift()?.();
  }
}

// Signs in through the API (no page): {token, expires_at, user}. Each device needs a session of its own (the
// server binds a session to the first device that syncs with it).
export function apiLogin(url, { login, password }) {
  return oneLoginSlot(async () => {
    for (let attempt = 0; ; ++attempt) {
      const response = await fetch(new URL('api/v1/login', url), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
      });
      if (response.status === 200) return response.json();
      const text = await response.text();
      if ((response.status === 503 || response.status === 429) && attempt < LOGIN_RETRIES) {
        const seconds = Number(response.headers.get('retry-after')) || 1;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      throw new Error(`login ${login}: HTTP ${response.status} ${text}`);
    }
  });
}

// A device that signed in before: `session` (from server.login()) is put where the page keeps it (web/session.js)
// before the page's first script runs, so no sign-in form stands before the timings. `target`: a page, or a
// context (a persistent profile: every page, reload and start of it; add it again after a browser restart on the
// same profile). A session the profile already holds is never overwritten, and only `url`'s origin gets it.
export async function presetSession(target, url, session) {
  await target.addInitScript(([s, origin]) => {
    try {
      if (window.location.origin !== origin) return;
      if (window.localStorage.getItem('crm.session') === null) {
        window.localStorage.setItem('crm.session', JSON.stringify(s));
        window.localStorage.setItem('crm.data_user', s.user.id);
      }
    } catch { /* no storage: the form would show */ }
  }, [session, new URL(url).origin]);
  return session;
}

// A new device's session from `server` (its admin by default), preset on `target` (see presetSession).
export async function signInDevice(target, server, who = server.admin) {
  return presetSession(target, server.url, await server.login(who));
}

// A browser on a fresh profile with the app from its own empty server (signed in as its admin through a preset
// session), the app shell installed, then offline and `contacts` demo contacts seeded in the page (their
// companies too): where the board, Today and timeline benchmarks start (`seedMs`: the seeding's time).
// `close()` stops all of it and removes the profile.
export async function openSeededPage(name, { contacts, seed, viewport, timeoutMs }) {
  const server = await startServer(path.join(WASM_BUILD, 'web'));
  const profileDir = mkdtempSync(path.join(tmpdir(), `crm-bench-${name}-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, viewport, args: BROWSER_ARGS,
  });
  const close = async () => {
    await context.close();
    server.stop();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    await signInDevice(context, server);
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('console', (m) => { if (m.type() === 'error') console.error('[app]', m.text()); });
    await page.goto(server.url);
    await page.evaluate(() => window.crm.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    const seedStart = Date.now();
    const seeded = await page.evaluate(([n, s]) => window.crm.test.seedContacts(n, s), [contacts, seed]);
    if (!seeded.ok) throw new Error(`seedContacts: ${seeded.error}`);
    return { page, context, server, close, seedMs: Date.now() - seedStart };
  } catch (e) {
    await close();
    throw e;
  }
}

export const fmt = (n, digits = 1) => (n == null ? '—' : Number(n).toFixed(digits));
export const KIB = 1024;
export const MIB = 1024 * 1024;
export const kib = (bytes) => fmt(bytes / KIB, 1);
export const mib = (bytes) => (bytes == null ? '—' : fmt(bytes / MIB, 1));
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const verdict = (met, target) => `${target} ${met ? 'met' : 'MISSED'}`;

export function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n` + line(header) + '\n|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

// Reading window.crm and clicking its items as the E2E tests do (tests/e2e/harness.mjs), with the benchmark's
// longer waits: a 100k database keeps the page busy for a while.
export { state };
export const waitForState = (page, key, predicate, timeoutMs = WAIT_TIMEOUT_MS) =>
  harnessWaitForState(page, key, predicate, timeoutMs);
export const clickItem = (page, id) => harnessClickItem(page, id, WAIT_TIMEOUT_MS);

export async function showContacts(page) {
  await clickItem(page, 'nav.section.customers');  // Today is the home section
  await clickItem(page, 'list.tab.contact');
  await waitForState(page, 'list.tab', (v) => v === 'contact');
}
