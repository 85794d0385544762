// tgauth's browser SDK: sign in with Telegram and keep the session, for the
// gateway's own pages and for same-site apps. One ES module with no
// dependencies, served by the gateway at /sdk/tgauth.js:
//
//   import * as tgauth from 'https://auth.example/sdk/tgauth.js';
//   const login = await tgauth.createLogin();   // show login.qrSvg, login.deepLink
//   const result = await tgauth.waitForLogin(login, { onState: (s) => ... });
//   const me = await tgauth.fetch('/v1/me');     // Authorization added, fresh
//
// The REST API it speaks is the gateway's (gateway/login_routes.h,
// gateway/sign_in_routes.h, gateway/session_routes.h), at the origin the
// module was loaded from. An app on another origin of the same site must be
// on the gateway's --cors_allowed_origins.
//
// Where the secrets live. Every request that can hand out or use a refresh
// token is sent in the gateway's cookie mode (gateway/session_cookie.h): the
// refresh token stays in an HttpOnly, SameSite=Strict cookie of the gateway
// and never reaches JavaScript. The access token lives only in this module's
// memory, never in Web Storage, the URL or the DOM. Web Storage is readable
// by every script that ever runs on the origin: one XSS bug could copy a
// refresh token valid for weeks and use it from anywhere; the cookie can be
// used only from a page of the site, while it is open.
//
// Refresh. The access token is rotated (RFC 9700 refresh token rotation) a
// minute before it expires, or at half its lifetime if that is shorter, and
// at once when a page comes back into view after its timers were throttled.
// A request whose token was refused (401) refreshes once and is retried.
//
// Tabs. Every tab of the origin sends the same cookie, so they must not
// rotate at once, and a tab that just rotated hands its access token to the
// others rather than each rotating again:
//   - one refresh at a time across tabs: the Web Locks API
//     (w3c.github.io/web-locks), lock TAB_LOCK;
//   - messages on a BroadcastChannel (html.spec.whatwg.org, "Broadcasting to
//     other browsing contexts"), held in memory only:
//       {type: 'ask'}                       who has an access token that is
//                                           not yet due for refresh?
//       {type: 'session', shared}           here is one: {user, session,
//                                           expiresAt, refreshAt} (ms since
//                                           the epoch, one machine's clock)
//       {type: 'ended', sessionId, reason}  session `sessionId` is over
//     A tab that got the lock asks, and waits ASK_WAIT_MS for an answer
//     before rotating: a rotation's 'session' message and the lock's release
//     reach the other tabs in no guaranteed order, but an answer to a later
//     question always comes after the rotation that preceded it.
//   Browsers without either API get a tab that works on its own. Tabs of
//   other origins share the cookie but not the lock: the server's grace
//   window hands a tab that lost the race the pair the other one got.
//
// Errors. Every function that calls the gateway rejects with a TgauthError
// ({status, code, message}: the HTTP status, 0 when no answer came, and the
// gRPC code and developer message of the gateway's JSON error body,
// gateway/grpc_http_status.cc). Its message is for the console, not for
// people.

const TAB_LOCK = 'tgauth-session-refresh';
const ASK_WAIT_MS = 150;
// Refresh this long before the access token expires (or at half its
// lifetime, if that is shorter).
const REFRESH_MARGIN_MS = 60000;
const MAX_BACKOFF_MS = 30000;
// The longest wait the gateway allows for one poll of a login.
const LOGIN_WAIT_SECONDS = 25;
const COOKIE_MODE = { 'X-TGAuth-Session': 'cookie' };
const UNAUTHENTICATED = 16;  // gRPC's code, as the gateway's error bodies carry it.

const apiBase = new URL('/', import.meta.url);

// A failed call: `status` is the HTTP status (0: no answer came), `code`
// the gRPC status code of the gateway's error body (0 when there was none).
export class TgauthError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'TgauthError';
    this.status = status;
    this.code = code;
  }

  // Worth retrying later: no answer, too many requests, or a server error.
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A wait before each retry of a transient failure: 1 s, doubling up to 30 s.
function backoff() {
  let delayMs = 1000;
  return async () => {
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, MAX_BACKOFF_MS);
  };
}

// The browser's IANA time zone, so the bot can show a sign-in's time as the
// user reads clocks; "" when the browser does not say (the gateway would
// refuse anything that is not a zone name).
function timeZone() {
  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (_) { /* no Intl */ }
  return /^[A-Za-z0-9/_+-]{1,64}$/.test(zone) ? zone : '';
}

function withTimeZone(body) {
  const zone = timeZone();
  return zone ? { ...body, time_zone: zone } : body;
}

// The TgauthError for a failed `response`.
async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (_) { /* not JSON */ }
  return body && body.message
    ? new TgauthError(response.status, body.code || 0, body.message)
    : new TgauthError(response.status, 0, `HTTP ${response.status}`);
}

// fetch on the gateway: the Response if it is 2xx, else a TgauthError.
async function call(path, init = {}) {
  let response;
  try {
    response = await fetch(new URL(path, apiBase), {
      credentials: 'include', cache: 'no-store', ...init,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new TgauthError(0, 0, `no answer from the sign-in service: ${error.message}`);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

function postJson(path, body, headers = {}, init = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...init,
  });
}

// `request()`, retried with backoff after `onRetry(error)` for as long as
// it fails with a transient TgauthError and `signal` does not abort.
async function retryingTransient(request, onRetry, signal) {
  const retry = backoff();
  for (;;) {
    signal?.throwIfAborted();
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof TgauthError) || !error.transient) throw error;
      onRetry(error);
    }
    await retry();
  }
}

// --- Tabs ------------------------------------------------------------------

const channel = typeof BroadcastChannel === 'function'
  ? new BroadcastChannel('tgauth-session') : null;
let answer = null;  // Resolves the question this tab is waiting on.

function withRefreshLock(task) {
  if (!navigator.locks) return task();
  return navigator.locks.request(TAB_LOCK, task);
}

// A session another tab holds that is not yet due for refresh, or null
// after ASK_WAIT_MS without one.
function askOtherTabs() {
  if (!channel) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { answer = null; resolve(null); }, ASK_WAIT_MS);
    answer = (shared) => {
      clearTimeout(timer);
      answer = null;
      resolve(shared);
    };
    channel.postMessage({ type: 'ask' });
  });
}

// --- The session -------------------------------------------------------------

// This tab's session: {user, session, expiresAt, refreshAt, timer}, or null.
// Every async step re-checks `current === state`, so the answers for a
// session that ended meanwhile change nothing.
let current = null;
let refreshing = null;  // The refresh in flight, shared by every caller.
const listeners = new Set();

function emit(change) {
  for (const listener of listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error(error);
    }
  }
}

// `listener(change)` runs for every change of this tab's session:
//   {type: 'signed-in', user, session}    a sign-in, or a session restored
//   {type: 'refreshed', user, session}    a new access token
//   {type: 'signed-out', reason, sessionId}
// where `reason` is 'logout' (this browser logged out), 'revoked' (ended on
// the server: from another device, by an administrator, or for a reused
// refresh token) or 'expired'. Returns a function that removes it.
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// When the access token of `session`, received now, expires and is due for
// refresh (ms since the epoch).
function lifetimeOf(session) {
  const lifetimeMs = Math.max(1, session.expiresIn || 900) * 1000;
  const now = Date.now();
  return { expiresAt: now + lifetimeMs,
           refreshAt: now + Math.max(lifetimeMs / 2, lifetimeMs - REFRESH_MARGIN_MS) };
}

// Takes `session`, due for refresh at `refreshAt`, as `state`'s.
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

function announce(state) {
  channel?.postMessage({ type: 'session', shared: shareable(state) });
}

// Makes `result` ({user, session}, as every sign-in answers, or a restored
// session with its expiresAt and refreshAt) this tab's session.
function begin(result) {
  if (current) clearTimeout(current.timer);
  const state = { user: result.user, session: result.session, timer: null,
                  expiresAt: 0, refreshAt: 0 };
  current = state;
  adopt(state, result.session, result.expiresAt ? result : lifetimeOf(result.session));
  announce(state);
  emit({ type: 'signed-in', user: state.user, session: state.session });
  return { user: state.user, session: state.session };
}

// Ends this tab's session (already over or logged out on the server), and
// in the other tabs unless they told this one.
function end(reason, { fromOtherTab = false } = {}) {
  const state = current;
  if (!state) return;
  current = null;
  clearTimeout(state.timer);
  const { sessionId } = state.session;
  if (!fromOtherTab) channel?.postMessage({ type: 'ended', sessionId, reason });
  emit({ type: 'signed-out', reason, sessionId });
}

// Adopts a fresh session of another tab, if it is this one's.
function adoptShared(state, shared) {
  if (state !== current || !shared || shared.session.sessionId !== state.session.sessionId ||
      Date.now() >= shared.refreshAt || shared.expiresAt <= state.expiresAt) {
    return false;
  }
  adopt(state, shared.session, shared);
  emit({ type: 'refreshed', user: state.user, session: state.session });
  return true;
}

// POST /v1/sessions:refresh with the cookie.
function cookieRefresh() {
  return postJson('/v1/sessions:refresh', {}, COOKIE_MODE);
}

// Rotates the refresh token: resolves true with a fresh access token, false
// when the session is over. One tab rotates at a time; a tab whose turn
// comes after another tab rotated takes that tab's access token instead.
// Transient failures retry with backoff; a retry after an answer that got
// lost still works, because the server hands out the current pair for a
// just-rotated token (grace window, auth.proto's RefreshSession).
function refresh() {
  const seen = current?.session;
  refreshing ??= withRefreshLock(() => rotate(seen)).finally(() => { refreshing = null; });
  return refreshing;
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
    try {
      const { session } = await (await cookieRefresh()).json();
      if (state !== current) return false;
      adopt(state, session, lifetimeOf(session));
      announce(state);
      emit({ type: 'refreshed', user: state.user, session });
      return true;
    } catch (error) {
      if (state !== current) return false;
      if (!(error instanceof TgauthError)) throw error;
      if (!error.transient) {
        // Refused for good. While the access token is within its lifetime
        // neither it nor the session has run out (the server caps the token
        // at the session's end): the session was ended on the server. Later
        // it may simply have expired (e.g. the computer slept through).
        console.warn(`tgauth: refresh refused: ${error.message}`);
        const revoked = error.status === 401 && Date.now() < state.expiresAt;
        end(revoked ? 'revoked' : 'expired');
        return false;
      }
    }
    await retry();
  }
  return false;
}

const notSignedIn = () => new TgauthError(401, UNAUTHENTICATED, 'not signed in');

// fetch with this tab's access token, for the gateway's API (a path, or a
// URL on the gateway) or the app's own API at the page's origin that takes
// tgauth's access tokens. A token due for refresh is refreshed first; a 401
// (the token expired early, e.g. while the computer slept) refreshes once
// and retries. Resolves with the Response whatever its status, like fetch;
// rejects with a TgauthError (401) when there is no session or it ended,
// or (status 0) when no answer came; throws a TypeError, before anything
// is sent, for a URL on any other origin: a bearer token works for whoever
// holds it (RFC 6750 section 5.2), so it goes only where it is meant to.
async function authorizedFetch(input, init = {}) {
  const url = new URL(input, apiBase);
  if (url.origin !== apiBase.origin && url.origin !== globalThis.location?.origin) {
    throw new TypeError(`tgauth.fetch sends the access token only to ${apiBase.origin} ` +
                        `or this page's origin, not to ${url.origin}`);
  }
  for (let attempt = 0; ; attempt++) {
    const state = current;
    if (!state) throw notSignedIn();
    if (Date.now() >= state.refreshAt && !(await refresh())) throw notSignedIn();
    if (state !== current) throw notSignedIn();
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${state.session.accessToken}`);
    let response;
    try {
      response = await fetch(url, { cache: 'no-store', ...init, headers });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new TgauthError(0, 0, `no answer: ${error.message}`);
    }
    if (state !== current) throw notSignedIn();
    if (response.status !== 401 || attempt > 0) return response;
    if (!(await refresh())) throw notSignedIn();
  }
}
export { authorizedFetch as fetch };

// authorizedFetch, then the JSON of a 2xx answer, else a TgauthError.
async function authorizedJson(path, init) {
  const response = await authorizedFetch(path, init);
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

// This tab's session, {user, session} (auth.proto's User and Session, in
// the gateway's JSON), or null when this browser has none. A page opened
// without one in memory takes a fresh one from another tab, else makes one
// refresh with the cookie and asks for the user: a reload or a new tab
// stays signed in with no new sign-in. Resolves null, too, when the gateway
// cannot be reached now.
export async function getSession() {
  if (current) return { user: current.user, session: current.session };
  const restored = await withRefreshLock(async () => {
    if (current) return null;
    const shared = await askOtherTabs();
    if (shared && Date.now() < shared.refreshAt) return shared;
    try {
      const { session } = await (await cookieRefresh()).json();
      const me = await call('/v1/me', {
        headers: { Authorization: `Bearer ${session.accessToken}` },
      });
      return { session, user: (await me.json()).user, ...lifetimeOf(session) };
    } catch (error) {
      if (!(error instanceof TgauthError)) throw error;
      if (error.status !== 401) console.warn(`tgauth: no session restored: ${error.message}`);
      return null;
    }
  });
  if (current) return { user: current.user, session: current.session };
  return restored ? begin(restored) : null;
}

// --- Signing in ----------------------------------------------------------------

// A new QR login (POST /v1/logins): {loginToken, pollToken, deepLink, qrSvg,
// matchCode, pollIntervalSeconds, expiresAt}. `qrSvg` is an SVG document
// of the QR code of `deepLink`; `matchCode` is set when the bot asks the
// user to pick it (a defence against pages relaying the QR code); show it
// next to the code. `expiresAt` is a Date on this browser's clock (the
// server's expiry corrected by the difference of the two clocks). With
// `authorization` (the handle /oauth2/authorize put in the page's URL) the
// login is for that app, and the bot names it; a request that is gone
// rejects with code NOT_FOUND.
// Transient failures are retried with backoff, after `onRetry(error)`;
// rejects with any other TgauthError, or an AbortError when `signal` aborts.
export async function createLogin({ authorization, onRetry = () => {}, signal } = {}) {
  const body = withTimeZone(authorization ? { authorization } : {});
  const response = await retryingTransient(
      () => postJson('/v1/logins', body, {}, { signal }), onRetry, signal);
  const login = await response.json();
  const serverNow = Date.parse(response.headers.get('Date') || '');
  const skewMs = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  return { ...login, expiresAt: new Date(Date.parse(login.expiresAt) - skewMs) };
}

// Long-polls `login` (from createLogin) until it ends, each poll answering
// the moment its state changes (RFC 8628-style polling, at most every
// pollIntervalSeconds when nothing changed). Calls `onState(answer)` for
// every new waiting state, and again after a retry: answer.state is
// 'LOGIN_STATE_PENDING' or 'LOGIN_STATE_SCANNED', with answer.scannedBy the
// Telegram account that scanned ({firstName, lastName, username}) while the
// bot waits for its confirmation. Transient failures are retried with backoff, after
// `onRetry(error)`. Resolves with the final answer: {state:
// 'LOGIN_STATE_CONFIRMED', user, session}, which is now this tab's session,
// or {state: 'LOGIN_STATE_DENIED'} or {state: 'LOGIN_STATE_EXPIRED'}.
// Rejects with a TgauthError the gateway refused the poll with (404: the
// server does not know the login; 400 FAILED_PRECONDITION: already
// redeemed), or with an AbortError when `signal` aborts.
export async function waitForLogin(login, { onState = () => {}, onRetry = () => {}, signal } = {}) {
  const path = `/v1/logins/${encodeURIComponent(login.loginToken)}`;
  // Cookie mode: the CONFIRMED answer's refresh token goes to the cookie.
  const headers = { Authorization: `Bearer ${login.pollToken}`, ...COOKIE_MODE };
  const intervalMs = Math.max(1, login.pollIntervalSeconds || 2) * 1000;
  let knownState = 'LOGIN_STATE_PENDING';
  for (;;) {
    const started = Date.now();
    // A retry asks without waiting, so the page learns at once that the
    // service answers again.
    let retried = false;
    const response = await retryingTransient(
        () => call(`${path}?wait=${retried ? 0 : LOGIN_WAIT_SECONDS}&known_state=${knownState}`,
                   { headers, signal }),
        (error) => { retried = true; onRetry(error); }, signal);
    const answer = await response.json();
    signal?.throwIfAborted();
    const state = answer.state || knownState;
    if (state === 'LOGIN_STATE_CONFIRMED') return { state, ...begin(answer) };
    if (state === 'LOGIN_STATE_DENIED' || state === 'LOGIN_STATE_EXPIRED') return { state };
    const changed = state !== knownState;
    knownState = state;
    // After failures the page showed, the state it waits in (again).
    if (changed || retried) onState({ ...answer, state });
    // An unchanged answer that came at once (no long wait) must not become
    // a busy loop; a change is worth asking again straight away.
    const elapsed = Date.now() - started;
    if (!changed && elapsed < intervalMs) await sleep(intervalMs - elapsed);
  }
}

// Signs in from a Telegram Mini App's Telegram.WebApp.initData, which
// Telegram signed for the bot (core.telegram.org/bots/webapps): resolves
// {user, session}, now this tab's session.
export async function signInWithMiniApp(initData) {
  const response = await postJson('/v1/auth/telegram-miniapp',
                                  withTimeZone({ init_data: initData }), COOKIE_MODE);
  return begin(await response.json());
}

// The Telegram account a login link from the bot belongs to, without using
// it: {firstName, lastName, username, photoUrl}. Rejects with a TgauthError
// (404: unknown or expired).
export async function describeLink(token) {
  return (await postJson('/v1/auth/telegram-link:describe', { token })).json();
}

// Exchanges a login link's one-time token for a session: resolves {user,
// session}, now this tab's session. Exchange only on the person's explicit
// action: a page that signed in on load would let anyone who can make a
// browser open a link sign it into their own account.
export async function exchangeLink(token) {
  const response = await postJson('/v1/auth/telegram-link:exchange',
                                  withTimeZone({ token }), COOKIE_MODE);
  return begin(await response.json());
}

// --- The user's sessions ------------------------------------------------------

// Every session of the signed-in user (auth.proto's SessionInfo: sessionId,
// device, signInMethod, createdAt, lastRefreshedAt, current).
export async function listSessions() {
  const { sessions = [] } = await authorizedJson('/v1/sessions');
  return sessions;
}

// Ends one of the user's other sessions (that device is signed out).
export async function revokeSession(sessionId) {
  await authorizedJson(`/v1/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
}

// Ends every session of the user but this one: resolves how many ended.
export async function revokeOtherSessions() {
  const { revokedCount = 0 } = await authorizedJson('/v1/sessions:revokeOthers',
                                                    { method: 'POST' });
  return revokedCount;
}

// Logs this browser out: the session ends on the server, the cookie is
// cleared, and every tab is signed out (reason 'logout').
export async function logout() {
  await postJson('/v1/sessions:logout', {}, COOKIE_MODE);
  end('logout');
}

// --- OAuth authorization requests (tgauth's own sign-in page) -----------------------

// A web app sent the person here to sign in (GET /oauth2/authorize): its
// request, {clientId, clientName, scopes, prompt}. Rejects with a
// TgauthError (404: unknown, expired or finished).
export async function describeAuthorization(handle) {
  return (await postJson('/v1/authorizations:describe', { handle })).json();
}

// Grants the request with this tab's session: resolves the URL to send the
// browser to, the app's redirect URI with its authorization code. Rejects
// with a TgauthError: code 9 (FAILED_PRECONDITION) when the app asked for
// a newer sign-in than this session's, 404 when the request is gone, 401
// when there is no session.
export async function completeAuthorization(handle) {
  const { redirectUri } = await authorizedJson('/v1/authorizations:complete', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ handle }),
  });
  return redirectUri;
}

// Ends the request without a sign-in, `error` 'access_denied' (the person
// cancelled) or 'login_required' (prompt=none and no session): resolves
// the URL that tells the app so.
export async function denyAuthorization(handle, error) {
  const { redirectUri } = await (await postJson('/v1/authorizations:deny',
                                                { handle, error })).json();
  return redirectUri;
}

// --- Events from the page and the other tabs -------------------------------------

// Back in view: timers are throttled in background tabs, so catch up on a
// refresh that is due.
function onShown() {
  if (current && document.visibilityState === 'visible' &&
      Date.now() > current.expiresAt - REFRESH_MARGIN_MS) {
    refresh();
  }
}
document.addEventListener('visibilitychange', onShown);
window.addEventListener('focus', onShown);

channel?.addEventListener('message', ({ data }) => {
  if (!data) return;
  if (data.type === 'ask') {
    const shared = shareable();
    if (shared) channel.postMessage({ type: 'session', shared });
  } else if (data.type === 'session' && data.shared) {
    answer?.(data.shared);
    if (current) adoptShared(current, data.shared);
  } else if (data.type === 'ended' && current?.session.sessionId === data.sessionId) {
    end(data.reason, { fromOtherTab: true });
  }
});
