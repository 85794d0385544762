// The QR login page: create a login, show its QR code and deep link, and
// long-poll for the outcome (see gateway/login_routes.h for the API).
// Tokens live only in this closure: never in the URL, storage or the DOM.
'use strict';

(() => {
  const WAIT_SECONDS = 25;
  const MAX_BACKOFF_MS = 30000;
  const FAILED_PRECONDITION = 9;  // gRPC code in error bodies: login already redeemed.

  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Bumped by every new login, so loops of an abandoned one stop.
  let generation = 0;
  let countdownTimer = null;

  function setStatus(text, isError = false) {
    $('status').textContent = text;
    $('status').classList.toggle('error', isError);
  }

  // Shows the code section, the signed-in section and the restart button as asked.
  function show({ code = false, signedIn = false, restart = false }) {
    $('code').hidden = !code;
    $('signed-in').hidden = !signedIn;
    $('restart').hidden = !restart;
  }

  function stopCountdown() {
    clearInterval(countdownTimer);
    countdownTimer = null;
  }

  // A final state: stop polling and the countdown.
  function finish(text, { isError = false, restart = true } = {}) {
    generation++;
    stopCountdown();
    setStatus(text, isError);
    show({ restart });
  }

  // The gateway's error body, {"code": <gRPC code>, "message": "..."}.
  async function errorBody(response) {
    try {
      const body = await response.json();
      if (body && body.message) return body;
    } catch (_) { /* not JSON */ }
    return { message: `HTTP ${response.status}` };
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

  function displayName(user) {
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
    const handle = user.username ? `@${user.username}` : '';
    if (name && handle) return `${name} (${handle})`;
    return name || handle || 'your Telegram account';
  }

  function signedIn(body) {
    finish('You are signed in.', { restart: false });
    $('user-name').textContent = displayName(body.user || {});
    show({ signedIn: true });
    // For a site embedding this page: the session, in memory only.
    document.dispatchEvent(new CustomEvent('tgauth:signed-in', {
      detail: { user: body.user, session: body.session },
    }));
  }

  function showCode(login) {
    $('qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(login.qrSvg)}`;
    $('open').href = login.deepLink;
    $('link').value = login.deepLink;
    $('copy').textContent = 'Copy link';
    setStatus('Waiting for you to scan the code…');
    show({ code: true });
  }

  // Long poll until a final state; transient failures retry with backoff.
  async function poll(login, gen) {
    const url = `/v1/logins/${encodeURIComponent(login.loginToken)}?wait=${WAIT_SECONDS}`;
    const headers = { Authorization: `Bearer ${login.pollToken}` };
    const intervalMs = Math.max(1, login.pollIntervalSeconds || 2) * 1000;
    let backoffMs = 1000;
    while (gen === generation) {
      const started = Date.now();
      let response;
      try {
        response = await fetch(url, { headers, cache: 'no-store' });
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
        // 404: the login is gone (expired long ago); others are final too.
        if (response.status === 404) return expired();
        const error = await errorBody(response);
        if (gen !== generation) return;
        // Already redeemed: an earlier answer carrying the session was lost
        // (e.g. a network error before a retry); the server hands it out once.
        if (error.code === FAILED_PRECONDITION) {
          return finish('This code was already used, but the sign-in did not reach this page. ' +
                        'Get a new code to sign in here.', { isError: true });
        }
        return finish(error.message, { isError: true });
      }
      const body = await response.json();
      if (gen !== generation) return;
      switch (body.state) {
        case 'LOGIN_STATE_CONFIRMED': return signedIn(body);
        case 'LOGIN_STATE_DENIED': return finish('Sign-in was declined in Telegram.');
        case 'LOGIN_STATE_EXPIRED': return expired();
        case 'LOGIN_STATE_SCANNED':
          setStatus('Scanned — confirm in Telegram.');
          break;
        default:
          setStatus('Waiting for you to scan the code…');
      }
      // An answer that came at once (no long wait) must not become a busy loop.
      const elapsed = Date.now() - started;
      if (elapsed < intervalMs) await sleep(intervalMs - elapsed);
    }
  }

  async function start() {
    const gen = ++generation;
    stopCountdown();
    setStatus('Creating a sign-in code…');
    show({});
    let response;
    try {
      response = await fetch('/v1/logins', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
        cache: 'no-store',
      });
    } catch (_) {
      return finish('Cannot reach the server. Check your connection.', { isError: true });
    }
    if (gen !== generation) return;
    if (!response.ok) return finish((await errorBody(response)).message, { isError: true });
    const login = await response.json();
    if (gen !== generation) return;
    showCode(login);
    startCountdown(localExpiry(login.expiresAt, response), gen);
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
    $('copy').textContent = 'Copied';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('restart').addEventListener('click', start);
    $('copy').addEventListener('click', copyLink);
    $('link').addEventListener('focus', () => $('link').select());
    start();
  });
})();
