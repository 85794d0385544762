// What the QR login page (login.js) and the login link page (callback.js)
// share: small page helpers, and the signed-in view — who is signed in, their
// sessions on every device, "log out", "log out other devices" — which keeps
// the access token fresh (API: gateway/session_routes.h).
//
// While the page is visible it checks its session every few seconds, and at
// once when it becomes visible or focused: the device list follows devices
// signing in and out elsewhere, and a device logged out from another one
// says so within seconds rather than at its next refresh. Hidden pages do
// not check (nobody reads them), and one check is in flight at a time.
//
// The refresh token never reaches JavaScript: every request that can hand
// out or use one is sent in the gateway's cookie mode (COOKIE_MODE,
// gateway/session_cookie.h), so the gateway keeps it in an HttpOnly,
// SameSite=Strict cookie. The access token lives only in this module's
// memory (never in Web Storage, the URL or the DOM), shared with the other
// tabs of this site over a BroadcastChannel (tabs.js). Web Storage is
// readable by every script that ever runs on this origin: one XSS bug could
// copy a refresh token valid for weeks and use it from anywhere; the cookie
// can only be used from a page of this site, while it is open. A reload or a
// new tab restores the session from the cookie (restoreSession) or from
// another tab, with no new sign-in.
import { formatDate, formatDateTime, t } from '/i18n.js';
import { errorBody, explain } from '/messages.js';
import { returnTarget } from '/return_to.js';
import {
  announceEnded, announceSession, askOtherTabs, onTabMessages, withRefreshLock,
} from '/tabs.js';

export const $ = (id) => document.getElementById(id);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Refresh this long before the access token expires (or at half its
// lifetime, if that is shorter).
const REFRESH_MARGIN_MS = 60000;
const MAX_BACKOFF_MS = 30000;
// Between checks of a visible page: with the answer's round trip, a
// revocation shows within 5 s.
const CHECK_INTERVAL_MS = 4000;
// auth.proto's SessionInfo.sign_in_method, as people call them.
const SIGN_IN_METHODS = t.signInMethods;

// The page's one live region (#status): screen readers announce each change
// of its text, so text that did not change is not set again.
export function setStatus(text, isError = false) {
  const status = $('status');
  status.classList.toggle('error', isError);
  if (status.textContent !== text) status.textContent = text;
}

export function setHeading(text) {
  $('heading').textContent = text;
}

// A wait before each retry of a transient failure: 1 s, doubling up to 30 s.
export function backoff() {
  let delayMs = 1000;
  return async () => {
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, MAX_BACKOFF_MS);
  };
}

// The header that asks the gateway to keep the refresh token in its cookie.
export const COOKIE_MODE = { 'X-TGAuth-Session': 'cookie' };

export function postJson(path, body, headers = {}) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
}

// The browser's IANA time zone, so the bot can show the sign-in time as the
// user reads clocks; "" when the browser does not say (the gateway would
// refuse anything that is not a zone name).
export function timeZone() {
  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (_) { /* no Intl */ }
  return /^[A-Za-z0-9/_+-]{1,64}$/.test(zone) ? zone : '';
}

export function displayName(user) {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  const handle = user.username ? `@${user.username}` : '';
  if (name && handle) return `${name} (${handle})`;
  return name || handle || t.yourTelegramAccount;
}

// document.createElement with properties and children (text or nodes).
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// "Firefox on Windows" from a User-Agent; enough to recognise one's devices.
function browserSummary(userAgent = '') {
  const browser = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'],
                   ['Chrome/', 'Chrome'], ['Safari/', 'Safari']]
      .find(([token]) => userAgent.includes(token));
  const os = [['Android', 'Android'], ['iPhone', 'iOS'], ['iPad', 'iPadOS'],
              ['Windows', 'Windows'], ['Mac OS X', 'macOS'], ['CrOS', 'ChromeOS'],
              ['Linux', 'Linux']]
      .find(([token]) => userAgent.includes(token));
  if (browser && os) return t.browserOn(browser[1], os[1]);
  return (browser || os || [null, userAgent || t.unknownDevice])[1];
}

const formatTime = formatDateTime;

// The signed-in state: { user, session, timer, expiresAt, refreshAt,
// checkTimer, listed, onSignedOut }, or null. Every async step re-checks
// `current === state`, so the answers of a session that ended meanwhile
// change nothing.
let current = null;
let refreshing = null;  // The refresh in flight, shared by every caller.
let checking = null;    // The check in flight.
let checkAgain = false; // A change of our own came during it: check once more.

const SIGNED_OUT = t.noLongerSignedIn;
const REVOKED = t.signedOutElsewhere;
// For the buttons of the signed-in view, which do not retry by themselves.
const SESSION_SENTENCES = {
  unauthenticated: SIGNED_OUT,
  notFound: t.deviceAlreadySignedOut,
  offline: t.actionOffline,
  busy: t.actionBusy,
  other: t.actionFailed,
};

// When the access token of `session`, received now, expires and is due for
// refresh (ms since the epoch).
function lifetimeOf(session) {
  const lifetimeMs = Math.max(1, session.expiresIn || 900) * 1000;
  const now = Date.now();
  return { expiresAt: now + lifetimeMs,
           refreshAt: now + Math.max(lifetimeMs / 2, lifetimeMs - REFRESH_MARGIN_MS) };
}

// Takes `session`, due for refresh at `refreshAt`, as this tab's.
function adopt(state, session, { expiresAt, refreshAt }) {
  clearTimeout(state.timer);
  state.session = session;
  state.expiresAt = expiresAt;
  state.refreshAt = refreshAt;
  state.timer = setTimeout(refresh, Math.max(0, refreshAt - Date.now()));
}

// What another tab may use of this tab's session: all of it while its access
// token is not yet due for refresh, else null.
function shareable(state = current) {
  if (!state || Date.now() >= state.refreshAt) return null;
  const { user, session, expiresAt, refreshAt } = state;
  return { user, session, expiresAt, refreshAt };
}

// Ends the signed-in view (the session itself is already over or logged
// out), in the other tabs too unless they told this one.
function end(message, isError = false, { fromOtherTab = false } = {}) {
  const state = current;
  if (!state) return;
  current = null;
  if (!fromOtherTab) announceEnded(state.session.sessionId, message, isError);
  clearTimeout(state.timer);
  clearTimeout(state.checkTimer);
  $('signed-in').replaceChildren();
  $('signed-in').hidden = true;
  setHeading(t.signInHeading);
  document.dispatchEvent(new CustomEvent('tgauth:signed-out'));
  state.onSignedOut(message, isError);
}

// Rotates the refresh token (RFC 9700): resolves true with a fresh access
// token, false when the session is over. One tab rotates at a time; a tab
// whose turn comes after another tab rotated takes that tab's access token
// instead. Transient failures retry with backoff; a retry after an answer
// that got lost still works, because the server hands out the current pair
// for a just-rotated token (grace window).
function refresh() {
  const seen = current?.session;
  refreshing ??= withRefreshLock(() => rotate(seen)).finally(() => { refreshing = null; });
  return refreshing;
}

// Adopts a fresh session of another tab, if it is this one's.
function adoptShared(state, shared) {
  if (state !== current || !shared || shared.session.sessionId !== state.session.sessionId ||
      Date.now() >= shared.refreshAt || shared.expiresAt <= state.expiresAt) {
    return false;
  }
  adopt(state, shared.session, shared);
  document.dispatchEvent(new CustomEvent('tgauth:session-refreshed',
                                         { detail: { session: shared.session } }));
  return true;
}

// POST /v1/sessions:refresh with the cookie: the Response, or null when no
// answer came.
async function cookieRefresh() {
  try {
    return await postJson('/v1/sessions:refresh', {}, COOKIE_MODE);
  } catch (_) {
    return null;
  }
}

// `seen`: the session this tab held when it asked for the lock.
async function rotate(seen) {
  const state = current;
  if (!state) return false;
  // Another tab rotated while this one waited for the lock, or does now.
  if (state.session !== seen) return true;
  adoptShared(state, await askOtherTabs());
  if (state.session !== seen) return true;
  const retry = backoff();
  while (state === current) {
    const response = await cookieRefresh();
    if (state !== current) return false;
    if (response && response.ok) {
      const body = await response.json();
      if (state !== current) return false;
      adopt(state, body.session, lifetimeOf(body.session));
      announceSession(shareable(state));
      document.dispatchEvent(new CustomEvent('tgauth:session-refreshed',
                                             { detail: { session: body.session } }));
      return true;
    }
    if (response && response.status < 500 && response.status !== 429) {
      // Refused for good. While the access token is within its lifetime
      // neither it nor the session has run out (the server caps the token
      // at the session's end): the session was ended on the server — from
      // another device, or for a reused refresh token. Later it may simply
      // have expired (e.g. the computer slept through the refresh).
      const error = await errorBody(response);
      const revoked = response.status === 401 && Date.now() < state.expiresAt;
      end(explain(error, { other: revoked ? REVOKED : SIGNED_OUT }), true);
      return false;
    }
    await retry();
  }
  return false;
}

// fetch with the access token. A 401 (the token expired early, e.g. while
// the computer slept) refreshes once and retries. null once signed out.
async function authorized(path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    const state = current;
    if (!state) return null;
    const response = await fetch(path, {
      ...options,
      headers: { Authorization: `Bearer ${state.session.accessToken}` },
      cache: 'no-store',
    });
    if (state !== current) return null;
    if (response.status !== 401 || attempt > 0) return response;
    if (!(await refresh())) return null;
  }
}

// Runs `action` (an API call answering a Response) with the buttons
// disabled; shows its error, or calls `onOk` with the JSON body.
async function act(action, onOk) {
  const buttons = $('signed-in').querySelectorAll('button');
  buttons.forEach((button) => { button.disabled = true; });
  let response = null;
  try {
    response = await action();
  } catch (_) {
    setStatus(explain(null, SESSION_SENTENCES), true);
  }
  buttons.forEach((button) => { button.disabled = false; });
  if (!response || !current) return;
  if (!response.ok) return setStatus(explain(await errorBody(response), SESSION_SENTENCES), true);
  await onOk(await response.json());
}

function sessionItem(info) {
  const device = info.device || {};
  const details = [
    t.via(SIGN_IN_METHODS[info.signInMethod] || info.signInMethod || t.unknownMethod),
    device.ipAddress,
    info.createdAt && t.signedInAt(formatTime(info.createdAt)),
    info.lastRefreshedAt && t.lastActiveAt(formatTime(info.lastRefreshedAt)),
  ].filter(Boolean).join(' · ');
  const name = device.name || browserSummary(device.userAgent);
  const item = el('li', { className: 'session' },
                  el('div', { className: 'session-name', title: device.userAgent || '' }, name),
                  el('div', { className: 'session-details' }, details));
  if (info.current) {
    item.classList.add('current');
    item.append(el('span', { className: 'badge' }, t.thisDevice));
  } else {
    const button = el('button', {
      className: 'button small', type: 'button', textContent: t.logOut,
      onclick: () => act(
          () => authorized(`/v1/sessions/${encodeURIComponent(info.sessionId)}`,
                           { method: 'DELETE' }),
          () => { setStatus(t.deviceSignedOut(name)); return check({ afterChange: true }); }),
    });
    // One accessible name per button (WCAG 2.4.6), starting with the
    // visible label (2.5.3).
    button.setAttribute('aria-label', t.logOutDevice(name));
    item.append(button);
  }
  return item;
}

// Shows `sessions` unless they are what is shown already (a list rebuilt
// for nothing would move the keyboard focus and the screen reader).
function showSessions(state, sessions) {
  const listed = JSON.stringify(sessions);
  if (listed === state.listed) return;
  state.listed = listed;
  const focused = document.activeElement?.getAttribute('aria-label');
  $('sessions').replaceChildren(...sessions.map(sessionItem));
  if (focused) $('sessions').querySelector(`[aria-label="${CSS.escape(focused)}"]`)?.focus();
  $('logout-others').hidden = !sessions.some((info) => !info.current);
}

// Asks the server for this user's sessions: shows them, or, when this
// session was refused, ends the view (through refresh()). Failures that may
// pass are left to the next check.
async function checkOnce() {
  const state = current;
  if (!state) return;
  clearTimeout(state.checkTimer);
  try {
    const response = await authorized('/v1/sessions');
    if (response && response.ok) {
      const { sessions = [] } = await response.json();
      if (state === current) showSessions(state, sessions);
    } else if (response) {
      explain(await errorBody(response));  // For the console: the next check may do.
    }
  } catch (_) { /* No answer: the next check may get one. */ }
  if (state === current && document.visibilityState === 'visible') {
    state.checkTimer = setTimeout(check, CHECK_INTERVAL_MS);
  }
}

// One check at a time; `afterChange` (this page just changed the sessions)
// asks for one that starts after the change, even if one is in flight.
function check({ afterChange = false } = {}) {
  if (checking) {
    checkAgain ||= afterChange;
    return checking;
  }
  checking = (async () => {
    do {
      checkAgain = false;
      await checkOnce();
    } while (checkAgain && current);
  })().finally(() => { checking = null; });
  return checking;
}

function logout() {
  return act(async () => {
    // A session ended elsewhere meanwhile says so, rather than "You are
    // signed out." (the server accepts logging out an ended session).
    await check();
    if (!current) return null;
    return postJson('/v1/sessions:logout', {}, COOKIE_MODE);
  }, () => end(t.youAreSignedOut));
}

function logoutOthers() {
  return act(() => authorized('/v1/sessions:revokeOthers', { method: 'POST' }),
             ({ revokedCount = 0 }) => {
               setStatus(t.signedOutOthers(revokedCount));
               return check({ afterChange: true });
             });
}

// The user's Telegram photo over their initials, which show when there is
// no photo or it fails to load. Decorative: the name follows in text.
function avatar(user) {
  const names = [user.firstName, user.lastName].filter(Boolean);
  const initials = (names.length ? names : [user.username || '?'])
      .map((name) => [...name][0]).join('').toUpperCase();
  const root = el('div', { id: 'avatar', className: 'avatar' },
                  el('span', { className: 'initials' }, initials));
  root.setAttribute('aria-hidden', 'true');
  if (user.photoUrl) {
    root.append(el('img', {
      src: user.photoUrl, alt: '', referrerPolicy: 'no-referrer',
      onerror: (event) => event.target.remove(),
    }));
  }
  return root;
}

// "Subscription: Pro, until 15/01/2027", or nothing without a tier in force.
function subscription(user) {
  if (!user.subscriptionTier) return [];
  const until = user.subscriptionExpiresAt && formatDate(user.subscriptionExpiresAt);
  return [el('p', { id: 'subscription', className: 'hint' },
             t.subscription(user.subscriptionTier, until))];
}

// "Continue to app.example" when the page was opened with an allowed
// return_to (return_to.js); the way on is then the main action.
async function offerContinue(state) {
  const url = await returnTarget();
  if (!url || state !== current) return;
  $('logout').classList.remove('primary');
  $('continue-slot').replaceChildren(el('a', {
    id: 'continue-to', className: 'button primary', href: url.href,
    textContent: t.continueTo(url.host),
  }));
}

// Shows the signed-in view in the page's empty #signed-in element for a
// SignInResponse-shaped `result` ({user, session}, as a sign-in in cookie
// mode answers it, or as restoreSession() does); `onSignedOut(message,
// isError)` runs once when the session ends (logout, or refused refresh).
export function showSignedIn(result, { onSignedOut }) {
  if (current) {
    clearTimeout(current.timer);
    clearTimeout(current.checkTimer);
  }
  current = { user: result.user, session: result.session, timer: null, expiresAt: 0,
              refreshAt: 0, checkTimer: null, listed: null, onSignedOut };
  adopt(current, result.session, result.expiresAt ? result : lifetimeOf(result.session));
  announceSession(shareable());
  const root = $('signed-in');
  const user = result.user || {};
  setHeading(t.signedInHeading);
  root.replaceChildren(
      avatar(user),
      el('p', { className: 'success' }, `${t.signedInAs} `,
         el('strong', { id: 'user-name' }, displayName(user))),
      ...subscription(user),
      el('div', { id: 'continue-slot' }),
      el('h2', {}, t.yourDevices),
      el('ul', { id: 'sessions', className: 'sessions' }),
      el('button', { id: 'logout', className: 'button primary', type: 'button',
                     textContent: t.logOutThisDevice, onclick: logout }),
      el('button', { id: 'logout-others', className: 'button', type: 'button', hidden: true,
                     textContent: t.logOutOtherDevices, onclick: logoutOthers }));
  root.hidden = false;
  // For a site embedding this page: the session, in memory only.
  document.dispatchEvent(new CustomEvent('tgauth:signed-in', {
    detail: { user: result.user, session: result.session },
  }));
  offerContinue(current);
  // After a session this page had before, whose check may still be in flight.
  check({ afterChange: true });
}

// Back in view: timers are throttled in background tabs, so catch up on
// the refresh, then check at once and every CHECK_INTERVAL_MS again.
async function onShown() {
  if (!current || document.visibilityState !== 'visible') return;
  if (Date.now() > current.expiresAt - REFRESH_MARGIN_MS && !(await refresh())) return;
  check();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') return onShown();
  if (current) clearTimeout(current.checkTimer);  // Hidden: no checks until shown.
});
window.addEventListener('focus', onShown);

// The session this browser already has, for a page opened without one: a
// fresh one from another tab, else one refresh with the cookie, then the
// user (GET /v1/me). Resolves {user, session, expiresAt, refreshAt} for
// showSignedIn(), or null: no session (401), or none reachable now.
export function restoreSession() {
  return withRefreshLock(async () => {
    const shared = await askOtherTabs();
    if (shared && Date.now() < shared.refreshAt) return shared;
    const response = await cookieRefresh();
    if (!response || !response.ok) {
      // Read either way: an unread body keeps the request open.
      const error = response && await errorBody(response);
      if (error && error.status !== 401) explain(error);
      return null;
    }
    const { session } = await response.json();
    const restored = { session, ...lifetimeOf(session) };
    try {
      const me = await fetch('/v1/me', {
        headers: { Authorization: `Bearer ${session.accessToken}` }, cache: 'no-store',
      });
      if (!me.ok) return null;
      restored.user = (await me.json()).user;
    } catch (_) {
      return null;
    }
    return restored;
  });
}

onTabMessages({
  shared: (shared) => { if (current) adoptShared(current, shared); },
  ended: (sessionId, message, isError) => {
    if (current?.session.sessionId === sessionId) end(message, isError, { fromOtherTab: true });
  },
  fresh: () => shareable(),
});
