// nianbao web page: paste or open a report (or many), check it with the WebAssembly core, and
// show it as it looks with the findings' cells and sentences marked. Everything runs in this
// page and its worker; it makes no network request (the served build fetches only its own
// files).
//
// Data flow (see src/ingest/mod.rs `Location` for the contract):
//   HTML: sanitise (www/sanitize.js: DOMPurify, returning the sanitised DOM itself — no
//         serialise/re-parse; big pages in slices) → walk those very nodes with dom-events.js
//         (shared with the extension; big pages in steps) → `checkDom(events)` in the worker
//         (www/worker.js); `location.element` indexes the walk's `nodes` array, the same
//         elements that are marked and then moved into the page; `u16_*` are offsets into the
//         element's textContent.
//   Text: checked as is (`checkText(text, "text")`, in the worker) and shown in a pre-wrap
//         block; `u16_*` index the string.
// Marks wrap text in <mark> elements or outline <td>s of the display copy; they never change a
// character of the report. Each mark is focusable, described (aria-describedby) by its
// findings, and shows a tooltip on hover or focus; Enter or a click focuses its finding in the
// list, and a finding's 「定位」 focuses its first mark.
//
// Which places a finding marks, their roles, tooltips, fix lines, the order of the findings'
// groups, the fingerprints behind 「忽略」/「已核实」 and the numbered list come from
// www/findings.js (shared with the extension); every word only the core knows (severity names,
// table titles, file types, the fix line, the rules' documentation) comes from the core.
//
// The served page loads these modules as they are and dist/worker.js (bundled); the single-file
// build (scripts/build-page.mjs) bundles them with esbuild, supplies the wasm bytes in
// <script type="application/wasm-base64" id="nb-wasm"> and the worker's source in
// <script type="text/plain" id="nb-worker-src"> (a classic script started from a blob: URL; if
// the browser does not allow that, checks run on the page itself).
import * as nb from './pkg/nianbao.js';
import { domEvents, domWalk } from './dom-events.js';
import { sanitizeDom, sanitizeInSlices } from './sanitize.js';
import {
  marksOf, drawAs, holdsValue, sameNumbering, tipEntries, tipText, worstSeverity, summaryLine, fixParts, tableCellMarks, tableCellKey,
  panelOrder, findingPlace, displayValue, findingFingerprint, findingStates, stateCounts, setAsideLine, exportBaseName, basisLine,
  numberedList, STATE_NAMES, severityName,
} from './findings.js';
import { levels, segments, findingsCsv, findingsCsvHeader, findingsCsvRows, tablesCsv, csv } from './tables.js';
import { openPdf, hasText, pdfDisplay, drawPdfMarks, PDF_CSS } from './pdf-view.js';
import { positionedArgs, pairInputOfPdf } from './pdf-extract.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/** Inputs above these sizes are sanitised and walked in slices (and always checked in the
 *  worker): characters of HTML, elements. */
const BIG_HTML = 400 * 1024;
const BIG_NODES = 8000;

// ---------------------------------------------------------------------------------------
// WebAssembly: compiled once, instantiated once on the page (for the small calls: vocabulary,
// rules, fileKind, decodeFile, sniffKind) and once in the worker (the checks). When the page
// loads it compiles the module (streaming), then instantiates it and warms it up while idle.
// Modes for measuring (scripts/measure.mjs):
//   `?lazy` — nothing before the first check: it fetches, compiles and instantiates;
//   `?cold` — compiled at load, but neither instantiated nor run before the first check;
//   `?noworker` — every check on the page itself (what a browser without workers does).

let wasmModule = null;
let wasmReady = null;
const stats = { wasmInitMs: null, compileMs: null, instantiateMs: null, timings: [], worker: null };

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64, { lastChunkHandling: 'loose' });
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** What to tell the user when the core cannot be loaded (the file missing, cut short or
 *  damaged), instead of the browser's English message. */
const MSG_WASM = '检查程序没有加载成功：本工具的程序文件（nianbao_bg.wasm）缺失或已损坏。请重新获取完整的 nianbao.html（或整个 dist 文件夹）后再打开；问题仍在时请联系提供本工具的同事。';
class CoreLoadError extends Error {}

/** The compiled module (a promise): from the single file's inline bytes, else streamed from
 *  pkg/nianbao_bg.wasm (compiling while it downloads). */
function compileWasm() {
  if (!wasmModule) {
    const t0 = performance.now();
    const inline = document.getElementById('nb-wasm');
    let p;
    if (inline) {
      p = Promise.resolve().then(() => WebAssembly.compile(base64ToBytes(inline.textContent)));
    } else {
      const url = new URL('pkg/nianbao_bg.wasm', import.meta.url);
      const get = () => fetch(url).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r;
      });
      p = WebAssembly.compileStreaming(get()).catch(() => get().then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
    }
    wasmModule = p.then((m) => {
      stats.compileMs = performance.now() - t0;
      return m;
    }, (e) => {
      console.error('nianbao: the wasm could not be loaded', e);
      throw new CoreLoadError(MSG_WASM);
    });
    wasmModule.catch(() => {
      wasmModule = null;
    });
  }
  return wasmModule;
}

/** Instantiates the core on the page (once) and starts the worker. `stats.wasmInitMs`: from
 *  this call to an instance, so for a first check it includes whatever of fetching and
 *  compiling was still to do. */
function initWasm() {
  if (!wasmReady) {
    const t0 = performance.now();
    wasmReady = compileWasm().then((module) => {
      const t1 = performance.now();
      try {
        nb.initSync({ module });
      } catch (e) {
        console.error('nianbao: the wasm could not be instantiated', e);
        throw new CoreLoadError(MSG_WASM);
      }
      stats.instantiateMs = performance.now() - t1;
      // The file chooser offers the types the core reads.
      $('nb-file').accept = words().vocabulary.accept;
      stats.wasmInitMs = performance.now() - t0;
      if (!params.has('noworker')) startWorker(module);
    });
    wasmReady.catch(() => {
      wasmReady = null;
    });
  }
  return wasmReady;
}

// ---------------------------------------------------------------------------------------
// The worker. Requests are answered in order; if the worker cannot be started (a browser that
// refuses a worker from a file:// page, a CSP) or fails, every check runs on the page.

let worker = null;
let workerReady = null;
const pending = new Map();
let nextId = 1;

function workerUrl() {
  const inline = document.getElementById('nb-worker-src');
  if (inline) return URL.createObjectURL(new Blob([inline.textContent], { type: 'text/javascript' }));
  return new URL('worker.js', import.meta.url);
}

function startWorker(module) {
  if (workerReady || typeof Worker !== 'function') return;
  workerReady = new Promise((resolve) => {
    let w;
    const give = (ok, why) => {
      stats.worker = ok ? 'worker' : `page (${why})`;
      if (!ok) {
        worker = null;
        w?.terminate();
        for (const [, p] of pending) p.reject(new Error('worker stopped'));
        pending.clear();
      }
      resolve(ok);
    };
    try {
      // The single file's worker is a classic script (a file:// page's blob: URL cannot start a
      // module worker in Chromium); the served page's is a module.
      const inline = !!document.getElementById('nb-worker-src');
      w = new Worker(workerUrl(), { type: inline ? 'classic' : 'module', name: 'nianbao-check' });
    } catch (e) {
      give(false, String(e && e.message ? e.message : e));
      return;
    }
    const timer = setTimeout(() => give(false, 'no answer'), 8000);
    w.onerror = (e) => {
      clearTimeout(timer);
      e.preventDefault?.();
      give(false, e.message || 'error');
    };
    w.onmessage = (e) => {
      const m = e.data;
      if (m.op === 'ready') {
        clearTimeout(timer);
        worker = w;
        give(true);
      } else if (m.op === 'failed') {
        clearTimeout(timer);
        give(false, m.message);
      } else if (pending.has(m.id)) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p.resolve(m);
        else p.reject(new Error(m.message));
      }
    };
    w.postMessage({ op: 'init', module });
  });
}

/** Sends a request to the worker; resolves with its answer. */
function ask(message, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...message }, transfer);
  });
}

/** Whether checks go to the worker (after it has started, or failed to). */
async function useWorker() {
  if (params.has('noworker') || !workerReady) return false;
  return workerReady;
}

/** Checks a walked DOM or a text: in the worker when there is one, else here. Returns the
 *  core's JSON string and where it ran. */
async function runCheck(job) {
  if (await useWorker()) {
    try {
      const m = await ask(job);
      return { json: m.json, where: 'worker' };
    } catch (e) {
      if (worker) throw e;
      // The worker died under way: do it here.
    }
  }
  if (job.op === 'checkPair') return { json: nb.checkPair(job.earlierKind, job.earlier, job.earlierName, job.laterKind, job.later, job.name, job.earlierGeometry, job.laterGeometry), where: 'page' };
  const json = job.op === 'checkDom'
    ? nb.checkDom(job.events, job.name)
    : job.op === 'checkPositioned' ? nb.checkPositioned(job.pages, job.items, job.texts, job.lines, job.name) : nb.checkText(job.text, job.kind, job.name);
  return { json, where: 'page' };
}

/** Lets the page paint and handle input before going on (a macrotask; rAF-independent, so it
 *  also runs in a background tab). */
const yieldNow = (() => {
  const ch = new MessageChannel();
  const queue = [];
  ch.port1.onmessage = () => queue.shift()?.();
  return () => new Promise((resolve) => {
    queue.push(resolve);
    ch.port2.postMessage(0);
  });
})();

/** How long a slice of a big input's work (sanitising, walking) runs before the page breathes. */
const SLICE_MS = 6;

/** Between the slices of a big input's work (sanitising, walking): a pause that leaves the main
 *  thread idle for a while. On a busy machine the thread that never sleeps waits longest for
 *  the CPU; and a garbage collection that starts meanwhile (a portal page's DOM has ~90,000
 *  nodes to mark) gets time to mark alongside, rather than in the slices or in one pause of
 *  50–300 ms. The pause adapts: it doubles (up to 32 ms) after a slice that ran over its budget by half
 *  (the machine is busy, or the collector worked in it) and halves (down to 1 ms) after one
 *  that did not. In a hidden tab, where timers are throttled, it is yieldNow. */
const breathe = (() => {
  let resumed = 0;
  let pauseMs = 8;
  return (budgetMs = SLICE_MS) => {
    if (document.visibilityState !== 'visible') return yieldNow();
    const ran = resumed ? performance.now() - resumed : 0;
    resumed = 0;
    pauseMs = ran > 1.5 * budgetMs ? Math.min(32, pauseMs * 2) : Math.max(1, pauseMs / 2);
    return new Promise((resolve) => {
      setTimeout(() => {
        resumed = performance.now();
        resolve();
      }, pauseMs);
    });
  };
})();

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

/** Runs the whole path — check (where checks run), marks, findings list, tables — on the
 *  sample a few times while the page is idle, into detached nodes, so the engines have
 *  compiled (and tiered up) the hot wasm and JS before the user's first paste. */
function warmUp(rounds = 6) {
  const text = sampleText();
  if (!text) return;
  const html = textToHtml(text);
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 30));
  let i = 0;
  const show = (report, input, parsed) => {
    const display = buildDisplay(report, input, parsed);
    renderFindings(report, display.marks, display.findingEls, document.createElement('div'), []);
    renderTables(report, document.createElement('div'));
  };
  const step = async () => {
    try {
      const input = { text, kind: 'text', name: '' };
      show(JSON.parse((await runCheck({ op: 'checkText', text, kind: 'text', name: '' })).json), input, null);
      const root = sanitizeDom(html);
      const parsed = { root, ...domEvents(root) };
      show(JSON.parse((await runCheck({ op: 'checkDom', events: parsed.events, name: '' })).json), { text: html, kind: 'html', name: '' }, parsed);
    } catch (e) {
      console.warn('warm-up failed', e);
      return;
    }
    if (++i < rounds) idle(step);
    else stats.warmedUp = true;
  };
  idle(step);
}

let wordsCache = null;
/** The core's words for labels: `vocabulary()` (severity names, table titles, formats, the file
 *  chooser's list) and `rules()` (each code's summary and basis). Needs the instantiated wasm. */
function words() {
  if (!wordsCache) {
    const rules = JSON.parse(nb.rules());
    wordsCache = { vocabulary: JSON.parse(nb.vocabulary()), rules, byCode: Object.fromEntries(rules.map((r) => [r.code, r])) };
  }
  return wordsCache;
}

/** Whether pasted or typed text is HTML: the core's own test (`sniffKind`). */
const inputKind = (text) => (nb.sniffKind(text) === 'html' ? 'html' : 'text');

// ---------------------------------------------------------------------------------------
// Marks: every place of `marksOf(report)` (www/findings.js) that passes its guards.

/** Panel numbers of the findings being marked (finding index → 1-based number). */
let numbering = new Map();

/** Applies classes, finding indices, numbers, the description link and focusability to a mark
 *  or cell for the places it shows (accumulating: a cell may be called once per finding that
 *  involves it). Classes: the worst severity; the role — `nb-change` (the cell or label to
 *  change: solid), `nb-part` (every place there only takes part in a relation another cell
 *  breaks: dashed), `nb-sentence` (prose: wavy); for text marks `nb-cell` (a cell or label). */
const decoState = new WeakMap();
function decorate(el, places, baseClass) {
  let st = decoState.get(el);
  if (!st) decoState.set(el, (st = { places: [] }));
  st.places.push(...places);
  const fis = [...new Set(st.places.map((p) => p.finding))].sort((a, b) => a - b);
  el.classList.remove('nb-error', 'nb-warning', 'nb-info', 'nb-cell', 'nb-sentence', 'nb-part', 'nb-change');
  el.classList.add(baseClass, `nb-${worstSeverity(st.places.map((p) => p.severity))}`);
  const cellish = st.places.some((p) => p.role !== 'sentence');
  if (baseClass === 'nb-mark') el.classList.add(cellish ? 'nb-cell' : 'nb-sentence');
  else if (!cellish) el.classList.add('nb-sentence');
  if (st.places.every((p) => p.role === 'part')) el.classList.add('nb-part');
  else if (st.places.some((p) => p.role === 'change')) el.classList.add('nb-change');
  el.setAttribute('data-nb-f', fis.join(' '));
  el.setAttribute('data-nb-n', fis.map((fi) => numbering.get(fi)).filter(Boolean).sort((a, b) => a - b).join(','));
  el.setAttribute('data-nb-tip', tipText(tipEntries(st.places)));
  el.setAttribute('aria-describedby', fis.map((fi) => `nb-desc-${fi}`).join(' '));
  el.tabIndex = 0;
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
 *  segments, each decorated with every place covering it. Returns Map place → [elements]. */
function wrapRanges(root, items, doc) {
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
      decorate(m, op.covering.map((it) => it.target), 'nb-point');
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
      decorate(m, op.covering.map((it) => it.target), 'nb-mark');
      segMarks.unshift(m);
    }
    for (const m of segMarks) record(op.covering, m);
  }
  return out;
}

/** Builds the display of the checked input and marks every place. Returns
 *  {node, findingEls: Map findingIndex → elements in document order, unplaced, marks}. */
function buildDisplay(report, input, parsed) {
  const marks = marksOf(report, words());
  numbering = new Map(panelOrder(marks).map((fi, n) => [fi, n + 1]));
  const findingEls = new Map();
  const add = (p, els) => {
    if (!findingEls.has(p.finding)) findingEls.set(p.finding, []);
    findingEls.get(p.finding).push(...els);
  };
  let unplaced = 0;
  let omitted = 0;
  const refuse = (p, why) => {
    console.warn(`nianbao: ${why}`, p.location);
    unplaced++;
  };
  let node;
  if (input.kind === 'pdf') {
    // The rendered pages, with a mark over each rectangle of each place (www/pdf-view.js).
    const display = pdfDisplay(input.pdf.pdfjs, input.pdf.doc, input.pdf.positioned, { width: pdfWidth() });
    input.pdf.display?.destroy();
    input.pdf.display = display;
    const made = drawPdfMarks(display, marks.places, () => {
      const m = document.createElement('mark');
      m.className = 'nb-mark';
      return m;
    });
    for (const [p, els] of made.drawn) {
      for (const el of els) decorate(el, [p], 'nb-mark');
      add(p, els);
    }
    unplaced += made.unplaced;
    node = display.node;
  } else if (input.kind === 'text') {
    node = document.createElement('div');
    node.className = 'nb-text';
    node.appendChild(document.createTextNode(input.text));
    const items = [];
    for (const p of marks.places) {
      if (p.kind !== 'text') refuse(p, 'not a text place');
      else if (!holdsValue(p, input.text)) refuse(p, 'the text there is not the cell value');
      else items.push({ start: p.start, end: p.end, target: p });
    }
    for (const [p, els] of wrapRanges(node, items, document)) add(p, els);
  } else {
    // `parsed.nodes` are the elements the core numbered (domEvents' walk of `parsed.root`):
    // marked here in the inert document, then moved into the page.
    const { root, nodes } = parsed;
    const doc = root.ownerDocument;
    // A different element count means the events were not these nodes' (cannot happen with
    // one walk; if it ever does, mark nothing).
    const sameWalk = sameNumbering(report, nodes.length);
    if (!sameWalk) console.warn('nianbao: element count differs', report.element_count, nodes.length);
    const byElement = new Map();
    for (const p of marks.places) {
      const el = p.kind === 'html' && sameWalk ? nodes[p.element] : null;
      if (!el) {
        refuse(p, 'no such element');
        continue;
      }
      if (!holdsValue(p, el.textContent)) {
        refuse(p, 'the element does not hold the cell value');
        continue;
      }
      if (drawAs(p, el.localName) === 'cell') {
        decorate(el, [p], 'nb-td');
        add(p, [el]);
        continue;
      }
      if (!byElement.has(el)) byElement.set(el, []);
      byElement.get(el).push({ start: p.start, end: p.end, target: p });
    }
    for (const [el, items] of byElement) {
      for (const [p, els] of wrapRanges(el, items, doc)) add(p, els);
    }
    // A header cell with no text is announced as nothing: say it is empty.
    for (const th of root.querySelectorAll('th')) if (!th.textContent.trim()) th.setAttribute('aria-label', '空白');
    node = document.createElement('div');
    node.className = 'nb-html';
    const body = doc.body || root;
    // A portal page (thousands of links, menus) is shown from the element that holds the whole
    // report — its title, sections, tables and every marked place — down: the page around it
    // would take seconds to lay out and is not what is being checked.
    const part = sameWalk && nodes.length > BIG_NODES ? reportPart(report, nodes, findingEls) : null;
    if (part && part !== body && body.contains(part)) {
      omitted = nodes.length - 1 - part.getElementsByTagName('*').length;
      node.appendChild(document.adoptNode(part));
    } else {
      while (body.firstChild) node.appendChild(document.adoptNode(body.firstChild));
    }
  }
  // Document order for scrolling to the first place.
  for (const [fi, els] of findingEls) {
    const uniq = [...new Set(els)];
    uniq.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    findingEls.set(fi, uniq);
  }
  return { node, findingEls, unplaced, marks, omitted };
}

/** The smallest element holding the report: the title, the sections' headings, the tables'
 *  cells and labels, and every marked element. */
function reportPart(report, nodes, findingEls) {
  const idx = new Set();
  const at = (loc) => loc && loc.kind === 'html' && loc.element != null && idx.add(loc.element);
  at(report.title_location);
  at(report.period?.location);
  for (const s of report.sections || []) at(s.location);
  for (const t of report.tables || []) {
    for (const r of t.rows || []) {
      at(r.label_location);
      for (const c of r.cells || []) at(c.location);
    }
  }
  const els = [...idx].map((i) => nodes[i]).filter(Boolean);
  for (const list of findingEls.values()) els.push(...list);
  if (!els.length) return null;
  let lca = els[0];
  for (const e of els) while (lca && !lca.contains(e)) lca = lca.parentNode;
  return lca && lca.nodeType === 1 ? lca : null;
}

// ---------------------------------------------------------------------------------------
// What the clerk decided: 「忽略」, 「已核实」 per finding (by its fingerprint: the same finding
// keeps its decision when the report is checked again, copied from another page or reloaded),
// 「本规则不再提示」 per rule. Kept in this browser's localStorage; nothing leaves the machine.

const DECISIONS_KEY = 'nianbao.decisions.v1';
const MUTED_KEY = 'nianbao.muted-rules.v1';
function readStore(key, fallback) {
  try {
    const v = JSON.parse(localStorage.getItem(key));
    return v ?? fallback;
  } catch {
    return fallback;
  }
}
function writeStore(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch (e) {
    console.warn('nianbao: could not save', e);
  }
}
const decisions = () => readStore(DECISIONS_KEY, {});
const mutedRules = () => readStore(MUTED_KEY, []);
/** The current report's findings' states (parallel to report.findings). */
const statesOf = (report) => findingStates(report, decisions(), mutedRules());

function decide(fi, what) {
  if (!current) return;
  const f = current.report.findings[fi];
  if (what === 'mute' || what === 'unmute') {
    const set = new Set(mutedRules());
    if (what === 'mute') set.add(f.code);
    else set.delete(f.code);
    writeStore(MUTED_KEY, [...set]);
  } else {
    const d = decisions();
    const fp = findingFingerprint(current.report, f);
    if (what === 'open') delete d[fp];
    else d[fp] = what;
    writeStore(DECISIONS_KEY, d);
  }
  refreshStates(fi);
  const counts = stateCounts(current.report, current.states);
  announce(`${summaryLine(counts.open, words().vocabulary)}${setAsideLine(counts)}。`);
}

/** Redraws what depends on the states: the panel, the summary, the marks' greying. Keeps the
 *  focus on the finding that was acted on. */
function refreshStates(focusFi = null) {
  if (!current) return;
  current.states = statesOf(current.report);
  renderFindings(current.report, current.marks, current.findingEls, $('nb-findings'), current.states);
  showSummary();
  // Every mark and marked cell is in findingEls (in the page or, while a big report is still
  // going in, about to be).
  for (const el of new Set([...current.findingEls.values()].flat())) {
    const all = el.dataset.nbF.split(' ').every((fi) => current.states[+fi] !== 'open');
    el.classList.toggle('nb-set-aside', all);
  }
  if (focusFi != null) {
    const item = document.querySelector(`#nb-findings .nb-item[data-fi="${focusFi}"]`);
    (item?.querySelector('.nb-undo') || item?.querySelector('.nb-finding'))?.focus();
  }
}

// ---------------------------------------------------------------------------------------
// Findings panel, summary, descriptions, tooltip.

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};

/** The link to a rule's entry in 「检查项目说明」. */
const helpHref = (code) => `#rule-${code}`;

/** The findings panel: one section per group (errors first), the findings numbered across
 *  groups (the numbers of the copy, the CSV and the print); each finding a button that shows
 *  and focuses its first mark, its place, the core's fix lines, 「为什么？」, and the clerk's
 *  actions (已核实, 忽略, 本规则不再提示; 撤销). */
function renderFindings(report, marks, findingEls, panel, states) {
  panel.textContent = '';
  const h = el('h2', 'nb-panel-title', marks.findings.length ? `问题清单（${marks.findings.length}）` : '问题清单');
  h.id = panel.id ? `${panel.id}-title` : '';
  panel.appendChild(h);
  if (!marks.findings.length) {
    panel.appendChild(el('p', 'nb-note', '按规定格式检查的各项均未发现问题。'));
    return;
  }
  let n = 0;
  for (const g of marks.groups) {
    const sec = el('section', 'nb-group');
    sec.dataset.code = g.code;
    const h3 = el('h3');
    const badge = el('span', `nb-badge nb-${g.severity}`, g.severityName);
    const name = el('span', 'nb-group-label', g.label);
    const count = el('span', 'nb-count', `${g.findings.length} 处`);
    const code = el('span', 'nb-code', g.code);
    h3.append(badge, name, count, code);
    sec.appendChild(h3);
    const ol = el('ol');
    for (const fi of g.findings) {
      n++;
      const f = marks.findings[fi];
      const state = states[fi] || 'open';
      const li = el('li', `nb-item nb-state-${state}`);
      li.dataset.fi = String(fi);
      const btn = el('button', `nb-finding nb-${f.severity}`);
      btn.type = 'button';
      btn.dataset.fi = String(fi);
      if (state !== 'open') btn.dataset.stateName = STATE_NAMES[state];
      btn.append(el('span', 'nb-num', `${n}.`), document.createTextNode(f.message));
      const place = findingPlace(report.findings[fi]);
      if (place && !f.message.includes(place)) btn.appendChild(el('span', 'nb-place', place));
      for (const fix of f.fixes) {
        const { before, expected } = fixParts(fix);
        const d = el('span', 'nb-detail', before);
        if (expected) d.appendChild(el('span', 'nb-expected', expected));
        btn.appendChild(d);
      }
      if (!findingEls.has(fi)) {
        btn.classList.add('nb-nowhere');
        btn.appendChild(el('span', 'nb-detail', '（原文中没有可标出的位置）'));
      } else {
        btn.setAttribute('aria-description', '按回车键定位到原文');
      }
      btn.addEventListener('click', () => showFinding(fi, { focusMark: true }));
      li.appendChild(btn);
      const acts = el('div', 'nb-actions-row');
      if (state === 'open') {
        for (const [what, label] of [['verified', '已核实'], ['ignored', '忽略'], ['mute', '本规则不再提示']]) {
          const b = el('button', `nb-act nb-act-${what}`, label);
          b.type = 'button';
          b.setAttribute('aria-label', `${label}：第${n}条`);
          b.addEventListener('click', () => decide(fi, what));
          acts.appendChild(b);
        }
      } else {
        acts.appendChild(el('span', 'nb-state', STATE_NAMES[state]));
        const undo = el('button', 'nb-act nb-undo', '撤销');
        undo.type = 'button';
        undo.setAttribute('aria-label', `撤销「${STATE_NAMES[state]}」：第${n}条`);
        undo.addEventListener('click', () => decide(fi, state === 'muted' ? 'unmute' : 'open'));
        acts.appendChild(undo);
      }
      const why = el('a', 'nb-why', '为什么？');
      why.href = helpHref(f.code);
      why.setAttribute('aria-label', `为什么？${f.label}（检查项目说明）`);
      acts.appendChild(why);
      li.appendChild(acts);
      ol.appendChild(li);
    }
    sec.appendChild(ol);
    panel.appendChild(sec);
  }
}

/** One hidden paragraph per finding, which the marks name in aria-describedby: its number,
 *  severity, message and fix lines, read out when a mark gets the focus. */
function renderDescriptions(marks) {
  const box = $('nb-descs');
  box.textContent = '';
  for (const fi of panelOrder(marks)) {
    const f = marks.findings[fi];
    const p = el('p', null, `第${numbering.get(fi)}条，${f.severityName}：${f.message}${f.fixes.map((x) => `。${x.text}`).join('')}`);
    p.id = `nb-desc-${fi}`;
    box.appendChild(p);
  }
}

let current = null;

/** The summary line: the open findings by severity, the ones set aside counted apart. */
function showSummary() {
  const { report, states } = current;
  const counts = stateCounts(report, states);
  const setAside = counts.ignored + counts.verified + counts.muted;
  $('nb-summary').textContent = summaryLine(setAside ? counts.open : report.summary, words().vocabulary);
  $('nb-summary').className = `nb-summary${counts.open.error + counts.open.warning + counts.open.info ? '' : ' nb-clean'}`;
  $('nb-aside').textContent = setAsideLine(counts);
}

/** Shows a finding's places: the document tab, scrolled to the first, flashing; the panel
 *  item marked active. `focusMark`: the first mark gets the focus (keyboard users land there). */
function showFinding(fi, { focusMark = false } = {}) {
  if (!current) return;
  for (const b of document.querySelectorAll('.nb-finding.nb-active')) b.classList.remove('nb-active');
  const btn = document.querySelector(`#nb-findings .nb-finding[data-fi="${fi}"]`);
  if (btn) btn.classList.add('nb-active');
  const els = current.findingEls.get(fi);
  if (!els || !els.length) return;
  selectTab('doc');
  // The cell to change when there is one, else the first place.
  const first = els.find((e) => (decoState.get(e)?.places || []).some((p) => p.finding === fi && p.role === 'change')) || els[0];
  first.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
  if (focusMark) {
    first.focus({ preventScroll: true });
    showTip(first);
  }
  for (const e of document.querySelectorAll('.nb-flash')) e.classList.remove('nb-flash');
  void document.body.offsetWidth; // restart the animation
  for (const e of els) e.classList.add('nb-flash');
  clearTimeout(showFinding.timer);
  showFinding.timer = setTimeout(() => {
    for (const e of els) e.classList.remove('nb-flash');
  }, 2000);
}

/** From a mark to its finding in the panel: the item scrolled into view, active, focused. */
function showInPanel(mark) {
  const fis = (mark.dataset.nbF || '').split(' ').filter(Boolean).map(Number);
  if (!fis.length || !current) return;
  const fi = fis.sort((a, b) => (numbering.get(a) ?? 1e9) - (numbering.get(b) ?? 1e9))[0];
  for (const b of document.querySelectorAll('.nb-finding.nb-active')) b.classList.remove('nb-active');
  const btn = document.querySelector(`#nb-findings .nb-finding[data-fi="${fi}"]`);
  if (!btn) return;
  btn.classList.add('nb-active');
  btn.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
  btn.focus({ preventScroll: true });
  hideTip();
}

// The tooltip: one element, shown for the mark or table cell under the pointer or with the
// focus; Escape hides it.
const tipFor = new WeakMap(); // table cells → Tip[]
function tipLines(target) {
  const st = decoState.get(target);
  if (st) return tipEntries(st.places);
  return tipFor.get(target) || [];
}

function showTip(target) {
  const tip = $('nb-tip');
  const lines = tipLines(target);
  if (!lines.length || !current) return hideTip();
  tip.textContent = '';
  for (const t of lines) {
    const f = current.report.findings[t.finding];
    const box = el('div', 'nb-tip-line');
    const head = el('div', 'nb-tip-head');
    const num = numbering.get(t.finding);
    head.append(el('span', `nb-badge nb-${t.severity}`, t.severityName));
    if (num) head.append(el('span', 'nb-tip-num', `第${num}条`));
    if (current.states?.[t.finding] && current.states[t.finding] !== 'open') head.append(el('span', 'nb-tip-state', STATE_NAMES[current.states[t.finding]]));
    box.append(head, el('div', 'nb-tip-msg', t.message));
    const roles = (decoState.get(target)?.places || []).filter((p) => p.finding === t.finding).map((p) => p.role);
    if (t.fix) box.append(el('div', 'nb-tip-fix', t.fix));
    else if (roles.length && roles.every((r) => r === 'part')) box.append(el('div', 'nb-tip-part', '此格参与这项核算（虚线框）；要改的是实线框的单元格。'));
    else if (f && f.written != null && f.expected != null) {
      const w = displayValue(f.written);
      box.append(el('div', 'nb-tip-fix', `原文：「${w || '空白'}」 → 按规定：「${displayValue(f.expected)}」`));
    }
    const basis = basisLine(words().byCode[f?.code]);
    if (basis) box.append(el('div', 'nb-tip-basis', `依据：${basis}`));
    tip.appendChild(box);
  }
  tip.hidden = false;
  const r = target.getBoundingClientRect();
  const w = Math.min(420, window.innerWidth - 16);
  tip.style.maxWidth = `${w}px`;
  const tr = tip.getBoundingClientRect();
  let left = Math.min(Math.max(8, r.left), window.innerWidth - tr.width - 8);
  let top = r.bottom + 6;
  if (top + tr.height > window.innerHeight - 8 && r.top - tr.height - 6 > 8) top = r.top - tr.height - 6;
  tip.style.left = `${Math.max(8, left)}px`;
  tip.style.top = `${Math.max(8, top)}px`;
  tip.dataset.for = target.dataset.nbF || '';
  tipTarget = target;
}
let tipTarget = null;

function hideTip() {
  const tip = $('nb-tip');
  if (tip) tip.hidden = true;
}

const markOf = (node) => node?.closest?.('#nb-doc [data-nb-f], #nb-tables td[data-nb-tip]');

// ---------------------------------------------------------------------------------------
// Tabs (原文 / 提取的表格): arrow keys, Home and End move between them (WAI-ARIA tabs).

const TABS = ['doc', 'tables'];
function selectTab(which, { focus = false } = {}) {
  if (which === 'tables') ensureTables();
  for (const t of TABS) {
    const on = t === which;
    const tab = $(`nb-tab-${t}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`nb-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  hideTip();
}

function onTabKey(e) {
  const i = TABS.findIndex((t) => e.currentTarget.id === `nb-tab-${t}`);
  let j = null;
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % TABS.length;
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i + TABS.length - 1) % TABS.length;
  else if (e.key === 'Home') j = 0;
  else if (e.key === 'End') j = TABS.length - 1;
  if (j == null) return;
  e.preventDefault();
  selectTab(TABS[j], { focus: true });
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
      tr.setAttribute('aria-description', '原文中没有找到这一行');
    }
    const path = levels(r.row);
    for (let lv = 0; lv < path.length; lv++) {
      const same = lv < path.length - 1 && prevPath.length > lv + 1 && path.slice(0, lv + 1).join('/') === prevPath.slice(0, lv + 1).join('/');
      if (same) continue;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = path[lv] || '件数';
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
      const m = marks.get(tableCellKey(t.id, r.row, col));
      if (m) {
        td.classList.add(`nb-${m.severity}`);
        td.setAttribute('data-nb-tip', tipText(m.tips));
        td.setAttribute('aria-describedby', [...new Set(m.tips.map((x) => `nb-desc-${x.finding}`))].join(' '));
        td.dataset.nbF = [...new Set(m.tips.map((x) => x.finding))].join(' ');
        td.tabIndex = 0;
        tipFor.set(td, m.tips);
      }
      tr.appendChild(td);
    }
  });
  return table;
}

/** The 「提取的表格」 tab is drawn when it is first shown, or when the page is next idle after
 *  a check: not on the way from the paste to the marks. */
let tablesFor = null;
function scheduleTables(report) {
  tablesFor = report;
  $('nb-tables').textContent = '';
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  idle(ensureTables, { timeout: 2000 });
}
function ensureTables() {
  const report = tablesFor;
  tablesFor = null;
  if (report) renderTables(report);
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
  const marks = tableCellMarks(report, words());
  for (const t of report.tables) {
    const h = document.createElement('h3');
    h.className = 'nb-grid-title';
    h.textContent = t.title;
    box.appendChild(h);
    for (const seg of segments(t)) box.appendChild(renderGrid(t, seg.rows, seg.cols, marks));
  }
}

// ---------------------------------------------------------------------------------------
// Copy, downloads (blob: URLs, nothing leaves the machine), print.

const fileStem = () => exportBaseName(current?.report, current?.input?.source === 'file' ? current.input.name : '');

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

/** The numbered list the panel shows, as text: heading, then one line per finding. */
function listText() {
  const { report, marks, states } = current;
  const counts = stateCounts(report, states);
  const heading = `${report.title || current.input.name || '年度报告'}：${summaryLine(counts.open, words().vocabulary)}${setAsideLine(counts)}`;
  return numberedList(report, marks, states, { heading });
}

/** Puts text on the clipboard: the Clipboard API, else a selected textarea and 「复制」. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

async function onCopy() {
  if (!current) return;
  const text = listText();
  const ok = await copyText(text);
  announce(ok ? `已复制问题清单（${current.report.findings.length} 条），可粘贴到文档或消息中。` : '无法使用剪贴板：请改用「下载问题清单（CSV）」。');
}

// ---------------------------------------------------------------------------------------
// Status: one live region (role=status) announces what the page is doing and what it found;
// a progress bar for big inputs and batches; #nb-message for what went wrong.

function announce(text) {
  const s = $('nb-status');
  s.textContent = text;
}

function progress(fraction, text) {
  const box = $('nb-progress');
  if (fraction == null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const bar = $('nb-progress-bar');
  if (fraction < 0) bar.removeAttribute('value');
  else bar.value = Math.min(1, fraction);
  if (text) $('nb-progress-text').textContent = text;
}

function message(text, tone = '') {
  const m = $('nb-message');
  m.textContent = text;
  m.className = tone ? `nb-msg-${tone}` : '';
  m.hidden = !text;
}

function clearResult() {
  current = null;
  tablesFor = null;
  showSerial++;
  $('nb-result').hidden = true;
  $('nb-doc').textContent = '';
  $('nb-findings').textContent = '';
  $('nb-tables').textContent = '';
  $('nb-descs').textContent = '';
  hideTip();
}

const MSG_EMPTY = '没有可检查的内容：剪贴板或文件是空的（或只有图片）。请在报告页面中全选（Ctrl+A）并复制（Ctrl+C），再回到这里粘贴。';
const MSG_NOT_REPORT = '这段内容不像政府信息公开工作年度报告：没有找到年度报告的标题、规定的章节或统计表格。请确认复制的是报告全文。';
const msgImages = (title) => `找到了报告标题「${title}」，但正文是图片或扫描件，无法检查文字。请找到这份报告的文字版（网页正文、Word 或可复制文字的 PDF 转成的文本）再检查。`;
const msgTitleOnly = (title) => `找到了报告标题「${title}」，但没有找到正文的章节和统计表格。请确认复制或保存的是报告全文。`;

/** What to say about a report the core did not read as an annual report. */
/** Said of an input too long to read whole (the core's `read_up_to`): what follows was not read. */
const MSG_CUT = '内容过长，只读取了开头的5万个段落、行或表格单元格，其后的内容没有读取，也没有检查。';

function notReportMessage(report, media) {
  const cut = report.read_up_to ? MSG_CUT : '';
  if (report.title && media > 0) return msgImages(report.title) + cut;
  if (report.title) return msgTitleOnly(report.title) + cut;
  return MSG_NOT_REPORT + cut;
}

const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** The paste box after a file was opened: the file's name and size, never its raw content;
 *  with no files, the box holds `value` (what was pasted as text). Only what changes is set: a
 *  textarea's value, set, is laid out again. */
function showFileInfo(files, value = '') {
  const box = $('nb-paste');
  if (box.value !== value) box.value = value;
  const info = $('nb-file-info');
  if (!files) {
    if (!info.hidden) {
      info.hidden = true;
      info.textContent = '';
    }
    if (box.dataset.placeholder && box.placeholder !== box.dataset.placeholder) box.placeholder = box.dataset.placeholder;
    return;
  }
  const text = files.length === 1 ? `已打开文件：${files[0].name}（${kb(files[0].size)}）` : `已打开 ${files.length} 个文件（共 ${kb(files.reduce((a, f) => a + f.size, 0))}）`;
  info.textContent = text;
  info.hidden = false;
  if (!box.dataset.placeholder) box.dataset.placeholder = box.placeholder;
  box.placeholder = `${text}。也可以在此粘贴另一份报告。`;
}

// ---------------------------------------------------------------------------------------
// The check itself.

/**
 * Reads one input into a report: sanitise and walk HTML (in slices for big pages), check in
 * the worker. `input`: {text, kind: 'html'|'text'|'auto', name, source, encoding?}; 'auto':
 * plain text the core's `sniffKind` may find to be HTML. Returns {report, parsed, media,
 * phases, where}.
 */
async function readInput(input, onProgress = () => {}) {
  const phases = {};
  await initWasm(); // the page's instance: sniffKind, words
  if (input.kind === 'auto') input.kind = inputKind(input.text);
  let parsed = null;
  const media = {};
  if (input.kind === 'html') {
    let t = performance.now();
    const big = input.text.length > BIG_HTML;
    const root = big
      ? await sanitizeInSlices(input.text, { yieldNow: breathe, media, budgetMs: SLICE_MS, onProgress: (f) => onProgress(0.45 * f, '正在整理网页…') })
      : sanitizeDom(input.text, media);
    phases.sanitizeMs = performance.now() - t;
    t = performance.now();
    if (!root) parsed = { root: null, events: '', nodes: [] };
    else {
      const walk = domWalk(root);
      let out = big ? null : walk.run(Infinity);
      if (big) {
        const total = 2 * root.getElementsByTagName('*').length + 1;
        for (;;) {
          const ts = performance.now();
          while (!out && performance.now() - ts < SLICE_MS) out = walk.run(250);
          if (out) break;
          onProgress(0.45 + 0.1 * Math.min(1, walk.progress() / total), '正在读取网页…');
          await breathe();
        }
      }
      parsed = { root, ...out };
    }
    phases.walkMs = performance.now() - t;
  }
  onProgress(-1, '正在检查…');
  const t = performance.now();
  const job = parsed ? { op: 'checkDom', events: parsed.events, name: input.name || '' } : { op: 'checkText', text: input.text, kind: 'text', name: input.name || '' };
  const { json, where } = await runCheck(job);
  if (parsed) parsed.events = null; // a 2 MB page's string: not needed any more
  phases.checkMs = performance.now() - t;
  if (json.length > 256 * 1024) await yieldNow();
  const tParse = performance.now();
  const report = JSON.parse(json);
  phases.parseMs = performance.now() - tParse;
  return { report, parsed, media: media.removed || 0, phases, where };
}

/**
 * Checks one input and shows it. `t0`: performance.now() when the user's action arrived
 * (paste, drop, file read).
 */
let checksDone = 0;
let checkSerial = 0;
async function check(input, t0 = performance.now()) {
  try {
    return await checkInner(input, t0);
  } finally {
    // Tests and tools wait on this: one more check (of any outcome) has finished.
    document.documentElement.dataset.nbChecked = String(++checksDone);
  }
}

async function checkInner(input, t0) {
  const serial = ++checkSerial;
  if (!input.text || !input.text.trim()) {
    clearResult();
    message(MSG_EMPTY, 'error');
    announce('');
    return null;
  }
  const hadWasm = stats.wasmInitMs != null;
  // Big inputs show their progress at once; small ones only if they take a while.
  const slowTimer = setTimeout(() => progress(-1, '正在检查…'), input.text.length > BIG_HTML ? 0 : 300);
  if (input.text.length > BIG_HTML) announce('正在检查…');
  let r;
  const tRead = performance.now();
  try {
    r = await readInput(input, (f, text) => progress(f, text));
    r.phases.beforeMs = tRead - t0;
  } finally {
    clearTimeout(slowTimer);
    progress(null);
  }
  if (serial !== checkSerial) return r.report; // a newer check started meanwhile
  const { report, parsed, phases } = r;
  window.nianbao.lastReport = report;
  if (report.kind !== 'annual-report') {
    clearResult();
    const text = notReportMessage(report, r.media);
    message(text, 'error');
    announce(text);
    current = null;
    return report;
  }
  const tDisplay = performance.now();
  await showReport({ report, input, parsed }, { big: input.text.length > BIG_HTML });
  const highlightMs = performance.now() - t0;
  phases.displayMs = performance.now() - tDisplay;
  const totalMs = performance.now() - t0;
  const timing = { name: input.name, kind: input.kind, highlightMs, totalMs, ...phases, where: r.where, firstWasm: !hadWasm, wasmInitMs: stats.wasmInitMs, compileMs: stats.compileMs, instantiateMs: stats.instantiateMs };
  stats.timings.push(timing);
  // Time to the frame that shows it: the next animation frame, then the task after it.
  requestAnimationFrame(() => setTimeout(() => {
    timing.paintMs = performance.now() - t0;
  }, 0));
  return report;
}

/** Shows a checked report: the marked document, the panel, the tables, the summary. A big
 *  input's display goes in over several frames (`big`): the work between two frames stays
 *  short, so the page keeps answering. Returns false if another report was shown (or the result
 *  cleared) meanwhile. */
let showSerial = 0;
async function showReport({ report, input, parsed }, { big = false } = {}) {
  const serial = ++showSerial;
  const pause = big ? yieldNow : () => null;
  const T = [performance.now()];
  const display = buildDisplay(report, input, parsed);
  T.push(performance.now());
  await pause();
  if (serial !== showSerial) return false;
  releasePdf(input.pdf);
  current = { report, input, findingEls: display.findingEls, marks: display.marks, states: null }; // states: refreshStates
  const docBox = $('nb-doc');
  docBox.textContent = '';
  const pieces = big ? piecesOf(display.node) : null;
  docBox.appendChild(display.node);
  T.push(performance.now());
  renderDescriptions(display.marks);
  const meta = [];
  meta.push(report.title || '（未识别出标题）');
  if (report.year) meta.push(`${report.year}年度`);
  if (report.format_name) meta.push(`${report.format_name}格式`);
  meta.push(input.kind === 'pdf' ? `PDF（${input.pdf.positioned.pages.length} 页）` : input.docx ? 'Word 文档（.docx）' : input.kind === 'html' ? '网页（含表格）' : '纯文本');
  if (input.encoding) meta.push(`编码 ${input.encoding}`);
  if (display.unplaced) meta.push(`${display.unplaced} 处无法在原文中标出`);
  if (display.omitted) meta.push(`只显示网页中报告所在的部分（省略了导航、链接列表等 ${display.omitted} 个元素）`);
  $('nb-meta').textContent = meta.join(' · ');
  if (pieces) {
    // The result is shown at once, the panel first (its width decides the report's), and the
    // report goes in frame by frame, laid out piece by piece but painted once, at the end:
    // each frame would otherwise paint and commit the whole report drawn so far, which costs
    // more, frame after frame, than its layout. Kept at height 0, clipped, meanwhile; at the
    // end only its height changes, so nothing of it is laid out again.
    // The result section itself, the panel and the report each get frames of their own.
    selectTab('doc');
    $('nb-findings').textContent = '';
    $('nb-result').hidden = false;
    display.node.style.height = '0';
    display.node.style.overflow = 'hidden';
    await afterNextFrame();
    if (serial !== showSerial) return false;
    refreshStates();
    await afterNextFrame();
    if (serial !== showSerial || !(await insertInFrames(pieces, () => serial === showSerial))) return false;
    display.node.style.height = '';
    display.node.style.overflow = '';
  } else {
    refreshStates();
  }
  T.push(performance.now());
  await pause();
  if (serial !== showSerial) return false;
  scheduleTables(report);
  T.push(performance.now());
  stats.showPhases = T.map((x, i) => (i ? Math.round(x - T[i - 1]) : 0));
  selectTab('doc');
  $('nb-result').hidden = false;
  $('nb-back-batch').hidden = !batch;
  message('');
  const counts = stateCounts(report, current.states);
  announce(`检查完成：${summaryLine(counts.open, words().vocabulary)}${setAsideLine(counts)}。`);
  return true;
}

/** How much of a report one frame lays out when it is shown in frames: elements plus one per 8
 *  characters of text (laying out text — breaking and shaping Chinese — is most of the work). */
const FRAME_WEIGHT = 120;
/** Elements laid out as one piece. */
const WHOLE = new Set(['tr', 'pre']);

/** Takes `node`'s content apart into pieces of at most about FRAME_WEIGHT each, for
 *  insertInFrames: [{parent, node, weight}] in document order, each parent emptied (an element
 *  bigger than that is a piece of its own, without its children, which follow it). The nodes
 *  are the very nodes of the display: the marks and cells keep their identity. */
function piecesOf(node) {
  const weight = (n) => (n.nodeType === 1 ? 1 + n.getElementsByTagName('*').length + (n.textContent.length >> 3) : 1 + ((n.data || '').length >> 3));
  const pieces = [];
  const split = (parent, depth) => {
    const kids = [...parent.childNodes];
    parent.replaceChildren();
    for (const k of kids) {
      const piece = { parent, node: k, weight: weight(k) };
      pieces.push(piece);
      if (piece.weight > FRAME_WEIGHT && k.nodeType === 1 && k.firstChild && depth < 64 && !WHOLE.has(k.localName)) {
        piece.weight = 1;
        split(k, depth + 1);
      }
    }
  };
  split(node, 0);
  return pieces;
}

/** Puts the pieces back, about FRAME_WEIGHT per frame, waiting for each frame to be drawn (its
 *  style and layout done) before the next. False if `stillWanted()` turned false meanwhile. */
async function insertInFrames(pieces, stillWanted) {
  let i = 0;
  while (i < pieces.length) {
    let w = 0;
    while (i < pieces.length && (w === 0 || w + pieces[i].weight <= FRAME_WEIGHT)) {
      const p = pieces[i++];
      p.parent.appendChild(p.node);
      w += p.weight;
    }
    await afterNextFrame();
    if (!stillWanted()) return false;
  }
  return true;
}

/** Resolves once the next frame has been drawn: in the task after the next animation frame (or
 *  after 100 ms in a tab that draws no frames, in the background). */
function afterNextFrame() {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(go, 100);
    requestAnimationFrame(() => yieldNow().then(go));
  });
}

function fail(e) {
  console.error(e);
  const text = e instanceof CoreLoadError ? e.message : `检查时出错：${e && e.message ? e.message : e}`;
  document.documentElement.dataset.nbFailed = String(e && e.message ? e.message : e);
  clearResult();
  progress(null);
  message(text, 'error');
  announce(text);
}

function onPaste(e) {
  const dt = e.clipboardData;
  if (!dt) return;
  e.preventDefault();
  const t0 = performance.now();
  const html = dt.getData('text/html') || '';
  const text = dt.getData('text/plain') || '';
  // The box shows what was pasted as text (never a page's markup).
  showFileInfo(null, text.length > 200000 ? `${text.slice(0, 200000)}\n…` : text);
  batch = null;
  $('nb-batch').hidden = true;
  let input;
  if (html.trim()) input = { text: html, kind: 'html', name: '粘贴的网页', source: 'paste' };
  else input = { text, kind: 'auto', name: '粘贴的文本', source: 'paste' };
  check(input, t0).catch(fail);
}

/** Reads a file into an input the core can check, or says why it cannot: the core says from
 *  its name and first bytes whether it can be read (and what to tell the user if not), then
 *  decodes it (BOM, <meta charset>, UTF-8, else GB18030). */
async function fileInput(name, bytes) {
  await initWasm();
  const type = JSON.parse(nb.fileKind(name, bytes.subarray(0, 1024)));
  if (!type.readable) return { refused: type.message };
  if (!bytes.length) return { refused: MSG_EMPTY };
  if (type.kind === 'pdf') return { pdf: bytes };
  if (type.kind === 'docx') {
    // The core turns the Word file into HTML, checked and shown as a pasted page.
    const d = JSON.parse(nb.docxToHtml(bytes));
    if (d.error) return { refused: `「${name}」：${d.error}` };
    return { input: { text: d.html, kind: 'html', name, source: 'file', docx: true } };
  }
  const d = JSON.parse(nb.decodeFile(bytes, name));
  const kind = d.kind === 'html' ? 'html' : 'text';
  const enc = d.encoding && d.encoding.toUpperCase() !== 'UTF-8' ? d.encoding.toUpperCase() : '';
  return { input: { text: d.text, kind, name, source: 'file', encoding: enc } };
}

const isZip = (name, bytes) => /\.zip$/i.test(name) || (!/\.(docx|docm|dotx)$/i.test(name) && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** Opens one file and checks it. */
async function openFile(file, t0 = performance.now()) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isZip(file.name, bytes)) return openFiles([file]);
  showFileInfo([file]);
  batch = null;
  $('nb-batch').hidden = true;
  const r = await fileInput(file.name, bytes);
  if (r.refused) {
    clearResult();
    message(r.refused, 'error');
    announce(r.refused);
    document.documentElement.dataset.nbChecked = String(++checksDone);
    return null;
  }
  if (r.pdf) return checkPdf(file.name, r.pdf, t0);
  return check(r.input, t0);
}

// ---------------------------------------------------------------------------------------
// PDF: the reader module (the CLI's PDF reader in wasm, loaded in the worker on the first PDF)
// reads the positioned text and ruling lines; the core rebuilds the report from them
// (`checkPositioned`, in the worker) and gives each place the rectangles to mark on the pages
// pdf.js draws (www/pdf-view.js).

/** The width the PDF pages are shown at: the document pane's, within bounds. */
function pdfWidth() {
  const w = $('nb-doc')?.clientWidth || 800;
  return Math.max(320, Math.min(1000, w - 24));
}

/** The core's words for a PDF without text (src/lib.rs SCANNED_MESSAGE). */
const MSG_SCANNED = '这是扫描件/图片，无法读取文字，无法检查。请找到报告的文字版（网页、Word 或可复制文字的 PDF）。';
let pdfStyled = false;

/** How openPdf reads a PDF in the check worker (the reader module loaded there on the first PDF),
 *  so a long PDF never freezes the page; undefined without a worker (openPdf then reads here). */
async function pdfReadInWorker() {
  if (!(await useWorker())) return undefined;
  return (bytes, urls) => ask({ op: 'readPdf', bytes, ...urls }, [bytes.buffer]).then((m) => ({ json: m.json, ms: m.ms }));
}

/** The PDF shown now (unless it is `keep`) stops rendering its pages, and is closed unless a
 *  batch row keeps it: pdf.js's one worker serves every PDF, and a replaced PDF's pending work
 *  there would delay the next one by up to a second (scripts/measure-files.mjs). */
function releasePdf(keep) {
  const shown = current?.input?.pdf;
  if (!shown || shown === keep) return;
  shown.display?.destroy();
  if (!shown.kept) shown.close?.();
}

/** Opens a PDF's bytes, checks it and shows its pages with the marks. */
async function checkPdf(name, bytes, t0 = performance.now()) {
  const serial = ++checkSerial;
  releasePdf(null);
  try {
    if (!pdfStyled) {
      const style = document.createElement('style');
      style.textContent = PDF_CSS;
      document.head.appendChild(style);
      pdfStyled = true;
    }
    const slowTimer = setTimeout(() => progress(-1, '正在读取 PDF…'), 200);
    let opened;
    let read;
    try {
      read = await pdfReadInWorker();
      opened = await openPdf(bytes, { base: import.meta.url, onProgress: (f, text) => progress(f, text), read });
    } catch (e) {
      clearTimeout(slowTimer);
      progress(null);
      clearResult();
      const text = `「${name}」：${e.message || String(e)}`;
      message(text, 'error');
      announce(text);
      return null;
    }
    clearTimeout(slowTimer);
    const tRead = performance.now();
    if (!hasText(opened.positioned)) {
      progress(null);
      clearResult();
      const text = `「${name}」：${MSG_SCANNED}`;
      message(text, 'error');
      announce(text);
      return null;
    }
    progress(-1, '正在检查…');
    const { json, where } = await runCheck({ op: 'checkPositioned', ...positionedArgs(opened.positioned), name });
    const tCheck = performance.now();
    progress(null);
    if (serial !== checkSerial) return null;
    const report = JSON.parse(json);
    window.nianbao.lastReport = report;
    if (report.error || report.kind !== 'annual-report') {
      clearResult();
      const text = report.error ? `「${name}」：${report.error}` : notReportMessage(report, 0);
      message(text, 'error');
      announce(text);
      current = null;
      return report;
    }
    if (opened.positioned.truncated) console.warn(`nianbao: only the first ${opened.positioned.pages.length} pages were read`);
    const input = { kind: 'pdf', name, source: 'file', text: '', pdf: opened };
    await showReport({ report, input, parsed: null });
    const highlightMs = performance.now() - t0;
    stats.timings.push({ name, kind: 'pdf', highlightMs, readMs: tRead - t0, checkMs: tCheck - tRead, where, readBy: opened.readBy, readIn: read ? 'worker' : 'page', ...opened.times });
    return report;
  } finally {
    document.documentElement.dataset.nbChecked = String(++checksDone);
  }
}

// ---------------------------------------------------------------------------------------
// Batch: many files, a folder or a .zip — one row per report (title, year, errors, warnings,
// notes); a row opens that report with its marks; one CSV for all. The checks run in the
// worker one after another, with a progress bar.

let batch = null; // {rows: [{name, input, report, error}], csv}
const ZIP_LIMIT = 200 * 1024 * 1024;

/** Files (and the entries of .zip files) → [{name, bytes}]. */
async function expandFiles(files, onProgress) {
  const out = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const name = f.webkitRelativePath || f.name;
    if (!isZip(f.name, bytes)) {
      out.push({ name, bytes });
      continue;
    }
    onProgress?.(`正在解压 ${f.name}…`);
    let entries;
    let skipped = [];
    try {
      if (await useWorker()) ({ entries, skipped } = await ask({ op: 'unzip', bytes, limit: ZIP_LIMIT }, [bytes.buffer]));
      else {
        const { unzipSync } = await import('./vendor/fflate.mjs');
        entries = Object.entries(unzipSync(bytes, { filter: (e) => !e.name.endsWith('/') && !/(^|\/)__MACOSX/.test(e.name) && e.originalSize < ZIP_LIMIT })).map(([n, b]) => ({ name: n, bytes: b }));
      }
    } catch (e) {
      out.push({ name, error: `无法解压「${f.name}」：文件已损坏或不是 zip 压缩包。` });
      continue;
    }
    for (const e of entries) out.push({ name: `${f.name}/${e.name}`, bytes: e.bytes });
    for (const s of skipped) out.push({ name: `${f.name}/${s}`, error: '解压后过大，未检查。' });
  }
  return out;
}

async function openFiles(fileList) {
  const files = [...fileList];
  if (files.length === 1 && !/\.zip$/i.test(files[0].name)) return openFile(files[0]);
  showFileInfo(files);
  clearResult();
  message('');
  const rows = [];
  batch = { rows };
  const box = $('nb-batch');
  box.hidden = false;
  renderBatch();
  try {
    progress(-1, '正在读取文件…');
    announce('正在检查…');
    const items = await expandFiles(files, (t) => progress(-1, t));
    let i = 0;
    for (const item of items) {
      i++;
      progress((i - 1) / items.length, `正在检查第 ${i}/${items.length} 份：${item.name}`);
      const row = { name: item.name, report: null, input: null, error: item.error || null };
      rows.push(row);
      if (!row.error) {
        try {
          const r = await fileInput(item.name, item.bytes);
          if (r.refused) row.error = r.refused;
          else if (r.pdf) {
            const opened = await openPdf(r.pdf, { base: import.meta.url, read: await pdfReadInWorker() });
            if (!hasText(opened.positioned)) row.error = MSG_SCANNED;
            else {
              const { json } = await runCheck({ op: 'checkPositioned', ...positionedArgs(opened.positioned), name: item.name });
              row.report = JSON.parse(json);
              row.input = { kind: 'pdf', name: item.name, source: 'file', text: '', pdf: Object.assign(opened, { kept: true }) };
              if (row.report.error) row.error = row.report.error;
              else if (row.report.kind !== 'annual-report') row.error = notReportMessage(row.report, 0);
            }
          } else {
            row.input = r.input;
            const res = await readInput(r.input);
            row.report = res.report;
            if (res.report.kind !== 'annual-report') row.error = notReportMessage(res.report, res.media);
          }
        } catch (e) {
          row.error = e instanceof CoreLoadError || e?.constructor?.name === 'PdfOpenError' ? e.message : `检查时出错：${e.message || e}`;
        }
      }
      renderBatch();
    }
    await compareYears(rows, (t) => progress(-1, t));
    renderBatch();
    const checked = rows.filter((r) => r.report && !r.error);
    announce(`批量检查完成：共 ${rows.length} 份，其中 ${checked.length} 份是年度报告；${summaryLine(sumSummaries(checked), words().vocabulary)}。`);
  } finally {
    progress(null);
    document.documentElement.dataset.nbChecked = String(++checksDone);
  }
}

const sumSummaries = (rows) => rows.reduce((a, r) => ({ error: a.error + r.report.summary.error, warning: a.warning + r.report.summary.warning, info: a.info + r.report.summary.info }), { error: 0, warning: 0, info: 0 });

/** The issuer as the core pairs reports (series::issuer_key, roughly: the core decides). */
const issuerKey = (issuer) => (issuer || '').normalize('NFKC').replace(/[\s\p{P}]/gu, '').replace(/人民政府/g, '政府').replace(/^关于/, '');

/** What the core needs to check a row again, beside another report: its DOM as an event stream
 *  (HTML), its text, or a PDF's positioned text (kept with the row, as it was read). */
function pairInput(row) {
  if (row.input?.kind === 'pdf' && row.input.pdf?.positioned) return pairInputOfPdf(positionedArgs(row.input.pdf.positioned));
  if (row.input?.kind === 'html') {
    const root = sanitizeDom(row.input.text);
    return root ? { kind: 'dom', text: domEvents(root).events } : null;
  }
  if (row.input?.kind === 'text') return { kind: 'text', text: row.input.text };
  return null;
}

/** Reports of one body a year apart: each later one is checked again beside the earlier one
 *  (the cross-year rules, Y5xx) and its row gets that report, with `previous` (the row index of
 *  last year's report). */
async function compareYears(rows, onProgress) {
  const ok = rows.map((r, i) => [r, i]).filter(([r]) => r.report && !r.error && r.report.year && r.report.issuer);
  const byKey = new Map(ok.map(([r, i]) => [`${issuerKey(r.report.issuer)}|${r.report.year}`, i]));
  const pairs = ok.map(([r, i]) => [byKey.get(`${issuerKey(r.report.issuer)}|${r.report.year - 1}`), i]).filter(([j]) => j !== undefined);
  let n = 0;
  for (const [j, i] of pairs) {
    onProgress?.(`正在比对上年报告 ${++n}/${pairs.length}…`);
    const earlier = pairInput(rows[j]);
    const later = pairInput(rows[i]);
    if (!earlier || !later) continue;
    const job = { op: 'checkPair', earlier: earlier.text, earlierKind: earlier.kind, earlierName: rows[j].name, earlierGeometry: earlier.geometry, later: later.text, laterKind: later.kind, laterGeometry: later.geometry, name: rows[i].name };
    try {
      const { json } = await runCheck(job);
      const report = JSON.parse(json);
      if (!report.previous_report) continue;
      rows[i].report = report;
      rows[i].previous = j;
    } catch (e) {
      console.warn('checkPair', e);
    }
  }
}

/** The cross-year findings of a batch, by series: [{issuer, years, findings: [{row, finding}]}]. */
function crossReportFindings(rows) {
  const series = new Map();
  rows.forEach((r, i) => {
    if (!r.report || r.error || !r.report.issuer) return;
    const k = issuerKey(r.report.issuer);
    if (!series.has(k)) series.set(k, { issuer: r.report.issuer, rows: [] });
    series.get(k).rows.push(i);
  });
  const out = [];
  for (const s of series.values()) {
    const years = s.rows.map((i) => rows[i].report.year).filter(Boolean).sort((a, b) => a - b);
    const findings = s.rows.flatMap((i) => rows[i].report.findings.filter((f) => /^Y/.test(f.code)).map((finding) => ({ row: i, finding })));
    if (s.rows.some((i) => rows[i].previous !== undefined)) out.push({ issuer: s.issuer, years, findings });
  }
  return out;
}

function renderCross(cross) {
  const list = $('nb-cross-list');
  list.textContent = '';
  const sev = (s) => severityName(words().vocabulary, s);
  for (const s of cross) {
    const box = el('div', 'nb-series');
    box.appendChild(el('h4', null, `${s.issuer}：${s.years.join('、')}年度（${s.years.length} 份）`));
    if (!s.findings.length) box.appendChild(el('p', 'nb-series-clean', '相邻年度之间未发现不衔接或雷同。'));
    const ul = el('ul', 'nb-series-findings');
    for (const { row, finding } of s.findings) {
      const li = el('li', `nb-cross-finding nb-${finding.severity}`);
      li.dataset.code = finding.code;
      const b = el('button', 'nb-batch-open', `${batch.rows[row].report.year}年度`);
      b.type = 'button';
      b.setAttribute('aria-label', `查看「${batch.rows[row].name}」的检查结果`);
      b.addEventListener('click', () => openBatchRow(row));
      li.appendChild(b);
      li.appendChild(el('span', 'nb-cross-code', ` [${finding.code} ${sev(finding.severity)}] `));
      li.appendChild(el('span', null, finding.message));
      ul.appendChild(li);
    }
    box.appendChild(ul);
    list.appendChild(box);
  }
}

function renderBatch() {
  const tbody = $('nb-batch-rows');
  tbody.textContent = '';
  const sev = (s) => severityName(words().vocabulary, s);
  $('nb-batch-head-error').textContent = sev('error');
  $('nb-batch-head-warning').textContent = sev('warning');
  $('nb-batch-head-info').textContent = sev('info');
  batch.rows.forEach((row, i) => {
    const tr = document.createElement('tr');
    tr.dataset.i = String(i);
    const ok = row.report && !row.error;
    const name = el('td', 'nb-batch-name');
    if (ok) {
      const b = el('button', 'nb-batch-open', row.name);
      b.type = 'button';
      b.setAttribute('aria-label', `查看「${row.name}」的检查结果`);
      b.addEventListener('click', () => openBatchRow(i));
      name.appendChild(b);
    } else name.textContent = row.name;
    tr.appendChild(name);
    tr.appendChild(el('td', null, ok ? row.report.title || '（未识别出标题）' : row.error || ''));
    tr.appendChild(el('td', null, ok && row.report.year ? String(row.report.year) : ''));
    for (const s of ['error', 'warning', 'info']) tr.appendChild(el('td', `nb-num-cell nb-${s}-count`, ok ? String(row.report.summary[s]) : ''));
    if (!ok) tr.classList.add('nb-batch-refused');
    else tr.addEventListener('click', (e) => {
      if (e.target.closest('button')) return;
      openBatchRow(i);
    });
    tbody.appendChild(tr);
  });
  $('nb-batch-count').textContent = `共 ${batch.rows.length} 份`;
  const cross = crossReportFindings(batch.rows);
  renderCross(cross);
  $('nb-cross').hidden = !cross.length;
}

async function openBatchRow(i) {
  const row = batch?.rows[i];
  if (!row || !row.report) return;
  for (const tr of document.querySelectorAll('#nb-batch-rows tr')) tr.classList.toggle('nb-batch-current', tr.dataset.i === String(i));
  // The display is rebuilt from the input (the same walk gives the same numbering); the
  // report is the one already checked.
  let parsed = null;
  if (row.input.kind === 'html') {
    const root = row.input.text.length > BIG_HTML ? await sanitizeInSlices(row.input.text, { yieldNow: breathe, budgetMs: SLICE_MS }) : sanitizeDom(row.input.text);
    parsed = { root, ...domEvents(root) };
  }
  await showReport({ report: row.report, input: row.input, parsed }, { big: row.input.text.length > BIG_HTML });
  $('nb-result').scrollIntoView({ block: 'start', behavior: 'instant' });
  $('nb-findings').querySelector('.nb-finding')?.focus({ preventScroll: true });
}

function batchCsv() {
  const rows = [findingsCsvHeader({ batch: true })];
  const w = words();
  for (const r of batch.rows) {
    if (r.report && !r.error) rows.push(...findingsCsvRows(r.report, w, { batch: true, states: statesOf(r.report) }));
    else rows.push([r.name, '', '', '', '', '', r.error || '', '', '', '', '', '', '', '', '']);
  }
  return csv(rows);
}

// ---------------------------------------------------------------------------------------

function setup() {
  window.nianbao = { stats, check, ready: () => initWasm(), warmedUp: () => !!stats.warmedUp, lastReport: null, sanitizeDom, listText: () => (current ? listText() : '') };
  document.addEventListener('paste', onPaste);
  $('nb-recheck').addEventListener('click', () => {
    const text = $('nb-paste').value;
    batch = null;
    $('nb-batch').hidden = true;
    check({ text, kind: 'auto', name: '输入的文本', source: 'typed' }).catch(fail);
  });
  $('nb-open').addEventListener('click', () => $('nb-file').click());
  $('nb-open-folder').addEventListener('click', () => $('nb-folder').click());
  $('nb-file').addEventListener('change', (e) => {
    const files = e.target.files;
    if (files && files.length) openFiles(files).catch(fail);
    e.target.value = '';
  });
  $('nb-folder').addEventListener('change', (e) => {
    const files = e.target.files;
    if (files && files.length) openFiles(files).catch(fail);
    e.target.value = '';
  });
  for (const t of TABS) {
    $(`nb-tab-${t}`).addEventListener('click', () => selectTab(t));
    $(`nb-tab-${t}`).addEventListener('keydown', onTabKey);
  }
  $('nb-copy').addEventListener('click', () => onCopy().catch(fail));
  $('nb-print').addEventListener('click', () => window.print());
  $('nb-dl-json').addEventListener('click', () => {
    if (!current) return;
    const r = current.report;
    const out = { file: r.file, title: r.title, issuer: r.issuer, year: r.year, format: r.format, summary: r.summary, findings: r.findings.map((f, i) => ({ ...f, state: current.states[i] })) };
    download(`${fileStem()}-问题清单.json`, JSON.stringify(out, null, 2), 'application/json');
  });
  $('nb-dl-csv').addEventListener('click', () => current && download(`${fileStem()}-问题清单.csv`, findingsCsv(current.report, words(), { states: current.states }), 'text/csv'));
  $('nb-dl-tables').addEventListener('click', () => current && download(`${fileStem()}-表格.csv`, tablesCsv(current.report), 'text/csv'));
  $('nb-batch-csv').addEventListener('click', () => batch && download(`批量检查-${batch.rows.length}份-问题清单.csv`, batchCsv(), 'text/csv'));
  $('nb-back-batch').addEventListener('click', () => {
    $('nb-batch').scrollIntoView({ block: 'start', behavior: 'instant' });
    $('nb-batch-rows').querySelector('.nb-batch-current button, button')?.focus({ preventScroll: true });
  });
  // Marks and marked table cells: tooltip on hover and focus; click or Enter → the finding.
  const docs = [$('nb-doc'), $('nb-tables')];
  for (const box of docs) {
    box.addEventListener('mouseover', (e) => {
      const m = markOf(e.target);
      if (m) showTip(m);
    });
    box.addEventListener('mouseout', (e) => {
      const m = markOf(e.target);
      if (m && !m.contains(e.relatedTarget) && document.activeElement !== m) hideTip();
    });
    box.addEventListener('focusin', (e) => {
      const m = markOf(e.target);
      if (m) showTip(m);
    });
    box.addEventListener('focusout', () => hideTip());
    box.addEventListener('click', (e) => {
      const m = markOf(e.target);
      if (m && m.dataset.nbF) showInPanel(m);
    });
    box.addEventListener('keydown', (e) => {
      const m = markOf(e.target);
      if (!m || m !== e.target) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        if (m.dataset.nbF) showInPanel(m);
      }
    });
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hideTip();
  });
  // Scrolling moves a focused mark's tooltip with it, and hides a hovered one's.
  window.addEventListener('scroll', () => {
    if (tipTarget && (document.activeElement === tipTarget || tipTarget.matches(':hover')) && !$('nb-tip').hidden) showTip(tipTarget);
    else hideTip();
  }, { passive: true });
  // 「为什么？」 and the help links: open 「检查项目说明」 at the rule.
  window.addEventListener('hashchange', showHelpFromHash);
  document.addEventListener('click', (e) => {
    const a = e.target.closest?.('a[href^="#rule-"], a[href="#nb-help"]');
    if (!a) return;
    $('nb-help').hidden = false;
  });
  $('nb-help-close').addEventListener('click', () => {
    $('nb-help').hidden = true;
    history.replaceState(null, '', location.pathname + location.search);
    document.querySelector('#nb-findings .nb-finding.nb-active, #nb-paste')?.focus();
  });
  showHelpFromHash();
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
      if (dt.files.length > 1) openFiles(dt.files).catch(fail);
      else openFile(dt.files[0], t0).catch(fail);
      return;
    }
    const html = dt.getData('text/html');
    const text = dt.getData('text/plain');
    showFileInfo(null);
    if (html && html.trim()) check({ text: html, kind: 'html', name: '拖入的网页', source: 'drop' }, t0).catch(fail);
    else check({ text, kind: 'auto', name: '拖入的文本', source: 'drop' }, t0).catch(fail);
  });
  $('nb-sample-button').addEventListener('click', () => {
    const text = sampleText();
    showFileInfo(null, text);
    batch = null;
    $('nb-batch').hidden = true;
    check({ text, kind: 'text', name: '示例报告', source: 'sample' }).catch(fail);
  });
  if (params.has('cold')) compileWasm().catch(fail);
  else if (!params.has('lazy')) initWasm().then(() => warmUp()).catch(fail);
}

/** Opens 「检查项目说明」 when the address names a rule (#rule-T101) or the help itself. */
function showHelpFromHash() {
  const h = location.hash;
  if (!/^#(rule-[A-Z]\d{3}|nb-help)$/.test(h)) return;
  const help = $('nb-help');
  help.hidden = false;
  const target = document.getElementById(h.slice(1));
  target?.scrollIntoView({ block: 'start', behavior: 'instant' });
  target?.focus({ preventScroll: true });
}

setup();
