// The login page as a person uses it: open it in Chromium, see the QR code,
// copy the link, "scan" it with scripts/simulate-scan, and watch the page
// sign in. Real tgauth-server and tgauth-gateway on free ports, against the
// PostgreSQL and Redis that scripts/test started (TGAUTH_TEST_* variables).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const buildDir = process.env.TGAUTH_BUILD_DIR ?? path.join(root, 'build');
const children = [];
let gatewayUrl;
let secret;
let browser;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(binary, args, env = {}) {
  const child = spawn(path.join(buildDir, binary), args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return child;
}

async function waitFor(check, what) {
  for (let i = 0; i < 200; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));  // Another process starting up.
  }
  throw new Error(`${what} did not happen within 10 s`);
}

before(async () => {
  for (const name of ['TGAUTH_TEST_DATABASE_URL', 'TGAUTH_TEST_REDIS_URL']) {
    assert.ok(process.env[name], `${name} is unset: run scripts/test`);
  }
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  secret = randomBytes(32).toString('hex');
  gatewayUrl = `http://127.0.0.1:${httpPort}`;
  start('tgauth-server', [
    `--grpc_address=127.0.0.1:${grpcPort}`,
    `--database_url=${process.env.TGAUTH_TEST_DATABASE_URL}`,
    `--redis_url=${process.env.TGAUTH_TEST_REDIS_URL}`,
    `--redis_key_prefix=browser-${secret.slice(0, 8)}:`,
    '--bot_username=tgauth_browser_bot',
    `--site_url=${gatewayUrl}`,
  ], { TGAUTH_WEBHOOK_SECRET: secret });
  start('tgauth-gateway', [
    `--listen_address=127.0.0.1:${httpPort}`,
    `--server_address=127.0.0.1:${grpcPort}`,
  ], { TGAUTH_WEBHOOK_SECRET: secret });
  await waitFor(async () => (await fetch(`${gatewayUrl}/readyz`)).ok, 'gateway ready');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill('SIGTERM');
});

test('a scan of the link shown on the page signs the page in', async () => {
  const page = await browser.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  assert.match(await page.getAttribute('#qr', 'src'), /^data:image\/svg\+xml/);
  const link = await page.inputValue('#link');
  assert.match(link, /^https:\/\/t\.me\/tgauth_browser_bot\?start=[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.getAttribute('#open', 'href'), link);

  const { stdout } = await promisify(execFile)(
      path.join(buildDir, 'tgauth-simulate-scan'),
      [`--link=${link}`, `--gateway_url=${gatewayUrl}`, '--first_name=Grace',
       '--last_name=Hopper', '--username=grace_h', `--telegram_id=${Date.now() % 1e9}`],
      { env: { ...process.env, TGAUTH_WEBHOOK_SECRET: secret } });
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
  const scan = () => promisify(execFile)(
      path.join(buildDir, 'tgauth-simulate-scan'), [`--link=${link}`, `--gateway_url=${gatewayUrl}`],
      { env: { ...process.env, TGAUTH_WEBHOOK_SECRET: secret } });
  await scan();
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
  const { stdout } = await scan();
  assert.match(stdout, /You already confirmed this sign-in/);
  assert.ok(await page.isVisible('#signed-in'), 'the page stays signed in');
});

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
  let lost = false;
  await page.route((url) => url.pathname.startsWith('/v1/logins/'), (route) => {
    if (lost) return route.continue();
    lost = true;
    return route.fulfill({
      status: 404, contentType: 'application/json',
      body: JSON.stringify({ code: 5, message: 'unknown login' }),
    });
  });
  await page.goto(`${gatewayUrl}/`);
  await waitFor(async () => links.length === 2, 'a second login');
  const link = links[1];
  await page.waitForFunction((renewed) => document.querySelector('#link').value === renewed, link);
  assert.ok(await page.isVisible('#code'));
  assert.doesNotMatch(await page.textContent('#status'), /expired/);

  await promisify(execFile)(
      path.join(buildDir, 'tgauth-simulate-scan'), [`--link=${link}`, `--gateway_url=${gatewayUrl}`],
      { env: { ...process.env, TGAUTH_WEBHOOK_SECRET: secret } });
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 10_000 });
});

// A login link the bot hands out for `/start web_auth`, asked for through
// the webhook as Telegram would.
async function loginLinkFromTheBot(from) {
  const response = await fetch(`${gatewayUrl}/telegram/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
    body: JSON.stringify({
      update_id: Date.now() % 1e9,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), text: '/start web_auth',
                 chat: { id: from.id, type: 'private' }, from },
    }),
  });
  assert.equal(response.status, 200);
  const reply = await response.json();
  const url = reply.reply_markup.inline_keyboard[0][0].url;
  assert.match(url, /\/auth\/telegram\/callback\?token=[A-Za-z0-9_-]{43}$/);
  return url;
}

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
