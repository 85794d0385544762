// Where the bot's login link lands (/auth/telegram/callback?token=...):
// exchange the one-time token for a session (POST
// /v1/auth/telegram-link:exchange, gateway/sign_in_routes.h), then show the
// signed-in view (session.js), as the QR login page does.
import { $, errorBody, postJson, setStatus, showSignedIn, timeZone } from '/session.js';

function failed(message) {
  setStatus(message, true);
  $('restart').hidden = false;
}

async function exchange() {
  const token = new URLSearchParams(window.location.search).get('token');
  // Out of the address bar and the history at once: the token is single-use
  // anyway, but nothing later (a bookmark, a shared screen) should carry it.
  window.history.replaceState(null, '', window.location.pathname);
  if (!token) {
    return failed('This sign-in link is incomplete, or was already opened here. ' +
                  'Ask the bot for a new link.');
  }
  let response;
  try {
    const zone = timeZone();
    response = await postJson('/v1/auth/telegram-link:exchange',
                              zone ? { token, time_zone: zone } : { token });
  } catch (_) {
    return failed('Cannot reach the server. Check your connection and open the link again.');
  }
  if (!response.ok) {
    if (response.status === 401) {
      return failed('This sign-in link has expired or was already used. ' +
                    'Ask the bot for a new link.');
    }
    return failed((await errorBody(response)).message);
  }
  const body = await response.json();
  setStatus('You are signed in.');
  showSignedIn(body, {
    onSignedOut: (message, isError) => {
      setStatus(message, isError);
      $('restart').textContent = 'Sign in again';
      $('restart').hidden = false;
    },
  });
}

exchange();
