// Every state a person can meet on the pages, with the match-code defence
// on: Deny, the match code, and axe-core (WCAG 2.1 AA) on each state at a
// phone's width (360 px) and a computer's (1280 px), each photographed to
// <build>/browser-artifacts/<state>-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath, assertAccessible, loginLinkFromTheBot, scan, startStack, stopStack, waitFor,
} from './tgauth_stack.mjs';
import { MINI_APP_SERVER_ARGS, openInTelegram, signedInitData } from './telegram_mini_app.mjs';

let gatewayUrl;
let browser;

before(async () => {
  ({ gatewayUrl, browser } = await startStack({
    serverArgs: ['--login_match_code', ...MINI_APP_SERVER_ARGS],
  }));
});
after(stopStack);

const WIDTHS = [{ width: 360, height: 740 }, { width: 1280, height: 800 }];
const uniqueId = (() => { let n = 0; return () => 7e9 + (Date.now() % 1e8) * 10 + (n++ % 10); })();

// A new page showing a fresh code; axe-core's script needs bypassCSP.
async function codePage(viewport = WIDTHS[1]) {
  const page = await browser.newPage({ viewport, bypassCSP: true });
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  return page;
}

test('Deny in Telegram ends the login and offers a fresh code', async () => {
  const page = await codePage();
  await scan(await page.inputValue('#link'), ['--answer=deny', `--telegram_id=${uniqueId()}`]);
  await page.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
  assert.equal(await page.textContent('#status'), 'Sign-in was declined in Telegram.');
  assert.ok(await page.isHidden('#signed-in'));
  assert.ok(await page.isHidden('#code'), 'the denied code is gone');

  await page.click('#restart');
  await page.waitForSelector('#code:not([hidden])');
  await scan(await page.inputValue('#link'), [`--telegram_id=${uniqueId()}`,
                                              `--answer=${await page.textContent('#match-code')}`]);
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
});

test('with the match code on, only the code the page shows signs in', async () => {
  const page = await codePage();
  assert.ok(await page.isVisible('#match'));
  const code = (await page.textContent('#match-code')).trim();
  assert.match(code, /^\d{2}$/);
  // The bot offers three codes (simulate-scan prints its buttons): pick another.
  const telegramId = `--telegram_id=${uniqueId()}`;
  const offered = await scan(await page.inputValue('#link'), [telegramId, '--answer=none']);
  const wrong = [...offered.matchAll(/\[(\d{2})\]/g)].map(([, each]) => each)
      .find((each) => each !== code);
  assert.ok(wrong, offered);
  const refused = await scan(await page.inputValue('#link'), [telegramId, `--answer=${wrong}`]);
  assert.match(refused, /not the code your browser shows/);
  await page.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
  assert.ok(await page.isHidden('#signed-in'));

  const second = await codePage();
  await scan(await second.inputValue('#link'),
             [`--answer=${await second.textContent('#match-code')}`, `--telegram_id=${uniqueId()}`]);
  await second.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
});

// Checks `page` with axe-core and photographs it as `state`.
async function record(page, state, viewport) {
  await assertAccessible(page, `${state} at ${viewport.width} px`);
  await page.screenshot({ path: artifactPath(`${state}-${viewport.width}.png`), fullPage: true });
}

for (const viewport of WIDTHS) {
  test(`every state passes axe-core at ${viewport.width} px`, async () => {
    const telegramId = `--telegram_id=${uniqueId()}`;
    const match = async (page) => `--answer=${await page.textContent('#match-code')}`;

    const login = await codePage(viewport);
    await record(login, 'login-code', viewport);
    await scan(await login.inputValue('#link'), [telegramId, '--answer=none']);
    await waitFor(async () => (await login.textContent('h1')) ===
                      'Confirm in Telegram — Ada Lovelace (@ada_l)',
                  'the scanned state');
    await record(login, 'login-scanned', viewport);
    await scan(await login.inputValue('#link'), [telegramId, await match(login)]);
    await login.waitForSelector('#sessions li', { timeout: 10_000 });

    const other = await codePage(viewport);
    await scan(await other.inputValue('#link'), [telegramId, await match(other)]);
    await other.waitForSelector('#sessions li', { timeout: 10_000 });
    await login.waitForSelector('#logout-others:not([hidden])', { timeout: 10_000 });
    await record(login, 'account', viewport);
    await other.click('#logout-others');
    await login.waitForSelector('#signed-in', { state: 'hidden', timeout: 10_000 });
    await record(login, 'signed-out-elsewhere', viewport);

    const denied = await codePage(viewport);
    await scan(await denied.inputValue('#link'), ['--answer=deny', `--telegram_id=${uniqueId()}`]);
    await denied.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
    await record(denied, 'login-denied', viewport);

    const expired = await browser.newPage({ viewport, bypassCSP: true });
    await expired.route((url) => url.pathname.startsWith('/v1/logins/'), (route) => route.fulfill({
      contentType: 'application/json', json: { state: 'LOGIN_STATE_EXPIRED' },
    }));
    await expired.goto(`${gatewayUrl}/`);
    await expired.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
    await record(expired, 'login-expired', viewport);

    const unavailable = await browser.newPage({ viewport, bypassCSP: true });
    await unavailable.route(`${gatewayUrl}/v1/logins`, (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      json: { code: 14, message: 'tgauth-server is unavailable; retry later' },
    }));
    await unavailable.goto(`${gatewayUrl}/`);
    await unavailable.waitForSelector('#status.error', { timeout: 10_000 });
    await record(unavailable, 'login-unavailable', viewport);

    const link = await browser.newPage({ viewport, bypassCSP: true });
    await link.goto(await loginLinkFromTheBot(
        { id: uniqueId(), is_bot: false, first_name: 'Alan', username: 'turing' }));
    await link.waitForSelector('#confirm:not([hidden])');
    await record(link, 'link-confirm', viewport);

    const usedLink = await browser.newPage({ viewport, bypassCSP: true });
    await usedLink.goto(`${gatewayUrl}/auth/telegram/callback?token=${'A'.repeat(43)}`);
    await usedLink.waitForSelector('#status.error', { timeout: 10_000 });
    await record(usedLink, 'link-expired', viewport);

    const miniApp = await openInTelegram(
        await browser.newPage({ viewport, bypassCSP: true }), `${gatewayUrl}/miniapp`,
        signedInitData({ id: uniqueId(), first_name: 'Grace', username: 'grace_h' }));
    await miniApp.waitForSelector('#sessions li', { timeout: 10_000 });
    await record(miniApp, 'mini-app', viewport);

    for (const page of browser.contexts().flatMap((context) => context.pages())) {
      await page.close();
    }
  });
}
