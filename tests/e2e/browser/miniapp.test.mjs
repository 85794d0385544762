// The Mini App page (/miniapp) as Telegram opens it: Telegram's script
// (https://telegram.org/js/telegram-web-app.js) is replaced by one that
// builds window.Telegram.WebApp from the URL fragment the way Telegram's
// does (core.telegram.org/bots/webapps), and records the page's calls. The
// initData is signed with the server's --bot_token as Telegram signs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { assertAccessible, startStack, stopStack } from './tgauth_stack.mjs';

const BOT_TOKEN = '7000000001:AAFakeTokenForTheMiniAppBrowserTest00';
let gatewayUrl;
let browser;

before(async () => {
  ({ gatewayUrl, browser } = await startStack({
    serverArgs: [`--bot_token=${BOT_TOKEN}`, '--sign_in_notices=false',
                 '--bot_api_base_url=http://127.0.0.1:9'],
    gatewayArgs: ['--return_to_origins=https://app.example'],
  }));
});
after(stopStack);

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
const THEME = {
  bg_color: '#17212b', secondary_bg_color: '#232e3c', text_color: '#f5f5f5',
  hint_color: '#aab6c2', link_color: '#6ab3f3', button_color: '#2b5278',
  button_text_color: '#ffffff',
};

// initData as Telegram signs it for the bot (core.telegram.org/bots/webapps,
// "Validating data received via the Mini App"): the HMAC-SHA-256 of the
// sorted key=value lines, keyed by HMAC-SHA-256("WebAppData", bot token).
function signedInitData(user, { tamper = false } = {}) {
  const params = new URLSearchParams({
    query_id: `AAH${Date.now()}`,
    user: JSON.stringify(user),
    auth_date: String(Math.floor(Date.now() / 1000)),
  });
  const checkString = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${key}=${value}`).join('\n');
  const key = createHmac('sha256', 'WebAppData').update(BOT_TOKEN).digest();
  const hash = createHmac('sha256', key).update(checkString).digest('hex');
  params.set('hash', tamper ? hash.replace(/^./, hash[0] === '0' ? '1' : '0') : hash);
  return params.toString();
}

// A page opened at `path` the way Telegram opens a Mini App; `bypassCSP` for
// the pages axe-core checks (its script runs inline).
async function openInTelegram(path, initData, { theme = THEME, bypassCSP = false } = {}) {
  const page = await browser.newPage({ bypassCSP });
  await page.route('https://telegram.org/js/telegram-web-app.js', (route) => route.fulfill({
    contentType: 'text/javascript', body: TELEGRAM_SCRIPT,
  }));
  const fragment = new URLSearchParams({
    tgWebAppData: initData, tgWebAppVersion: '7.0', tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  await page.goto(`${gatewayUrl}${path}#${fragment}`);
  return page;
}

const newUser = (fields) => ({ id: 5e9 + (Date.now() % 1e8), ...fields });

test('inside Telegram the page signs in from initData, in Telegram\'s colours', async () => {
  const page = await openInTelegram('/miniapp?return_to=https://app.example/home',
                                    signedInitData(newUser({ first_name: 'Ada', username: 'ada_l' })),
                                    { bypassCSP: true });
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  assert.equal(await page.textContent('#user-name'), 'Ada (@ada_l)');
  assert.equal(await page.locator('#qr').count(), 0, 'no QR code inside Telegram');
  assert.deepEqual(await page.evaluate(() => window.webAppCalls),
                   ['onEvent themeChanged', 'ready', 'expand']);

  const colours = await page.evaluate(() => {
    const card = getComputedStyle(document.querySelector('.card'));
    return { card: card.backgroundColor, text: card.color,
             page: getComputedStyle(document.body).backgroundColor };
  });
  assert.deepEqual(colours, { card: 'rgb(23, 33, 43)', text: 'rgb(245, 245, 245)',
                              page: 'rgb(35, 46, 60)' });

  const onward = page.locator('#continue-to');
  await onward.waitFor();
  assert.equal(await onward.textContent(), 'Continue to app.example');
  assert.equal(await onward.getAttribute('href'), 'https://app.example/home');
  await assertAccessible(page, 'the Mini App page signed in');

  await page.click('#close');
  assert.deepEqual((await page.evaluate(() => window.webAppCalls)).at(-1), 'close');
});

test('a theme colour people could not read is not taken', async () => {
  // Telegram's light theme: white on #3390ec is 3.3:1, under WCAG AA's 4.5:1.
  const page = await openInTelegram('/miniapp', signedInitData(newUser({ first_name: 'Lin' })), {
    theme: {
      bg_color: '#ffffff', text_color: '#000000', hint_color: '#999999', link_color: '#2481cc',
      button_color: '#3390ec', button_text_color: '#ffffff',
    },
    bypassCSP: true,
  });
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  const accent = await page.evaluate(
      () => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  assert.equal(accent, '#0b72b9', "the page's own readable blue");
  await assertAccessible(page, 'the Mini App page in a light theme');
});

test('initData that does not verify reads as a plain sentence and signs nobody in', async () => {
  const page = await openInTelegram(
      '/miniapp', signedInitData(newUser({ first_name: 'Eve' }), { tamper: true }));
  await page.waitForSelector('#status.error');
  assert.equal(await page.textContent('#status'),
               'Telegram could not confirm who you are. ' +
               'Close this page and open it again from the bot.');
  assert.ok(await page.isHidden('#signed-in'));
  assert.ok(await page.isHidden('#retry'), 'trying the same data again would not help');
});

test('the login page opened by Telegram hands over to the Mini App page', async () => {
  const page = await openInTelegram('/?return_to=https://app.example/',
                                    signedInitData(newUser({ first_name: 'Bo' })));
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  const url = new URL(page.url());
  assert.equal(url.pathname, '/miniapp');
  assert.equal(url.searchParams.get('return_to'), 'https://app.example/');
});

test('return_to outside --return_to_origins is never offered', async () => {
  for (const target of ['https://evil.example/', 'https://app.example.evil.example/',
                        'javascript:alert(1)', 'https://app.example@evil.example/', 'not a url']) {
    const page = await openInTelegram(`/miniapp?return_to=${encodeURIComponent(target)}`,
                                      signedInitData(newUser({ first_name: 'Mo' })));
    await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#continue-to').count(), 0, target);
    await page.close();
  }
});

test('opened in a plain browser, the page sends people to the QR code', async () => {
  const page = await openInTelegram('/miniapp', '', { bypassCSP: true });
  await page.waitForSelector('#restart:not([hidden])');
  assert.match(await page.textContent('#status'), /works inside Telegram/);
  assert.equal(await page.getAttribute('#restart', 'href'), '/');
  assert.deepEqual(await page.evaluate(() => window.webAppCalls), []);
  await assertAccessible(page, 'the Mini App page outside Telegram');
});
