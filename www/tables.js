// The report's tables and findings as rows: the extracted tables cut into grids for display,
// and the two CSV downloads of the web page. Pure functions over the core's JSON (no DOM).
import { placeName, marksOf, panelOrder, findingPlace, displayValue, oneLine, STATE_NAMES } from './findings.js';

/** Splits "a/b" labels into levels (the core joins official label levels with '/'). */
export const levels = (label) => String(label || '').split('/');

function columnsOf(rows) {
  const cols = [];
  for (const r of rows) for (const c of r.cells) if (!cols.includes(c.col)) cols.push(c.col);
  return cols;
}

/** A table's rows cut into runs with the same columns: the official tables are several
 *  small grids (e.g. 第二十条第(一)项 and 第(五)项 have different columns). */
export function segments(table) {
  const out = [];
  for (const r of table.rows) {
    const sig = r.cells.map((c) => c.col).join('\u0001');
    const last = out[out.length - 1];
    if (last && last.sig === sig) last.rows.push(r);
    else out.push({ sig, rows: [r] });
  }
  return out.map((s) => ({ rows: s.rows, cols: columnsOf(s.rows) }));
}

function csvField(v) {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV for spreadsheet programs: UTF-8 with a BOM, CRLF line ends. */
export const csv = (rows) => '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/**
 * The findings for a spreadsheet, in the panel's order (its numbers are the 序号): one row per
 * finding, or per cell the core says to change; places in words (the core's `place`), values
 * trimmed to one line, the text line for a text input (第12行; HTML inputs have none a reader
 * could use), and the clerk's 状态 (`opts.states`, parallel to report.findings; see
 * findingStates in findings.js). `opts.batch` adds the report's title and year in front
 * (one CSV for many reports).
 */
export function findingsCsv(report, words = {}, opts = {}) {
  const rows = opts.header === false ? [] : [findingsCsvHeader(opts)];
  return csv(rows.concat(findingsCsvRows(report, words, opts)));
}

/** The header row of findingsCsv. */
export function findingsCsvHeader({ batch = false } = {}) {
  return [...(batch ? ['报告', '年度'] : []), '序号', '严重程度', '规则代码', '规则', '说明', '位置', '表格', '行', '列', '写作', '应为', '原文行号', '状态'];
}

/** The data rows of findingsCsv (for a batch: one report's rows). */
export function findingsCsvRows(report, words = {}, { states = [], batch = false } = {}) {
  const marks = marksOf(report, words);
  const rows = [];
  const lead = batch ? [report.title || report.file || '', report.year ?? ''] : [];
  panelOrder(marks).forEach((fi, n) => {
    const f = report.findings[fi];
    const m = marks.findings[fi];
    const state = STATE_NAMES[states[fi] || 'open'];
    const line = (loc) => (loc && loc.line != null ? placeName(loc) : '');
    const base = [...lead, n + 1, m.severityName, f.code, m.label, m.message];
    const cells = (f.cells || []).filter((c) => c.expected != null);
    if (!cells.length) rows.push([...base, findingPlace(f), '', '', '', displayValue(f.written) ?? '', displayValue(f.expected) ?? '', line(f.location), state]);
    for (const c of cells) {
      rows.push([...base, oneLine(c.place) || findingPlace(f), c.table_title, c.row, c.col, displayValue(c.value) ?? '', displayValue(c.expected), line(c.location || f.location), state]);
    }
  });
  return rows;
}

/** The extracted tables, grid after grid. */
export function tablesCsv(report) {
  const rows = [];
  for (const t of report.tables) {
    rows.push([t.title]);
    for (const seg of segments(t)) {
      rows.push(['项目', ...seg.cols]);
      for (const r of seg.rows) {
        const byCol = new Map(r.cells.map((c) => [c.col, c]));
        rows.push([r.row, ...seg.cols.map((col) => byCol.get(col)?.value ?? '')]);
      }
    }
    rows.push([]);
  }
  return csv(rows);
}
