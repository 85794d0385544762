// Where the bot's login link lands (/auth/telegram/callback?token=...).
// Opening the page signs nobody in: it shows which Telegram account the
// link belongs to (POST /v1/auth/telegram-link:describe) and exchanges the
// one-time token for a session (POST /v1/auth/telegram-link:exchange,
// gateway/sign_in_routes.h) only when the person presses Continue. A page
// that signed in on load would let anyone who can make a browser open a
// link (an image, a redirect) sign it into their own account.
import {
  $, displayName, errorBody, postJson, setStatus, showSignedIn, timeZone,
} from '/session.js';

const kExpiredMessage = 'This sign-in link has expired or was already used. ' +
                        'Ask the bot for a new link.';

function failed(message) {
  $('confirm').hidden = true;
  setStatus(message, true);
  $('restart').hidden = false;
}

async function post(path, body) {
  try {
    return await postJson(path, body);
  } catch (_) {
    failed('Cannot reach the server. Check your connection and open the link again.');
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
    return failed(response.status === 401 ? kExpiredMessage : (await errorBody(response)).message);
  }
  const body = await response.json();
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
    return failed('This sign-in link is incomplete, or was already opened here. ' +
                  'Ask the bot for a new link.');
  }
  const response = await post('/v1/auth/telegram-link:describe', { token });
  if (!response) return;
  if (!response.ok) {
    return failed(response.status === 404 ? kExpiredMessage : (await errorBody(response)).message);
  }
  const account = await response.json();
  $('account-name').textContent = displayName(account);
  setStatus('Is this you?');
  $('continue').addEventListener('click', () => exchange(token), { once: true });
  $('confirm').hidden = false;
}

describe();
