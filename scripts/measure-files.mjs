// Prints the page's times for PDF and Word files in headless Chromium (Debian's, via
// playwright-core), each next to a floor measured in the same browser in the same run: the same
// report's HTML page pasted. For each file: opened RUNS + 1 times in one tab (the first loads
// the modules and is left out), the median of the rest of open → marks ("hl"; for a PDF also
// its parts: reading the text and ruling lines, of which the reader module's own time, and the
// core's check in the worker); the floor
// is the median of RUNS pastes of the HTML page it was made from; the ratio is hl / floor.
// Usage: node scripts/measure-files.mjs [FILE...]   (after `npm run build`; default: a few of
// tests/fixtures/layouts)
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startServer, paste, waitChecked } from '../tests/e2e/helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const layouts = path.join(root, 'tests/fixtures/layouts');
if (!existsSync(path.join(root, 'dist/pkg/nianbao_bg.wasm'))) {
  console.error('dist/pkg missing: run `npm run build` first');
  process.exit(1);
}
const RUNS = Number(process.env.NIANBAO_RUNS || 5);
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : ['pdf/corpus-2020-a5.pdf', 'pdf/corpus-2019-lo.pdf', 'pdf/corpus-2021-split-lo.pdf', 'pdf/seed-000-a4.pdf', 'docx/corpus-2020.docx', 'docx/seed-004.docx'].map((f) => path.join(layouts, f));

/** The HTML page a layout file was made from. */
function original(file) {
  const stem = path.basename(file).replace(/\.(pdf|docx)$/, '');
  const seed = /^seed-(\d{3})/.exec(stem);
  if (seed) {
    const dir = path.join(root, 'tests/fixtures/html');
    return path.join(dir, readdirSync(dir).find((f) => f.startsWith(seed[1])));
  }
  return path.join(layouts, 'html', `${stem.split('-').slice(0, 2).join('-')}.html`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (x == null ? '     -' : x.toFixed(0).padStart(6));
const server = await startServer();
const b = await launchChromium();
const page = b.page;
let n = 0;
const checked = async () => waitChecked(page, ++n);
const last = () => page.evaluate(() => window.nianbao.stats.timings.at(-1));
try {
  await page.goto(server.url);
  await page.waitForFunction(() => window.nianbao && window.nianbao.warmedUp(), null, { timeout: 30000 });
  console.log(`open → marks in the page, warm, ms (median of ${RUNS}; the first open of each file left out)`);
  console.log('file                        pages |     hl   read  check | reader |  floor  ratio');
  for (const file of files) {
    const html = readFileSync(original(file), 'utf8');
    const floor = [];
    for (let i = 0; i < RUNS; i++) {
      await paste(page, { html });
      await checked();
      floor.push((await last()).highlightMs);
    }
    const t = [];
    for (let i = 0; i <= RUNS; i++) {
      await page.setInputFiles('#nb-file', file);
      await checked();
      if (i > 0) t.push(await last());
    }
    const pages = await page.evaluate(() => document.querySelectorAll('.nb-pdf-page').length || '');
    const hl = median(t.map((x) => x.highlightMs));
    const read = t[0].readMs == null ? null : median(t.map((x) => x.readMs));
    const check = t[0].checkMs == null ? null : median(t.map((x) => x.checkMs));
    const fl = median(floor);
    // Of a PDF's read, the reader module's part (the CLI's reader in wasm); the rest is loading
    // the modules (0 when warm) and parsing its JSON. pdf.js opens the document for display
    // meanwhile, off this path.
    const part = (k) => (t[0][k] == null ? null : median(t.map((x) => x[k])));
    console.log(`${path.basename(file).padEnd(27)} ${String(pages).padStart(5)} | ${fmt(hl)} ${fmt(read)} ${fmt(check)} | ${fmt(part('readerMs'))} | ${fmt(fl)} ${(hl / fl).toFixed(2).padStart(5)}×`);
  }
} finally {
  await b.close();
  await server.close();
}
