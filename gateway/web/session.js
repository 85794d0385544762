// The signed-in view that the QR login page (login.js), the login link page
// (callback.js) and the Mini App page (miniapp.js) share — who is signed in,
// their sessions on every device, "log out", "log out other devices" — over
// the browser SDK (sdk/tgauth.js), which keeps the session and its tokens.
//
// While the page is visible it checks the sessions every few seconds, and at
// once when it becomes visible or focused: the device list follows devices
// signing in and out elsewhere, and a device logged out from another one
// says so within seconds rather than at its next refresh. Hidden pages do
// not check (nobody reads them), and one check is in flight at a time.
import { formatDate, formatDateTime, t } from '/i18n.js';
import { explain } from '/messages.js';
import { returnTarget } from '/return_to.js';
import * as tgauth from '/sdk/tgauth.js';

export const $ = (id) => document.getElementById(id);

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

// The signed-in view: { user, checkTimer, listed, onSignedOut }, or null.
// Every async step re-checks `view === state`, so the answers for a session
// that ended meanwhile change nothing.
let view = null;
let checking = null;    // The check in flight.
let checkAgain = false; // A change of our own came during it: check once more.

// What the page says when the session ends, by the SDK's reason.
const SIGNED_OUT_SENTENCES = {
  logout: [t.youAreSignedOut, false],
  revoked: [t.signedOutElsewhere, true],
  expired: [t.noLongerSignedIn, true],
};
// For the buttons of the signed-in view, which do not retry by themselves.
const SESSION_SENTENCES = {
  unauthenticated: t.noLongerSignedIn,
  notFound: t.deviceAlreadySignedOut,
  offline: t.actionOffline,
  busy: t.actionBusy,
  other: t.actionFailed,
};

// Ends the signed-in view once the session is over (in this tab or another).
function end({ reason }) {
  const state = view;
  if (!state) return;
  view = null;
  clearTimeout(state.checkTimer);
  $('signed-in').replaceChildren();
  $('signed-in').hidden = true;
  setHeading(t.signInHeading);
  const [message, isError] = SIGNED_OUT_SENTENCES[reason] || SIGNED_OUT_SENTENCES.expired;
  state.onSignedOut(message, isError);
}

tgauth.onSessionChange((change) => {
  if (change.type === 'signed-out') end(change);
});

// Runs `action` (an SDK call) with the buttons disabled; shows its error,
// or calls `onOk` with its result. A session that ended meanwhile has said
// so already (end()).
async function act(action, onOk) {
  const state = view;
  const buttons = $('signed-in').querySelectorAll('button');
  buttons.forEach((button) => { button.disabled = true; });
  let result;
  let failure = null;
  try {
    result = await action();
  } catch (error) {
    failure = error;
  }
  buttons.forEach((button) => { button.disabled = false; });
  if (state !== view) return;
  if (failure) return setStatus(explain(failure, SESSION_SENTENCES), true);
  await onOk(result);
}

function sessionItem(info) {
  const device = info.device || {};
  const details = [
    info.clientName && t.forApp(info.clientName),
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
          () => tgauth.revokeSession(info.sessionId),
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
// session was refused, the SDK ends it (end() shows why). Failures that may
// pass are left to the next check.
async function checkOnce() {
  const state = view;
  if (!state) return;
  clearTimeout(state.checkTimer);
  try {
    const sessions = await tgauth.listSessions();
    if (state === view) showSessions(state, sessions);
  } catch (error) {
    if (state === view) explain(error);  // For the console: the next check may do.
  }
  if (state === view && document.visibilityState === 'visible') {
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
    } while (checkAgain && view);
  })().finally(() => { checking = null; });
  return checking;
}

function logout() {
  return act(async () => {
    // A session ended elsewhere meanwhile says so, rather than "You are
    // signed out." (the server accepts logging out an ended session).
    await check();
    if (view) await tgauth.logout();
  }, () => {});
}

function logoutOthers() {
  return act(() => tgauth.revokeOtherSessions(), (revokedCount) => {
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
  if (!url || state !== view) return;
  $('logout').classList.remove('primary');
  $('continue-slot').replaceChildren(el('a', {
    id: 'continue-to', className: 'button primary', href: url.href,
    textContent: t.continueTo(url.host),
  }));
}

// Shows the signed-in view in the page's empty #signed-in element for the
// SDK's session `result` ({user, session}); `onSignedOut(message, isError)`
// runs once when the session ends (logout, or refused refresh, in this tab
// or another).
export function showSignedIn(result, { onSignedOut }) {
  if (view) clearTimeout(view.checkTimer);
  view = { user: result.user, checkTimer: null, listed: null, onSignedOut };
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
  offerContinue(view);
  // After a session this page had before, whose check may still be in flight.
  check({ afterChange: true });
}

// Back in view: check at once and every CHECK_INTERVAL_MS again (the SDK
// refreshes a token that fell due while timers were throttled).
function onShown() {
  if (view && document.visibilityState === 'visible') check();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') return onShown();
  if (view) clearTimeout(view.checkTimer);  // Hidden: no checks until shown.
});
window.addEventListener('focus', onShown);
