// The dashboard (/report) for an analyst: the factsheet in its frame and its downloads, but no
// case -- /cases is refused, the menu has no link to it, and no name or case id appears on the
// page, in the factsheet or in what it downloads.
import assert from 'node:assert/strict';
import { webTest, retorno } from './lib.mjs';
import { signInAs } from './cases_lib.mjs';

// Every case's names and id, from an export of the whole database (the local administrator's)
function everyPerson() {
  const r = retorno(['export']);
  assert.equal(r.status, 0, `retorno export: ${r.stderr}`);
  const rows = r.stdout.trim().split('\n').map((line) => {
    // the demo's names hold no comma or quote; a field in quotes is read as such all the same
    const out = [];
    for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) out.push(m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
    return out;
  });
  const head = rows.shift();
  const col = (name) => head.indexOf(name);
  const [id, given, family] = [col('case_id'), col('given_names'), col('family_names')];
  assert.ok(id >= 0 && given >= 0 && family >= 0, `the export's columns: ${head}`);
  return rows.map((r) => ({ id: r[id], given: r[given], family: r[family] }));
}

// The names and ids of everyPerson() found in text: full names, compound family names (two words,
// never words of the page's own) and case ids
function personalData(text, people) {
  const found = new Set();
  for (const p of people) {
    if (text.includes(p.id)) found.add(p.id);
    if (p.given && p.family && text.includes(`${p.given} ${p.family}`)) found.add(`${p.given} ${p.family}`);
    if (p.family && p.family.includes(' ') && text.includes(p.family)) found.add(p.family);
  }
  for (const m of text.matchAll(/\b(?:DEMO|MX|GT)-\d[\d-]*/g)) found.add(m[0]);
  return [...found].slice(0, 10);
}

webTest('an analyst sees the dashboard and its factsheet, but no case: not in the menu, not at /cases, no name or id', async ({ page }) => {
  await signInAs(page, 'analyst');
  const res = await page.goto('/report');
  assert.equal(res.status(), 200, `GET /report answered ${res.status()}`);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Dashboard');
  assert.equal(await page.locator('nav a[href="/report"]').count(), 1, 'the menu has the dashboard');
  assert.equal(await page.locator('a[href="/cases"], a[href="/cases/new"], a[href^="/cases?"]').count(), 0, 'no link to the cases');

  // the downloads, one per format, of this very factsheet
  const hrefs = await page.locator('main a[download]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs.map((h) => new URL(h, 'http://x').searchParams.get('format')), ['pdf', 'html', 'csv', 'json']);
  for (const h of hrefs) assert.match(h, /^\/api\/v1\/report\?/);

  // the factsheet loads in its frame (lazily: brought into view)
  const frame = page.locator('iframe.report');
  assert.equal(await frame.count(), 1, 'a frame of the factsheet');
  assert.match(await frame.getAttribute('src'), /^\/api\/v1\/report\?.*format=html/);
  await frame.scrollIntoViewIfNeeded();
  const inside = page.frameLocator('iframe.report');
  await inside.locator('h1').waitFor({ timeout: 30_000 });
  const factsheet = await inside.locator('body').innerText();
  assert.ok(factsheet.length > 200, `the factsheet says something: ${factsheet.slice(0, 200)}`);
  assert.equal(await page.evaluate(() => document.querySelector('iframe.report').contentDocument.documentElement.lang), 'en');

  // no name, no case id: on the page, in the factsheet, in the downloads
  const people = everyPerson();
  assert.ok(people.length >= 300, `the demo's cases: ${people.length}`);
  const pageText = `${await page.content()}\n${await page.locator('body').innerText()}`;
  assert.deepEqual(personalData(pageText, people), [], 'personal data on the dashboard');
  assert.deepEqual(personalData(factsheet, people), [], 'personal data in the factsheet');
  for (const format of ['csv', 'json']) {
    const got = await page.request.get(hrefs.find((h) => h.includes(`format=${format}`)));
    assert.equal(got.status(), 200, `the ${format} download answered ${got.status()}`);
    assert.deepEqual(personalData(await got.text(), people), [], `personal data in the ${format} download`);
  }

  // the cases are refused, with a page that says so
  for (const path of ['/cases', '/cases/new', `/cases/${people[0].id}`]) {
    const r = await page.goto(path);
    assert.equal(r.status(), 403, `GET ${path} answered ${r.status()}`);
    assert.equal((await page.locator('h1').textContent()).trim(), 'You cannot do this');
    assert.equal(await page.locator('a[href="/cases"]').count(), 0);
    assert.ok(!(await page.content()).includes(people[0].family), 'nothing of the case');
  }
});
