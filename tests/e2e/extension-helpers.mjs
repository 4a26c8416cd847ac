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

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionDir = path.join(root, 'dist/extension');
export const pagesDir = path.join(root, 'tests/fixtures/pages');

/** Serves tests/fixtures/pages on 127.0.0.1; remembers every request it gets. */
export async function startServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.join(pagesDir, name);
    if (name === 'favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!file.startsWith(pagesDir) || !existsSync(file) || !name.endsWith('.html')) {
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
export async function launchWithExtension() {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error('dist/extension is missing: run `npm run build` first');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ext-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_ARGS,
      `--load-extension=${extensionDir}`,
      `--disable-extensions-except=${extensionDir}`,
      // Lets the DevTools protocol press the extension's toolbar button (Extensions.triggerAction).
      '--enable-unsafe-extension-debugging',
    ],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
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

/** Clicks the extension's toolbar button for the tab showing `page` (the top-level URL must be
 *  unique among open tabs). */
export async function clickAction(ext, page) {
  const { targetInfos } = await ext.browserSession.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  await ext.browserSession.send('Extensions.triggerAction', { id: ext.extensionId, targetId: tab.targetId });
}

/** The tab id (chrome.tabs) of the tab showing `page`. */
export async function tabIdOf(ext, page) {
  return ext.worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
}

/** Waits until the extension's panel is on the page; returns its state attribute. */
export async function waitForPanel(page, timeout = 20000) {
  const handle = await page.waitForFunction(
    () => document.querySelector('nianbao-check')?.shadowRoot?.querySelector('.panel')?.dataset.state ?? false,
    null,
    { timeout },
  );
  return handle.jsonValue();
}

export async function waitForNoHost(page, timeout = 10000) {
  await page.waitForFunction(() => !document.querySelector('nianbao-check'), null, { timeout });
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
 *  highlighted text ranges and the numbering check. Runs in the page's main world: the shadow
 *  root is open and the highlight registry belongs to the document. */
export function readMarks(frame) {
  return frame.evaluate(() => {
    // Element indices, counted independently of the extension: every element in document
    // order (the extension's host, appended last, holds only a shadow tree).
    const numbered = [...document.getElementsByTagName('*')].filter((n) => n.localName !== 'nianbao-check');
    const host = document.querySelector('nianbao-check');
    const boxes = host ? [...host.shadowRoot.querySelectorAll('.box[data-kind="cell"]')] : [];
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
        tip: b.dataset.tip,
        // The outline sits exactly on the cell.
        aligned: Math.abs(r.left - br.left) < 1 && Math.abs(r.top - br.top) < 1 && Math.abs(r.width - br.width) < 1 && Math.abs(r.height - br.height) < 1,
      };
    });
    const texts = [];
    if (globalThis.CSS?.highlights) {
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('nianbao-')) continue;
        for (const range of h) texts.push({ name, text: range.toString(), element: numbered.indexOf(range.commonAncestorContainer.nodeType === 1 ? range.commonAncestorContainer : range.commonAncestorContainer.parentElement) });
      }
    }
    return { cells, texts, host: !!host };
  });
}

/** Text of the findings panel's parts, for assertions. */
export function readPanel(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('nianbao-check')?.shadowRoot?.querySelector('.panel');
    if (!panel) return null;
    const r = panel.getBoundingClientRect();
    return {
      state: panel.dataset.state,
      visible: r.width > 100 && r.height > 50 && getComputedStyle(panel).display !== 'none',
      text: panel.innerText,
      summaries: [...panel.querySelectorAll('.summary')].map((e) => e.textContent),
      titles: [...panel.querySelectorAll('h2')].map((e) => e.textContent),
      groups: [...panel.querySelectorAll('.group')].map((g) => ({ code: g.dataset.code, items: g.querySelectorAll('.item').length })),
      timing: { walk: Number(panel.dataset.walkMs), collect: Number(panel.dataset.collectMs), check: Number(panel.dataset.checkMs), mark: Number(panel.dataset.markMs) },
    };
  });
}

/** Clicks an element inside the extension's shadow root (a real mouse click at its centre). */
export async function clickInPanel(page, selector) {
  const box = await page.evaluate((sel) => {
    const el = document.querySelector('nianbao-check')?.shadowRoot?.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, selector);
  if (!box) throw new Error(`nothing matches ${selector} in the panel`);
  await page.mouse.click(box.x, box.y);
}
