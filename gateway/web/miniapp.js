// The page a Telegram Mini App opens (<site_url>/miniapp, set with
// BotFather; core.telegram.org/bots/webapps). Inside Telegram it signs in
// from Telegram.WebApp.initData, which Telegram signed for this bot: no QR
// code and no confirmation step (tgauth.signInWithMiniApp, sdk/tgauth.js). It takes Telegram's theme colours, asks to be
// expanded, and once signed in offers the way on (return_to.js, through
// session.js) and a way back to Telegram.
import { t } from '/i18n.js';
import { explain, isTransient } from '/messages.js';
import * as tgauth from '/sdk/tgauth.js';
import { $, setStatus, showSignedIn } from '/session.js';

const webApp = window.Telegram?.WebApp;

const MINI_APP_SENTENCES = {
  unauthenticated: t.miniAppUnconfirmed,
  invalid: t.miniAppUnconfirmed,
  denied: t.miniAppDenied,
  other: t.miniAppFailed,
};

// WCAG 2.1 contrast ratio of two "#rrggbb" colours (1.4.3).
function contrast(first, second) {
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const s = parseInt(hex.slice(i, i + 2), 16) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

// Telegram's theme (WebApp.themeParams) as the page's colours: each pair of
// text and background is taken only when it is readable (contrast of at
// least 4.5:1, or 3:1 for the focus ring); otherwise the page keeps its own.
function applyTheme() {
  const theme = webApp.themeParams || {};
  const isColour = (value) => /^#[0-9a-fA-F]{6}$/.test(value || '');
  const style = document.documentElement.style;
  const background = theme.bg_color;
  const pairs = [
    // [CSS property, its colour, the colour it is read against, minimum contrast]
    ['--surface', background, theme.text_color, 4.5],
    ['--page', theme.secondary_bg_color || background, theme.text_color, 4.5],
    ['--text', theme.text_color, background, 4.5],
    ['--muted', theme.hint_color, background, 4.5],
    ['--focus', theme.link_color, background, 3],
    ['--accent', theme.button_color, theme.button_text_color, 4.5],
    ['--accent-text', theme.button_text_color, theme.button_color, 4.5],
  ];
  for (const [property, colour, against, minimum] of pairs) {
    const readable = isColour(colour) && isColour(against) && contrast(colour, against) >= minimum;
    if (readable) style.setProperty(property, colour);
    else style.removeProperty(property);
  }
  style.colorScheme = webApp.colorScheme === 'dark' ? 'dark' : 'light';
}

function failed(message, { retry = false } = {}) {
  setStatus(message, true);
  $('retry').hidden = !retry;
}

async function signIn() {
  $('retry').hidden = true;
  setStatus(t.signingIn);
  let result;
  try {
    result = await tgauth.signInWithMiniApp(webApp.initData);
  } catch (error) {
    return failed(explain(error, MINI_APP_SENTENCES), { retry: isTransient(error) });
  }
  setStatus(t.signedInStatus);
  showSignedIn(result, {
    onSignedOut: (message, isError) => {
      setStatus(message, isError);
      $('retry').textContent = t.signInAgain;
      $('retry').hidden = false;
    },
  });
}

document.addEventListener('DOMContentLoaded', () => {
  if (!webApp?.initData) {
    // Opened in a browser rather than by Telegram: nothing to sign in with.
    setStatus(t.miniAppOutsideTelegram);
    $('restart').hidden = false;
    return;
  }
  applyTheme();
  webApp.onEvent?.('themeChanged', applyTheme);
  webApp.ready();
  webApp.expand();
  $('retry').addEventListener('click', signIn);
  $('close').addEventListener('click', () => webApp.close());
  $('close').hidden = false;
  signIn();
});
