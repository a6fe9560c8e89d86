// Accessibility: axe-core finds no serious or critical violation on any page (forms with their
// errors and warnings too), at desktop width and at 360 px, where no page scrolls sideways (tables
// scroll inside their .table-wrap); and the keyboard: the skip link is the first Tab stop and
// moves the focus to the main content, and a form is filled and sent with the keyboard alone.
import assert from 'node:assert/strict';
import { webTest, signIn, retorno, switchLanguage, axeCheck, formatViolations, horizontalOverflow } from './lib.mjs';
import { uniqueWord, addCase, submit } from './cases_lib.mjs';

const PASSWORD = 'a-long-password-1';

// An administrator of their own (every page, every office), whose language a test may switch
function ownAdmin() {
  const name = `a11y-${uniqueWord('').toLowerCase()}`;
  const r = retorno(['user', 'add', name, '--role', 'admin'], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, `retorno user add: ${r.stderr}`);
  return name;
}

for (const viewport of ['desktop', 'mobile']) {
  webTest(`axe${viewport === 'mobile' ? ' and no sideways scrolling' : ''}: every page (${viewport === 'mobile' ? '360 px, English and Spanish' : 'desktop'})`,
    { viewport, timeout: 180_000 }, async ({ page }) => {
      const problems = [];
      // checks the page shown: axe, and at 360 px its width
      const check = async (what, status, got) => {
        if (got) assert.equal(got.status(), status, `${what} answered ${got.status()}`);
        const v = await axeCheck(page);
        if (v.length) problems.push(`${what} (${page.url()}):\n  ${formatViolations(v)}`);
        if (viewport === 'mobile') {
          const over = await horizontalOverflow(page);
          if (over > 0) problems.push(`${what} (${page.url()}): ${over} px wider than the screen`);
        }
      };
      const visit = async (path, status = 200) => check(`GET ${path}`, status, await page.goto(path));

      await visit('/login');
      const user = ownAdmin();
      await signIn(page, user, PASSWORD);
      const family = uniqueWord('Ax');
      const id = addCase({ given_names: 'Aurora', family_names: family });
      const langs = viewport === 'mobile' ? ['en', 'es'] : ['en'];
      for (const lang of langs) {
        if (lang === 'es') {
          await page.goto('/account');
          await switchLanguage(page, 'es');
        }
        await visit('/cases');
        if (lang === 'en') await visit(`/cases?q=${family}&status=registered`);
        await visit('/cases/new');
        // the form with its errors, two persons
        await submit(page, page.locator('form.case-form button[name=action][value=add]'));
        await page.locator('form.case-form input[name=unaccompanied_minor][value=yes]').check();
        await page.locator('form.case-form input[name=age]').fill('30');
        await check('POST /cases/new (errors)', 422, await submit(page, page.locator('form.case-form button[name=action][value=save]')));
        await visit(`/cases/${id}`);
        // (what follows in English only is the same markup in Spanish)
        if (lang === 'en') {
          // a refused move: the page again with its error summary
          const counsel = page.locator('.actions form:has(input[name=status][value=counselled])');
          await counsel.locator('input[name=counselling_date]').fill('2001-01-01');
          await check('a refused move', 422, await submit(page, counsel.locator('button')));
        }
        await visit(`/cases/${id}/edit`);
        if (lang === 'en') {
          // a stale edit: someone else saved meanwhile
          assert.equal(retorno(['case', 'edit', id, 'education=primary']).status, 0);
          await page.locator('form.case-form input[name=given_names]').fill('Aurora María');
          await check('a stale edit', 409, await submit(page, page.locator('form.case-form button[type=submit]')));
        }
        await visit('/report');
        await visit('/account');
        if (lang === 'en') {
          await visit('/admin/users');   // (in Spanish: test_admin)
          await visit('/admin/vocab');
          await visit('/cases/NO-SUCH-CASE', 404);
        }
      }
      assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
    });
}

webTest('the keyboard: the skip link comes first and leads to the content; signing in and searching with keys alone', async ({ page }) => {
  const active = () => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), cls: el.className, href: el.getAttribute('href') };
  });
  await page.goto('/login');
  await page.keyboard.press('Tab');
  let a = await active();
  assert.deepEqual([a.tag, a.href, a.cls], ['a', '#main', 'skip-link'], `the first Tab stop: ${JSON.stringify(a)}`);
  const box = await page.locator('a.skip-link').boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 10, `the focused skip link is on screen: ${JSON.stringify(box)}`);
  await page.keyboard.press('Enter');
  a = await active();
  assert.equal(a.id, 'main', `Enter on the skip link moves the focus to main: ${JSON.stringify(a)}`);

  // the form, from main: name, password, Enter
  await page.keyboard.press('Tab');
  assert.equal((await active()).name, 'username', 'the next Tab stop is the name');
  await page.keyboard.type('caseworker-mx');
  await page.keyboard.press('Tab');
  assert.equal((await active()).name, 'password', 'then the password');
  await page.keyboard.type('retorno-demo');
  const posted = page.waitForResponse((res) => res.request().method() === 'POST' && res.request().isNavigationRequest());
  let loaded = page.waitForEvent('load');
  await page.keyboard.press('Enter');
  assert.equal((await posted).status(), 303, 'Enter sends the form');
  await loaded;
  assert.notEqual(new URL(page.url()).pathname, '/login', 'signed in');

  // on a page of the signed-in: the skip link first, then the search of the list by keys
  const family = uniqueWord('Kb');
  const id = addCase({ given_names: 'Teclado', family_names: family });
  await page.goto('/cases');
  await page.keyboard.press('Tab');
  assert.equal((await active()).cls, 'skip-link', 'the skip link is the first Tab stop here too');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal((await active()).name, 'q', 'the search is the first field of the content');
  await page.keyboard.type(family);
  loaded = page.waitForEvent('load');
  await page.keyboard.press('Enter');
  await loaded;
  assert.equal(new URL(page.url()).searchParams.get('q'), family, 'Enter sends the search');
  const ids = await page.locator('main table tbody tr a[href^="/cases/"]').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
  assert.deepEqual(ids, [`/cases/${id}`], 'the search finds the case');
});
