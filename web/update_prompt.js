// The "new version ready" bar over the app (#update-bar in index.html): shown while a new version waits
// (shell_update.js). Its button is enabled only when reloading loses nothing (pages.js reloadBlocker); it says
// what to do first otherwise. Russian first, English beside, like the page's other messages.
import { shell, onShellChange } from './shell_update.js';
import { reloadBlocker } from './pages.js';

const PROMPT_REFRESH_MS = 500;  // how often a shown prompt looks again at what a reload would lose

const bar = document.getElementById('update-bar');
const note = bar.querySelector('.update-note');
const applyButton = document.getElementById('update-apply');
const laterButton = document.getElementById('update-later');

const NOTES = {
  saving: 'Идёт сохранение… / Saving…',
  unsaved: 'Изменения ещё не сохранены на устройстве / Changes are not saved on this device yet',
  form: 'Сначала сохраните или закройте форму / Save or close the form first',
  applying: 'Обновление… / Updating…',
  later: 'Или при следующем запуске / Or at the next start',
};

let dismissed = false;
let timer = null;
let reservedPx = 0;

// The canvas is shortened by the bar's height (style.css), so the bar covers none of the app. The resize event
// makes the app draw at full rate at once and the page re-read the canvas position.
function reserve(px) {
  if (px === reservedPx) return;
  reservedPx = px;
  document.documentElement.style.setProperty('--update-bar-height', `${px}px`);
  window.dispatchEvent(new Event('resize'));
}

function render() {
  const shown = !dismissed && (shell.status === 'ready' || shell.status === 'applying');
  bar.hidden = !shown;
  if (!shown) {
    shell.canUpdate = false;
    shell.blockedBy = null;
    clearInterval(timer);
    timer = null;
    reserve(0);
    return;
  }
  if (!timer) timer = setInterval(render, PROMPT_REFRESH_MS);
  const blocker = shell.status === 'applying' ? null : reloadBlocker();
  shell.blockedBy = blocker;
  shell.canUpdate = shell.status === 'ready' && !blocker;
  applyButton.disabled = !shell.canUpdate;
  note.textContent = NOTES[shell.status === 'applying' ? 'applying' : blocker || 'later'];
  bar.classList.toggle('blocked', Boolean(blocker));
  reserve(bar.offsetHeight);
}

// Pressing the bar's buttons leaves the focus where it was (the app's hidden text field, if it had it).
bar.addEventListener('pointerdown', (e) => e.preventDefault());
applyButton.addEventListener('click', () => { shell.apply().then(render); render(); });
laterButton.addEventListener('click', () => { dismissed = true; render(); });
onShellChange(render);
