// Helpers for the extension's end-to-end tests: a localhost server for the saved pages, a
// headless Chromium with the unpacked extension loaded, a real toolbar-button click (the
// DevTools protocol's Extensions.triggerAction on the tab, which grants activeTab exactly as a
// click does), and readers for what the extension drew on the page.
import { chromium } from 'playwright-core';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';
export { settled } from './helpers.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The unpacked extension under test: dist/extension, or NIANBAO_EXTENSION_DIR (to run the
 *  same tests against another build, e.g. the code before a change). */
export const extensionDir = process.env.NIANBAO_EXTENSION_DIR ? path.resolve(process.env.NIANBAO_EXTENSION_DIR) : path.join(root, 'dist/extension');
export const reportsDir = path.join(root, 'tests/fixtures/html');
export const pagesDir = path.join(root, 'tests/fixtures/pages');

/** Serves tests/fixtures/pages on 127.0.0.1 (and tests/fixtures/html under /reports/, and
 *  `extra` pages given by name → HTML); remembers every request it gets. */
export async function startServer({ extra = {} } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    if (Object.hasOwn(extra, name)) {
      // A page's HTML, or {body, type}: a file (a PDF or .docx attachment).
      const { body, type } = typeof extra[name] === 'string' ? { body: extra[name], type: 'text/html; charset=utf-8' } : extra[name];
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const file = name.startsWith('reports/') ? path.join(reportsDir, name.slice('reports/'.length)) : path.join(pagesDir, name);
    if (name === 'favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!(file.startsWith(pagesDir) || file.startsWith(reportsDir)) || !existsSync(file) || !name.endsWith('.html')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    // ?csp=strict: a site that forbids every script and wasm of its own (and inline styles).
    if (new URL(req.url, 'http://x').searchParams.get('csp') === 'strict') headers['content-security-policy'] = "default-src 'self'; script-src 'none'; style-src 'self'; frame-src 'self'";
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return { base, requests, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium (headless) with the unpacked extension from dist/extension. */
export async function launchWithExtension({ viewport = { width: 1280, height: 900 }, colorScheme = 'light', dir = extensionDir } = {}) {
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ext-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    colorScheme,
    acceptDownloads: true,
    args: [
      ...CHROMIUM_ARGS,
      `--load-extension=${dir}`,
      `--disable-extensions-except=${dir}`,
      // Lets the DevTools protocol press the extension's toolbar button (Extensions.triggerAction).
      '--enable-unsafe-extension-debugging',
    ],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  // The button is pressed only once the worker has run to its end (its listeners are added and
  // `globalThis.nianbao` set last): in a just-started browser a press could come earlier.
  await worker.evaluate(() => new Promise((resolve) => {
    const until = Date.now() + 15000;
    const wait = () => (globalThis.nianbao || Date.now() > until ? resolve() : setTimeout(wait, 20));
    wait();
  }));
  const extensionId = new URL(worker.url()).host;
  const browserSession = await context.browser().newBrowserCDPSession();
  return {
    context,
    worker,
    extensionId,
    browserSession,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A person's pace: two presses of the button on one page closer than the extension's
 *  double-click time (400 ms, background.js DOUBLE_CLICK_MS) are one double click, which gives
 *  one result; and a person presses again only after seeing the panel (a worker woken by the
 *  first press starts its handler late, so the interval it sees is shorter than the test's).
 *  Waits until a press on `page` is a press of its own. */
const lastPress = new WeakMap();
export async function pace(page) {
  const wait = (lastPress.get(page) ?? -Infinity) + 450 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastPress.set(page, performance.now());
}
/** Notes that the panel was seen now (the next press waits 450 ms from here too). */
export function seen(page) {
  lastPress.set(page, Math.max(lastPress.get(page) ?? -Infinity, performance.now()));
}

/** Clicks the extension's toolbar button for the tab showing `page` (the top-level URL must be
 *  unique among open tabs), at a person's pace (see `pace`); `{double: true}` presses at once. */
export async function clickAction(ext, page, { double = false } = {}) {
  if (!double) await pace(page);
  else lastPress.set(page, performance.now());
  const tab = await tabTargetOf(ext, page);
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  await ext.browserSession.send('Extensions.triggerAction', { id: ext.extensionId, targetId: tab.targetId });
}

/** The browser's tab target showing `page`'s address (what `clickAction` presses the button
 *  for), or undefined while the browser does not have the tab at that address. */
export async function tabTargetOf(ext, page) {
  const { targetInfos } = await ext.browserSession.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  return targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
}

/** The tab id (chrome.tabs) of the tab showing `page` (the extension sees a tab's address only
 *  where it may read the page: after a press on it). */
export async function tabIdOf(ext, page) {
  return ext.worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
}

// ------------------------------------------------------------------ the extension's layer
//
// The extension draws into a CLOSED shadow root, which no page script can reach. The tests
// read it through the DevTools protocol (DOM.getDocument with pierce: true sees closed roots),
// resolve it to an object of the page's main world, and call functions on it: `this` is the
// shadow root, `document` the frame's document. A root counts as the extension's when it holds
// its layer (.layer, or the .panel/.box of builds before the layer existed).

const sessions = new WeakMap();
async function cdpOf(page) {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

/** The backend node ids of the shadow roots in the document of `frameUrl` (the top document
 *  when null). */
async function shadowRootIds(page, frameUrl) {
  const cdp = await cdpOf(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  let doc = root;
  if (frameUrl) {
    const find = (n) => {
      if (n.nodeName === '#document' && n.documentURL === frameUrl) return n;
      for (const k of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) {
        const f = find(k);
        if (f) return f;
      }
      return null;
    };
    doc = find(root);
    if (!doc) return [];
  }
  const out = [];
  const walk = (n) => {
    for (const r of n.shadowRoots ?? []) out.push({ id: r.backendNodeId, mode: r.shadowRootType, host: n.localName });
    for (const k of n.children ?? []) walk(k);
  };
  walk(doc);
  return out;
}

/** Calls `fn` with `this` = the extension's shadow root in `frame` (page or Frame); returns
 *  its value, or `none` when there is no such root. */
export async function inLayer(pageOrFrame, fn, arg, none = null) {
  const page = typeof pageOrFrame.page === 'function' ? pageOrFrame.page() : pageOrFrame;
  const frameUrl = pageOrFrame === page || pageOrFrame === page.mainFrame() ? null : pageOrFrame.url();
  const cdp = await cdpOf(page);
  for (const r of await shadowRootIds(page, frameUrl)) {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: r.id });
    const mine = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { return !!this.querySelector(".layer, .panel, .box"); }',
      returnByValue: true,
    });
    if (!mine.result.value) continue;
    const res = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn.toString(),
      arguments: [{ value: { ...(arg ?? {}), mode: r.mode } }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (res.exceptionDetails) throw new Error(`in the layer: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`);
    return res.result.value;
  }
  return none;
}

async function poll(fn, timeout, what) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Waits until the extension's panel is on the page; returns its state attribute. */
export async function waitForPanel(page, timeout = 20000) {
  const state = await poll(() => inLayer(page, function () { return this.querySelector('.panel')?.dataset.state ?? false; }, null, false), timeout, 'the panel');
  seen(page);
  return state;
}

/** Waits until nothing of the extension's layer is left in the page (or frame). */
export async function waitForNoHost(pageOrFrame, timeout = 10000) {
  await poll(async () => !(await inLayer(pageOrFrame, function () { return true; }, null, false)), timeout, 'the layer to go');
}

/** The mode of the extension's shadow root ('closed'), or null. */
export function layerMode(pageOrFrame) {
  return inLayer(pageOrFrame, function (a) { return a.mode; });
}

/** Everything about a document that clearing must restore, for the page and each frame. */
export async function snapshot(page) {
  const out = [];
  for (const frame of page.frames()) {
    out.push(
      await frame.evaluate(() => {
        const dt = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : '';
        return {
          url: document.URL,
          html: dt + document.documentElement.outerHTML,
          text: document.documentElement.innerText,
          elements: document.getElementsByTagName('*').length,
          adopted: document.adoptedStyleSheets.length,
          highlights: globalThis.CSS?.highlights ? CSS.highlights.size : 0,
        };
      }),
    );
  }
  return out;
}

/** What the extension drew in one frame: cell outlines (with the live element they cover),
 *  highlighted text ranges and the numbering check. */
export async function readMarks(frame) {
  const none = { cells: [], texts: [], host: false };
  const got = await inLayer(frame, function () {
    // Element indices, counted independently of the extension: every element in document
    // order but the extension's host (appended last, holding only a shadow tree).
    const host = this.host;
    const numbered = [...document.getElementsByTagName('*')].filter((n) => n !== host || n === document.body);
    const boxes = [...this.querySelectorAll('.box[data-kind="cell"]')];
    const clean = (s) => s.replace(/\s+/g, ' ').trim();
    /** A cell of a template table described by its row label and column, from the DOM. */
    const describe = (td) => {
      const tr = td.parentElement;
      const tds = [...tr.children];
      const i = tds.indexOf(td);
      // Numbers sit in the trailing cells; the row label is the last cell with letters.
      const labelCell = tds.slice(0, i + 1).reverse().find((c) => /[\u4e00-\u9fff]/.test(c.textContent) && c !== td) ?? td;
      return { row: clean(labelCell.textContent), fromEnd: tds.length - 1 - i, text: clean(td.textContent) };
    };
    const cells = boxes.map((b) => {
      const el = numbered[Number(b.dataset.el)];
      const r = el.getBoundingClientRect();
      const br = b.getBoundingClientRect();
      return {
        tag: el.localName,
        ...describe(el),
        severity: b.dataset.severity,
        codes: b.dataset.codes.split(' '),
        related: b.classList.contains('related'),
        reviewed: b.classList.contains('reviewed'),
        tip: b.dataset.tip,
        size: [Math.round(br.width), Math.round(br.height)],
        // The outline sits exactly on the cell.
        aligned: br.width > 0 && Math.abs(r.left - br.left) < 1 && Math.abs(r.top - br.top) < 1 && Math.abs(r.width - br.width) < 1 && Math.abs(r.height - br.height) < 1,
      };
    });
    const texts = [];
    if (globalThis.CSS?.highlights) {
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('nianbao-')) continue;
        for (const range of h) texts.push({ name, text: range.toString(), connected: range.startContainer.isConnected, element: numbered.indexOf(range.commonAncestorContainer.nodeType === 1 ? range.commonAncestorContainer : range.commonAncestorContainer.parentElement) });
      }
    }
    return { cells, texts, host: true };
  });
  return got ?? none;
}

/** Text of the findings panel's parts, for assertions. */
export function readPanel(page) {
  return inLayer(page, function () {
    const panel = this.querySelector('.panel');
    if (!panel) return null;
    const r = panel.getBoundingClientRect();
    const cs = getComputedStyle(panel);
    return {
      state: panel.dataset.state,
      visible: r.width > 100 && r.height > 50 && cs.display !== 'none' && cs.visibility !== 'hidden',
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
      classes: [...panel.classList],
      position: cs.position,
      text: panel.innerText,
      summaries: [...panel.querySelectorAll('.summary')].map((e) => e.textContent),
      titles: [...panel.querySelectorAll('.report h2')].map((e) => e.textContent),
      groups: [...panel.querySelectorAll('.report .group')].map((g) => ({ code: g.dataset.code, items: g.querySelectorAll('.item').length })),
      status: panel.querySelector('.status')?.textContent ?? '',
      focused: this.activeElement ? (this.activeElement === panel ? 'panel' : this.activeElement.className || this.activeElement.localName) : null,
      timing: { walk: Number(panel.dataset.walkMs), collect: Number(panel.dataset.collectMs), check: Number(panel.dataset.checkMs), mark: Number(panel.dataset.markMs) },
    };
  });
}

/** The rectangle (viewport coordinates of the page) of an element in the extension's layer. */
export function rectInLayer(page, selector) {
  return inLayer(page, function ({ selector }) {
    const el = this.querySelector(selector);
    if (!el) return null;
    el.scrollIntoView({ block: 'nearest' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }, { selector });
}

/** Clicks an element inside the extension's shadow root (a real mouse click at its centre). */
export async function clickInPanel(page, selector) {
  const box = await rectInLayer(page, selector);
  if (!box) throw new Error(`nothing matches ${selector} in the panel`);
  await page.mouse.click(box.x, box.y);
}

/** Every exception thrown and every console error in a page, from any of its JavaScript
 *  worlds (the page's and the content script's), via the DevTools protocol. */
export async function watchErrors(page) {
  const cdp = await page.context().newCDPSession(page);
  const errors = [];
  cdp.on('Runtime.exceptionThrown', (e) => errors.push(`exception: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`));
  cdp.on('Runtime.consoleAPICalled', (e) => e.type === 'error' && errors.push(`console.error: ${e.args.map((a) => a.value ?? a.description).join(' ')}`));
  cdp.on('Log.entryAdded', (e) => e.entry.level === 'error' && !/favicon/.test(e.entry.url ?? '') && errors.push(`log: ${e.entry.text}`));
  await cdp.send('Runtime.enable');
  await cdp.send('Log.enable');
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
