// Browser persistence benchmark (scripts/bench.sh): one headless Debian Chromium run, every variant measured in
// the same run, results printed as tables. Asserts nothing; exits non-zero only if a variant could not run.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = require(path.join(root, 'node_modules/playwright-core'));

const SERVER_BIN = process.env.CRM_SERVER_BIN || path.join(root, 'build/native-release/sync-server/crm-sync-server');
const WASM_BUILD = process.env.CRM_WASM_BUILD || path.join(root, 'build/wasm');
const SIZES_MB = [1, 10, 50];
const COMMITS_PER_SIZE = 20;
const CONTACTS = 10_000;
const UPDATES = 1_000;
const BENCH_TIMEOUT_MS = 30 * 60_000;

function copySqlJs() {
  const dist = path.join(root, 'node_modules/sql.js/dist');
  const vendor = path.join(WASM_BUILD, 'bench-web/vendor');
  mkdirSync(vendor, { recursive: true });
  for (const f of ['sql-wasm.js', 'sql-wasm.wasm']) cpSync(path.join(dist, f), path.join(vendor, f));
}

async function startServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-'));
  const proc = spawn(SERVER_BIN, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--web-root', WASM_BUILD],
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
  return { url, stop: () => { proc.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); } };
}

const fmt = (n, digits = 1) => (n == null ? '—' : Number(n).toFixed(digits));
const kib = (bytes) => fmt(bytes / 1024, 1);
function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n` + line(header) + '\n|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

function bundleSizes() {
  const rows = [];
  let raw = 0, gz = 0;
  for (const f of ['crm.wasm', 'crm.js', 'crm.data', 'app.js', 'index.html', 'style.css']) {
    const p = path.join(WASM_BUILD, 'web', f);
    try { statSync(p); } catch { continue; }
    const bytes = readFileSync(p);
    const z = gzipSync(bytes, { level: 6 }).length;
    raw += bytes.length; gz += z;
    rows.push([f, bytes.length.toLocaleString('en'), z.toLocaleString('en')]);
  }
  rows.push(['total', raw.toLocaleString('en'), gz.toLocaleString('en')]);
  return rows;
}

const server = await startServer();
copySqlJs();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(BENCH_TIMEOUT_MS);
  page.on('console', (m) => { if (m.type() === 'error') console.error('[page]', m.text()); });
  await page.goto(server.url + 'bench-web/bench.html');
  await page.waitForFunction(() => window.bench && window.createIdbfsPeer && window.initSqlJs);

  const commitRows = [];
  for (const mb of SIZES_MB) {
    const r = await page.evaluate(([m, n]) => window.bench.idbfsCommits(m, n), [mb, COMMITS_PER_SIZE]);
    commitRows.push([`${mb} MB`, 'IDBFS (FS.syncfs)', fmt(r.msMedian, 2), fmt(r.msP95, 2), kib(r.bytesMedian)]);
  }
  table(`Per 1-row commit (median of ${COMMITS_PER_SIZE}), bytes written to IndexedDB`,
        ['database', 'persistence', 'ms p50', 'ms p95', 'KiB written'], commitRows);

  const updateRows = [];
  const sqljs = await page.evaluate(([c, u]) => window.bench.sqljsUpdates(c, u), [CONTACTS, UPDATES]);
  updateRows.push(['sql.js + export to IndexedDB', fmt(sqljs.totalMs, 0), fmt(sqljs.totalMs / UPDATES, 2),
                   (sqljs.bytes / 1048576).toFixed(1), '1.00']);
  const idbfs = await page.evaluate(([c, u]) => window.bench.idbfsUpdates(c, u), [CONTACTS, UPDATES]);
  updateRows.push(['IDBFS (FS.syncfs)', fmt(idbfs.totalMs, 0), fmt(idbfs.totalMs / UPDATES, 2),
                   (idbfs.bytes / 1048576).toFixed(1), fmt(idbfs.totalMs / sqljs.totalMs, 2)]);
  table(`${UPDATES.toLocaleString('en')} single-row update transactions on ${CONTACTS.toLocaleString('en')} contacts`,
        ['persistence', 'total ms', 'ms per txn', 'MiB written', '× sql.js time'], updateRows);

  table('Bundle (build/wasm/web, gzip -6)', ['file', 'raw bytes', 'gzip bytes'], bundleSizes());
} catch (e) {
  failed = true;
  console.error('benchmark failed:', e);
} finally {
  await browser.close();
  server.stop();
}
process.exit(failed ? 1 : 0);
