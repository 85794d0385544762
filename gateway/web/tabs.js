// How the tabs of one browser share a session (session.js): the refresh
// token is in the gateway's HttpOnly cookie, which every tab sends, so they
// must not rotate it at the same time, and a tab that just rotated hands its
// fresh access token to the others instead of letting each rotate again.
//
//   - One refresh at a time across tabs: the Web Locks API
//     (w3c.github.io/web-locks), lock TAB_LOCK.
//   - Messages on a BroadcastChannel (html.spec.whatwg.org, "Broadcasting to
//     other browsing contexts"), held in memory only:
//       {type: 'ask'}                         who has an access token that is
//                                             not yet due for refresh?
//       {type: 'session', shared}             here is one: {user, session,
//                                             expiresAt, refreshAt} (ms since
//                                             the epoch, one machine's clock)
//       {type: 'ended', sessionId, message,   session `sessionId` is over:
//        isError}                             logged out or refused; show
//                                             `message`.
//     A tab that just got the lock asks, and waits ASK_WAIT_MS for an answer
//     before rotating: a rotation's 'session' message and the lock's release
//     reach the other tabs in no guaranteed order, but an answer to a later
//     question always comes after the rotation that preceded it.
// Browsers without either API get a tab that works on its own.

const TAB_LOCK = 'tgauth-session-refresh';
const ASK_WAIT_MS = 150;

const channel = typeof BroadcastChannel === 'function'
  ? new BroadcastChannel('tgauth-session') : null;
let handlers = { shared: () => {}, ended: () => {}, fresh: () => null };
let answer = null;  // Resolves the question this tab is waiting on.

// `shared(shared)` runs for every fresh session another tab announces,
// `ended(sessionId, message, isError)` when another tab's session ended, and `fresh()`
// answers another tab's question: this tab's {user, session, expiresAt,
// refreshAt} if not yet due for refresh, else null.
export function onTabMessages(newHandlers) {
  handlers = newHandlers;
}

channel?.addEventListener('message', ({ data }) => {
  if (!data) return;
  if (data.type === 'ask') {
    const shared = handlers.fresh();
    if (shared) channel.postMessage({ type: 'session', shared });
  } else if (data.type === 'session' && data.shared) {
    answer?.(data.shared);
    handlers.shared(data.shared);
  } else if (data.type === 'ended') {
    handlers.ended(data.sessionId, data.message, data.isError);
  }
});

// Runs `task` while holding the refresh lock of every tab of this origin.
export function withRefreshLock(task) {
  if (!navigator.locks) return task();
  return navigator.locks.request(TAB_LOCK, task);
}

// A session another tab holds that is not yet due for refresh, or null
// after ASK_WAIT_MS without one.
export function askOtherTabs() {
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

// Tells the other tabs of a session this tab just got.
export function announceSession(shared) {
  channel?.postMessage({ type: 'session', shared });
}

// Tells the other tabs that session `sessionId` ended, and what to show.
export function announceEnded(sessionId, message, isError) {
  channel?.postMessage({ type: 'ended', sessionId, message, isError });
}
