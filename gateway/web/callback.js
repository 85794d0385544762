// Where the bot's login link lands (/auth/telegram/callback?token=...).
// Opening the page signs nobody in: it shows which Telegram account the
// link belongs to (POST /v1/auth/telegram-link:describe) and exchanges the
// one-time token for a session (POST /v1/auth/telegram-link:exchange,
// gateway/sign_in_routes.h) only when the person presses Continue. A page
// that signed in on load would let anyone who can make a browser open a
// link (an image, a redirect) sign it into their own account.
import { errorBody, explain } from '/messages.js';
import {
  $, COOKIE_MODE, displayName, postJson, restoreSession, setStatus, showSignedIn, timeZone,
} from '/session.js';

const EXPIRED = 'This sign-in link has expired or was already used. Ask the bot for a new link.';
// describe answers 404 for a token it does not know, exchange 401.
const LINK_SENTENCES = {
  notFound: EXPIRED,
  unauthenticated: EXPIRED,
  used: EXPIRED,
  invalid: 'This sign-in link is damaged or incomplete. Ask the bot for a new link.',
  offline: "Can't reach the sign-in service. Check your connection and open the link again.",
  busy: 'The sign-in service is busy right now. Open the link again in a moment.',
  other: 'Something went wrong with this link. Ask the bot for a new link.',
};

function failed(message) {
  $('confirm').hidden = true;
  setStatus(message, true);
  $('restart').hidden = false;
}

async function post(path, body) {
  try {
    return await postJson(path, body, COOKIE_MODE);
  } catch (_) {
    failed(explain(null, LINK_SENTENCES));
    return null;
  }
}

async function exchange(token) {
  $('continue').disabled = true;
  setStatus('Signing you in…');
  const zone = timeZone();
  const response = await post('/v1/auth/telegram-link:exchange',
                              zone ? { token, time_zone: zone } : { token });
  if (!response) return;
  if (!response.ok) {
    return failed(explain(await errorBody(response), LINK_SENTENCES));
  }
  signedIn(await response.json());
}

function signedIn(body) {
  $('confirm').hidden = true;
  setStatus('You are signed in.');
  showSignedIn(body, {
    onSignedOut: (message, isError) => {
      setStatus(message, isError);
      $('restart').textContent = 'Sign in again';
      $('restart').hidden = false;
    },
  });
}

async function describe() {
  const token = new URLSearchParams(window.location.search).get('token');
  // Out of the address bar and the history at once: nothing later (a
  // bookmark, a shared screen) should carry a token that still works.
  window.history.replaceState(null, '', window.location.pathname);
  if (!token) {
    // A reload after the exchange: the session is in the cookie.
    const restored = await restoreSession();
    if (restored) return signedIn(restored);
    return failed('This sign-in link is incomplete, or was already opened here. ' +
                  'Ask the bot for a new link.');
  }
  const response = await post('/v1/auth/telegram-link:describe', { token });
  if (!response) return;
  if (!response.ok) {
    return failed(explain(await errorBody(response), LINK_SENTENCES));
  }
  const account = await response.json();
  $('account-name').textContent = displayName(account);
  setStatus('Is this you?');
  $('continue').addEventListener('click', () => exchange(token), { once: true });
  $('confirm').hidden = false;
}

describe();
