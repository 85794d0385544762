// tgauth as an OpenID Provider, driven by clients nobody on this project
// wrote: openid-client (a confidential client) and oauth4webapi (a public
// one), each configured with nothing but the issuer URL, a client id and a
// redirect URI. The person signs in on tgauth's page in Chromium with the
// simulated scan and Confirm; the client's redirect URI is a local server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { oidc, useOidcStack, shopConfig, authorization, signIn } from './oidc_stack.mjs';

useOidcStack();

test('openid-client signs a person in by QR code, then again without a scan', async () => {
  const config = await shopConfig();
  assert.equal(config.serverMetadata().issuer, oidc.gatewayUrl);
  const context = await oidc.browser.newContext();
  const page = await context.newPage();

  const first = await authorization(config);
  const landed = await signIn(page, first.url);
  const tokens = await client.authorizationCodeGrant(config, landed, {
    pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce,
  });
  const claims = tokens.claims();
  assert.equal(claims.aud, 'shop');
  assert.equal(claims.name, 'Ada Lovelace');
  assert.equal(claims.preferred_username, 'ada_l');
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  assert.ok(tokens.refresh_token);
  assert.equal(tokens.scope, 'openid profile');
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  assert.equal(info.name, 'Ada Lovelace');
  assert.equal(info.telegram_id, claims.telegram_id);

  // The browser is signed in to tgauth now: the next request is granted
  // at once, attesting the same sign-in (auth_time), in a new session.
  const second = await authorization(config);
  const again = await client.authorizationCodeGrant(config, await signIn(page, second.url), {
    pkceCodeVerifier: second.verifier, expectedState: second.state, expectedNonce: second.nonce,
  });
  assert.equal(again.claims().sub, claims.sub);
  assert.equal(again.claims().auth_time, claims.auth_time);
  assert.notEqual(again.claims().sid, claims.sid);

  // A used code is refused, and the session it bought ends.
  await assert.rejects(
    client.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce,
    }),
    (error) => error.error === 'invalid_grant');
  const me = await fetch(`${oidc.gatewayUrl}/oauth2/userinfo`,
                         { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(me.status, 401);
  await context.close();
});

test('prompt=none without a tgauth session answers login_required', async () => {
  const config = await shopConfig();
  const context = await oidc.browser.newContext();
  const page = await context.newPage();
  const request = await authorization(config, { prompt: 'none' });
  const landed = await signIn(page, request.url);
  assert.equal(landed.searchParams.get('error'), 'login_required');
  assert.equal(landed.searchParams.get('state'), request.state);
  assert.equal(landed.searchParams.get('iss'), oidc.gatewayUrl);
  await context.close();
});

test('cancelling on the sign-in page answers access_denied', async () => {
  const config = await shopConfig();
  const context = await oidc.browser.newContext();
  const page = await context.newPage();
  const request = await authorization(config);
  await page.goto(request.url.href);
  await page.waitForSelector('#code:not([hidden])');
  await page.click('#cancel');
  await page.waitForURL((at) => at.href.startsWith(oidc.callbackBase));
  assert.equal(new URL(page.url()).searchParams.get('error'), 'access_denied');
  await context.close();
});

test('a wrong PKCE verifier is invalid_grant', async () => {
  const config = await shopConfig();
  const context = await oidc.browser.newContext();
  const request = await authorization(config);
  const landed = await signIn(await context.newPage(), request.url);
  await assert.rejects(
    client.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: request.state,
      expectedNonce: request.nonce,
    }),
    (error) => error.error === 'invalid_grant');
  await context.close();
});

test('a code issued to one app is invalid_grant for another, and is spent', async () => {
  const config = await shopConfig();
  const context = await oidc.browser.newContext();
  const request = await authorization(config);
  const landed = await signIn(await context.newPage(), request.url);
  const response = await fetch(`${oidc.gatewayUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: 'spa', code: landed.searchParams.get('code'),
      redirect_uri: request.redirect_uri, code_verifier: request.verifier,
    }),
  });
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error, 'invalid_grant');
  // The thief's attempt used the code up: the app itself cannot redeem it now.
  await assert.rejects(
    client.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: request.verifier, expectedState: request.state,
      expectedNonce: request.nonce,
    }),
    (error) => error.error === 'invalid_grant');
  await context.close();
});

test('an unregistered redirect URI is never redirected to', async () => {
  const config = await shopConfig();
  const request = await authorization(config, { redirect_uri: 'https://evil.example/callback' });
  const response = await fetch(request.url, { redirect: 'manual' });
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('location'), null);
  assert.equal((await response.json()).error, 'invalid_request');
});

test('oauth4webapi signs a person in as a public client', async () => {
  const issuer = new URL(oidc.gatewayUrl);
  const as = await oauth.processDiscoveryResponse(
      issuer, await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true }));
  const spa = { client_id: 'spa' };
  const redirectUri = `${oidc.callbackBase}/spa/callback`;
  const verifier = oauth.generateRandomCodeVerifier();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: 'spa', redirect_uri: redirectUri, response_type: 'code', scope: 'openid', nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const context = await oidc.browser.newContext();
  const landed = await signIn(await context.newPage(), url,
                              { scanWith: ['--telegram_id=100000077', '--first_name=Grace'] });
  const parameters = oauth.validateAuthResponse(as, spa, landed);
  const response = await oauth.authorizationCodeGrantRequest(
      as, spa, oauth.None(), parameters, redirectUri, verifier,
      { [oauth.allowInsecureRequests]: true });
  const result = await oauth.processAuthorizationCodeResponse(as, spa, response,
                                                              { expectedNonce: nonce });
  const claims = oauth.getValidatedIdTokenClaims(result);
  assert.equal(claims.aud, 'spa');
  assert.equal(claims.name, undefined);  // No `profile` scope.
  assert.ok(result.refresh_token);

  // The app signs the person out: RFC 7009 revocation ends the session.
  const revoked = await oauth.revocationRequest(as, spa, oauth.None(), result.refresh_token,
                                                { [oauth.allowInsecureRequests]: true });
  await oauth.processRevocationResponse(revoked);
  const me = await fetch(`${oidc.gatewayUrl}/oauth2/userinfo`,
                         { headers: { Authorization: `Bearer ${result.access_token}` } });
  assert.equal(me.status, 401);
  await context.close();
});
