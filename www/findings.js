// The front ends' one reading of a report: turns the per-file JSON the core returns
// (`checkText` / `checkDom`; contract in src/report.schema.json) into the marks to make — for
// each finding the places to mark, each place's role, the severity, the tooltip lines, the fix
// lines, the order of the findings' groups — plus the guards a front end applies before it
// marks anything. Pure functions over plain data: no DOM, no wasm. Imported by the web page
// (www/app.js) and bundled into the extension's content script (www/extension/content.js).
//
// What only the core knows comes from the core: severity names and table titles from
// `vocabulary()`, rule summaries from `rules()`, the 「…」行「…」列：写作…，应为… line from each
// cell's `fix`, table titles from `table_title`. Nothing here spells any of them.

/**
 * A place in the input (see src/ingest/mod.rs `Location`): kind "text" — `u16_start`/`u16_end`
 * index the checked string; kind "html" — `element` is a position in the DOM walk's `nodes`
 * (www/dom-events.js) and the offsets index that element's textContent.
 * @typedef {{kind: 'text'|'html', element?: number, start: number, end: number, u16_start: number, u16_end: number, line?: number}} Location
 */
/**
 * A cell a finding cites. `fix` is present exactly when `expected` is.
 * @typedef {{table: string, table_title: string, row: string, col: string, value: string|null, expected?: string, fix?: string, location?: Location}} CellRef
 */
/**
 * @typedef {{code: string, rule: string, severity: Severity, message: string, cells: CellRef[], excerpt?: string, location?: Location, locations?: Location[]}} Finding
 * @typedef {'error'|'warning'|'info'} Severity
 * @typedef {{kind: string, input?: string, element_count?: number|null, summary?: {error: number, warning: number, info: number}, findings: Finding[], tables?: object[]}} Report
 */
/**
 * What the core's `vocabulary()` and `rules()` say; both optional (labels fall back to codes).
 * @typedef {{severities?: Record<string, string>, tables?: Record<string, string>, formats?: Record<string, string>, accept?: string}} Vocabulary
 * @typedef {{code: string, name: string, severity: Severity, summary: string}} RuleMeta
 * @typedef {{vocabulary?: Vocabulary, rules?: RuleMeta[]|Record<string, string>}} Words
 */
/**
 * The role of a place:
 *  - `change`: the cell (or label, heading) to change — a cell that carries `expected`; when
 *    a finding names no expected value at all (a balance that does not hold, a short row),
 *    every cell it cites is a candidate and is `change`; a location of a structural finding
 *    that is not a cell (a misspelt label, the spot of a missing one) too;
 *  - `part`: a cell that merely takes part in the relation, when another cell carries the
 *    expected value;
 *  - `sentence`: a range of prose (a duplicated clause, the sentence contradicting a table).
 * @typedef {'change'|'part'|'sentence'} Role
 */
/**
 * One line of a tooltip: the finding's severity and message, and for the cell to change the
 * core's fix line.
 * @typedef {{finding: number, severity: Severity, severityName: string, message: string, fix: string|null}} Tip
 */
/**
 * A place to mark. `value` is the cell's value as the core read it (null: not a cell, or no
 * value), for the value guard; `point` is true for an empty range (something missing here).
 * @typedef {{finding: number, key: string, location: Location, kind: 'text'|'html', element: number|null, start: number, end: number, point: boolean, role: Role, severity: Severity, value: string|null, tip: Tip}} Place
 */
/**
 * @typedef {{text: string, expected: string}} Fix
 * @typedef {{index: number, code: string, rule: string, label: string, severity: Severity, severityName: string, message: string, fixes: Fix[], places: Place[]}} MarkedFinding
 * @typedef {{code: string, label: string, severity: Severity, severityName: string, findings: number[]}} Group
 * @typedef {{findings: MarkedFinding[], groups: Group[], places: Place[]}} Marks
 */

const RANK = Object.freeze({ info: 1, warning: 2, error: 3 });

/** A severity's weight for ordering: error 3, warning 2, info 1, anything else 0. */
export const severityRank = (severity) => RANK[severity] ?? 0;

/** The worst of some severities (null for none). */
export function worstSeverity(severities) {
  let worst = null;
  for (const s of severities) if (worst == null || severityRank(s) > severityRank(worst)) worst = s;
  return worst;
}

/** A location as a string, equal for equal places. */
export const locationKey = (loc) => `${loc.kind}:${loc.element ?? ''}:${loc.u16_start}:${loc.u16_end}`;

/** White space collapsed and trimmed (messages quote cell text with its line breaks). */
export const oneLine = (s) => (s == null ? '' : String(s).replace(/\s+/g, ' ').trim());

/** Text compared loosely for the value guard: compatibility forms folded (full-width digits
 *  read as digits), white space dropped. */
const squash = (s) => String(s).normalize('NFKC').replace(/\s+/g, '');

/** Whether a finding's non-cell places are prose ranges (the core's `scope`). */
function isProseFinding(finding) {
  return finding.scope === 'prose';
}

/** The rules' summaries by code, from `rules()` (an array) or an already made map. */
function ruleSummaries(rules) {
  if (!rules) return {};
  if (Array.isArray(rules)) return Object.fromEntries(rules.map((r) => [r.code, r.summary]));
  return rules;
}

/** The name of a severity in the core's words (the key itself when there are none). */
export const severityName = (vocabulary, severity) => vocabulary?.severities?.[severity] ?? severity;

/**
 * The places of one finding, each once: its cells first (their role from `expected`), then
 * `locations`, then `location`.
 * @param {Finding} finding
 * @param {number} index
 * @param {Tip} tip the finding's tooltip line (without a fix)
 * @returns {Place[]}
 */
export function placesOf(finding, index, tip) {
  const cells = finding.cells ?? [];
  const anyExpected = cells.some((c) => c.expected != null);
  const prose = isProseFinding(finding);
  const seen = new Set();
  const out = [];
  const add = (loc, role, cell) => {
    if (!loc) return;
    const key = locationKey(loc);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      finding: index,
      key,
      location: loc,
      kind: loc.kind,
      element: loc.kind === 'html' ? (loc.element ?? null) : null,
      start: loc.u16_start,
      end: loc.u16_end,
      point: loc.u16_end <= loc.u16_start,
      role,
      severity: finding.severity,
      value: cell && typeof cell.value === 'string' ? cell.value : null,
      tip: cell?.fix ? { ...tip, fix: cell.fix } : tip,
    });
  };
  for (const c of cells) add(c.location, c.expected != null || !anyExpected ? 'change' : 'part', c);
  const rest = prose ? 'sentence' : 'change';
  for (const loc of finding.locations ?? []) add(loc, rest, null);
  add(finding.location, rest, null);
  return out;
}

/**
 * The marks to make for a report: every finding with its places, and the findings' groups —
 * one per rule code, errors first, then warnings, then notes, in order of appearance within.
 * @param {Report} report
 * @param {Words} [words]
 * @returns {Marks}
 */
export function marksOf(report, words = {}) {
  const summaries = ruleSummaries(words.rules);
  const findings = (report.findings ?? []).map((f, index) => {
    const name = severityName(words.vocabulary, f.severity);
    const message = oneLine(f.message);
    /** @type {Tip} */
    const tip = { finding: index, severity: f.severity, severityName: name, message, fix: null };
    return {
      index,
      code: f.code,
      rule: f.rule,
      label: summaries[f.code] ?? f.rule,
      severity: f.severity,
      severityName: name,
      message,
      fixes: (f.cells ?? []).filter((c) => c.fix).map((c) => ({ text: c.fix, expected: c.expected ?? '' })),
      places: placesOf(f, index, tip),
    };
  });
  const byCode = new Map();
  for (const f of findings) {
    let g = byCode.get(f.code);
    if (!g) byCode.set(f.code, (g = { code: f.code, label: f.label, severity: f.severity, severityName: f.severityName, findings: [] }));
    g.findings.push(f.index);
    if (severityRank(f.severity) > severityRank(g.severity)) {
      g.severity = f.severity;
      g.severityName = f.severityName;
    }
  }
  // Array.prototype.sort is stable: equal severities keep the order of appearance.
  const groups = [...byCode.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return { findings, groups, places: findings.flatMap((f) => f.places) };
}

/** A fix line cut before its expected value (to set the value apart), when it ends with it. */
export function fixParts(fix) {
  const { text, expected } = fix;
  if (expected && text.endsWith(expected)) return { before: text.slice(0, text.length - expected.length), expected };
  return { before: text, expected: '' };
}

/** The tooltip lines of some places (a cell several findings cite), each line once. */
export function tipEntries(places) {
  const seen = new Set();
  const out = [];
  for (const p of places) {
    const k = `${p.tip.finding}\u0000${p.tip.fix ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p.tip);
  }
  return out;
}

/** Tooltip entries as text (a `title` attribute): 「错误：message」 and the fix line below. */
export function tipText(entries) {
  return entries.map((t) => (t.fix ? `${t.severityName}：${t.message}\n${t.fix}` : `${t.severityName}：${t.message}`)).join('\n');
}

/**
 * How a front end draws a place on an element: `cell` — outline the element itself (a table
 * cell or header, for every role but prose); `point` — a marker at an empty range; `range` —
 * the characters of the range.
 * @param {Place} place
 * @param {string} [localName] the element's local name (HTML places)
 * @returns {'cell'|'point'|'range'}
 */
export function drawAs(place, localName) {
  const tag = String(localName || '').toLowerCase();
  if (place.kind === 'html' && place.role !== 'sentence' && (tag === 'td' || tag === 'th')) return 'cell';
  return place.point ? 'point' : 'range';
}

/**
 * The element-count guard: the core counts the element marks it read; a DOM walk whose node
 * list has another length was not the one checked, and nothing of it may be marked.
 */
export const sameNumbering = (report, nodeCount) => report.element_count == null || report.element_count === nodeCount;

/**
 * The value guard: the place's range lies within `text` (the element's textContent for HTML
 * places, the checked string for text) and, for a cell, holds the value the core read there
 * (compared without white space and with full-width digits folded). Never mark a place that
 * fails it.
 * @param {Place} place
 * @param {string} text
 */
export function holdsValue(place, text) {
  if (place.start < 0 || place.end > text.length || place.end < place.start) return false;
  if (place.value == null) return true;
  return squash(text.slice(place.start, place.end)) === squash(place.value);
}

/** The whole-report line: 「发现 3 处错误、1 处警告」 (counts of zero left out), or 「未发现问题」. */
export function summaryLine(summary, vocabulary) {
  const parts = ['error', 'warning', 'info'].filter((s) => summary?.[s]).map((s) => `${summary[s]} 处${severityName(vocabulary, s)}`);
  return parts.length ? `发现 ${parts.join('、')}` : '未发现问题';
}

/**
 * What the findings say about each cell of the extracted tables (cells cited with or without
 * a location): key `table\0row\0col` → {severity: the worst, tips}.
 * @param {Report} report
 * @param {Words} [words]
 * @returns {Map<string, {severity: Severity, tips: Tip[]}>}
 */
export function tableCellMarks(report, words = {}) {
  const out = new Map();
  (report.findings ?? []).forEach((f, index) => {
    const base = { finding: index, severity: f.severity, severityName: severityName(words.vocabulary, f.severity), message: oneLine(f.message), fix: null };
    for (const c of f.cells ?? []) {
      const k = tableCellKey(c.table, c.row, c.col);
      const tip = c.fix ? { ...base, fix: c.fix } : base;
      const prev = out.get(k);
      if (!prev) out.set(k, { severity: f.severity, tips: [tip] });
      else {
        prev.severity = worstSeverity([prev.severity, f.severity]);
        if (!prev.tips.some((t) => t.finding === index && t.fix === tip.fix)) prev.tips.push(tip);
      }
    }
  });
  return out;
}

/** The key of a table cell in `tableCellMarks`. */
export const tableCellKey = (table, row, col) => `${table}\u0000${row}\u0000${col}`;

/** Where a place is, for lists and downloads: 第12行 (text) or 元素#34 (HTML). */
export function placeName(loc) {
  if (!loc) return '';
  if (loc.line != null) return `第${loc.line}行`;
  if (loc.element != null) return `元素#${loc.element}`;
  return '';
}

// ---- extension additions

/** 53 bits of FNV-1a over a string (two 32-bit lanes), as hex: short, stable keys. */
function hash53(s) {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A finding's fingerprint: the same for the same fault of the same report, wherever and
 * however often the report is checked (a saved copy, the live page, another session), and
 * different for another fault. Pure: made of the report's issuer (else its title), its year,
 * the finding's code, place and excerpt, and its cells' rows and columns — never of
 * element indices or offsets, which change with the page around the report.
 * @param {Report} report
 * @param {Finding} finding
 * @returns {string}
 */
export function findingFingerprint(report, finding) {
  const who = oneLine(report?.issuer || report?.title || '');
  const cells = (finding?.cells ?? []).map((c) => [oneLine(c.row), oneLine(c.col)].join('\u0001')).sort();
  const parts = [who, report?.year ?? '', finding?.code ?? '', oneLine(finding?.place ?? ''), oneLine(finding?.excerpt ?? ''), ...cells];
  return `fp1-${hash53(parts.join('\u0000'))}`;
}
