// Loads the browser-test files named on the command line into one process, so that they share
// one Chromium (lib.mjs launches it once and closes it after the last test). A file that cannot
// be loaded (a syntax error, a missing import) is a failed test, not a crash.
//   node --test-reporter=./reporter.mjs runner.mjs test_login.mjs ...
import { test } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(path.resolve(file)).href);
  } catch (err) {
    test(`${path.basename(file)} loads`, () => {
      throw err;
    });
  }
}
