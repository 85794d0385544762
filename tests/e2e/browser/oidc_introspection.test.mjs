// Token introspection (RFC 7662) as a stock client does it: openid-client's
// tokenIntrospection, as the confidential client "shop", on a real stack.
// "shop" sees its own live tokens active and, once the app revoked them
// (RFC 7009), inactive at once; another confidential client sees them
// inactive unless it may introspect any token; a public client is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { oidc, useOidcStack, shopConfig, clientConfig, shopSignIn } from './oidc_stack.mjs';

const OTHER_SECRET = 'other-secret-0123456789-0123456789-012345678';
const AUDIT_SECRET = 'audit-secret-0123456789-0123456789-012345678';
useOidcStack({
  extraClients: (redirect) => [
    { clientId: 'other', name: 'Other', clientSecret: OTHER_SECRET, redirectUris: [redirect('other')] },
    { clientId: 'audit', name: 'Audit', clientSecret: AUDIT_SECRET, redirectUris: [redirect('audit')],
      mayIntrospectAny: true },
  ],
});

// RFC 7662 section 2.2: an inactive token is told apart by nothing else.
function assertInactive(introspection) {
  assert.equal(introspection.active, false);
  assert.deepEqual(Object.keys(introspection), ['active']);
}

test('discovery lists the introspection endpoint for confidential clients', async () => {
  const metadata = (await shopConfig()).serverMetadata();
  assert.equal(metadata.introspection_endpoint, `${oidc.gatewayUrl}/oauth2/introspect`);
  assert.deepEqual(metadata.introspection_endpoint_auth_methods_supported,
                   ['client_secret_basic', 'client_secret_post']);
});

test('a live token is active for its client, and inactive once revoked', async () => {
  const shop = await shopConfig();
  const tokens = await shopSignIn(shop);
  const claims = tokens.claims();

  const access = await client.tokenIntrospection(shop, tokens.access_token);
  assert.equal(access.active, true);
  assert.equal(access.token_type, 'Bearer');
  assert.equal(access.client_id, 'shop');
  assert.equal(access.scope, 'openid profile');
  assert.equal(access.sub, claims.sub);
  assert.equal(access.sid, claims.sid);
  assert.equal(access.iss, oidc.gatewayUrl);
  assert.equal(access.username, 'ada_l');
  assert.ok(access.exp > Date.now() / 1000 && access.iat <= access.exp);

  const refresh = await client.tokenIntrospection(shop, tokens.refresh_token,
                                                  { token_type_hint: 'refresh_token' });
  assert.equal(refresh.active, true);
  assert.equal(refresh.token_type, undefined);
  assert.equal(refresh.sid, claims.sid);

  await client.tokenRevocation(shop, tokens.refresh_token);
  for (const token of [tokens.access_token, tokens.refresh_token]) {
    assertInactive(await client.tokenIntrospection(shop, token));
  }
});

test('another client sees a token only if it may introspect any', async () => {
  const tokens = await shopSignIn(await shopConfig());
  const other = await client.tokenIntrospection(await clientConfig('other', OTHER_SECRET),
                                                tokens.access_token);
  assertInactive(other);
  const audit = await client.tokenIntrospection(await clientConfig('audit', AUDIT_SECRET),
                                                tokens.access_token);
  assert.equal(audit.active, true);
  assert.equal(audit.client_id, 'shop');
});

test('garbage is inactive, and a public client may not introspect', async () => {
  const shop = await shopConfig();
  assertInactive(await client.tokenIntrospection(shop, 'not-a-token'));
  const response = await fetch(`${oidc.gatewayUrl}/oauth2/introspect`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'spa', token: 'not-a-token' }),
  });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal((await response.json()).error, 'invalid_client');
});
