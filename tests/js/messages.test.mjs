// Unit tests of www/extension/messages.js: every constructor makes a message its validator
// accepts; malformed messages are refused (and logged) on receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as msg from '../../www/extension/messages.js';

const made = [
  msg.begin('c1'),
  msg.collected('c1', [{ frame: 0, url: 'http://x/', events: '\u0001html\u0002\u0003' }], [{ text: '某区2024年政府信息公开工作年度报告' }]),
  msg.cleared('c1'),
  msg.show('c1', [{ frame: 1, url: 'http://x/f', json: '{}', checkMs: 1.5 }], { collectMs: 3, checkMs: 2 }, { vocabulary: { severities: {} }, rules: [] }, { reviews: { 'fp1-x': { status: 'verified' } }, settings: { history: true } }),
  msg.shown('c1', { reports: 1, marks: 2, unplaced: 0, errors: 1, warnings: 0, infos: 0, reviewed: 1, markMs: 0.4, title: 't', year: 2024, url: 'http://x/' }),
  msg.fail('c1', new Error('boom').message),
  msg.failed('c1'),
  msg.ignored('nothing collected'),
  msg.links('c1', [{ index: 0, title: 't', year: 2024 }]),
  msg.checkDocs([{ url: 'http://x/a.html', events: '' }]),
  msg.checked([{ url: 'http://x/a.html', json: '{}' }]),
  msg.decode('http://x/a.html', 'PGh0bWw+'),
  msg.decoded('{}'),
  msg.review({ 'fp1-x': null }),
  msg.settings({ history: false }),
  msg.history(true),
  msg.historyList([]),
  msg.print({ title: 't', reports: [] }),
  msg.attachment('http://x/年报.pdf'),
  msg.problem('install', 'boom'),
  msg.ok(),
];

test('every constructor makes a well-formed message, one per kind', () => {
  assert.deepEqual(made.map((m) => m.type), msg.TYPES);
  for (const m of made) assert.deepEqual(msg.problems(m), [], m.type);
  // Every check carries its id.
  for (const m of made.filter((x) => ['begin', 'collected', 'cleared', 'show', 'shown', 'fail', 'failed', 'links'].includes(x.type))) assert.equal(m.id, 'c1', m.type);
  // They survive the trip through executeScript (JSON-able values).
  for (const m of made) assert.deepEqual(msg.problems(JSON.parse(JSON.stringify(m))), []);
});

test('optional fields may be left out', () => {
  assert.deepEqual(msg.problems(msg.show('c2', [{ frame: 0, url: '', json: '{}' }], {}, {})), []);
});

test('malformed messages are refused with the reason', () => {
  const cases = [
    [null, /not a message/],
    ['begin', /not a message/],
    [{ type: 'hello' }, /unknown message type "hello"/],
    [{ type: 'collected' }, /collected\.docs: missing/],
    [{ type: 'collected', docs: {} }, /collected\.docs: not an array/],
    [{ type: 'collected', docs: [{ frame: -1, url: '', events: '' }] }, /docs\[0\]\.frame: unexpected number/],
    [{ type: 'collected', docs: [{ frame: 0, url: '', events: 5 }] }, /docs\[0\]\.events: unexpected number/],
    [{ type: 'show', results: [{ frame: 0, url: '', json: {} }], timing: {}, words: {} }, /results\[0\]\.json: unexpected object/],
    [{ type: 'show', results: [], timing: { checkMs: NaN }, words: {} }, /timing\.checkMs/],
    [{ type: 'show', results: [], timing: {}, words: { rules: {} } }, /words\.rules/],
    [{ type: 'shown', reports: 1, marks: 1, unplaced: 0, errors: 0, warnings: 0, infos: 0 }, /shown\.markMs: missing/],
    [{ type: 'fail' }, /fail\.message: missing/],
    [{ type: 'begin', extra: 1 }, /begin\.extra: not a field/],
    [{ type: 'attachment', url: 'javascript:alert(1)' }, /attachment\.url: unexpected string/],
  ];
  for (const [value, why] of cases) {
    const p = msg.problems(value);
    assert.ok(p.length > 0, JSON.stringify(value));
    assert.match(p.join('; '), why, JSON.stringify(value));
  }
});

test('a message of a kind not expected there is refused', () => {
  assert.match(msg.problems(msg.begin(), ['shown', 'ignored']).join(), /not expected here/);
  assert.deepEqual(msg.problems(msg.ignored('x'), ['shown', 'ignored']), []);
});

test('receive: returns a good message as is; drops and logs a bad one', (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const m = msg.cleared('c1');
  assert.equal(msg.receive(m, ['collected', 'cleared']), m);
  assert.equal(warn.mock.callCount(), 0);
  assert.equal(msg.receive({ type: 'collected', docs: [{}] }, ['collected', 'cleared']), null);
  assert.equal(msg.receive(undefined), null);
  assert.equal(warn.mock.callCount(), 2);
  assert.match(warn.mock.calls[0].arguments.join(' '), /dropped a malformed message.*docs\[0\]\.frame: missing/);
});
