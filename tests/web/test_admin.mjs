// The administrator's pages: /admin/users (add, disable, errors of the form) and /admin/vocab
// (a registration point added, then its Spanish label and coordinates changed). Only admin may:
// a caseworker gets a 403 page. Each test makes its own user or code (a name of its own), so
// that the tests share the demo database without meeting.
import assert from 'node:assert/strict';
import { webTest, signIn, newContext, switchLanguage, assertAccessible, horizontalOverflow } from './lib.mjs';

const unique = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = 'a-long-password-1';

// Submits a form by its button and returns the response to the POST (after the redirect, the
// page shown is the GET's).
async function submit(page, button) {
  const posted = page.waitForResponse((res) => res.request().method() === 'POST' && res.request().isNavigationRequest());
  await button.click();
  const res = await posted;
  await page.waitForLoadState('load');
  return res;
}

const addForm = (page) => page.locator('form:has(input[name=action][value=add])');

// Fills the form that adds a user; offices: codes to tick.
async function fillAddUser(page, { name, role = 'caseworker', offices = [], all = false, password = PASSWORD, again = password }) {
  const form = addForm(page);
  await form.locator('input[name=user]').fill(name);
  await form.locator('select[name=role]').selectOption(role);
  if (all) await form.locator('input[name=all_offices]').check();
  for (const o of offices) await form.locator(`input[name=offices][value="${o}"]`).check();
  await form.locator('input[name=password]').fill(password);
  await form.locator('input[name=password2]').fill(again);
  return form;
}

// Adds a user through the page as the signed-in admin; returns the response to the POST.
async function addUser(page, user) {
  const got = await page.goto('/admin/users');
  assert.equal(got.status(), 200, `GET /admin/users answered ${got.status()}`);
  const form = await fillAddUser(page, user);
  return submit(page, form.locator('button[type=submit]'));
}

// The row of a user in the table of users
const userRow = (page, name) => page.locator('table tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) });

webTest('an admin adds a user with an office, and the new user signs in', async ({ page }) => {
  await signIn(page, 'admin');
  const name = unique('gt-worker-');
  const res = await addUser(page, { name, role: 'caseworker', offices: ['gt'] });
  assert.equal(res.status(), 303, `adding answered ${res.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/admin/users');
  assert.equal(url.searchParams.get('done'), 'add');
  assert.match(await page.locator('.notice').textContent(), new RegExp(name), 'a notice names the user added');
  const row = userRow(page, name);
  assert.equal(await row.count(), 1, 'the new user is in the table');
  const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
  assert.ok(cells.includes('Caseworker'), `the role is shown: ${cells}`);
  assert.ok(cells.includes('Guatemala'), `the office is shown: ${cells}`);

  // the new user signs in, sees the cases of Guatemala only
  const ctx = await newContext();
  try {
    const them = await ctx.newPage();
    const login = await signIn(them, name, PASSWORD);
    assert.equal(login.status(), 303, `the new user's sign-in answered ${login.status()}`);
    assert.notEqual(new URL(them.url()).pathname, '/login', 'the new user left the sign-in page');
    const cases = await them.goto('/cases');
    assert.equal(cases.status(), 200);
    const offices = await them.locator('select[name=office] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(offices, ['gt'], 'the new user holds the office given, and only it');
  } finally {
    await ctx.close();
  }
});

webTest('an admin disables a user: their session ends and they cannot sign in again', async ({ page }) => {
  await signIn(page, 'admin');
  const name = unique('mx-worker-');
  assert.equal((await addUser(page, { name, offices: ['mx'] })).status(), 303, 'the user was added');

  const ctx = await newContext();
  try {
    const them = await ctx.newPage();
    await signIn(them, name, PASSWORD);
    assert.equal((await them.goto('/cases')).status(), 200, 'the user is signed in');

    // the admin opens the user's forms from the table and disables them
    await page.goto('/admin/users');
    await userRow(page, name).locator('th a').click();
    const disable = page.locator(`form:has(input[name=action][value=disable]):has(input[name=user][value="${name}"]) button`);
    assert.ok(await disable.isVisible(), 'the link in the table opens the user\'s forms');
    const res = await submit(page, disable);
    assert.equal(res.status(), 303, `disabling answered ${res.status()}`);
    assert.equal(new URL(page.url()).searchParams.get('done'), 'disable');
    assert.match(await userRow(page, name).textContent(), /Disabled/, 'the table says disabled');

    // their next page is the sign-in page, and signing in is refused
    await them.goto('/cases');
    assert.equal(new URL(them.url()).pathname, '/login', `after being disabled the user is at ${them.url()}`);
    const again = await signIn(them, name, PASSWORD);
    assert.notEqual(again.status(), 303, 'a disabled user cannot sign in');
  } finally {
    await ctx.close();
  }
});

webTest('an admin cannot disable their own account', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  assert.equal(await page.locator('form:has(input[name=action][value=disable]):has(input[name=user][value=admin])').count(), 0,
    'no form disables the admin signed in');
  // a form made by hand is refused all the same
  const csrf = await page.locator('input[name=csrf_token]').first().inputValue();
  const res = await page.request.post('/admin/users', { form: { csrf_token: csrf, action: 'disable', user: 'admin' }, maxRedirects: 0 });
  assert.equal(res.status(), 422);
  assert.match(await res.text(), /cannot disable your own account/);
  assert.equal((await page.goto('/admin/users')).status(), 200, 'still signed in');
});

webTest('a refused new user comes back with the name kept and no password in the page', async ({ page }) => {
  await signIn(page, 'admin');
  const name = unique('refused-');
  await page.goto('/admin/users');

  // too short
  let form = await fillAddUser(page, { name, offices: ['mx'], password: 'short-1', again: 'short-1' });
  let res = await submit(page, form.locator('button[type=submit]'));
  assert.equal(res.status(), 422, `a short password answered ${res.status()}`);
  let html = await res.text();
  assert.ok(!html.includes('short-1'), 'the password typed is not in the page');
  const summary = page.locator('.error-summary');
  assert.match(await summary.textContent(), /at least 10 characters/);
  assert.equal(await summary.locator('a').first().getAttribute('href'), '#password', 'the summary links to the field');
  assert.match(await page.locator('#password-error').textContent(), /at least 10 characters/, 'the error is beside the field');
  form = addForm(page);
  assert.equal(await form.locator('input[name=user]').inputValue(), name, 'the name typed is kept');
  assert.equal(await form.locator('select[name=role]').inputValue(), 'caseworker', 'the role chosen is kept');
  assert.ok(await form.locator('input[name=offices][value=mx]').isChecked(), 'the office ticked is kept');
  assert.equal(await form.locator('input[name=password]').inputValue(), '');
  assert.equal(await form.locator('input[name=password2]').inputValue(), '');
  await assertAccessible(page);

  // not the same twice
  await form.locator('input[name=password]').fill('first-long-password');
  await form.locator('input[name=password2]').fill('other-long-password');
  res = await submit(page, form.locator('button[type=submit]'));
  assert.equal(res.status(), 422, `two different passwords answered ${res.status()}`);
  html = await res.text();
  assert.ok(!html.includes('first-long-password') && !html.includes('other-long-password'), 'no password in the page');
  assert.equal(await page.locator('.error-summary a').first().getAttribute('href'), '#password2');
  assert.match(await page.locator('#password2-error').textContent(), /not the same/);
  assert.equal(await addForm(page).locator('input[name=user]').inputValue(), name, 'the name typed is kept');
  assert.equal(await userRow(page, name).count(), 0, 'no user was added');
});

webTest('an admin adds a registration point, then changes its Spanish label and coordinates', async ({ page }) => {
  await signIn(page, 'admin');
  const code = unique('point_').replace(/[^a-z0-9_]/g, '_');
  let got = await page.goto('/admin/vocab?list=registration_point&add=1#add');
  assert.equal(got.status(), 200);
  const add = page.locator('#add form');
  await add.locator('input[name=code]').fill(code);
  await add.locator('input[name=label_en]').fill('Test point');
  await add.locator('input[name=label_es]').fill('Punto de prueba');
  await add.locator('select[name=office]').selectOption('mx');
  await add.locator('input[name=programs][value=avr]').check();
  let res = await submit(page, add.locator('button[type=submit]'));
  assert.equal(res.status(), 303, `adding a point answered ${res.status()}`);
  const row = () => page.locator('#list-registration_point tbody tr').filter({ has: page.locator(`a:text-is("${code}")`) });
  assert.equal(await row().count(), 1, 'the new point is in its list');

  // its form, from the link of its code
  await row().locator('a').click();
  await page.waitForLoadState('load');
  const edit = page.locator('#edit form');
  assert.equal(await edit.locator('input[name=label_es]').inputValue(), 'Punto de prueba');

  // a latitude out of range is refused beside its field, what was typed kept
  await edit.locator('input[name=label_es]').fill('Punto de prueba (Sonora)');
  await edit.locator('input[name=lat]').fill('95');
  await edit.locator('input[name=lon]').fill('-110.94');
  res = await submit(page, edit.locator('button[type=submit]'));
  assert.equal(res.status(), 422, `latitude 95 answered ${res.status()}`);
  assert.match(await page.locator('#lat-error').textContent(), /-90 to 90/);
  assert.equal(await page.locator('#edit input[name=label_es]').inputValue(), 'Punto de prueba (Sonora)');
  assert.equal(await page.locator('#edit input[name=lat]').inputValue(), '95');

  await page.locator('#edit input[name=lat]').fill('31.31');
  res = await submit(page, page.locator('#edit button[type=submit]'));
  assert.equal(res.status(), 303, `the change answered ${res.status()}`);
  assert.match(await page.locator('.notice').textContent(), new RegExp(code));
  assert.ok(await page.locator('#list-registration_point').evaluate((d) => d.open), 'the list changed is open');
  const cells = (await row().locator('td').allTextContents()).map((s) => s.trim());
  assert.deepEqual(cells, [code, 'Test point', 'Punto de prueba (Sonora)', 'Mexico', '31.31', '-110.94']);

  // the API's code lists say the same
  const vocab = await (await page.request.get('/api/v1/vocab')).json();
  const text = JSON.stringify(vocab);
  assert.ok(text.includes('Punto de prueba (Sonora)'), 'GET /api/v1/vocab has the new Spanish label');
});

webTest('a caseworker gets a 403 page at /admin/users and /admin/vocab', async ({ page }) => {
  await signIn(page, 'caseworker-mx');
  for (const path of ['/admin/users', '/admin/vocab']) {
    const res = await page.goto(path);
    assert.equal(res.status(), 403, `GET ${path} answered ${res.status()}`);
    assert.match(res.headers()['content-type'] || '', /^text\/html/);
    assert.match(await page.locator('h1').textContent(), /cannot do this/, 'an error page');
    assert.equal(await page.locator('input[name=user], input[name=label_en]').count(), 0, 'no admin form');
    assert.equal(await page.locator('nav a[href="/admin/users"]').count(), 0, 'no link to the admin pages');
  }
  // nor can they post, with their own valid CSRF token
  await page.goto('/cases');
  const csrf = await page.locator('input[name=csrf_token]').first().inputValue();
  const res = await page.request.post('/admin/users', {
    form: { csrf_token: csrf, action: 'add', user: 'intruder', role: 'admin', all_offices: '1', password: PASSWORD, password2: PASSWORD },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 403);
});

// checked by an admin of their own, whose language the test switches
for (const viewport of ['desktop', 'mobile']) {
  webTest(`axe and layout: the admin pages (${viewport}, English and Spanish)`, { viewport }, async ({ page, context }) => {
    await signIn(page, 'admin');
    const name = unique('admin-');
    assert.equal((await addUser(page, { name, role: 'admin', all: true })).status(), 303, 'an admin was added');
    await context.clearCookies();
    await signIn(page, name, PASSWORD);
    for (const lang of ['en', 'es']) {
      if (lang === 'es') await switchLanguage(page, 'es');
      for (const path of ['/admin/users', '/admin/vocab', '/admin/vocab?list=registration_point&code=tijuana#edit']) {
        const res = await page.goto(path);
        assert.equal(res.status(), 200, `GET ${path} answered ${res.status()}`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await assertAccessible(page);
        assert.equal(await horizontalOverflow(page), 0, `${path} scrolls sideways`);
      }
    }
    const res = await page.goto('/admin/vocab');
    assert.ok((await res.body()).length < 50 * 1024, 'the page of the code lists stays under 50 KB');
  });
}
