// The Mini App page (/miniapp) as Telegram opens it (telegram_mini_app.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startStack, stopStack } from './tgauth_stack.mjs';
import {
  DARK_THEME, MINI_APP_SERVER_ARGS, openInTelegram, signedInitData,
} from './telegram_mini_app.mjs';

let gatewayUrl;
let browser;

before(async () => {
  ({ gatewayUrl, browser } = await startStack({
    serverArgs: MINI_APP_SERVER_ARGS,
    gatewayArgs: ['--return_to_origins=https://app.example'],
  }));
});
after(stopStack);

// A page opened at `path` the way Telegram opens a Mini App; `bypassCSP` for
// the pages axe-core checks (its script runs inline).
async function openAt(path, initData, { theme = DARK_THEME, bypassCSP = false } = {}) {
  return openInTelegram(await browser.newPage({ bypassCSP }), `${gatewayUrl}${path}`, initData,
                        theme);
}

const newUser = (fields) => ({ id: 5e9 + (Date.now() % 1e8), ...fields });

test('inside Telegram the page signs in from initData, in Telegram\'s colours', async () => {
  const page = await openAt('/miniapp?return_to=https://app.example/home',
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
  const page = await openAt('/miniapp', signedInitData(newUser({ first_name: 'Lin' })), {
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
  const page = await openAt(
      '/miniapp', signedInitData(newUser({ first_name: 'Eve' }), { tamper: true }));
  await page.waitForSelector('#status.error');
  assert.equal(await page.textContent('#status'),
               'Telegram could not confirm who you are. ' +
               'Close this page and open it again from the bot.');
  assert.ok(await page.isHidden('#signed-in'));
  assert.ok(await page.isHidden('#retry'), 'trying the same data again would not help');
});

test('the login page opened by Telegram hands over to the Mini App page', async () => {
  const page = await openAt('/?return_to=https://app.example/',
                            signedInitData(newUser({ first_name: 'Bo' })));
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  const url = new URL(page.url());
  assert.equal(url.pathname, '/miniapp');
  assert.equal(url.searchParams.get('return_to'), 'https://app.example/');
});

test('return_to outside --return_to_origins is never offered', async () => {
  for (const target of ['https://evil.example/', 'https://app.example.evil.example/',
                        'javascript:alert(1)', 'https://app.example@evil.example/', 'not a url']) {
    const page = await openAt(`/miniapp?return_to=${encodeURIComponent(target)}`,
                              signedInitData(newUser({ first_name: 'Mo' })));
    await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#continue-to').count(), 0, target);
    await page.close();
  }
});

test('opened in a plain browser, the page sends people to the QR code', async () => {
  const page = await openAt('/miniapp', '', { bypassCSP: true });
  await page.waitForSelector('#restart:not([hidden])');
  assert.match(await page.textContent('#status'), /works inside Telegram/);
  assert.equal(await page.getAttribute('#restart', 'href'), '/');
  assert.deepEqual(await page.evaluate(() => window.webAppCalls), []);
  await assertAccessible(page, 'the Mini App page outside Telegram');
});
