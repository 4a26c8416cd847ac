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

import init, { checkDom, rules } from './pkg/nianbao.js';

const api = globalThis.browser ?? globalThis.chrome;

let wasmReady = null;
function ensureWasm() {
  wasmReady ??= init({ module_or_path: api.runtime.getURL('pkg/nianbao_bg.wasm') }).catch((e) => {
    wasmReady = null;
    throw e;
  });
  return wasmReady;
}

let names = null;
/** Rule code → its summary in Chinese, for the panel's group headings. */
function ruleNames() {
  names ??= Object.fromEntries(JSON.parse(rules()).map((r) => [r.code, r.summary]));
  return names;
}

async function setBadge(tabId, text, color) {
  try {
    await api.action.setBadgeText({ tabId, text });
    if (color) await api.action.setBadgeBackgroundColor({ tabId, color });
  } catch {
    // The tab may be gone.
  }
}

/** Runs one function in the tab's top frame and returns its result. */
async function inTab(tabId, func, args = []) {
  const [res] = await api.scripting.executeScript({ target: { tabId }, func, args });
  return res?.result;
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
  const collected = await inTab(tabId, () => globalThis.__nianbao.begin());
  if (!collected || collected.action === 'cleared') {
    await setBadge(tabId, '');
    return { action: 'cleared', ms: performance.now() - t0 };
  }
  const t1 = performance.now();
  let reports;
  try {
    await wasm;
    reports = collected.docs.map((d) => {
      const t = performance.now();
      const json = checkDom(d.events, d.url);
      return { frame: d.frame, url: d.url, json, checkMs: performance.now() - t };
    });
  } catch (e) {
    await inTab(tabId, (msg) => globalThis.__nianbao.fail(msg), [String(e?.message ?? e)]);
    return { action: 'failed', reason: String(e?.message ?? e) };
  }
  const t2 = performance.now();
  const shown = await inTab(tabId, (r, timing, names) => globalThis.__nianbao.show(r, timing, names), [reports, { collectMs: t1 - t0, checkMs: t2 - t1 }, ruleNames()]);
  const errors = shown?.errors ?? 0;
  const found = shown?.reports ?? 0;
  await setBadge(tabId, found ? String(shown.errors + shown.warnings || '✓') : '', errors ? '#c62828' : '#ef6c00');
  return { action: 'checked', attempts, reports: found, marks: shown?.marks ?? 0, unplaced: shown?.unplaced ?? 0, ms: performance.now() - t0 };
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
globalThis.nianbao = { toggleCheck, onClicked, onCommand, ensureWasm };
