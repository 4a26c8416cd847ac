// findingFingerprint (www/findings.js): the key of the clerk's reviews.
// Same fault of the same report → same key, whatever the page around it; another fault,
// report or year → another key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingFingerprint } from '../../www/findings.js';

const report = { issuer: '四方台区', title: '四方台区2024年政府信息公开工作年度报告', year: 2024 };
const finding = {
  code: 'T101',
  place: '「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「总计」列',
  cells: [
    { table: 'requests', row: '四、结转下年度继续办理', col: '总计', value: '0', location: { kind: 'html', element: 828, u16_start: 0, u16_end: 1 } },
    { table: 'requests', row: '四、结转下年度继续办理', col: '自然人', value: '1', location: { kind: 'html', element: 810, u16_start: 0, u16_end: 1 } },
  ],
  location: { kind: 'html', element: 828, u16_start: 0, u16_end: 1 },
};

test('the same fault in another page around the report (other element indices) has the same fingerprint', () => {
  const moved = structuredClone(finding);
  for (const c of moved.cells) c.location.element += 57;
  moved.location.element += 57;
  moved.cells.reverse();
  assert.equal(findingFingerprint(report, moved), findingFingerprint(report, finding));
  assert.match(findingFingerprint(report, finding), /^T101:[0-9a-f]+$/);
});

test('another fault, year, report or rule has another fingerprint', () => {
  const base = findingFingerprint(report, finding);
  const other = [
    findingFingerprint({ ...report, year: 2023 }, finding),
    findingFingerprint({ ...report, issuer: '湛河区' }, finding),
    findingFingerprint(report, { ...finding, code: 'V202' }),
    findingFingerprint(report, { ...finding, place: '「五、存在的主要问题及改进情况」部分第4段' }),
    findingFingerprint(report, { ...finding, cells: [{ ...finding.cells[0], col: '自然人' }] }),
    findingFingerprint(report, { ...finding, excerpt: '全面履行内容审核把关职责' }),
  ];
  for (const o of other) assert.notEqual(o, base);
  assert.equal(new Set(other).size, other.length);
});

test('without an issuer the title names the report', () => {
  const a = findingFingerprint({ title: report.title, year: 2024 }, finding);
  const b = findingFingerprint({ title: '湛河区2024年政府信息公开工作年度报告', year: 2024 }, finding);
  assert.notEqual(a, b);
});
