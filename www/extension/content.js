// The extension's content script, injected into the active tab's top frame on demand (a
// toolbar click or the keyboard command). It touches the page as little as it can:
//   * it reads the live DOM of the page and of each same-origin iframe (separately) as the
//     event stream of www/dom-events.js, which the background checks with the wasm core
//     (checkDom);
//   * it marks cells with outlines drawn in an overlay and text ranges with the CSS Custom
//     Highlight API, so the page's own elements, attributes and text are never changed;
//   * all it adds to a document is one plain <div> host holding a CLOSED shadow root (overlays,
//     tooltip and, in the top document, the findings panel) plus, while text is marked, one
//     constructed stylesheet in document.adoptedStyleSheets for the ::highlight() colours;
//     clearing removes both, leaving outerHTML and innerText exactly as before.
//
// Hostile pages (issue 15): the page shares the DOM with this script but not its JavaScript
// world. Everything here lives in this closure: the shadow root is closed and kept here, no
// global carries an API (an element id="__nianbao" or id="browser" shadows nothing we use),
// the background reaches this script through the extension's own messaging only. The host is
// a <div>, which a page cannot define as a custom element. If the page removes the host it is
// put back (and if the page keeps removing it, the layer moves into a closed shadow root on
// <body> with a <slot>, which no mutation can take away); if the page re-renders the marked
// elements, the marks follow the new elements that hold the same values, or the panel says
// how many could not be placed again. The panel's buttons act on `submit` events of a form in
// the shadow root (events that are not composed never reach the page's listeners), so a page
// that stops every click at window capture cannot disable them; tooltips fall back to polling
// :hover when the page swallows mouse moves. Any failure in here is caught, shown in the
// panel if there is one, and reported to the background: nothing is thrown into the page.
//
// Finding locations of kind "html" name an element by its position in the `nodes` array of the
// very walk whose events were checked, and a UTF-16 range of its textContent. Which places a
// finding marks, their roles, tooltips and fix lines, the order of the groups and the guards
// come from www/findings.js (shared with the web page); the words only the core knows arrive
// with the reports (the `show` message carries `vocabulary()` and `rules()`).
//
// An ES module in the source: scripts/build-extension.mjs bundles it (esbuild, an IIFE), since a
// content script injected with scripting.executeScript is a classic script. Injected again on
// every click, it installs itself once per document (an own property of this world's global,
// which a page's named element cannot fake).
import { domEvents } from '../dom-events.js';
import { marksOf, drawAs, holdsValue, sameNumbering, tipEntries, tipText, worstSeverity, severityRank, summaryLine, oneLine, severityName, findingFingerprint } from '../findings.js';
import { csv } from '../tables.js';
import * as msg from './messages.js';

/** The one entry point, an own property of this (the content script's) world's global:
 *  the page cannot define own properties here, and a named element of the page (id="…",
 *  <form name="…">) only shows through the prototype chain, so this key cannot be shadowed or
 *  forged. The background calls it with scripting.executeScript (see messages.js). */
const RECEIVE = msg.RECEIVE;

if (!Object.prototype.hasOwnProperty.call(globalThis, RECEIVE)) {
  let receive = null;
  try {
    receive = install();
  } catch (e) {
    // Never into the page: tell the background (the badge shows it).
    const message = String(e?.message ?? e);
    receive = (m) => ({ type: 'ignored', reason: `failed: ${message}` });
  }
  Object.defineProperty(globalThis, RECEIVE, { value: receive, enumerable: false, configurable: false, writable: false });
}

/** The extension API of this world. Chrome puts it on whatever `chrome` is here — when the
 *  page has an element named "chrome", on that element's wrapper in this world, where the page
 *  cannot touch it —, so it is taken from the global and checked to be the real thing (a
 *  runtime with this extension's id and a sendMessage). Null if a page managed to hide it:
 *  then checking and marking still work (they need no API here); the clerk's reviews, exports
 *  through the background and the batch say they are not available on this page. */
function ownApi() {
  for (const k of ['browser', 'chrome']) {
    let v;
    try {
      v = globalThis[k];
    } catch {
      continue;
    }
    try {
      if (v && typeof v === 'object' && typeof v.runtime?.id === 'string' && typeof v.runtime.sendMessage === 'function' && typeof v.runtime.getURL === 'function') return v;
    } catch {
      // A page's named property that throws.
    }
  }
  return null;
}

function install() {
  const api = ownApi();
  const HL_NAMES = { error: 'nianbao-error', warning: 'nianbao-warning', info: 'nianbao-info', flash: 'nianbao-flash' };
  const NO_REPORT = '本页未识别到政府信息公开工作年度报告';
  const COMPACT_WIDTH = 600;

  const HIGHLIGHT_CSS = `
::highlight(nianbao-error){background-color:rgba(229,57,53,.22);text-decoration:underline wavy #d32f2f;text-decoration-skip-ink:none}
::highlight(nianbao-warning){background-color:rgba(255,160,0,.25);text-decoration:underline wavy #ef6c00;text-decoration-skip-ink:none}
::highlight(nianbao-info){background-color:rgba(30,136,229,.15);text-decoration:underline dotted #1e88e5}
::highlight(nianbao-flash){background-color:rgba(255,235,59,.85)}`;

  // The host's own style: inline and !important, so no page rule moves or hides it.
  const HOST_STYLE = 'all:initial !important;position:absolute !important;left:0 !important;top:0 !important;width:0 !important;height:0 !important;overflow:visible !important;z-index:2147483647 !important;display:block !important;visibility:visible !important;opacity:1 !important;transform:none !important;filter:none !important;contain:none !important;pointer-events:none !important';

  const LAYER_CSS = `
.layer{all:initial;position:absolute;left:0;top:0;width:0;height:0;overflow:visible;z-index:2147483647;display:block;pointer-events:none;
  --bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#b71c1c;--accent-fg:#fff;--err:#c62828;--warn:#b35900;--info:#1565c0;--ok:#1b5e20;--hover:#fff8e1;--fixc:#9a1b1b;--done:#6e7781}
@media (prefers-color-scheme: dark){.layer{--bg:#1e2227;--fg:#e6edf3;--muted:#a9b4bf;--line:#3d444d;--soft:#262c33;--accent:#8e1b1b;--accent-fg:#fff;--err:#ff8a80;--warn:#ffb74d;--info:#90caf9;--ok:#81c784;--hover:#2f353d;--fixc:#ffab91;--done:#8b949e}}
*{box-sizing:border-box}
.box{position:absolute;pointer-events:none;border-radius:2px}
.box.error{outline:2px solid #d32f2f;outline-offset:-2px;background:rgba(229,57,53,.10)}
.box.warning{outline:2px solid #ef6c00;outline-offset:-2px;background:rgba(255,160,0,.10)}
.box.info{outline:2px dashed #1e88e5;outline-offset:-2px}
.box.related{outline-style:dashed;outline-width:1px;background:none}
.box.reviewed{outline-color:#9e9e9e;background:none}
.box.text{outline:none;border-bottom:2px solid currentColor;background:rgba(229,57,53,.18);color:#d32f2f}
.box.text.warning{background:rgba(255,160,0,.2);color:#ef6c00}
.box.text.info{background:rgba(30,136,229,.12);color:#1e88e5}
.box:focus{outline:3px solid #1565c0;outline-offset:1px;box-shadow:0 0 0 5px rgba(255,213,0,.9)}
.box.flash{animation:flash 1.6s ease-out 1}
@keyframes flash{0%,40%{box-shadow:0 0 0 6px rgba(255,213,0,.95)}100%{box-shadow:0 0 0 0 rgba(255,213,0,0)}}
@media (prefers-reduced-motion: reduce){.box.flash{animation:none;box-shadow:0 0 0 4px rgba(255,213,0,.95)}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.tip{position:fixed;max-width:420px;padding:8px 10px;background:#263238;color:#fff;border-radius:6px;
  font:13px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.35);
  pointer-events:none;white-space:normal;word-break:break-all;display:none;z-index:2}
.tip .line+.line{margin-top:6px;padding-top:6px;border-top:1px solid rgba(255,255,255,.18)}
.tip .sev{display:inline-block;padding:0 5px;margin-right:6px;border-radius:3px;font-size:12px}
.tip .sev.error{background:#c62828}.tip .sev.warning{background:#a34e00}.tip .sev.info{background:#1565c0}
.tip .fix{color:#ffe082}
.tip .basis{margin-top:3px;color:#cfd8dc;font-size:12px}
.panel{pointer-events:auto;position:fixed;z-index:1;top:12px;right:12px;width:400px;max-width:calc(100vw - 24px);max-height:calc(100vh - 24px);display:flex;flex-direction:column;margin:0;
  background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28);
  font:14px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;text-align:left;letter-spacing:normal}
.panel:focus{outline:none}
.panel:focus-visible{outline:3px solid #1565c0}
.panel header{display:flex;align-items:center;gap:6px;padding:6px 10px;background:var(--accent);color:var(--accent-fg);border-radius:8px 8px 0 0;flex-wrap:wrap}
.panel header h1{font-size:15px;flex:1;margin:0;font-weight:bold}
.panel header .ms{font-size:12px}
.panel button{font:inherit;cursor:pointer}
.panel header button{background:rgba(255,255,255,.16);color:#fff;border:1px solid rgba(255,255,255,.6);border-radius:4px;padding:0 8px;font-size:13px;line-height:24px}
.panel header button:hover{background:rgba(255,255,255,.3)}
.panel .tools{display:flex;flex-wrap:wrap;gap:6px;padding:6px 10px;border-bottom:1px solid var(--line);background:var(--soft)}
.panel .tools button,.panel .small{background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:4px;padding:0 8px;font-size:12px;line-height:24px}
.panel .tools button:hover,.panel .small:hover{border-color:var(--muted)}
.panel .body{overflow:auto;padding:8px 12px 12px}
.panel.collapsed .body,.panel.collapsed .tools,.panel.collapsed .status{display:none}
.panel.left{right:auto;left:12px}
.panel.compact{top:auto;bottom:0;right:0;left:0;width:auto;max-width:none;max-height:45vh;border-radius:8px 8px 0 0}
.panel.compact.collapsed{max-height:none}
.panel .report+.report{margin-top:12px;border-top:1px solid var(--line);padding-top:8px}
.panel h2{font-size:15px;margin:4px 0;color:var(--fg);font-weight:bold}
.panel .facts{font-size:12px;color:var(--muted)}
.panel .summary{margin:6px 0;font-weight:bold}
.panel .summary.ok{color:var(--ok)}
.panel .summary .apart{font-weight:normal;color:var(--muted);margin-left:6px}
.panel .message{margin:16px 4px;font-size:15px;color:var(--fg)}
.panel .note{font-size:12px;color:var(--muted);margin:4px 0}
.panel .group{margin:8px 0 0}
.panel .group h3{font-size:13px;margin:0;padding:4px 6px;background:var(--soft);border-left:4px solid var(--muted);font-weight:bold;color:var(--fg)}
.panel .group.error h3{border-color:var(--err)}.panel .group.warning h3{border-color:var(--warn)}.panel .group.info h3{border-color:var(--info)}
.panel .group h3 .sev{font-weight:normal;color:var(--muted);margin-left:6px}
.panel ul{list-style:none;margin:0;padding:0}
.panel li{margin:0;padding:0;border-bottom:1px dashed var(--line)}
.panel .item{display:block;width:100%;text-align:left;background:none;border:none;padding:6px 6px 2px;color:var(--fg);font-size:13px;line-height:1.6}
.panel .item[data-placed="1"]:hover,.panel li.current .item{background:var(--hover)}
.panel .item[data-placed="0"]{cursor:default}
.panel .item .n{color:var(--muted);margin-right:4px}
.panel .item .fix{display:block;color:var(--fixc);font-size:12px}
.panel .item .where{display:block;color:var(--muted);font-size:12px}
.panel .acts{display:flex;gap:4px;flex-wrap:wrap;padding:0 6px 6px}
.panel li.reviewed .item{color:var(--done)}
.panel li.reviewed .item .fix{color:var(--done)}
.panel .badge{font-size:12px;color:var(--done);border:1px solid var(--line);border-radius:3px;padding:0 4px;line-height:22px}
.panel .status{min-height:0;font-size:12px;color:var(--ok);padding:0 12px}
.panel .status:not(:empty){padding:4px 12px}
.panel table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0}
.panel th,.panel td{border:1px solid var(--line);padding:2px 4px;text-align:left;vertical-align:top}
.panel td.num{text-align:right}
.panel .batch .open{background:none;border:none;color:var(--info);text-decoration:underline;padding:0;font-size:12px;text-align:left}
.panel a{color:var(--info)}
.panel label{font-size:12px;color:var(--fg)}
.panel .history{margin-top:12px;border-top:1px solid var(--line);padding-top:6px}
.panel .history summary{font-size:12px;color:var(--muted);cursor:pointer}`;

  // ------------------------------------------------------------------ state

  /** A request to the background (runtime messaging); rejects when the page hid the API. */
  function toWorker(message) {
    if (!api) return Promise.reject(new Error('本页面遮挡了扩展的接口，此功能在本页不可用'));
    try {
      return Promise.resolve(api.runtime.sendMessage(message));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  let state = null; // {id, phase: 'collected'|'shown', frames, layers, panel, ...}
  const bodyRoots = new WeakMap(); // document → the closed shadow root on its <body> (fallback host)

  function report(where, e) {
    state && (state.problems = [...(state.problems ?? []), `${where}: ${e?.message ?? e}`]);
    try {
      toWorker(msg.problem(where, e?.message ?? e)).catch(() => {});
    } catch {
      // The extension was reloaded: nothing to tell.
    }
  }

  /** Runs `fn`, never letting an exception reach the page: it is reported and `fallback` returned. */
  function guard(where, fn, fallback) {
    try {
      return fn();
    } catch (e) {
      report(where, e);
      try {
        showStatus(`出现异常：${e?.message ?? e}`);
      } catch {
        // No panel.
      }
      return typeof fallback === 'function' ? fallback(e) : fallback;
    }
  }

  // ------------------------------------------------------------------ reading the page

  /** The document and every same-origin (i)frame document below it, in document order. */
  function frameDocs(doc = document, out = [], path = '') {
    out.push({ doc, path, frameEl: doc.defaultView?.frameElement ?? null });
    const frames = doc.querySelectorAll('iframe, frame');
    let i = 0;
    for (const f of frames) {
      let inner = null;
      try {
        inner = f.contentDocument;
      } catch {
        inner = null;
      }
      const p = path === '' ? String(i) : `${path}.${i}`;
      i++;
      if (inner && inner.documentElement) frameDocs(inner, out, p);
      else out.push({ doc: null, path: p, frameEl: f, crossOrigin: true });
    }
    return out;
  }

  /** The texts of the page's same-origin links (a 年报 column lists its reports as links);
   *  the background asks the core which of them are a report's title. */
  function linkCandidates(doc) {
    const out = [];
    const origin = doc.location?.origin;
    for (const a of doc.querySelectorAll('a[href]')) {
      if (out.length >= 400) break;
      let url;
      try {
        url = new URL(a.getAttribute('href'), doc.baseURI);
      } catch {
        continue;
      }
      if (!/^https?:$/.test(url.protocol)) continue;
      const text = oneLine(a.textContent || a.title);
      if (text.length < 6 || text.length > 120) continue;
      out.push({ text, href: url.href, sameOrigin: url.origin === origin });
    }
    return out;
  }

  // ------------------------------------------------------------------ entry points

  /** Every message from the background arrives here; the reply is the return value (never an
   *  exception: a failure becomes `ignored {reason: 'failed: …'}`, which the background shows). */
  function receive(message) {
    const m = msg.receive(message, ['begin', 'show', 'fail', 'links']);
    if (!m) return msg.ignored('malformed message');
    if (m.type === 'begin') return begin(m.id);
    if (m.type === 'links') return state?.id === m.id && state.phase === 'shown' ? addLinks(m.links) : msg.ignored('stale check');
    if (!state || state.id !== m.id || state.phase !== 'collected') return msg.ignored(state && state.id !== m.id ? 'stale check' : 'nothing collected');
    if (m.type === 'show') return show(m);
    return fail(m);
  }

  /** Step 1 of a click: clear if results are showing, else walk the page and its frames. A
   *  check still waiting for its results (its worker stopped, or another click overtook it)
   *  shows nothing, so it never turns this click into a 'clear'. */
  function begin(id) {
    if (state?.phase === 'shown' && state.layers[0]?.visible()) {
      clear();
      return msg.cleared(id);
    }
    if (state) clear();
    const t0 = performance.now();
    const frames = frameDocs();
    const docs = [];
    frames.forEach((f, index) => {
      if (!f.doc) return;
      const { events, nodes } = domEvents(f.doc);
      f.elements = nodes;
      docs.push({ frame: index, url: f.doc.URL, events });
    });
    const links = linkCandidates(document);
    state = { id, phase: 'collected', frames, layers: [], panel: null, t0, links, sheets: new Map(), walkMs: performance.now() - t0 };
    // Adopting the ::highlight() sheet makes the browser restyle the whole page (tens of ms on
    // a long page): do it now and let that happen while the background checks, not after.
    const s = state;
    for (const f of frames) if (f.doc) guard('sheet', () => highlightSheet(f.doc));
    setTimeout(() => {
      if (state === s && s.phase === 'collected') for (const doc of s.sheets.keys()) void doc.documentElement.offsetTop;
    }, 0);
    return msg.collected(id, docs, links.map((l) => ({ text: l.text })));
  }

  /** Step 2: the background's reports ({frame, url, json}) → marks and the panel. */
  function show({ results, timing, words, reviews, settings }) {
    const tMark = performance.now();
    state.phase = 'shown';
    state.words = words;
    state.reviews = { ...reviews };
    state.settings = { ...settings };
    const reports = [];
    for (const r of results) {
      let report;
      try {
        report = JSON.parse(r.json);
      } catch {
        continue;
      }
      if (report.kind !== 'annual-report' || !state.frames[r.frame]?.doc) continue;
      reports.push({ frame: state.frames[r.frame], frameIndex: r.frame, report, marks: marksOf(report, words) });
    }
    state.reports = reports;
    const tParsed = performance.now();
    const top = layerFor(state.frames[0]);
    let marks = 0;
    let unplaced = 0;
    for (const rep of reports) {
      const layer = layerFor(rep.frame);
      rep.placed = placeReport(layer, rep);
      marks += rep.placed.marks;
      unplaced += rep.placed.unplaced;
    }
    const tPlaced = performance.now();
    for (const layer of state.layers) layer.paths = null;
    // A document that went away meanwhile (an iframe the page removed) is skipped and counted;
    // only the top document's layer must come up (else this throws, and the background says so).
    let lostLayers = 0;
    for (const layer of state.layers) {
      if (layer === top) top.activate();
      else if (!guard('activate', () => (layer.activate(), true), false)) {
        lostLayers++;
        guard('activate', () => layer.destroy());
      }
    }
    const tActive = performance.now();
    const crossOrigin = state.frames.filter((f) => f.crossOrigin).length;
    state.info = { crossOrigin, unplaced, lostLayers, timing: { ...timing, walkMs: state.walkMs } };
    state.panel = buildPanel(top);
    const markMs = performance.now() - tMark;
    state.info.timing.markMs = markMs;
    // The marking step's parts, for measurements (tests/e2e/extension-measure.mjs).
    state.panel.dataset.markMs = String(Math.round(markMs));
    state.panel.dataset.markParts = [tParsed - tMark, tPlaced - tParsed, tActive - tPlaced, performance.now() - tActive].map((x) => Math.round(x)).join(' ');
    const counts = countAll();
    const first = reports[0]?.report;
    return msg.shown(state.id, {
      reports: reports.length,
      marks,
      unplaced,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      reviewed: counts.reviewed,
      markMs,
      title: oneLine(first?.title ?? ''),
      year: Number.isInteger(first?.year) ? first.year : null,
      url: document.URL,
    });
  }

  function fail({ message }) {
    state.phase = 'shown';
    state.reports = [];
    state.info = { error: message };
    const top = layerFor(state.frames[0]);
    top.activate();
    state.panel = buildPanel(top);
    return msg.failed(state.id);
  }

  /** The check's ::highlight() sheet in `doc` (adopted once per check, removed on clear). */
  function highlightSheet(doc) {
    let sheet = state.sheets.get(doc);
    const W = doc.defaultView;
    if (!sheet && W?.CSS?.highlights && typeof W.Highlight === 'function' && typeof W.CSSStyleSheet === 'function') {
      sheet = new W.CSSStyleSheet();
      sheet.replaceSync(HIGHLIGHT_CSS);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      state.sheets.set(doc, sheet);
    }
    if (!sheet) throw new Error('no highlight sheet here');
    return sheet;
  }

  function dropSheets(s) {
    for (const [doc, sheet] of s.sheets ?? []) {
      guard('sheet', () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((x) => x !== sheet);
      });
    }
    s.sheets?.clear();
  }

  function clear() {
    if (!state) return;
    const s = state;
    state = null;
    for (const layer of s.layers) guard('clear', () => layer.destroy());
    dropSheets(s);
    if (s.returnFocus && s.returnFocus.isConnected) guard('focus', () => s.returnFocus.focus({ preventScroll: true }));
  }

  // ------------------------------------------------------------------ reviews (已核实 / 忽略 / 本规则不再提醒)

  const keyOf = (rep, f) => findingFingerprint(rep.report, rep.report.findings[f.index]);

  /** How a finding stands: 'open', or the clerk's 'verified' / 'ignored', or 'muted' (its rule). */
  function statusOf(rep, f) {
    const r = state.reviews[keyOf(rep, f)];
    if (r?.status === 'verified' || r?.status === 'ignored') return r.status;
    if (state.reviews[`rule:${f.code}`]?.status === 'muted') return 'muted';
    return 'open';
  }

  function countAll() {
    const out = { error: 0, warning: 0, info: 0, reviewed: 0 };
    for (const rep of state.reports ?? []) {
      for (const f of rep.marks.findings) {
        if (statusOf(rep, f) === 'open') out[f.severity] = (out[f.severity] ?? 0) + 1;
        else out.reviewed++;
      }
    }
    return out;
  }

  function setReview(key, value) {
    if (value) state.reviews[key] = value;
    else delete state.reviews[key];
    toWorker(msg.review({ [key]: value ?? null })).catch((e) => report('review', e));
  }

  // ------------------------------------------------------------------ layers (one per document)

  function layerFor(frame) {
    let layer = state.layers.find((l) => l.frame === frame);
    if (!layer) {
      layer = new Layer(frame);
      state.layers.push(layer);
    }
    return layer;
  }

  /** The path of an element from <html> (child-element positions), to find its like again
   *  when the page re-renders. `cache` (parent → child → position) keeps it linear when many
   *  marks share long sibling lists (a portal's link list). */
  function pathOf(el, cache = new Map()) {
    const out = [];
    for (let n = el; n && n.parentElement; n = n.parentElement) {
      const parent = n.parentElement;
      let index = cache.get(parent);
      if (!index) {
        index = new Map();
        let i = 0;
        for (let k = parent.firstElementChild; k; k = k.nextElementSibling) index.set(k, i++);
        cache.set(parent, index);
      }
      out.push(index.get(n));
    }
    return out.reverse();
  }

  function atPath(doc, path) {
    let n = doc.documentElement;
    for (const i of path) {
      n = n?.children[i];
      if (!n) return null;
    }
    return n;
  }

  class Layer {
    constructor(frame) {
      this.frame = frame;
      this.doc = frame.doc;
      this.win = this.doc.defaultView;
      this.cells = new Map(); // element → {el, index, path, entries: [{place, severity, related, code, finding, rep}]}
      this.texts = []; // {place, severity, code, range, index, el, path}
      this.boxes = [];
      this.highlights = {};
      this.raf = 0;
      this.tipRaf = 0;
      this.removals = [];
      this.lost = 0;
      this.paths = new Map(); // pathOf's cache while marks are placed
      this.onLayout = () => {
        if (!this.raf) this.raf = this.win.requestAnimationFrame(() => ((this.raf = 0), guard('layout', () => this.layout())));
      };
      this.onMove = (e) => {
        this.sawMove = true;
        this.lastMove = { x: e.clientX, y: e.clientY };
        if (!this.tipRaf) this.tipRaf = this.win.requestAnimationFrame(() => ((this.tipRaf = 0), guard('tooltip', () => this.tooltipAt(this.lastMove))));
      };
    }

    addCell(el, entry) {
      let c = this.cells.get(el);
      if (!c) {
        c = { el, entries: [], path: pathOf(el, this.paths) };
        this.cells.set(el, c);
      }
      c.entries.push(entry);
      return c;
    }

    visible() {
      return !!this.host && this.host.isConnected && !!this.panelEl?.isConnected;
    }

    /** Creates the host (a plain <div>, closed shadow root), the highlights and the listeners,
     *  and draws. */
    activate() {
      const doc = this.doc;
      this.container = doc.createElement('div');
      this.container.className = 'layer';
      const style = doc.createElement('style');
      style.textContent = LAYER_CSS;
      this.boxLayer = doc.createElement('div');
      this.tip = doc.createElement('div');
      this.tip.className = 'tip';
      this.tip.id = 'nb-tip';
      this.tip.setAttribute('role', 'tooltip');
      this.describe = doc.createElement('div');
      this.describe.className = 'sr';
      this.describe.id = 'nb-describe';
      this.container.append(style, this.boxLayer, this.tip, this.describe);
      this.mount();

      // Text ranges: the Custom Highlight API where there is one (paints text only, no DOM).
      const W = this.win;
      this.useHighlights = !!(W.CSS && W.CSS.highlights && typeof W.Highlight === 'function');
      if (this.useHighlights && this.texts.length) {
        try {
          this.sheet = highlightSheet(doc);
          this.paintHighlights();
        } catch {
          // No constructable sheets or highlights here (an old browser, or a wrapper that
          // refuses them): undo, and draw text marks as overlay boxes instead.
          this.removeHighlights();
          this.useHighlights = false;
        }
      }
      this.layout();
      W.addEventListener('resize', this.onLayout, { passive: true });
      doc.addEventListener('scroll', this.onLayout, { passive: true, capture: true });
      doc.addEventListener('mousemove', this.onMove, { passive: true, capture: true });
      // If the page stops mouse moves before they reach us, find the hovered mark by :hover.
      this.poll = W.setInterval(() => guard('hover', () => this.sawMove || this.tooltipByHover()), 250);
      if (W.ResizeObserver) {
        this.ro = new W.ResizeObserver(this.onLayout);
        this.ro.observe(doc.documentElement);
        for (const c of this.cells.values()) this.ro.observe(c.el);
      }
      // The page may remove the host or re-render what was marked.
      this.mo = new W.MutationObserver(() => guard('watch', () => this.watch()));
      this.mo.observe(doc.documentElement, { childList: true, subtree: true });
    }

    /** Puts the layer into the document: a <div> host with a closed shadow root at the end of
     *  <html>; or, when the page keeps removing that, a closed shadow root on <body> (with a
     *  <slot>, so the body renders as before) that no DOM mutation can remove. */
    mount() {
      const doc = this.doc;
      if (this.fallback) {
        let root = bodyRoots.get(doc);
        if (!root && doc.body && !doc.body.shadowRoot) {
          root = doc.body.attachShadow({ mode: 'closed' });
          root.append(doc.createElement('slot'));
          bodyRoots.set(doc, root);
        }
        if (root) {
          this.host = doc.body;
          this.root = root;
          root.append(this.container);
          return;
        }
      }
      this.host = doc.createElement('div');
      this.host.setAttribute('style', HOST_STYLE);
      this.root = this.host.attachShadow({ mode: 'closed' });
      this.root.append(this.container);
      doc.documentElement.append(this.host);
    }

    /** After DOM mutations: put the host back if the page removed it; follow re-rendered marks. */
    watch() {
      if (!this.host) return;
      if (!this.host.isConnected || (this.host !== this.doc.body && this.host.parentNode !== this.doc.documentElement)) {
        const now = performance.now();
        this.removals = this.removals.filter((t) => now - t < 2000);
        this.removals.push(now);
        if (this.removals.length > 3 && !this.fallback && this.doc.body) {
          // The page removes whatever is added: move into the body's shadow root.
          this.fallback = true;
          this.host.remove();
        }
        if (this.fallback && this.host === this.doc.body && this.container.isConnected) return;
        if (this.host !== this.doc.body) this.host.remove();
        this.mount();
        this.onLayout();
      }
      let moved = false;
      for (const c of [...this.cells.values()]) if (!c.el.isConnected) moved = this.relocateCell(c) || moved;
      for (const t of this.texts) if (!t.el.isConnected || !t.range.startContainer.isConnected) moved = this.relocateText(t) || moved;
      if (moved) {
        if (this.useHighlights && this.sheet) this.paintHighlights();
        this.onLayout();
        updateLostNote();
      }
    }

    relocateCell(c) {
      if (c.gone) return false;
      const el = atPath(this.doc, c.path);
      const fits = el && el.localName === c.el.localName && c.entries.every((e) => holdsValue(e.place, el.textContent ?? ''));
      if (!fits) {
        c.gone = true;
        this.lost++;
        return true;
      }
      this.cells.delete(c.el);
      this.ro?.unobserve(c.el);
      c.el = el;
      this.cells.set(el, c);
      this.ro?.observe(el);
      return true;
    }

    relocateText(t) {
      if (t.gone) return false;
      const el = atPath(this.doc, t.path);
      const range = el && el.localName === t.el.localName && holdsValue(t.place, el.textContent ?? '') ? textRange(this.doc, el, t.place.start, t.place.end) : null;
      if (!range) {
        t.gone = true;
        this.lost++;
        return true;
      }
      t.el = el;
      t.range = range;
      return true;
    }

    paintHighlights() {
      const W = this.win;
      for (const sev of ['info', 'warning', 'error']) {
        const ranges = this.texts.filter((t) => t.severity === sev && !t.gone && !t.reviewed()).map((t) => t.range);
        if (!ranges.length) {
          if (this.highlights[sev]) W.CSS.highlights.delete(HL_NAMES[sev]);
          delete this.highlights[sev];
          continue;
        }
        const h = new W.Highlight(...ranges);
        h.priority = severityRank(sev);
        W.CSS.highlights.set(HL_NAMES[sev], h);
        this.highlights[sev] = h;
      }
    }

    /** Places the outline boxes over the marked cells (and, without the highlight API, over
     *  the marked text). Coordinates are relative to the layer, wherever the page puts it. */
    layout() {
      if (!this.host) return;
      // All reads first, then all writes: one layout, not one per box.
      const base = this.container.getBoundingClientRect();
      const want = [];
      for (const c of this.cells.values()) {
        if (c.gone) continue;
        const r = c.el.getBoundingClientRect();
        const open = c.entries.filter((e) => !e.reviewed());
        const shown = open.length ? open : c.entries;
        const worst = worstSeverity(shown.map((e) => e.severity));
        const related = shown.every((e) => e.related);
        want.push({ rect: r, cls: `box cell ${worst}${related ? ' related' : ''}${open.length ? '' : ' reviewed'}`, cell: c });
      }
      if (!this.useHighlights) {
        for (const t of this.texts) if (!t.gone) for (const r of t.range.getClientRects()) want.push({ rect: r, cls: `box text ${t.severity}`, text: t });
      }
      while (this.boxes.length > want.length) this.boxes.pop().remove();
      want.forEach((w, i) => {
        let b = this.boxes[i];
        if (!b) {
          b = this.doc.createElement('div');
          this.boxLayer.append(b);
          this.boxes.push(b);
        }
        const flashing = b.classList.contains('flash');
        if (b.className !== w.cls && !flashing) b.className = w.cls;
        b.style.left = `${w.rect.left - base.left}px`;
        b.style.top = `${w.rect.top - base.top}px`;
        b.style.width = `${w.rect.width}px`;
        b.style.height = `${w.rect.height}px`;
        if (w.cell) {
          b.dataset.el = String(w.cell.index);
          b.dataset.kind = 'cell';
          b.dataset.severity = w.cls.split(' ')[2];
          b.dataset.tip = tipText(tipEntries(w.cell.entries.map((e) => e.place)));
          b.dataset.codes = [...new Set(w.cell.entries.map((e) => e.code))].join(' ');
          w.cell.box = b;
        } else {
          b.dataset.kind = 'text';
          w.text.box ??= b;
        }
      });
    }

    entriesAt(x, y) {
      const inside = (r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
      let entries = [];
      for (const c of this.cells.values()) if (!c.gone && inside(c.el.getBoundingClientRect())) entries = entries.concat(c.entries);
      for (const t of this.texts) {
        if (t.gone) continue;
        for (const r of t.range.getClientRects()) {
          if (inside(r)) {
            entries.push(t);
            break;
          }
        }
      }
      return entries;
    }

    tooltipAt(p) {
      if (!this.tip || !p) return;
      this.showTip(this.entriesAt(p.x, p.y), p.x, p.y);
    }

    /** The tooltip of the marked cell or paragraph under the mouse, found by :hover (the page
     *  may swallow mouse moves). */
    tooltipByHover() {
      if (!this.tip) return;
      let hit = null;
      for (const c of this.cells.values()) if (!c.gone && c.el.matches(':hover')) hit = { entries: c.entries, el: c.el };
      if (!hit) for (const t of this.texts) if (!t.gone && t.el.matches(':hover')) hit = { entries: this.texts.filter((x) => x.el === t.el), el: t.el };
      if (!hit) {
        this.tip.style.display = 'none';
        return;
      }
      const r = hit.el.getBoundingClientRect();
      this.showTip(hit.entries, r.left + Math.min(r.width, 40), r.bottom - 14);
    }

    showTip(entries, x, y) {
      if (!entries.length) {
        this.tip.style.display = 'none';
        return;
      }
      this.tip.replaceChildren(...tipNodes(this.doc, entries));
      this.tip.style.display = 'block';
      const vw = this.doc.documentElement.clientWidth;
      const vh = this.doc.documentElement.clientHeight;
      const w = this.tip.offsetWidth;
      const h = this.tip.offsetHeight;
      this.tip.style.left = `${Math.max(4, Math.min(x + 14, vw - w - 4))}px`;
      this.tip.style.top = `${y + 18 + h > vh ? Math.max(4, y - h - 10) : y + 18}px`;
    }

    /** Scrolls a mark into view, makes it blink, and (from the keyboard) focuses it with its
     *  text as its description. */
    reveal(target, { focus = false, finding = null } = {}) {
      const el = target.el ?? target.range.startContainer.parentElement;
      if (this.frame.frameEl) this.frame.frameEl.scrollIntoView({ block: 'nearest' });
      const compact = state?.panel?.classList.contains('compact');
      // Compact: the panel docks at the bottom; the mark goes to the upper part of the view,
      // where its row label and column header stay visible above the panel.
      el.scrollIntoView({ block: compact ? 'start' : 'center', inline: 'nearest' });
      if (compact) this.win.scrollBy(0, -Math.round(this.win.innerHeight * 0.15));
      this.layout();
      keepPanelClear(this, (target.range ?? el).getBoundingClientRect());
      const box = target.el ? target.box : target.box ?? null;
      for (const b of this.boxLayer.querySelectorAll('.flash')) if (b !== box) b.classList.remove('flash');
      if (target.el && box) {
        box.classList.remove('flash');
        void box.offsetWidth;
        box.classList.add('flash');
        this.win.setTimeout(() => box.classList.remove('flash'), 1700);
      } else if (this.useHighlights) {
        const h = new this.win.Highlight(target.range);
        h.priority = 10;
        this.win.CSS.highlights.set(HL_NAMES.flash, h);
        this.win.setTimeout(() => {
          if (this.win.CSS.highlights.get(HL_NAMES.flash) === h) this.win.CSS.highlights.delete(HL_NAMES.flash);
        }, 1600);
      }
      if (focus) this.focusMark(target, finding);
    }

    /** Focuses a mark: its box (or a box over the text) becomes focusable, labelled with the
     *  cell's text and described by the finding. */
    focusMark(target, finding) {
      let box = target.box;
      if (!box || this.useHighlights && !target.el) {
        const r = target.range.getBoundingClientRect();
        const base = this.container.getBoundingClientRect();
        box = this.focusBox ??= this.doc.createElement('div');
        box.className = 'box text-focus';
        Object.assign(box.style, { left: `${r.left - base.left}px`, top: `${r.top - base.top}px`, width: `${r.width}px`, height: `${r.height}px` });
        this.boxLayer.append(box);
      }
      this.describe.textContent = finding ? [finding.message, ...finding.fixes.map((x) => x.text)].join('。') : '';
      box.setAttribute('tabindex', '-1');
      box.setAttribute('role', 'img');
      box.setAttribute('aria-roledescription', '标记');
      box.setAttribute('aria-label', oneLine(target.el ? target.el.textContent : target.range.toString()) || '空单元格');
      box.setAttribute('aria-describedby', 'nb-describe');
      box.focus({ preventScroll: true });
      this.focused = box;
    }

    destroy() {
      const W = this.win;
      if (this.raf) W.cancelAnimationFrame(this.raf);
      if (this.tipRaf) W.cancelAnimationFrame(this.tipRaf);
      if (this.poll) W.clearInterval(this.poll);
      this.mo?.disconnect();
      W.removeEventListener('resize', this.onLayout, { passive: true });
      this.doc.removeEventListener('scroll', this.onLayout, { passive: true, capture: true });
      this.doc.removeEventListener('mousemove', this.onMove, { passive: true, capture: true });
      this.ro?.disconnect();
      if (this.useHighlights) this.removeHighlights();
      this.container?.remove();
      if (this.host && this.host !== this.doc.body) this.host.remove();
      this.host = null;
    }

    removeHighlights() {
      const W = this.win;
      try {
        for (const sev of Object.keys(this.highlights)) {
          if (W.CSS.highlights.get(HL_NAMES[sev]) === this.highlights[sev]) W.CSS.highlights.delete(HL_NAMES[sev]);
        }
        W.CSS.highlights.delete(HL_NAMES.flash);
      } catch {
        // Nothing was registered.
      }
      this.highlights = {};
      // The sheet itself goes with the check (clear → dropSheets).
      this.sheet = null;
    }
  }

  /** If the panel hides the spot just revealed, move the panel to the other side, or fold it. */
  function keepPanelClear(layer, rect) {
    const panel = state?.panel;
    if (!panel) return;
    let r = rect;
    for (let f = layer.frame.frameEl; f; f = f.ownerDocument.defaultView.frameElement) {
      const fr = f.getBoundingClientRect();
      r = { left: r.left + fr.left + f.clientLeft, right: r.right + fr.left + f.clientLeft, top: r.top + fr.top + f.clientTop, bottom: r.bottom + fr.top + f.clientTop };
    }
    const hides = () => {
      const p = panel.getBoundingClientRect();
      return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
    };
    if (!hides()) return;
    if (!panel.classList.contains('compact')) {
      panel.classList.toggle('left');
      if (!hides()) return;
      panel.classList.toggle('left');
    }
    setCollapsed(panel, true);
  }

  function setCollapsed(panel, on) {
    panel.classList.toggle('collapsed', on);
    const b = panel.querySelector('button[value="collapse"]');
    if (b) {
      b.textContent = on ? '展开' : '收起';
      b.setAttribute('aria-expanded', String(!on));
    }
  }

  // ------------------------------------------------------------------ findings → marks

  /** A Range over textContent offsets [start, end) of `el`, trimmed of white space; null if
   *  the offsets do not fit. */
  function textRange(doc, el, start, end) {
    // Trim white space at both ends (cells and paragraphs keep their source indentation).
    const slice = (el.textContent ?? '').slice(start, end);
    if (slice.trim()) {
      start += slice.length - slice.trimStart().length;
      end -= slice.length - slice.trimEnd().length;
    }
    const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let pos = 0;
    let sNode = null;
    let sOff = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.data.length;
      if (!sNode && start < pos + len) {
        sNode = n;
        sOff = start - pos;
      }
      if (sNode && end <= pos + len) {
        const range = doc.createRange();
        range.setStart(sNode, sOff);
        range.setEnd(n, end - pos);
        return range;
      }
      pos += len;
    }
    return null;
  }

  /** Marks the places of one report (`marksOf`) that pass the guards: cells outlined, text
   *  ranges highlighted. Returns the counts. */
  function placeReport(layer, rep) {
    const { report, marks } = rep;
    const elements = rep.frame.elements;
    // The core counts the elements it read; the walk's nodes are the same list, so this only
    // fails if the page's events and nodes ever came apart (then nothing is marked wrongly).
    const counted = sameNumbering(report, elements.length);
    let placed = 0;
    let unplaced = 0;
    rep.targets = marks.findings.map(() => []);
    for (const p of marks.places) {
      const el = counted && p.kind === 'html' && p.element != null ? elements[p.element] : null;
      if (!el || !holdsValue(p, el.textContent ?? '')) {
        unplaced++;
        continue;
      }
      const f = marks.findings[p.finding];
      const entry = { place: p, severity: p.severity, related: p.role === 'part', code: f.code, reviewed: () => statusOf(rep, f) !== 'open' };
      if (drawAs(p, el.localName) === 'cell') {
        const c = layer.addCell(el, entry);
        c.index = p.element;
        rep.targets[p.finding].push({ layer, target: c, primary: !entry.related });
      } else {
        const range = textRange(layer.doc, el, p.start, p.end);
        if (!range) {
          unplaced++;
          continue;
        }
        const t = { ...entry, range, index: p.element, el, path: pathOf(el, layer.paths) };
        layer.texts.push(t);
        rep.targets[p.finding].push({ layer, target: t, primary: true });
      }
      placed++;
    }
    return { marks: placed, unplaced };
  }

  /** Tooltip lines for the entries under the mouse: severity badge, message, fix line. */
  function tipNodes(doc, entries) {
    return tipEntries(entries.map((e) => e.place)).map((t) => {
      const line = doc.createElement('div');
      line.className = 'line';
      const sev = doc.createElement('span');
      sev.className = `sev ${t.severity}`;
      sev.textContent = t.severityName;
      line.append(sev, t.message);
      if (t.fix) {
        const fix = doc.createElement('div');
        fix.className = 'fix';
        fix.textContent = t.fix;
        line.append(fix);
      }
      if (t.basis) {
        const basis = doc.createElement('div');
        basis.className = 'basis';
        basis.textContent = `依据：${t.basis}`;
        line.append(basis);
      }
      return line;
    });
  }

  // ------------------------------------------------------------------ the findings panel

  function el(tag, attrs = {}, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = v;
      else n.setAttribute(k, v);
    }
    n.append(...children.filter((c) => c != null));
    return n;
  }

  /** A button of the panel: a submit button of the panel's form; what it does is its value.
   *  (The form's `submit` event is not composed: it never leaves the shadow root, so no page
   *  listener can stop it.) */
  const button = (value, text, attrs = {}) => el('button', { type: 'submit', value, class: attrs.class, ...attrs, text });

  /** The page's links to .pdf and .docx files (at most eight, each once): {name, url}. */
  function attachments() {
    const out = [];
    const seen = new Set();
    for (const a of document.querySelectorAll('a[href]')) {
      let url;
      try {
        url = new URL(a.getAttribute('href'), document.baseURI);
      } catch {
        continue;
      }
      if (!/^https?:$/.test(url.protocol) || !/\.(pdf|docx)$/i.test(url.pathname) || seen.has(url.href)) continue;
      seen.add(url.href);
      const name = (a.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40) || decodeURIComponent(url.pathname.split('/').pop() || '');
      out.push({ name, url: url.href });
      if (out.length >= 8) break;
    }
    return out;
  }

  /** The panel, in the top document's layer. */
  function buildPanel(layer) {
    const info = state.info;
    const reports = state.reports;
    const fmt = (ms) => (ms == null ? '' : `${Math.round(ms)}`);
    const total = info.timing ? (info.timing.collectMs ?? 0) + (info.timing.checkMs ?? 0) + (info.timing.markMs ?? 0) : null;
    const body = el('div', { class: 'body' });
    const panel = el(
      'form',
      {
        class: 'panel',
        role: 'dialog',
        'aria-labelledby': 'nb-title',
        'aria-describedby': 'nb-keys',
        tabindex: '-1',
        'data-state': info.error ? 'failed' : reports.length ? 'report' : 'no-report',
      },
      el(
        'header',
        {},
        el('h1', { id: 'nb-title', text: '年报检查' }),
        total != null ? el('span', { class: 'ms', text: `用时 ${fmt(total)} 毫秒` }) : null,
        button('collapse', '收起', { title: '收起/展开', 'aria-expanded': 'true' }),
        button('close', reports.length ? '清除标记' : '关闭', { class: 'clear', title: '清除全部标记并关闭（Esc）' }),
      ),
    );
    if (reports.length) {
      panel.append(
        el(
          'div',
          { class: 'tools', role: 'group', 'aria-label': '导出' },
          button('copy', '复制问题清单'),
          button('csv', '导出CSV'),
          button('print', '打印'),
        ),
      );
    }
    // 「检查附件」: the report published as a PDF or Word attachment of this page.
    const files = attachments();
    if (files.length) {
      panel.append(
        el(
          'div',
          { class: 'tools attachments', role: 'group', 'aria-label': '附件' },
          el('span', { class: 'note', text: reports.length ? '本页附件：' : '本页的报告可能在附件中：' }),
          ...files.map((f) => button('attachment', `检查附件「${f.name}」`, { 'data-url': f.url, title: f.url })),
        ),
      );
    }
    panel.append(body, el('p', { class: 'sr', id: 'nb-keys', text: '按 J 或 F8 跳到下一个问题，K 或 Shift+F8 跳到上一个，Esc 关闭。' }), el('div', { class: 'status', role: 'status', 'aria-live': 'polite' }));
    if (info.timing) {
      panel.dataset.collectMs = fmt(info.timing.collectMs);
      panel.dataset.walkMs = fmt(info.timing.walkMs);
      panel.dataset.checkMs = fmt(info.timing.checkMs);
      panel.dataset.markMs = fmt(info.timing.markMs);
    }
    if (info.error) {
      body.append(el('p', { class: 'message', text: `检查出错：${info.error}` }));
    } else if (!reports.length) {
      body.append(el('p', { class: 'message', text: NO_REPORT }));
      if (info.crossOrigin) body.append(el('p', { class: 'note', text: `本页有 ${info.crossOrigin} 个来自其他网站的内嵌页面，浏览器不允许读取，未能检查。` }));
    } else {
      state.order = [];
      for (const rep of reports) body.append(reportSection(rep));
      if (info.unplaced) body.append(el('p', { class: 'note', text: `有 ${info.unplaced} 处位置未能在页面上对应标出（页面内容在检查时发生了变化）。` }));
      if (info.lostLayers) body.append(el('p', { class: 'note', text: `有 ${info.lostLayers} 个内嵌页面在检查时被移除或更换，其中的标记未能显示。` }));
      body.append(el('p', { class: 'note lost', hidden: '' }));
    }
    body.append(el('div', { class: 'batch-slot' }), historySection());

    panel.addEventListener('submit', (e) => {
      e.preventDefault();
      const done = guard('button', () => act(e.submitter));
      // Asynchronous actions (copy, batch, history) report their failures too.
      if (done && typeof done.catch === 'function') done.catch((x) => (report('button', x), showStatus(`未能完成：${x?.message ?? x}`)));
    });
    panel.addEventListener('change', (e) => guard('change', () => changed(e.target)));
    panel.addEventListener('keydown', (e) => guard('keys', () => keys(e)));
    layer.container.append(panel);
    layer.panelEl = panel;
    layer.root.addEventListener('keydown', (e) => {
      // Keys pressed on a focused mark (outside the form) move on too.
      if (!panel.contains(e.target)) guard('keys', () => keys(e));
    });
    placePanel(panel, layer);
    layer.win.addEventListener('resize', () => guard('resize', () => state?.panel === panel && placePanel(panel, layer)), { passive: true });
    // Focus on open (the page's focus comes back on close).
    state.returnFocus = document.activeElement;
    panel.focus({ preventScroll: true });
    return panel;
  }

  /** Compact under ~600 px: docked at the bottom, never over the revealed mark. */
  function placePanel(panel, layer) {
    panel.classList.toggle('compact', layer.doc.documentElement.clientWidth < COMPACT_WIDTH);
  }

  function summaryNode(rep) {
    const counts = { error: 0, warning: 0, info: 0 };
    let apart = { verified: 0, ignored: 0, muted: 0 };
    for (const f of rep.marks.findings) {
      const s = statusOf(rep, f);
      if (s === 'open') counts[f.severity]++;
      else apart[s]++;
    }
    const open = counts.error + counts.warning + counts.info;
    const line = el('div', { class: open ? 'summary' : 'summary ok', text: summaryLine(counts, state.words?.vocabulary) });
    const parts = [];
    if (apart.verified) parts.push(`已核实 ${apart.verified} 处`);
    if (apart.ignored) parts.push(`已忽略 ${apart.ignored} 处`);
    if (apart.muted) parts.push(`不再提醒的规则 ${apart.muted} 处`);
    if (parts.length) line.append(el('span', { class: 'apart', text: `（另：${parts.join('，')}）` }));
    return line;
  }

  function reportSection(rep) {
    const r = rep.report;
    const { marks } = rep;
    const facts = [];
    if (r.year) facts.push(`${r.year}年度`);
    if (rep.frameIndex > 0) facts.push('内嵌页面');
    const section = el(
      'section',
      { class: 'report', 'data-frame': String(rep.frameIndex) },
      el('h2', { text: oneLine(r.title) || '政府信息公开工作年度报告' }),
      facts.length ? el('div', { class: 'facts', text: facts.join(' · ') }) : null,
      summaryNode(rep),
    );
    rep.summaryEl = section.querySelector('.summary');
    // Grouped by rule, errors first, then warnings, then notes; in order of appearance within.
    for (const g of marks.groups) {
      const head = el('h3', {}, `${g.code} ${g.label}`, el('span', { class: 'sev', text: `${g.severityName} ×${g.findings.length}` }));
      const list = el('ul');
      for (const fi of g.findings) list.append(findingItem(rep, marks.findings[fi]));
      section.append(el('div', { class: `group ${g.severity}`, 'data-code': g.code }, head, list));
    }
    return section;
  }

  function findingItem(rep, f) {
    const n = state.order.length;
    const targets = rep.targets[f.index] ?? [];
    const placed = targets.length > 0;
    const where = oneLine(rep.report.findings[f.index].place ?? '');
    const li = el('li', { 'data-n': String(n) });
    const item = button('reveal', null, {
      class: 'item',
      'data-n': String(n),
      'data-code': f.code,
      'data-placed': placed ? '1' : '0',
      title: placed ? '点击定位到页面上的位置' : '此条没有可定位的位置',
    });
    item.append(el('span', { class: 'n', text: `${n + 1}.` }), f.message, ...f.fixes.map((fix) => el('span', { class: 'fix', text: fix.text })), where ? el('span', { class: 'where', text: `位置：${where}` }) : null);
    li.append(item, el('div', { class: 'acts' }));
    state.order.push({ rep, f, li, targets, where });
    renderActs(state.order[n]);
    return li;
  }

  function renderActs(entry) {
    const s = statusOf(entry.rep, entry.f);
    entry.li.classList.toggle('reviewed', s !== 'open');
    entry.li.dataset.status = s;
    const acts = entry.li.querySelector('.acts');
    const n = entry.li.dataset.n;
    if (s === 'open') {
      acts.replaceChildren(button('verify', '已核实', { class: 'small', 'data-n': n }), button('ignore', '忽略', { class: 'small', 'data-n': n }), button('mute', '本规则不再提醒', { class: 'small', 'data-n': n, title: `${entry.f.code}：以后所有报告都不再列出此规则的问题` }));
    } else {
      const label = { verified: '已核实', ignored: '已忽略', muted: `${entry.f.code} 已设为不再提醒` }[s];
      acts.replaceChildren(el('span', { class: 'badge', text: label }), button(s === 'muted' ? 'unmute' : 'undo', '撤销', { class: 'small', 'data-n': n }));
    }
  }

  function refreshReviews() {
    for (const entry of state.order ?? []) renderActs(entry);
    for (const rep of state.reports) {
      const fresh = summaryNode(rep);
      rep.summaryEl.replaceWith(fresh);
      rep.summaryEl = fresh;
    }
    for (const layer of state.layers) {
      if (layer.useHighlights && layer.sheet) layer.paintHighlights();
      layer.layout();
    }
    const counts = countAll();
    toWorker(msg.settings({ badge: { errors: counts.error, warnings: counts.warning, reviewed: counts.reviewed } })).catch(() => {});
  }

  function showStatus(text) {
    const s = state?.panel?.querySelector('.status');
    if (s) s.textContent = text;
  }

  function updateLostNote() {
    const lost = state?.layers.reduce((n, l) => n + l.lost, 0) ?? 0;
    const note = state?.panel?.querySelector('.note.lost');
    if (!note) return;
    note.hidden = !lost;
    note.textContent = lost ? `页面重新排版后，有 ${lost} 处标记未能重新对应，请再点一次按钮重新检查。` : '';
  }

  // ------------------------------------------------------------------ panel actions

  function act(b) {
    if (!b || !state) return;
    const entry = b.dataset.n != null ? state.order?.[Number(b.dataset.n)] : null;
    switch (b.value) {
      case 'close':
        return clear();
      case 'collapse':
        return setCollapsed(state.panel, !state.panel.classList.contains('collapsed'));
      case 'reveal':
        return entry && goTo(Number(b.dataset.n), false);
      case 'verify':
      case 'ignore':
        setReview(keyOf(entry.rep, entry.f), { status: b.value === 'verify' ? 'verified' : 'ignored', code: entry.f.code, at: Date.now() });
        return refreshReviews();
      case 'undo':
        setReview(keyOf(entry.rep, entry.f), null);
        return refreshReviews();
      case 'mute':
        setReview(`rule:${entry.f.code}`, { status: 'muted', code: entry.f.code, at: Date.now() });
        return refreshReviews();
      case 'unmute':
        setReview(`rule:${entry.f.code}`, null);
        return refreshReviews();
      case 'copy':
        return copyList();
      case 'csv':
        return downloadCsv();
      case 'print':
        return printView();
      case 'attachment':
        return toWorker(msg.attachment(b.dataset.url)).then(() => showStatus('已在新标签页打开附件并检查。'), (e) => report('attachment', e));
      case 'batch':
        return runBatch();
      case 'open-report':
        return openBatchReport(Number(b.dataset.i));
      case 'clear-history':
        return toWorker(msg.history(true)).then(() => renderHistory([]));
      default:
    }
  }

  function changed(target) {
    if (target?.name === 'keep-history') {
      state.settings.history = target.checked;
      toWorker(msg.settings({ history: target.checked })).catch((e) => report('settings', e));
      showStatus(target.checked ? '已开启：检查记录只保存在本机。' : '已关闭检查记录。');
      if (target.checked) loadHistory();
    }
  }

  function keys(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = e.composedPath()[0]?.localName === 'input' && e.composedPath()[0].type !== 'checkbox';
    if (e.key === 'Escape') {
      e.preventDefault();
      clear();
    } else if (typing) {
      // Nothing else while typing.
    } else if (e.key === 'j' || e.key === 'J' || (e.key === 'F8' && !e.shiftKey)) {
      e.preventDefault();
      step(1);
    } else if (e.key === 'k' || e.key === 'K' || (e.key === 'F8' && e.shiftKey)) {
      e.preventDefault();
      step(-1);
    }
  }

  function step(delta) {
    const order = state?.order;
    if (!order?.length) return;
    let n = state.current ?? (delta > 0 ? -1 : order.length);
    for (let i = 0; i < order.length; i++) {
      n = (n + delta + order.length) % order.length;
      if (order[n].targets.length) break;
    }
    goTo(n, true);
  }

  function goTo(n, focus) {
    const entry = state.order[n];
    if (!entry) return;
    for (const o of state.order) o.li.classList.remove('current');
    entry.li.classList.add('current');
    state.current = n;
    entry.li.scrollIntoView?.({ block: 'nearest' });
    const t = entry.targets.find((x) => x.primary) ?? entry.targets[0];
    if (t) t.layer.reveal(t.target, { focus, finding: entry.f });
    else if (focus) entry.li.querySelector('.item').focus();
  }

  // ------------------------------------------------------------------ exports

  function statusWord(s) {
    return { verified: '已核实', ignored: '已忽略', muted: '不再提醒' }[s] ?? '';
  }

  /** 「复制问题清单」: numbered plain text, one line per finding (place and message), each fix
   *  on its own line below. */
  function listText() {
    const lines = [];
    for (const rep of state.reports) {
      const r = rep.report;
      lines.push(`${oneLine(r.title) || '政府信息公开工作年度报告'}${r.year ? `（${r.year}年度）` : ''}`);
      lines.push(summaryNode(rep).textContent);
      for (const [i, o] of state.order.entries()) {
        if (o.rep !== rep) continue;
        const s = statusOf(rep, o.f);
        lines.push(`${i + 1}. 〔${o.f.severityName}〕${o.where ? `${o.where}：` : ''}${o.f.message}${s !== 'open' ? `（${statusWord(s)}）` : ''}`);
        for (const fix of o.f.fixes) lines.push(`   ${fix.text}`);
      }
      lines.push('');
    }
    lines.push(`检查页面：${document.URL}`);
    return lines.join('\n');
  }

  async function copyList() {
    const text = listText();
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      // Not a secure context, or no permission: copy from a selected text area.
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('aria-hidden', 'true');
      ta.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
      state.panel.append(ta);
      ta.select();
      try {
        done = document.execCommand('copy');
      } catch {
        done = false;
      }
      ta.remove();
    }
    state.lastCopy = text;
    showStatus(done ? `已复制问题清单（${state.order.length} 条）。` : '浏览器不允许复制，请改用「导出CSV」。');
  }

  function csvRows() {
    const rows = [['序号', '级别', '代码', '规则', '位置', '问题', '改正', '处理状态', '报告']];
    for (const [i, o] of state.order.entries()) {
      const s = statusOf(o.rep, o.f);
      rows.push([i + 1, o.f.severityName, o.f.code, o.f.label, o.where, o.f.message, o.f.fixes.map((x) => x.text).join('；'), statusWord(s), oneLine(o.rep.report.title)].map((v) => oneLine(v)));
    }
    return rows;
  }

  function fileBase() {
    const r = state.reports[0]?.report ?? {};
    const who = oneLine(r.issuer || r.title || '年度报告').replace(/[\\/:*?"<>|]/g, '');
    return `${who}${r.year ? `${r.year}年度` : ''}年报检查结果`;
  }

  function downloadCsv() {
    const blob = new Blob([csv(csvRows())], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `${fileBase()}.csv` });
    a.hidden = true;
    state.panel.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    showStatus(`已导出 ${fileBase()}.csv`);
  }

  function printView() {
    const payload = {
      title: fileBase(),
      url: document.URL,
      reports: state.reports.map((rep) => ({
        title: oneLine(rep.report.title),
        year: rep.report.year ?? null,
        summary: summaryNode(rep).textContent,
        items: state.order
          .filter((o) => o.rep === rep)
          .map((o) => ({ n: state.order.indexOf(o) + 1, severity: o.f.severity, severityName: o.f.severityName, code: o.f.code, label: o.f.label, place: o.where, message: o.f.message, fixes: o.f.fixes.map((x) => x.text), status: statusWord(statusOf(rep, o.f)) })),
      })),
    };
    toWorker(msg.print(payload)).then(() => showStatus('已在新标签页打开打印视图。'), (e) => report('print', e));
  }

  // ------------------------------------------------------------------ batch: 检查本栏目全部年报

  /** The links the core reads as reports' titles arrived: offer the batch check. */
  function addLinks(links) {
    state.batchLinks = links.map((l) => ({ ...l, ...state.links[l.index] })).filter((l) => l.href);
    const slot = state.panel?.querySelector('.batch-slot');
    if (slot && state.batchLinks.length) slot.replaceChildren(batchSection());
    return msg.ok();
  }

  function batchSection() {
    const links = state.batchLinks;
    const same = links.filter((l) => l.sameOrigin);
    const box = el('section', { class: 'batch', 'aria-label': '本栏目的年度报告' });
    box.append(el('h2', { text: `本页列出 ${links.length} 份年度报告` }));
    if (same.length) box.append(button('batch', `检查本栏目全部年报（${same.length} 份）`, { class: 'small' }));
    if (links.length > same.length) box.append(el('p', { class: 'note', text: `另有 ${links.length - same.length} 个链接指向其他网站，不检查。` }));
    box.append(el('div', { class: 'batch-result' }));
    return box;
  }

  /** The largest file the batch checks (see runBatch). */
  const BATCH_MAX_BYTES = 40 * 1048576;

  async function runBatch() {
    const s = state;
    const links = s.batchLinks.filter((l) => l.sameOrigin);
    const out = s.panel.querySelector('.batch-result');
    const rows = links.map((l) => ({ link: l, status: '等待' }));
    s.batch = rows;
    const render = () => {
      const table = el('table', {}, el('thead', {}, el('tr', {}, ...['报告', '年度', severityName(state.words?.vocabulary, 'error'), severityName(state.words?.vocabulary, 'warning'), '状态'].map((h) => el('th', { scope: 'col', text: h })))));
      const tbody = el('tbody');
      rows.forEach((r, i) => {
        const rep = r.report;
        tbody.append(
          el(
            'tr',
            { 'data-i': String(i) },
            el('td', {}, rep ? button('open-report', oneLine(rep.title) || r.link.title, { class: 'open', 'data-i': String(i) }) : r.link.title),
            el('td', { class: 'num', text: rep?.year ?? r.link.year ?? '' }),
            el('td', { class: 'num', text: rep ? String(rep.summary?.error ?? 0) : '' }),
            el('td', { class: 'num', text: rep ? String(rep.summary?.warning ?? 0) : '' }),
            el('td', { text: r.status }),
          ),
        );
      });
      table.append(tbody);
      out.replaceChildren(table, el('div', { class: 'batch-detail' }));
    };
    render();
    for (const r of rows) {
      if (state !== s) return;
      r.status = '检查中';
      render();
      try {
        const res = await fetch(r.link.href, { credentials: 'same-origin', redirect: 'follow' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        if (new URL(res.url).origin !== location.origin) throw new Error('跳转到了其他网站');
        // The file goes to the worker in one message (Chromium refuses messages over 64 MB, and
        // the base64 is a third larger): a bigger one is said, not sent.
        const tooBig = (n) => n > BATCH_MAX_BYTES && new Error(`文件过大（${(n / 1048576).toFixed(0)} MB），未检查；可下载后在检查页面中打开`);
        const declared = Number(res.headers.get('content-length'));
        if (tooBig(declared)) throw tooBig(declared);
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (tooBig(bytes.length)) throw tooBig(bytes.length);
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        const dec = await toWorker(msg.decode(r.link.href, btoa(bin)));
        const file = JSON.parse(msg.receive(dec, ['decoded']).json);
        if (file.error) throw new Error(file.error);
        let report;
        let events = null;
        if (file.report) {
          // A PDF: read and checked in the worker, by the reader the CLI and the viewer use.
          report = JSON.parse(file.report);
          if (report.error) throw new Error(report.error);
        } else {
          // A page, a text file, or a .docx as the core's HTML of it: parsed inert, walked.
          const doc = new DOMParser().parseFromString(file.text, 'text/html');
          events = domEvents(doc).events;
          const ans = msg.receive(await toWorker(msg.checkDocs([{ url: r.link.href, events }])), ['checked']);
          report = JSON.parse(ans.results[0].json);
        }
        if (report.kind === 'annual-report') {
          r.report = report;
          r.events = events;
          r.status = '完成';
        } else r.status = '未识别到年度报告';
      } catch (e) {
        r.status = `未能检查：${e?.message ?? e}`;
      }
      if (state === s) render();
    }
    // The same body's reports a year apart (a 年报 column lists its years): each later one is
    // checked again beside the earlier one (the cross-year rules, Y5xx).
    const key = (r) => `${(r.report.issuer || '').replace(/\s+/g, '').replace(/人民政府/g, '政府')}|${r.report.year}`;
    const byKey = new Map(rows.filter((r) => r.report?.issuer && r.report.year).map((r) => [key(r), r]));
    let paired = 0;
    for (const r of rows) {
      if (state !== s) return;
      if (!r.report?.issuer || !r.report.year) continue;
      const prev = byKey.get(key({ report: { ...r.report, year: r.report.year - 1 } }));
      if (!prev) continue;
      try {
        // A PDF goes with no events: the worker kept its text when it read it.
        const ans = msg.receive(await toWorker(msg.checkPair({ url: prev.link.href, events: prev.events ?? '' }, { url: r.link.href, events: r.events ?? '' })), ['checked']);
        const report = JSON.parse(ans.results[0].json);
        if (report.previous_report) {
          r.report = report;
          r.previous = prev;
          paired++;
        }
      } catch (e) {
        console.warn('nianbao: check-pair', e);
      }
    }
    for (const r of rows) delete r.events;
    if (state === s) render();
    const cross = rows.flatMap((r) => (r.previous ? r.report.findings.filter((f) => /^Y/.test(f.code)).map((f) => ({ r, f })) : []));
    if (state === s && paired) {
      const list = el('ul', { class: 'cross' }, ...cross.map(({ r, f }) => el('li', { 'data-code': f.code, text: `${r.report.year}年度 [${f.code} ${severityName(state.words?.vocabulary, f.severity)}] ${f.message}` })));
      out.append(el('section', { class: 'cross-year', 'aria-label': '跨年度比对' }, el('h3', { text: `跨年度比对（${paired} 对相邻年度）` }), cross.length ? list : el('p', { text: '相邻年度之间未发现不衔接或雷同。' })));
    }
    if (state === s) showStatus(`已检查 ${rows.filter((r) => r.report).length} 份年度报告。`);
  }

  function openBatchReport(i) {
    const r = state.batch?.[i];
    const detail = state.panel.querySelector('.batch-detail');
    if (!r?.report || !detail) return;
    const marks = marksOf(r.report, state.words);
    const box = el('div', { class: 'report', 'data-batch': String(i) }, el('h2', { text: oneLine(r.report.title) }), el('div', { class: 'summary', text: summaryLine(r.report.summary, state.words?.vocabulary) }), el('a', { href: r.link.href, target: '_blank', rel: 'noopener', text: '打开此报告（在该页再点按钮可在原处标出）' }));
    for (const g of marks.groups) {
      const list = el('ul');
      for (const fi of g.findings) {
        const f = marks.findings[fi];
        list.append(el('li', {}, el('div', { class: 'item' }, f.message, ...f.fixes.map((x) => el('span', { class: 'fix', text: x.text })), r.report.findings[fi].place ? el('span', { class: 'where', text: `位置：${oneLine(r.report.findings[fi].place)}` }) : null)));
      }
      box.append(el('div', { class: `group ${g.severity}`, 'data-code': g.code }, el('h3', {}, `${g.code} ${g.label}`, el('span', { class: 'sev', text: `${g.severityName} ×${g.findings.length}` })), list));
    }
    detail.replaceChildren(box);
    box.scrollIntoView?.({ block: 'nearest' });
  }

  // ------------------------------------------------------------------ history (opt-in)

  function historySection() {
    const box = el('details', { class: 'history' }, el('summary', { text: '检查记录' }));
    const label = el('label', {}, el('input', { type: 'checkbox', name: 'keep-history' }), ' 在本机保存检查记录（最多 200 条，不上传）');
    if (state.settings?.history) label.querySelector('input').checked = true;
    box.append(label, button('clear-history', '清空记录', { class: 'small' }), el('ul', { class: 'history-list' }));
    if (state.settings?.history) loadHistory();
    return box;
  }

  function loadHistory() {
    toWorker(msg.history(false)).then((r) => renderHistory(msg.receive(r, ['history-list'])?.entries ?? []), (e) => report('history', e));
  }

  function renderHistory(entries) {
    const list = state?.panel?.querySelector('.history-list');
    if (!list) return;
    // This check first (the background keeps it once the marks are up; it may not have yet).
    const first = state.reports?.[0]?.report;
    if (state.settings?.history && first) {
      const c = countAll();
      entries = [{ url: document.URL, title: oneLine(first.title), year: first.year ?? null, errors: c.error, warnings: c.warning, at: Date.now() }, ...entries.filter((h) => h.url !== document.URL)];
    }
    list.replaceChildren(
      ...entries.slice(0, 20).map((h) => el('li', {}, el('a', { href: h.url, target: '_blank', rel: 'noopener', text: h.title || h.url }), ` ${h.year ?? ''} · ${new Date(h.at).toLocaleString('zh-CN')} · ${h.errors}/${h.warnings}`)),
    );
  }

  return (message) => guard('receive', () => receive(message), (e) => msg.ignored(`failed: ${e?.message ?? e}`));
}
