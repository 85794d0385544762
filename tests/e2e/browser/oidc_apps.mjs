// What the OpenID Connect browser tests share: the apps that sign people in
// through tgauth, registered from the server's configuration, and the steps
// an app and the person take. The apps' redirect URIs are one local server,
// which answers "back at the app" and keeps what tgauth POSTs to the shop's
// back-channel logout URI.
//
// Use: before(async () => ({ gatewayUrl, browser, callbackBase } = await startOidcStack()));
//      after(stopOidcStack);
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { startStack, stopStack, scan } from './tgauth_stack.mjs';

export const SECRET = 'shop-secret-0123456789-0123456789-0123456789';
let gatewayUrl;
let callbackBase;
let callbackServer;
// The bodies of the POSTs to the shop's back-channel logout URI, in order.
const logoutPosts = [];

export async function startOidcStack() {
  callbackServer = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/shop/backchannel-logout') {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        logoutPosts.push({ contentType: request.headers['content-type'], body });
        response.writeHead(200).end();
      });
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('back at the app');
  });
  await new Promise((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackBase = `http://127.0.0.1:${callbackServer.address().port}`;
  const clientsFile = path.join(mkdtempSync(path.join(tmpdir(), 'tgauth-oidc-')), 'clients.json');
  writeFileSync(clientsFile, JSON.stringify({
    clients: [
      { clientId: 'shop', name: 'Shop', clientSecret: SECRET,
        redirectUris: [`${callbackBase}/shop/callback`],
        postLogoutRedirectUris: [`${callbackBase}/shop/signed-out`],
        backchannelLogoutUri: `${callbackBase}/shop/backchannel-logout` },
      { clientId: 'spa', name: 'Spa', redirectUris: [`${callbackBase}/spa/callback`],
        allowedScopes: ['openid'] },
    ],
  }), { mode: 0o600 });
  let browser;
  ({ gatewayUrl, browser } = await startStack({ serverArgs: [`--oauth_clients_file=${clientsFile}`] }));
  return { gatewayUrl, browser, callbackBase };
}

export async function stopOidcStack() {
  await stopStack();
  callbackServer?.close();
}

// The back-channel logout POSTs the shop received so far.
export function shopLogoutPosts() {
  return [...logoutPosts];
}

// openid-client's view of tgauth: discovery from the issuer URL alone.
export async function shopConfig() {
  return client.discovery(new URL(gatewayUrl), 'shop', SECRET, client.ClientSecretBasic(SECRET),
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

// The shop's tokens for a person who signs in in `page` (a scan if needed).
export async function shopSignIn(config, page) {
  const request = await authorization(config);
  const landed = await signIn(page, request.url);
  return client.authorizationCodeGrant(config, landed, {
    pkceCodeVerifier: request.verifier, expectedState: request.state,
    expectedNonce: request.nonce,
  });
}
