// What the OpenID Provider tests share: tgauth started with two registered
// apps ("shop", confidential; "spa", public, `openid` only) whose redirect
// URIs are a local server, openid-client's view of "shop", and a sign-in
// on tgauth's page in Chromium with the simulated scan and Confirm. The
// local server also keeps what tgauth POSTs to the shop's back-channel
// logout URI.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { startStack, stopStack, scan } from './tgauth_stack.mjs';

export const SECRET = 'shop-secret-0123456789-0123456789-0123456789';

// Filled in before the file's first test: { gatewayUrl, browser, callbackBase }.
export const oidc = {};
// The bodies of the POSTs to the shop's back-channel logout URI, in order.
const logoutPosts = [];

// The back-channel logout POSTs the shop received so far.
export function shopLogoutPosts() {
  return [...logoutPosts];
}

// Registers the hooks that start the stack before the calling file's tests
// and stop it after them; `serverArgs` are added to the server's flags, and
// `extraClients(redirect)` answers more apps to register, where
// redirect(name) is a redirect URI on the local server.
export function useOidcStack({ serverArgs = [], extraClients = () => [] } = {}) {
  let callbackServer;
  before(async () => {
    // The apps' redirect URIs: a server that only answers "signed in".
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
    oidc.callbackBase = `http://127.0.0.1:${callbackServer.address().port}`;
    const clientsFile = path.join(mkdtempSync(path.join(tmpdir(), 'tgauth-oidc-')), 'clients.json');
    writeFileSync(clientsFile, JSON.stringify({
      clients: [
        { clientId: 'shop', name: 'Shop', clientSecret: SECRET,
          redirectUris: [`${oidc.callbackBase}/shop/callback`],
          postLogoutRedirectUris: [`${oidc.callbackBase}/shop/signed-out`],
          backchannelLogoutUri: `${oidc.callbackBase}/shop/backchannel-logout` },
        { clientId: 'spa', name: 'Spa', redirectUris: [`${oidc.callbackBase}/spa/callback`],
          allowedScopes: ['openid'] },
        ...extraClients((name) => `${oidc.callbackBase}/${name}/callback`),
      ],
    }), { mode: 0o600 });
    Object.assign(oidc, await startStack({
      serverArgs: [`--oauth_clients_file=${clientsFile}`, ...serverArgs],
    }));
  });
  after(async () => {
    await stopStack();
    callbackServer?.close();
  });
}

// openid-client's view of tgauth: discovery from the issuer URL alone.
export async function shopConfig() {
  return clientConfig('shop', SECRET);
}

// openid-client's view of tgauth for the confidential app `id`.
export async function clientConfig(id, secret) {
  return client.discovery(new URL(oidc.gatewayUrl), id, secret, client.ClientSecretBasic(secret),
                          { execute: [client.allowInsecureRequests] });
}

// An authorization URL of `config` with fresh PKCE, state and nonce.
export async function authorization(config, extra = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const request = {
    redirect_uri: `${oidc.callbackBase}/shop/callback`,
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
  const back = page.waitForURL((at) => at.href.startsWith(oidc.callbackBase), { timeout: 15_000 });
  const code = page.waitForSelector('#code:not([hidden])', { timeout: 15_000 }).then(() => 'code');
  if (await Promise.race([back.then(() => 'back'), code]) === 'code') {
    const app = (await page.textContent('#heading')).match(/Shop|Spa/)?.[0];
    assert.ok(app, 'the page names the app');
    // The bot names the app too, and where the person signs in to it.
    const said = await scan(await page.inputValue('#link'), scanWith);
    assert.match(said, new RegExp(`Sign in to ${app} through ${oidc.gatewayUrl}`));
  }
  await back;
  return new URL(page.url());
}

// The tokens of "shop" for a person who signs in by QR code in `page`, or
// in a new browser context (closed afterwards).
export async function shopSignIn(config, page = undefined) {
  const context = page ? null : await oidc.browser.newContext();
  try {
    const request = await authorization(config);
    const landed = await signIn(page ?? await context.newPage(), request.url);
    return await client.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: request.verifier, expectedState: request.state,
      expectedNonce: request.nonce,
    });
  } finally {
    await context?.close();
  }
}
