// Sign-in against the REAL crm-sync-server: accounts made on the command line, login, tokens refused for
// each reason (missing, invalid, expired, revoked, another device), passwords and rate limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import {
  createAdmin, killAll, login, rawRequest, removeTempDirs, runToExit, startServer, tempDir, uuidv7,
} from './server_process.mjs';

const SCHEMA = Number(/kSchemaVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/storage/migrations.hpp', import.meta.url), 'utf8'))[1]);
const PROTOCOL = Number(/kProtocolVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/sync/protocol.hpp', import.meta.url), 'utf8'))[1]);
// sync-server/server_limits.hpp
const LIMITS = Object.fromEntries([...readFileSync(new URL('../../sync-server/server_limits.hpp', import.meta.url), 'utf8')
  .matchAll(/(k\w+)\{?\s*=?\s*([\d' *]+)\}?;/g)]
  .map(([, k, v]) => [k, v.replaceAll("'", '').split('*').reduce((a, b) => a * Number(b.trim()), 1)]));
const WRONG = 'wrong login or password';

after(() => {
  killAll();
  removeTempDirs();
});

function syncBody(device, cursor = 0) {
  return JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, device, cursor, time: Date.now(), changes: [] });
}

async function api(base, method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* asserted by callers */ }
  return { status: res.status, headers: res.headers, json, text };
}

const sync = (base, token, device) => api(base, 'POST', '/api/v1/sync', { token, body: syncBody(device) });

describe('sign-in', () => {
  const dataDir = tempDir('crm-auth-');
  const password = 'пароль-администратора';
  let server;

  before(async () => {
    await createAdmin(dataDir, 'Boss', password);
    server = await startServer(['--port', '0', '--data-dir', dataDir]);
  });

  test('--create-admin refuses an existing login, in any case, and a short password', async () => {
    const again = await runToExit(['--data-dir', tempDir('crm-auth-x-'), '--create-admin', 'x'], 'short\n');
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /password/);
    const dup = await runToExit(['--data-dir', dataDir, '--create-admin', 'boss'], 'another password\n');
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /already exists/);
    const noInput = await runToExit(['--data-dir', tempDir('crm-auth-y-'), '--create-admin', 'y'], '');
    assert.equal(noInput.code, 2);
    assert.match(noInput.stderr, /stdin/);
  });

  test('login answers a 256-bit token, its expiry and the user', async () => {
    const r = await login(server.base, 'boss', password);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/);
    const ttl = 30 * 24 * 3600 * 1000;
    assert.ok(Math.abs(r.json.expires_at - (Date.now() + ttl)) < 600_000, 'expires in 30 days');
    assert.equal(r.json.user.login, 'Boss');
    assert.equal(r.json.user.name, 'Boss');
    assert.equal(r.json.user.role, 'admin');
    assert.equal(typeof r.json.user.id, 'string');
    const me = await api(server.base, 'GET', '/api/v1/me', { token: r.json.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.user, r.json.user);
    assert.equal(me.json.expires_at, r.json.expires_at);
    const second = await login(server.base, 'BOSS', password);
    assert.notEqual(second.json.token, r.json.token, 'each sign-in its own token');
  });

  test('a wrong password and an unknown login get the same answer', async () => {
    const wrong = await login(server.base, 'boss', password + 'x');
    const unknown = await login(server.base, 'nobody-' + uuidv7(), password);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.json, { error: WRONG });
    assert.deepEqual(unknown.json, wrong.json);
  });

  test('a bad login body is 400 with a reason, a non-JSON type 415', async () => {
    const bad = await api(server.base, 'POST', '/api/v1/login', { body: '{"login": "boss"}' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /password/);
    const plain = await api(server.base, 'POST', '/api/v1/login',
      { body: JSON.stringify({ login: 'boss', password }), headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 415);
  });

  test('every API endpoint but login refuses a request without a token; /healthz and files do not', async () => {
    const endpoints = [['POST', '/api/v1/sync', syncBody('d')], ['GET', '/api/v1/changes?after=0'],
      ['POST', '/api/v1/logout', '{}'], ['POST', '/api/v1/password', '{"user_id":"x","password":"12345678"}'],
      ['GET', '/api/v1/me'], ['GET', '/api/v1/nothing'], ['POST', '/api/v1/sync/x', '{}']];
    for (const [method, path, body] of endpoints) {
      const none = await api(server.base, method, path, { body });
      assert.equal(none.status, 401, `${method} ${path}`);
      assert.equal(none.json.auth, 'missing', `${method} ${path}`);
      assert.ok(none.json.error.length > 0);
      const basic = await api(server.base, method, path, { body, headers: { authorization: 'Basic Ym9zczpw' } });
      assert.equal(basic.json.auth, 'missing', `${method} ${path} with Basic`);
      const invalid = await api(server.base, method, path, { body, token: 'A'.repeat(43) });
      assert.equal(invalid.status, 401);
      assert.equal(invalid.json.auth, 'invalid', `${method} ${path}`);
    }
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    assert.equal((await rawRequest(server.port, 'GET', '/index.html')).status, 404, 'static files: no token asked');
  });

  test('a session syncs from the first device only', async () => {
    const { json } = await login(server.base, 'boss', password);
    assert.equal((await sync(server.base, json.token, 'device-1')).status, 200);
    assert.equal((await sync(server.base, json.token, 'device-1')).status, 200);
    const other = await sync(server.base, json.token, 'device-2');
    assert.equal(other.status, 401);
    assert.equal(other.json.auth, 'device');
    const poll = await api(server.base, 'GET', '/api/v1/changes?after=999999999', { token: json.token });
    assert.equal(poll.status, 200, 'the long poll carries no data and names no device');
  });

  test('logout revokes the session and no other', async () => {
    const a = (await login(server.base, 'boss', password)).json.token;
    const b = (await login(server.base, 'boss', password)).json.token;
    assert.equal((await sync(server.base, a, 'dev-a')).status, 200);
    const out = await api(server.base, 'POST', '/api/v1/logout', { token: a, body: '{}' });
    assert.equal(out.status, 200);
    assert.deepEqual(out.json, {});
    for (const [method, path] of [['POST', '/api/v1/sync'], ['GET', '/api/v1/me'], ['POST', '/api/v1/logout']]) {
      const r = await api(server.base, method, path, { token: a, body: method === 'POST' ? syncBody('dev-a') : undefined });
      assert.equal(r.status, 401, path);
      assert.equal(r.json.auth, 'revoked', path);
    }
    assert.equal((await sync(server.base, b, 'dev-b')).status, 200);
  });

  test('an admin sets their own password: the old one stops working, other sessions end', async () => {
    const keep = (await login(server.base, 'boss', password)).json;
    const other = (await login(server.base, 'boss', password)).json.token;
    const short = await api(server.base, 'POST', '/api/v1/password',
      { token: keep.token, body: JSON.stringify({ user_id: keep.user.id, password: 'short' }) });
    assert.equal(short.status, 400);
    const set = await api(server.base, 'POST', '/api/v1/password',
      { token: keep.token, body: JSON.stringify({ user_id: keep.user.id, password: 'новый пароль' }) });
    assert.equal(set.status, 200, set.text);
    assert.equal((await login(server.base, 'boss', password)).status, 401);
    assert.equal((await login(server.base, 'boss', 'новый пароль')).status, 200);
    assert.equal((await api(server.base, 'GET', '/api/v1/me', { token: keep.token })).status, 200, 'this session stays');
    assert.equal((await api(server.base, 'GET', '/api/v1/me', { token: other })).json.auth, 'revoked');
    const missing = await api(server.base, 'POST', '/api/v1/password',
      { token: keep.token, body: JSON.stringify({ user_id: uuidv7(), password: 'whatever123' }) });
    assert.equal(missing.status, 404);
    // --set-password from the command line (the server may run meanwhile: the database is shared).
    const cli = await runToExit(['--data-dir', dataDir, '--set-password', 'boss'], password + '\n');
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal((await login(server.base, 'boss', password)).status, 200);
    assert.equal((await api(server.base, 'GET', '/api/v1/me', { token: keep.token })).json.auth, 'revoked',
      'a password set on the command line ends every session');
    const unknown = await runToExit(['--data-dir', dataDir, '--set-password', 'ghost'], password + '\n');
    assert.notEqual(unknown.code, 0);
  });

  test('failed sign-ins of one login are limited: 429 with Retry-After, the right password too', async () => {
    for (let i = 0; i < LIMITS.kMaxLoginFailuresPerLogin; i++) {
      assert.equal((await login(server.base, 'boss', 'wrong ' + i)).status, 401, `attempt ${i}`);
    }
    const limited = await login(server.base, 'Boss', password);
    assert.equal(limited.status, 429);
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= LIMITS.kLoginFailureWindow, `Retry-After ${retry}: until the first failure ages out`);
    assert.match(limited.json.error, /too many/);
  });
});

describe('sign-in limits per address', () => {
  test('many logins failing from one address are limited', async () => {
    const dataDir = tempDir('crm-auth-addr-');
    await createAdmin(dataDir, 'admin', 'admin password');
    const server = await startServer(['--port', '0', '--data-dir', dataDir]);
    for (let i = 0; i < LIMITS.kMaxLoginFailuresPerAddress; i++) {
      assert.equal((await login(server.base, `user-${i}`, 'x')).status, 401, `attempt ${i}`);
    }
    const limited = await login(server.base, 'admin', 'admin password');
    assert.equal(limited.status, 429, 'a fresh login from the same address');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });
});

describe('session expiry', () => {
  test('a token past --session-ttl-seconds is refused as expired', async () => {
    const dataDir = tempDir('crm-auth-ttl-');
    await createAdmin(dataDir, 'admin', 'admin password');
    const server = await startServer(['--port', '0', '--data-dir', dataDir, '--session-ttl-seconds', '1']);
    const r = await login(server.base, 'admin', 'admin password');
    assert.equal(r.status, 200);
    assert.ok(r.json.expires_at - Date.now() <= 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, r.json.expires_at - Date.now()) + 50));
    const late = await sync(server.base, r.json.token, 'dev');
    assert.equal(late.status, 401);
    assert.equal(late.json.auth, 'expired');
    assert.match(late.json.error, /expired/);
  });
});
