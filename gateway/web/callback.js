// Where the bot's login link lands (/auth/telegram/callback?token=...).
// Opening the page signs nobody in: it shows which Telegram account the
// link belongs to (tgauth.describeLink) and exchanges the one-time token for
// a session (tgauth.exchangeLink; sdk/tgauth.js) only when the person
// presses Continue. A page that signed in on load would let anyone who can
// make a browser open a link (an image, a redirect) sign it into their own
// account.
import { t } from '/i18n.js';
import { explain } from '/messages.js';
import * as tgauth from '/sdk/tgauth.js';
import { $, displayName, setStatus, showSignedIn } from '/session.js';

const EXPIRED = t.linkExpired;
// describe answers 404 for a token it does not know, exchange 401.
const LINK_SENTENCES = {
  notFound: EXPIRED,
  unauthenticated: EXPIRED,
  used: EXPIRED,
  invalid: t.linkDamaged,
  offline: t.linkOffline,
  busy: t.linkBusy,
  other: t.linkFailed,
};

function failed(message) {
  $('confirm').hidden = true;
  setStatus(message, true);
  $('restart').hidden = false;
}

async function exchange(token) {
  $('continue').disabled = true;
  setStatus(t.signingIn);
  try {
    signedIn(await tgauth.exchangeLink(token));
  } catch (error) {
    failed(explain(error, LINK_SENTENCES));
  }
}

function signedIn(body) {
  $('confirm').hidden = true;
  setStatus(t.signedInStatus);
  showSignedIn(body, {
    onSignedOut: (message, isError) => {
      setStatus(message, isError);
      $('restart').textContent = t.signInAgain;
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
    const session = await tgauth.getSession();
    if (session) return signedIn(session);
    return failed(t.linkIncomplete);
  }
  let account;
  try {
    account = await tgauth.describeLink(token);
  } catch (error) {
    return failed(explain(error, LINK_SENTENCES));
  }
  $('account-name').textContent = displayName(account);
  setStatus(t.isThisYou);
  $('continue').addEventListener('click', () => exchange(token), { once: true });
  $('confirm').hidden = false;
}

describe();
