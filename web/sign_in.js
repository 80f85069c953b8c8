// The sign-in form over the canvas (#sign-in in index.html): a real HTML form, so browser password managers and
// phone autofill work. Shown at start when no session is kept, and again when the server refused the session
// (401: expired, revoked...), while the app goes on running behind it with every local edit kept. It POSTs
// api/v1/login and keeps the answer (session.js). A different user than the one whose data this device holds:
// the local database is wiped first (after a warning when edits are unsent), then the page reloads.
import { appState } from './runtime.js';
import { language, signedIn, currentUser, dataUser, keepSession, keepSessionForReload, forgetSession, lostReason,
         onAuthChange } from './session.js';
import { wipeLocalData } from './pages.js';

const LOGIN_URL = 'api/v1/login';
const LOGIN_TIMEOUT_MS = 20_000;  // a sign-in that has no answer by then is reported as a network failure

// Russian plural forms: 1 правка, 2 правки, 5 правок (21 правка, 11 правок), as ui::trn does.
function ruPlural(n, one, few, many) {
  const d = n % 10, h = n % 100;
  if (d === 1 && h !== 11) return one;
  if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return few;
  return many;
}

const TEXT = {
  ru: {
    title: 'Полевая CRM', login: 'Логин', password: 'Пароль', submit: 'Войти', later: 'Позже',
    busy: 'Вход…', wipe: 'Удалить и войти',
    first: 'Войдите, чтобы начать работу',
    expired: 'Сеанс истёк, войдите снова',
    revoked: 'Сеанс завершён, войдите снова',
    disabled: 'Учётная запись отключена',
    device: 'Сеанс открыт на другом устройстве, войдите снова',
    invalid: 'Нужно войти снова',
    missing: 'Нужно войти',
    again: 'Неотправленные правки сохранены на устройстве и уйдут на сервер после входа.',
    wrong: 'Неверный логин или пароль',
    offline: 'Нет сети: нужна сеть для первого входа',
    offlineAgain: 'Нет сети: войти можно, когда сеть появится. Работа продолжается без синхронизации.',
    limited: (s) => `Слишком много попыток. Повторите через ${s} с`,
    server: (t) => `Сервер не принял вход: ${t}`,
    empty: 'Введите логин и пароль',
    otherUser: (n, who) => `На устройстве ${n} ${ruPlural(n, 'неотправленная правка', 'неотправленные правки', 'неотправленных правок')} пользователя ${who}. ` +
      'При входе другим пользователем они будут удалены вместе с данными устройства.',
    otherUserNoEdits: 'Данные другого пользователя будут удалены с устройства.',
  },
  en: {
    title: 'Field CRM', login: 'Login', password: 'Password', submit: 'Sign in', later: 'Later',
    busy: 'Signing in…', wipe: 'Delete and sign in',
    first: 'Sign in to start',
    expired: 'Your session has expired, sign in again',
    revoked: 'Your session was ended, sign in again',
    disabled: 'This account is disabled',
    device: 'This session is in use on another device, sign in again',
    invalid: 'Please sign in again',
    missing: 'Please sign in',
    again: 'Unsent edits are kept on this device and go to the server after you sign in.',
    wrong: 'Wrong login or password',
    offline: 'No network: the first sign-in needs the network',
    offlineAgain: 'No network: sign in once it is back. You can keep working without sync.',
    limited: (s) => `Too many attempts. Try again in ${s} s`,
    server: (t) => `The server refused: ${t}`,
    empty: 'Enter your login and password',
    otherUser: (n, who) => `This device holds ${n} unsent ${n === 1 ? 'edit' : 'edits'} of ${who}. ` +
      'Signing in as another user deletes them with the device\'s data.',
    otherUserNoEdits: 'Another user\'s data will be deleted from this device.',
  },
};

const box = document.getElementById('sign-in');
const form = document.getElementById('sign-in-form');
const loginInput = document.getElementById('sign-in-login');
const passwordInput = document.getElementById('sign-in-password');
const submitButton = document.getElementById('sign-in-submit');
const laterButton = document.getElementById('sign-in-later');
const reasonLine = box.querySelector('.sign-in-reason');
const noteLine = box.querySelector('.sign-in-note');
const errorLine = box.querySelector('.sign-in-error');

// The state tests read (window.crm.signIn): shown, busy, the reason and error shown, the warning asked.
export const signInState = { shown: false, busy: false, reason: null, error: null, confirm: false, signedIn: signedIn() };

let pendingWipe = null;  // a sign-in answer waiting for the rep's confirmation to wipe another user's data
let dismissed = false;

const t = () => TEXT[language()];

function applyTexts() {
  const x = t();
  document.documentElement.lang = language();
  box.querySelector('.sign-in-title').textContent = x.title;
  box.querySelector('label[for="sign-in-login"]').textContent = x.login;
  box.querySelector('label[for="sign-in-password"]').textContent = x.password;
  submitButton.textContent = signInState.busy ? x.busy : pendingWipe ? x.wipe : x.submit;
  laterButton.textContent = x.later;
}

function setError(text) {
  signInState.error = text;
  errorLine.textContent = text || '';
  errorLine.hidden = !text;
}

function setBusy(busy) {
  signInState.busy = busy;
  submitButton.disabled = busy;
  loginInput.readOnly = busy;
  passwordInput.readOnly = busy;
  applyTexts();
}

export function showSignIn() {
  const x = t();
  // After a refusal: the app stays usable behind (Later); on a device with nobody's data there is nothing to use.
  const again = Boolean(currentUser());
  const reason = lostReason ? (x[lostReason] || x.invalid) : again ? x.invalid : x.first;
  signInState.reason = reason;
  reasonLine.textContent = reason;
  noteLine.textContent = again ? x.again : '';
  noteLine.hidden = !again;
  laterButton.hidden = !again;
  if (again && !loginInput.value) loginInput.value = currentUser().login || '';
  applyTexts();
  dismissed = false;
  box.hidden = false;
  signInState.shown = true;
  (loginInput.value ? passwordInput : loginInput).focus({ preventScroll: true });
}

function hide() {
  box.hidden = true;
  signInState.shown = false;
  pendingWipe = null;
  signInState.confirm = false;
  setError(null);
  passwordInput.value = '';
  applyTexts();
}

async function postLogin(login, password) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), LOGIN_TIMEOUT_MS);
  try {
    const response = await fetch(LOGIN_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password }),
      cache: 'no-store',
      credentials: 'omit',
      signal: abort.signal,
    });
    const text = await response.text();
    let body = null;
    try { body = JSON.parse(text); } catch { /* a proxy's page */ }
    return { status: response.status, body, retryAfter: response.headers.get('Retry-After') };
  } catch {
    return { status: 0, body: null, retryAfter: null };
  } finally {
    clearTimeout(timer);
  }
}

// Whose data this device holds, when it is not the signing-in user's: the sign-in wipes it first.
function otherUsersData(user) {
  const holder = dataUser();
  return holder && holder !== user.id ? holder : null;
}

async function finish(answer) {
  dismissed = false;
  if (otherUsersData(answer.user)) {
    // The device's database goes with the previous user's session; the new user's data is pulled fresh.
    forgetSession();
    await wipeLocalData();
    keepSessionForReload(answer);
    window.location.reload();
    return;
  }
  keepSession(answer);
  hide();
}

async function submit(e) {
  e.preventDefault();
  if (signInState.busy) return;
  const x = t();
  if (pendingWipe) {
    const answer = pendingWipe;
    pendingWipe = null;
    setBusy(true);
    await finish(answer);
    return;
  }
  const login = loginInput.value.trim();
  const password = passwordInput.value;
  if (!login || !password) { setError(x.empty); return; }
  if (navigator.onLine === false) { setError(currentUser() ? x.offlineAgain : x.offline); return; }
  setError(null);
  setBusy(true);
  const { status, body, retryAfter } = await postLogin(login, password);
  setBusy(false);
  if (status === 200 && body && typeof body.token === 'string' && body.user && typeof body.user.id === 'string') {
    const answer = { token: body.token, expires_at: body.expires_at, user: body.user };
    const holder = otherUsersData(answer.user);
    if (holder) {
      const sync = appState('platform.sync');
      const pending = sync ? sync.pending : 0;
      const who = (currentUser() && currentUser().id === holder && (currentUser().name || currentUser().login)) || holder;
      pendingWipe = answer;
      signInState.confirm = true;
      setError(pending > 0 ? x.otherUser(pending, who) : x.otherUserNoEdits);
      applyTexts();
      return;
    }
    await finish(answer);
    return;
  }
  passwordInput.value = '';
  if (status === 0) setError(currentUser() ? x.offlineAgain : x.offline);
  else if (status === 429) setError(x.limited(Number.parseInt(retryAfter || '', 10) || 60));
  else if (status === 401) setError(x.wrong);
  else if (status === 403 && body && body.auth === 'disabled') setError(x.disabled);
  else setError(x.server((body && body.error) || `HTTP ${status}`));
  passwordInput.focus({ preventScroll: true });
}

form.addEventListener('submit', submit);
laterButton.addEventListener('click', () => { dismissed = true; hide(); });
// Editing the login after another user's warning asks again.
loginInput.addEventListener('input', () => {
  if (pendingWipe) { pendingWipe = null; signInState.confirm = false; setError(null); applyTexts(); }
});

// Keys typed into the form are the form's: the app's listeners on the window (capture phase, wasm/input_backend.cpp
// and text_input.js, registered after this module ran) would take Backspace, Tab and Enter for the canvas, and
// clipboard.js a paste.
for (const type of ['keydown', 'keyup', 'keypress', 'paste']) {
  window.addEventListener(type, (e) => {
    if (!box.hidden && box.contains(e.target)) e.stopImmediatePropagation();
  }, true);
}

onAuthChange(() => {
  signInState.signedIn = signedIn();
  if (!signedIn() && !dismissed) showSignIn();
});

if (!signedIn()) showSignIn();
else applyTexts();
