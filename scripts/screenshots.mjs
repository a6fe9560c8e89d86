// Screenshots of the web app's main pages in English and Spanish, for docs/screenshots/ and the
// README. Run by `make screenshots`, which starts a demo server for it (tests/web/run.sh --exec):
//   RETORNO_BIN=$PWD/retorno tests/web/run.sh --exec node scripts/screenshots.mjs [DIR]
// DIR defaults to docs/screenshots. Files: NAME-LANG.png, and NAME-LANG-mobile.png at 360 px.
// What to adjust as the pages change: PAGES (what, as whom, at which sizes) and, in
// tests/web/browser.mjs, switchLanguage (the language form: POST /account/lang, field lang).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  newContext, closeBrowser, signIn, switchLanguage, screenshot, guardErrors, BASE_URL,
} from '../tests/web/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] || path.join(root, 'docs/screenshots'));

const LANGS = ['en', 'es'];
// browser locale per language (the sign-in page has no user yet: Accept-Language may choose)
const LOCALES = { en: 'en-GB', es: 'es-MX' };

// name: file name; user: who signs in (null: signed out; then the page's language comes from
// ?lang=); path: a path, or a function (page, lang) giving one; viewports: 'desktop' and/or
// 'mobile' (360 px). A signed-in user's language is switched with switchLanguage.
const PAGES = [
  { name: 'login', user: null, path: (page, lang) => `/login?lang=${lang}`, viewports: ['desktop', 'mobile'] },
  { name: 'cases', user: 'caseworker-mx', path: '/cases', viewports: ['desktop', 'mobile'] },
  { name: 'case-new', user: 'caseworker-mx', path: '/cases/new', viewports: ['desktop', 'mobile'] },
  { name: 'case', user: 'caseworker-mx', path: firstCase, viewports: ['desktop'] },
  { name: 'report', user: 'analyst', path: '/report', viewports: ['desktop'] },
  { name: 'admin-users', user: 'admin', path: '/admin/users', viewports: ['desktop'] },
  { name: 'account', user: 'caseworker-mx', path: '/account', viewports: ['desktop'] },
];

// the first case linked from the case list
async function firstCase(page) {
  const got = await page.goto('/cases');
  if (got.status() !== 200) throw new Error(`GET /cases answered ${got.status()}`);
  const href = await page.locator('a[href^="/cases/"]:not([href="/cases/new"])').first().getAttribute('href', { timeout: 5000 });
  return href;
}

async function shoot(entry, lang, viewport) {
  const file = `${entry.name}-${lang}${viewport === 'mobile' ? '-mobile' : ''}`;
  const context = await newContext({ viewport, locale: LOCALES[lang] });
  try {
    const page = await context.newPage();
    const errors = guardErrors(page);
    if (entry.user) {
      await signIn(page, entry.user);
      await switchLanguage(page, lang);
    }
    const where = typeof entry.path === 'function' ? await entry.path(page, lang) : entry.path;
    const res = await page.goto(where);
    await page.waitForLoadState('networkidle');
    if (res.status() !== 200) throw new Error(`GET ${where} answered ${res.status()}`);
    const lang0 = await page.evaluate(() => document.documentElement.lang);
    if (!lang0.startsWith(lang)) throw new Error(`${where} is in "${lang0}", not ${lang}`);
    const logged = errors.list();
    if (logged.length) throw new Error(`${where} logged errors:\n  ${logged.join('\n  ')}`);
    const saved = await screenshot(page, OUT, file);
    const shown = saved.startsWith(root + path.sep) ? path.relative(root, saved) : saved;
    console.log(`saved ${shown} (${where}${entry.user ? ' as ' + entry.user : ''})`);
    return true;
  } catch (err) {
    console.log(`FAIL: ${file}: ${String(err.message).split('\n')[0]}`);
    return false;
  } finally {
    await context.close().catch(() => {});
  }
}

let failed = 0;
let saved = 0;
console.log(`screenshots of ${BASE_URL} into ${OUT}`);
for (const entry of PAGES) {
  for (const lang of LANGS) {
    for (const viewport of entry.viewports) {
      if (await shoot(entry, lang, viewport)) saved++;
      else failed++;
    }
  }
}
await closeBrowser();
console.log(`screenshots: ${saved} saved, ${failed} failed`);
process.exit(failed ? 1 : 0);
