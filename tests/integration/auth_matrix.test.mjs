// The authorization matrix against the REAL crm-sync-server: every endpoint × role (admin, manager of team A,
// rep of team A, rep of team B) × record owned by self / a teammate / the other territory × pull / push /
// login / sign-out / revoked / expired / another device / disabled. Each case asserts the exact outcome
// (status, the `auth` reason or the `rejected` reason, which records a pull returns). The cases are
// generated from tables; the file prints how many there are.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { createAdmin, killAll, login, removeTempDirs, startServer, tempDir, uuidv7 } from './server_process.mjs';

const SCHEMA = Number(/kSchemaVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/storage/migrations.hpp', import.meta.url), 'utf8'))[1]);
const PROTOCOL = Number(/kProtocolVersion = (\d+);/.exec(
  readFileSync(new URL('../../core/sync/protocol.hpp', import.meta.url), 'utf8'))[1]);

// The rejected reasons of core/sync/scope.cpp.
const R = {
  owned: 'outside your scope: the record belongs to another user',
  newOwner: 'outside your scope: the new record\'s owner is another user',
  giveAway: 'outside your scope: a record is given only to users of your scope',
  accounts: 'only an admin changes users and teams',
  lists: 'only a manager or an admin changes option lists',
  otherDevice: 'a device pushes only its own changes (this one is stamped by another device)',
  pipelines: 'only an admin changes pipelines',
};

after(() => {
  killAll();
  removeTempDirs();
});

let hlcLast = 0n;
function hlc() {
  // Strictly increasing stamps, so every push wins over the one before.
  const now = BigInt(Date.now()) << 16n;
  hlcLast = now > hlcLast ? now : hlcLast + 1n;
  return hlcLast;
}
const change = (device, table, row, field, value) => ({ table, row, field, value, hlc: hlc(), device });
function body(device, cursor, changes = [], protocol = PROTOCOL) {
  const plain = changes.map((c) => ({ ...c, hlc: '__HLC__' + c.hlc.toString() + '__' }));
  return JSON.stringify({ protocol, schema: SCHEMA, device, cursor, time: Date.now(), changes: plain })
    .replace(/"__HLC__(\d+)__"/g, '$1');
}

async function call(base, method, path, token, payload) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: payload,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* asserted by callers */ }
  return { status: res.status, json, text };
}

// A signed-in device of one user: sync (push and a full pull), and the other endpoints.
class Device {
  constructor(base, user, token, id = 'dev-' + uuidv7()) {
    Object.assign(this, { base, user, token, id });
  }
  async push(changes) {
    const r = await call(this.base, 'POST', '/api/v1/sync', this.token, body(this.id, 0, changes.map(
      (c) => ({ ...c, device: c.device ?? this.id }))));
    assert.equal(r.status, 200, r.text.slice(0, 300));
    return r.json.rejected;
  }
  // Every record id a new device of this user receives: { table: Set(id) }.
  // Pages from `cursor` to the end: { cursor, ids: Set('table/id'), evicted: Set('table/id') }.
  async pullFrom(cursor) {
    const ids = new Set();
    const evicted = new Set();
    for (let more = true, pages = 0; more; pages++) {
      assert.ok(pages < 500, 'paging never ends');
      const r = await call(this.base, 'POST', '/api/v1/sync', this.token, body(this.id, cursor));
      assert.equal(r.status, 200, r.text.slice(0, 300));
      for (const rec of r.json.records ?? []) ids.add(`${rec[0]}/${rec[1]}`);
      for (const [table, id] of r.json.evicted ?? []) evicted.add(`${table}/${id}`);
      cursor = r.json.cursor;
      more = r.json.more;
    }
    return { cursor, ids, evicted };
  }

  async pullAll(protocol = PROTOCOL) {
    const seen = {};
    let cursor = 0;
    for (let more = true, pages = 0; more; pages++) {
      assert.ok(pages < 500, 'paging never ends');
      const r = await call(this.base, 'POST', '/api/v1/sync', this.token, body(this.id, cursor, [], protocol));
      assert.equal(r.status, 200, r.text.slice(0, 300));
      for (const rec of r.json.records ?? []) (seen[rec[0]] ??= new Set()).add(rec[1]);
      for (const c of r.json.changes ?? []) (seen[c.table] ??= new Set()).add(c.row);
      cursor = r.json.cursor;
      more = r.json.more;
    }
    return seen;
  }
}

const ROLES = ['admin', 'manager', 'repA', 'repB'];
// Who is who: team A shares (its reps see each other's customers), team B does not.
const PEOPLE = {
  admin: { role: 'admin', team: null },
  manager: { role: 'manager', team: 'A' },
  repA: { role: 'rep', team: 'A' },
  repA2: { role: 'rep', team: 'A' },
  repB: { role: 'rep', team: 'B' },
  repB2: { role: 'rep', team: 'B' },
  gone: { role: 'rep', team: 'A' },  // disabled by the admin half-way
};
const SHARES = { A: true, B: false };
const PASSWORD = (login) => `пароль ${login} 123`;

// Whose customers each role sees (and may change): the scope rules of core/sync/scope.hpp.
function sees(role, owner) {
  const me = PEOPLE[role];
  const them = PEOPLE[owner];
  if (me.role === 'admin') return true;
  if (owner === role) return true;
  if (me.role === 'manager') return them.team === me.team;
  return them.team === me.team && SHARES[me.team];
}
// self / teammate / other territory, as the matrix names the relation.
function relation(role, owner) {
  if (owner === role) return 'self';
  if (PEOPLE[role].team && PEOPLE[owner].team === PEOPLE[role].team) return 'teammate';
  return 'other';
}

describe('authorization matrix', () => {
  const dataDir = tempDir('crm-matrix-');
  let server;
  // owner -> the company / contact (at that company) they own; `cross`: repA's contact at repB2's company.
  const ids = { users: {}, teams: {}, companies: {}, contacts: {}, cross: uuidv7(), pipeline: uuidv7() };
  const devices = {};
  let cases = 0;
  const count = (n = 1) => { cases += n; };

  before(async () => {
    await createAdmin(dataDir, 'admin', PASSWORD('admin'));
    server = await startServer(['--port', '0', '--data-dir', dataDir]);
    const adminLogin = await login(server.base, 'admin', PASSWORD('admin'));
    assert.equal(adminLogin.status, 200);
    ids.users.admin = adminLogin.json.user.id;
    const admin = new Device(server.base, 'admin', adminLogin.json.token);
    // Teams, users and one customer per person, written by the admin as the app would.
    const setup = [];
    for (const team of ['A', 'B']) {
      ids.teams[team] = uuidv7();
      setup.push(change(admin.id, 'teams', ids.teams[team], 'name', team === 'A' ? 'Москва' : 'Санкт-Петербург'),
        change(admin.id, 'teams', ids.teams[team], 'territory', team === 'A' ? 'Москва' : 'Санкт-Петербург'),
        change(admin.id, 'teams', ids.teams[team], 'shares', SHARES[team]));
    }
    for (const [name, p] of Object.entries(PEOPLE)) {
      if (name === 'admin') continue;
      const id = (ids.users[name] = uuidv7());
      setup.push(change(admin.id, 'users', id, 'name', name), change(admin.id, 'users', id, 'login', name),
        change(admin.id, 'users', id, 'role', p.role), change(admin.id, 'users', id, 'team_id', ids.teams[p.team]));
    }
    for (const owner of Object.keys(PEOPLE)) {
      const id = (ids.companies[owner] = uuidv7());
      const contact = (ids.contacts[owner] = uuidv7());
      setup.push(change(admin.id, 'companies', id, 'name', `ООО «${owner}»`),
        change(admin.id, 'companies', id, 'owner_id', ids.users[owner]),
        change(admin.id, 'contacts', contact, 'name', `Контакт ${owner}`),
        change(admin.id, 'contacts', contact, 'company_id', id),
        change(admin.id, 'contacts', contact, 'owner_id', ids.users[owner]));
    }
    setup.push(change(admin.id, 'contacts', ids.cross, 'name', 'Контакт repA у компании repB2'),
      change(admin.id, 'contacts', ids.cross, 'company_id', ids.companies.repB2),
      change(admin.id, 'contacts', ids.cross, 'owner_id', ids.users.repA),
      change(admin.id, 'pipelines', ids.pipeline, 'name', 'Продажи'));
    assert.deepEqual(await admin.push(setup), []);
    for (const name of Object.keys(PEOPLE)) {
      if (name === 'admin') continue;
      const set = await call(server.base, 'POST', '/api/v1/password', admin.token,
        JSON.stringify({ user_id: ids.users[name], password: PASSWORD(name) }));
      assert.equal(set.status, 200, set.text);
    }
    for (const role of [...ROLES, 'gone']) {
      const r = await login(server.base, role, PASSWORD(role));
      assert.equal(r.status, 200, `${role}: ${JSON.stringify(r.json)}`);
      devices[role] = new Device(server.base, role, r.json.token);
    }
  });

  after(() => console.log(`authorization matrix: ${cases} cases`));

  test('login: each role signs in and is told who it is', async () => {
    for (const role of ROLES) {
      const r = await login(server.base, role.toUpperCase(), PASSWORD(role));
      assert.equal(r.status, 200, role);
      assert.equal(r.json.user.id, ids.users[role], role);
      assert.equal(r.json.user.role, PEOPLE[role].role, role);
      assert.equal(r.json.user.team_id, PEOPLE[role].team ? ids.teams[PEOPLE[role].team] : '', role);
      const wrong = await login(server.base, role, PASSWORD(role) + '!');
      assert.equal(wrong.status, 401, role);
      assert.equal(wrong.json.error, 'wrong login or password');
      count(2);
    }
  });

  test('pull: each role receives exactly the customers of its scope, and every user and team', async () => {
    for (const role of ROLES) {
      const got = await devices[role].pullAll();
      for (const owner of Object.keys(PEOPLE)) {
        // repB2's company also comes to repA (read-only): repA's contact works there.
        const company = sees(role, owner) || (owner === 'repB2' && sees(role, 'repA'));
        assert.equal(got.companies?.has(ids.companies[owner]) ?? false, company,
          `${role} pulls ${relation(role, owner)} ${owner}'s company: expected ${company}`);
        assert.equal(got.contacts?.has(ids.contacts[owner]) ?? false, sees(role, owner),
          `${role} pulls ${relation(role, owner)} ${owner}'s contact: expected ${sees(role, owner)}`);
        count(2);
      }
      assert.equal(got.contacts?.has(ids.cross) ?? false, sees(role, 'repA'), `${role} pulls repA's cross contact`);
      assert.ok(got.pipelines?.has(ids.pipeline), `${role} pulls the pipeline`);
      // An older app (protocol 1's per-field pull is not scoped) gets nothing unless it is an admin's:
      // it is told to update.
      const old = await call(server.base, 'POST', '/api/v1/sync', devices[role].token,
        body(devices[role].id, 0, [], 1));
      assert.equal(old.status, role === 'admin' ? 200 : 426, `${role}: protocol 1`);
      assert.equal(old.json.upgrade, role === 'admin' ? undefined : true, `${role}: protocol 1`);
      count(4);  // the cross contact, the pipeline, protocol 1's status and upgrade
      for (const [name, id] of Object.entries(ids.users)) {
        assert.ok(got.users?.has(id), `${role} pulls user ${name}`);
        count();
      }
      for (const [team, id] of Object.entries(ids.teams)) {
        assert.ok(got.teams?.has(id), `${role} pulls team ${team}`);
        count();
      }
    }
  });

  test('push: an edit of each customer is applied within scope, rejected with the reason outside', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      for (const owner of Object.keys(PEOPLE)) {
        const rejected = await dev.push([change(undefined, 'companies', ids.companies[owner], 'name',
          `ООО «${owner}», правка ${role}`)]);
        const expected = sees(role, owner) ? [] : [R.owned];
        assert.deepEqual(rejected.map((x) => x.reason), expected,
          `${role} edits ${relation(role, owner)} ${owner}'s company`);
        const contact = await dev.push([change(undefined, 'contacts', ids.contacts[owner], 'position',
          `должность от ${role}`)]);
        assert.deepEqual(contact.map((x) => x.reason), expected,
          `${role} edits ${relation(role, owner)} ${owner}'s contact`);
        count(2);
      }
    }
  });

  test('push: settings: pipelines by the admin only, option lists by a manager too', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      const pipeline = await dev.push([change(undefined, 'pipelines', ids.pipeline, 'name', `Продажи (${role})`)]);
      assert.deepEqual(pipeline.map((x) => x.reason), role === 'admin' ? [] : [R.pipelines], `${role} renames a pipeline`);
      const option = uuidv7();
      const list = await dev.push([change(undefined, 'enum_options', option, 'list', 'industry'),
        change(undefined, 'enum_options', option, 'label', `Отрасль ${role}`)]);
      const lists = PEOPLE[role].role === 'rep' ? [R.lists, R.lists] : [];
      assert.deepEqual(list.map((x) => x.reason), lists, `${role} adds an option`);
      count(2);
    }
  });

  test('push: a new customer for self is taken; one given to another territory is not', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      for (const owner of ['repA2', 'repB2', role]) {
        const row = uuidv7();
        const rejected = await dev.push([change(undefined, 'companies', row, 'name', 'Новая'),
          change(undefined, 'companies', row, 'owner_id', ids.users[owner])]);
        const ok = sees(role, owner);
        assert.deepEqual(rejected.map((x) => x.reason), ok ? [] : [R.newOwner, R.newOwner],
          `${role} creates a company owned by ${relation(role, owner)} ${owner}`);
        count();
      }
      // Giving one's own customer away to the other territory.
      const mine = uuidv7();
      assert.deepEqual(await dev.push([change(undefined, 'companies', mine, 'name', 'Своя'),
        change(undefined, 'companies', mine, 'owner_id', ids.users[role])]), []);
      const away = role === 'repB' ? 'repA' : 'repB';
      const rejected = await dev.push([change(undefined, 'companies', mine, 'owner_id', ids.users[away])]);
      assert.deepEqual(rejected.map((x) => x.reason), role === 'admin' ? [] : [R.giveAway], `${role} gives away`);
      count(2);
    }
  });

  test('push: users and teams are written by the admin only; no one raises their own role', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      const expected = role === 'admin' ? [] : [R.accounts];
      const own = await dev.push([change(undefined, 'users', ids.users[role], 'role', 'admin')]);
      assert.deepEqual(own.map((x) => x.reason), expected, `${role} makes themself admin`);
      const team = await dev.push([change(undefined, 'teams', ids.teams.B, 'shares', false)]);
      assert.deepEqual(team.map((x) => x.reason), expected, `${role} edits a team`);
      const user = uuidv7();
      const created = await dev.push([change(undefined, 'users', user, 'login', 'new-' + role),
        change(undefined, 'users', user, 'name', 'Новый'), change(undefined, 'users', user, 'role', 'rep')]);
      assert.deepEqual(created.map((x) => x.reason), role === 'admin' ? [] : [R.accounts, R.accounts, R.accounts],
        `${role} creates a user`);
      count(3);
    }
  });

  test('push: a change stamped by another device is refused for every role', async () => {
    for (const role of ROLES) {
      const rejected = await devices[role].push([change('someone-else', 'companies', ids.companies[role], 'name', 'x')]);
      assert.deepEqual(rejected.map((x) => x.reason), [R.otherDevice], role);
      count();
    }
  });

  test('endpoints × role: me, changes, password of self and of another', async () => {
    for (const role of ROLES) {
      const { token } = devices[role];
      const me = await call(server.base, 'GET', '/api/v1/me', token);
      assert.equal(me.status, 200);
      assert.equal(me.json.user.role, PEOPLE[role].role);
      const poll = await call(server.base, 'GET', '/api/v1/changes?after=999999999', token);
      assert.equal(poll.status, 200, role);
      const self = await call(server.base, 'POST', '/api/v1/password', token,
        JSON.stringify({ user_id: ids.users[role], password: PASSWORD(role) }));
      assert.equal(self.status, 200, `${role} sets own password: ${self.text}`);
      const other = await call(server.base, 'POST', '/api/v1/password', token,
        JSON.stringify({ user_id: ids.users.repA2, password: PASSWORD('repA2') }));
      assert.equal(other.status, role === 'admin' ? 200 : 403, `${role} sets another's password`);
      count(4);
    }
  });

  test('another device with a role\'s session: 401 device, and the session still works where it began', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      const stolen = await call(server.base, 'POST', '/api/v1/sync', dev.token, body('thief-' + role, 0));
      assert.equal(stolen.status, 401);
      assert.equal(stolen.json.auth, 'device', role);
      assert.deepEqual(await dev.push([]), []);
      count(2);
    }
  });

  test('reassigned × role: a customer moved to team A leaves repB\'s device and reaches team A\'s', async () => {
    const moved = uuidv7();
    const key = `companies/${moved}`;
    assert.deepEqual(await devices.admin.push([change(undefined, 'companies', moved, 'name', 'Переезжает'),
      change(undefined, 'companies', moved, 'owner_id', ids.users.repB)]), []);
    const cursors = {};
    for (const role of ROLES) {
      const { cursor, ids: got } = await devices[role].pullFrom(0);
      assert.equal(got.has(key), sees(role, 'repB'), `${role} holds repB's new company`);
      cursors[role] = cursor;
      count();
    }
    assert.deepEqual(await devices.admin.push([change(undefined, 'companies', moved, 'owner_id', ids.users.repA)]), []);
    for (const role of ROLES) {
      const { ids: got, evicted } = await devices[role].pullFrom(cursors[role]);
      const before = sees(role, 'repB');
      const now = sees(role, 'repA');
      assert.equal(got.has(key), now, `${role} receives it after the move`);
      assert.equal(evicted.has(key), before && !now, `${role} is told to drop it`);
      count(2);
    }
  });

  test('disabled: the login is 403, the open session is refused at its next request', async () => {
    const admin = devices.admin;
    assert.deepEqual(await admin.push([change(undefined, 'users', ids.users.gone, 'disabled', true)]), []);
    const again = await login(server.base, 'gone', PASSWORD('gone'));
    assert.equal(again.status, 403);
    assert.equal(again.json.auth, 'disabled');
    for (const [method, path, payload] of endpoints(devices.gone.id)) {
      if (path === '/api/v1/logout') continue;
      const r = await call(server.base, method, path, devices.gone.token, payload);
      assert.equal(r.status, 401, path);
      assert.equal(r.json.auth, 'disabled', path);
      count();
    }
    const wrong = await login(server.base, 'gone', 'not the password');
    assert.equal(wrong.status, 401, 'a wrong password does not tell the account is disabled');
    // Signing out still works: the device ends the session it holds.
    assert.equal((await call(server.base, 'POST', '/api/v1/logout', devices.gone.token, '{}')).status, 200);
    count(3);
  });

  test('sign-out × role: every endpoint then answers 401 revoked; a new sign-in works', async () => {
    for (const role of ROLES) {
      const dev = devices[role];
      const out = await call(server.base, 'POST', '/api/v1/logout', dev.token, '{}');
      assert.equal(out.status, 200);
      count();
      for (const [method, path, payload] of endpoints(dev.id)) {
        const r = await call(server.base, method, path, dev.token, payload);
        assert.equal(r.status, 401, `${role} ${path}`);
        assert.equal(r.json.auth, 'revoked', `${role} ${path}`);
        count();
      }
      assert.equal((await login(server.base, role, PASSWORD(role))).status, 200);
      count();
    }
  });

  test('no token and a forged token × every endpoint: 401 missing / invalid', async () => {
    for (const [method, path, payload] of endpoints('anyone')) {
      const none = await call(server.base, method, path, null, payload);
      assert.equal(none.status, 401, path);
      assert.equal(none.json.auth, 'missing', path);
      const forged = await call(server.base, method, path, 'x'.repeat(43), payload);
      assert.equal(forged.json.auth, 'invalid', path);
      count(2);
    }
  });

  test('expired × role × every endpoint: 401 expired (a server with a 1-second session)', async () => {
    server.proc.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
    const short = await startServer(['--port', '0', '--data-dir', dataDir, '--session-ttl-seconds', '1']);
    const tokens = {};
    let latest = 0;
    for (const role of ROLES) {
      const r = await login(short.base, role, PASSWORD(role));
      assert.equal(r.status, 200, role);
      tokens[role] = r.json.token;
      latest = Math.max(latest, r.json.expires_at);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - Date.now()) + 50));
    for (const role of ROLES) {
      for (const [method, path, payload] of endpoints('dev-' + role)) {
        const r = await call(short.base, method, path, tokens[role], payload);
        assert.equal(r.status, 401, `${role} ${path}`);
        assert.equal(r.json.auth, 'expired', `${role} ${path}`);
        count();
      }
    }
  });
});

// Every endpoint that needs a token, with a body that would be accepted.
function endpoints(device) {
  return [
    ['POST', '/api/v1/sync', body(device, 0)],
    ['GET', '/api/v1/changes?after=0', undefined],
    ['GET', '/api/v1/me', undefined],
    ['POST', '/api/v1/password', JSON.stringify({ user_id: 'x', password: 'long enough' })],
    ['POST', '/api/v1/logout', '{}'],
  ];
}
