// What the OpenID Provider tests share: tgauth started with registered
// OAuth clients ("shop", confidential; "spa", public; plus any a test
// adds), their redirect URIs served by a local app that only answers
// "back at the app", and the steps openid-client takes as "shop": discovery
// from the issuer URL alone, an authorization URL with fresh PKCE, and the
// person signing in on tgauth's page in Chromium with the simulated scan.
//
// Use: before(async () => ({ gatewayUrl, browser, callbackBase } = await startProvider()));
//      after(stopProvider);
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { startStack, stopStack, scan } from './tgauth_stack.mjs';

export const SHOP_SECRET = 'shop-secret-0123456789-0123456789-0123456789';
let gatewayUrl;
let callbackBase;
let callbackServer;

// Starts the app and tgauth with "shop", "spa" and `clients` (entries of
// --oauth_clients_file, proto/tgauth/v1/oauth.proto's ConfiguredOAuthClient;
// `redirect(name)` gives a redirect URI at the app).
export async function startProvider(clients = () => []) {
  callbackServer = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('back at the app');
  });
  await new Promise((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackBase = `http://127.0.0.1:${callbackServer.address().port}`;
  const redirect = (name) => `${callbackBase}/${name}/callback`;
  const clientsFile = path.join(mkdtempSync(path.join(tmpdir(), 'tgauth-oidc-')), 'clients.json');
  writeFileSync(clientsFile, JSON.stringify({
    clients: [
      { clientId: 'shop', name: 'Shop', clientSecret: SHOP_SECRET, redirectUris: [redirect('shop')] },
      { clientId: 'spa', name: 'Spa', redirectUris: [redirect('spa')], allowedScopes: ['openid'] },
      ...clients(redirect),
    ],
  }), { mode: 0o600 });
  let browser;
  ({ gatewayUrl, browser } = await startStack({ serverArgs: [`--oauth_clients_file=${clientsFile}`] }));
  return { gatewayUrl, browser, callbackBase };
}

export async function stopProvider() {
  await stopStack();
  callbackServer?.close();
}

// openid-client's view of tgauth as confidential client `id` with `secret`:
// discovery from the issuer URL alone.
export async function clientConfig(id = 'shop', secret = SHOP_SECRET) {
  return client.discovery(new URL(gatewayUrl), id, secret, client.ClientSecretBasic(secret),
                          { execute: [client.allowInsecureRequests] });
}

// An authorization URL of `config` with fresh PKCE, state and nonce.
export async function authorization(config, extra = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const request = {
    redirect_uri: `${callbackBase}/shop/callback`,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: client.randomState(),
    nonce: client.randomNonce(),
    ...extra,
  };
  return { url: client.buildAuthorizationUrl(config, request), verifier, ...request };
}

// Opens `url` in `page`, signs in with a scan when the page shows a code,
// and answers the URL the browser lands on at the app.
export async function signIn(page, url, { scanWith = [] } = {}) {
  await page.goto(url.href);
  const back = page.waitForURL((at) => at.href.startsWith(callbackBase), { timeout: 15_000 });
  const code = page.waitForSelector('#code:not([hidden])', { timeout: 15_000 }).then(() => 'code');
  if (await Promise.race([back.then(() => 'back'), code]) === 'code') {
    assert.match(await page.textContent('#heading'), /Shop|Spa/);
    await scan(await page.inputValue('#link'), scanWith);
  }
  await back;
  return new URL(page.url());
}

// The tokens "shop" (`config`) gets for a new sign-in in `browser`.
export async function shopTokens(browser, config) {
  const context = await browser.newContext();
  const request = await authorization(config);
  const landed = await signIn(await context.newPage(), request.url);
  const tokens = await client.authorizationCodeGrant(config, landed, {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  await context.close();
  return tokens;
}
