// nianbao web page: paste or open a report, check it with the WebAssembly core, and show it
// as it looks with the findings' cells and sentences highlighted. Everything runs in this
// page; it makes no network request (the served build fetches only its own files).
//
// Data flow (see src/ingest/mod.rs `Location` for the contract):
//   HTML: sanitise (DOMPurify, returning the sanitised DOM itself: no serialise/re-parse) →
//         walk those very nodes with domEvents (www/dom-events.js, shared with the extension)
//         → `checkDom(events)`; `location.element` indexes the walk's `nodes` array, the same
//         elements that are marked and then moved into the page; `u16_*` are offsets into the
//         element's textContent.
//   Text: the text is checked as is (`checkText(text, "text")`) and shown in a pre-wrap
//         block; `u16_*` index the string.
// Highlights wrap text in <mark> elements or outline <td>s of the display copy; they never
// change a character of the report.
//
// The single-file build (scripts/build-page.mjs) replaces the three imports below with inlined
// code and supplies the wasm bytes in <script type="application/wasm-base64" id="nb-wasm">.
import * as nb from './pkg/nianbao.js';
import DOMPurify from './vendor/purify.es.mjs';
import { domEvents } from './dom-events.js';

const $ = (id) => document.getElementById(id);
const SEV_RANK = { error: 3, warning: 2, info: 1 };
const SEV_CN = { error: '错误', warning: '警告', info: '提示' };
const RANK_SEV = ['', 'info', 'warning', 'error'];
const params = new URLSearchParams(location.search);

// ---------------------------------------------------------------------------------------
// WebAssembly: compiled once, instantiated once. When the page loads it compiles the module
// (fetch + compile, streaming), then instantiates it and warms it up while idle. Modes for
// measuring (scripts/measure.mjs):
//   `?lazy` — nothing before the first check: it fetches, compiles and instantiates;
//   `?cold` — compiled at load, but neither instantiated nor run before the first check.

let wasmModule = null;
let wasmReady = null;
const stats = { wasmInitMs: null, compileMs: null, instantiateMs: null, timings: [] };

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64, { lastChunkHandling: 'loose' });
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module (a promise): from the single file's inline bytes, else streamed from
 *  pkg/nianbao_bg.wasm (compiling while it downloads). */
function compileWasm() {
  if (!wasmModule) {
    const t0 = performance.now();
    const inline = document.getElementById('nb-wasm');
    let p;
    if (inline) {
      p = WebAssembly.compile(base64ToBytes(inline.textContent));
    } else {
      const url = new URL('pkg/nianbao_bg.wasm', import.meta.url);
      p = WebAssembly.compileStreaming(fetch(url)).catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
    }
    wasmModule = p.then((m) => {
      stats.compileMs = performance.now() - t0;
      return m;
    });
    wasmModule.catch(() => {
      wasmModule = null;
    });
  }
  return wasmModule;
}

/** Instantiates the core (once). `stats.wasmInitMs`: from this call to an instance, so for a
 *  first check it includes whatever of fetching and compiling was still to do. */
function initWasm() {
  if (!wasmReady) {
    const t0 = performance.now();
    wasmReady = compileWasm().then((module) => {
      const t1 = performance.now();
      nb.initSync({ module });
      stats.instantiateMs = performance.now() - t1;
      stats.wasmInitMs = performance.now() - t0;
    });
    wasmReady.catch(() => {
      wasmReady = null;
    });
  }
  return wasmReady;
}

/** The sample report shipped inside the page (inert <script type="text/plain">). */
const sampleText = () => document.getElementById('nb-sample')?.textContent.replace(/^\n/, '') || '';

/** A plain HTML rendering of an indented-layout text report (for warming the HTML path). */
function textToHtml(text) {
  const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let html = '<html><body>';
  let inTable = false;
  let inRow = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('\t')) {
      if (!inTable) html += '<table>';
      if (!inRow) html += '<tr>';
      inTable = inRow = true;
      html += `<td>${esc(line.slice(1))}</td>`;
    } else if (!line.trim()) {
      if (inRow) html += '</tr>';
      inRow = false;
    } else {
      if (inRow) html += '</tr>';
      if (inTable) html += '</table>';
      inTable = inRow = false;
      html += `<p>${esc(line)}</p>`;
    }
  }
  return html + (inRow ? '</tr>' : '') + (inTable ? '</table>' : '') + '</body></html>';
}

/** Runs the whole path — check, highlight, findings list, tables — on the sample a few times
 *  while the page is idle, into detached nodes, so the engine has compiled (and tiered up) the
 *  hot wasm and JS before the user's first paste. */
function warmUp(rounds = 6) {
  const text = sampleText();
  if (!text) return;
  const html = textToHtml(text);
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 30));
  let i = 0;
  const show = (report, input, parsed) => {
    const display = buildDisplay(report, input, parsed);
    renderFindings(report, display.findingEls, document.createElement('div'));
    renderTables(report, document.createElement('div'));
  };
  const step = () => {
    try {
      const input = { text, kind: 'text', name: '' };
      show(JSON.parse(nb.checkText(text, 'text', '')), input, null);
      const root = sanitizeDom(html);
      const parsed = { root, ...domEvents(root) };
      show(JSON.parse(nb.checkDom(parsed.events, '')), { text: html, kind: 'html', name: '' }, parsed);
    } catch (e) {
      console.warn('warm-up failed', e);
      return;
    }
    if (++i < rounds) idle(step);
    else stats.warmedUp = true;
  };
  idle(step);
}

let rulesMeta = null;
function ruleMeta(code) {
  if (!rulesMeta) {
    rulesMeta = new Map();
    try {
      for (const r of JSON.parse(nb.rules())) rulesMeta.set(r.code, r);
    } catch (e) {
      console.warn('rules() failed', e);
    }
  }
  return rulesMeta.get(code);
}

// ---------------------------------------------------------------------------------------
// Sanitising pasted or opened HTML: only inert formatting survives. No script, no event
// handler, no URL-bearing attribute, no element that loads anything; text is kept.

const ALLOWED_TAGS = [
  'html', 'head', 'body', 'title',
  'p', 'div', 'span', 'br', 'hr', 'wbr', 'center', 'blockquote', 'pre', 'address',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big',
  'font', 'abbr', 'cite', 'q', 'code', 'kbd', 'samp', 'var', 'label', 'tt',
];
const ALLOWED_ATTR = [
  'colspan', 'rowspan', 'align', 'valign', 'width', 'height', 'style', 'border', 'cellpadding',
  'cellspacing', 'bgcolor', 'color', 'face', 'size', 'span', 'scope', 'headers', 'nowrap', 'lang',
  'dir', 'title', 'start', 'type', 'abbr',
];
// CSS that could fetch something or escape the report's box.
const UNSAFE_STYLE = /url\s*\(|image-set|image\s*\(|expression|@import|\\|behavior|binding|position\s*:\s*(fixed|sticky)|src\s*\(/i;
let purifyConfigured = false;

/** Sanitises `html` and returns the sanitised <html> element of an inert document (DOMPurify
 *  parses with DOMParser: nothing runs or loads there). The nodes are used as they are —
 *  walked, marked and moved into the page — never serialised and parsed again. */
function sanitizeDom(html) {
  if (!purifyConfigured) {
    DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
      if (data.attrName === 'style' && UNSAFE_STYLE.test(data.attrValue)) data.keepAttr = false;
    });
    purifyConfigured = true;
  }
  return DOMPurify.sanitize(html, {
    WHOLE_DOCUMENT: true,
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
    RETURN_DOM: true,
  });
}

function looksLikeHtml(text) {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 2048).toLowerCase();
  return head.startsWith('<') && ['<!doctype', '<html', '<head', '<body', '<table', '<p', '<div', '<meta',
    '<span', '<!' + '--', '<h1', '<h2', '<section', '<article', '<style', '<tr', '<td'].some((t) => head.includes(t));
}

// ---------------------------------------------------------------------------------------
// Highlight targets: every place a finding points at.

function locKey(loc) {
  return `${loc.kind}:${loc.element ?? ''}:${loc.u16_start}:${loc.u16_end}`;
}

/** One entry per (finding, place). Role: 'cell' (a table cell or label: every entry of
 *  `cells`, also for prose findings such as P411 that compare the prose with a table),
 *  'sentence' (the other places of prose findings, codes P…), 'point' (an empty place:
 *  something is missing here). */
function collectTargets(report) {
  const targets = [];
  report.findings.forEach((f, fi) => {
    const prose = /^P/.test(f.code);
    const seen = new Set();
    for (const c of f.cells || []) {
      if (!c.location) continue;
      const k = locKey(c.location);
      if (seen.has(k)) continue;
      seen.add(k);
      targets.push({ fi, loc: c.location, role: 'cell', cell: c });
    }
    const locs = f.locations && f.locations.length ? f.locations : f.location ? [f.location] : [];
    for (const loc of locs) {
      const k = locKey(loc);
      if (seen.has(k)) continue;
      seen.add(k);
      const role = loc.u16_end <= loc.u16_start ? 'point' : prose ? 'sentence' : 'cell';
      targets.push({ fi, loc, role, cell: null });
    }
  });
  return targets;
}

function targetTip(report, t) {
  const f = report.findings[t.fi];
  const sev = SEV_CN[f.severity] || f.severity;
  if (t.cell && t.cell.expected != null) {
    return `${sev}：应为 ${t.cell.expected}（写作「${t.cell.value ?? ''}」）——${f.message}`;
  }
  return `${sev}：${f.message}`;
}

/** Applies classes, tooltip and finding indices to a mark or cell for the targets it shows
 *  (accumulating: a cell may be called once per finding that involves it). */
const decoState = new WeakMap();
function decorate(el, report, targets, baseClass) {
  let st = decoState.get(el);
  if (!st) decoState.set(el, (st = { rank: 0, cell: false, fis: new Set(), tips: [] }));
  for (const t of targets) {
    st.rank = Math.max(st.rank, SEV_RANK[report.findings[t.fi].severity] || 1);
    if (t.role !== 'sentence') st.cell = true;
    st.fis.add(t.fi);
    const tip = targetTip(report, t);
    if (!st.tips.includes(tip)) st.tips.push(tip);
  }
  el.classList.remove('nb-error', 'nb-warning', 'nb-info', 'nb-cell', 'nb-sentence');
  el.classList.add(baseClass, `nb-${RANK_SEV[st.rank]}`);
  if (baseClass === 'nb-mark') el.classList.add(st.cell ? 'nb-cell' : 'nb-sentence');
  el.setAttribute('data-nb-f', [...st.fis].sort((a, b) => a - b).join(' '));
  el.setAttribute('title', st.tips.join('\n'));
}

function textNodesUnder(root) {
  const nodes = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n, start: pos });
    pos += n.data.length;
  }
  return { nodes, length: pos };
}

const NO_WRAP_PARENTS = new Set(['TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'COLGROUP', 'HTML', 'HEAD', 'TITLE']);

/** Wraps the ranges [start, end) of `root`'s textContent in <mark>s (splitting text nodes),
 *  and inserts an empty marker for zero-length ranges. Overlapping ranges are cut into
 *  segments, each decorated with every target covering it. Returns Map target → [elements]. */
function wrapRanges(root, items, report, doc) {
  const out = new Map();
  if (!items.length) return out;
  const { nodes, length } = textNodesUnder(root);
  const bounds = new Set();
  const points = [];
  for (const it of items) {
    it.start = Math.max(0, Math.min(it.start, length));
    it.end = Math.max(it.start, Math.min(it.end, length));
    if (it.end === it.start) points.push(it);
    else bounds.add(it.start).add(it.end);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  const ops = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const b = sorted[i + 1];
    const covering = items.filter((it) => it.start < it.end && it.start <= a && it.end >= b);
    if (covering.length) ops.push({ a, b, covering });
  }
  for (const p of points) ops.push({ a: p.start, b: p.start, covering: [p], point: true });
  // From the end backwards, so splitting never shifts the offsets still to come; at the same
  // offset ranges go first, so a point lands before a range starting there.
  ops.sort((x, y) => y.a - x.a || (x.point ? 1 : 0) - (y.point ? 1 : 0));
  const record = (covering, el) => {
    for (const it of covering) {
      if (!out.has(it.target)) out.set(it.target, []);
      out.get(it.target).push(el);
    }
  };
  for (const op of ops) {
    if (op.point) {
      // The text node holding the offset (preferring the one it starts).
      let hit = nodes.find((n) => op.a >= n.start && op.a < n.start + n.node.data.length);
      let after = false;
      if (!hit) {
        hit = [...nodes].reverse().find((n) => op.a === n.start + n.node.data.length);
        after = true;
      }
      if (!hit && nodes.length === 0) continue;
      const m = doc.createElement('mark');
      decorate(m, report, op.covering.map((it) => it.target), 'nb-point');
      if (after) {
        hit.node.parentNode.insertBefore(m, hit.node.nextSibling);
      } else {
        const local = op.a - hit.start;
        const rest = local > 0 ? hit.node.splitText(local) : hit.node;
        rest.parentNode.insertBefore(m, rest);
      }
      record(op.covering, m);
      continue;
    }
    const segMarks = [];
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k];
      const len = n.node.data.length;
      const s = Math.max(op.a, n.start) - n.start;
      const e = Math.min(op.b, n.start + len) - n.start;
      if (s >= e) continue;
      let piece = n.node;
      if (e < len) piece.splitText(e);
      if (s > 0) piece = piece.splitText(s);
      const parent = piece.parentNode;
      if (!parent || (NO_WRAP_PARENTS.has(parent.nodeName) && !piece.data.trim())) continue;
      const m = doc.createElement('mark');
      parent.insertBefore(m, piece);
      m.appendChild(piece);
      decorate(m, report, op.covering.map((it) => it.target), 'nb-mark');
      segMarks.unshift(m);
    }
    for (const m of segMarks) record(op.covering, m);
  }
  return out;
}

/** Text compared loosely: compatibility forms folded (full-width digits), spaces dropped. */
const squash = (x) => String(x).normalize('NFKC').replace(/\s+/g, '');

/** Builds the display of the checked input and highlights every target. Returns
 *  {node, findingEls: Map findingIndex → elements in document order, unplaced}. */
function buildDisplay(report, input, parsed) {
  const targets = collectTargets(report);
  const findingEls = new Map();
  const add = (t, els) => {
    if (!findingEls.has(t.fi)) findingEls.set(t.fi, []);
    findingEls.get(t.fi).push(...els);
  };
  let unplaced = 0;
  let node;
  if (input.kind === 'text') {
    node = document.createElement('div');
    node.className = 'nb-text';
    node.appendChild(document.createTextNode(input.text));
    const items = targets.filter((t) => t.loc.kind === 'text').map((t) => ({ start: t.loc.u16_start, end: t.loc.u16_end, target: t }));
    unplaced += targets.length - items.length;
    for (const [t, els] of wrapRanges(node, items, report, document)) add(t, els);
  } else {
    // `parsed.nodes` are the elements the core numbered (domEvents' walk of `parsed.root`):
    // marked here in the inert document, then moved into the page.
    const { root, nodes } = parsed;
    const doc = root.ownerDocument;
    // The core counts the element marks it read: a different count means the events were
    // not these nodes' (cannot happen with one walk; if it ever does, mark nothing).
    const sameWalk = report.element_count == null || report.element_count === nodes.length;
    if (!sameWalk) console.warn('nianbao: element count differs', report.element_count, nodes.length);
    const byElement = new Map();
    for (const t of targets) {
      const el = t.loc.kind === 'html' && sameWalk ? nodes[t.loc.element] : null;
      if (!el) {
        unplaced++;
        continue;
      }
      // A cell's value must be where the core says it is: never mark a place that does not
      // hold it (a cheap guard; the numbering itself comes from the walk of these nodes).
      if (t.cell && t.cell.value && !squash(el.textContent.slice(t.loc.u16_start, t.loc.u16_end)).includes(squash(t.cell.value))) {
        console.warn('nianbao: location does not hold the cell value', t.loc, t.cell);
        unplaced++;
        continue;
      }
      if (t.role !== 'sentence' && (el.tagName === 'TD' || el.tagName === 'TH')) {
        decorate(el, report, [t], 'nb-td');
        add(t, [el]);
        continue;
      }
      if (!byElement.has(el)) byElement.set(el, []);
      byElement.get(el).push({ start: t.loc.u16_start, end: t.loc.u16_end, target: t });
    }
    for (const [el, items] of byElement) {
      for (const [t, els] of wrapRanges(el, items, report, doc)) add(t, els);
    }
    node = document.createElement('div');
    node.className = 'nb-html';
    const body = doc.body || root;
    while (body.firstChild) node.appendChild(document.adoptNode(body.firstChild));
  }
  // Document order for scrolling to the first place.
  for (const [fi, els] of findingEls) {
    const uniq = [...new Set(els)];
    uniq.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    findingEls.set(fi, uniq);
  }
  return { node, findingEls, unplaced };
}

// ---------------------------------------------------------------------------------------
// Findings panel, summary, tables.

function summaryText(s) {
  const parts = [];
  if (s.error) parts.push(`${s.error} 处错误`);
  if (s.warning) parts.push(`${s.warning} 处警告`);
  if (s.info) parts.push(`${s.info} 处提示`);
  return parts.length ? `发现 ${parts.join('、')}` : '未发现问题';
}

const TABLE_CN = { active: '主动公开政府信息情况', requests: '收到和处理政府信息公开申请情况', appeals: '政府信息公开行政复议、行政诉讼情况' };

function cellLine(c) {
  const col = c.col ? `「${c.col}」列` : '';
  return `「${c.row}」行${col}：写作「${c.value ?? '（缺失）'}」，应为 `;
}

function renderFindings(report, findingEls, panel = $('nb-findings')) {
  panel.textContent = '';
  const h = document.createElement('h2');
  h.textContent = report.findings.length ? `问题清单（${report.findings.length}）` : '问题清单';
  panel.appendChild(h);
  if (!report.findings.length) {
    const p = document.createElement('p');
    p.className = 'nb-note';
    p.textContent = '按规定格式检查的各项均未发现问题。';
    panel.appendChild(p);
    return;
  }
  const groups = new Map();
  report.findings.forEach((f, fi) => {
    if (!groups.has(f.code)) groups.set(f.code, []);
    groups.get(f.code).push(fi);
  });
  const order = [...groups.keys()].sort((a, b) => {
    const ra = Math.max(...groups.get(a).map((i) => SEV_RANK[report.findings[i].severity] || 0));
    const rb = Math.max(...groups.get(b).map((i) => SEV_RANK[report.findings[i].severity] || 0));
    return rb - ra;
  });
  for (const code of order) {
    const list = groups.get(code);
    const first = report.findings[list[0]];
    const sec = document.createElement('section');
    sec.className = 'nb-group';
    sec.dataset.code = code;
    const h3 = document.createElement('h3');
    const badge = document.createElement('span');
    badge.className = `nb-badge nb-${first.severity}`;
    badge.textContent = SEV_CN[first.severity] || first.severity;
    const name = document.createElement('span');
    name.textContent = ruleMeta(code)?.summary || (/^P/.test(code) ? '正文文字问题' : first.rule);
    const codeEl = document.createElement('span');
    codeEl.className = 'nb-code';
    codeEl.textContent = code;
    const count = document.createElement('span');
    count.className = 'nb-count';
    count.textContent = `${list.length} 处`;
    h3.append(badge, name, codeEl, count);
    sec.appendChild(h3);
    const ol = document.createElement('ol');
    for (const fi of list) {
      const f = report.findings[fi];
      const li = document.createElement('li');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = `nb-finding nb-${f.severity}`;
      btn.dataset.fi = String(fi);
      btn.appendChild(document.createTextNode(f.message));
      for (const c of f.cells || []) {
        if (c.expected == null) continue;
        const d = document.createElement('span');
        d.className = 'nb-detail';
        d.appendChild(document.createTextNode(cellLine(c)));
        const ex = document.createElement('span');
        ex.className = 'nb-expected';
        ex.textContent = c.expected;
        d.appendChild(ex);
        btn.appendChild(d);
      }
      if (!findingEls.has(fi)) {
        btn.classList.add('nb-nowhere');
        const d = document.createElement('span');
        d.className = 'nb-detail';
        d.textContent = '（原文中没有可标出的位置）';
        btn.appendChild(d);
      } else {
        btn.title = '点击定位到原文';
      }
      btn.addEventListener('click', () => showFinding(fi));
      li.appendChild(btn);
      ol.appendChild(li);
    }
    sec.appendChild(ol);
    panel.appendChild(sec);
  }
}

let current = null;

function showFinding(fi) {
  if (!current) return;
  for (const b of document.querySelectorAll('.nb-finding.nb-active')) b.classList.remove('nb-active');
  const btn = document.querySelector(`.nb-finding[data-fi="${fi}"]`);
  if (btn) btn.classList.add('nb-active');
  const els = current.findingEls.get(fi);
  if (!els || !els.length) return;
  selectTab('doc');
  els[0].scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
  for (const el of document.querySelectorAll('.nb-flash')) el.classList.remove('nb-flash');
  void document.body.offsetWidth; // restart the animation
  for (const el of els) el.classList.add('nb-flash');
  clearTimeout(showFinding.timer);
  showFinding.timer = setTimeout(() => {
    for (const el of els) el.classList.remove('nb-flash');
  }, 2000);
}

function selectTab(which) {
  const doc = which === 'doc';
  $('nb-tab-doc').setAttribute('aria-selected', String(doc));
  $('nb-tab-tables').setAttribute('aria-selected', String(!doc));
  $('nb-doc').hidden = !doc;
  $('nb-tables').hidden = doc;
}

/** Splits "a/b" labels into levels (the core joins official label levels with '/'). */
const levels = (label) => String(label || '').split('/');

function findingCellIndex(report) {
  const idx = new Map();
  for (const f of report.findings) {
    for (const c of f.cells || []) {
      const k = `${c.table}\u0000${c.row}\u0000${c.col}`;
      const prev = idx.get(k);
      const tip = c.expected != null ? `${SEV_CN[f.severity]}：应为 ${c.expected}——${f.message}` : `${SEV_CN[f.severity]}：${f.message}`;
      if (!prev) idx.set(k, { rank: SEV_RANK[f.severity] || 1, tips: [tip] });
      else {
        prev.rank = Math.max(prev.rank, SEV_RANK[f.severity] || 1);
        if (!prev.tips.includes(tip)) prev.tips.push(tip);
      }
    }
  }
  return idx;
}

function columnsOf(rows) {
  const cols = [];
  for (const r of rows) for (const c of r.cells) if (!cols.includes(c.col)) cols.push(c.col);
  return cols;
}

/** A table's rows cut into runs with the same columns: the official tables are several
 *  small grids (e.g. 第二十条第(一)项 and 第(五)项 have different columns). */
function segments(table) {
  const out = [];
  for (const r of table.rows) {
    const sig = r.cells.map((c) => c.col).join('\u0001');
    const last = out[out.length - 1];
    if (last && last.sig === sig) last.rows.push(r);
    else out.push({ sig, rows: [r] });
  }
  return out.map((s) => ({ rows: s.rows, cols: columnsOf(s.rows) }));
}

function renderGrid(t, rows, cols, marks) {
  const depthC = Math.max(1, ...cols.map((c) => levels(c).length));
  const depthR = Math.max(1, ...rows.map((r) => levels(r.row).length));
  const table = document.createElement('table');
  table.className = 'nb-grid';
  table.dataset.table = t.id;
  const thead = table.createTHead();
  for (let lv = 0; lv < depthC; lv++) {
    const tr = thead.insertRow();
    if (lv === 0) {
      const corner = document.createElement('th');
      corner.colSpan = depthR;
      corner.rowSpan = depthC;
      corner.textContent = '项目';
      tr.appendChild(corner);
    }
    for (let ci = 0; ci < cols.length; ci++) {
      const path = levels(cols[ci]);
      if (lv >= path.length) continue;
      const key = path.slice(0, lv + 1).join('/');
      const prevKey = ci > 0 ? levels(cols[ci - 1]).slice(0, lv + 1).join('/') : null;
      if (lv < path.length - 1 && key === prevKey && levels(cols[ci - 1]).length > lv + 1) continue;
      const th = document.createElement('th');
      th.textContent = path[lv];
      if (lv === path.length - 1) th.rowSpan = depthC - lv;
      else {
        let span = 1;
        while (ci + span < cols.length && levels(cols[ci + span]).slice(0, lv + 1).join('/') === key && levels(cols[ci + span]).length > lv + 1) span++;
        th.colSpan = span;
      }
      tr.appendChild(th);
    }
  }
  const tbody = table.createTBody();
  let prevPath = [];
  rows.forEach((r, ri) => {
    const tr = tbody.insertRow();
    tr.dataset.row = r.row;
    if (!r.found) {
      tr.className = 'nb-unseen';
      tr.title = '原文中没有找到这一行';
    }
    const path = levels(r.row);
    for (let lv = 0; lv < path.length; lv++) {
      const same = lv < path.length - 1 && prevPath.length > lv + 1 && path.slice(0, lv + 1).join('/') === prevPath.slice(0, lv + 1).join('/');
      if (same) continue;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = path[lv];
      if (lv === path.length - 1) th.colSpan = depthR - lv;
      else {
        let span = 1;
        const key = path.slice(0, lv + 1).join('/');
        while (ri + span < rows.length) {
          const p2 = levels(rows[ri + span].row);
          if (p2.length > lv + 1 && p2.slice(0, lv + 1).join('/') === key) span++;
          else break;
        }
        th.rowSpan = span;
      }
      tr.appendChild(th);
    }
    prevPath = path;
    const byCol = new Map(r.cells.map((c) => [c.col, c]));
    for (const col of cols) {
      const td = document.createElement('td');
      td.dataset.col = col;
      const c = byCol.get(col);
      if (!c || c.value == null) {
        td.className = 'nb-missing';
        td.textContent = '—';
        td.title = '原文中缺少此单元格';
      } else {
        td.textContent = c.value;
        if (c.inferred) {
          td.classList.add('nb-inferred');
          td.title = '原文空白，按规定推算';
        }
      }
      const m = marks.get(`${t.id}\u0000${r.row}\u0000${col}`);
      if (m) {
        td.classList.add(`nb-${RANK_SEV[m.rank]}`);
        td.title = m.tips.join('\n');
      }
      tr.appendChild(td);
    }
  });
  return table;
}

function renderTables(report, box = $('nb-tables')) {
  box.textContent = '';
  if (!report.tables.length) {
    const p = document.createElement('p');
    p.className = 'nb-note';
    p.textContent = '没有识别出统计表格。';
    box.appendChild(p);
    return;
  }
  const marks = findingCellIndex(report);
  for (const t of report.tables) {
    const h = document.createElement('h3');
    h.className = 'nb-grid-title';
    h.textContent = t.title || TABLE_CN[t.id] || t.id;
    box.appendChild(h);
    for (const seg of segments(t)) box.appendChild(renderGrid(t, seg.rows, seg.cols, marks));
  }
}

// ---------------------------------------------------------------------------------------
// Downloads (blob: URLs, nothing leaves the machine).

function csvField(v) {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csv = (rows) => '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

function where(loc) {
  if (!loc) return '';
  if (loc.line != null) return `第${loc.line}行`;
  if (loc.element != null) return `元素#${loc.element}`;
  return '';
}

function findingsCsv(report) {
  const rows = [['序号', '严重程度', '规则代码', '规则', '说明', '表格', '行', '列', '写作', '应为', '位置']];
  report.findings.forEach((f, i) => {
    const base = [i + 1, SEV_CN[f.severity] || f.severity, f.code, ruleMeta(f.code)?.summary || f.rule, f.message];
    const cells = (f.cells || []).filter((c) => c.expected != null);
    if (!cells.length) rows.push([...base, '', '', '', '', '', where(f.location)]);
    for (const c of cells) {
      rows.push([...base, TABLE_CN[c.table] || c.table, c.row, c.col, c.value ?? '', c.expected, where(c.location || f.location)]);
    }
  });
  return csv(rows);
}

function tablesCsv(report) {
  const rows = [];
  for (const t of report.tables) {
    rows.push([t.title || TABLE_CN[t.id] || t.id]);
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

function baseName(report) {
  const src = current?.input?.name && !current.input.name.startsWith('粘贴') ? current.input.name.replace(/\.[^.]+$/, '') : report.title || '年报';
  return src.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------------------------------
// The check itself.

function message(text, tone = '') {
  const m = $('nb-message');
  m.textContent = text;
  m.className = tone ? `nb-msg-${tone}` : '';
  m.hidden = !text;
}

function clearResult() {
  current = null;
  $('nb-result').hidden = true;
  $('nb-doc').textContent = '';
  $('nb-findings').textContent = '';
  $('nb-tables').textContent = '';
}

const MSG_EMPTY = '没有可检查的内容：剪贴板或文件是空的（或只有图片）。请在报告页面中全选（Ctrl+A）并复制（Ctrl+C），再回到这里粘贴。';
const MSG_NOT_REPORT = '这段内容不像政府信息公开工作年度报告：没有找到年度报告的标题、规定的章节或统计表格。请确认复制的是报告全文。';

/**
 * Checks one input and shows it. `input`: {text, kind: 'html'|'text', name, source, encoding?}.
 * `t0`: performance.now() when the user's action arrived (paste, drop, file read).
 */
let checksDone = 0;
async function check(input, t0 = performance.now()) {
  try {
    return await checkInner(input, t0);
  } finally {
    // Tests and tools wait on this: one more check (of any outcome) has finished.
    document.documentElement.dataset.nbChecked = String(++checksDone);
  }
}

async function checkInner(input, t0) {
  if (!input.text || !input.text.trim()) {
    clearResult();
    message(MSG_EMPTY, 'error');
    return null;
  }
  let parsed = null;
  const phases = {};
  const hadWasm = stats.wasmInitMs != null;
  const wasm = initWasm(); // under way while the HTML is sanitised and walked
  if (input.kind === 'html') {
    let t = performance.now();
    const root = sanitizeDom(input.text);
    phases.sanitizeMs = performance.now() - t;
    t = performance.now();
    parsed = root ? { root, ...domEvents(root) } : { root: null, events: '', nodes: [] };
    phases.walkMs = performance.now() - t;
  }
  await wasm;
  const tCheck = performance.now();
  const json = parsed ? nb.checkDom(parsed.events, input.name || '') : nb.checkText(input.text, 'text', input.name || '');
  const report = JSON.parse(json);
  const checkMs = performance.now() - tCheck;
  if (report.kind !== 'annual-report') {
    clearResult();
    message(MSG_NOT_REPORT, 'error');
    current = { report, input, findingEls: new Map() };
    window.nianbao.lastReport = report;
    return report;
  }
  const tDisplay = performance.now();
  const display = buildDisplay(report, input, parsed);
  current = { report, input, findingEls: display.findingEls };
  const docBox = $('nb-doc');
  docBox.textContent = '';
  docBox.appendChild(display.node);
  const highlightMs = performance.now() - t0;
  phases.displayMs = performance.now() - tDisplay;

  $('nb-summary').textContent = summaryText(report.summary);
  $('nb-summary').className = `nb-summary${report.findings.length ? '' : ' nb-clean'}`;
  const meta = [];
  meta.push(report.title || '（未识别出标题）');
  if (report.year) meta.push(`${report.year}年度`);
  if (report.format) meta.push(report.format === '2021' ? '国办公开办函〔2021〕30号格式' : report.format === '2019' ? '国办公开办函〔2019〕60号格式' : `${report.format}格式`);
  meta.push(input.kind === 'html' ? '网页（含表格）' : '纯文本');
  if (input.encoding) meta.push(`编码 ${input.encoding}`);
  if (display.unplaced) meta.push(`${display.unplaced} 处无法在原文中标出`);
  $('nb-meta').textContent = meta.join(' · ');
  renderFindings(report, display.findingEls);
  renderTables(report);
  selectTab('doc');
  $('nb-result').hidden = false;
  message('');
  const totalMs = performance.now() - t0;
  const timing = { name: input.name, kind: input.kind, highlightMs, totalMs, checkMs, ...phases, firstWasm: !hadWasm, wasmInitMs: stats.wasmInitMs, compileMs: stats.compileMs, instantiateMs: stats.instantiateMs };
  stats.timings.push(timing);
  // Time to the frame that shows it: the next animation frame, then the task after it.
  requestAnimationFrame(() => setTimeout(() => {
    timing.paintMs = performance.now() - t0;
  }, 0));
  window.nianbao.lastReport = report;
  return report;
}

function fail(e) {
  console.error(e);
  document.documentElement.dataset.nbFailed = String(e && e.message ? e.message : e);
  clearResult();
  message(`检查时出错：${e && e.message ? e.message : e}`, 'error');
}

function onPaste(e) {
  const dt = e.clipboardData;
  if (!dt) return;
  e.preventDefault();
  const t0 = performance.now();
  const html = dt.getData('text/html') || '';
  const text = dt.getData('text/plain') || '';
  $('nb-paste').value = text || '';
  let input;
  if (html.trim()) input = { text: html, kind: 'html', name: '粘贴的网页', source: 'paste' };
  else input = { text, kind: looksLikeHtml(text) ? 'html' : 'text', name: '粘贴的文本', source: 'paste' };
  check(input, t0).catch(fail);
}

const OK_FILE = /\.(html?|shtml|txt|text)$/i;

async function openFile(file, t0 = performance.now()) {
  if (!OK_FILE.test(file.name)) {
    clearResult();
    message(`暂不支持「${file.name}」这类文件。请打开 .html、.htm 或 .txt 文件，或直接粘贴报告。`, 'error');
    return null;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!bytes.length) {
    clearResult();
    message(MSG_EMPTY, 'error');
    return null;
  }
  await initWasm();
  const d = JSON.parse(nb.decodeFile(bytes, file.name));
  $('nb-paste').value = d.text;
  const kind = d.kind === 'html' ? 'html' : 'text';
  const enc = d.encoding && d.encoding.toUpperCase() !== 'UTF-8' ? d.encoding.toUpperCase() : '';
  return check({ text: d.text, kind, name: file.name, source: 'file', encoding: enc }, t0);
}

function setup() {
  window.nianbao = { stats, check, ready: () => initWasm(), warmedUp: () => !!stats.warmedUp, lastReport: null, sanitizeDom };
  document.addEventListener('paste', onPaste);
  $('nb-recheck').addEventListener('click', () => {
    const text = $('nb-paste').value;
    check({ text, kind: looksLikeHtml(text) ? 'html' : 'text', name: '输入的文本', source: 'typed' }).catch(fail);
  });
  $('nb-file').addEventListener('change', (e) => {
    const f = e.target.files && e.target.files[0];
    if (f) openFile(f).catch(fail);
    e.target.value = '';
  });
  $('nb-tab-doc').addEventListener('click', () => selectTab('doc'));
  $('nb-tab-tables').addEventListener('click', () => selectTab('tables'));
  $('nb-dl-json').addEventListener('click', () => {
    if (!current) return;
    const r = current.report;
    const out = { file: r.file, title: r.title, issuer: r.issuer, year: r.year, format: r.format, summary: r.summary, findings: r.findings };
    download(`${baseName(r)}-问题清单.json`, JSON.stringify(out, null, 2), 'application/json');
  });
  $('nb-dl-csv').addEventListener('click', () => current && download(`${baseName(current.report)}-问题清单.csv`, findingsCsv(current.report), 'text/csv'));
  $('nb-dl-tables').addEventListener('click', () => current && download(`${baseName(current.report)}-表格.csv`, tablesCsv(current.report), 'text/csv'));
  // Drag and drop: files, or a selection dragged from another window.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    document.body.classList.add('nb-dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('nb-dragging');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('nb-dragging');
    const t0 = performance.now();
    const dt = e.dataTransfer;
    if (!dt) return;
    if (dt.files && dt.files.length) {
      openFile(dt.files[0], t0).catch(fail);
      return;
    }
    const html = dt.getData('text/html');
    const text = dt.getData('text/plain');
    if (html && html.trim()) check({ text: html, kind: 'html', name: '拖入的网页', source: 'drop' }, t0).catch(fail);
    else check({ text, kind: looksLikeHtml(text) ? 'html' : 'text', name: '拖入的文本', source: 'drop' }, t0).catch(fail);
  });
  $('nb-sample-button').addEventListener('click', () => {
    const text = sampleText();
    $('nb-paste').value = text;
    check({ text, kind: 'text', name: '示例报告', source: 'sample' }).catch(fail);
  });
  if (params.has('cold')) compileWasm().catch(fail);
  else if (!params.has('lazy')) initWasm().then(() => warmUp()).catch(fail);
}

setup();
