// The extension's background (a service worker in Chromium, an event page in Firefox).
//
// One click on the toolbar button, or the keyboard command, checks the page in the active tab:
//   1. inject content.js into the tab (activeTab + scripting; no host permissions),
//   2. ask it for the DOM of the page and of each same-origin iframe, walked into the core's
//      event stream by www/dom-events.js (or, if the page is already marked, to clear
//      everything: the button toggles),
//   3. run the wasm core here (checkDom; element indices in its locations are positions in the
//      walk's node list, which the content script kept) — pages' CSPs may forbid compiling wasm in a content script,
//      the extension's own CSP allows it ('wasm-unsafe-eval') —
//   4. hand the reports back to the content script, which marks the page and shows the panel.
// Nothing is fetched except the extension's own wasm file; connect-src 'self' enforces it.
// The messages to and from the content script are defined (and validated on receipt) in
// ./messages.js. The build bundles this module with it (esbuild), keeping pkg/nianbao.js apart.

import init, { checkDom, rules, vocabulary } from './pkg/nianbao.js';
import * as msg from './messages.js';

const api = globalThis.browser ?? globalThis.chrome;

let wasmReady = null;
function ensureWasm() {
  wasmReady ??= init({ module_or_path: api.runtime.getURL('pkg/nianbao_bg.wasm') }).catch((e) => {
    wasmReady = null;
    throw e;
  });
  return wasmReady;
}

let words = null;
/** The core's words for the panel and tooltips: `vocabulary()` (severity names …) and
 *  `rules()` (each code's summary). */
function coreWords() {
  words ??= { vocabulary: JSON.parse(vocabulary()), rules: JSON.parse(rules()) };
  return words;
}

async function setBadge(tabId, text, color) {
  try {
    await api.action.setBadgeText({ tabId, text });
    if (color) await api.action.setBadgeBackgroundColor({ tabId, color });
  } catch {
    // The tab may be gone.
  }
}

/** Sends a message to the content script in the tab's top frame and returns its reply if it
 *  is one of the kinds `accept` lists (a malformed reply is logged and taken as none). */
async function send(tabId, message, accept) {
  const [res] = await api.scripting.executeScript({ target: { tabId }, func: (m) => globalThis.__nianbao.receive(m), args: [message] });
  return msg.receive(res?.result, accept);
}

/**
 * What a toolbar click or the keyboard command does for a tab: check and mark the page, or
 * clear the marks if the page is marked. Resolves to a small summary (used by tests and for
 * the badge): {action: "checked"|"cleared"|"unavailable", reports, ms}.
 */
export async function toggleCheck(tab) {
  const tabId = typeof tab === 'number' ? tab : tab?.id;
  if (tabId == null) return { action: 'unavailable', reason: 'no tab' };
  const t0 = performance.now();
  // Start compiling the wasm while the page is being read.
  const wasm = ensureWasm();
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
      break;
    } catch (e) {
      // Right after a click, the page's renderer may not have heard of the activeTab grant
      // yet (it travels separately from the click event), and the injection is refused: try
      // again shortly. chrome:// pages, the web store, PDF viewers… refuse for good.
      if (attempts < 4 && /permission|Cannot access/i.test(String(e?.message ?? e))) {
        await new Promise((r) => setTimeout(r, 40 * attempts));
        continue;
      }
      await setBadge(tabId, '×', '#777');
      return { action: 'unavailable', reason: String(e?.message ?? e), attempts };
    }
  }
  const collected = await send(tabId, msg.begin(), ['collected', 'cleared']);
  if (!collected) return { action: 'failed', reason: 'no reply from the page' };
  if (collected.type === 'cleared') {
    await setBadge(tabId, '');
    return { action: 'cleared', ms: performance.now() - t0 };
  }
  const t1 = performance.now();
  let reports;
  let w;
  try {
    await wasm;
    reports = collected.docs.map((d) => {
      const t = performance.now();
      const json = checkDom(d.events, d.url);
      return { frame: d.frame, url: d.url, json, checkMs: performance.now() - t };
    });
    w = coreWords();
  } catch (e) {
    await send(tabId, msg.fail(e?.message ?? e), ['failed', 'ignored']);
    return { action: 'failed', reason: String(e?.message ?? e) };
  }
  const t2 = performance.now();
  const shown = await send(tabId, msg.show(reports, { collectMs: t1 - t0, checkMs: t2 - t1 }, w), ['shown', 'ignored']);
  if (shown?.type !== 'shown') return { action: 'failed', reason: shown ? shown.reason : 'no reply from the page' };
  await setBadge(tabId, shown.reports ? String(shown.errors + shown.warnings || '✓') : '', shown.errors ? '#c62828' : '#ef6c00');
  return { action: 'checked', attempts, reports: shown.reports, marks: shown.marks, unplaced: shown.unplaced, ms: performance.now() - t0 };
}

async function onClicked(tab) {
  const result = await toggleCheck(tab).catch((e) => ({ action: 'failed', reason: String(e?.message ?? e) }));
  globalThis.nianbao.last = { ...result, tabId: tab?.id, url: tab?.url, active: tab?.active };
  return result;
}

async function onCommand(command, tab) {
  if (command !== 'run-check') return null;
  if (!tab?.id) {
    [tab] = await api.tabs.query({ active: true, currentWindow: true });
  }
  return toggleCheck(tab);
}

api.action.onClicked.addListener(onClicked);
api.commands.onCommand.addListener(onCommand);

// For the end-to-end tests, which cannot press the toolbar button: the very functions the
// listeners call.
globalThis.nianbao = { toggleCheck, onClicked, onCommand, ensureWasm, words: () => ensureWasm().then(coreWords) };
