// "login" section of the benchmark (scripts/bench.sh): POST /api/v1/login against the release server, one at a
// time and 8 at once, right and wrong passwords and an unknown login (which must cost what a wrong password
// does). Prints p50/p95 tables; asserts nothing. argon2id at libsodium's interactive cost dominates.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_BIN, table } from './common.mjs';

const SEQUENTIAL = 40;
const CONCURRENT = 8;
const CONCURRENT_ROUNDS = 10;  // 80 sign-ins in all, 8 in flight
const PASSWORD = 'bench password';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function startServer(dataDir) {
  const proc = spawn(SERVER_BIN, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let buffered = '';
    proc.stderr.on('data', (chunk) => {
      buffered += chunk;
      const m = /"msg":"listening".*?"port":(\d+)/.exec(buffered);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${buffered}`)));
  });
  return { proc, base };
}

async function timedLogin(base, login, password) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

export async function benchLogin() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-login-'));
  const made = spawnSync(SERVER_BIN, ['--data-dir', dataDir, '--create-admin', 'bench'], { input: PASSWORD + '\n' });
  if (made.status !== 0) throw new Error(`--create-admin: ${made.stderr}`);
  const { proc, base } = await startServer(dataDir);
  try {
    const rows = [];
    const row = (what, samples) => {
      const ms = samples.map((s) => s.ms);
      const statuses = [...new Set(samples.map((s) => s.status))].join(',');
      rows.push([what, samples.length, pct(ms, 50).toFixed(1), pct(ms, 95).toFixed(1), statuses]);
    };
    // Failures count against the login and the address (5 and 20 per 15 minutes): each kind gets its own
    // login names, and the wrong ones stay under the limit by cycling through names.
    const seq = [];
    for (let i = 0; i < SEQUENTIAL; i++) seq.push(await timedLogin(base, 'bench', PASSWORD));
    row('right password, one at a time', seq);
    const conc = [];
    for (let r = 0; r < CONCURRENT_ROUNDS; r++) {
      conc.push(...await Promise.all(Array.from({ length: CONCURRENT }, () => timedLogin(base, 'bench', PASSWORD))));
    }
    row(`right password, ${CONCURRENT} at once`, conc);
    const wrong = [];
    const unknown = [];
    for (let i = 0; i < 8; i++) {  // 16 failures from one address: under its limit of 20
      wrong.push(await timedLogin(base, 'bench', 'wrong ' + i));
      if (i % 4 === 3) await timedLogin(base, 'bench', PASSWORD);  // a success clears the login's count
      unknown.push(await timedLogin(base, 'nobody-' + i, PASSWORD));
    }
    row('wrong password, one at a time', wrong);
    row('unknown login, one at a time', unknown);
    table('Sign-in (POST /api/v1/login, argon2id interactive; ms)', ['case', 'n', 'p50', 'p95', 'status'], rows);
  } finally {
    proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Alone: node bench/login.mjs (CRM_SERVER_BIN picks the binary).
if (import.meta.url === `file://${process.argv[1]}`) await benchLogin();
