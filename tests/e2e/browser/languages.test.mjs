// The pages in the browser's language: Russian for a ru-RU browser, English
// otherwise, a switch that is remembered, dates and times in the page's
// language and the browser's time zone, and axe-core on the Russian page.
// Texts are compared with the language files themselves (gateway/web/i18n/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import en from '../../../gateway/web/i18n/en.js';
import ru from '../../../gateway/web/i18n/ru.js';
import { assertAccessible, scan, signedInPage, startStack, stopStack, waitFor } from './tgauth_stack.mjs';

let gatewayUrl;
let browser;

before(async () => ({ gatewayUrl, browser } = await startStack()));
after(stopStack);

// A page in a browser context (another device) with `options`
// (playwright's locale, timezoneId...), showing the QR code. axe-core runs
// as an injected script, which the page's CSP would refuse.
async function loginPage(options) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  const page = await context.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.waitForSelector('#code:not([hidden])');
  return page;
}

const telegramId = (base) => `--telegram_id=${base + (Date.now() % 1e6)}`;

test('a ru-RU browser gets the page in Russian, an en-US one in English', async () => {
  for (const [locale, lang, text] of [['ru-RU', 'ru', ru], ['en-US', 'en', en]]) {
    const page = await loginPage({ locale });
    assert.equal(await page.getAttribute('html', 'lang'), lang, locale);
    assert.equal(await page.textContent('h1'), text.signInHeading, locale);
    assert.equal(await page.title(), text.signInHeading, locale);
    assert.equal(await page.textContent('#status'), text.waitingForScan, locale);
    assert.equal(await page.textContent('#open'), text.openInTelegram, locale);
    assert.equal(await page.getAttribute('#qr', 'alt'), text.qrAlt, locale);
    assert.equal(await page.getAttribute('#link', 'aria-label'), text.linkLabel, locale);
    assert.match(await page.textContent('#countdown'),
                 new RegExp(`^${text.codeExpiresIn('\\d+', '\\d\\d')}$`), locale);
    await page.context().close();
  }
});

test('the Russian page names who scanned and passes axe-core in each state', async () => {
  const page = await loginPage({ locale: 'ru-RU' });
  await assertAccessible(page, 'the Russian login page');
  const ada = ['--first_name=Ada', '--last_name=Lovelace', '--username=ada_l', telegramId(6e9)];
  await scan(await page.inputValue('#link'), [...ada, '--answer=none']);
  const heading = ru.confirmInTelegramAs('Ada Lovelace (@ada_l)');
  await waitFor(async () => (await page.textContent('h1')) === heading, 'the Russian scanned state');
  assert.equal(await page.textContent('#status'), ru.scanned);
  await assertAccessible(page, 'the Russian scanned state');
  await scan(await page.inputValue('#link'), ada);
  await page.waitForSelector('#sessions li', { timeout: 10_000 });
  assert.equal(await page.textContent('h1'), ru.signedInHeading);
  assert.equal(await page.textContent('#logout'), ru.logOutThisDevice);
  await assertAccessible(page, 'the Russian signed-in page');
  await page.context().close();
});

test('the switch changes the language and is remembered across a reload', async () => {
  const page = await loginPage({ locale: 'en-US' });
  const select = page.getByRole('combobox', { name: en.languageLabel });
  assert.equal(await select.inputValue(), 'en');
  await Promise.all([page.waitForEvent('load'), select.selectOption('ru')]);
  await page.waitForSelector('#code:not([hidden])');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.equal(await page.textContent('h1'), ru.signInHeading);
  // Only the language code is kept.
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), { 'tgauth.language': 'ru' });

  await page.reload();
  await page.waitForSelector('#code:not([hidden])');
  assert.equal(await page.textContent('h1'), ru.signInHeading);
  const russianSelect = page.getByRole('combobox', { name: ru.languageLabel });
  assert.equal(await russianSelect.inputValue(), 'ru');
  await Promise.all([page.waitForEvent('load'), russianSelect.selectOption('en')]);
  await page.waitForSelector('#code:not([hidden])');
  assert.equal(await page.textContent('h1'), en.signInHeading);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.context().close();
});

test("dates and times are in the page's language and the browser's time zone", async () => {
  const timezoneId = 'Asia/Tokyo';
  for (const [locale, lang, text] of [['ru-RU', 'ru', ru], ['en-US', 'en', en]]) {
    const format = new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium', timeStyle: 'short', timeZone: timezoneId,
    });
    const before = format.format(new Date());
    const context = await browser.newContext({ locale, timezoneId });
    const page = await signedInPage([telegramId(7e9)], await context.newPage());
    const after = format.format(new Date());
    const details = await page.textContent('#sessions li.current .session-details');
    assert.ok([before, after].some((time) => details.includes(text.signedInAt(time))),
              `${locale}: "${details}" shows the sign-in at ${before} (${timezoneId})`);
    await context.close();
  }
});
