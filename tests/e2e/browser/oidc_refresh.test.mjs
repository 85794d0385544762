// The refresh_token grant and RFC 9068 access tokens, driven by clients
// nobody on this project wrote: openid-client refreshes a confidential
// app's session and validates the ID token it gets back (OpenID Connect
// Core 1.0 section 12.2); oauth4webapi checks the app's access token as a
// resource server would (RFC 9068 section 4) and plays the other, public
// app that must not use the first app's refresh token. The grace window is
// 0 s here, so reuse is detected as soon as a token is two rotations old.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { oidc, useOidcStack, shopConfig, shopSignIn } from './oidc_stack.mjs';

useOidcStack({ serverArgs: ['--refresh_token_grace_period=0s'] });

const insecure = { [oauth.allowInsecureRequests]: true };

function bearer(token) {
  return { headers: { Authorization: `Bearer ${token}` } };
}

// The JOSE header of a compact JWS.
function header(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
}

// "spa", the public app, presents `refreshToken` at the token endpoint.
async function refreshAsSpa(as, refreshToken) {
  const spa = { client_id: 'spa' };
  const response = await oauth.refreshTokenGrantRequest(as, spa, oauth.None(), refreshToken,
                                                        insecure);
  return oauth.processRefreshTokenResponse(as, spa, response);
}

test('openid-client refreshes: a new pair and an ID token about the same sign-in', async () => {
  const config = await shopConfig();
  assert.ok(config.serverMetadata().grant_types_supported.includes('refresh_token'));
  const tokens = await shopSignIn(config);
  const first = tokens.claims();

  // openid-client validates the new ID token (signature, iss, aud, exp, and
  // that sub did not change).
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  const claims = refreshed.claims();
  assert.equal(claims.sub, first.sub);
  assert.equal(claims.sid, first.sid);
  assert.equal(claims.auth_time, first.auth_time);
  assert.equal(claims.nonce, undefined);
  assert.equal(claims.name, 'Ada Lovelace');
  // Signed in by scanning the QR code and confirming in the Telegram app.
  assert.deepEqual(claims.amr, ['mca', 'user']);
  assert.deepEqual(first.amr, ['mca', 'user']);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
  assert.notEqual(refreshed.access_token, tokens.access_token);
  assert.equal(refreshed.scope, 'openid profile');

  // The app's access token, checked as a resource server would (RFC 9068).
  assert.equal(header(refreshed.access_token).typ, 'at+jwt');
  const as = config.serverMetadata();
  const request = new Request(`${oidc.gatewayUrl}/api/orders`, bearer(refreshed.access_token));
  const at = await oauth.validateJwtAccessToken(as, request, 'shop', insecure);
  assert.equal(at.aud, 'shop');
  assert.equal(at.client_id, 'shop');
  assert.equal(at.sub, first.sub);
  assert.equal(at.sid, first.sid);
  assert.equal(at.scope, 'openid profile');
  assert.equal(at.auth_time, first.auth_time);
  await assert.rejects(oauth.validateJwtAccessToken(as, request, 'spa', insecure));

  // UserInfo takes it; tgauth's own API does not (its audience is the app).
  const info = await client.fetchUserInfo(config, refreshed.access_token, claims.sub);
  assert.equal(info.name, 'Ada Lovelace');
  const me = await fetch(`${oidc.gatewayUrl}/v1/me`, bearer(refreshed.access_token));
  assert.equal(me.status, 401);
});

test('a refresh may narrow the scope, never widen it', async () => {
  const config = await shopConfig();
  const tokens = await shopSignIn(config);
  const narrowed = await client.refreshTokenGrant(config, tokens.refresh_token, { scope: 'openid' });
  assert.equal(narrowed.scope, 'openid');
  assert.equal(narrowed.claims().name, undefined);
  const info = await client.fetchUserInfo(config, narrowed.access_token, narrowed.claims().sub);
  assert.equal(info.name, undefined);
  await assert.rejects(
    client.refreshTokenGrant(config, narrowed.refresh_token, { scope: 'openid email' }),
    (error) => error.error === 'invalid_scope');
  // Refused before anything rotated, and the grant itself is unchanged.
  const full = await client.refreshTokenGrant(config, narrowed.refresh_token);
  assert.equal(full.scope, 'openid profile');
  assert.equal(full.claims().name, 'Ada Lovelace');
});

test("another app cannot use the refresh token, and the owner's still works", async () => {
  const config = await shopConfig();
  const tokens = await shopSignIn(config);
  await assert.rejects(refreshAsSpa(config.serverMetadata(), tokens.refresh_token),
                       (error) => error.error === 'invalid_grant');
  // Nothing rotated: this is not a reuse of a rotated token.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  assert.equal(refreshed.claims().sub, tokens.claims().sub);
  // tgauth's own refresh route does not rotate an app's token either.
  const own = await fetch(`${oidc.gatewayUrl}/v1/sessions:refresh`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshed.refresh_token }),
  });
  assert.equal(own.status, 401);
  await client.refreshTokenGrant(config, refreshed.refresh_token);
});

test('a refresh token used again after the grace window ends the session', async () => {
  const config = await shopConfig();
  const tokens = await shopSignIn(config);
  const second = await client.refreshTokenGrant(config, tokens.refresh_token);
  const third = await client.refreshTokenGrant(config, second.refresh_token);
  await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token),
                       (error) => error.error === 'invalid_grant');
  await assert.rejects(client.refreshTokenGrant(config, third.refresh_token),
                       (error) => error.error === 'invalid_grant');
  const info = await fetch(`${oidc.gatewayUrl}/oauth2/userinfo`, bearer(third.access_token));
  assert.equal(info.status, 401);
});
