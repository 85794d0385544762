// The QR login page: create a login, show its QR code, deep link and match
// code, wait for each state as it happens (the browser SDK, sdk/tgauth.js,
// long-polls), then hand over to the signed-in view (session.js). A page
// opened while this browser has a session shows it instead.
import { t } from '/i18n.js';
import { explain, failureKind } from '/messages.js';
import * as tgauth from '/sdk/tgauth.js';
import { $, displayName, setHeading, setStatus, showSignedIn } from '/session.js';

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
const AUTHORIZATION_SENTENCES = { notFound: t.authorizationGone, invalid: t.authorizationGone };

// The OAuth authorization request of the web app that sent the person here
// (GET /oauth2/authorize redirects to /?authorization=<handle>); null on a
// plain visit. The page then signs the person in to tgauth as always, and
// sends them back to the app with a code instead of showing the session.
const authorization = new URLSearchParams(window.location.search).get('authorization');
// A login for an app's request fails as the request does once it is gone.
const CREATE_SENTENCES =
    authorization ? { ...LOGIN_SENTENCES, ...AUTHORIZATION_SENTENCES } : LOGIN_SENTENCES;
// The heading over the code: names the app when one asked.
let codeHeading = t.signInHeading;

// Aborts the waits of the login shown, when another replaces it.
let shown = new AbortController();
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
  shown.abort();
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

// Only text: the local clock is an estimate, so the server's answer (EXPIRED,
// or 404 once forgotten) ends the login. Ending it here could throw away a
// poll already returning CONFIRMED, whose session the server has issued.
function startCountdown(signal) {
  stopCountdown();
  const tick = () => {
    if (signal.aborted) return stopCountdown();
    renewIfDue();
    if (signal.aborted) return;
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
  if (authorization) return returnToApp();
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
  setHeading(codeHeading);
  setStatus(t.waitingForScan);
  show({ code: true });
}

// What the page shows of each waiting state the SDK reports.
function showState(answer) {
  loginState = answer.state;
  renewals = 0;
  if (answer.state !== 'LOGIN_STATE_SCANNED') return setStatus(t.waitingForScan);
  unusedCodes = 0;
  // A new heading, not only a new status line: the page now waits on the
  // phone, and the QR code no longer matters. It names the account that
  // scanned, so scanning with the wrong one shows at once.
  setHeading(answer.scannedBy ? t.confirmInTelegramAs(displayName(answer.scannedBy))
                              : t.confirmInTelegram);
  setStatus(t.scanned);
}

// Waits for `login` to end, showing each state as it happens.
async function wait(login, signal) {
  const retrying = (error) => setStatus(explain(error), true);
  let result;
  try {
    result = await tgauth.waitForLogin(login, { onState: showState, onRetry: retrying, signal });
  } catch (error) {
    if (signal.aborted) return;
    // 404: the server does not know the login. Before its expiry it was
    // lost (e.g. a Redis restart), not expired: renew the code without
    // troubling the person, who could not have used the lost one anyway.
    if (failureKind(error) === 'notFound') {
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
  if (signal.aborted) return;
  loginState = result.state;
  renewals = 0;
  switch (result.state) {
    case 'LOGIN_STATE_CONFIRMED': return signedIn(result);
    case 'LOGIN_STATE_DENIED': return finish(t.declined, { restart: t.startOver });
    default: return expired();
  }
}

async function start() {
  shown.abort();
  shown = new AbortController();
  const { signal } = shown;
  stopCountdown();
  loginState = '';
  setStatus(t.creatingCode);
  show({});
  let login;
  try {
    login = await tgauth.createLogin({
      authorization: authorization ?? undefined,
      onRetry: (error) => setStatus(explain(error), true), signal,
    });
  } catch (error) {
    if (!signal.aborted) finish(explain(error, CREATE_SENTENCES), { isError: true });
    return;
  }
  if (signal.aborted) return;
  loginState = 'LOGIN_STATE_PENDING';
  expiryMs = login.expiresAt.getTime();
  showCode(login);
  startCountdown(signal);
  wait(login, signal);
}

// Sends the person back to the app with `redirectUri`'s promise (a code or
// an error), or says why it cannot.
async function leaveFor(redirectUri) {
  try {
    window.location.replace(await redirectUri);
  } catch (error) {
    // FAILED_PRECONDITION: the app wants a newer sign-in than this
    // session's (prompt=login, max_age): a new scan gives one.
    if (failureKind(error) === 'used') return start();
    finish(explain(error, AUTHORIZATION_SENTENCES), { isError: true, restart: '' });
  }
}

function returnToApp() {
  finish(t.returningToApp, { restart: '' });
  return leaveFor(tgauth.completeAuthorization(authorization));
}

// An app's request: the session this browser has grants it unless the app
// asks for a new sign-in; without one, a QR login, or (prompt=none) the
// answer that the person is not signed in.
async function startAuthorization() {
  let request;
  try {
    request = await tgauth.describeAuthorization(authorization);
  } catch (error) {
    return finish(explain(error, AUTHORIZATION_SENTENCES), { isError: true, restart: '' });
  }
  codeHeading = t.signInTo(request.clientName);
  setHeading(codeHeading);
  $('cancel').hidden = false;
  $('cancel').addEventListener('click', () => {
    $('cancel').hidden = true;
    finish(t.returningToApp, { restart: '' });
    leaveFor(tgauth.denyAuthorization(authorization, 'access_denied'));
  });
  if (request.prompt === 'login') return start();
  if (await tgauth.getSession()) return returnToApp();
  if (request.prompt === 'none') {
    return leaveFor(tgauth.denyAuthorization(authorization, 'login_required'));
  }
  start();
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
  if (authorization) return startAuthorization();
  tgauth.getSession().then((session) => (session ? signedIn(session) : start()));
});
