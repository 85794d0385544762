// The signed-in (account) page after a QR sign-in: the way on to the site
// the person came from (return_to, checked against --return_to_origins) and
// their subscription.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, signedInPage, startStack, stopStack } from './tgauth_stack.mjs';

let browser;

before(async () => {
  ({ browser } = await startStack({
    gatewayArgs: ['--return_to_origins=https://app.example, http://localhost:3000'],
  }));
});
after(stopStack);

// `bypassCSP` for the pages axe-core checks (its script runs inline).
const signedInAt = async (path, user, { bypassCSP = false } = {}) => signedInPage(
    [`--first_name=${user}`, `--telegram_id=${6e9 + (Date.now() % 1e8)}`],
    await browser.newPage({ bypassCSP }), path);

test('after sign-in the page offers the way back to an allowed return_to', async () => {
  const page = await signedInAt('/?return_to=http://localhost:3000/welcome?tab=1', 'Ada',
                                { bypassCSP: true });
  const onward = page.locator('#continue-to');
  await onward.waitFor();
  assert.equal(await onward.textContent(), 'Continue to localhost:3000');
  assert.equal(await onward.getAttribute('href'), 'http://localhost:3000/welcome?tab=1');
  assert.ok(!(await page.getAttribute('#logout', 'class')).includes('primary'),
            'continuing is the main action, logging out is not');
  await assertAccessible(page, 'the account page with a way on');
});

test('a return_to whose origin is not allowed is ignored', async () => {
  for (const target of ['https://app.example.evil.example/', 'https://evil.example/?https://app.example',
                        'http://app.example/', 'data:text/html,hi']) {
    const page = await signedInAt(`/?return_to=${encodeURIComponent(target)}`, 'Eve');
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#continue-to').count(), 0, target);
    await page.close();
  }
});

test('the account page shows the subscription in force', async () => {
  const page = await browser.newPage();
  // The server's answer for a user with an invite code's tier in force.
  await page.route((url) => url.pathname.startsWith('/v1/logins/'), async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (body.user) {
      body.user.subscriptionTier = 'pro';
      body.user.subscriptionExpiresAt = '2027-01-15T12:00:00Z';
    }
    await route.fulfill({ response, json: body });
  });
  await signedInPage(['--first_name=Tier'], page);
  const text = await page.textContent('#subscription');
  assert.equal(text, `Subscription: pro, until ${await page.evaluate(
      () => new Date('2027-01-15T12:00:00Z').toLocaleDateString())}`);
});
