// The report's tables and findings as rows: the extracted tables cut into grids for display,
// and the two CSV downloads of the web page. Pure functions over the core's JSON (no DOM).
import { placeName, severityName } from './findings.js';

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

/** The findings, one row per finding or per cell with an expected value. */
export function findingsCsv(report, words = {}) {
  const summaries = Array.isArray(words.rules) ? Object.fromEntries(words.rules.map((r) => [r.code, r.summary])) : words.rules || {};
  const rows = [['序号', '严重程度', '规则代码', '规则', '说明', '表格', '行', '列', '写作', '应为', '位置']];
  report.findings.forEach((f, i) => {
    const base = [i + 1, severityName(words.vocabulary, f.severity), f.code, summaries[f.code] || f.rule, f.message];
    const cells = (f.cells || []).filter((c) => c.expected != null);
    if (!cells.length) rows.push([...base, '', '', '', '', '', placeName(f.location)]);
    for (const c of cells) rows.push([...base, c.table_title, c.row, c.col, c.value ?? '', c.expected, placeName(c.location || f.location)]);
  });
  return csv(rows);
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
