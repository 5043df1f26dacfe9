// Pages in headless Chromium for the browser tests: the browser, a page per
// test, and the steps every page test takes (signing in, reading a card).
import { createRequire } from 'node:module';

// Pages answer in milliseconds, but CI machines can be slow and busy.
export const TIMEOUT = 30_000;
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = Object.freeze([
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
]);
// The password tests give the accounts they create.
export const PASSWORD = 'correct horse 42';

// Headless Chromium through playwright-core from web/node_modules.
export async function launchBrowser() {
  const require = createRequire(new URL('../../web/package.json', import.meta.url));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], timeout: TIMEOUT });
}

// A page in a fresh browser context (closed after the test) that collects
// page errors and Content-Security-Policy refusals in `page.problems`.
export async function openPage(browser, t, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-IN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) {
      page.problems.push(`CSP: ${m.text()}`);
    }
  });
  t.after(() => context.close());
  return page;
}

// Signs in through the account bar's form and waits for "my scope".
export async function signInWithForm(page, username, password = PASSWORD) {
  await page.waitForSelector('#signin-form', { state: 'visible' });
  await page.fill('#signin-username', username);
  await page.fill('#signin-password', password);
  await page.click('#signin-submit');
  await page.waitForSelector('#my-scope', { state: 'visible' });
}

// The number a headline card shows (its data-value), or null.
export async function cardValue(page, id) {
  const raw = await page.getAttribute(`#${id}`, 'data-value');
  return raw === null ? null : Number(raw);
}
