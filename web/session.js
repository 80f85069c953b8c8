// The signed-in session: the token, its expiry and the user, kept in localStorage so an offline restart starts
// signed in without the network. Every API request adds the bearer header (authHeaders); a 401 answer
// (authFailed) drops the token, keeps the user and every local edit, stops syncing and shows the sign-in form
// again with the reason (web/sign_in.js). The wasm side hears of every change through crm_auth_changed and
// reads the identity with sessionJson (wasm/browser_platform.cpp).
import { call } from './runtime.js';

const SESSION_KEY = 'crm.session';       // {token, expires_at, user: {id, login, name, role, team_id}}
const DATA_USER_KEY = 'crm.data_user';   // the user whose records this device's database holds
const DEVICE_KEY = 'crm.device';         // this database's device id (start_early.js's early request uses it)
const LANGUAGE_KEY = 'crm.ui.language';  // the app's language setting (ui/preferences.hpp)

function read(key) {
  try { return window.localStorage.getItem(key); } catch { return null; }
}
function write(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch (e) { console.warn('[crm] session not kept:', e && e.message); }
}

function loadSession() {
  try {
    const s = JSON.parse(read(SESSION_KEY) || 'null');
    if (s && typeof s === 'object' && s.user && typeof s.user.id === 'string') return s;
  } catch { /* damaged: signed out */ }
  return null;
}

let current = loadSession();
const listeners = [];

export const language = () => (read(LANGUAGE_KEY) === 'en' ? 'en' : 'ru');
export const signedIn = () => Boolean(current && current.token);
export const currentUser = () => (current ? current.user : null);
export const dataUser = () => read(DATA_USER_KEY);
export const onAuthChange = (fn) => listeners.push(fn);

// The reason the form shows when the session was lost ('expired', 'revoked', ...), or null.
export let lostReason = null;

export function authHeaders(headers = {}) {
  return signedIn() ? { ...headers, Authorization: `Bearer ${current.token}` } : headers;
}

function changed() {
  // Before main() the driver reads the state itself when it starts.
  call('crm_auth_changed', null, ['number'], [signedIn() ? 1 : 0]);
  for (const fn of listeners) fn();
}

// A successful sign-in: keeps it, and marks the device's data as this user's.
export function keepSession({ token, expires_at: expiresAt, user }) {
  current = { token, expires_at: expiresAt, user };
  lostReason = null;
  write(SESSION_KEY, JSON.stringify(current));
  write(DATA_USER_KEY, user.id);
  changed();
}

// An API answer with status 401 for a request made with `token`: the session is gone (expired, revoked, the
// user disabled). Answers the reason, or null when it was not an auth refusal. The user stays known (their
// data is on this device), the token goes; sign_in.js shows the form.
export function authFailed(token, text) {
  let reason = 'invalid';
  try {
    const j = JSON.parse(text);
    if (j && typeof j.auth === 'string') reason = j.auth;
  } catch { /* not JSON */ }
  if (!current || !current.token || current.token !== token) return reason;  // already handled
  current = { ...current, token: null };
  lostReason = reason;
  write(SESSION_KEY, JSON.stringify(current));
  changed();
  return reason;
}

// Another user's sign-in on a device holding someone else's data: the session is for the next start only (the
// page wipes the database and reloads). Nothing here uses it meanwhile, so not one request goes out with the new
// token from the old database (the server would bind the session to the old device).
export function keepSessionForReload({ token, expires_at: expiresAt, user }) {
  write(SESSION_KEY, JSON.stringify({ token, expires_at: expiresAt, user }));
  write(DATA_USER_KEY, user.id);
}

export const currentToken = () => (signedIn() ? current.token : null);

// Sign-out and a different user's sign-in: nothing of the session or the device's identity stays.
export function forgetSession() {
  current = null;
  write(SESSION_KEY, null);
  write(DATA_USER_KEY, null);
  write(DEVICE_KEY, null);
}

// For the wasm side (crmGlue.sessionJson): {signed_in, user} with user null when nobody ever signed in here.
export const sessionJson = () => JSON.stringify({ signed_in: signedIn(), user: currentUser() });

// The device id the database uses, kept for the early first request of the next start (start_early.js).
export function deviceOpened(id) { if (id) write(DEVICE_KEY, id); }
// A new database takes the device id the early request used, so the session is bound to the same device.
export const deviceHint = () => read(DEVICE_KEY) || '';
