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
 * (www/dom-events.js) and the offsets index that element's textContent; kind "pdf" — `page`
 * and `rects` (PDF points from the page's top left) say where to draw on the rendered pages.
 * @typedef {{kind: 'text'|'html'|'pdf', element?: number, start: number, end: number, u16_start: number, u16_end: number, line?: number, page?: number|null, rects?: {page: number, x: number, y: number, width: number, height: number}[], items?: number[]}} Location
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
 * @typedef {{finding: number, severity: Severity, severityName: string, message: string, fix: string|null, basis: string|null}} Tip
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
  const bases = Array.isArray(words.rules) ? Object.fromEntries(words.rules.map((r) => [r.code, basisLine(r)])) : {};
  const findings = (report.findings ?? []).map((f, index) => {
    const name = severityName(words.vocabulary, f.severity);
    const message = oneLine(f.message);
    /** @type {Tip} */
    const tip = { finding: index, severity: f.severity, severityName: name, message, fix: null, basis: bases[f.code] || null };
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

/** Where a place is, for lists and downloads: 第12行 (text), 第3页 (PDF) or 元素#34 (HTML). */
export function placeName(loc) {
  if (!loc) return '';
  if (loc.line != null) return `第${loc.line}行`;
  if (loc.kind === 'pdf' && loc.page != null) return `第${loc.page}页`;
  if (loc.element != null) return `元素#${loc.element}`;
  return '';
}

// ---------------------------------------------------------------------------------------
// What a clerk forwards: the findings in the panel's order, their places in words, a stable
// identity for 「忽略」/「已核实」, file names, the 「依据」 line.

/** The findings' indices in the order the panel lists (and numbers) them: group after group. */
export const panelOrder = (marks) => marks.groups.flatMap((g) => g.findings);

/**
 * Where a finding is, in words a reader of the published report can follow (the core's
 * `place`, e.g. 「…」表「…」行「…」列 or 「五、…」部分第4段), else its first cell's; '' when the
 * finding concerns the whole report (a missing section, a missing table).
 */
export function findingPlace(finding) {
  if (finding?.place) return oneLine(finding.place);
  const cell = (finding?.cells ?? []).find((c) => c.place);
  return cell ? oneLine(cell.place) : '';
}

/** A value as people read it: white space (the cell's line breaks and indentation) collapsed
 *  and trimmed; null stays null. */
export const displayValue = (v) => (v == null ? null : oneLine(v));

/** A 53-bit string hash (cyrb53), as 14 hex digits: short, stable across runs and engines. */
function hash53(str) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0').slice(2) + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A finding's stable identity, for remembering that a clerk ignored it or marked it 已核实:
 * the report (its issuer, else its title; and its year), the rule's code, the finding's place
 * in words, its excerpt and the rows and columns of its cells. Never element indices or
 * offsets, which change when the same report is copied from another page or edited above the
 * finding. White space does not count. Returns e.g. "T101:3f0a9c21b7e4d2".
 * @param {Report} report
 * @param {Finding} finding
 */
export function findingFingerprint(report, finding) {
  const squashed = (s) => (s == null ? '' : String(s).normalize('NFKC').replace(/\s+/g, ''));
  const parts = [
    squashed(report?.issuer || report?.title),
    report?.year ?? '',
    finding.code,
    squashed(findingPlace(finding)),
    squashed(finding.excerpt),
    ...(finding.cells ?? []).map((c) => `${squashed(c.table)}|${squashed(c.row)}|${squashed(c.col)}`).sort(),
  ];
  return `${finding.code}:${hash53(parts.join('\u0000'))}`;
}

/** What a clerk decided about a finding: 'open' (nothing yet), 'ignored', 'verified', or
 *  'muted' (its rule is not to be shown again). */
export const FINDING_STATES = Object.freeze(['open', 'ignored', 'verified', 'muted']);

/** Names of the states for lists and exports (the page's own words, not the core's). */
export const STATE_NAMES = Object.freeze({ open: '待处理', ignored: '已忽略', verified: '已核实', muted: '本规则不再提示' });

/**
 * Each finding's state: `decided` maps fingerprints to 'ignored' | 'verified'; `muted` is a set
 * (or array) of rule codes not to be shown again. Returns an array parallel to
 * `report.findings`.
 */
export function findingStates(report, decided = {}, muted = []) {
  const mutedSet = muted instanceof Set ? muted : new Set(muted);
  return (report.findings ?? []).map((f) => {
    if (mutedSet.has(f.code)) return 'muted';
    const s = decided[findingFingerprint(report, f)];
    return s === 'ignored' || s === 'verified' ? s : 'open';
  });
}

/** Counts per severity of the open findings, and how many were set aside (ignored, verified,
 *  muted): {open: {error, warning, info}, ignored, verified, muted}. */
export function stateCounts(report, states) {
  const out = { open: { error: 0, warning: 0, info: 0 }, ignored: 0, verified: 0, muted: 0 };
  (report.findings ?? []).forEach((f, i) => {
    const s = states?.[i] ?? 'open';
    if (s === 'open') out.open[f.severity] = (out.open[f.severity] ?? 0) + 1;
    else out[s]++;
  });
  return out;
}

/** 「（另有 1 处已核实、2 处已忽略）」 for the summary line, '' when nothing was set aside. */
export function setAsideLine(counts) {
  const parts = ['verified', 'ignored', 'muted'].filter((s) => counts[s]).map((s) => `${counts[s]} 处${STATE_NAMES[s]}`);
  return parts.length ? `（另有 ${parts.join('、')}）` : '';
}

/** Characters Windows does not allow in file names, and control characters. */
const BAD_FILE_CHARS = /[\\/:*?"<>|\u0000-\u001f\s]+/g;

/**
 * The base of a download's file name: 「四方台区2024年年报」 from the issuer and year; else the
 * report's title; else the opened file's name (without its extension); else 「年报检查结果」.
 * `fileName` is the opened file's name ('' for a paste).
 */
export function exportBaseName(report, fileName = '') {
  const clean = (s) => String(s).replace(BAD_FILE_CHARS, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  if (report?.issuer) return clean(`${report.issuer}${report.year ? `${report.year}年` : ''}年报`);
  if (report?.title) return clean(report.title);
  const stem = String(fileName || '').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  if (clean(stem)) return clean(stem);
  return report?.year ? `${report.year}年年报检查结果` : '年报检查结果';
}

/**
 * The 「依据」 line of a rule, from `rules()`: the core makes it from the rule's documentation
 * (`src/rules/basis_line.rs`: a Chinese basis's first clause, else the documents it cites and
 * the summary), at most `max` characters here.
 * @param {{basisLine?: string}} rule
 */
export function basisLine(rule, max = 90) {
  const line = String(rule?.basisLine ?? '');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The findings as numbered plain text, in the panel's order, to paste into a message or a
 * document: a heading line (title and summary), then one line per finding —
 * 「1.【severity】place：message」, each fix line of the core after it (「；」-separated), and its
 * state when set aside. `states` is parallel to report.findings (see findingStates).
 */
export function numberedList(report, marks, states = [], { heading = '' } = {}) {
  const lines = [];
  if (heading) lines.push(heading);
  panelOrder(marks).forEach((fi, n) => {
    const f = marks.findings[fi];
    const place = findingPlace(report.findings[fi]);
    const fixes = f.fixes.map((x) => oneLine(x.text)).filter((x) => x && !f.message.includes(x));
    const state = states[fi] && states[fi] !== 'open' ? `（${STATE_NAMES[states[fi]]}）` : '';
    let line = `${n + 1}.【${f.severityName}】${place ? `${place}：` : ''}${f.message}`;
    if (fixes.length) line += `；${fixes.join('；')}`;
    lines.push(line + state);
  });
  return lines.join('\n') + '\n';
}
