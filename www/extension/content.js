// The extension's content script, injected into the active tab's top frame on demand (a
// toolbar click or the keyboard command). It never talks to the network and touches the page
// as little as it can:
//   * it reads the live DOM of the page and of each same-origin iframe (separately) as the
//     event stream of www/dom-events.js, which the background checks with the wasm core
//     (checkDom);
//   * it marks cells with outlines drawn in an overlay and text ranges with the CSS Custom
//     Highlight API, so the page's own elements, attributes and text are never changed;
//   * all it adds to a document is one host element (<nianbao-check>) holding a shadow root
//     (overlays, tooltip and, in the top document, the findings panel) plus one constructed
//     stylesheet in document.adoptedStyleSheets for the ::highlight() colours; clearing removes
//     both, leaving outerHTML and innerText exactly as before.
// Finding locations of kind "html" name an element by its position in the `nodes` array of the
// very walk whose events were checked, and a UTF-16 range of its textContent. Which places a
// finding marks, their roles, tooltips and fix lines, the order of the groups and the guards
// come from www/findings.js (shared with the web page); the words only the core knows arrive
// with the reports (the `show` message carries `vocabulary()` and `rules()`).
//
// An ES module in the source: scripts/build-extension.mjs bundles it with www/dom-events.js,
// www/findings.js and ./messages.js (esbuild, an IIFE), since a content script injected with
// scripting.executeScript is a classic script. Injected again on every click, it installs
// itself once: the first injection's `globalThis.__nianbao` stays.
import { domEvents } from '../dom-events.js';
import { marksOf, drawAs, holdsValue, sameNumbering, tipEntries, tipText, worstSeverity, severityRank, summaryLine, oneLine } from '../findings.js';
import * as msg from './messages.js';

if (!globalThis.__nianbao) globalThis.__nianbao = install();

function install() {
  const HOST_TAG = 'nianbao-check';
  const HL_NAMES = { error: 'nianbao-error', warning: 'nianbao-warning', info: 'nianbao-info', flash: 'nianbao-flash' };
  const NO_REPORT = '本页未识别到政府信息公开工作年度报告';

  const HIGHLIGHT_CSS = `
::highlight(nianbao-error){background-color:rgba(229,57,53,.22);text-decoration:underline wavy #d32f2f;text-decoration-skip-ink:none}
::highlight(nianbao-warning){background-color:rgba(255,160,0,.25);text-decoration:underline wavy #ef6c00;text-decoration-skip-ink:none}
::highlight(nianbao-info){background-color:rgba(30,136,229,.15);text-decoration:underline dotted #1e88e5}
::highlight(nianbao-flash){background-color:rgba(255,235,59,.85)}`;

  const LAYER_CSS = `
:host{all:initial !important;position:absolute !important;left:0 !important;top:0 !important;width:0 !important;height:0 !important;
  overflow:visible !important;z-index:2147483647 !important;display:block !important;contain:none !important}
*{box-sizing:border-box}
.box{position:absolute;pointer-events:none;border-radius:2px}
.box.error{outline:2px solid #d32f2f;outline-offset:-2px;background:rgba(229,57,53,.10)}
.box.warning{outline:2px solid #ef6c00;outline-offset:-2px;background:rgba(255,160,0,.10)}
.box.info{outline:2px dashed #1e88e5;outline-offset:-2px}
.box.related{outline-style:dashed;outline-width:1px;background:none}
.box.text{outline:none;border-bottom:2px solid currentColor;background:rgba(229,57,53,.18);color:#d32f2f}
.box.text.warning{background:rgba(255,160,0,.2);color:#ef6c00}
.box.text.info{background:rgba(30,136,229,.12);color:#1e88e5}
.box.flash{animation:flash 1.6s ease-out 1}
@keyframes flash{0%,40%{box-shadow:0 0 0 6px rgba(255,213,0,.95)}100%{box-shadow:0 0 0 0 rgba(255,213,0,0)}}
.tip{position:fixed;max-width:420px;padding:8px 10px;background:#263238;color:#fff;border-radius:6px;
  font:13px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.35);
  pointer-events:none;white-space:normal;word-break:break-all;display:none;z-index:2}
.tip .line+.line{margin-top:6px;padding-top:6px;border-top:1px solid rgba(255,255,255,.18)}
.tip .sev{display:inline-block;padding:0 5px;margin-right:6px;border-radius:3px;font-size:12px}
.tip .sev.error{background:#d32f2f}.tip .sev.warning{background:#ef6c00}.tip .sev.info{background:#1e88e5}
.tip .fix{color:#ffe082}
.panel{position:fixed;z-index:1;top:12px;right:12px;width:400px;max-width:calc(100vw - 24px);max-height:calc(100vh - 24px);display:flex;flex-direction:column;
  background:#fff;color:#222;border:1px solid #cfd8dc;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28);
  font:14px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;text-align:left;letter-spacing:normal}
.panel header{display:flex;align-items:center;gap:8px;padding:8px 12px;background:#b71c1c;color:#fff;border-radius:8px 8px 0 0}
.panel header b{font-size:15px;flex:1}
.panel header .ms{font-size:12px;opacity:.85}
.panel button{font:inherit;cursor:pointer}
.panel header button{background:rgba(255,255,255,.16);color:#fff;border:1px solid rgba(255,255,255,.4);border-radius:4px;padding:0 8px;font-size:13px;line-height:24px}
.panel header button:hover{background:rgba(255,255,255,.3)}
.panel .body{overflow:auto;padding:8px 12px 12px}
.panel.collapsed .body{display:none}
.panel.left{right:auto;left:12px}
.panel .report+.report{margin-top:12px;border-top:1px solid #eceff1;padding-top:8px}
.panel h2{font-size:15px;margin:4px 0;color:#222;font-weight:bold}
.panel .facts{font-size:12px;color:#607d8b}
.panel .summary{margin:6px 0;font-weight:bold}
.panel .summary.ok{color:#2e7d32}
.panel .message{margin:16px 4px;font-size:15px;color:#37474f}
.panel .note{font-size:12px;color:#8d6e63;margin:4px 0}
.panel .group{margin:8px 0 0}
.panel .group h3{font-size:13px;margin:0;padding:4px 6px;background:#f5f5f5;border-left:4px solid #90a4ae;font-weight:bold;color:#333}
.panel .group.error h3{border-color:#d32f2f}.panel .group.warning h3{border-color:#ef6c00}.panel .group.info h3{border-color:#1e88e5}
.panel .group h3 .sev{font-weight:normal;color:#666;margin-left:6px}
.panel ul{list-style:none;margin:0;padding:0}
.panel li{margin:0;padding:0}
.panel .item{display:block;width:100%;text-align:left;background:none;border:none;border-bottom:1px dashed #eceff1;padding:6px 6px;color:#222;font-size:13px;line-height:1.6}
.panel .item[data-placed="1"]:hover{background:#fff8e1}
.panel .item[data-placed="0"]{cursor:default}
.panel .item .fix{display:block;color:#b71c1c;font-size:12px}
.panel .item .where{color:#90a4ae;font-size:12px;margin-left:4px}`;

  const api = globalThis.browser ?? globalThis.chrome;
  let state = null; // {phase: 'collected'|'shown', frames, layers, panel}

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

  // ------------------------------------------------------------------ entry points

  /** Every message from the background arrives here; the reply is the return value. */
  function receive(message) {
    const m = msg.receive(message, ['begin', 'show', 'fail']);
    if (!m) return msg.ignored('malformed message');
    if (m.type === 'begin') return begin();
    if (m.type === 'show') return show(m);
    return fail(m.message);
  }

  /** Step 1 of a click: clear if marked, else walk the page and each of its frames. */
  function begin() {
    if (state) {
      clear();
      return msg.cleared();
    }
    const t0 = performance.now();
    const frames = frameDocs();
    const docs = [];
    frames.forEach((f, index) => {
      if (!f.doc) return;
      const { events, nodes } = domEvents(f.doc);
      f.elements = nodes;
      docs.push({ frame: index, url: f.doc.URL, events });
    });
    state = { phase: 'collected', frames, layers: [], panel: null, t0, walkMs: performance.now() - t0 };
    return msg.collected(docs);
  }

  /** Step 2: the background's reports ({frame, url, json}) → marks and the panel. */
  function show({ results, timing, words }) {
    if (!state || state.phase !== 'collected') return msg.ignored('nothing collected');
    const tMark = performance.now();
    state.phase = 'shown';
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
    const top = layerFor(state.frames[0]);
    let marks = 0;
    let unplaced = 0;
    for (const rep of reports) {
      const layer = layerFor(rep.frame);
      rep.placed = placeReport(layer, rep);
      marks += rep.placed.marks;
      unplaced += rep.placed.unplaced;
    }
    for (const layer of state.layers) layer.activate();
    const markMs = performance.now() - tMark;
    const crossOrigin = state.frames.filter((f) => f.crossOrigin).length;
    state.panel = buildPanel(top, reports, words, { crossOrigin, unplaced, timing: { ...timing, walkMs: state.walkMs, markMs } });
    const sum = (k) => reports.reduce((n, r) => n + (r.report.summary?.[k] ?? 0), 0);
    return msg.shown({ reports: reports.length, marks, unplaced, errors: sum('error'), warnings: sum('warning'), infos: sum('info'), markMs });
  }

  function fail(message) {
    if (!state) return msg.ignored('nothing collected');
    state.phase = 'shown';
    const top = layerFor(state.frames[0]);
    top.activate();
    state.panel = buildPanel(top, [], {}, { error: message });
    return msg.failed();
  }

  function clear() {
    if (!state) return;
    for (const layer of state.layers) layer.destroy();
    state = null;
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

  class Layer {
    constructor(frame) {
      this.frame = frame;
      this.doc = frame.doc;
      this.win = this.doc.defaultView;
      this.cells = new Map(); // element → {el, index, entries: [{place, severity, related, code}]}
      this.texts = []; // {place, severity, code, range, index}
      this.boxes = [];
      this.highlights = {};
      this.raf = 0;
      this.tipRaf = 0;
      this.onLayout = () => {
        if (!this.raf) this.raf = this.win.requestAnimationFrame(() => ((this.raf = 0), this.layout()));
      };
      this.onMove = (e) => {
        this.lastMove = e;
        if (!this.tipRaf) this.tipRaf = this.win.requestAnimationFrame(() => ((this.tipRaf = 0), this.tooltip(this.lastMove)));
      };
    }

    addCell(el, entry) {
      let c = this.cells.get(el);
      if (!c) {
        c = { el, entries: [] };
        this.cells.set(el, c);
      }
      c.entries.push(entry);
    }

    /** Creates the host, the highlights and the listeners, and draws. */
    activate() {
      const doc = this.doc;
      this.host = doc.createElement(HOST_TAG);
      this.host.setAttribute('style', 'all:initial !important;position:absolute !important;left:0 !important;top:0 !important;width:0 !important;height:0 !important;z-index:2147483647 !important;display:block !important');
      this.root = this.host.attachShadow({ mode: 'open' });
      const style = doc.createElement('style');
      style.textContent = LAYER_CSS;
      this.root.append(style);
      this.boxLayer = doc.createElement('div');
      this.tip = doc.createElement('div');
      this.tip.className = 'tip';
      this.tip.setAttribute('role', 'tooltip');
      this.root.append(this.boxLayer, this.tip);
      doc.documentElement.append(this.host);

      // Text ranges: the Custom Highlight API where there is one (paints text only, no DOM).
      const W = this.win;
      this.useHighlights = !!(W.CSS && W.CSS.highlights && typeof W.Highlight === 'function');
      if (this.useHighlights && this.texts.length) {
        try {
          this.sheet = new W.CSSStyleSheet();
          this.sheet.replaceSync(HIGHLIGHT_CSS);
          doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
          for (const sev of ['info', 'warning', 'error']) {
            const ranges = this.texts.filter((t) => t.severity === sev).map((t) => t.range);
            if (!ranges.length) continue;
            const h = new W.Highlight(...ranges);
            h.priority = severityRank(sev);
            W.CSS.highlights.set(HL_NAMES[sev], h);
            this.highlights[sev] = h;
          }
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
      if (W.ResizeObserver) {
        this.ro = new W.ResizeObserver(this.onLayout);
        this.ro.observe(doc.documentElement);
        for (const c of this.cells.values()) this.ro.observe(c.el);
      }
    }

    /** Places the outline boxes over the marked cells (and, without the highlight API, over
     *  the marked text). Coordinates are relative to the host, wherever the page puts it. */
    layout() {
      if (!this.host) return;
      const base = this.host.getBoundingClientRect();
      const want = [];
      for (const c of this.cells.values()) {
        const r = c.el.getBoundingClientRect();
        const worst = worstSeverity(c.entries.map((e) => e.severity));
        const related = c.entries.every((e) => e.related);
        want.push({ rect: r, cls: `box cell ${worst}${related ? ' related' : ''}`, cell: c });
      }
      if (!this.useHighlights) {
        for (const t of this.texts) for (const r of t.range.getClientRects()) want.push({ rect: r, cls: `box text ${t.severity}`, text: t });
      }
      while (this.boxes.length > want.length) this.boxes.pop().remove();
      want.forEach((w, i) => {
        let b = this.boxes[i];
        if (!b) {
          b = this.doc.createElement('div');
          this.boxLayer.append(b);
          this.boxes.push(b);
        }
        if (b.className !== w.cls && !b.classList.contains('flash')) b.className = w.cls;
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

    tooltip(e) {
      if (!this.tip || !e) return;
      const x = e.clientX;
      const y = e.clientY;
      const inside = (r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
      let entries = [];
      for (const c of this.cells.values()) if (inside(c.el.getBoundingClientRect())) entries = entries.concat(c.entries);
      for (const t of this.texts) for (const r of t.range.getClientRects()) if (inside(r)) {
        entries.push(t);
        break;
      }
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

    /** Scrolls a mark into view and makes it blink. */
    reveal(target) {
      const el = target.el ?? target.range.startContainer.parentElement;
      if (this.frame.frameEl) {
        // Bring the iframe into view first, then the element inside it.
        this.frame.frameEl.scrollIntoView({ block: 'nearest' });
      }
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      this.layout();
      keepPanelClear(this, (target.range ?? el).getBoundingClientRect());
      if (target.el) {
        const box = target.box;
        if (box) {
          box.classList.remove('flash');
          void box.offsetWidth;
          box.classList.add('flash');
          this.win.setTimeout(() => box.classList.remove('flash'), 1700);
        }
      } else if (this.useHighlights) {
        const h = new this.win.Highlight(target.range);
        h.priority = 10;
        this.win.CSS.highlights.set(HL_NAMES.flash, h);
        this.win.setTimeout(() => {
          if (this.win.CSS.highlights.get(HL_NAMES.flash) === h) this.win.CSS.highlights.delete(HL_NAMES.flash);
        }, 1600);
      }
    }

    destroy() {
      const W = this.win;
      if (this.raf) W.cancelAnimationFrame(this.raf);
      if (this.tipRaf) W.cancelAnimationFrame(this.tipRaf);
      W.removeEventListener('resize', this.onLayout, { passive: true });
      this.doc.removeEventListener('scroll', this.onLayout, { passive: true, capture: true });
      this.doc.removeEventListener('mousemove', this.onMove, { passive: true, capture: true });
      this.ro?.disconnect();
      if (this.useHighlights) this.removeHighlights();
      this.host?.remove();
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
      if (this.sheet) {
        try {
          this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
        } catch {
          // Never adopted.
        }
        this.sheet = null;
      }
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
    panel.classList.toggle('left');
    if (hides()) {
      panel.classList.toggle('left');
      panel.classList.add('collapsed');
      panel.querySelector('.collapse').textContent = '展开';
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
      const entry = { place: p, severity: p.severity, related: p.role === 'part', code: marks.findings[p.finding].code };
      if (drawAs(p, el.localName) === 'cell') {
        layer.addCell(el, entry);
        const c = layer.cells.get(el);
        c.index = p.element;
        rep.targets[p.finding].push({ layer, target: c, primary: !entry.related });
      } else {
        const range = textRange(layer.doc, el, p.start, p.end);
        if (!range) {
          unplaced++;
          continue;
        }
        const t = { ...entry, range, index: p.element };
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
      return line;
    });
  }

  // ------------------------------------------------------------------ the findings panel

  function el(doc, tag, attrs = {}, ...children) {
    const n = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = v;
      else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v);
    }
    n.append(...children.filter((c) => c != null));
    return n;
  }

  function buildPanel(layer, reports, words, info) {
    const doc = layer.doc;
    const fmt = (ms) => (ms == null ? '' : `${Math.round(ms)}`);
    const total = info.timing ? (info.timing.collectMs ?? 0) + (info.timing.checkMs ?? 0) + (info.timing.markMs ?? 0) : null;
    const body = el(doc, 'div', { class: 'body' });
    const collapse = el(doc, 'button', { class: 'collapse', type: 'button', title: '收起/展开', text: '收起' });
    const panel = el(
      doc,
      'div',
      { class: 'panel', role: 'dialog', 'aria-label': '年报检查结果', 'data-state': info.error ? 'failed' : reports.length ? 'report' : 'no-report' },
      el(
        doc,
        'header',
        {},
        el(doc, 'b', { text: '年报检查' }),
        total != null ? el(doc, 'span', { class: 'ms', text: `用时 ${fmt(total)} 毫秒` }) : null,
        collapse,
        el(doc, 'button', { class: 'clear', type: 'button', title: '清除全部标记并关闭', text: reports.length ? '清除标记' : '关闭', onclick: () => clear() }),
      ),
      body,
    );
    if (info.timing) {
      panel.dataset.collectMs = fmt(info.timing.collectMs);
      panel.dataset.walkMs = fmt(info.timing.walkMs);
      panel.dataset.checkMs = fmt(info.timing.checkMs);
      panel.dataset.markMs = fmt(info.timing.markMs);
    }
    collapse.addEventListener('click', () => {
      panel.classList.toggle('collapsed');
      collapse.textContent = panel.classList.contains('collapsed') ? '展开' : '收起';
    });
    if (info.error) {
      body.append(el(doc, 'p', { class: 'message', text: `检查出错：${info.error}` }));
    } else if (!reports.length) {
      body.append(el(doc, 'p', { class: 'message', text: NO_REPORT }));
      if (info.crossOrigin) body.append(el(doc, 'p', { class: 'note', text: `本页有 ${info.crossOrigin} 个来自其他网站的内嵌页面，浏览器不允许读取，未能检查。` }));
    } else {
      for (const rep of reports) body.append(reportSection(doc, rep, words));
      if (info.unplaced) body.append(el(doc, 'p', { class: 'note', text: `有 ${info.unplaced} 处位置未能在页面上对应标出（页面内容在检查时发生了变化）。` }));
    }
    layer.root.append(panel);
    return panel;
  }

  function reportSection(doc, rep, words) {
    const r = rep.report;
    const { marks } = rep;
    const facts = [];
    if (r.year) facts.push(`${r.year}年度`);
    if (rep.frameIndex > 0) facts.push('内嵌页面');
    const section = el(
      doc,
      'section',
      { class: 'report', 'data-frame': String(rep.frameIndex) },
      el(doc, 'h2', { text: oneLine(r.title) || '政府信息公开工作年度报告' }),
      facts.length ? el(doc, 'div', { class: 'facts', text: facts.join(' · ') }) : null,
      el(doc, 'div', { class: r.findings.length ? 'summary' : 'summary ok', text: summaryLine(r.summary, words?.vocabulary) }),
    );
    // Grouped by rule, errors first, then warnings, then notes; in order of appearance within.
    for (const g of marks.groups) {
      const head = el(doc, 'h3', {}, `${g.code} ${g.label}`, el(doc, 'span', { class: 'sev', text: `${g.severityName} ×${g.findings.length}` }));
      const list = el(doc, 'ul');
      for (const fi of g.findings) {
        const f = marks.findings[fi];
        const targets = rep.targets[fi] ?? [];
        const placed = targets.length > 0;
        const item = el(
          doc,
          'button',
          { class: 'item', type: 'button', 'data-code': f.code, 'data-placed': placed ? '1' : '0', title: placed ? '点击定位到页面上的位置' : '此条没有可定位的位置' },
          f.message,
          ...f.fixes.map((fix) => el(doc, 'span', { class: 'fix', text: fix.text })),
        );
        if (placed) {
          item.addEventListener('click', () => {
            const t = targets.find((x) => x.primary) ?? targets[0];
            t.layer.reveal(t.target);
          });
        }
        list.append(el(doc, 'li', {}, item));
      }
      section.append(el(doc, 'div', { class: `group ${g.severity}`, 'data-code': g.code }, head, list));
    }
    return section;
  }

  return { receive, clear, get active() { return !!state; }, runtimeId: api?.runtime?.id };
}
