// The page's check worker: runs the wasm core off the main thread, so the page stays responsive
// while a big page or a batch of reports is checked. A module worker; the page sends it the
// compiled WebAssembly.Module (compiled once, on the page) and then requests:
//   {id, op: 'checkDom', events, name}       → {id, ok, json, ms}
//   {id, op: 'checkText', text, kind, name}  → {id, ok, json, ms}
//   {id, op: 'checkPositioned', pages, items, texts, lines, name} → {id, ok, json, ms} (a PDF's
//     positioned text as flat arrays: www/pdf-extract.js positionedArgs)
//   {id, op: 'checkPair', earlier, earlierKind, earlierName, earlierGeometry, later, laterKind,
//     laterGeometry, name} → {id, ok, json, ms} (a PDF side: kind 'pdf', www/pdf-extract.js
//     pairInputOfPdf)
//     (the later report checked beside the same body's report of the year before: kind 'dom'
//     for an event stream, 'text' or 'html' for a string)
//   {id, op: 'unzip', bytes, limit}          → {id, ok, entries: [{name, bytes}], skipped}
//   {id, op: 'readPdf', bytes, glue, wasm}   → {id, ok, json, ms} (a PDF's positioned text by the
//     PDF reader module, src/wasm_pdf.rs, imported from `glue`/`wasm` on the first PDF)
// An error answers {id, ok: false, message}. Nothing here touches the network.
//
// Built by scripts/build-page.mjs with esbuild into one script (the wasm-bindgen glue and
// fflate inlined): dist/worker.js for the served page, and inline (started from a blob: URL)
// in the single file dist/nianbao.html.
import * as nb from './pkg/nianbao.js';
import { unzipSync } from 'fflate';
import { loadPdfReader } from './pdf-view.js';

let ready = false;

/** The entries of a .zip that may be reports: not folders, not macOS metadata, and within
 *  `limit` bytes in all (a zip bomb stops here, before anything is inflated). */
function unzip(bytes, limit) {
  let total = 0;
  const skipped = [];
  const files = unzipSync(bytes, {
    filter: (f) => {
      if (f.name.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)/.test(f.name)) return false;
      if (total + f.originalSize > limit) {
        skipped.push(f.name);
        return false;
      }
      total += f.originalSize;
      return true;
    },
  });
  return { entries: Object.entries(files).map(([name, data]) => ({ name, bytes: data })), skipped };
}

self.onmessage = (e) => {
  const m = e.data || {};
  if (m.op === 'readPdf') {
    loadPdfReader({ glue: m.glue, wasm: m.wasm })
      .then((reader) => {
        const t0 = performance.now();
        const json = reader.readPdf(m.bytes);
        self.postMessage({ id: m.id, ok: true, json, ms: performance.now() - t0 });
      })
      .catch((err) => self.postMessage({ id: m.id, ok: false, message: String(err && err.message ? err.message : err) }));
    return;
  }
  if (m.op === 'init') {
    try {
      nb.initSync({ module: m.module });
      ready = true;
      self.postMessage({ op: 'ready' });
    } catch (err) {
      self.postMessage({ op: 'failed', message: String(err && err.message ? err.message : err) });
    }
    return;
  }
  const t0 = performance.now();
  try {
    if (m.op === 'unzip') {
      const out = unzip(m.bytes, m.limit);
      self.postMessage({ id: m.id, ok: true, ...out }, out.entries.map((x) => x.bytes.buffer));
      return;
    }
    if (!ready) throw new Error('not initialised');
    let json;
    if (m.op === 'checkDom') json = nb.checkDom(m.events, m.name || '');
    else if (m.op === 'checkText') json = nb.checkText(m.text, m.kind || 'text', m.name || '');
    else if (m.op === 'checkPair') json = nb.checkPair(m.earlierKind, m.earlier, m.earlierName, m.laterKind, m.later, m.name || '', m.earlierGeometry, m.laterGeometry);
    else if (m.op === 'checkPositioned') json = nb.checkPositioned(m.pages, m.items, m.texts, m.lines, m.name || '');
    else throw new Error(`unknown op ${m.op}`);
    self.postMessage({ id: m.id, ok: true, json, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ id: m.id, ok: false, message: String(err && err.message ? err.message : err) });
  }
};
