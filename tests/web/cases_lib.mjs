// Helpers of the case tests (test_cases.mjs, test_dashboard.mjs, test_a11y.mjs): names of their
// own, cases made with the command line, forms submitted, the list searched. Not a test file.
import assert from 'node:assert/strict';
import { retorno, signIn } from './lib.mjs';

// Signs the page's context in as a demo user: through the form the first time in this process,
// then with the session cookie that gave (a sign-in costs an argon2id hash, seconds on a loaded
// machine; the sign-in form itself is test_login's). The demo users' sessions are never ended by
// these tests.
const sessions = new Map();
export async function signInAs(page, user) {
  const context = page.context();
  if (sessions.has(user)) {
    await context.addCookies(sessions.get(user));
    return;
  }
  const res = await signIn(page, user);
  assert.equal(res.status(), 303, `signing in as ${user} answered ${res.status()}`);
  sessions.set(user, await context.cookies());
}

// A word of letters only, new each call (names refuse digits): "Kelomaru"-like, so that a test's
// people meet neither the demo's nor another test's in a search or the duplicate check.
// (The database is new for each run: unique within a run is enough.)
let serial = Math.floor(Math.random() * 4096) * 1000;
export function uniqueWord(prefix = 'Zu') {
  const syl = ['ka', 'lo', 'mi', 'ru', 'te', 'vo', 'xe', 'qui', 'zan', 'bel', 'dor', 'fin', 'gus', 'hor', 'jel', 'wip'];
  // consecutive numbers scrambled, so that two words differ in most syllables (the duplicate
  // check compares names by sound and spelling)
  let n = Number((BigInt(++serial) * 2654435761n) % 16777216n) + 16777216;
  let s = '';
  while (n > 0) {
    s += syl[n % syl.length];
    n = Math.floor(n / syl.length);
  }
  return prefix + s;
}

// A date n days before today (UTC), as YYYY-MM-DD
export function daysAgo(n) {
  return new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
}

// Registers a case with the command line (as: a user of the demo, or the local administrator);
// fields: { column: value }; returns its id.
export function addCase(fields, { as = 'caseworker-mx' } = {}) {
  const all = {
    program: 'avr',
    office: 'mx',
    registration_point: 'tijuana',
    registration_date: daysAgo(10),
    sex: 'female',
    birth_date: '1990-05-17',
    nationality: 'HND',
    country_of_return: 'HND',
    unaccompanied_minor: 'no',
    ...fields,
  };
  const r = retorno(['case', 'add', ...Object.entries(all).map(([k, v]) => `${k}=${v}`)], { as });
  assert.equal(r.status, 0, `retorno case add: ${r.stderr}${r.stdout}`);
  const m = r.stdout.match(/^(\S+) registered/m);
  assert.ok(m, `retorno case add printed no id: ${r.stdout}`);
  return m[1];
}

// `retorno case show ID` as { column: value } (without its history); null when refused
export function showCase(id, as = null) {
  const r = retorno(['case', 'show', id], { as });
  if (r.status !== 0) return null;
  const out = {};
  for (const line of r.stdout.split('\n')) {
    if (line.trim() === '') break;
    const m = line.match(/^(\S+)\s*(.*)$/);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

// Submits a form by its button (or by pressing Enter in a field) and returns the response to the
// POST; the page shown afterwards is the one the server answered with (after a redirect, the GET's).
// (It waits for the load of the new document: after a 303 the POST's response comes before the
// redirect's navigation starts, when waitForLoadState would still see the old page.)
export async function submit(page, button) {
  const posted = page.waitForResponse((res) => res.request().method() === 'POST' && res.request().isNavigationRequest());
  const loaded = page.waitForEvent('load');
  await button.click();
  const res = await posted;
  await loaded;
  return res;
}

// The ids of the cases listed at /cases?q=QUERY (first page); extra: more filters
export async function searchIds(page, q, extra = {}) {
  const qs = new URLSearchParams({ q, ...extra }).toString();
  const res = await page.goto(`/cases?${qs}`);
  assert.equal(res.status(), 200, `GET /cases?${qs} answered ${res.status()}`);
  return listedIds(page);
}

export async function listedIds(page) {
  return page.locator('main table tbody tr a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice('/cases/'.length)));
}

// The text of the error summary's links, as { href: text }
export async function summaryLinks(page) {
  return page.locator('.error-summary a').evaluateAll((as) => Object.fromEntries(as.map((a) => [a.getAttribute('href'), a.textContent.trim()])));
}

// The rows of the history table of a case page, as arrays of cell texts
export async function historyRows(page) {
  return page.locator('main table').last().locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
}

// The person fields of the family form are COLUMN for person 1 and COLUMN.K for person K
export const personField = (name, k) => (k <= 1 ? name : `${name}.${k}`);

// Fills person k of the family form: { given_names, family_names, sex, birth_date, age,
// nationality, unaccompanied_minor, travelling_with }
export async function fillPerson(page, k, person) {
  const f = (name) => page.locator(`form.case-form [name="${personField(name, k)}"]`);
  for (const name of ['given_names', 'family_names', 'birth_date', 'age']) if (person[name] !== undefined) await f(name).fill(person[name]);
  if (person.nationality) await f('nationality').selectOption(person.nationality);
  for (const name of ['sex', 'unaccompanied_minor', 'travelling_with', 'migration_status', 'education']) {
    if (person[name] !== undefined) await page.locator(`form.case-form input[name="${personField(name, k)}"][value="${person[name]}"]`).check();
  }
}

// Fills the fields a family shares: { program, office, registration_point, registration_date,
// country_of_return, transport_mode }
export async function fillShared(page, shared) {
  const form = page.locator('form.case-form');
  if (shared.program) await form.locator(`input[name=program][value="${shared.program}"]`).check();
  if (shared.office) await form.locator('select[name=office]').selectOption(shared.office);
  if (shared.registration_point) await form.locator('select[name=registration_point]').selectOption(shared.registration_point);
  if (shared.registration_date) await form.locator('input[name=registration_date]').fill(shared.registration_date);
  if (shared.country_of_return) await form.locator('select[name=country_of_return]').selectOption(shared.country_of_return);
  if (shared.transport_mode !== undefined) await form.locator(`input[name=transport_mode][value="${shared.transport_mode}"]`).check();
}

export const saveButton = (page) => page.locator('form.case-form button[name=action][value=save]');
export const addPersonButton = (page) => page.locator('form.case-form button[name=action][value=add]');

// The action form of a case page that moves it to status `to`
export const moveForm = (page, to) => page.locator(`.actions form[action$="/status"]:has(input[name=status][value="${to}"])`);
