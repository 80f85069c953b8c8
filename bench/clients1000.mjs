// "clients1000" section of the benchmark (scripts/bench.sh): 1,000 clients syncing at once against the release
// server on loopback. Each client is a device with its own keep-alive connection; it pushes one change and pulls
// what the others pushed since its cursor, CLIENT_ROUNDS times, all clients at once. Prints errors (goal 0) and
// the request latency percentiles. Asserts nothing.
//
// Sign-in: the server requires a token, and every device needs its own session (a session is bound to the
// first device that syncs with it). `tokenFor(i)` gives client i's bearer token (bench/run.mjs signs each client
// in as the server's admin, a few at a time: argon2id on the server's 2 hashing slots); all are signed in before
// the timed part. Without it the default logs in with CRM_BENCH_LOGIN / CRM_BENCH_PASSWORD (POST /api/v1/login)
// when they are set, else sends no token.
import http from 'node:http';
import { uuidv7 } from '../tests/integration/server_process.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.CRM_BENCH_CLIENTS || 1000);
const CLIENT_ROUNDS = Number(process.env.CRM_BENCH_CLIENT_ROUNDS || 5);
const REQUEST_TIMEOUT_MS = 120_000;  // a request slower than this counts as an error, not a hang
const PROTOCOL = 1;                   // pushes as field changes
const SCHEMA = Number(/kSchemaVersion = (\d+);/.exec(
  readFileSync(path.join(here, '../core/storage/migrations.hpp'), 'utf8'))[1]);

// One request on the client's own agent (one socket): { status, body, ms } or { error, ms }.
function post(agent, port, target, body, headers) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: target, agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(),
                                    ms: performance.now() - t0 }));
      res.on('error', (e) => resolve({ error: e.code || e.message, ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.code || e.message, ms: performance.now() - t0 }));
    req.end(body);
  });
}

async function loginToken(port, agent) {
  const login = process.env.CRM_BENCH_LOGIN;
  const password = process.env.CRM_BENCH_PASSWORD;
  if (!login || !password) return null;
  const r = await post(agent, port, '/api/v1/login', JSON.stringify({ login, password }), {});
  if (r.status !== 200) throw new Error(`login: ${r.status ?? r.error} ${r.body ?? ''}`);
  return JSON.parse(r.body).token;
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);

// `base`: the running server's URL. Returns the numbers it printed.
export async function benchClients1000({ base, tokenFor = null, table, fmt }) {
  const port = Number(new URL(base).port);
  const latencies = [];
  const errors = new Map();  // "status 503" / "ECONNRESET" → count
  const countError = (key) => errors.set(key, (errors.get(key) || 0) + 1);
  let pulled = 0;
  const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));

  // Sign-in first (not timed with the syncs).
  const signInStart = performance.now();
  const tokens = await Promise.all(agents.map((agent, i) => (tokenFor ? tokenFor(i) : loginToken(port, agent))));
  console.log(`clients1000: ${tokens.filter(Boolean).length.toLocaleString('en')} sessions signed in (one per ` +
              `client) in ${fmt((performance.now() - signInStart) / 1000, 1)} s, before the timed syncs`);
  const t0 = performance.now();
  await Promise.all(agents.map(async (agent, i) => {
    const device = uuidv7();
    const headers = tokens[i] ? { authorization: `Bearer ${tokens[i]}` } : {};
    let cursor = 0;
    for (let round = 0; round < CLIENT_ROUNDS; round++) {
      const hlc = `${BigInt(Date.now()) << 16n}`;
      const change = `{"table":"companies","row":"${uuidv7()}","field":"name","value":"Клиент ${i}.${round}",` +
                     `"hlc":${hlc},"device":"${device}"}`;
      const body = `{"protocol":${PROTOCOL},"schema":${SCHEMA},"device":"${device}","cursor":${cursor},` +
                   `"changes":[${change}]}`;
      const r = await post(agent, port, '/api/v1/sync', body, headers);
      latencies.push(r.ms);
      if (r.error) { countError(r.error); continue; }
      if (r.status !== 200) { countError(`status ${r.status}`); continue; }
      const j = JSON.parse(r.body);
      cursor = j.cursor;
      pulled += j.changes.length;
    }
  }));
  const wallMs = performance.now() - t0;
  for (const a of agents) a.destroy();

  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  const errorCount = [...errors.values()].reduce((s, n) => s + n, 0);
  const ms = (v) => `${fmt(v, 1)} ms`;
  table(`${CLIENTS.toLocaleString('en')} concurrent clients syncing (${CLIENT_ROUNDS} rounds each: push 1 change + ` +
        'pull since the cursor; one keep-alive connection per client, loopback)',
        ['metric', 'value', 'target'], [
          ['requests', requests.toLocaleString('en'), ''],
          ['errors', `${errorCount}${errorCount ? ` (${[...errors].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
           `0 ${errorCount === 0 ? 'met' : 'MISSED'}`],
          ['latency p50', ms(percentile(latencies, 0.5)), ''],
          ['latency p95', ms(percentile(latencies, 0.95)), ''],
          ['latency p99 / max', `${ms(percentile(latencies, 0.99))} / ${ms(latencies.at(-1))}`, ''],
          ['wall time / requests per second', `${fmt(wallMs / 1000, 1)} s / ${fmt(requests / (wallMs / 1000), 0)}`, ''],
          ['changes pulled (all clients)', pulled.toLocaleString('en'), ''],
        ]);
  return { requests, errors: errorCount, p95: percentile(latencies, 0.95) };
}
