// The long poll GET /api/v1/changes against the REAL crm-sync-server process: another client's push wakes it
// with the new cursor, it holds no news, refuses a bad cursor, lets go when the client leaves, and never delays
// a SIGTERM shutdown. How fast it answers is printed, not asserted (a loaded machine is slower): what is
// asserted is that the answer did not come from the hold running out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { killAll, removeTempDirs, startServerWithAdmin, tempDir, uuidv7 } from './server_process.mjs';

const PROTOCOL = 2;
// limits::kChangesWaitLimit: a held poll answers by itself after this long. An answer well before it was woken.
const HOLD_MS = 25_000;

after(() => {
  killAll();
  removeTempDirs();
});


let current = null; // the server under test: its admin's token goes with every API request

async function health(base) {
  const res = await fetch(`${base}/healthz`);
  assert.equal(res.status, 200);
  return res.json();
}

// A sync as the page sends it (the HLC is 64-bit: spliced into the JSON text as an integer).
async function sync(base, { device, cursor, name }) {
  const { schema } = await health(base);
  const changes = name === undefined ? [] : [{ table: 'companies', row: uuidv7(), field: 'name', value: name,
    hlc: '__HLC__', device }];
  const body = JSON.stringify({ protocol: PROTOCOL, schema, device, cursor, time: Date.now(), changes })
    .replace('"__HLC__"', (BigInt(Date.now()) << 16n).toString());
  const res = await fetch(`${base}/api/v1/sync`, { method: 'POST', body,
    headers: { 'content-type': 'application/json', ...await current.authHeaders(device) } });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.deepEqual(json.rejected, []);
  return json;
}

// Starts a long poll; `settled` tells whether it has answered yet.
function poll(base, after, signal) {
  const started = performance.now();
  const state = { settled: false };
  state.done = current.authHeaders('poller').then((headers) => fetch(`${base}/api/v1/changes?after=${after}`,
    { signal, headers })).then(async (res) => {
    state.settled = true;
    return { status: res.status, json: await res.json(), ms: performance.now() - started, at: performance.now() };
  }, (error) => { state.settled = true; throw error; });
  return state;
}

async function waitFor(predicate, what, timeoutMs = 3000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('GET /api/v1/changes (long poll)', () => {
  let server;

  before(async () => {
    const dataDir = tempDir('crm-it-changes-');
    server = await startServerWithAdmin(['--port', '0', '--data-dir', dataDir]);
    current = server;
  });

  test('answers at once when the server is past the cursor', async () => {
    const pushed = await sync(server.base, { device: 'device-a', cursor: 0, name: 'ООО «Сразу»' });
    const p = poll(server.base, 0);
    const answer = await p.done;
    assert.equal(answer.status, 200);
    assert.ok(answer.json.cursor >= pushed.cursor && answer.json.cursor > 0, JSON.stringify(answer.json));
    console.log(`a poll behind the server answered in ${answer.ms.toFixed(1)} ms`);
    assert.ok(answer.ms < HOLD_MS / 2, `answered in ${answer.ms.toFixed(0)} ms: it was held`);
  });

  test('returns within a second of another client\'s push, with the new cursor', async () => {
    const { cursor } = await health(server.base);
    const p = poll(server.base, cursor);
    await waitFor(async () => (await health(server.base)).waiting === 1, 'the poll to be held');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(p.settled, false, 'nothing new: the poll is held');

    const pushedAt = performance.now();
    await sync(server.base, { device: 'device-a', cursor, name: 'ООО «Новость»' });
    const answer = await p.done;
    const latency = answer.at - pushedAt;
    console.log(`long poll answered ${latency.toFixed(1)} ms after the push was sent`);
    assert.ok(latency < HOLD_MS / 2, `${latency.toFixed(0)} ms: the hold ran out, the push did not wake it`);
    assert.equal(answer.status, 200);
    assert.ok(answer.json.cursor > cursor);
    // The cursor it carries is where a pull from the old cursor ends: the new change is there to be pulled.
    const pulled = await sync(server.base, { device: 'device-b', cursor });
    assert.equal(pulled.cursor, answer.json.cursor);
    assert.ok(pulled.records.length >= 1);
    assert.equal((await health(server.base)).waiting, 0);
  });

  test('a bad cursor is 400 with a reason', async () => {
    for (const query of ['', '?after=', '?after=abc', '?after=-1', '?after=1e3']) {
      const res = await fetch(`${server.base}/api/v1/changes${query}`, { headers: await server.authHeaders('poller') });
      assert.equal(res.status, 400, query);
      assert.match((await res.json()).error, /after/, query);
    }
  });

  test('a client that goes away is no longer waited for', async () => {
    const { cursor } = await health(server.base);
    const abort = new AbortController();
    const p = poll(server.base, cursor, abort.signal);
    await waitFor(async () => (await health(server.base)).waiting === 1, 'the poll to be held');
    abort.abort();
    await assert.rejects(p.done);
    await waitFor(async () => (await health(server.base)).waiting === 0, 'the wait to be dropped', 2000);
  });

  test('a pending long poll does not delay SIGTERM', async () => {
    const { cursor } = await health(server.base);
    const p = poll(server.base, cursor);
    await waitFor(async () => (await health(server.base)).waiting === 1, 'the poll to be held');
    const stopAt = performance.now();
    server.proc.kill('SIGTERM');
    const { code, signal } = await server.exited;
    const took = performance.now() - stopAt;
    console.log(`SIGTERM with a held long poll: exited in ${took.toFixed(0)} ms`);
    assert.equal(signal, null);
    assert.equal(code, 0);
    const answer = await p.done;  // answered before the connection closed
    assert.equal(answer.status, 200);
    assert.equal(answer.json.cursor, cursor);
    assert.ok(!server.lines.some((l) => l.includes('shutdown grace expired')), 'no forced stop');
  });
});
