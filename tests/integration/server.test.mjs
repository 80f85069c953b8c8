// Integration tests against the REAL crm-sync-server process (CRM_SERVER_BIN), over loopback HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import {
  killAll, login, rawRequest, readDemoAccounts, removeTempDirs, runToExit, startServerWithAdmin, tempDir, uuidv7,
} from './server_process.mjs';

const PROTOCOL = 1;
// storage::kSchemaVersion, read from its header so a new schema needs no edit here.
const SCHEMA = Number(/kSchemaVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/storage/migrations.hpp', import.meta.url), 'utf8'))[1]);
const OLDEST_SCHEMA = 1;
const MIN_DEMO_CUSTOMERS = 2000;
const MAX_BODY_BYTES = 8 * 1024 * 1024; // limits::kMaxRequestBodyBytes



// HLCs are 64-bit (ms << 16 | counter): more than a JS number holds exactly, so the JSON text is built
// with the integer spliced in.
function syncBody({ device, cursor = 0, changes = [], protocol = PROTOCOL, schema = SCHEMA }) {
  const plain = changes.map((c) => ({ ...c, hlc: '__HLC__' + c.hlc.toString() + '__' }));
  return JSON.stringify({ protocol, schema, device, cursor, changes: plain })
    .replace(/"__HLC__(\d+)__"/g, '$1');
}

function nameChange(device, name) {
  return { table: 'companies', row: uuidv7(), field: 'name', value: name, hlc: BigInt(Date.now()) << 16n, device };
}

// The server under test: every sync carries a token of the admin, one session per device.
let current = null;
const deviceOf = (body) => /"device":"([^"]*)"/.exec(body)?.[1] ?? 'device-x';

async function postSync(base, body, headers = {}) {
  const auth = await current.authHeaders(deviceOf(body));
  const res = await fetch(`${base}/api/v1/sync`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', ...auth, ...headers },
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* asserted by callers */ }
  return { status: res.status, headers: res.headers, json, text };
}

async function changeCount(base) {
  const res = await fetch(`${base}/healthz`);
  assert.equal(res.status, 200);
  return (await res.json()).changes;
}

// Pages through everything after `cursor`: { cursor, changes, pages }.
async function pullAll(base, device, cursor = 0) {
  const changes = [];
  let pages = 0;
  for (let more = true; more; pages++) {
    assert.ok(pages < 1000, 'paging never ends');
    const r = await postSync(base, syncBody({ device, cursor }));
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.ok(Array.isArray(r.json.changes));
    assert.ok(r.json.cursor >= cursor, 'the cursor never goes back');
    changes.push(...r.json.changes);
    cursor = r.json.cursor;
    more = r.json.more;
  }
  return { cursor, changes, pages };
}

after(() => {
  killAll();
  removeTempDirs();
});

describe('crm-sync-server', () => {
  const itRoot = tempDir('crm-it-');
  const webRoot = path.join(itRoot, 'web'); // its sibling secret.txt must never be served
  const dataDir = tempDir('crm-it-data-');
  const indexHtml = '<!doctype html><meta charset="utf-8"><title>Полевая CRM</title><canvas></canvas>';
  // A fake wasm module: the magic number and version, then compressible filler (> 2 KB).
  const wasm = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    Buffer.from('(module (func $crm_main (result i32) i32.const 42))\n'.repeat(100))]);
  let server;
  let pulledCursorB = 0;
  let pushed = null;
  let countBeforeStop = 0;

  before(async () => {
    mkdirSync(webRoot);
    writeFileSync(path.join(webRoot, 'index.html'), indexHtml);
    writeFileSync(path.join(webRoot, 'crm.wasm'), wasm);
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'assets', 'app.css'), 'body{margin:0}');
    writeFileSync(path.join(itRoot, 'secret.txt'), 'secret');
    server = await startServerWithAdmin(['--port', '0', '--data-dir', dataDir, '--web-root', webRoot, '--demo-data']);
    current = server;
  });

  test('logs a listening line with the bound port and URL', () => {
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
    assert.ok(server.lines.some((l) => l.includes('"demo data generated"')), 'fresh database gets demo data');
  });

  test('demo accounts: written 0600 once, one per demo user, each signs in with its role', async () => {
    const file = path.join(dataDir, 'demo-accounts.txt');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const accounts = Object.values(readDemoAccounts(dataDir));
    assert.deepEqual(accounts.map((a) => a.role).sort(), ['admin', 'manager', 'rep', 'rep', 'rep', 'rep']);
    assert.equal(new Set(accounts.map((a) => a.team)).size, 3, 'Москва, Санкт-Петербург and none (the admin)');
    for (const a of accounts) {
      assert.match(a.password, /^[A-Za-z0-9_-]{16}$/);
      const r = await login(server.base, a.login, a.password);
      assert.equal(r.status, 200, a.login);
      assert.equal(r.json.user.role, a.role);
    }
  });

  test('GET /healthz answers ok with schema and log size', async () => {
    const res = await fetch(`${server.base}/healthz`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    const j = await res.json();
    assert.equal(j.status, 'ok');
    assert.equal(j.schema, SCHEMA);
    assert.equal(typeof j.version, 'string');
    assert.ok(j.changes > MIN_DEMO_CUSTOMERS, `demo data is in the change log (${j.changes})`);
  });

  test('/ serves index.html', async () => {
    const res = await fetch(`${server.base}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(await res.text(), indexHtml);
  });

  test('crm.wasm is application/wasm, gzipped when asked, revalidated with ETag', async () => {
    const plain = await rawRequest(server.port, 'GET', '/crm.wasm');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'application/wasm');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, wasm);

    const gz = await rawRequest(server.port, 'GET', '/crm.wasm', { 'accept-encoding': 'gzip' });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers['content-type'], 'application/wasm');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.ok(gz.body.length < wasm.length, 'compressed is smaller');
    assert.deepEqual(zlib.gunzipSync(gz.body), wasm);

    const etag = gz.headers.etag;
    assert.ok(etag, 'has an ETag');
    const again = await rawRequest(server.port, 'GET', '/crm.wasm',
      { 'accept-encoding': 'gzip', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('path traversal and missing files are rejected', async () => {
    for (const target of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc/passwd', '//etc/passwd',
      '/index.html%00.png']) {
      const res = await rawRequest(server.port, 'GET', target);
      assert.equal(res.status, 400, `${target} -> ${res.status}`);
      assert.notEqual(res.body.toString(), 'secret', target);
    }
    assert.equal((await rawRequest(server.port, 'GET', '/nope.js')).status, 404);
    assert.equal((await rawRequest(server.port, 'GET', '/assets/app.css')).headers['content-type'], 'text/css');
  });

  test('pull pages through all demo changes and sees every demo customer', async () => {
    const total = await changeCount(server.base);
    const { cursor, changes, pages } = await pullAll(server.base, 'device-b');
    assert.ok(pages >= 2, `more than one page (${pages})`);
    assert.equal(changes.length, total, 'every change exactly once');
    assert.equal(new Set(changes.map((c) => `${c.table}/${c.row}/${c.field}`)).size, changes.length,
      'no field twice');
    const rows = new Set(changes.filter((c) => c.table === 'companies' || c.table === 'contacts')
      .map((c) => `${c.table}/${c.row}`));
    assert.ok(rows.size >= MIN_DEMO_CUSTOMERS, `distinct customer rows: ${rows.size}`);
    pulledCursorB = cursor;
  });

  test('a change pushed by device A is pulled by device B', async () => {
    pushed = nameChange('device-a', 'ООО «Интеграция» ' + uuidv7().slice(-6));
    const push = await postSync(server.base, syncBody({ device: 'device-a', cursor: 0, changes: [pushed] }));
    assert.equal(push.status, 200, push.text);
    assert.deepEqual(push.json.rejected, []);

    const { changes } = await pullAll(server.base, 'device-b', pulledCursorB);
    const got = changes.find((c) => c.row === pushed.row && c.field === 'name');
    assert.ok(got, 'device B received the change');
    assert.equal(got.value, pushed.value);
    assert.equal(got.device, 'device-a');
  });

  test('pushing the same change twice is idempotent', async () => {
    const body = syncBody({ device: 'device-a', cursor: 0, changes: [nameChange('device-a', 'Дубль')] });
    assert.equal((await postSync(server.base, body)).status, 200);
    const once = await changeCount(server.base);
    const second = await postSync(server.base, body);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.json.rejected, []);
    assert.equal(await changeCount(server.base), once, 'the replay added nothing to the log');
  });

  test('a gzip request body is accepted and a large response is gzipped', async () => {
    const body = zlib.gzipSync(syncBody({ device: 'device-c', cursor: 0 }));
    const res = await rawRequest(server.port, 'POST', '/api/v1/sync',
      { 'content-type': 'application/json', 'content-encoding': 'gzip', 'accept-encoding': 'gzip',
        ...await server.authHeaders('device-c') }, body);
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(res.headers['content-encoding'], 'gzip');
    const j = JSON.parse(zlib.gunzipSync(res.body).toString());
    assert.ok(j.changes.length > 0);
    assert.equal(j.more, true);
  });

  test('bad JSON is 400 with a reason', async () => {
    const res = await postSync(server.base, '{"protocol": 1, "device": ');
    assert.equal(res.status, 400);
    assert.match(res.json.error, /JSON/);
    const shape = await postSync(server.base, JSON.stringify({ protocol: 1, schema: SCHEMA, device: 'x', cursor: 'a' }));
    assert.equal(shape.status, 400);
    assert.match(shape.json.error, /cursor/);
  });

  test('protocol 99 is 426 Upgrade Required', async () => {
    const res = await postSync(server.base, syncBody({ device: 'device-a', protocol: 99 }));
    assert.equal(res.status, 426);
    assert.equal(res.json.upgrade, true);
    assert.ok(res.json.error.length > 0);
  });

  test('an older app keeps syncing; a newer app is told to wait for the server, with a reason', async () => {
    const old = await postSync(server.base, syncBody({ device: 'device-old', schema: OLDEST_SCHEMA,
      changes: [nameChange('device-old', 'Старое приложение')] }));
    assert.equal(old.status, 200, old.text);
    assert.deepEqual(old.json.rejected, []);
    assert.ok(old.json.changes.every((c) => c.table === 'companies' || c.table === 'contacts'),
      'a schema-1 app gets no table it does not know');
    const newer = await postSync(server.base, syncBody({ device: 'device-new', schema: SCHEMA + 1 }));
    assert.equal(newer.status, 426);
    assert.match(newer.json.error, /server is updated/);
    const huge = await postSync(server.base, syncBody({ device: 'device-new', schema: 2 ** 32 + 1 }));
    assert.equal(huge.status, 400, 'a schema past int range is not read as 1');
    assert.match(huge.json.error, /schema/);
  });

  test('each change the server cannot take is rejected alone, with a reason', async () => {
    const good = nameChange('device-d', 'Годная');
    const unknownTable = { ...nameChange('device-d', 'x'), table: 'deals_v9' };
    const unknownField = { ...nameChange('device-d', 'x'), field: 'shoe_size' };
    const tooLong = nameChange('device-d', 'Я'.repeat(400));  // 800 bytes; a name holds 300
    const res = await postSync(server.base, syncBody({ device: 'device-d',
      changes: [unknownTable, good, unknownField, tooLong] }));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.rejected.length, 3);
    const reasons = res.json.rejected.map((r) => r.reason).join(' | ');
    assert.match(reasons, /unknown table/);
    assert.match(reasons, /unknown field/);
    assert.match(reasons, /at most 300/);
    const { changes } = await pullAll(server.base, 'device-e');
    assert.ok(changes.some((c) => c.row === good.row && c.value === 'Годная'), 'the good change was kept');
    assert.ok(!changes.some((c) => c.row === tooLong.row), 'the over-long name was not stored');
  });

  test('a value nested 60,000 deep is 400 with a reason, and the server lives on', async () => {
    const deep = '['.repeat(60000) + ']'.repeat(60000);
    const body = syncBody({ device: 'device-deep', changes: [nameChange('device-deep', 'x')] })
      .replace('"value":"x"', `"value":${deep}`);
    assert.ok(body.length > 120000);
    const res = await postSync(server.base, body);
    assert.equal(res.status, 400);
    assert.match(res.json.error, /nested deeper/);
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  });

  test('a rejected change is answered by its index, its value never echoed', async () => {
    const bad = nameChange('device-f', 'Ж'.repeat(5000));
    const res = await postSync(server.base, syncBody({ device: 'device-f', changes: [nameChange('device-f', 'ok'), bad] }));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.rejected.length, 1);
    assert.equal(res.json.rejected[0].index, 1);
    assert.equal(res.json.rejected[0].change.row, bad.row);
    assert.equal(res.json.rejected[0].change.value, null);
    assert.ok(!res.text.includes('ЖЖЖЖ'), 'the refused value is not sent back');
  });

  test('a push stamped hours ahead of the server is not applied; the app is told to re-stamp', async () => {
    const ahead = { ...nameChange('device-g', 'Из будущего'), hlc: BigInt(Date.now() + 20 * 3600 * 1000) << 16n };
    const before = await changeCount(server.base);
    const res = await postSync(server.base, syncBody({ device: 'device-g', changes: [ahead] })
      .replace('"cursor":0', `"cursor":0,"time":${Date.now() + 20 * 3600 * 1000}`));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.retime, true);
    assert.ok(Math.abs(res.json.server_time - Date.now()) < 60000, 'the server says its time');
    assert.equal(await changeCount(server.base), before, 'nothing of that push was stored');
  });

  test('an oversized body is 413', async () => {
    const res = await postSync(server.base, 'x'.repeat(MAX_BODY_BYTES + 1));
    assert.equal(res.status, 413);
    assert.match(res.json.error, /exceeds/);
    // The server is still fine afterwards.
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  });

  test('wrong method is 405 with Allow, unknown API path is 404 JSON', async () => {
    const headers = await server.authHeaders('device-a');
    const get = await fetch(`${server.base}/api/v1/sync`, { headers });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const missing = await fetch(`${server.base}/api/v1/nothing`, { method: 'POST', body: '{}', headers: { ...headers, 'content-type': 'application/json' } });
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /API/);
  });

  test('SIGTERM exits 0 and logs "stopped"', async () => {
    countBeforeStop = await changeCount(server.base);
    server.proc.kill('SIGTERM');
    const { code, signal } = await server.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(server.lines.some((l) => { try { return JSON.parse(l).msg === 'stopped'; } catch { return false; } }),
      server.lines.slice(-5).join('\n'));
  });

  test('a restart on the same data dir keeps the data and adds no second demo set', async () => {
    assert.ok(countBeforeStop > 0 && pushed, 'runs after the tests above');
    const accountsBefore = readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8');
    const again = await startServerWithAdmin(['--port', '0', '--data-dir', dataDir, '--demo-data']);
    current = again;
    assert.equal(readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8'), accountsBefore,
      'the demo passwords are not changed by a restart');
    assert.ok(!again.lines.some((l) => l.includes('"demo data generated"')), 'demo data only once');
    assert.equal(await changeCount(again.base), countBeforeStop);
    const { changes } = await pullAll(again.base, 'device-d', pulledCursorB);
    assert.ok(changes.some((c) => c.row === pushed.row && c.value === pushed.value), 'the pushed change survived');
    again.proc.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
  });
});

describe('crm-sync-server arguments', () => {
  test('bad arguments exit 2 with a clear message', async () => {
    const bad = await runToExit(['--port', 'eighty']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port/);
    const unknown = await runToExit(['--colour']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--colour'/);
    const missingRoot = await runToExit(['--port', '0', '--data-dir', tempDir('crm-it-bad-'),
      '--web-root', path.join(tmpdir(), 'crm-it-no-such-dir-' + uuidv7())]);
    assert.equal(missingRoot.code, 2);
    assert.match(missingRoot.stderr, /web-root/);
  });

  test('--help prints usage and exits 0', async () => {
    const help = await runToExit(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--data-dir/);
  });
});
