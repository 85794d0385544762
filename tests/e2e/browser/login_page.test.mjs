// The login page as a person uses it: open it in Chromium, see the QR code,
// copy the link, "scan" it with scripts/simulate-scan, and watch the page
// sign in (the stack: tgauth_stack.mjs). axe-core checks the states a
// person meets against WCAG 2.1 AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, contrast, loginLinkFromTheBot, scan, signedInPage, startStack, stopStack,
  waitFor,
} from './tgauth_stack.mjs';

let gatewayUrl;
let browser;

before(async () => ({ gatewayUrl, browser } = await startStack()));
after(stopStack);

test('a scan of the link shown on the page signs the page in', async () => {
  const page = await browser.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  assert.match(await page.getAttribute('#qr', 'src'), /^data:image\/svg\+xml/);
  const link = await page.inputValue('#link');
  assert.match(link, /^https:\/\/t\.me\/tgauth_browser_bot\?start=[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.getAttribute('#open', 'href'), link);

  const stdout = await scan(link, ['--first_name=Grace', '--last_name=Hopper', '--username=grace_h',
                                   `--telegram_id=${Date.now() % 1e9}`]);
  assert.match(stdout, /HTTP 200/);

  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  assert.equal(await page.textContent('#user-name'), 'Grace Hopper (@grace_h)');
  assert.ok(await page.isHidden('#code'), 'the QR code is gone once signed in');
});

test('scanning a link that was already redeemed changes nothing', async () => {
  const page = await browser.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  const link = await page.inputValue('#link');
  await scan(link);
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  assert.match(await scan(link), /You already confirmed this sign-in/);
  assert.ok(await page.isVisible('#signed-in'), 'the page stays signed in');
});

// Answers the page's first login poll with `status` and the gateway's JSON
// error `body`; later polls reach the gateway.
async function failFirstPoll(page, status, body) {
  let failed = false;
  await page.route((url) => url.pathname.startsWith('/v1/logins/'), (route) => {
    if (failed) return route.continue();
    failed = true;
    return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  });
}

test('a login the server lost before its expiry is renewed by the page itself', async () => {
  const page = await browser.newPage();
  const links = [];  // Of the logins the page created.
  page.on('response', async (response) => {
    if (response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/v1/logins') {
      links.push((await response.json()).deepLink);
    }
  });
  // The first poll finds the login unknown, as after a Redis restart that
  // lost it.
  await failFirstPoll(page, 404, { code: 5, message: 'unknown login' });
  await page.goto(`${gatewayUrl}/`);
  await waitFor(async () => links.length === 2, 'a second login');
  const link = links[1];
  await page.waitForFunction((renewed) => document.querySelector('#link').value === renewed, link);
  assert.ok(await page.isVisible('#code'));
  assert.doesNotMatch(await page.textContent('#status'), /expired/);

  await scan(link);
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
});

test('a poll that failed for a moment says so, then waits for the scan again', async () => {
  const page = await browser.newPage();
  await failFirstPoll(page, 503, { code: 14, message: 'tgauth-server is unavailable; retry later' });
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /busy right now/);
  // The retry (after 1 s) is answered: the page waits for the scan again.
  await page.waitForSelector('#status:not(.error)', { timeout: 10_000 });
  assert.equal(await page.textContent('#status'), 'Waiting for you to scan the code…');
  await scan(await page.inputValue('#link'));
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
});

test('a login link shows whose it is and signs in only when the person continues', async () => {
  const link = await loginLinkFromTheBot(
      { id: 1e9 + (Date.now() % 1e6), is_bot: false, first_name: 'Alan', username: 'turing' });
  const page = await browser.newPage();
  const exchanges = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/v1/auth/telegram-link:exchange')) exchanges.push(request);
  });
  await page.goto(link);
  await page.waitForSelector('#confirm:not([hidden])');
  assert.equal(await page.textContent('#account-name'), 'Alan (@turing)');
  assert.equal(new URL(page.url()).search, '', 'the token is out of the address bar');
  assert.ok(await page.isHidden('#signed-in'), 'opening the link signs nobody in');
  assert.equal(exchanges.length, 0);

  await page.click('#continue');
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  assert.equal(await page.textContent('#user-name'), 'Alan (@turing)');
  assert.equal(exchanges.length, 1);
  assert.ok(await page.isHidden('#confirm'));
});

test('a used login link is refused before anyone is asked to continue', async () => {
  const link = await loginLinkFromTheBot(
      { id: 2e9 + (Date.now() % 1e6), is_bot: false, first_name: 'Edsger' });
  const token = new URL(link).searchParams.get('token');
  const used = await fetch(`${gatewayUrl}/v1/auth/telegram-link:exchange`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(used.status, 200);
  const page = await browser.newPage();
  await page.goto(link);
  await page.waitForSelector('#restart:not([hidden])');
  assert.match(await page.textContent('#status'), /expired or was already used/);
  assert.ok(await page.isHidden('#confirm'));
});

// The sentence on the page, and the server's own words only in the console.
test('errors the page meets read as plain sentences with a next step', async () => {
  const page = await browser.newPage();
  const consoleText = [];
  page.on('console', (message) => consoleText.push(message.text()));
  let creates = 0;
  await page.route(`${gatewayUrl}/v1/logins`, (route) => {
    if (creates++ > 0) return route.continue();
    return route.fulfill({
      status: 503, contentType: 'application/json',
      body: JSON.stringify({ code: 14, message: 'tgauth-server is unavailable; retry later' }),
    });
  });
  await page.route((url) => url.pathname.startsWith('/v1/logins/'), (route) => route.fulfill({
    status: 400, contentType: 'application/json',
    body: JSON.stringify({ code: 3, message: 'token must be 43 characters of A-Z a-z 0-9 - _' }),
  }));
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
  assert.equal(creates, 2, 'the page retried the busy service by itself');
  assert.equal(await page.textContent('#status'),
               'Something went wrong with this code. Get a new code to try again.');
  assert.ok(consoleText.some((text) => text.includes('tgauth-server is unavailable')));
  assert.ok(consoleText.some((text) => text.includes('token must be 43 characters')));

  const callback = await browser.newPage();
  await callback.goto(`${gatewayUrl}/auth/telegram/callback?token=not-a-token`);
  await callback.waitForSelector('#restart:not([hidden])');
  assert.equal(await callback.textContent('#status'),
               'This sign-in link is damaged or incomplete. Ask the bot for a new link.');

  // The session refused for good while its access token was still live:
  // it was ended on the server, e.g. from another device.
  const revoked = await browser.newPage();
  const refused = (route) => route.fulfill({
    status: 401, contentType: 'application/json',
    body: JSON.stringify({ code: 16, message: 'session revoked' }),
  });
  await revoked.route(`${gatewayUrl}/v1/sessions`, refused);
  await revoked.route(`${gatewayUrl}/v1/sessions:refresh`, refused);
  await revoked.goto(`${gatewayUrl}/`);
  await revoked.waitForSelector('#code:not([hidden])');
  await scan(await revoked.inputValue('#link'));
  await revoked.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });
  assert.equal(await revoked.textContent('#status'),
               'This device was signed out from another device.');
});

test('the page passes axe-core and names every control uniquely', async () => {
  const telegramId = `--telegram_id=${3e9 + (Date.now() % 1e6)}`;
  const other = await signedInPage([telegramId]);
  // axe-core runs as an injected script, which the page's CSP would refuse.
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  await assertAccessible(page, 'the QR code');

  // Primary buttons: WCAG 2.1 AA asks 4.5:1 for their text (1.4.3).
  const colours = await page.$eval('#open', (open) => {
    const style = getComputedStyle(open);
    return [style.color, style.backgroundColor];
  });
  assert.ok(contrast(...colours) >= 4.5, `contrast of ${colours.join(' on ')}`);

  // Keyboard focus is plainly visible (2.4.7).
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.ok(outline.style === 'solid' && outline.width >= 2, JSON.stringify(outline));

  await scan(await page.inputValue('#link'), [telegramId]);
  await page.waitForSelector('#sessions li:nth-child(2)', { timeout: 10_000 });
  await assertAccessible(page, 'signed in');
  const names = await page.$$eval('button:not([hidden])',
                                  (buttons) => buttons.map((b) => b.getAttribute('aria-label') ||
                                                                  b.textContent));
  assert.equal(new Set(names).size, names.length, names.join(' | '));
  assert.ok(names.includes('Log out this device'), names.join(' | '));
  assert.equal(names.filter((name) => /^Log out \S/.test(name)).length, 3, names.join(' | '));
  assert.equal(await page.locator('[aria-live], [role=status], [role=alert], [role=log]').count(),
               1, 'one live region announces every status');
  await other.close();
});

test('on a phone "Open in Telegram" comes first, on a computer the QR code', async () => {
  for (const [viewport, openFirst] of [[{ width: 360, height: 740 }, true],
                                       [{ width: 1280, height: 800 }, false]]) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${gatewayUrl}/`);
    await page.waitForSelector('#code:not([hidden])');
    const open = await page.locator('#open').boundingBox();
    const qr = await page.locator('#qr').boundingBox();
    assert.equal(open.y < qr.y, openFirst, `at ${viewport.width} px`);
    await page.close();
  }
});

test('a code nobody scanned is renewed before it expires while the page is visible', async () => {
  const page = await browser.newPage();
  const logins = [];  // The page's POST /v1/logins answers.
  page.on('response', async (response) => {
    if (response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/v1/logins') {
      logins.push(await response.json());
    }
  });
  await page.clock.install();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  await waitFor(async () => logins.length === 1, 'the first login');
  // Behind another tab nobody sees the code: it is left to run out (a new
  // one would start at once, in the countdown's tick, hiding #code).
  await page.evaluate(() => Object.defineProperty(document, 'visibilityState',
                                                  { value: 'hidden', configurable: true }));
  await page.clock.fastForward(Date.parse(logins[0].expiresAt) - Date.now() - 5000);
  assert.ok(await page.isVisible('#code'));
  assert.equal(await page.inputValue('#link'), logins[0].deepLink);
  // In front again: a new code.
  await page.evaluate(() => {
    delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await waitFor(async () => (await page.inputValue('#link')) !== logins[0].deepLink, 'a new code');
  await waitFor(async () => logins.length === 2, 'the renewed login');
  assert.equal(await page.inputValue('#link'), logins[1].deepLink);
  assert.equal(await page.textContent('#status'), 'Waiting for you to scan the code…');
  assert.ok(await page.isHidden('#restart'));
});

// A new page whose signed-in user has a photo at `photoUrl`, as the Telegram
// Login Widget reports one (photo_url; QR logins carry none, so the poll's
// answer gets it), served as an 8x8 image or, if `loads` is false, a 404.
async function pageWithPhoto(photoUrl, loads) {
  const page = await browser.newPage();
  await page.route((url) => url.pathname.startsWith('/v1/logins/'), async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (body.user) body.user.photoUrl = photoUrl;
    return route.fulfill({ response, json: body });
  });
  await page.route(photoUrl, (route) => route.fulfill(loads ? {
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
  } : { status: 404 }));
  return page;
}

test('the page names who scanned while it waits for the confirmation, then greets the person with their photo', async () => {
  const photoUrl = 'https://t.me/i/userpic/320/grace.jpg';
  const page = await pageWithPhoto(photoUrl, false);
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  assert.equal(await page.textContent('h1'), 'Sign in with Telegram');
  const link = await page.inputValue('#link');
  const grace = ['--first_name=Grace', '--last_name=Hopper', '--username=grace_h',
                 `--telegram_id=${4e9 + (Date.now() % 1e6)}`];
  await scan(link, [...grace, '--answer=none']);
  await waitFor(async () => (await page.textContent('h1')) ===
                    'Confirm in Telegram — Grace Hopper (@grace_h)',
                'the waiting heading naming who scanned');
  assert.match(await page.textContent('#status'), /Tap Confirm in Telegram/);

  await scan(link, grace);
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  assert.equal(await page.textContent('h1'), "You're signed in");
  // The photo failed to load: the initials stand in for it.
  await page.waitForSelector('#avatar img', { state: 'detached' });
  assert.equal(await page.textContent('#avatar'), 'GH');

  const second = await signedInPage(grace, await pageWithPhoto(photoUrl, true));
  await second.waitForSelector('#avatar img');
  assert.deepEqual(await second.$eval('#avatar img', (img) => [img.src, img.naturalWidth]),
                   [photoUrl, 8]);
  for (const each of [page, second]) await each.unrouteAll({ behavior: 'ignoreErrors' });
});

// Each browser.newPage() is a browser context of its own: another device,
// here signed in as the same Telegram user.

test('a device logged out from another device says so within 5 s', async () => {
  const telegramId = `--telegram_id=${5e9 + (Date.now() % 1e6)}`;
  // axe-core runs as an injected script, which the page's CSP would refuse.
  const revoked = await signedInPage([telegramId], await browser.newPage({ bypassCSP: true }));
  const other = await signedInPage([telegramId]);
  await other.click('#sessions li:not(.current) button', { timeout: 10_000 });
  await waitFor(async () => / is signed out\.$/.test(await other.textContent('#status')),
                'the other device logged out');

  await revoked.waitForFunction(
      () => document.querySelector('#status').textContent ===
            'This device was signed out from another device.',
      undefined, { timeout: 5000 });
  assert.ok(await revoked.isHidden('#signed-in'));
  assert.equal(await revoked.textContent('h1'), 'Sign in with Telegram');
  assert.equal(await revoked.textContent('#restart'), 'Sign in again');
  assert.ok(await revoked.isVisible('#restart'));
  await assertAccessible(revoked, 'signed out from another device');
  await Promise.all([revoked.close(), other.close()]);
});

test('a refresh refused while the session should be live reads as a revocation', async () => {
  const page = await browser.newPage();
  await page.clock.install();
  await signedInPage([], page);
  await page.route(`${gatewayUrl}/v1/sessions:refresh`, (route) => route.fulfill({
    status: 401, contentType: 'application/json',
    body: JSON.stringify({ code: 16, message: 'session revoked' }),
  }));
  // Up to the refresh before the access token expires, with the page hidden
  // (no checks of its own): the refresh alone learns of the revocation.
  await page.evaluate(() => Object.defineProperty(document, 'visibilityState',
                                                  { value: 'hidden', configurable: true }));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.clock.fastForward(15 * 60 * 1000 - 30_000);
  await page.waitForSelector('#restart:not([hidden])', { timeout: 5000 });
  assert.equal(await page.textContent('#status'),
               'This device was signed out from another device.');
  await page.close();
});

test('devices that sign in or out elsewhere show in the list within 5 s', async () => {
  const telegramId = `--telegram_id=${6e9 + (Date.now() % 1e6)}`;
  const first = await signedInPage([telegramId]);
  assert.equal(await first.locator('#sessions li').count(), 1);
  assert.ok(await first.isHidden('#logout-others'), 'no other devices to log out');

  const later = await signedInPage([telegramId]);
  await first.waitForSelector('#sessions li:nth-child(2)', { timeout: 5000 });
  await first.waitForSelector('#logout-others:not([hidden])', { timeout: 1000 });

  await later.click('#logout');
  await later.waitForSelector('#restart:not([hidden])');
  assert.equal(await later.textContent('#status'), 'You are signed out.');
  await first.waitForSelector('#sessions li:nth-child(2)', { state: 'detached', timeout: 5000 });
  assert.ok(await first.isHidden('#logout-others'), 'no other devices left to log out');
  await Promise.all([first.close(), later.close()]);
});

test('"Log out" on a device already logged out elsewhere says what happened', async () => {
  const telegramId = `--telegram_id=${7e9 + (Date.now() % 1e6)}`;
  const revoked = await signedInPage([telegramId]);
  // Hidden, the page does not check its session by itself.
  await revoked.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const other = await signedInPage([telegramId]);
  await other.click('#logout-others', { timeout: 10_000 });
  await waitFor(async () => (await other.textContent('#status')) === 'Signed out 1 other device.',
                'the other device logged out');

  await revoked.click('#logout');
  await revoked.waitForSelector('#restart:not([hidden])');
  assert.equal(await revoked.textContent('#status'),
               'This device was signed out from another device.');
  await Promise.all([revoked.close(), other.close()]);
});
