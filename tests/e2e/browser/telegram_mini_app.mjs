// Telegram as it opens a Mini App (core.telegram.org/bots/webapps), for the
// browser tests: Telegram's script (https://telegram.org/js/telegram-web-app.js)
// is replaced by one that builds window.Telegram.WebApp from the URL
// fragment the way Telegram's does and records the page's calls in
// window.webAppCalls, and initData is signed with the bot token as
// Telegram signs it. The server must run with --bot_token=MINI_APP_BOT_TOKEN.
import { createHmac } from 'node:crypto';

export const MINI_APP_BOT_TOKEN = '7000000001:AAFakeTokenForTheMiniAppBrowserTest00';

// Server flags for Mini App sign-ins: the token, and no Bot API calls.
export const MINI_APP_SERVER_ARGS = [
  `--bot_token=${MINI_APP_BOT_TOKEN}`, '--sign_in_notices=false',
  '--bot_api_base_url=http://127.0.0.1:9',
];

const TELEGRAM_SCRIPT = `(() => {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const calls = (window.webAppCalls = []);
  window.Telegram = { WebApp: {
    initData: params.get('tgWebAppData') || '',
    themeParams: JSON.parse(params.get('tgWebAppThemeParams') || '{}'),
    colorScheme: 'dark',
    platform: params.get('tgWebAppPlatform') || 'unknown',
    version: params.get('tgWebAppVersion') || '6.0',
    isExpanded: false,
    ready() { calls.push('ready'); },
    expand() { calls.push('expand'); this.isExpanded = true; },
    close() { calls.push('close'); },
    onEvent(name) { calls.push('onEvent ' + name); },
  } };
})();`;

// Telegram's dark theme, with a button colour people can read.
export const DARK_THEME = {
  bg_color: '#17212b', secondary_bg_color: '#232e3c', text_color: '#f5f5f5',
  hint_color: '#aab6c2', link_color: '#6ab3f3', button_color: '#2b5278',
  button_text_color: '#ffffff',
};

// initData for the Bot API User `user`, as Telegram signs it
// ("Validating data received via the Mini App"): the HMAC-SHA-256 of the
// sorted key=value lines, keyed by HMAC-SHA-256("WebAppData", bot token).
// `tamper` spoils the hash.
export function signedInitData(user, { tamper = false } = {}) {
  const params = new URLSearchParams({
    query_id: `AAH${Date.now()}`,
    user: JSON.stringify(user),
    auth_date: String(Math.floor(Date.now() / 1000)),
  });
  const checkString = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${key}=${value}`).join('\n');
  const key = createHmac('sha256', 'WebAppData').update(MINI_APP_BOT_TOKEN).digest();
  const hash = createHmac('sha256', key).update(checkString).digest('hex');
  params.set('hash', tamper ? hash.replace(/^./, hash[0] === '0' ? '1' : '0') : hash);
  return params.toString();
}

// Opens `url` in `page` the way Telegram opens a Mini App with `initData`
// and `theme` (Telegram's themeParams).
export async function openInTelegram(page, url, initData, theme = DARK_THEME) {
  await page.route('https://telegram.org/js/telegram-web-app.js', (route) => route.fulfill({
    contentType: 'text/javascript', body: TELEGRAM_SCRIPT,
  }));
  const fragment = new URLSearchParams({
    tgWebAppData: initData, tgWebAppVersion: '7.0', tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  await page.goto(`${url}#${fragment}`);
  return page;
}
