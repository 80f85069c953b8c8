// Starts the real crm-sync-server for integration tests and keeps track of every process it spawned,
// so an after() hook can kill them all even when a test failed half-way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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

// Runs the binary to completion (for argument errors): { code, stdout, stderr }.
export function runToExit(args) {
  const proc = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.add(proc);
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
