// The browser side of tests/web, free of node:test so that a plain script can use it too
// (scripts/screenshots.mjs): Debian's Chromium driven by playwright-core, launched once per
// process, a fresh context per use, the guards every page must pass, signing in, switching the
// language, axe-core and screenshots. Tests import lib.mjs, which re-exports all of this.
// The environment (tests/web/run.sh sets it):
//   BASE_URL      the server, e.g. http://127.0.0.1:41234 (no trailing slash)
//   RETORNO_DB    its database (the demo: users admin, supervisor, caseworker-mx,
//                 caseworker-gt, analyst; password retorno-demo)
//   RETORNO_BIN   the retorno binary under test (for retorno() below)
//   CHROMIUM      the browser (default /usr/bin/chromium)
//   WEB_ARTIFACTS where a failed test leaves its screenshot (default: none kept)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const ORIGIN = new URL(BASE_URL).origin;
export const DB = process.env.RETORNO_DB || '';
export const RETORNO_BIN = process.env.RETORNO_BIN || '';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.WEB_ARTIFACTS || '';

export const DEMO_PASSWORD = 'retorno-demo';
export const DEMO_USERS = ['admin', 'supervisor', 'caseworker-mx', 'caseworker-gt', 'analyst'];
export const SESSION_COOKIE = 'retorno_session';

// a phone (the 360 px) and a small laptop
export const VIEWPORTS = {
  mobile: { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};

// Playwright waits this long for an element or a navigation before failing the step
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;

// ---- the browser: launched on first use, closed by closeBrowser()

let browserPromise = null;

export function browser() {
  if (!browserPromise) {
    browserPromise = chromium
      .launch({
        executablePath: CHROMIUM,
        headless: true,
        // as root in a container Chromium's sandbox cannot start; the pages under test are ours
        chromiumSandbox: false,
        args: ['--disable-gpu', '--disable-dev-shm-usage'],
      })
      .catch((err) => {
        throw new Error(`cannot start Chromium at ${CHROMIUM} (Debian package chromium; make deps): ${err.message}`);
      });
  }
  return browserPromise;
}

// Closes the browser if it was launched (lib.mjs does it after the last test; a script calls it).
export async function closeBrowser() {
  if (!browserPromise) return;
  const p = browserPromise;
  browserPromise = null;
  const b = await p.catch(() => null);
  if (b) await b.close().catch(() => {});
}

// A fresh context: no cookies, its own storage. viewport is 'desktop' (default), 'mobile' or a
// Playwright context option object; locale sets Accept-Language (default en-GB); the rest is
// passed to browser.newContext (e.g. javaScriptEnabled: false).
export async function newContext({ viewport = 'desktop', locale = 'en-GB', ...rest } = {}) {
  const view = typeof viewport === 'string' ? VIEWPORTS[viewport] : viewport;
  assert.ok(view, `unknown viewport ${viewport} (have: ${Object.keys(VIEWPORTS).join(', ')})`);
  const ctx = await (await browser()).newContext({ baseURL: BASE_URL, locale, ...view, ...rest });
  ctx.setDefaultTimeout(ACTION_TIMEOUT_MS);
  ctx.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  return ctx;
}

// ---- what every page must do

// Records console errors and uncaught page errors. A document the server answered with an error
// status (a 404 page, a form answered 422) makes Chromium log "Failed to load resource": that one
// is not counted (the test checks the status it expects); a failed stylesheet or image is.
// allow: regular expressions of console messages to let through.
export function guardErrors(page, allow = []) {
  const errors = [];
  const documents = new Set(); // main-frame documents answered with status >= 400
  page.on('response', (res) => {
    const req = res.request();
    if (res.status() >= 400 && req.isNavigationRequest() && req.frame() === page.mainFrame()) documents.add(res.url());
  });
  const messages = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') messages.push({ text: msg.text(), url: msg.location().url || '' });
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return {
    errors,
    // every error so far, as lines
    list() {
      const out = [...errors];
      for (const m of messages) {
        if (/^Failed to load resource: the server responded with a status of/.test(m.text) && documents.has(m.url)) continue;
        if (allow.some((re) => re.test(m.text))) continue;
        out.push(`console error: ${m.text}${m.url ? ' (' + m.url + ')' : ''}`);
      }
      return out;
    },
    check() {
      const list = this.list();
      assert.deepEqual(list, [], `the page logged errors:\n  ${list.join('\n  ')}`);
    },
  };
}

// Records every request the page makes whose origin is not the server's (the app must make none).
// Returns the live array of their URLs.
export function noExternalRequests(page) {
  const outside = [];
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    let origin;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = url;
    }
    if (origin !== ORIGIN) outside.push(url);
  });
  return outside;
}

// ---- actions

// Signs in through the form at /login (fields username and password) and waits for the page the
// server answers with. Returns the response to the form's POST (its status, its headers).
export async function signIn(page, user, password = DEMO_PASSWORD) {
  const got = await page.goto('/login');
  assert.equal(got.status(), 200, `signIn: GET /login answered ${got.status()}`);
  const form = page.locator('form:has(input[name=username])');
  await form.locator('input[name=username]').fill(user);
  await form.locator('input[name=password]').fill(password);
  const posted = page.waitForResponse(
    (res) => res.request().method() === 'POST' && res.request().isNavigationRequest(),
  );
  const submit = form.locator('button[type=submit], button:not([type]), input[type=submit]');
  if ((await submit.count()) > 0) await submit.first().click();
  else await form.locator('input[name=password]').press('Enter');
  const res = await posted;
  await page.waitForLoadState('load');
  return res;
}

// The language switch of the pages: a form posting to /account/lang with a field lang (en, es).
export const LANGUAGE_FORM = 'form[action$="/account/lang"]';

// Switches the signed-in user's language with that form, on the current page or else on /account:
// one form per language (a hidden lang), or one form with a select, radios or a button per
// language. Waits for the page the server answers with and checks that <html lang> is lang.
// Does nothing (returns null) when the page is in that language already. The language belongs to
// the user, in the database all tests share: a test that switches switches back at its end.
export async function switchLanguage(page, lang) {
  const htmlLang = () => page.evaluate(() => document.documentElement.lang || '');
  if ((await htmlLang()).startsWith(lang)) return null;
  let forms = page.locator(LANGUAGE_FORM);
  if ((await forms.count()) === 0) {
    const got = await page.goto('/account');
    assert.equal(got.status(), 200, `switchLanguage: GET /account answered ${got.status()}`);
    forms = page.locator(LANGUAGE_FORM);
  }
  assert.ok((await forms.count()) > 0, `switchLanguage: no ${LANGUAGE_FORM} on ${page.url()}`);
  const SUBMIT = 'button[type=submit], button:not([type]), input[type=submit]';
  const hidden = forms.filter({ has: page.locator(`input[type=hidden][name=lang][value="${lang}"]`) });
  const button = forms.locator(`button[name=lang][value="${lang}"]`);
  let submit;
  if ((await hidden.count()) > 0) submit = hidden.first().locator(SUBMIT);
  else if ((await button.count()) > 0) submit = button;
  else {
    const form = forms.filter({ has: page.locator(`select[name=lang], input[type=radio][name=lang][value="${lang}"]`) }).first();
    assert.ok((await form.count()) > 0, `switchLanguage: no way to choose "${lang}" in ${LANGUAGE_FORM} on ${page.url()}`);
    const select = form.locator('select[name=lang]');
    if ((await select.count()) > 0) await select.selectOption(lang);
    else await form.locator(`input[type=radio][name=lang][value="${lang}"]`).check();
    submit = form.locator(SUBMIT);
  }
  const posted = page.waitForResponse((res) => res.request().method() === 'POST' && res.request().isNavigationRequest());
  await submit.first().click();
  const res = await posted;
  await page.waitForLoadState('load');
  const now = await htmlLang();
  assert.ok(now.startsWith(lang), `switchLanguage: <html lang="${now}"> after choosing ${lang}`);
  return res;
}

// The session cookie of a context, or undefined.
export async function sessionCookie(context) {
  return (await context.cookies(BASE_URL)).find((c) => c.name === SESSION_COOKIE);
}

// ---- accessibility

let axeSource = null;

// Runs axe-core on the page and returns its violations of impact serious or critical, each as
// { id, impact, help, targets }. axe is evaluated through the DevTools protocol rather than
// added as a <script>: the pages' Content-Security-Policy rightly refuses inline scripts (and
// page.addScriptTag is one), while an evaluation is not subject to it. options go to axe.run
// (e.g. { runOnly: [...] }); context defaults to the whole document.
export async function axeCheck(page, { context = null, options = {} } = {}) {
  if (axeSource === null) axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    ([ctx, opts]) => window.axe.run(ctx || document, { resultTypes: ['violations'], ...opts }),
    [context, options],
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

// axeCheck's violations as readable lines, for an assertion's message
export function formatViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 5).join(', ')}${v.targets.length > 5 ? ', …' : ''}`)
    .join('\n  ');
}

export async function assertAccessible(page, opts) {
  const v = await axeCheck(page, opts);
  assert.deepEqual(v, [], `axe: serious or critical violations on ${page.url()}:\n  ${formatViolations(v)}`);
}

// How many CSS pixels the page is wider than its viewport (0: no sideways scrolling at 360 px)
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// ---- screenshots

// Saves a PNG of the page as DIR/NAME.png (the whole page unless fullPage: false); returns its path.
export async function screenshot(page, dir, name, { fullPage = true } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

// ---- the command line against the test database (e.g. to add a user)

export function retorno(args, { input = '', as = null } = {}) {
  assert.ok(RETORNO_BIN && DB, 'RETORNO_BIN and RETORNO_DB must be set (tests/web/run.sh sets them)');
  const argv = ['--db', DB, ...(as ? ['--as', as] : []), ...args];
  const r = spawnSync(RETORNO_BIN, argv, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

