// The extension's background (a service worker in Chromium, an event page in Firefox).
//
// One click on the toolbar button, or the keyboard command, checks the page in the active tab:
//   1. inject content.js into the tab (activeTab + scripting; no host permissions),
//   2. ask it for the DOM of the page and of each same-origin iframe, walked into the core's
//      event stream by www/dom-events.js (or, if the page shows results, to clear everything:
//      the button toggles),
//   3. run the wasm core here (checkDom; element indices in its locations are positions in the
//      walk's node list, which the content script kept) — pages' CSPs may forbid compiling wasm
//      in a content script, the extension's own CSP allows it ('wasm-unsafe-eval') —
//   4. hand the reports back to the content script, which marks the page and shows the panel.
// Every click gets its own check id; the content script acts on the latest only, and a second
// click while a check is on its way joins it (a double click gives one result). A check whose
// worker stopped half-way leaves nothing visible behind, and the next click checks again.
// The core is compiled when the worker starts and warmed with a few small checks while idle,
// so the first click does not pay for compilation and tier-up.
// The worker also answers the content script: the batch check of a 年报 column (decode and
// check pages the content script fetched from the same site), the clerk's reviews (已核实 /
// 忽略 / 本规则不再提醒, in storage.local, keyed by findingFingerprint), the opt-in history,
// and the print view (print.html, an extension page).
// Nothing is fetched here except the extension's own wasm file; connect-src 'self' enforces it.
// The messages are defined (and validated on receipt) in ./messages.js.

import init, { checkDom, checkPair, checkPositioned, checkText, decodeFile, docxToHtml, fileKind, rules, vocabulary } from './pkg/nianbao.js';
import initPdfReader, { readPdf } from './vendor/nianbao-pdf/nianbao_pdf.js';
import { positionedArgs, pairInputOfPdf } from '../pdf-extract.js';
import * as msg from './messages.js';
import WARM_SAMPLE from '../sample.txt';

const api = globalThis.browser ?? globalThis.chrome;
const HISTORY_LIMIT = 200;

/** A wasm module's initialisation, started on the first call and shared by the calls after it;
 *  a failed one is tried again by the next call. */
function once(start) {
  let ready = null;
  return () => {
    ready ??= start().catch((e) => {
      ready = null;
      throw e;
    });
    return ready;
  };
}

const ensureWasm = once(() => init({ module_or_path: api.runtime.getURL('pkg/nianbao_bg.wasm') }));
/** The PDF reader module (src/wasm_pdf.rs), compiled the first time a batch meets a PDF: its
 *  glue is imported statically (a service worker may not `import()`), its 0.7 MB of wasm only
 *  then. */
const ensurePdfReader = once(() => initPdfReader({ module_or_path: api.runtime.getURL('vendor/nianbao-pdf/nianbao_pdf_bg.wasm') }));

/** The positioned text of the batch's PDFs (`positionedArgs`), by address, for their
 *  cross-year check (`check-pair` names a PDF by its address and sends no events); the latest
 *  few only. */
const batchPdfs = new Map();
const BATCH_PDFS_KEPT = 40;

/** A fetched file for the batch, as the content script can use it (the `decoded` message's
 *  JSON): a page's or text file's decoded text ({text, encoding, kind}); a .docx as the core's
 *  HTML of it ({text, kind: 'html', encoding: 'docx'}); a PDF already checked, with the reader
 *  the CLI and the viewer use ({report}: the core's JSON; its text kept for `check-pair`); else
 *  {error} in Chinese. */
async function decodeForBatch(bytes, name, url) {
  const kind = JSON.parse(fileKind(name, bytes.subarray(0, 1024)));
  if (kind.kind === 'pdf') {
    await ensurePdfReader();
    const read = JSON.parse(readPdf(bytes));
    if (read.error) return JSON.stringify({ error: read.error });
    const a = positionedArgs(read);
    batchPdfs.delete(url);
    batchPdfs.set(url, a);
    while (batchPdfs.size > BATCH_PDFS_KEPT) batchPdfs.delete(batchPdfs.keys().next().value);
    return JSON.stringify({ report: checkPositioned(a.pages, a.items, a.texts, a.lines, name) });
  }
  if (kind.kind === 'docx') {
    const d = JSON.parse(docxToHtml(bytes));
    return JSON.stringify(d.error ? { error: d.error } : { text: d.html, kind: 'html', encoding: 'docx' });
  }
  if (!kind.readable) return JSON.stringify({ error: kind.message || '无法读取此文件。' });
  return decodeFile(bytes, name);
}

/** The last part of a URL's path, as a file name ('index.html' for a directory). */
function fileName(url) {
  const last = new URL(url).pathname.split('/').pop() || 'index.html';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

let words = null;
/** The core's words for the panel and tooltips: `vocabulary()` (severity names …) and
 *  `rules()` (each code's summary and 「依据」 line; the sum relations' longer `basis` texts are
 *  left out of what goes to the page with every check). */
function coreWords() {
  words ??= { vocabulary: JSON.parse(vocabulary()), rules: JSON.parse(rules()).map(({ code, name, severity, scope, summary, basisLine }) => ({ code, name, severity, scope, summary, basisLine })) };
  return words;
}

// ------------------------------------------------------------------ warming the core

let busy = 0; // checks under way: warming yields to them
const warm = { rounds: 0, ms: [] };
/** A few small checks while the worker is idle, each in its own task, so that the engine has
 *  compiled the hot paths (text and DOM ingestion, the reader, the rules) before the first
 *  real check; stops as soon as a real check starts. */
async function warmUp(rounds = 5) {
  await ensureWasm();
  coreWords();
  // A worker woken by a click is about to check: no warming then (the click's handler starts
  // within this pause).
  await new Promise((r) => setTimeout(r, 300));
  const events = '\u0001html\u0002\u0001body\u0002' + WARM_SAMPLE.split('\n').map((l) => `\u0001p\u0002${l.replace(/[\u0001-\u0003]/g, ' ')}\u0003`).join('') + '\u0003\u0003';
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (busy) return;
    const t = performance.now();
    if (i % 2) checkText(WARM_SAMPLE, 'text', 'warm.txt');
    else checkDom(events, 'warm.html');
    warm.ms.push(Math.round(performance.now() - t));
    warm.rounds++;
  }
}
const warming = warmUp().catch(() => {});

// ------------------------------------------------------------------ storage

const local = () => api.storage?.local;
async function stored(key, fallback) {
  try {
    const got = await local()?.get(key);
    return got?.[key] ?? fallback;
  } catch {
    return fallback;
  }
}
async function store(key, value) {
  try {
    await local()?.set({ [key]: value });
  } catch {
    // Storage unavailable (a private window with storage off): nothing kept.
  }
}

// Read-modify-write of one stored value, one at a time: two quick clicks (撤销 then 恢复提醒)
// send two messages whose reads would otherwise both precede either write, and the second write
// would bring back what the first removed.
const updating = new Map();
function update(key, fallback, change) {
  const next = (updating.get(key) ?? Promise.resolve()).then(async () => store(key, change(await stored(key, fallback))));
  updating.set(key, next.catch(() => {}));
  return next;
}

// ------------------------------------------------------------------ badge and visible messages

async function setBadge(tabId, text, color, title) {
  try {
    await api.action.setBadgeText({ tabId, text });
    if (color) await api.action.setBadgeBackgroundColor({ tabId, color });
    if (title != null) await api.action.setTitle({ tabId, title });
  } catch {
    // The tab may be gone.
  }
}

const DEFAULT_TITLE = '年报检查：检查本页的政府信息公开工作年度报告（再点一次清除标记）';

/** What to say where the content script cannot run (chrome:// pages, the web store, the PDF
 *  viewer …): a popup with the reason for this tab (shown now if the browser can, else on the
 *  next click), the badge and the button's title. */
async function cannotCheck(tabId, url, reason) {
  // Without the tabs permission the tab's URL is not known here; Chromium's refusal names it.
  const said = `${url ?? ''} ${reason ?? ''}`;
  const internal = /(^|[\s"'])(chrome|edge|about|chrome-extension|moz-extension|view-source|devtools|chrome-search|brave|vivaldi|opera|se|qqbrowser):/i.test(said) || /extensions gallery|chromewebstore\.google\.com|chrome\.google\.com\/webstore|microsoftedge\.microsoft\.com\/addons/i.test(said);
  const text = internal ? '这是浏览器的内部页面或扩展商店，浏览器不允许扩展读取，无法检查。请在政府网站的年报页面上使用。' : '浏览器不允许扩展读取此页面（例如 PDF 文件或受保护的页面），无法检查。';
  await setBadge(tabId, '!', '#777', `年报检查：${text}`);
  try {
    await api.action.setPopup({ tabId, popup: `popup.html?text=${encodeURIComponent(text)}&reason=${encodeURIComponent(reason ?? '')}` });
    await api.action.openPopup?.().catch(() => {});
  } catch {
    // No popup API: the badge and the title say it.
  }
  return text;
}

api.tabs?.onUpdated?.addListener((tabId, change) => {
  if (change.status === 'loading' || change.url) {
    api.action.setPopup({ tabId, popup: '' }).catch(() => {});
  }
});

// ------------------------------------------------------------------ talking to the page

/** Sends a message to the content script in the tab's top frame and returns its reply if it
 *  is one of the kinds `accept` lists (a malformed reply is logged and taken as none). */
async function send(tabId, message, accept) {
  const [res] = await api.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: deliver, args: [msg.RECEIVE, message] });
  return msg.receive(res?.result, accept);
}

/** Runs in the tab's content-script world: hands a message to the content script's entry
 *  point, an own property of that world's global (unforgeable by the page). */
function deliver(key, message) {
  const d = Object.getOwnPropertyDescriptor(globalThis, key);
  return d && typeof d.value === 'function' ? d.value(message) : { type: 'ignored', reason: 'not installed' };
}

async function inject(tabId, url) {
  // A web page or file may refuse only for a while (see below); browser pages refuse for good.
  const mayRetry = url === undefined || /^(https?|file):/i.test(url);
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
      return { attempts };
    } catch (e) {
      // Right after a click, the page's renderer may not have heard of the activeTab grant
      // yet (it travels separately from the click event), and the injection is refused: try
      // again shortly (for up to 1.8 s: on a busy machine the grant can take that long).
      // chrome:// pages, the web store, PDF viewers… refuse for good, and say so (「Cannot
      // access a chrome:// URL」, 「The extensions gallery cannot be scripted」): no retry then,
      // or the clerk waits 1.8 s for the reason.
      const why = String(e?.message ?? e);
      const forGood = /Cannot access a [\w-]+:\/\/ URL|cannot be scripted/i.test(why);
      if (!forGood && attempts < (mayRetry ? 10 : 2) && /permission|Cannot access/i.test(why)) {
        await new Promise((r) => setTimeout(r, 40 * attempts));
        continue;
      }
      return { attempts, error: why };
    }
  }
}

/** The link texts the core reads as a report's title (for 「检查本栏目全部年报」), asked in
 *  small batches between other work; null if a check started meanwhile (it is not needed then). */
async function reportLinks(links) {
  const out = [];
  for (let i = 0; i < links.length; i++) {
    if (i % 25 === 0) {
      await new Promise((r) => setTimeout(r, 0));
      if (busy > 1) return null;
    }
    const r = JSON.parse(checkText(links[i].text, 'text', 'link.txt'));
    if (r.title) out.push({ index: i, title: String(r.title), year: Number.isInteger(r.year) ? r.year : null });
  }
  return out;
}

/** A report as the content script needs it: the whole JSON but the extracted tables and
 *  sections (two thirds of its size; the page draws from the findings), so the message that
 *  carries it to the page is smaller. */
function forPage(json) {
  const r = JSON.parse(json);
  delete r.tables;
  delete r.sections;
  return JSON.stringify(r);
}

let seq = 0;
const latest = new Map(); // tabId → the last click's check {id, started, promise, showing}
/** Two presses closer than this are a double click (clerks double-click buttons by habit):
 *  the second joins the first, whose result both get. (Windows' double-click time is 500 ms
 *  at most; its default two clicks come well within 400 ms.) */
export const DOUBLE_CLICK_MS = 400;
/** A check that has shown nothing yet is joined by further clicks for this long; after it, a
 *  click starts a new check (the old one may hang: its worker stopped, the page froze). */
const JOIN_MS = 2000;

/**
 * What a toolbar click or the keyboard command does for a tab: check and mark the page, or
 * clear the marks if the page shows them. Resolves to a small summary (used by tests and for
 * the badge): {action: "checked"|"cleared"|"unavailable"|"failed"|"superseded", id, …}.
 */
export function toggleCheck(tab) {
  const tabId = typeof tab === 'number' ? tab : tab?.id;
  if (tabId == null) return Promise.resolve({ action: 'unavailable', reason: 'no tab' });
  const cur = latest.get(tabId);
  const age = cur ? performance.now() - cur.started : Infinity;
  // A double click, or a click while the last check is still on its way: one result.
  if (cur && (age < DOUBLE_CLICK_MS || (!cur.showing && age < JOIN_MS))) return cur.promise.then((r) => ({ ...r, joined: true }));
  const id = `${Date.now().toString(36)}.${++seq}`;
  const entry = { id, started: performance.now(), showing: false };
  // How long after the previous click this one came, as the worker saw it (for the tests: a
  // double click sent 300 ms apart can arrive further apart on a loaded machine).
  const sincePrevious = Number.isFinite(age) ? { sincePrevious: Math.round(age) } : {};
  entry.promise = runCheck(tabId, tab, entry)
    .then((r) => ({ ...r, ...sincePrevious }))
    .finally(() => {
      entry.showing = true;
    });
  latest.set(tabId, entry);
  return entry.promise;
}

api.tabs?.onRemoved?.addListener((tabId) => latest.delete(tabId));

async function runCheck(tabId, tab, entry) {
  const { id } = entry;
  const t0 = performance.now();
  busy++;
  try {
    // Start compiling the wasm (and reading the clerk's reviews) while the page is being read.
    const wasm = ensureWasm();
    const kept = Promise.all([stored('reviews', {}), stored('settings', {})]);
    // The content script stays in the page between clicks: ask it first, and inject it only
    // when it is not there (a new page, or a reload) — one round trip less per click.
    let collected = await send(tabId, msg.begin(id), ['collected', 'cleared', 'ignored']).catch(() => null);
    let injected = { attempts: 0 };
    if (collected?.type !== 'collected' && collected?.type !== 'cleared') {
      injected = await inject(tabId, typeof tab === 'object' ? tab?.url : undefined);
      if (injected.error) {
        const url = typeof tab === 'object' ? tab?.url : undefined;
        const said = await cannotCheck(tabId, url ?? (await api.tabs.get(tabId).catch(() => null))?.url, injected.error);
        return { action: 'unavailable', id, reason: injected.error, message: said, attempts: injected.attempts };
      }
      if (debug.pauseAfterInject) await debug.pauseAfterInject;
      collected = await send(tabId, msg.begin(id), ['collected', 'cleared']);
    }
    if (!collected) return { action: 'failed', id, reason: 'no reply from the page' };
    if (collected.type === 'cleared') {
      entry.showing = true;
      await setBadge(tabId, '', null, DEFAULT_TITLE);
      return { action: 'cleared', id, ms: performance.now() - t0 };
    }
    if (debug.pauseAfterCollect) {
      debug.paused = id;
      await debug.pauseAfterCollect;
    }
    const t1 = performance.now();
    let reports;
    let w;
    try {
      await wasm;
      reports = collected.docs.map((d) => {
        const t = performance.now();
        const json = forPage(checkDom(d.events, d.url));
        return { frame: d.frame, url: d.url, json, checkMs: performance.now() - t };
      });
      w = coreWords();
    } catch (e) {
      entry.showing = true;
      await send(tabId, msg.fail(id, e?.message ?? e), ['failed', 'ignored']);
      return { action: 'failed', id, reason: String(e?.message ?? e) };
    }
    const t2 = performance.now();
    const [reviews, settings] = await kept;
    entry.showing = true;
    const shown = await send(tabId, msg.show(id, reports, { collectMs: t1 - t0, checkMs: t2 - t1 }, w, { reviews, settings: { history: !!settings.history } }), ['shown', 'ignored']);
    if (shown?.type !== 'shown') {
      const reason = shown ? shown.reason : 'no reply from the page';
      if (shown?.reason === 'stale check') return { action: 'superseded', id, reason };
      // The page kept the results from showing: say so where the page cannot interfere.
      const text = `检查已完成，但本页阻止了结果的显示（${reason.replace(/^failed: /, '')}）。`;
      await setBadge(tabId, '!', '#777', `年报检查：${text}`);
      await api.action.setPopup({ tabId, popup: `popup.html?text=${encodeURIComponent(text)}` }).catch(() => {});
      await api.action.openPopup?.().catch(() => {});
      return { action: 'failed', id, reason, message: text };
    }
    await badgeFor(tabId, shown);
    if (settings.history && shown.reports) await remember(shown);
    // Then, off the critical path: which of the page's links are reports (a 年报 column
    // lists them) — for 「检查本栏目全部年报」. (The core may read a column page itself as a
    // report: its first link is a title; so this is asked on every page.)
    if (collected.links.length) {
      const found = await reportLinks(collected.links);
      if (found?.length) await send(tabId, msg.links(id, found), ['ok', 'ignored']).catch(() => null);
    }
    return { action: 'checked', id, attempts: injected.attempts, reports: shown.reports, marks: shown.marks, unplaced: shown.unplaced, errors: shown.errors, warnings: shown.warnings, reviewed: shown.reviewed, ms: performance.now() - t0 };
  } catch (e) {
    return { action: 'failed', id, reason: String(e?.message ?? e) };
  } finally {
    busy--;
  }
}

async function badgeFor(tabId, { reports, errors, warnings, reviewed }) {
  if (!reports) return setBadge(tabId, '', null, `年报检查：本页未识别到年度报告`);
  const open = errors + warnings;
  const title = `年报检查：待处理 ${open} 处${reviewed ? `，已核实或忽略 ${reviewed} 处（另计）` : ''}（再点一次清除标记）`;
  return setBadge(tabId, String(open || '✓'), errors ? '#c62828' : open ? '#ef6c00' : '#2e7d32', title);
}

async function remember(shown) {
  const entry = { url: shown.url, title: shown.title, year: shown.year, errors: shown.errors, warnings: shown.warnings, infos: shown.infos, reviewed: shown.reviewed, at: Date.now() };
  await update('history', [], (list) => [entry, ...list.filter((h) => h.url !== entry.url)].slice(0, HISTORY_LIMIT));
}

// ------------------------------------------------------------------ requests from the content script

const prints = new Map();

async function onContentMessage(message, sender) {
  const m = msg.receive(message, ['check-docs', 'check-pair', 'decode', 'review', 'settings', 'history', 'print', 'problem', 'attachment']);
  if (!m) return msg.ignored('malformed message');
  const tabId = sender.tab?.id;
  switch (m.type) {
    case 'check-docs': {
      busy++;
      try {
        await ensureWasm();
        return msg.checked(m.docs.map((d) => ({ url: d.url, json: checkDom(d.events, d.url) })));
      } finally {
        busy--;
      }
    }
    case 'check-pair': {
      busy++;
      try {
        await ensureWasm();
        // A side with no events is a PDF the batch read here (kept by its address).
        const side = (s) => (s.events === '' && batchPdfs.has(s.url) ? pairInputOfPdf(batchPdfs.get(s.url)) : { kind: 'dom', text: s.events });
        const [e, l] = [side(m.earlier), side(m.later)];
        return msg.checked([{ url: m.later.url, json: checkPair(e.kind, e.text, m.earlier.url, l.kind, l.text, m.later.url, e.geometry, l.geometry) }]);
      } finally {
        busy--;
      }
    }
    case 'decode': {
      await ensureWasm();
      const bin = atob(m.bytes);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      busy++;
      try {
        return msg.decoded(await decodeForBatch(bytes, fileName(m.url), m.url));
      } finally {
        busy--;
      }
    }
    case 'review': {
      await update('reviews', {}, (reviews) => {
        for (const [k, v] of Object.entries(m.reviews)) {
          if (v) reviews[k] = v;
          else delete reviews[k];
        }
        return reviews;
      });
      return msg.ok();
    }
    case 'settings': {
      if (m.settings.badge && tabId != null) {
        const b = m.settings.badge;
        await badgeFor(tabId, { reports: 1, errors: b.errors | 0, warnings: b.warnings | 0, reviewed: b.reviewed | 0 });
      }
      if ('history' in m.settings) {
        await update('settings', {}, (s) => ({ ...s, history: !!m.settings.history }));
      }
      return msg.ok();
    }
    case 'history': {
      if (m.clear) await update('history', [], () => []);
      return msg.historyList(m.clear ? [] : await stored('history', []));
    }
    case 'attachment': {
      if (!isDocumentUrl(m.url)) return msg.ignored('not a .pdf/.docx address');
      await openViewer(m.url, sender.tab);
      return msg.ok();
    }
    case 'print': {
      const key = `${Date.now().toString(36)}.${++seq}`;
      prints.set(key, m.payload);
      try {
        await api.storage?.session?.set({ [`print:${key}`]: m.payload });
      } catch {
        // No session storage: print.html asks the worker (prints map).
      }
      await api.tabs.create({ url: api.runtime.getURL(`print.html?id=${encodeURIComponent(key)}`), index: sender.tab ? sender.tab.index + 1 : undefined });
      return msg.ok();
    }
    case 'problem': {
      console.warn(`nianbao: a problem in the page (${m.where}): ${m.message}`);
      problems.push({ where: m.where, message: m.message, tabId });
      if (tabId != null) await setBadge(tabId, '!', '#777', `年报检查：页面上出现问题（${m.message}）`);
      return msg.ok();
    }
    default:
      return msg.ignored('unexpected');
  }
}

const problems = [];

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false;
  // print.html asks for its data by id when session storage is not there.
  if (message?.type === 'print-data') {
    sendResponse(prints.get(message.id) ?? null);
    return false;
  }
  onContentMessage(message, sender).then(sendResponse, (e) => sendResponse(msg.ignored(`failed: ${e?.message ?? e}`)));
  return true;
});

/** A PDF or Word file's address (what the viewer opens, not a page to inject into). */
const isDocumentUrl = (url) => /^(https?|file):/i.test(url || '') && /\.(pdf|docx)([?#]|$)/i.test(url || '');

/** Opens the extension's viewer (viewer.html) on a PDF or .docx address, next to `tab`. */
function openViewer(url, tab) {
  return api.tabs.create({ url: api.runtime.getURL(`viewer.html?src=${encodeURIComponent(url)}`), index: tab ? tab.index + 1 : undefined });
}

/** The toolbar button: a tab showing a PDF or Word file opens the viewer on it; any other page
 *  is checked where it is. */
function clickedOn(tab) {
  if (isDocumentUrl(tab?.url)) return openViewer(tab.url, tab).then(() => ({ action: 'viewer' }));
  return toggleCheck(tab);
}

/** Toolbar clicks received. `nianbao.last` is the result of the latest click, numbered: a
 *  click's check can finish after the next click's clear (it still looks for the page's report
 *  links), and its result then does not overwrite the later click's. */
let clicks = 0;

async function onClicked(tab) {
  const click = ++clicks;
  const result = await clickedOn(tab).catch((e) => ({ action: 'failed', reason: String(e?.message ?? e) }));
  if (!(globalThis.nianbao.last?.click > click)) globalThis.nianbao.last = { ...result, click, tabId: tab?.id, url: tab?.url, active: tab?.active };
  return result;
}

async function onCommand(command, tab) {
  if (command !== 'run-check') return null;
  if (!tab?.id) {
    [tab] = await api.tabs.query({ active: true, currentWindow: true });
  }
  return clickedOn(tab);
}

api.action.onClicked.addListener(onClicked);
api.commands.onCommand.addListener(onCommand);

// For the end-to-end tests, which cannot press the toolbar button: the very functions the
// listeners call, the messages as they are sent, and switches that hold a check half-way
// (to stand for a worker that stops there).
const debug = {};
globalThis.nianbao = {
  toggleCheck,
  onClicked,
  onCommand,
  ensureWasm,
  words: () => ensureWasm().then(coreWords),
  send: (tabId, message) => api.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: deliver, args: [msg.RECEIVE, message] }).then(([r]) => r?.result),
  warm: () => warming.then(() => warm),
  problems,
  debug,
  clicks: () => clicks,
};
