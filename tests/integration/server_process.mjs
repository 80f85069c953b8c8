// Starts the real crm-sync-server for integration tests and keeps track of every process it spawned,
// so an after() hook can kill them all even when a test failed half-way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_BIN = process.env.CRM_SERVER_BIN
  ? path.resolve(root, process.env.CRM_SERVER_BIN)
  : path.join(root, 'build/native-debug/sync-server/crm-sync-server');
const START_TIMEOUT_MS = 120_000; // demo data generation in a debug build on a busy machine

const spawned = new Set();

// Resolves once the server logged its "listening" line: { proc, port, base, lines, exited }.
export function startServer(args) {
  const proc = spawn(SERVER_BIN, ['--host', '127.0.0.1', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  spawned.add(proc);
  const lines = [];
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + lines.join('\n'))),
      START_TIMEOUT_MS);
    let buffered = '';
    proc.stderr.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        let j = null;
        try { j = JSON.parse(line); } catch { /* not JSON: kept in lines for the error message */ }
        if (j && j.msg === 'listening') {
          clearTimeout(timer);
          resolve({ proc, port: j.port, url: j.url, base: `http://127.0.0.1:${j.port}`, lines, exited });
        }
      }
    });
    proc.once('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${lines.join('\n')}`));
    });
  });
}

// Runs the binary to completion (argument errors, account commands): { code, stdout, stderr }.
// `input`: what it reads on stdin (a password).
export function runToExit(args, input = undefined) {
  const proc = spawn(SERVER_BIN, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  spawned.add(proc);
  if (input !== undefined) proc.stdin.end(input);
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c) => { stdout += c; });
  proc.stderr.on('data', (c) => { stderr += c; });
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr })));
}

export function killAll() {
  for (const proc of spawned) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
  spawned.clear();
}

// One raw HTTP request without fetch's URL normalisation or transparent decompression:
// resolves { status, headers, body: Buffer }.
export function rawRequest(port, method, target, headers = {}, body = undefined) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// UUIDv7 text: 48-bit ms timestamp, version 7, variant 10, random rest.
export function uuidv7() {
  const b = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// A fresh folder under the system's temp dir, removed by removeTempDirs() (each test file's after()).
const tempDirs = [];
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs() {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// --- sign-in -------------------------------------------------------------------------------------

// `crm-sync-server --data-dir DIR --create-admin LOGIN` with the password on stdin.
export async function createAdmin(dataDir, login, password) {
  const r = await runToExit(['--data-dir', dataDir, '--create-admin', login], password + '\n');
  if (r.code !== 0) throw new Error(`--create-admin ${login} exited ${r.code}: ${r.stderr}`);
}

// POST /api/v1/login: { status, headers, json }.
export async function login(base, loginName, password, headers = {}) {
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ login: loginName, password }),
  });
  let json = null;
  try { json = await res.json(); } catch { /* asserted by callers */ }
  return { status: res.status, headers: res.headers, json };
}

// The demo accounts a --demo-data server wrote: { login: { login, password, role, team } }.
export function readDemoAccounts(dataDir) {
  const accounts = {};
  for (const line of readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8').split('\n')) {
    const [loginName, password, role, team] = line.trim().split(/\s+/);
    if (loginName) accounts[loginName] = { login: loginName, password, role, team };
  }
  return accounts;
}

// Like startServer, with an admin to sign in as: the demo admin when the args have --demo-data (its
// password from DATA_DIR/demo-accounts.txt), else one made with --create-admin before the start.
// Adds authHeaders(device): the headers of a session of the admin bound to that device (one sign-in per
// device, since a session belongs to the first device that syncs with it).
export async function startServerWithAdmin(args) {
  const dataDir = args[args.indexOf('--data-dir') + 1];
  let admin = null;
  if (!args.includes('--demo-data') && !existsSync(path.join(dataDir, 'server.db'))) {
    admin = { login: 'admin', password: randomBytes(12).toString('base64url') };
    await createAdmin(dataDir, admin.login, admin.password);
  }
  const server = await startServer(args);
  if (!admin) {
    admin = args.includes('--demo-data') ? readDemoAccounts(dataDir).admin : adminOf.get(dataDir);
  }
  adminOf.set(dataDir, admin);
  const tokens = new Map();
  server.admin = admin;
  server.tokenFor = async (device) => {
    if (!tokens.has(device)) {
      const r = await login(server.base, admin.login, admin.password);
      if (r.status !== 200) throw new Error(`admin sign-in: ${r.status} ${JSON.stringify(r.json)}`);
      tokens.set(device, r.json.token);
    }
    return tokens.get(device);
  };
  server.authHeaders = async (device) => ({ authorization: `Bearer ${await server.tokenFor(device)}` });
  return server;
}
const adminOf = new Map(); // data dir -> its admin, for a restart on the same folder
