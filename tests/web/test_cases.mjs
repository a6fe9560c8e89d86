// The case pages (api.md, "The web app"; issue 9, "Checks in a real browser"): registering a
// family, the errors of an unaccompanied child booked by ground, a case moved from registered to
// returned and one withdrawn, the duplicate warning, a caseworker of gt who cannot reach a case
// of mx, a stale edit, a case marked as a duplicate and restored. Each test makes the cases it
// works on (names of its own: uniqueWord), so that the tests share the demo database unmet.
import assert from 'node:assert/strict';
import { webTest, newContext, signIn, switchLanguage, assertAccessible } from './lib.mjs';
import {
  signInAs, uniqueWord, daysAgo, addCase, showCase, submit, searchIds, summaryLinks, historyRows,
  fillPerson, fillShared, saveButton, addPersonButton, moveForm, personField,
} from './cases_lib.mjs';

// the longer tests: several pages and forms each (a loaded machine takes seconds a page)
const SLOW = 120_000;
const form = (page) => page.locator('form.case-form');
const statusTag = (page) => page.locator('main p .tag').first();

webTest('a family of three with a child is registered with the form, sharing a group', { timeout: SLOW }, async ({ page }) => {
  await signInAs(page, 'caseworker-mx');
  const family = uniqueWord('Fa');
  const people = [
    { given_names: 'Marta Elena', family_names: family, sex: 'female', birth_date: '1988-04-12', nationality: 'HND', unaccompanied_minor: 'no' },
    { given_names: 'Oscar', family_names: family, sex: 'male', birth_date: '1986-09-30', nationality: 'HND', unaccompanied_minor: 'no' },
    { given_names: 'Lucía', family_names: family, sex: 'female', birth_date: '2019-06-15', nationality: 'HND', unaccompanied_minor: 'no', travelling_with: 'first_degree_relatives' },
  ];
  const res0 = await page.goto('/cases/new');
  assert.equal(res0.status(), 200);
  assert.equal(await form(page).locator('input[name=persons]').inputValue(), '1');
  await fillShared(page, { program: 'avr', office: 'mx', registration_point: 'tijuana', registration_date: daysAgo(2) });
  await fillPerson(page, 1, people[0]);

  // two more persons, each with the button; what was typed stays
  for (const k of [2, 3]) {
    const res = await submit(page, addPersonButton(page));
    assert.equal(res.status(), 200, `"Add a person" answered ${res.status()}`);
    assert.equal(await form(page).locator('input[name=persons]').inputValue(), String(k));
    assert.equal(await page.locator('section.person').count(), k, `${k} persons on the form`);
    assert.equal(await form(page).locator(`[name="${personField('given_names', k)}"]`).inputValue(), '', `person ${k} starts empty`);
    assert.equal(await form(page).locator('[name=given_names]').inputValue(), 'Marta Elena', 'person 1 is kept');
    assert.equal(await form(page).locator('select[name=registration_point]').inputValue(), 'tijuana', 'the point is kept');
    await fillPerson(page, k, people[k - 1]);
  }
  assert.equal(await form(page).locator('[name="given_names.2"]').inputValue(), 'Oscar', 'person 2 is kept');
  await fillShared(page, { country_of_return: 'HND' });
  const res = await submit(page, saveButton(page));
  assert.equal(res.status(), 303, `saving answered ${res.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  const url = new URL(page.url());
  assert.match(url.pathname, /^\/cases\/[^/]+$/);
  assert.equal(url.searchParams.get('registered'), '3');
  const first = decodeURIComponent(url.pathname.slice('/cases/'.length));
  assert.match(await page.locator('.notice').textContent(), /family has been registered/);
  assert.equal((await page.locator('h1').textContent()).trim(), `Marta Elena ${family}`);

  // the three are in the list, under the family name
  const ids = await searchIds(page, family);
  assert.equal(ids.length, 3, `three cases named ${family}: ${ids}`);
  assert.ok(ids.includes(first), 'the first person is listed');
  const stored = ids.map((id) => showCase(id));
  for (const c of stored) {
    assert.ok(c, 'retorno case show finds each');
    assert.equal(c.group_id, first, `${c.case_id} is in the group of the first case`);
    assert.equal(c.office, 'mx');
    assert.equal(c.registration_point, 'tijuana');
    assert.equal(c.country_of_return, 'HND');
    assert.equal(c.status, 'registered');
  }
  const child = stored.find((c) => c.given_names === 'Lucía');
  assert.ok(child, `the child was registered: ${stored.map((c) => c.given_names)}`);
  assert.equal(child.birth_date, '2019-06-15');
  assert.equal(child.sex, 'female');
  assert.equal(child.travelling_with, 'first_degree_relatives');
  assert.deepEqual(stored.map((c) => c.given_names).sort(), ['Lucía', 'Marta Elena', 'Oscar']);

  // the child's page: her birth date and the group
  await page.goto(`/cases/${child.case_id}`);
  assert.equal((await page.locator('h1').textContent()).trim(), `Lucía ${family}`);
  const dd = (label) => page.locator('dl.summary-list dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await dd('Date of birth').textContent()).trim(), '2019-06-15');
  assert.equal((await dd('Family or travel group').textContent()).trim(), first);
  // her age as the list gives it: the birth date
  await searchIds(page, family);
  const row = page.locator('main table tbody tr', { has: page.locator(`a[href="/cases/${child.case_id}"]`) });
  assert.ok((await row.textContent()).includes('2019-06-15'), 'the list shows the child\'s birth date');
});

webTest('an unaccompanied child booked by ground comes back 422 with the error beside the field and all typed kept', { timeout: SLOW }, async ({ page }) => {
  await signInAs(page, 'caseworker-mx');
  const family = uniqueWord('Um');
  await page.goto('/cases/new');
  const registered = daysAgo(1);
  await fillShared(page, { program: 'avr', office: 'mx', registration_point: 'tapachula', registration_date: registered, country_of_return: 'GTM', transport_mode: 'ground' });
  await fillPerson(page, 1, { given_names: 'Luis Ángel', family_names: family, sex: 'male', age: '12', nationality: 'GTM', unaccompanied_minor: 'yes', travelling_with: 'alone', education: 'primary' });
  await form(page).locator('input[name=counselling_date]').fill(registered);
  const res = await submit(page, saveButton(page));
  assert.equal(res.status(), 422, `an unaccompanied child by ground answered ${res.status()}`);
  assert.equal(new URL(page.url()).pathname, '/cases/new');

  // the summary at the top, with one link: to the transport mode
  const summary = page.locator('.error-summary');
  assert.ok(await summary.isVisible(), 'an error summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  const links = await summaryLinks(page);
  assert.deepEqual(Object.keys(links), ['#transport_mode'], `the summary links to the transport mode only: ${JSON.stringify(links)}`);
  assert.match(links['#transport_mode'], /^Means of travel: /, 'the message names the field');
  assert.match(links['#transport_mode'], /air/i, 'the message says a child travels by air');
  // the summary is focused (app.js), and its link takes the focus to the field
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.className), 'error-summary');
  await summary.locator('a[href="#transport_mode"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'transport_mode', 'the link moves the focus to the field');

  // the error beside the field
  const field = page.locator('.field-error', { has: page.locator('#transport_mode') });
  assert.equal(await field.count(), 1, 'the transport mode\'s field is marked as wrong');
  assert.equal(await page.locator('.field-error').count(), 1, 'only that field is marked');
  const message = field.locator('.error-message');
  assert.equal(await message.getAttribute('id'), 'transport_mode-error');
  assert.equal((await message.textContent()).replace(/^Error:\s*/, '').trim(), links['#transport_mode'], 'the same message beside the field');
  // (The error is not tied to a control by aria-describedby: choices() in page_fields.c gives it
  // to the first control only when the field has no "Not recorded" option. Reported.)

  // everything typed is kept
  const f = form(page);
  const value = (name) => f.locator(`[name="${name}"]`).inputValue();
  const checked = (name) => f.locator(`input[name="${name}"]:checked`).getAttribute('value');
  assert.equal(await value('given_names'), 'Luis Ángel');
  assert.equal(await value('family_names'), family);
  assert.equal(await value('age'), '12');
  assert.equal(await value('birth_date'), '');
  assert.equal(await value('registration_date'), registered);
  assert.equal(await value('counselling_date'), registered);
  assert.equal(await value('office'), 'mx');
  assert.equal(await value('registration_point'), 'tapachula');
  assert.equal(await value('nationality'), 'GTM');
  assert.equal(await value('country_of_return'), 'GTM');
  assert.equal(await value('status'), 'registered');
  assert.equal(await checked('program'), 'avr');
  assert.equal(await checked('sex'), 'male');
  assert.equal(await checked('unaccompanied_minor'), 'yes');
  assert.equal(await checked('travelling_with'), 'alone');
  assert.equal(await checked('education'), 'primary');
  assert.equal(await checked('transport_mode'), 'ground');
  const list = await (await page.request.get(`/cases?q=${family}`)).text();
  assert.ok(list.includes('No case matches.'), 'nothing was registered');

  // by air, the child is registered
  await form(page).locator('input[name=transport_mode][value=air]').check();
  const again = await submit(page, saveButton(page));
  assert.equal(again.status(), 303, `by air answered ${again.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  assert.equal(new URL(page.url()).searchParams.get('registered'), '1');
  const id = decodeURIComponent(new URL(page.url()).pathname.slice('/cases/'.length));
  const c = showCase(id);
  assert.equal(c.transport_mode, 'air');
  assert.equal(c.age, '12');
  assert.equal(c.unaccompanied_minor, 'yes');
});

// Takes the case shown to status `to` with its action form; fill(form) fills its fields.
async function move(page, to, fill = async () => {}) {
  const f = moveForm(page, to);
  assert.equal(await f.count(), 1, `a form moves the case to ${to}`);
  await fill(f);
  const res = await submit(page, f.locator('button[type=submit]'));
  assert.equal(res.status(), 303, `moving to ${to} answered ${res.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  assert.equal(new URL(page.url()).searchParams.get('moved'), '1');
  assert.match(await page.locator('.notice').textContent(), /moved on/);
}

webTest('a supervisor takes a case from registered to returned with the action forms; the history says who', { timeout: SLOW }, async ({ page }) => {
  const family = uniqueWord('Rt');
  const id = addCase({ given_names: 'Rosa', family_names: family, registration_date: daysAgo(20) });
  await signInAs(page, 'supervisor');
  assert.equal((await page.goto(`/cases/${id}`)).status(), 200);
  assert.equal((await statusTag(page).textContent()).trim(), 'Registered');
  const today = await moveForm(page, 'counselled').locator('input[name=counselling_date]').inputValue();
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'the counselling date starts as today');

  const counselled = daysAgo(15);
  await move(page, 'counselled', (f) => f.locator('input[name=counselling_date]').fill(counselled));
  assert.equal((await statusTag(page).textContent()).trim(), 'Counselled');
  await move(page, 'approved');
  assert.equal((await statusTag(page).textContent()).trim(), 'Approved');
  await move(page, 'travel_booked', async (f) => {
    // the modes the office allows: mx books by ground, air, or both
    const modes = await f.locator('select[name=transport_mode] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(modes.sort(), ['air', 'air_ground', 'ground']);
    await f.locator('select[name=transport_mode]').selectOption('air');
  });
  assert.equal((await statusTag(page).textContent()).trim(), 'Travel booked');
  const departed = daysAgo(3);
  await move(page, 'departed', (f) => f.locator('input[name=departure_date]').fill(departed));
  await move(page, 'returned');
  assert.equal((await statusTag(page).textContent()).trim(), 'Returned');
  assert.equal(await page.locator('.actions form[action$="/status"]').count(), 0, 'a returned case has no move left');

  const c = showCase(id);
  assert.equal(c.status, 'returned');
  assert.equal(c.counselling_date, counselled);
  assert.equal(c.departure_date, departed);
  assert.equal(c.transport_mode, 'air');

  // the history: each move, by the supervisor, after the caseworker's registration
  const rows = await historyRows(page);
  const find = (what) => rows.find((r) => r[3].startsWith(what));
  const created = rows.find((r) => r[1] === 'caseworker-mx');
  assert.ok(created, `the registration by caseworker-mx is in the history: ${JSON.stringify(rows)}`);
  for (const [from, to] of [['Registered', 'Counselled'], ['Counselled', 'Approved'], ['Approved', 'Travel booked'], ['Travel booked', 'Departed'], ['Departed', 'Returned']]) {
    const row = find(`${from} → ${to}`);
    assert.ok(row, `the history has ${from} → ${to}: ${JSON.stringify(rows)}`);
    assert.equal(row[1], 'supervisor', `${from} → ${to} was the supervisor's`);
  }
  assert.equal(find('Registered → Counselled')[4], counselled, 'the counselling date is in the history');
  assert.equal(find('Travel booked → Departed')[4], departed, 'the departure date is in the history');
});

webTest('a caseworker withdraws a case; the history says who, and only the supervisor\'s actions are missing', async ({ page }) => {
  const id = addCase({ given_names: 'Wendy', family_names: uniqueWord('Wd') }, { as: 'supervisor' });
  await signInAs(page, 'caseworker-mx');
  await page.goto(`/cases/${id}`);
  // a caseworker counsels and withdraws, but neither finds ineligible, transfers nor marks duplicates
  assert.equal(await moveForm(page, 'counselled').count(), 1);
  assert.equal(await moveForm(page, 'ineligible').count(), 0, 'no "Not eligible" for a caseworker');
  assert.equal(await page.locator('.actions form[action$="/transfer"], .actions form[action$="/duplicate"]').count(), 0);
  await move(page, 'withdrawn');
  assert.equal((await statusTag(page).textContent()).trim(), 'Withdrawn');
  assert.equal(await page.locator('.actions form[action$="/status"]').count(), 0, 'a withdrawn case has no move left');
  assert.equal(showCase(id).status, 'withdrawn');
  const rows = await historyRows(page);
  const row = rows.find((r) => r[3].startsWith('Registered → Withdrawn'));
  assert.ok(row, `the history has Registered → Withdrawn: ${JSON.stringify(rows)}`);
  assert.equal(row[1], 'caseworker-mx');
  assert.ok(rows.some((r) => r[1] === 'supervisor'), 'and the supervisor\'s registration');
});

webTest('"Jose Hernandez" beside "José Hernández" of the same birth date: warned, then registered once confirmed', async ({ page }) => {
  const born = '1983-07-19';
  const original = addCase({ given_names: 'José', family_names: 'Hernández', sex: 'male', birth_date: born, nationality: 'SLV', country_of_return: 'SLV' });
  await signInAs(page, 'caseworker-mx');
  await page.goto('/cases/new');
  await fillShared(page, { program: 'avr', office: 'mx', registration_point: 'monterrey', registration_date: daysAgo(1), country_of_return: 'SLV' });
  await fillPerson(page, 1, { given_names: 'Jose', family_names: 'Hernandez', sex: 'male', birth_date: born, nationality: 'SLV', unaccompanied_minor: 'no' });
  let res = await submit(page, saveButton(page));
  assert.equal(res.status(), 200, `a possible duplicate answered ${res.status()}`);
  assert.equal(new URL(page.url()).pathname, '/cases/new', 'not registered yet');
  const warning = page.locator('#duplicates');
  assert.ok(await warning.isVisible(), 'a warning of a possible duplicate');
  assert.match(await warning.textContent(), /may already be registered/);
  const link = warning.locator(`a[href="/cases/${original}"]`);
  assert.equal(await link.count(), 1, `the warning links to the existing case ${original}: ${await warning.innerHTML()}`);
  assert.match(await warning.locator('li', { has: page.locator(`a[href="/cases/${original}"]`) }).textContent(), /José Hernández, 1983-07-19/);
  assert.equal(await form(page).locator('[name=given_names]').inputValue(), 'Jose', 'what was typed is kept');
  assert.equal(await form(page).locator('[name=birth_date]').inputValue(), born);
  const confirm = form(page).locator('input[name=confirm_not_duplicate]');
  assert.equal(await confirm.isChecked(), false);
  await assertAccessible(page);

  await confirm.check();
  res = await submit(page, saveButton(page));
  assert.equal(res.status(), 303, `confirmed, saving answered ${res.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  const id = decodeURIComponent(new URL(page.url()).pathname.slice('/cases/'.length));
  assert.notEqual(id, original);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Jose Hernandez');
  const ids = await searchIds(page, 'Jose Hernandez', { status: 'registered' });
  assert.ok(ids.includes(id) && ids.includes(original), `both are listed: ${ids}`);
});

webTest('a caseworker of gt cannot find a case of mx, by search or by URL', async ({ page }) => {
  const family = uniqueWord('Gx');
  const mx = addCase({ given_names: 'Ernesto', family_names: family, nationality: 'GTM', country_of_return: 'GTM' });
  // a case of gt of the same family: what gt does find
  const gt = addCase({ given_names: 'Ernestina', family_names: family, office: 'gt', registration_point: 'tecun_uman', nationality: 'GTM', country_of_return: 'GTM' }, { as: 'caseworker-gt' });
  await signInAs(page, 'caseworker-gt');

  assert.deepEqual(await searchIds(page, family), [gt], 'by family name: the gt case only');
  assert.deepEqual(await searchIds(page, `Ernesto ${family}`), [], 'by the mx case\'s names: nothing');
  assert.deepEqual(await searchIds(page, mx), [], 'by the mx case id: nothing');
  assert.match(await page.locator('main').textContent(), /No case matches/);
  assert.deepEqual(await searchIds(page, gt), [gt], 'by the gt case id: that case');
  assert.ok(!(await page.content()).includes(mx), 'the mx case id is nowhere on the list');

  for (const path of [`/cases/${mx}`, `/cases/${mx}/edit`]) {
    const res = await page.goto(path);
    assert.equal(res.status(), 404, `GET ${path} answered ${res.status()}`);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Page not found');
    const html = await page.content();
    assert.ok(!html.includes('Ernesto') && !html.includes(family), 'nothing of the case on the page');
  }
  // a form made by hand, with gt's own valid token, is refused as unknown too
  await page.goto(`/cases/${gt}`);
  const csrf = await page.locator('input[name=csrf_token]').first().inputValue();
  for (const [path, form] of [[`/cases/${mx}/status`, { status: 'withdrawn' }], [`/cases/${mx}/edit`, { given_names: 'Hacked', 'orig.given_names': 'Ernesto' }]]) {
    const res = await page.request.post(path, { form: { csrf_token: csrf, version: '1', ...form }, maxRedirects: 0 });
    assert.equal(res.status(), 404, `POST ${path} answered ${res.status()}`);
  }
  const c = showCase(mx);
  assert.equal(c.status, 'registered', 'the mx case did not move');
  assert.equal(c.given_names, 'Ernesto', 'the mx case did not change');
});

webTest('a stale edit is caught: the other\'s change shown, what was typed kept, then saved', { timeout: SLOW }, async ({ page }) => {
  const family = uniqueWord('St');
  const id = addCase({ given_names: 'Teresa', family_names: family, education: 'primary' });
  await signInAs(page, 'caseworker-mx');
  const other = await newContext();
  try {
    const theirs = await other.newPage();
    await signInAs(theirs, 'supervisor');
    // both open the form
    for (const p of [page, theirs]) assert.equal((await p.goto(`/cases/${id}/edit`)).status(), 200);
    assert.equal(await form(page).locator('input[name=version]').inputValue(), '1');

    // the supervisor saves first
    await form(theirs).locator('input[name=education][value=secondary]').check();
    let res = await submit(theirs, form(theirs).locator('button[type=submit]'));
    assert.equal(res.status(), 303, `the first save answered ${res.status()}`);
    assert.equal(new URL(theirs.url()).searchParams.get('saved'), '1');

    // the caseworker's save, made on the old version, is caught
    await form(page).locator('input[name=given_names]').fill('María Teresa');
    await form(page).locator('select[name=occupation_sector]').selectOption('commerce');
    res = await submit(page, form(page).locator('button[type=submit]'));
    assert.equal(res.status(), 409, `a stale save answered ${res.status()}`);
    const stale = page.locator('#stale');
    assert.ok(await stale.isVisible(), 'a warning that someone else changed the case');
    const items = (await stale.locator('li').allTextContents()).map((s) => s.trim());
    assert.deepEqual(items, ['Education: Primary → Secondary'], 'it lists what the other changed');
    assert.equal(await form(page).locator('input[name=given_names]').inputValue(), 'María Teresa', 'the name typed is kept');
    assert.equal(await form(page).locator('select[name=occupation_sector]').inputValue(), 'commerce', 'the choice made is kept');
    assert.equal(await form(page).locator('input[name=education]:checked').getAttribute('value'), 'secondary', 'the field left alone shows the other\'s change');
    assert.equal(await form(page).locator('input[name=version]').inputValue(), '2', 'the form now holds the new version');
    let c = showCase(id);
    assert.equal(c.given_names, 'Teresa', 'nothing of the stale save was stored');

    // saved again, it goes through, and keeps the other's change
    res = await submit(page, form(page).locator('button[type=submit]'));
    assert.equal(res.status(), 303, `saving again answered ${res.status()}: ${await page.locator('.error-summary, #stale').first().textContent().catch(() => '')}`);
    assert.equal(new URL(page.url()).searchParams.get('saved'), '1');
    assert.equal((await page.locator('h1').textContent()).trim(), `María Teresa ${family}`);
    c = showCase(id);
    assert.equal(c.given_names, 'María Teresa');
    assert.equal(c.occupation_sector, 'commerce');
    assert.equal(c.education, 'secondary');
    assert.equal(c.version, '3');
  } finally {
    await other.close();
  }
});

webTest('a supervisor marks a case as a duplicate: it leaves the list and the search; restored, it is back', { timeout: SLOW }, async ({ page }) => {
  const family = uniqueWord('Dp');
  const original = addCase({ given_names: 'Irma', family_names: family, birth_date: '1975-01-20' });
  const copy = addCase({ given_names: 'Yrma', family_names: family, birth_date: '1975-01-20' });
  await signInAs(page, 'supervisor');
  const allCount = async () => {
    await page.goto('/cases');
    const text = await page.locator('ul.tabs li').first().textContent();
    const m = text.match(/\((\d+)\)/);
    assert.ok(m, `the tab "All" has a count: ${text}`);
    return Number(m[1]);
  };
  const before = await allCount();
  assert.deepEqual((await searchIds(page, family)).sort(), [original, copy].sort());

  await page.goto(`/cases/${copy}`);
  const dup = page.locator('.actions form[action$="/duplicate"]');
  await dup.locator('input[name=duplicate_of]').fill(original);
  let res = await submit(page, dup.locator('button[type=submit]'));
  assert.equal(res.status(), 303, `marking answered ${res.status()}: ${await page.locator('.error-summary').textContent().catch(() => '')}`);
  assert.equal(new URL(page.url()).searchParams.get('saved'), '1');
  const mark = page.locator('#is-duplicate');
  assert.ok(await mark.isVisible(), 'the case says it is a duplicate');
  assert.equal(await mark.locator(`a[href="/cases/${original}"]`).count(), 1, 'with a link to the original');
  await assertAccessible(page);
  assert.equal(showCase(copy).status, 'registered', 'its status is unchanged');

  assert.deepEqual(await searchIds(page, family), [original], 'the search finds the original only');
  assert.deepEqual(await searchIds(page, copy), [], 'nor by its id');
  assert.equal(await allCount(), before - 1, 'the count of all cases has one fewer');

  await page.goto(`/cases/${copy}`);
  const restore = page.locator('.actions form[action$="/duplicate"]');
  assert.match(await restore.textContent(), /Restore this case/);
  res = await submit(page, restore.locator('button[type=submit]'));
  assert.equal(res.status(), 303, `restoring answered ${res.status()}`);
  assert.equal(await page.locator('#is-duplicate').count(), 0, 'no longer a duplicate');
  assert.deepEqual((await searchIds(page, family)).sort(), [original, copy].sort(), 'both are found again');
  assert.equal(await allCount(), before, 'and counted again');
  await page.goto(`/cases/${copy}`);
  const rows = await historyRows(page);
  assert.ok(rows.filter((r) => r[1] === 'supervisor').length >= 2, `the history has the supervisor's mark and restore: ${JSON.stringify(rows)}`);
});

webTest('in Spanish the labels change, for the user wherever they sign in; and back to English', async ({ page }) => {
  const user = 'caseworker-gt';
  await signInAs(page, user);
  assert.equal((await page.goto('/cases/new')).status(), 200);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', `${user} starts in English`);
  try {
    await switchLanguage(page, 'es');
    assert.equal(new URL(page.url()).pathname, '/cases/new', 'the switch comes back to the page it was made on');
    assert.equal((await page.locator('nav a[href="/cases"]').textContent()).trim(), 'Casos');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Registrar personas');
    assert.equal((await page.locator('label[for=family_names]').textContent()).trim(), 'Apellidos');
    assert.equal((await addPersonButton(page).textContent()).trim(), 'Agregar una persona');
    assert.match(await page.title(), /^Registrar personas/);
    // the errors too
    const res = await submit(page, saveButton(page));
    assert.equal(res.status(), 422);
    assert.equal((await page.locator('.error-summary h2').textContent()).trim(), 'Hay un problema');
    // the language is the user's: a new session elsewhere is in Spanish
    const elsewhere = await newContext({ locale: 'en-GB' });
    try {
      const p2 = await elsewhere.newPage();
      await signIn(p2, user);
      await p2.goto('/cases');
      assert.equal(await p2.evaluate(() => document.documentElement.lang), 'es');
      assert.equal((await p2.locator('h1').textContent()).trim(), 'Casos');
    } finally {
      await elsewhere.close();
    }
  } finally {
    // as found: English
    await page.goto('/cases/new');
    await switchLanguage(page, 'en');
  }
  assert.equal((await page.locator('nav a[href="/cases"]').textContent()).trim(), 'Cases');
  assert.equal((await page.locator('label[for=family_names]').textContent()).trim(), 'Family names');
});
