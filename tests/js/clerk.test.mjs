// Unit tests of what the page gives a clerk to forward (www/findings.js, www/tables.js; no
// browser): the panel's order, places in words, the stable fingerprint behind 「忽略」/「已核实」,
// the states and their counts, download names, the 「依据」 line, the numbered list and the CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  marksOf, panelOrder, findingPlace, displayValue, findingFingerprint, findingStates, stateCounts, setAsideLine, exportBaseName, basisLine, numberedList,
} from '../../www/findings.js';
import { findingsCsv } from '../../www/tables.js';

const words = {
  vocabulary: { severities: { error: 'E!', warning: 'W!', info: 'I!' } },
  rules: [
    { code: 'T101', summary: 'row total', basisLine: '甲文〔2021〕30号 表三「申请情况」' },
    { code: 'S303', summary: 'label', basisLine: '甲文〔2021〕30号、乙文〔2019〕60号；label' },
    { code: 'P402', summary: 'repeated clause', basisLine: 'repeated clause' },
  ],
};

const loc = (element, s, e) => ({ kind: 'html', element, start: s, end: e, u16_start: s, u16_end: e });
const textLoc = (line, s, e) => ({ kind: 'text', start: s, end: e, u16_start: s, u16_end: e, line });
const place = (row, col) => `「T」表「${row}」行「${col}」列`;
const cell = (row, col, value, l, expected) => ({
  table: 'requests', table_title: 'T', row, col, value, place: place(row, col), location: l,
  ...(expected != null ? { expected, fix: `${place(row, col)}：fix ${expected}` } : {}),
});
const T101 = (element) => ({
  code: 'T101', rule: 'requests-row-total', severity: 'error', scope: 'table', message: '总计\n 不对',
  cells: [cell('四、结转', '总计', '\n 0\n ', loc(element, 0, 5), '1'), cell('四、结转', '自然人', '1', loc(element - 18, 0, 1))],
  location: loc(element, 0, 5), written: '\n 0\n ', expected: '1', place: place('四、结转', '总计'),
});
const P402 = { code: 'P402', rule: 'repeated-clause', severity: 'warning', scope: 'prose', message: '重复', cells: [], excerpt: '全面履行', location: loc(958, 10, 14), locations: [loc(958, 4, 8), loc(958, 10, 14)], place: '「五、问题」部分第4段' };
const S303 = { code: 'S303', rule: 'misspelled-label', severity: 'warning', scope: 'table', message: '表头', cells: [], excerpt: '结果', location: textLoc(299, 5, 7), written: '结果', expected: '结果纠正', place: '「T」表表头「结果」' };
const S308 = { code: 'S308', rule: 'missing-section', severity: 'warning', scope: 'document', message: '缺少章节', cells: [], excerpt: '三、' };
const report = (findings, extra = {}) => ({ kind: 'annual-report', issuer: '四方台区', year: 2024, title: '四方台区2024年政府信息公开工作年度报告', summary: {}, tables: [], findings, ...extra });

test('panelOrder: group after group (errors first), numbering the panel, the copy, the CSV and the print', () => {
  const r = report([P402, S308, T101(828), S303]);
  assert.deepEqual(panelOrder(marksOf(r, words)), [2, 0, 1, 3]);
});

test('findingPlace: the core’s place in words, else the first cell’s, else nothing', () => {
  assert.equal(findingPlace(T101(828)), '「T」表「四、结转」行「总计」列');
  assert.equal(findingPlace({ ...T101(828), place: undefined }), '「T」表「四、结转」行「总计」列');
  assert.equal(findingPlace(P402), '「五、问题」部分第4段');
  assert.equal(findingPlace(S308), '');
});

test('displayValue: a cell’s line breaks and indentation are not shown', () => {
  assert.equal(displayValue('\n 0\n '), '0');
  assert.equal(displayValue(' 1 2 '), '1 2');
  assert.equal(displayValue(''), '');
  assert.equal(displayValue(null), null);
});

test('findingFingerprint: the same finding on another page (other element numbers, offsets) has the same fingerprint', () => {
  const a = findingFingerprint(report([]), T101(828));
  assert.match(a, /^T101:[0-9a-f]{14}$/);
  assert.equal(findingFingerprint(report([]), T101(904)), a, 'element indices do not count');
  const shifted = { ...P402, location: loc(12, 110, 114), locations: [loc(12, 104, 108), loc(12, 110, 114)] };
  assert.equal(findingFingerprint(report([]), shifted), findingFingerprint(report([]), P402), 'offsets do not count');
  assert.equal(findingFingerprint(report([], { title: '另一个标题' }), T101(828)), a, 'the issuer identifies the report');
  // What does count: the report, its year, the rule, the place, the excerpt, the cells.
  assert.notEqual(findingFingerprint(report([], { issuer: '湛河区' }), T101(828)), a);
  assert.notEqual(findingFingerprint(report([], { year: 2023 }), T101(828)), a);
  assert.notEqual(findingFingerprint(report([]), { ...T101(828), code: 'T102' }), a);
  assert.notEqual(findingFingerprint(report([]), { ...T101(828), place: place('三、', '总计') }), a);
  assert.notEqual(findingFingerprint(report([]), { ...P402, excerpt: '另一句' }), findingFingerprint(report([]), P402));
  const other = T101(828);
  other.cells[1].col = '其他';
  assert.notEqual(findingFingerprint(report([]), other), a);
  // Without an issuer the title stands in; without either, still stable.
  const untitled = report([], { issuer: null, title: null });
  assert.equal(findingFingerprint(untitled, S308), findingFingerprint(untitled, { ...S308 }));
  assert.notEqual(findingFingerprint(report([], { issuer: null }), T101(828)), findingFingerprint(report([], { issuer: null, title: 'x' }), T101(828)));
});

test('findingStates and stateCounts: decisions by fingerprint, muted rules by code; set-aside findings counted apart', () => {
  const r = report([T101(828), P402, S303, S308]);
  const decided = { [findingFingerprint(r, P402)]: 'verified', [findingFingerprint(r, S308)]: 'ignored', junk: 'verified' };
  const states = findingStates(r, decided, ['S303']);
  assert.deepEqual(states, ['open', 'verified', 'muted', 'ignored']);
  const counts = stateCounts(r, states);
  assert.deepEqual(counts, { open: { error: 1, warning: 0, info: 0 }, ignored: 1, verified: 1, muted: 1 });
  assert.equal(setAsideLine(counts), '（另有 1 处已核实、1 处已忽略、1 处本规则不再提示）');
  assert.equal(setAsideLine(stateCounts(r, [])), '');
  assert.deepEqual(findingStates(r), ['open', 'open', 'open', 'open']);
});

test('exportBaseName: issuer and year; else the title, the file, a plain name; nothing Windows refuses', () => {
  assert.equal(exportBaseName(report([])), '四方台区2024年年报');
  assert.equal(exportBaseName(report([], { year: null })), '四方台区年报');
  assert.equal(exportBaseName(report([], { issuer: null, title: '某局 2024年：年度报告' })), '某局_2024年：年度报告', 'a full-width colon is a character like any other');
  assert.equal(exportBaseName(report([], { issuer: null, title: null }), 'C:/x/年报 a.htm'), '年报_a');
  assert.equal(exportBaseName(report([], { issuer: null, title: null, year: null }), ''), '年报检查结果');
  assert.equal(exportBaseName(report([], { issuer: null, title: null, year: 2023 })), '2023年年报检查结果');
  assert.equal(exportBaseName(report([], { issuer: 'a/b:c*d' })), 'a_b_c_d2024年年报');
});

test('basisLine: the core\u2019s 「依据」 line (src/rules/basis_line.rs makes it), shortened to fit', () => {
  assert.equal(basisLine(words.rules[0]), '甲文〔2021〕30号 表三「申请情况」');
  assert.equal(basisLine(words.rules[1]), '甲文〔2021〕30号、乙文〔2019〕60号；label');
  assert.equal(basisLine(undefined), '');
  assert.equal(basisLine({ basisLine: '很'.repeat(200) }).length, 90);
  assert.equal(basisLine({ basisLine: '很'.repeat(200) }, 20), `${'很'.repeat(19)}…`);
});

test('numberedList: one numbered line per finding in panel order, its place, the core’s fix lines, its state', () => {
  const r = report([P402, S308, T101(828)]);
  const m = marksOf(r, words);
  const states = findingStates(r, { [findingFingerprint(r, P402)]: 'verified' });
  assert.equal(
    numberedList(r, m, states, { heading: 'H' }),
    ['H',
      '1.【E!】「T」表「四、结转」行「总计」列：总计 不对；「T」表「四、结转」行「总计」列：fix 1',
      '2.【W!】「五、问题」部分第4段：重复（已核实）',
      '3.【W!】缺少章节',
      ''].join('\n'),
  );
});

test('findingsCsv: panel order, places in words, trimmed values, text lines, 状态; a batch leads with the report', () => {
  const r = report([P402, S303, T101(828)]);
  const states = findingStates(r, {}, ['P402']);
  const csv = findingsCsv(r, words, { states });
  assert.ok(csv.startsWith('\uFEFF序号,严重程度,规则代码,规则,说明,位置,表格,行,列,写作,应为,原文行号,状态\r\n'));
  const rows = csv.slice(1).trim().split('\r\n').slice(1);
  assert.deepEqual(rows, [
    '1,E!,T101,row total,总计 不对,「T」表「四、结转」行「总计」列,T,四、结转,总计,0,1,,待处理',
    '2,W!,P402,repeated clause,重复,「五、问题」部分第4段,,,,,,,本规则不再提示',
    '3,W!,S303,label,表头,「T」表表头「结果」,,,,结果,结果纠正,第299行,待处理',
  ]);
  assert.doesNotMatch(csv, /元素#/);
  const batch = findingsCsv(r, words, { batch: true });
  assert.match(batch, /^\uFEFF报告,年度,序号/);
  assert.match(batch, /\r\n四方台区2024年政府信息公开工作年度报告,2024,1,E!,T101/);
});
