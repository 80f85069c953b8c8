// Shared E2E harness: starts the real sync server on a free loopback port and Debian's Chromium through
// playwright-core, and drives the app through window.crm (docs/automation.md) and real input events.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
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
const SERVER_START_TIMEOUT_MS = 60_000;

export async function startServer({ demo = true, webRoot = WEB_ROOT } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-e2e-'));
  const args = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--web-root', webRoot];
  if (demo) args.push('--demo-data');
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
  return {
    url, proc, log,
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

// Waits until the app rendered its first frame with data (window.crm.ready) and returns the page's console log.
export async function openApp(page, url) {
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 60_000 });
  await page.evaluate(() => window.crm.ready);
  return consoleLines;
}

// Reloads and waits for window.crm.ready again.
export async function reloadApp(page) {
  await page.reload();
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 60_000 });
  await page.evaluate(() => window.crm.ready);
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
    await page.waitForTimeout(50);
  }
  throw new Error(`state ${key} never matched; last value: ${JSON.stringify(last)}`);
}

export async function clickItem(page, id) {
  const r = await waitForRect(page, id);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

export async function waitForRect(page, id, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await itemRect(page, id);
    if (r && r.w > 0 && r.h > 0) return r;
    await page.waitForTimeout(50);
  }
  throw new Error(`automation item ${id} never appeared`);
}

// Clicks a text field and waits until the page's hidden text field has the focus, so inserted text reaches it.
export async function focusField(page, id) {
  await clickItem(page, id);
  await waitForState(page, 'platform.text_input', (v) => v === true);
}
