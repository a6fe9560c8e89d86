// The harness checks itself, so that a broken helper cannot pass every page: the server answers,
// and each guard of lib.mjs catches what it is for, on pages made up here (routed in the browser,
// on the server's origin, under a Content-Security-Policy as strict as the app's).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webTest, newContext, guardErrors, noExternalRequests, axeCheck, screenshot, horizontalOverflow, ORIGIN } from './lib.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

// pages of our own at ORIGIN/harness/NAME ({ NAME: html }), everything outside the server refused
async function fakePages(pages) {
  const context = await newContext();
  await context.route(`${ORIGIN}/harness/**`, (route) => {
    const body = pages[new URL(route.request().url()).pathname.slice('/harness/'.length)];
    if (body === undefined) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': CSP }, body });
  });
  await context.route((url) => url.origin !== ORIGIN, (route) => route.abort());
  const page = await context.newPage();
  return { context, page };
}

const GOOD = '<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Good</title></head><body><main><h1>Good</h1>' +
  '<form method="post" action="/harness/next"><label for="u">Name</label><input id="u" name="u">' +
  '<button>Go</button></form></main></body></html>';

webTest('/healthz loads in the browser', async ({ page }) => {
  const res = await page.goto('/healthz');
  assert.equal(res.status(), 200);
  assert.match(await page.textContent('body'), /"status"\s*:\s*"ok"/);
});

test('axe-core runs under a strict CSP and finds a missing label and alt text', async () => {
  const { context, page } = await fakePages({
    bad: '<!doctype html><html lang="en"><title>Bad</title><main><h1>Bad</h1><input name="x"><img src="/harness/i.png"></main></html>',
    good: GOOD,
  });
  try {
    await page.goto('/harness/bad');
    const ids = (await axeCheck(page)).map((v) => v.id).sort();
    assert.deepEqual(ids, ['image-alt', 'label']);
    await page.goto('/harness/good');
    assert.deepEqual(await axeCheck(page), []);
  } finally {
    await context.close();
  }
});

test('the error guard catches a page error and a failed stylesheet, not an error status of the document', async () => {
  const { context, page } = await fakePages({
    x: '<!doctype html><html lang="en"><title>x</title><link rel="stylesheet" href="/harness/missing.css"><p>x</p></html>',
  });
  try {
    const guard = guardErrors(page);
    await page.goto('/no-such-page-here'); // the server's 404: the test checks statuses itself
    assert.deepEqual(guard.list(), []);
    await page.goto('/harness/x');
    await page.evaluate(() => setTimeout(() => { throw new Error('thrown by the page'); }, 0));
    await page.waitForTimeout(100);
    const list = guard.list();
    assert.ok(list.some((l) => /thrown by the page/.test(l)), list.join('\n'));
    assert.ok(list.some((l) => /missing\.css/.test(l)), list.join('\n'));
    assert.throws(() => guard.check(), /the page logged errors/);
  } finally {
    await context.close();
  }
});

test('the request guard records a request outside the server', async () => {
  const { context, page } = await fakePages({
    x: '<!doctype html><html lang="en"><title>x</title><img alt="" src="http://203.0.113.7/pixel.png"><p>x</p></html>',
  });
  try {
    const outside = noExternalRequests(page);
    await page.goto('/harness/x');
    assert.deepEqual(outside, ['http://203.0.113.7/pixel.png']);
  } finally {
    await context.close();
  }
});

test('a screenshot is a PNG at 360 px wide', async () => {
  const context = await newContext({ viewport: 'mobile' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retorno-web-shot.'));
  try {
    const page = await context.newPage();
    await page.setContent(GOOD);
    const file = await screenshot(page, dir, 'good');
    const png = fs.readFileSync(file);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 360); // IHDR width
    assert.equal(await horizontalOverflow(page), 0);
    // without <meta name="viewport"> a phone lays the page out 980 px wide
    const bare = await context.newPage();
    await bare.setContent('<!doctype html><html lang="en"><title>x</title><p>x</p></html>');
    assert.equal(await bare.evaluate(() => document.documentElement.clientWidth), 980);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
