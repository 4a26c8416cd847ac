// Unit tests of www/findings.js (no browser): reports shaped like the core's JSON (the shapes of
// the seeds' findings: T101 with an expected total, T103 without, P402, P411, S303, S304, S308,
// V202) → places, roles, tooltips, fixes, groups, guards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  marksOf, placesOf, locationKey, severityRank, worstSeverity, drawAs, holdsValue, sameNumbering, tipEntries, tipText, summaryLine,
  tableCellMarks, tableCellKey, fixParts, placeName, oneLine,
} from '../../www/findings.js';

// Words as the core's vocabulary() and rules() give them (here: made-up labels, so that the
// tests show they come from the caller, not from findings.js).
const words = {
  vocabulary: { severities: { error: 'E!', warning: 'W!', info: 'I!' }, tables: { requests: 'T-requests' }, formats: {}, accept: '.x' },
  rules: [
    { code: 'T101', name: 'requests-row-total', severity: 'error', scope: 'table', summary: 'row total', basisLine: '甲文〔2021〕30号 表三' },
    { code: 'P402', name: 'repeated-clause', severity: 'warning', scope: 'prose', summary: 'repeated clause' },
  ],
};

const text = (line, s, e) => ({ kind: 'text', start: s * 3, end: e * 3, u16_start: s, u16_end: e, line });
const html = (element, s, e) => ({ kind: 'html', element, start: s, end: e, u16_start: s, u16_end: e });
const cell = (row, col, value, location, expected) => {
  const c = { table: 'requests', table_title: 'T-requests', row, col, value };
  if (expected != null) Object.assign(c, { expected, fix: `T-requests「${row}」行「${col}」列：写作「${value}」，应为${expected}` });
  if (location) c.location = location;
  return c;
};

// T101: 总计 should be 1; the six addends take part.
const total = cell('四、结转下年度继续办理', '总计', '0', text(338, 2495, 2496), '1');
const addend = cell('四、结转下年度继续办理', '自然人', '1', text(332, 2477, 2478));
const T101 = { code: 'T101', rule: 'requests-row-total', severity: 'error', scope: 'table', message: '「四、结转」行：总计写作0，\n但之和为1', cells: [total, addend], location: total.location, locations: [total.location, addend.location] };
// T103: a balance that does not hold, no expected value.
const b1 = cell('一、本年新收', '自然人', '2', text(77, 1454, 1455));
const b2 = cell('二、上年结转', '自然人', '0', text(86, 1494, 1495));
const T103 = { code: 'T103', rule: 'requests-balance', severity: 'error', scope: 'table', message: '不等', cells: [b1, b2], location: b1.location, locations: [b1.location, b2.location] };
// P402: a clause twice in one sentence.
const P402 = { code: 'P402', rule: 'repeated-clause', severity: 'warning', scope: 'prose', message: '重复', cells: [], excerpt: 'x', location: text(401, 2999, 3011), locations: [text(401, 2986, 2998), text(401, 2999, 3011)] };
// P411: the prose against a table cell.
const p411cell = cell('一、本年新收', '总计', '25', text(75, 2254, 2256));
const P411 = { code: 'P411', rule: 'prose-applications', severity: 'error', scope: 'prose', message: '正文称27件', cells: [p411cell], excerpt: 'y', location: text(5, 664, 677), locations: [text(5, 664, 677), p411cell.location] };
// S303: a misspelt label (no cells), S304: the spot of a missing one (empty range), S308: a
// missing section (no place at all), V201: a note.
const S303 = { code: 'S303', rule: 'misspelled-label', severity: 'warning', scope: 'table', message: '表头', cells: [], excerpt: '结果', location: text(299, 2905, 2907), locations: [text(299, 2905, 2907)] };
const S304 = { code: 'S304', rule: 'missing-label', severity: 'warning', scope: 'table', message: '缺少', cells: [], excerpt: '', location: text(45, 1389, 1389), locations: [text(45, 1389, 1389)] };
const S308 = { code: 'S308', rule: 'missing-section', severity: 'warning', scope: 'document', message: '缺少章节', cells: [], excerpt: '三、' };
const V201 = { code: 'V201', rule: 'blank-cells', severity: 'info', scope: 'table', message: '空白', cells: [cell('一、本年新收', '其他', '', text(80, 1463, 1463))] };

const report = (findings, extra = {}) => ({ kind: 'annual-report', input: 'text', element_count: null, summary: { error: 0, warning: 0, info: 0 }, tables: [], findings, ...extra });
const roles = (places) => places.map((p) => `${p.start}:${p.role}`);

test('a cell carrying `expected` is the one to change; the other cells take part', () => {
  const m = marksOf(report([T101]), words);
  assert.deepEqual(roles(m.places), ['2495:change', '2477:part']);
  // `locations` repeat the cells' places: each place once.
  assert.equal(m.places.length, 2);
});

test('a finding naming no expected value: every cell it cites is a candidate to change', () => {
  assert.deepEqual(roles(marksOf(report([T103])).places), ['1454:change', '1494:change']);
});

test('prose findings: their ranges are sentences; a table cell they cite is a cell', () => {
  assert.deepEqual(roles(marksOf(report([P402])).places), ['2986:sentence', '2999:sentence']);
  assert.deepEqual(roles(marksOf(report([P411])).places), ['2254:change', '664:sentence']);
});

test('structural findings without cells: the label is the place to change; an empty range is a point', () => {
  const [label] = marksOf(report([S303])).places;
  assert.equal(label.role, 'change');
  assert.equal(label.point, false);
  const [spot] = marksOf(report([S304])).places;
  assert.equal(spot.role, 'change');
  assert.equal(spot.point, true);
  assert.deepEqual(marksOf(report([S308])).places, []);
});

test('places carry the finding index, kind, element, offsets and the value the core read', () => {
  const f = { ...T101, cells: [cell('r', '总计', '\n 7\n', html(12, 0, 4), '8')], location: html(12, 0, 4), locations: [html(12, 0, 4)] };
  const [p] = marksOf(report([S308, f])).places;
  assert.equal(p.finding, 1);
  assert.deepEqual([p.kind, p.element, p.start, p.end, p.value], ['html', 12, 0, 4, '\n 7\n']);
  assert.equal(p.key, locationKey(f.location));
  assert.equal(marksOf(report([S303])).places[0].value, null, 'not a cell: no value to guard');
});

test('tooltips: severity name from the vocabulary, the message on one line, the fix line on the cell to change only', () => {
  const m = marksOf(report([T101]), words);
  const [change, part] = m.places;
  assert.deepEqual(change.tip, { finding: 0, severity: 'error', severityName: 'E!', message: '「四、结转」行：总计写作0， 但之和为1', fix: total.fix, basis: '甲文〔2021〕30号 表三' });
  assert.equal(marksOf(report([T101])).places[0].tip.basis, null, 'no rules: no 「依据」');
  assert.equal(part.tip.fix, null);
  assert.equal(tipText(tipEntries([change])), `E!：「四、结转」行：总计写作0， 但之和为1\n${total.fix}`);
  assert.equal(tipText(tipEntries([part])), 'E!：「四、结转」行：总计写作0， 但之和为1');
  // Without a vocabulary the key stands in (the front ends always pass the core's).
  assert.equal(marksOf(report([T101])).places[0].tip.severityName, 'error');
});

test('tipEntries: a cell several findings cite shows each finding once, in order', () => {
  const shared = cell('一、本年新收', '自然人', '2', text(77, 1454, 1455));
  const a = { ...T103, cells: [shared] };
  const b = { ...T101, cells: [{ ...shared, expected: '3', fix: 'fix-b' }], locations: undefined, location: undefined };
  const m = marksOf(report([a, b, a]), words);
  const entries = tipEntries(m.places);
  assert.deepEqual(entries.map((t) => [t.finding, t.fix]), [[0, null], [1, 'fix-b'], [2, null]]);
  assert.equal(tipEntries([m.places[0], m.places[0]]).length, 1);
});

test('findings: label from rules() (else the rule name), fixes from the cells, message on one line', () => {
  const m = marksOf(report([T101, T103]), words);
  assert.equal(m.findings[0].label, 'row total');
  assert.equal(m.findings[1].label, 'requests-balance');
  assert.deepEqual(m.findings[0].fixes, [{ text: total.fix, expected: '1' }]);
  assert.deepEqual(m.findings[1].fixes, []);
  assert.equal(m.findings[0].message, oneLine(T101.message));
  // rules() may also come as a code → summary map.
  assert.equal(marksOf(report([T101]), { rules: { T101: 'mapped' } }).findings[0].label, 'mapped');
});

test('groups: one per code, errors first, then warnings, then notes; in order of appearance within', () => {
  const S306info = { code: 'S306', rule: 'missing-table', severity: 'info', scope: 'document', message: 'n', cells: [] };
  const S306error = { ...S306info, severity: 'error' };
  const m = marksOf(report([V201, S303, P402, T103, S304, T101, S303, S306info, S306error]), words);
  assert.deepEqual(m.groups.map((g) => `${g.code}:${g.severity}`), ['T103:error', 'T101:error', 'S306:error', 'S303:warning', 'P402:warning', 'S304:warning', 'V201:info']);
  assert.deepEqual(m.groups.find((g) => g.code === 'S303').findings, [1, 6]);
  assert.equal(m.groups.find((g) => g.code === 'S306').severityName, 'E!', 'a group is as severe as its worst finding');
  assert.equal(m.groups.find((g) => g.code === 'P402').label, 'repeated clause');
});

test('severity order', () => {
  assert.deepEqual(['info', 'error', 'warning'].sort((a, b) => severityRank(b) - severityRank(a)), ['error', 'warning', 'info']);
  assert.equal(worstSeverity(['info', 'warning', 'info']), 'warning');
  assert.equal(worstSeverity([]), null);
});

test('drawAs: table cells are outlined for every role but prose; other places are ranges or points', () => {
  const [change, part] = marksOf(report([{ ...T101, cells: [cell('r', '总计', '0', html(5, 0, 1), '1'), cell('r', '自然人', '1', html(6, 0, 1))] }])).places;
  assert.equal(drawAs(change, 'td'), 'cell');
  assert.equal(drawAs(part, 'TH'), 'cell');
  assert.equal(drawAs(change, 'p'), 'range');
  const sentence = marksOf(report([{ ...P402, location: undefined, locations: [html(7, 0, 5)] }])).places[0];
  assert.equal(drawAs(sentence, 'td'), 'range', 'a sentence inside a cell is marked as text');
  const point = marksOf(report([S304])).places[0];
  assert.equal(drawAs(point), 'point');
  assert.equal(drawAs(marksOf(report([T101])).places[0], 'td'), 'range', 'text places are never outlined elements');
});

test('the value guard: a cell place must hold the value the core read', () => {
  const at = (value, s, e) => ({ start: s, end: e, value });
  assert.equal(holdsValue(at('25', 2, 4), 'xx25yy'), true);
  assert.equal(holdsValue(at('25', 2, 4), 'xx26yy'), false);
  assert.equal(holdsValue(at('25', 1, 4), 'xx25yy'), false, 'the range must be the value, not contain it');
  assert.equal(holdsValue(at('\n  2\n  ', 0, 7), '\n  2\n  '), true, 'white space aside');
  assert.equal(holdsValue(at('２５', 0, 2), '25'), true, 'full-width digits fold');
  assert.equal(holdsValue(at('', 0, 3), ' \u00a0 '), true, 'a blank cell is blank');
  assert.equal(holdsValue(at('0', 0, 1), ''), false, 'beyond the text');
  assert.equal(holdsValue(at(null, 0, 3), 'abc'), true, 'no value: only the range is checked');
  assert.equal(holdsValue(at(null, 2, 9), 'abc'), false);
});

test('the numbering guard: the element count must be the walk’s', () => {
  assert.equal(sameNumbering({ element_count: 10 }, 10), true);
  assert.equal(sameNumbering({ element_count: 3 }, 10), false);
  assert.equal(sameNumbering({ element_count: null }, 10), true, 'text reports have none');
});

test('summaryLine: counts with the core’s severity names, zero counts left out', () => {
  assert.equal(summaryLine({ error: 3, warning: 1, info: 0 }, words.vocabulary), '发现 3 处E!、1 处W!');
  assert.equal(summaryLine({ error: 0, warning: 0, info: 2 }, words.vocabulary), '发现 2 处I!');
  assert.equal(summaryLine({ error: 0, warning: 0, info: 0 }, words.vocabulary), '未发现问题');
});

test('tableCellMarks: each cited cell, with its worst severity and the tooltips of every finding', () => {
  const m = tableCellMarks(report([T103, T101, { ...V201, cells: [b1] }]), words);
  const k = tableCellKey('requests', b1.row, b1.col);
  assert.equal(m.get(k).severity, 'error');
  assert.deepEqual(m.get(k).tips.map((t) => t.finding), [0, 2]);
  assert.equal(m.get(tableCellKey('requests', total.row, '总计')).tips[0].fix, total.fix);
});

test('fixParts sets the expected value apart when the fix line ends with it', () => {
  assert.deepEqual(fixParts({ text: 'abc：写作「0」，应为12', expected: '12' }), { before: 'abc：写作「0」，应为', expected: '12' });
  assert.deepEqual(fixParts({ text: 'abc', expected: 'zz' }), { before: 'abc', expected: '' });
});

test('placeName', () => {
  assert.equal(placeName(text(12, 0, 1)), '第12行');
  assert.equal(placeName(html(34, 0, 1)), '元素#34');
  assert.equal(placeName(undefined), '');
});

test('placesOf is what marksOf uses per finding', () => {
  const tip = { finding: 4, severity: 'error', severityName: 'e', message: 'm', fix: null };
  assert.deepEqual(placesOf(T101, 4, tip), marksOf(report([S308, S308, S308, S308, T101])).places.map((p) => ({ ...p, tip: p.tip.fix ? { ...tip, fix: p.tip.fix } : tip })));
});
