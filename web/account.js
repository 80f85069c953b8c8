// The account's API calls the app makes besides sync (wasm/browser_platform.cpp): an admin setting a password
// (api/v1/password), and signing out (api/v1/logout, then this device's data wiped and the page reloaded).
import { authHeaders, authFailed, currentToken, forgetSession } from './session.js';
import { wipeLocalData } from './pages.js';

const API_TIMEOUT_MS = 20_000;     // an account call without an answer by then failed (network)
const LOGOUT_TIMEOUT_MS = 5_000;   // signing out does not wait longer for the server to revoke the token

// Answers by request id until the app read them: {status, error} (status 0: no network or no answer).
const answers = new Map();

async function post(path, body, timeoutMs) {
  const token = currentToken();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: authHeaders({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      signal: abort.signal,
    });
    const text = await response.text();
    if (response.status === 401) authFailed(token, text);
    let error = '';
    try { const j = JSON.parse(text); if (j && typeof j.error === 'string') error = j.error; } catch { /* not JSON */ }
    return { status: response.status, error };
  } catch (e) {
    return { status: 0, error: abort.signal.aborted ? 'timeout' : `network: ${e && e.message}` };
  } finally {
    clearTimeout(timer);
  }
}

// POST `path` (relative to the page) with the JSON `body` text; the answer is kept for apiPoll(id).
export function apiPost(id, path, body) {
  answers.set(id, null);
  if (!currentToken()) { answers.set(id, { status: 401, error: 'not signed in' }); return; }
  if (navigator.onLine === false) { answers.set(id, { status: 0, error: 'offline' }); return; }
  let parsed;
  try { parsed = JSON.parse(body); } catch { answers.set(id, { status: 0, error: 'bad request' }); return; }
  post(path, parsed, API_TIMEOUT_MS).then((answer) => { if (answers.has(id)) answers.set(id, answer); });
}

// JSON text of the answer ({status, error}), 'pending', or null for an unknown id; a read answer is forgotten.
export function apiPoll(id) {
  if (!answers.has(id)) return null;
  const answer = answers.get(id);
  if (answer === null) return 'pending';
  answers.delete(id);
  return JSON.stringify(answer);
}

// Sign-out: the server revokes the token (when it can be reached), then nothing of the session or the device's
// data stays, and the page starts again at the sign-in form. The app warned first about unsent edits.
export async function signOut() {
  if (currentToken() && navigator.onLine !== false) await post('api/v1/logout', {}, LOGOUT_TIMEOUT_MS);
  forgetSession();
  await wipeLocalData();
  window.location.reload();
}
