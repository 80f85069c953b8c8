// Shared by the benchmark sections (bench/run.mjs, bench/cold_start.mjs): the release server, Chromium's
// switches, table printing, and reading the app's window.crm (docs/automation.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { state, clickItem as harnessClickItem, waitForState as harnessWaitForState } from '../tests/e2e/harness.mjs';

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

// The server on a free loopback port with an empty database of its own; `args` adds options (--demo-data),
// `dataDir` gives it a prepared data folder instead (left in place when it stops).
export async function startServer(webRoot = WASM_BUILD, { args = [], dataDir: given = null } = {}) {
  const dataDir = given || mkdtempSync(path.join(tmpdir(), 'crm-bench-'));
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
  return { url, stop: () => { proc.kill('SIGTERM'); if (!given) rmSync(dataDir, { recursive: true, force: true }); } };
}

// A browser on a fresh profile with the app from its own empty server, the app shell installed, then offline
// and `contacts` demo contacts seeded in the page (their companies too): where the board, Today and timeline
// benchmarks start (`seedMs`: the seeding's time). `close()` stops all of it and removes the profile.
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
