// Shared helpers for the browser tests: launching Debian's Chromium through playwright-core,
// serving dist/, simulating a paste, watching the network, and reading the seeds.
// Stable API (other test files import it): launchChromium, startServer, watchRequests,
// paste, seedPaths, readSeed, textReportToHtml, root, dist, pageSession, settled.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { serve } from '../../scripts/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'dist');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * Launches Chromium with a fresh profile (a new temporary user-data dir).
 * Returns { context, page, close }. `extraArgs` are appended (e.g. extension flags);
 * `headless` defaults to true.
 */
export async function launchChromium({ extraArgs = [], headless = true, viewport = { width: 1280, height: 900 } } = {}) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'nianbao-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport,
    acceptDownloads: true,
  });
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The page's server and a browser for the test file that calls it (at its top level): started
 *  before its tests, closed after them; `session.server` and `session.browser` are set once the
 *  file's first `before` has run. */
export function pageSession() {
  const session = { server: null, browser: null };
  before(async () => {
    session.server = await startServer();
    session.browser = await launchChromium();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** Serves dist/ on a free localhost port. Returns { url, close }. */
export async function startServer() {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('dist/index.html missing: run `npm run build` first');
  return serve({ port: 0 });
}

/**
 * Records every request the page (and its workers) makes. `allowed(url)` says which are the
 * page's own; `foreign()` lists the others.
 */
export function watchRequests(context, allowed) {
  const all = [];
  context.on('request', (r) => all.push(r.url()));
  return {
    all,
    foreign: () => all.filter((u) => !allowed(u)),
  };
}

/** Page-local URLs: the given origin or file URL prefix, data: and blob:. */
export const localOnly = (prefix) => (u) => u.startsWith(prefix) || u.startsWith('data:') || u.startsWith('blob:');

/**
 * Pastes into `selector` through the real event path: a ClipboardEvent whose DataTransfer
 * carries text/html and/or text/plain, dispatched on the element (it bubbles to the page's
 * listener). Returns whether the page called preventDefault.
 */
export async function paste(page, { html, text } = {}, selector = '#nb-paste') {
  return page.evaluate(
    ({ html, text, selector }) => {
      const el = document.querySelector(selector);
      el.focus();
      const dt = new DataTransfer();
      if (html != null) dt.setData('text/html', html);
      if (text != null) dt.setData('text/plain', text);
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      el.dispatchEvent(ev);
      return ev.defaultPrevented;
    },
    { html, text, selector },
  );
}

/** Waits until the page has finished its n-th check (it sets data-nb-checked on <html>). */
export async function waitChecked(page, n) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.nbChecked || 0) >= n, n, { timeout: 15000 });
}

// The seeds are committed under tests/fixtures/seeds (a fresh clone in CI has nothing else).
const SEED_DIRS = [process.env.NIANBAO_SEEDS, path.join(root, 'tests/fixtures/seeds')].filter(Boolean);

export function seedDir() {
  return SEED_DIRS.find((d) => existsSync(d)) || null;
}

export function seedPaths() {
  const d = seedDir();
  if (!d) return [];
  return readdirSync(d).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(d, f));
}

export function readSeed(prefix) {
  const file = seedPaths().find((p) => path.basename(p).startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} not found`);
  return readFileSync(file, 'utf8');
}

export const fileUrl = (p) => pathToFileURL(p).href;

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders a seed in the "indented" text layout (one cell per tab-indented line, blank line
 * between rows, unindented continuation lines inside a cell) as an HTML page with real
 * tables, the way a government site would show it. Cells keep their text exactly.
 */
export function textReportToHtml(text, { title = '' } = {}) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let table = null; // rows: arrays of cells (arrays of lines)
  let row = null;
  let lastWasCell = false;
  const flushRow = () => {
    if (row && row.length) table.push(row);
    row = null;
  };
  const flushTable = () => {
    if (!table) return;
    flushRow();
    out.push('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%">');
    for (const r of table) {
      out.push('<tr>' + r.map((c) => `<td style="text-align:center">${c.map(escapeHtml).join('<br>')}</td>`).join('') + '</tr>');
    }
    out.push('</table>');
    table = null;
  };
  for (const line of lines) {
    if (/^[ \u3000]*\t/.test(line)) {
      if (!table) table = [];
      if (!row) row = [];
      row.push([line.replace(/^[ \u3000]*\t/, '').trim()]);
      lastWasCell = true;
    } else if (!line.trim()) {
      if (table) flushRow();
      lastWasCell = false;
    } else if (lastWasCell && table && row) {
      row[row.length - 1].push(line.trim());
    } else {
      flushTable();
      out.push(`<p>${escapeHtml(line.trim())}</p>`);
      lastWasCell = false;
    }
  }
  flushTable();
  return `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><div class="article">\n${out.join('\n')}\n</div></body></html>`;
}

/** What `read()` gives once `ok` holds of it, or after 3 s what it gives then (the caller's
 *  assertion then fails on it). For what follows a click a while later (the worker's storage
 *  and badge, the page's own reactions, a scroll): under load, later than a fixed wait allows. */
export async function settled(read, ok) {
  let value;
  for (const end = Date.now() + 3000; ; await new Promise((r) => setTimeout(r, 50))) {
    value = await read();
    if (ok(value) || Date.now() > end) return value;
  }
}
