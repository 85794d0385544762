// OpenID Connect RP-Initiated Logout 1.0 and Back-Channel Logout 1.0 with
// openid-client: the app builds its logout URL from discovery
// (buildEndSessionUrl), the browser follows it to tgauth and back to the
// app's post_logout_redirect_uri with its state; the app's back-channel URI
// receives a logout token for the session, signed with a key of the JWKS;
// the app's refresh token no longer works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import * as client from 'openid-client';
import { waitFor } from './tgauth_stack.mjs';
import {
  oidc, useOidcStack, shopConfig, shopSignIn, authorization, signIn, shopLogoutPosts,
} from './oidc_stack.mjs';

useOidcStack();

// The claims of compact JWS `token` once its ES256 signature checks out
// against a key of tgauth's JWKS (node:crypto does the verifying).
async function verifiedClaims(token) {
  const [header, payload, signature] = token.split('.');
  const { kid, alg, typ } = JSON.parse(Buffer.from(header, 'base64url'));
  assert.equal(alg, 'ES256');
  assert.equal(typ, 'logout+jwt');
  const { keys } = await (await fetch(`${oidc.gatewayUrl}/.well-known/jwks.json`)).json();
  const jwk = keys.find((k) => k.kid === kid);
  assert.ok(jwk, `no key ${kid} in the JWKS`);
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`),
                       { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
                       Buffer.from(signature, 'base64url'));
  assert.ok(valid, 'the logout token signature does not verify');
  return JSON.parse(Buffer.from(payload, 'base64url'));
}

test('the app logs the person out through tgauth and hears of it on its back channel', async () => {
  const config = await shopConfig();
  assert.equal(config.serverMetadata().end_session_endpoint, `${oidc.gatewayUrl}/oauth2/logout`);
  assert.equal(config.serverMetadata().backchannel_logout_supported, true);
  assert.equal(config.serverMetadata().backchannel_logout_session_supported, true);
  const context = await oidc.browser.newContext();
  const page = await context.newPage();
  const tokens = await shopSignIn(config, page);
  const { sid, sub } = tokens.claims();
  const postsBefore = shopLogoutPosts().length;

  const state = client.randomState();
  const logoutUrl = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token,
    post_logout_redirect_uri: `${oidc.callbackBase}/shop/signed-out`,
    state,
  });
  await page.goto(logoutUrl.href);
  const landed = new URL(page.url());
  assert.equal(`${landed.origin}${landed.pathname}`, `${oidc.callbackBase}/shop/signed-out`);
  assert.equal(landed.searchParams.get('state'), state);

  // Back-Channel Logout 1.0 section 2.5: a form POST with logout_token.
  await waitFor(async () => shopLogoutPosts().length > postsBefore, 'the back-channel logout');
  const post = shopLogoutPosts()[postsBefore];
  assert.equal(post.contentType, 'application/x-www-form-urlencoded');
  const claims = await verifiedClaims(new URLSearchParams(post.body).get('logout_token'));
  assert.equal(claims.iss, oidc.gatewayUrl);
  assert.equal(claims.aud, 'shop');
  assert.equal(claims.sub, sub);
  assert.equal(claims.sid, sid);
  assert.deepEqual(claims.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });
  assert.equal(claims.nonce, undefined);
  assert.ok(claims.jti);
  assert.ok(claims.exp > claims.iat);

  // The app's session is over: its refresh token is refused, by the token
  // endpoint and by tgauth's own refresh route alike.
  await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token),
                       (error) => error.error === 'invalid_grant');
  const refreshed = await fetch(`${oidc.gatewayUrl}/v1/sessions:refresh`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: tokens.refresh_token }),
  });
  assert.ok(refreshed.status >= 400 && refreshed.status < 500, `refresh answered ${refreshed.status}`);
  const me = await fetch(`${oidc.gatewayUrl}/oauth2/userinfo`,
                         { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(me.status, 401);

  // Only the app's session ended: the person's own sign-in with tgauth on
  // this browser grants the app's next request without a scan.
  const next = await authorization(config);
  const again = await signIn(page, next.url);
  assert.ok(again.searchParams.get('code'));
  await context.close();
});

test('a logout request tgauth cannot vouch for is answered at tgauth, never redirected', async () => {
  const config = await shopConfig();
  const context = await oidc.browser.newContext();
  const tokens = await shopSignIn(config, await context.newPage());
  for (const parameters of [
    { post_logout_redirect_uri: `${oidc.callbackBase}/shop/signed-out` },  // No id_token_hint.
    { id_token_hint: tokens.id_token, post_logout_redirect_uri: 'https://evil.example/' },
    { id_token_hint: tokens.id_token, client_id: 'spa' },
  ]) {
    const response = await fetch(client.buildEndSessionUrl(config, parameters),
                                 { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.equal((await response.json()).error, 'invalid_request');
  }
  // Nothing ended: the app's access token still works.
  const me = await fetch(`${oidc.gatewayUrl}/oauth2/userinfo`,
                         { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(me.status, 200);
  await context.close();
});
