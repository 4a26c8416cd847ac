// Shared by page-pdf.test.mjs and extension-pdf.test.mjs: the seeds as PDF and .docx files, the
// CLI's findings for a file, and whether every cell a finding names is marked over its text on
// the rendered PDF page or the shown .docx (in the page and in the extension's viewer alike:
// both use www/pdf-view.js and mark elements with data-nb-f).
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const layouts = path.join(root, 'tests/fixtures/layouts');

/** Every seed printed to PDF and written as .docx (tests/fixtures/layouts). */
export function seedLayouts() {
  const pdfs = readdirSync(path.join(layouts, 'pdf')).filter((f) => /^seed-.*\.pdf$/.test(f)).sort();
  const docx = readdirSync(path.join(layouts, 'docx')).filter((f) => /^seed-.*\.docx$/.test(f)).sort();
  return [...pdfs.map((f) => path.join(layouts, 'pdf', f)), ...docx.map((f) => path.join(layouts, 'docx', f))];
}

/** The CLI's findings for a file (code and message, sorted): the CLI the Rust tests build
 * (`cargo test --profile quick`, or `cargo build --profile quick --bin nianbao`). */
export function cliFindings(file) {
  const bin = path.join(root, 'target/quick/nianbao');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run cargo build --profile quick --bin nianbao first`);
  let out;
  try {
    out = execFileSync(bin, ['check', '--format', 'json', file], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exit status 1: errors found
  }
  return JSON.parse(out)[0].findings.map((f) => `${f.code} ${f.message}`).sort();
}

/** For each cell a finding names (of kind pdf): whether its page is drawn, whether a mark sits
 *  at each of its rectangles and what pdf.js's text layer shows under those marks; for each rectangle of
 *  the finding's other places: whether a mark sits there. */
export function pdfMarksOverCells(page, report) {
  return page.evaluate(async (report) => {
    const out = [];
    for (const f of report.findings) {
      for (const c of f.cells || []) {
        const loc = c.location;
        if (!loc || loc.kind !== 'pdf') continue;
        // A value wrapped in a narrow column has a rectangle per line: a mark on each.
        let under = '';
        let marked = loc.rects.length > 0;
        let rendered = '1';
        let role;
        for (const r of loc.rects) {
          const box = document.querySelector(`.nb-pdf-page[data-page="${r.page}"]`);
          box.scrollIntoView({ block: 'center' });
          for (let i = 0; i < 100 && box.dataset.rendered !== '1'; i++) await new Promise((res) => setTimeout(res, 50));
          if (box.dataset.rendered !== '1') rendered = box.dataset.rendered;
          const mark = box.querySelector(`.nb-pdf-marks > mark[data-rect="${r.page}:${r.x}:${r.y}"]`);
          marked &&= !!mark;
          role ??= mark?.className;
          const m = mark?.getBoundingClientRect();
          if (!m) continue;
          under += [...box.querySelectorAll('.nb-pdf-text span')]
            .filter((s) => {
              const q = s.getBoundingClientRect();
              const cx = q.left + q.width / 2;
              const cy = q.top + q.height / 2;
              return cx >= m.left && cx <= m.right && cy >= m.top && cy <= m.bottom;
            })
            .map((s) => s.textContent)
            .join('');
        }
        out.push({ code: f.code, row: c.row, col: c.col, value: c.value, marked, role, under, rendered });
      }
      // Every other place (a label, a sentence): a mark at each of its rectangles.
      for (const loc of f.locations || []) {
        if (loc.kind !== 'pdf') continue;
        for (const r of loc.rects) {
          const box = document.querySelector(`.nb-pdf-page[data-page="${r.page}"]`);
          box.scrollIntoView({ block: 'center' });
          for (let i = 0; i < 100 && box.dataset.rendered !== '1'; i++) await new Promise((res) => setTimeout(res, 50));
          const mark = box.querySelector(`.nb-pdf-marks > mark[data-rect="${r.page}:${r.x}:${r.y}"]`);
          out.push({ code: f.code, place: f.place, marked: !!mark, rendered: box.dataset.rendered });
        }
      }
    }
    return out;
  }, report);
}

/** The cells a finding names that are not marked, or marked on an element without their value
 *  (a .docx shown as HTML): empty when every cell is marked over its text. */
export function htmlMarksOverCells(page, report) {
  return page.evaluate((report) => {
    const bad = [];
    report.findings.forEach((f, fi) => {
      for (const c of f.cells || []) {
        if (!c.location) continue;
        const els = [...document.querySelectorAll(`#nb-doc [data-nb-f~="${fi}"]`)];
        if (!els.length) bad.push(`unmarked: ${f.code} ${c.row} ${c.col}`);
        else if (c.value && !els.some((e) => e.textContent.replace(/\s+/g, '').includes(c.value.replace(/\s+/g, '')))) bad.push(`not over its value: ${f.code} ${c.row} ${c.col} ${c.value}`);
      }
      if ((f.locations || []).length && !document.querySelector(`#nb-doc [data-nb-f~="${fi}"]`)) bad.push(`unmarked: ${f.code}`);
    });
    return bad;
  }, report);
}

/** What is wrong with the marks of a PDF's findings (empty when all is right). */
export function pdfMarkFaults(checked) {
  const bad = [];
  for (const c of checked) {
    if (c.rendered !== '1') bad.push(`page not drawn: ${JSON.stringify(c)}`);
    else if (!c.marked) bad.push(`unmarked: ${JSON.stringify(c)}`);
    else if (c.value && c.value.trim() && c.under.replace(/\s/g, '') !== c.value.replace(/\s/g, '')) bad.push(`not over its value: ${JSON.stringify(c)}`);
  }
  return bad;
}
