// Staying signed in (gateway/session_cookie.h, gateway/web/session.js and
// the browser SDK, gateway/web/sdk/tgauth.js): the refresh token lives in
// the gateway's HttpOnly cookie, a reload or a second tab restores the
// session without a new one, tabs refresh one at a time and share the
// result, a logout in one tab signs the others out, and the cookie routes
// refuse cross-site requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan, startStack, stopStack, waitFor } from './tgauth_stack.mjs';

let gatewayUrl;
let browser;

before(async () => ({ gatewayUrl, browser } = await startStack()));
after(stopStack);

const path = (response) => new URL(response.url()).pathname;
// Every cookie of `context` (context.cookies(url) leaves out Secure cookies
// for an http:// URL, although Chromium sends them to 127.0.0.1).
const cookiesOf = async (context) => context.cookies();
const isRefresh = (request) =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/v1/sessions:refresh';

// The next GET /v1/sessions answer `page` receives: {count, current} (the id
// of the session the page holds).
async function nextSessionList(page) {
  const response = await page.waitForResponse(
      (r) => path(r) === '/v1/sessions' && r.request().method() === 'GET' && r.ok(),
      { timeout: 10_000 });
  const { sessions = [] } = await response.json();
  return { count: sessions.length, current: sessions.find((s) => s.current)?.sessionId };
}

// A browser context (one person's browser) with a page signed in by a scan.
async function signedInContext() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const confirmed = page.waitForResponse(
      async (r) => path(r).startsWith('/v1/logins/') && (await r.json()).session,
      { timeout: 15_000 });
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  const listed = nextSessionList(page);
  await scan(await page.inputValue('#link'), [`--telegram_id=${Date.now() % 1e9}`]);
  const answer = await (await confirmed).json();
  await page.waitForSelector('#sessions li', { timeout: 10_000 });
  return { context, page, answer, listed: await listed };
}

const signedInView = (page) => page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
const signedOutView = (page) => page.waitForSelector('#restart:not([hidden])', { timeout: 10_000 });

test('the refresh token is only in an HttpOnly __Host- cookie, never in the page', async () => {
  const { context, page, answer } = await signedInContext();
  assert.equal(answer.session.refreshToken, undefined, 'no refresh token in the JSON');
  assert.ok(answer.session.accessToken);
  const [cookie, ...others] = await cookiesOf(context);
  assert.equal(others.length, 0);
  assert.equal(cookie.name, '__Host-tgauth_refresh');
  assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual([cookie.path, cookie.secure, cookie.httpOnly, cookie.sameSite],
                   ['/', true, true, 'Strict']);
  assert.ok(cookie.expires * 1000 > Date.now() + 29 * 24 * 3600 * 1000, 'kept for 30 days');
  assert.equal(await page.evaluate(() => document.cookie), '');
  await context.close();
});

test('a reload and a second tab stay signed in with the same session', async () => {
  const { context, page, listed } = await signedInContext();
  assert.equal(listed.count, 1);
  const newSessions = [];
  context.on('response', async (response) => {
    if (path(response).startsWith('/v1/logins')) newSessions.push(path(response));
  });

  const afterReload = nextSessionList(page);
  await page.reload();
  await signedInView(page);
  assert.deepEqual(await afterReload, listed, 'same session, no new one');
  assert.ok(await page.isHidden('#code'), 'no QR code: no new scan');

  const second = await context.newPage();
  const inSecond = nextSessionList(second);
  await second.goto(`${gatewayUrl}/`);
  await signedInView(second);
  assert.deepEqual(await inSecond, listed);
  assert.equal(await second.textContent('#user-name'), await page.textContent('#user-name'));
  assert.deepEqual(newSessions, [], 'neither page created a login');
  await context.close();
});

test('the login link page restores the session after a reload too', async () => {
  const { context } = await signedInContext();
  const page = await context.newPage();
  await page.goto(`${gatewayUrl}/auth/telegram/callback`);
  await signedInView(page);
  assert.ok(await page.isHidden('#restart'));
  await context.close();
});

test('without a session cookie the page shows the login as before', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = page.waitForResponse((r) => isRefresh(r.request()));
  await page.goto(`${gatewayUrl}/`);
  assert.equal((await refused).status(), 401);
  await page.waitForSelector('#code:not([hidden])');
  assert.ok(await page.isHidden('#signed-in'));
  await context.close();
});

test('two tabs due for refresh at once rotate once and both stay signed in', async () => {
  const context = await browser.newContext();
  await context.clock.install();
  const page = await context.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  await scan(await page.inputValue('#link'), [`--telegram_id=${Date.now() % 1e9}`]);
  await page.waitForSelector('#sessions li', { timeout: 10_000 });
  const second = await context.newPage();
  await second.goto(`${gatewayUrl}/`);
  await signedInView(second);

  const refreshes = [];
  context.on('request', (request) => { if (isRefresh(request)) refreshes.push(request); });
  // Past the access token's refresh time (15 min tokens refresh at 14 min)
  // in both tabs at once.
  await context.clock.fastForward('14:30');
  await waitFor(async () => refreshes.length > 0 && (await refreshes[0].response()), 'a refresh');
  assert.equal((await refreshes[0].response()).status(), 200);
  // Both tabs go on checking their sessions, signed in.
  const [first, other] = await Promise.all([nextSessionList(page), nextSessionList(second)]);
  assert.equal(refreshes.length, 1, 'exactly one rotation');
  assert.equal(first.current, other.current);
  assert.ok(await page.isVisible('#signed-in'));
  assert.ok(await second.isVisible('#signed-in'));
  await context.close();
});

test('a logout in one tab signs the other tabs out', async () => {
  const { context, page } = await signedInContext();
  const second = await context.newPage();
  await second.goto(`${gatewayUrl}/`);
  await signedInView(second);

  await page.click('#logout');
  await signedOutView(page);
  await signedOutView(second);
  assert.equal(await second.textContent('#status'), await page.textContent('#status'));
  assert.ok(await second.isHidden('#signed-in'));
  assert.deepEqual(await cookiesOf(context), [], 'the cookie is gone');

  const third = await context.newPage();
  await third.goto(`${gatewayUrl}/`);
  await third.waitForSelector('#code:not([hidden])');
  await context.close();
});

test('a cookie refresh without the header or from another origin is refused', async () => {
  const { context, page } = await signedInContext();
  const [cookie] = await cookiesOf(context);
  const refresh = (headers) => fetch(`${gatewayUrl}/v1/sessions:refresh`, {
    method: 'POST',
    headers: { Cookie: `${cookie.name}=${cookie.value}`, 'Content-Type': 'application/json',
               ...headers },
    body: '{}',
  });
  const cases = [
    [{ Origin: gatewayUrl },
     'the session cookie is used only with the header X-TGAuth-Session: cookie'],
    [{ Origin: 'https://evil.example', 'X-TGAuth-Session': 'cookie' },
     'the session cookie is usable only from this site or an origin in --cors_allowed_origins'],
    [{ 'X-TGAuth-Session': 'cookie' }, 'the session cookie needs an Origin header'],
  ];
  for (const [headers, message] of cases) {
    const response = await refresh(headers);
    assert.equal(response.status, 403, message);
    assert.match(response.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await response.json(), { code: 7, message });
    assert.equal(response.headers.get('set-cookie'), null);
  }
  // From the page itself, a request without the header is refused too.
  assert.equal(await page.evaluate(async () => (await fetch('/v1/sessions:refresh', {
    method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' },
  })).status), 403);

  // Nothing changed: the cookie still works from this site.
  const ok = await refresh({ Origin: gatewayUrl, 'X-TGAuth-Session': 'cookie' });
  assert.equal(ok.status, 200);
  await context.close();
});
