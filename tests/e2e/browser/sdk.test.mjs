// The browser SDK (gateway/web/sdk/tgauth.js) as a same-site app on another
// origin uses it: imported from the gateway, it signs in by QR code, calls
// the API with an access token it refreshes before expiry, restores the
// session after a reload, revokes another device and logs out, across tabs.
// An origin off the gateway's --cors_allowed_origins can do none of it.
// (The gateway's own pages use the same SDK: the other browser tests.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { scan, startStack, stopStack, waitFor } from './tgauth_stack.mjs';

let gatewayUrl;
let browser;
const apps = [];

// An app's origin: a blank page served on a port of its own (127.0.0.1 at
// another port is another origin of the same site).
async function startApp() {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><html lang="en"><title>An app</title><main>app</main></html>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  apps.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

let appUrl;
let strangerUrl;

before(async () => {
  [appUrl, strangerUrl] = [await startApp(), await startApp()];
  ({ gatewayUrl, browser } = await startStack({
    gatewayArgs: [`--cors_allowed_origins=${appUrl}`],
  }));
});
after(async () => {
  await stopStack();
  for (const server of apps) server.close();
});

// A page of the app with the SDK imported as window.tgauth, recording its
// session changes in window.changes.
async function appPage(context, origin = appUrl) {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  return loadSdk(page);
}

async function loadSdk(page) {
  await page.evaluate(async (sdk) => {
    window.tgauth = await import(sdk);
    window.changes = [];
    window.tgauth.onSessionChange((change) => window.changes.push(change));
  }, `${gatewayUrl}/sdk/tgauth.js`);
  return page;
}

// Signs `page` in through the SDK as Telegram user `telegramId`: answers
// waitForLogin's result and the states it reported.
async function signIn(page, telegramId) {
  const login = await page.evaluate(async () => {
    window.login = await window.tgauth.createLogin();
    window.states = [];
    window.result = window.tgauth.waitForLogin(window.login, {
      onState: (answer) => window.states.push(answer),
    });
    return window.login;
  });
  assert.match(login.deepLink, /^https:\/\/t\.me\/tgauth_browser_bot\?start=/);
  assert.match(login.qrSvg, /<svg/);
  // The person reads the bot's request before pressing Confirm, as people do:
  // the page hears of the scan first (a press within the wake-up's few
  // milliseconds would let the poll skip straight to CONFIRMED).
  const person = [`--telegram_id=${telegramId}`];
  await scan(login.deepLink, [...person, '--answer=none']);
  await waitFor(() => page.evaluate(() => window.states.length > 0), 'the scanned state');
  await scan(login.deepLink, person);
  return page.evaluate(async () => ({ result: await window.result, states: window.states }));
}

const newTelegramId = () => Date.now() % 1e9;

test('an app signs in by QR code and calls the API with a fresh access token', async () => {
  const context = await browser.newContext();
  const page = await appPage(context);
  const { result, states } = await signIn(page, newTelegramId());
  assert.equal(result.state, 'LOGIN_STATE_CONFIRMED');
  assert.equal(result.user.username, 'ada_l');
  assert.equal(result.session.refreshToken, undefined, 'the refresh token stays in the cookie');
  // The bot asked for confirmation: the page learnt who scanned before that.
  assert.deepEqual(states.map((s) => [s.state, s.scannedBy?.username]),
                   [['LOGIN_STATE_SCANNED', 'ada_l']]);

  const me = await page.evaluate(async () => {
    const response = await window.tgauth.fetch('/v1/me');
    return { status: response.status, body: await response.json() };
  });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'ada_l');
  const sessions = await page.evaluate(() => window.tgauth.listSessions());
  assert.deepEqual(sessions.map((s) => [s.sessionId, s.current]),
                   [[result.session.sessionId, true]]);
  assert.deepEqual(await page.evaluate(() => window.changes.map((c) => c.type)), ['signed-in']);
  // Nothing of the session in the app's storage or cookies.
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length,
                                              document.cookie]), [0, 0, '']);
  await context.close();
});

test('fetch sends the access token to the gateway and the page\'s origin only', async () => {
  const context = await browser.newContext();
  const page = await appPage(context);
  await signIn(page, newTelegramId());
  const sent = [];
  context.on('request', (request) => {
    sent.push([new URL(request.url()).origin, request.headers().authorization !== undefined]);
  });
  const own = await page.evaluate(async (url) => (await window.tgauth.fetch(url)).status,
                                  `${appUrl}/api/orders`);
  assert.equal(own, 200);
  const elsewhere = await page.evaluate(async (url) => {
    try {
      await window.tgauth.fetch(url);
      return 'sent';
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  }, `${strangerUrl}/collect`);
  assert.match(elsewhere, /^TypeError: .*not to http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(sent, [[appUrl, true]], 'nothing left for the other origin');
  await context.close();
});

test('fetch refreshes a token that is due before it sends the request', async () => {
  const context = await browser.newContext();
  await context.clock.install();
  const page = await appPage(context);
  const { result } = await signIn(page, newTelegramId());
  const sent = [];
  context.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/v1/')) sent.push([pathname, request.headers().authorization]);
  });
  // Past the token's refresh time (15 min tokens refresh at 14 min) with no
  // timer fired, as in a tab whose timers the browser throttled.
  await context.clock.setSystemTime(Date.now() + 14.5 * 60_000);
  const status = await page.evaluate(async () => (await window.tgauth.fetch('/v1/me')).status);
  assert.equal(status, 200);
  assert.deepEqual(sent.map(([pathname]) => pathname), ['/v1/sessions:refresh', '/v1/me']);
  const [, authorization] = sent[1];
  assert.match(authorization, /^Bearer /);
  assert.notEqual(authorization, `Bearer ${result.session.accessToken}`, 'the new token');
  assert.deepEqual(await page.evaluate(() => window.changes.map((c) => c.type)),
                   ['signed-in', 'refreshed']);
  await context.close();
});

test('after a reload getSession restores the same session, and a second tab shares it', async () => {
  const context = await browser.newContext();
  const page = await appPage(context);
  const { result } = await signIn(page, newTelegramId());
  await page.reload();
  await loadSdk(page);
  const restored = await page.evaluate(() => window.tgauth.getSession());
  assert.equal(restored.session.sessionId, result.session.sessionId);
  assert.equal(restored.user.username, 'ada_l');

  const refreshes = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/v1/sessions:refresh')) refreshes.push(request);
  });
  const shared = await (await appPage(context)).evaluate(() => window.tgauth.getSession());
  assert.equal(shared.session.accessToken, restored.session.accessToken, 'from the first tab');
  assert.equal(refreshes.length, 0, 'no rotation');
  await context.close();
});

test('revoking another device signs it out there, and a logout signs out every tab', async () => {
  const telegramId = newTelegramId();
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  const onPhone = await appPage(phone);
  const onLaptop = await appPage(laptop);
  const { result: phoneLogin } = await signIn(onPhone, telegramId);
  await signIn(onLaptop, telegramId);

  assert.equal(await onLaptop.evaluate(async () => (await window.tgauth.listSessions()).length), 2);
  await onLaptop.evaluate((id) => window.tgauth.revokeSession(id), phoneLogin.session.sessionId);
  // The phone finds out at its next call: refused, and told why.
  const refused = await onPhone.evaluate(async () => {
    try {
      await window.tgauth.listSessions();
      return null;
    } catch (error) {
      return { name: error.name, status: error.status };
    }
  });
  assert.deepEqual(refused, { name: 'TgauthError', status: 401 });
  assert.deepEqual(await onPhone.evaluate(() => window.changes.at(-1)),
                   { type: 'signed-out', reason: 'revoked', sessionId: phoneLogin.session.sessionId });

  const secondTab = await appPage(laptop);
  assert.ok(await secondTab.evaluate(() => window.tgauth.getSession()));
  await onLaptop.evaluate(() => window.tgauth.logout());
  for (const tab of [onLaptop, secondTab]) {
    await waitFor(async () => (await tab.evaluate(() => window.changes.at(-1)?.reason)) === 'logout',
                  'the tab signed out');
    assert.equal(await tab.evaluate(() => window.tgauth.getSession()), null);
  }
  await phone.close();
  await laptop.close();
});

test('an origin off the allow-list can neither load the SDK nor use the cookie', async () => {
  const context = await browser.newContext();
  await signIn(await appPage(context), newTelegramId());
  const page = await context.newPage();
  await page.goto(`${strangerUrl}/`);
  const loaded = await page.evaluate(
      (sdk) => import(sdk).then(() => true, () => false), `${gatewayUrl}/sdk/tgauth.js`);
  assert.equal(loaded, false, 'no CORS answer for the module');
  // The cookie routes need a CORS preflight (a custom header), which the
  // gateway does not allow for this origin: the refresh is never sent.
  const refreshed = await page.evaluate((url) => fetch(url, {
    method: 'POST', credentials: 'include', headers: { 'X-TGAuth-Session': 'cookie' },
  }).then(() => true, () => false), `${gatewayUrl}/v1/sessions:refresh`);
  assert.equal(refreshed, false);
  await context.close();
});
