// The browser-test helpers of tests/web: everything of browser.mjs (the browser, contexts,
// guards, signIn, switchLanguage, axeCheck, screenshot, ...) and webTest, a node:test test with a
// fresh context and page that fails on console errors, page errors and requests outside the
// server. The browser is launched once per process and closed after the last test.
//
// A test file:
//   import assert from 'node:assert/strict';
//   import { webTest, signIn, assertAccessible } from './lib.mjs';
//   webTest('the case list', { viewport: 'mobile' }, async ({ page }) => {
//     await signIn(page, 'caseworker-mx');
//     await page.goto('/cases');
//     await assertAccessible(page);
//   });
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, guardErrors, noExternalRequests, screenshot, closeBrowser, ARTIFACTS } from './browser.mjs';

export * from './browser.mjs';

const TEST_TIMEOUT_MS = 60_000;

after(closeBrowser);

// ---- a test with a fresh context and page

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

// webTest(name, [options], fn): fn({ page, context, errors, external, t }) runs in a fresh context
// (options: viewport, locale, timeout in ms, allowConsoleErrors: [RegExp], allowExternal: true,
// contextOptions: {...} for browser.newContext). After fn, the test fails on console errors, page
// errors and requests outside the server. A failed test leaves a screenshot in $WEB_ARTIFACTS.
export function webTest(name, options, fn) {
  if (typeof options === 'function') {
    fn = options;
    options = {};
  }
  const { viewport, locale, timeout = TEST_TIMEOUT_MS, allowConsoleErrors = [], allowExternal = false, contextOptions = {} } = options;
  const testFile = (String(new Error().stack).match(/\/(test_[^/:]+)\.m?js:/) || [])[1] || 'test_web';
  // node:test takes this file (lib.mjs) for the test's: the reporter's "login: " goes in the name
  return test(`${testFile.replace(/^test_/, '')}: ${name}`, { timeout }, async (t) => {
    const context = await newContext({ viewport, locale, ...contextOptions });
    const page = await context.newPage();
    const errors = guardErrors(page, allowConsoleErrors);
    const external = noExternalRequests(page);
    try {
      await fn({ page, context, errors, external, t });
      errors.check();
      if (!allowExternal) assert.deepEqual(external, [], `requests outside the server:\n  ${external.join('\n  ')}`);
    } catch (err) {
      const extra = [];
      const logged = errors.list();
      if (logged.length && !String(err.message).includes('the page logged errors')) extra.push(`the page also logged:\n  ${logged.join('\n  ')}`);
      if (ARTIFACTS) {
        const shot = await screenshot(page, ARTIFACTS, slug(testFile + '-' + name), { fullPage: true }).catch(() => null);
        if (shot) extra.push(`screenshot: ${shot}`);
      }
      extra.push(`page: ${page.url()}`);
      try {
        err.message = `${err.message}\n${extra.join('\n')}`;
      } catch {
        /* a frozen error keeps its message */
      }
      throw err;
    } finally {
      await context.close().catch(() => {});
    }
  });
}
