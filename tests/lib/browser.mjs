// Pages in headless Chromium for the browser tests.
export const TIMEOUT = 30_000;

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
