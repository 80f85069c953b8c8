// Server hardening against the REAL crm-sync-server process: a connection cap below the descriptor limit,
// a budget for request bodies in flight, cross-site and DNS-rebinding checks, logging that a stalled stderr
// reader cannot block, the operator tools (--check, --backup) and the security headers. Every request to
// /api/ is made signed in (one admin session per device id), so each refusal here comes from the guard
// under test and not from the missing token.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, closeSync, writeSync, statSync,
  writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { SERVER_BIN, createAdmin, killAll, login, rawRequest, removeTempDirs, runToExit, startServer,
  startServerWithAdmin, tempDir, uuidv7 } from './server_process.mjs';

const SCHEMA = Number(/kSchemaVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/storage/migrations.hpp', import.meta.url), 'utf8'))[1]);
const HANG_GUARD_MS = 30_000;  // not a timing assertion: a request that hangs fails instead of stalling the run
const MAX_BODY_BYTES = 8 * 1024 * 1024;             // limits::kMaxRequestBodyBytes
const BODY_BUDGET_BYTES = 64 * 1024 * 1024;         // server_limits::kMaxBodyBytesInFlight
const FD_HEADROOM = 64;                             // server_limits::kFdHeadroom

const extraProcs = new Set();
after(() => {
  for (const p of extraProcs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  killAll();
  removeTempDirs();
});

function syncBody(device, cursor = 0, changes = []) {
  return JSON.stringify({ protocol: 1, schema: SCHEMA, device, cursor, changes });
}

// Raw HTTP over one socket: the request text is written as given; resolves with the first response's
// status line and headers ({ status, headers, raw }), or null when the connection closed without one.
function exchange(socket, text) {
  return new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => reject(new Error('no answer (hang)')), HANG_GUARD_MS);
    const done = (value) => { clearTimeout(timer); socket.off('data', onData); resolve(value); };
    const onData = (chunk) => {
      got += chunk.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...headerLines] = got.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => {
        const c = l.indexOf(':');
        return [l.slice(0, c).toLowerCase(), l.slice(c + 1).trim()];
      }));
      const length = Number(headers['content-length'] ?? 0);
      if (got.length < end + 4 + length) return;
      done({ status: Number(statusLine.split(' ')[1]), headers, raw: got });
    };
    socket.on('data', onData);
    socket.once('close', () => done(null));
    socket.once('error', () => {});
    if (text) socket.write(text);
  });
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

// Starts the server under a shell that first lowers the open-file limit (soft and hard): the server cannot
// raise it past that, as on a host whose hard limit is low.
function startWithFdLimit(limit, args) {
  const proc = spawn('/bin/sh', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, SERVER_BIN,
    '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  extraProcs.add(proc);
  return listening(proc);
}

function listening(proc) {
  const lines = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        let j = null;
        try { j = JSON.parse(line); } catch { /* kept for the error message */ }
        if (j && j.msg === 'listening') {
          resolve({ proc, port: j.port, base: `http://127.0.0.1:${j.port}`, listening: j, lines, onData });
        }
      }
    };
    proc.stderr.on('data', onData);
    proc.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}):\n${lines.join('\n')}`)));
  });
}

function vmRssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

function waitExit(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('connection cap below the descriptor limit', () => {
  test('past the cap a new connection gets 503 + Retry-After at once; syncs on open connections still work',
    async () => {
      const FD_LIMIT = 160;
      const dataDir = tempDir('crm-hard-fd-');
      const password = 'пароль-дескриптора';
      await createAdmin(dataDir, 'admin', password);
      const server = await startWithFdLimit(FD_LIMIT, ['--port', '0', '--data-dir', dataDir]);
      // Signed in before the connections fill up the cap.
      const signedIn = await login(server.base, 'admin', password);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.json));
      // More connections than the process has descriptors for: before the cap, the last ones waited in the
      // listen backlog forever and SQLite could not open its files.
      const sockets = [];
      for (let i = 0; i < FD_LIMIT + 20; i++) sockets.push(await connect(server.port));
      try {
        const probes = await Promise.all(sockets.slice(FD_LIMIT - 20).map((s) =>
          exchange(s, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')));
        const busy = probes.filter((r) => r && r.status === 503);
        assert.ok(busy.length >= 20, `connections past the cap are answered 503 (${probes.map((r) => r?.status)})`);
        for (const r of busy) assert.equal(r.headers['retry-after'], '2');
        // A sync on one of the first (accepted) connections writes to the database.
        const body = syncBody('fd-device', 0, [{ table: 'companies', row: uuidv7(), field: 'name',
          value: 'ООО Дескриптор', hlc: Date.now() * 65536, device: 'fd-device' }]);
        const res = await exchange(sockets[0], `POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Content-Type: application/json\r\nAuthorization: Bearer ${signedIn.json.token}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        assert.ok(res, 'the open connection answered');
        assert.equal(res.status, 200, res.raw.slice(0, 400));
      } finally {
        for (const s of sockets) s.destroy();
      }
      assert.equal(server.listening.max_connections, FD_LIMIT - FD_HEADROOM,
        `the cap comes from the descriptor limit (${JSON.stringify(server.listening)})`);
      server.proc.kill('SIGTERM');
      assert.equal((await waitExit(server.proc)).code, 0);
    });
});

describe('request bodies in flight', () => {
  test('unfinished big bodies are refused past the global budget and do not grow the memory', async (t) => {
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', tempDir('crm-hard-body-')]);
    // Signed in first (argon2id takes its memory), so the held bodies come from a client the server lets
    // in and the RSS baseline is taken after the sign-ins.
    const heldAuth = await server.authHeaders('held-device');
    const afterAuth = await server.authHeaders('after-device');
    const pid = server.proc.pid;
    const before = vmRssKiB(pid);
    const CONNECTIONS = 40;  // 320 MiB declared, five times the budget
    const chunk = Buffer.alloc(1 << 20, 0x20);
    const sockets = [];
    const answers = [];
    const written = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const s = await connect(server.port);
      sockets.push(s);
      answers.push(exchange(s, `POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Authorization: ${heldAuth.authorization}\r\nContent-Length: ${MAX_BODY_BYTES}\r\n\r\n`).catch(() => null));
      // All of the body but its last byte: the server holds what it read and waits for the rest.
      written.push(new Promise((resolve) => {
        let left = MAX_BODY_BYTES - 1;
        const more = () => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!s.write(chunk.subarray(0, n))) { s.once('drain', more); return; }
          }
          resolve();
        };
        s.on('error', resolve);
        s.on('close', resolve);
        more();
      }));
    }
    await Promise.all(written);
    // Sampled a few times while the held bodies sit in the server (each write was taken by the kernel).
    let peak = 0;
    for (let i = 0; i < 5; i++) {
      peak = Math.max(peak, vmRssKiB(pid));
      await new Promise((r) => setTimeout(r, 200));
    }
    const refused = (await Promise.all(answers.map((a) => Promise.race([a, null])))).filter((r) => r && r.status === 503);
    for (const s of sockets) s.destroy();
    const grownMiB = (peak - before) / 1024;
    assert.ok(refused.length >= CONNECTIONS - BODY_BUDGET_BYTES / MAX_BODY_BYTES,
      `bodies past the budget are refused with 503 (${refused.length} of ${CONNECTIONS}; RSS grew by ` +
      `${grownMiB.toFixed(0)} MiB)`);
    for (const r of refused) assert.ok(Number(r.headers['retry-after']) > 0);
    // The budget plus what the connections and the allocator keep: far under the 320 MiB the bodies declare.
    assert.ok(grownMiB < BODY_BUDGET_BYTES / (1 << 20) + 96, `RSS grew by ${grownMiB.toFixed(0)} MiB`);
    t.diagnostic(`RSS ${(before / 1024).toFixed(0)} MiB → peak ${(peak / 1024).toFixed(0)} MiB; ${refused.length} of ` +
                 `${CONNECTIONS} refused`);
    // The budget is given back once the server has seen those connections go: a client that follows
    // Retry-After gets its sync through.
    let res = null;
    for (let attempt = 0; attempt < 10; attempt++) {
      res = await fetch(`${server.base}/api/v1/sync`, { method: 'POST', body: syncBody('after-device'),
        headers: { 'content-type': 'application/json', ...afterAuth } });
      if (res.status !== 503) break;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
    }
    assert.equal(res.status, 200, await res.text());
  });
});

describe('cross-site requests', () => {
  test('a cross-site POST is refused and changes nothing; same-origin JSON works', async () => {
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', tempDir('crm-hard-csrf-')]);
    // A valid session for the device: the refusals below are the cross-site checks, not a missing token.
    const auth = await server.authHeaders('csrf-device');
    const count = async () => (await (await fetch(`${server.base}/healthz`)).json()).changes;
    const before = await count();
    const change = (name) => syncBody('csrf-device', 0, [{ table: 'companies', row: uuidv7(), field: 'name',
      value: name, hlc: Date.now() * 65536, device: 'csrf-device' }]);
    // A form on another site posting text/plain: foreign Origin, and (DNS rebinding) a foreign Host too.
    const rebinding = await rawRequest(server.port, 'POST', '/api/v1/sync', { host: `evil.example:${server.port}`,
      origin: `http://evil.example:${server.port}`, 'content-type': 'text/plain', ...auth },
      change('ООО Атака'));
    assert.equal(rebinding.status, 403, rebinding.body.toString());
    const foreignOrigin = await rawRequest(server.port, 'POST', '/api/v1/sync', { host: `127.0.0.1:${server.port}`,
      origin: 'http://evil.example', 'content-type': 'application/json', ...auth }, change('ООО Атака'));
    assert.equal(foreignOrigin.status, 403, foreignOrigin.body.toString());
    const textPlain = await rawRequest(server.port, 'POST', '/api/v1/sync', { host: `127.0.0.1:${server.port}`,
      origin: `http://127.0.0.1:${server.port}`, 'content-type': 'text/plain', ...auth }, change('ООО Атака'));
    assert.equal(textPlain.status, 415, textPlain.body.toString());
    const rebindGet = await rawRequest(server.port, 'GET', '/api/v1/changes?after=0', { host: 'evil.example',
      ...auth });
    assert.equal(rebindGet.status, 403);
    assert.equal(await count(), before, 'nothing was applied');

    const same = await rawRequest(server.port, 'POST', '/api/v1/sync', { host: `127.0.0.1:${server.port}`,
      origin: `http://127.0.0.1:${server.port}`, 'content-type': 'application/json', ...auth },
      change('ООО Своя'));
    assert.equal(same.status, 200, same.body.toString());
    assert.ok(await count() > before);
  });

  test('--public-host names the proxy\'s host', async () => {
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', tempDir('crm-hard-pub-'),
      '--public-host', 'crm.example.com']);
    const res = await rawRequest(server.port, 'POST', '/api/v1/sync', { host: 'crm.example.com',
      origin: 'https://crm.example.com', 'content-type': 'application/json',
      ...await server.authHeaders('proxied-device') }, syncBody('proxied-device'));
    assert.equal(res.status, 200, res.body.toString());
  });
});

describe('logging', () => {
  test('a stalled stderr reader blocks no request, and SIGTERM still ends the server', async () => {
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', tempDir('crm-hard-log-')]);
    const auth = await server.authHeaders('log-device');
    // From here nothing reads the server's stderr: node keeps what it buffered, then the pipe fills.
    server.proc.stderr.removeAllListeners('data');
    server.proc.stderr.pause();
    const REQUESTS = 3000;  // ~200 bytes of log each: several times what the pipe and node's buffer hold
    for (let i = 0; i < REQUESTS; i++) {
      const res = await fetch(`${server.base}/no-such-file-${i}`, { signal: AbortSignal.timeout(HANG_GUARD_MS) });
      await res.arrayBuffer();
    }
    const sync = await fetch(`${server.base}/api/v1/sync`, { method: 'POST', body: syncBody('log-device'),
      headers: { 'content-type': 'application/json', ...auth }, signal: AbortSignal.timeout(HANG_GUARD_MS) });
    assert.equal(sync.status, 200);
    server.proc.kill('SIGTERM');
    const ended = await Promise.race([server.exited,
      new Promise((r) => setTimeout(() => r('hung'), HANG_GUARD_MS))]);
    assert.notEqual(ended, 'hung', 'the server did not exit after SIGTERM');
    assert.equal(ended.code, 0);
  });
});

describe('operator tools', () => {
  test('--backup copies a running server\'s database; --check reports ok, and a damaged copy fails', async () => {
    const dataDir = tempDir('crm-hard-ops-');
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', dataDir]);
    const auth = await server.authHeaders('ops-device');
    for (const name of ['ООО Ёлка', 'ООО Альфа', 'ИП Иванов']) {
      const res = await fetch(`${server.base}/api/v1/sync`, { method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: syncBody('ops-device', 0, [{ table: 'companies', row: uuidv7(), field: 'name', value: name,
          hlc: Date.now() * 65536, device: 'ops-device' }]) });
      assert.equal(res.status, 200, await res.text());
    }
    const backupDir = tempDir('crm-hard-backup-');
    const backup = path.join(backupDir, 'copy.db');
    const made = await runToExit(['--data-dir', dataDir, '--backup', backup]);
    assert.equal(made.code, 0, made.stderr);
    assert.ok(existsSync(backup) && statSync(backup).size > 0);
    assert.equal((await runToExit(['--data-dir', dataDir, '--backup', backup])).code, 1, 'never overwrites');

    const checked = await runToExit(['--data-dir', dataDir, '--check']);
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(checked.stdout.trim(), 'ok');

    // The copy is a database the server can run on.
    const copyDir = tempDir('crm-hard-copy-');
    copyFileSync(backup, path.join(copyDir, 'server.db'));
    const copyCheck = await runToExit(['--data-dir', copyDir, '--check']);
    assert.equal(copyCheck.code, 0, copyCheck.stdout + copyCheck.stderr);
    const live = await (await fetch(`${server.base}/healthz`)).json();
    const copied = await startServer(['--port', '0', '--data-dir', copyDir]);
    const copyHealth = await (await fetch(`${copied.base}/healthz`)).json();
    assert.equal(copyHealth.changes, live.changes);

    // Damage: overwrite pages in the middle of a copy.
    const damagedDir = tempDir('crm-hard-damaged-');
    const damaged = path.join(damagedDir, 'server.db');
    copyFileSync(backup, damaged);
    const fd = openSync(damaged, 'r+');
    const size = statSync(damaged).size;
    writeSync(fd, Buffer.alloc(16 * 4096, 0x5a), 0, 16 * 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const bad = await runToExit(['--data-dir', damagedDir, '--check']);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.notEqual(bad.stdout.trim(), 'ok');
    assert.equal((await runToExit(['--data-dir', tempDir('crm-hard-none-'), '--check'])).code, 1);
  });
});

describe('security headers', () => {
  test('every response carries them; no CORS, not even for a preflight', async () => {
    const webRoot = tempDir('crm-hard-web-');
    mkdirSync(path.join(webRoot, 'sub'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>x</title>');
    const server = await startServerWithAdmin(['--port', '0', '--data-dir', tempDir('crm-hard-hdr-'),
      '--web-root', webRoot]);
    const origin = `http://127.0.0.1:${server.port}`;
    const auth = await server.authHeaders('hdr-device');
    const responses = [
      await rawRequest(server.port, 'GET', '/'),
      await rawRequest(server.port, 'GET', '/missing.js'),
      await rawRequest(server.port, 'GET', '/healthz', { origin: 'http://evil.example' }),
      await rawRequest(server.port, 'POST', '/api/v1/sync', { 'content-type': 'application/json', origin, ...auth },
        syncBody('hdr-device')),
      await rawRequest(server.port, 'POST', '/api/v1/sync', { 'content-type': 'text/plain' }, 'x'),
      await rawRequest(server.port, 'GET', '/api/v1/nothing', auth),
      await rawRequest(server.port, 'OPTIONS', '/api/v1/sync', { origin: 'http://evil.example',
        'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
      await rawRequest(server.port, 'OPTIONS', '/api/v1/sync', { origin, ...auth,
        'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
      // Without a token: the sign-in refusal carries them too.
      await rawRequest(server.port, 'POST', '/api/v1/sync', { 'content-type': 'application/json', origin },
        syncBody('hdr-device')),
    ];
    assert.deepEqual(responses.map((r) => r.status), [200, 404, 200, 200, 415, 404, 403, 405, 401]);
    for (const r of responses) {
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      const csp = r.headers['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), []);
    }
  });
});
