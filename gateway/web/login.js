// The QR login page: create a login, show its QR code, deep link and match
// code, long-poll for each state as it happens (see gateway/login_routes.h
// for the API), then hand over to the signed-in view (session.js). Tokens
// live only in module memory: never in the URL, storage or the DOM; the
// refresh token not even there (cookie mode, session.js). A page opened
// while this browser has a session shows it instead (restoreSession).
import { t } from '/i18n.js';
import { errorBody, explain, isTransient } from '/messages.js';
import {
  $, backoff, COOKIE_MODE, displayName, postJson, restoreSession, setHeading, setStatus,
  showSignedIn, sleep, timeZone,
} from '/session.js';

const WAIT_SECONDS = 25;
// New codes the page gets by itself in a row for logins the server lost,
// before it gives up and lets the person ask (a server that keeps losing
// them must not make the page loop).
const MAX_RENEWALS = 3;
// A code nobody scanned is replaced this long before it expires, while the
// page is visible, so the person never meets an expired one...
const RENEW_BEFORE_MS = 10000;
// ...but only so many times in a row: a forgotten tab must not create
// logins forever.
const MAX_UNUSED_CODES = 12;
const LOGIN_SENTENCES = { used: t.codeUsed, other: t.codeFailed };

// Bumped by every new login, so loops of an abandoned one stop.
let generation = 0;
let countdownTimer = null;
// Renewals since the server last answered a poll.
let renewals = 0;
// Codes shown in a row that nobody scanned.
let unusedCodes = 0;
// The shown login's state as last polled, and when it expires (local clock).
let loginState = '';
let expiryMs = 0;

// Shows the code section and the restart button as asked (session.js
// shows and hides the signed-in view itself).
function show({ code = false, restart = false }) {
  $('code').hidden = !code;
  $('restart').hidden = !restart;
}

function stopCountdown() {
  clearInterval(countdownTimer);
  countdownTimer = null;
}

// A final state: stop polling and the countdown; `restart` labels the
// button that starts a new login (none if empty).
function finish(text, { isError = false, restart = t.getNewCode } = {}) {
  generation++;
  stopCountdown();
  setStatus(text, isError);
  $('restart').textContent = restart;
  show({ restart: Boolean(restart) });
}

// A fresh code in place of one nobody scanned, shortly before it expires
// (or after, for a tab that was hidden then): only while someone can see
// the page. True if it started one.
function renewIfDue() {
  const unused = loginState === 'LOGIN_STATE_PENDING' || loginState === 'LOGIN_STATE_EXPIRED';
  if (!unused || document.visibilityState !== 'visible' ||
      Date.now() < expiryMs - RENEW_BEFORE_MS || unusedCodes >= MAX_UNUSED_CODES) {
    return false;
  }
  unusedCodes++;
  start();
  return true;
}

function expired() {
  loginState = 'LOGIN_STATE_EXPIRED';
  if (!renewIfDue()) finish(t.codeExpired);
}

// Browser and server clocks may disagree: count down from the server's Date.
function localExpiry(expiresAt, response) {
  const serverNow = Date.parse(response.headers.get('Date') || '');
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  return Date.parse(expiresAt) - skew;
}

// Only text: the local clock is an estimate, so the server's answer (EXPIRED,
// or 404 once forgotten) ends the login. Ending it here could throw away a
// poll already returning CONFIRMED, whose session the server has issued.
function startCountdown(gen) {
  stopCountdown();
  const tick = () => {
    if (gen !== generation) return stopCountdown();
    renewIfDue();
    if (gen !== generation) return;
    // Rounded up, so 0:00 shows only once the code is past its expiry.
    const left = Math.max(0, Math.ceil((expiryMs - Date.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, '0');
    $('countdown').textContent = t.codeExpiresIn(minutes, seconds);
    if (left === 0) stopCountdown();
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function signedIn(body) {
  finish(t.signedInStatus, { restart: '' });
  showSignedIn(body, {
    onSignedOut: (message, isError) => finish(message, { isError, restart: t.signInAgain }),
  });
}

function showCode(login) {
  $('qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(login.qrSvg)}`;
  $('open').href = login.deepLink;
  $('link').value = login.deepLink;
  $('copy').textContent = t.copyLink;
  // Phishing defence: a look-alike site relaying our QR code shows no code,
  // or not the one the bot asks the user to pick.
  $('match').hidden = !login.matchCode;
  $('match-code').textContent = login.matchCode || '';
  setHeading(t.signInHeading);
  setStatus(t.waitingForScan);
  show({ code: true });
}

// Long poll until a final state, telling the server the state this page
// shows, so the poll answers the moment it changes (e.g. to SCANNED).
// Transient failures retry with backoff.
async function poll(login, gen) {
  const base = `/v1/logins/${encodeURIComponent(login.loginToken)}?wait=${WAIT_SECONDS}`;
  // Cookie mode: the CONFIRMED answer's refresh token goes to the cookie.
  const headers = { Authorization: `Bearer ${login.pollToken}`, ...COOKIE_MODE };
  const intervalMs = Math.max(1, login.pollIntervalSeconds || 2) * 1000;
  let knownState = 'LOGIN_STATE_PENDING';
  let retry = backoff();
  while (gen === generation) {
    const started = Date.now();
    let response = null;
    try {
      response = await fetch(`${base}&known_state=${knownState}`, { headers, cache: 'no-store' });
    } catch (_) { /* Network error: retried below. */ }
    if (gen !== generation) return;
    if (!response || !response.ok) {
      const error = response && await errorBody(response);
      if (gen !== generation) return;
      if (isTransient(error)) {
        setStatus(explain(error), true);
        await retry();
        continue;
      }
      // 404: the server does not know the login. Before its expiry it was
      // lost (e.g. a Redis restart), not expired: renew the code without
      // troubling the person, who could not have used the lost one anyway.
      if (response.status === 404) {
        if (Date.now() < expiryMs && renewals < MAX_RENEWALS) {
          renewals++;
          return start();
        }
        return expired();
      }
      // FAILED_PRECONDITION ('used'): already redeemed, and its session
      // already refreshed elsewhere; a lost answer is handed out again only
      // while its refresh token is unused (server/qr_login/login_broker.h).
      return finish(explain(error, LOGIN_SENTENCES), { isError: true });
    }
    retry = backoff();
    const body = await response.json();
    if (gen !== generation) return;
    renewals = 0;
    loginState = body.state || knownState;
    switch (loginState) {
      case 'LOGIN_STATE_CONFIRMED': return signedIn(body);
      case 'LOGIN_STATE_DENIED':
        return finish(t.declined, { restart: t.startOver });
      case 'LOGIN_STATE_EXPIRED': return expired();
      case 'LOGIN_STATE_SCANNED':
        unusedCodes = 0;
        // A new heading, not only a new status line: the page now waits on
        // the phone, and the QR code no longer matters. It names the account
        // that scanned, so scanning with the wrong one shows at once.
        setHeading(body.scannedBy ? t.confirmInTelegramAs(displayName(body.scannedBy))
                                  : t.confirmInTelegram);
        setStatus(t.scanned);
        break;
      default:
        setStatus(t.waitingForScan);
    }
    const changed = body.state !== knownState;
    if (body.state) knownState = body.state;
    // An unchanged answer that came at once (no long wait) must not become
    // a busy loop; a change is worth asking again straight away.
    const elapsed = Date.now() - started;
    if (!changed && elapsed < intervalMs) await sleep(intervalMs - elapsed);
  }
}

// A new login; transient failures retry with backoff.
async function create(gen) {
  const zone = timeZone();
  const retry = backoff();
  while (gen === generation) {
    let response = null;
    try {
      response = await postJson('/v1/logins', zone ? { time_zone: zone } : {});
    } catch (_) { /* Network error: retried below. */ }
    if (response && response.ok) return response;
    const error = response && await errorBody(response);
    if (gen !== generation) return null;
    if (!isTransient(error)) {
      finish(explain(error, LOGIN_SENTENCES), { isError: true });
      return null;
    }
    setStatus(explain(error), true);
    await retry();
  }
  return null;
}

async function start() {
  const gen = ++generation;
  stopCountdown();
  loginState = '';
  setStatus(t.creatingCode);
  show({});
  const response = await create(gen);
  if (!response) return;
  const login = await response.json();
  if (gen !== generation) return;
  loginState = 'LOGIN_STATE_PENDING';
  expiryMs = localExpiry(login.expiresAt, response);
  showCode(login);
  startCountdown(gen);
  poll(login, gen);
}

async function copyLink() {
  const link = $('link').value;
  try {
    await navigator.clipboard.writeText(link);
  } catch (_) {
    // No clipboard API (e.g. plain http on another host): select for Ctrl+C.
    $('link').select();
    return;
  }
  $('copy').textContent = t.copied;
}

// Telegram opens a Mini App with its signed data in the fragment
// (#tgWebAppData=...; core.telegram.org/bots/webapps): a bot whose Mini App
// points at this page gets the Mini App page, which needs no QR code.
function openedAsMiniApp() {
  return new URLSearchParams(window.location.hash.slice(1)).has('tgWebAppData');
}

document.addEventListener('DOMContentLoaded', () => {
  if (openedAsMiniApp()) {
    window.location.replace(`/miniapp${window.location.search}${window.location.hash}`);
    return;
  }
  $('restart').addEventListener('click', () => { unusedCodes = 0; start(); });
  document.addEventListener('visibilitychange', renewIfDue);
  $('copy').addEventListener('click', copyLink);
  $('link').addEventListener('focus', () => $('link').select());
  restoreSession().then((restored) => (restored ? signedIn(restored) : start()));
});
