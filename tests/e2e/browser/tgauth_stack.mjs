// What every browser test shares: a real tgauth-server and tgauth-gateway on
// free ports, against the PostgreSQL and Redis that scripts/test started
// (TGAUTH_TEST_* variables), a headless Chromium (Debian's, driven by
// playwright-core), and the steps a person takes: scanning a code with
// scripts/simulate-scan, asking the bot for a login link, and axe-core's
// WCAG 2.1 AA check of a page.
//
// Use: before(async () => ({ gatewayUrl, secret, browser } = await startStack()));
//      after(stopStack);
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const buildDir = process.env.TGAUTH_BUILD_DIR ?? path.join(root, 'build');
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const children = [];
let gatewayUrl;
let secret;
let browser;

// A random loopback port below the kernel's ephemeral range that is free
// now: a port from listen(0) goes back into that range when closed, where any
// outgoing connection may take it before the child binds it (see ClosedPort
// in tests/storage/test_env.cc).
const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);

async function freePort() {
  for (;;) {
    const port = 10000 + randomInt(Math.max(1, ephemeralLow - 10000));
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

function start(binary, args, env = {}) {
  const child = spawn(path.join(buildDir, binary), args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return child;
}

export async function waitFor(check, what) {
  for (let i = 0; i < 200; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));  // Another process starting up.
  }
  throw new Error(`${what} did not happen within 10 s`);
}

// Starts the server, the gateway and Chromium; `serverArgs` and
// `gatewayArgs` are added to each binary's flags. Answers
// { gatewayUrl, secret (the webhook secret), browser }.
export async function startStack({ serverArgs = [], gatewayArgs = [] } = {}) {
  for (const name of ['TGAUTH_TEST_DATABASE_URL', 'TGAUTH_TEST_REDIS_URL']) {
    assert.ok(process.env[name], `${name} is unset: run scripts/test`);
  }
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  secret = randomBytes(32).toString('hex');
  // The gateway relays each browser's address and User-Agent only to a
  // server that trusts it: the device list then names the browsers.
  const gatewayToken = path.join(mkdtempSync(path.join(tmpdir(), 'tgauth-browser-')), 'token');
  writeFileSync(gatewayToken, randomBytes(32).toString('hex'), { mode: 0o600 });
  gatewayUrl = `http://127.0.0.1:${httpPort}`;
  start('tgauth-server', [
    `--grpc_address=127.0.0.1:${grpcPort}`,
    `--database_url=${process.env.TGAUTH_TEST_DATABASE_URL}`,
    `--redis_url=${process.env.TGAUTH_TEST_REDIS_URL}`,
    `--redis_key_prefix=browser-${secret.slice(0, 8)}:`,
    '--bot_username=tgauth_browser_bot',
    `--site_url=${gatewayUrl}`,
    `--gateway_token_file=${gatewayToken}`,
    ...serverArgs,
  ], { TGAUTH_WEBHOOK_SECRET: secret });
  start('tgauth-gateway', [
    `--listen_address=127.0.0.1:${httpPort}`,
    `--server_address=127.0.0.1:${grpcPort}`,
    `--gateway_token_file=${gatewayToken}`,
    ...gatewayArgs,
  ], { TGAUTH_WEBHOOK_SECRET: secret });
  await waitFor(async () => (await fetch(`${gatewayUrl}/readyz`)).ok, 'gateway ready');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { gatewayUrl, secret, browser };
}

export async function stopStack() {
  await browser?.close();
  for (const child of children) child.kill('SIGTERM');
}

// Runs tgauth-simulate-scan for `link` with `args`; answers its stdout.
export async function scan(link, args = []) {
  const { stdout } = await promisify(execFile)(
      path.join(buildDir, 'tgauth-simulate-scan'),
      [`--link=${link}`, `--gateway_url=${gatewayUrl}`, ...args],
      { env: { ...process.env, TGAUTH_WEBHOOK_SECRET: secret } });
  return stdout;
}

// A new page (or `page`) signed in as the Telegram user `args` describe,
// through the login page at `path` (e.g. "/?return_to=...").
export async function signedInPage(args, page = undefined, path = '/') {
  page ??= await browser.newPage();
  await page.goto(`${gatewayUrl}${path}`);
  await page.waitForSelector('#code:not([hidden])');
  await scan(await page.inputValue('#link'), args);
  await page.waitForSelector('#sessions li', { timeout: 10_000 });
  return page;
}

// Fails with axe-core's findings (WCAG 2.1 A and AA rules) for the page as it is now.
export async function assertAccessible(page, state) {
  await page.addScriptTag({ path: axeScript });
  const { violations } = await page.evaluate(() => window.axe.run(document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
  }));
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
                   [], `axe-core on ${state}`);
}

// Where a test leaves files for people to look at (screenshots):
// <build>/browser-artifacts/<name>.
export function artifactPath(name) {
  const folder = path.join(buildDir, 'browser-artifacts');
  mkdirSync(folder, { recursive: true });
  return path.join(folder, name);
}

// WCAG 2.1 contrast ratio of two computed CSS colours "rgb(r, g, b)".
export function contrast(foreground, background) {
  const luminance = (css) => {
    const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

// A login link the bot hands out for `/start web_auth`, asked for through
// the webhook as Telegram would; `from` is a Bot API User.
export async function loginLinkFromTheBot(from) {
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
