// The QR login page: create a login, show its QR code, deep link and match
// code, long-poll for each state as it happens (see gateway/login_routes.h
// for the API), then hand over to the signed-in view (session.js). Tokens
// live only in module memory: never in the URL, storage or the DOM.
import {
  $, errorBody, postJson, setStatus, showSignedIn, sleep, timeZone,
} from '/session.js';

const WAIT_SECONDS = 25;
const MAX_BACKOFF_MS = 30000;
const FAILED_PRECONDITION = 9;  // gRPC code in error bodies: login already redeemed.
// New codes the page gets by itself in a row for logins the server lost,
// before it gives up and lets the person ask (a server that keeps losing
// them must not make the page loop).
const MAX_RENEWALS = 3;

// Bumped by every new login, so loops of an abandoned one stop.
let generation = 0;
let countdownTimer = null;
// Renewals since the server last answered a poll.
let renewals = 0;

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
function finish(text, { isError = false, restart = 'Get a new code' } = {}) {
  generation++;
  stopCountdown();
  setStatus(text, isError);
  $('restart').textContent = restart;
  show({ restart: Boolean(restart) });
}

function expired() {
  finish('This code has expired.');
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
function startCountdown(expiryMs, gen) {
  stopCountdown();
  const tick = () => {
    if (gen !== generation) return stopCountdown();
    // Rounded up, so 0:00 shows only once the code is past its expiry.
    const left = Math.max(0, Math.ceil((expiryMs - Date.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, '0');
    $('countdown').textContent = `Code expires in ${minutes}:${seconds}`;
    if (left === 0) stopCountdown();
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function signedIn(body) {
  finish('You are signed in.', { restart: '' });
  showSignedIn(body, {
    onSignedOut: (message, isError) => finish(message, { isError, restart: 'Sign in again' }),
  });
}

function showCode(login) {
  $('qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(login.qrSvg)}`;
  $('open').href = login.deepLink;
  $('link').value = login.deepLink;
  $('copy').textContent = 'Copy link';
  // Phishing defence: a look-alike site relaying our QR code shows no code,
  // or not the one the bot asks the user to pick.
  $('match').hidden = !login.matchCode;
  $('match-code').textContent = login.matchCode || '';
  setStatus('Waiting for you to scan the code…');
  show({ code: true });
}

// Long poll until a final state, telling the server the state this page
// shows, so the poll answers the moment it changes (e.g. to SCANNED).
// Transient failures retry with backoff.
async function poll(login, gen, expiryMs) {
  const base = `/v1/logins/${encodeURIComponent(login.loginToken)}?wait=${WAIT_SECONDS}`;
  const headers = { Authorization: `Bearer ${login.pollToken}` };
  const intervalMs = Math.max(1, login.pollIntervalSeconds || 2) * 1000;
  let knownState = 'LOGIN_STATE_PENDING';
  let backoffMs = 1000;
  while (gen === generation) {
    const started = Date.now();
    let response;
    try {
      response = await fetch(`${base}&known_state=${knownState}`, { headers, cache: 'no-store' });
    } catch (_) {
      response = null; // Network error: retry below.
    }
    if (gen !== generation) return;
    if (!response || response.status >= 500 || response.status === 429) {
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      continue;
    }
    backoffMs = 1000;
    if (!response.ok) {
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
      const error = await errorBody(response);
      if (gen !== generation) return;
      // Already redeemed, and its session already refreshed elsewhere: a
      // lost answer is handed out again only while its refresh token is
      // unused (server/qr_login/login_broker.h).
      if (error.code === FAILED_PRECONDITION) {
        return finish('This code was already used, but the sign-in did not reach this page. ' +
                      'Get a new code to sign in here.', { isError: true });
      }
      return finish(error.message, { isError: true });
    }
    const body = await response.json();
    if (gen !== generation) return;
    renewals = 0;
    switch (body.state) {
      case 'LOGIN_STATE_CONFIRMED': return signedIn(body);
      case 'LOGIN_STATE_DENIED':
        return finish('Sign-in was declined in Telegram.', { restart: 'Start over' });
      case 'LOGIN_STATE_EXPIRED': return expired();
      case 'LOGIN_STATE_SCANNED':
        setStatus('Confirm the sign-in in Telegram.');
        break;
      default:
        setStatus('Waiting for you to scan the code…');
    }
    const changed = body.state !== knownState;
    if (body.state) knownState = body.state;
    // An unchanged answer that came at once (no long wait) must not become
    // a busy loop; a change is worth asking again straight away.
    const elapsed = Date.now() - started;
    if (!changed && elapsed < intervalMs) await sleep(intervalMs - elapsed);
  }
}

async function start() {
  const gen = ++generation;
  stopCountdown();
  setStatus('Creating a sign-in code…');
  show({});
  let response;
  try {
    const zone = timeZone();
    response = await postJson('/v1/logins', zone ? { time_zone: zone } : {});
  } catch (_) {
    return finish('Cannot reach the server. Check your connection.', { isError: true });
  }
  if (gen !== generation) return;
  if (!response.ok) return finish((await errorBody(response)).message, { isError: true });
  const login = await response.json();
  if (gen !== generation) return;
  showCode(login);
  const expiryMs = localExpiry(login.expiresAt, response);
  startCountdown(expiryMs, gen);
  poll(login, gen, expiryMs);
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
  $('copy').textContent = 'Copied';
}

document.addEventListener('DOMContentLoaded', () => {
  $('restart').addEventListener('click', () => start());
  $('copy').addEventListener('click', copyLink);
  $('link').addEventListener('focus', () => $('link').select());
  start();
});
