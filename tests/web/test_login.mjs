// Signing in at /login (api.md, "The web app": the form's fields are username and password).
import assert from 'node:assert/strict';
import { webTest, signIn, sessionCookie, assertAccessible } from './lib.mjs';

webTest('GET /login shows a form with username and password', async ({ page }) => {
  const res = await page.goto('/login');
  assert.equal(res.status(), 200, `GET /login answered ${res.status()}`);
  assert.match(res.headers()['content-type'] || '', /^text\/html/);
  const form = page.locator('form:has(input[name=username])');
  assert.equal(await form.count(), 1, 'one form with an input named username');
  assert.equal((await form.getAttribute('method') || '').toLowerCase(), 'post', 'the form is sent by POST');
  assert.equal(await form.locator('input[name=password]').getAttribute('type'), 'password');
  // each field has a label the browser associates with it
  for (const field of ['username', 'password']) {
    const label = await form.locator(`input[name=${field}]`).evaluate((el) => (el.labels && el.labels[0] ? el.labels[0].textContent.trim() : ''));
    assert.notEqual(label, '', `the ${field} field has a label`);
  }
});

webTest('caseworker-mx signs in and lands on a page with a link to /cases', async ({ page, context }) => {
  await signIn(page, 'caseworker-mx');
  assert.notEqual(new URL(page.url()).pathname, '/login', 'left the sign-in page');
  const links = page.locator('a[href="/cases"], a[href^="/cases?"]');
  assert.ok((await links.count()) > 0, 'a link to /cases');
  const cookie = await sessionCookie(context);
  assert.ok(cookie, 'a session cookie');
  assert.equal(cookie.httpOnly, true, 'the session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Strict', 'the session cookie is SameSite=Strict');
});

webTest('a wrong password shows an error, keeps the name typed and sets no cookie', async ({ page, context }) => {
  await signIn(page, 'caseworker-mx', 'not-the-password');
  const form = page.locator('form:has(input[name=username])');
  assert.equal(await form.count(), 1, 'the sign-in form again');
  const error = page.locator('[role=alert], .error-summary, .govuk-error-summary, .error-message, .govuk-error-message');
  assert.ok((await error.count()) > 0 && (await error.first().isVisible()), 'an error message is shown');
  assert.notEqual((await error.first().textContent()).trim(), '', 'the error message says something');
  assert.equal(await form.locator('input[name=username]').inputValue(), 'caseworker-mx', 'the name typed is kept');
  assert.equal(await form.locator('input[name=password]').inputValue(), '', 'the password is not sent back');
  assert.equal(await sessionCookie(context), undefined, 'no session cookie');
});

webTest('axe: /login has no serious or critical violation (desktop)', async ({ page }) => {
  const res = await page.goto('/login');
  assert.equal(res.status(), 200, `GET /login answered ${res.status()}`);
  await assertAccessible(page);
});

webTest('axe: /login has no serious or critical violation (360 px)', { viewport: 'mobile' }, async ({ page }) => {
  const res = await page.goto('/login');
  assert.equal(res.status(), 200, `GET /login answered ${res.status()}`);
  await assertAccessible(page);
});
