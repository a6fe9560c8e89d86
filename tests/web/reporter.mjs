// A node:test reporter in the convention of tests/api and tests/cli: "ok: NAME" or "FAIL: NAME"
// (with the error beneath, indented) per test, "skip: NAME" for a skipped one, and a last line
// "web: N passed, M failed". A test is named after its file: test_login.mjs's "x" is "login: x";
// a test inside a describe() or a t.test() is "login: outer › inner". (lib.mjs's webTest, whose
// tests node:test places in lib.mjs, puts that prefix in the name itself.)
import path from 'node:path';

const MAX_ERROR_LINES = 20;

export function filePrefix(file) {
  const base = path.basename(String(file || ''));
  return /^test_.*\.m?js$/.test(base) ? base.replace(/^test_/, '').replace(/\.m?js$/, '') + ': ' : '';
}

function errorText(err) {
  if (!err) return '';
  // node:test wraps what the test threw in an ERR_TEST_FAILURE whose cause is the real error
  const e = err.code === 'ERR_TEST_FAILURE' && err.cause ? err.cause : err;
  let text = e instanceof Error || (e && e.message) ? (e.message || String(e)) : String(e);
  if (err.failureType === 'testTimeoutFailure') text = 'timed out: ' + text;
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() !== '');
  // where in a tests/web file it failed, when the stack says
  const at = String(e && e.stack ? e.stack : '').split('\n')
    .find((l) => /tests\/web\/test_[^/]*\.mjs:\d+/.test(l));
  if (at) lines.push(at.trim());
  const cut = lines.length > MAX_ERROR_LINES ? lines.slice(0, MAX_ERROR_LINES).concat('…') : lines;
  return cut.map((l) => '    ' + l).join('\n') + '\n';
}

export default async function* reporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const stack = []; // names and "has subtests" by nesting level
  for await (const { type, data } of source) {
    if (type === 'test:start') {
      stack[data.nesting] = { name: data.name, file: data.file, children: false };
      stack.length = data.nesting + 1;
      if (data.nesting > 0 && stack[data.nesting - 1]) stack[data.nesting - 1].children = true;
      continue;
    }
    if (type === 'test:stdout' || type === 'test:stderr') {
      yield data.message;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const names = stack.slice(0, data.nesting).map((s) => (s ? s.name : '?')).concat(data.name);
    const outer = data.nesting > 0 && stack[0] ? stack[0].file : data.file;
    let pre = filePrefix(outer);
    const first = names[0];
    const m = /^[\w.-]+: /.exec(first);
    if (!pre && m) pre = m[0]; // a webTest's own prefix
    const name = pre + names.map((n) => (pre && n.startsWith(pre) ? n.slice(pre.length) : n)).join(' › ');
    const me = stack[data.nesting];
    const hasChildren = Boolean(me && me.name === data.name && me.children);
    const details = data.details || {};
    if (data.skip !== undefined || data.todo !== undefined) {
      if (!hasChildren) skipped++;
      yield `skip: ${name}${typeof data.skip === 'string' ? ' (' + data.skip + ')' : ''}\n`;
    } else if (type === 'test:pass') {
      if (!hasChildren) {
        passed++;
        yield `ok: ${name}\n`;
      }
    } else {
      const err = details.error;
      // a suite or a test fails because a subtest failed: that one is already counted
      if (err && err.failureType === 'subtestsFailed') continue;
      failed++;
      yield `FAIL: ${name}\n${errorText(err)}`;
    }
  }
  if (skipped) yield `web: ${skipped} skipped\n`;
  yield `web: ${passed} passed, ${failed} failed\n`;
}
