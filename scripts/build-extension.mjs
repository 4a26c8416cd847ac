// Builds the browser extension from www/extension/ and the wasm core (dist/pkg, made by
// build-wasm.sh before this runs):
//   dist/extension/                 unpacked, for Chromium-based browsers (Chrome, Edge, …)
//   dist/extension-firefox/         unpacked, for Firefox (background.scripts, gecko id)
//   dist/nianbao-extension.zip      the Chromium folder zipped, ready for a store
//   dist/nianbao-extension-firefox.zip
// Two manifests rather than one: Chromium wants background.service_worker and Firefox's MV3
// wants background.scripts (an event page); each browser warns about or ignores the other's
// keys, and Firefox needs browser_specific_settings.gecko, which Chromium flags as unknown.
// The two scripts are bundled by esbuild from ES modules:
//   content.js — a content script injected with scripting.executeScript is a classic script (no
//     imports), so www/extension/content.js, www/dom-events.js (the one DOM walk), www/findings.js
//     (findings → marks) and www/extension/messages.js become one IIFE (nothing leaks to the
//     page's scope);
//   background.js — the service worker (an ES module) with messages.js inlined; the wasm-bindgen
//     glue stays its own file (pkg/nianbao.js), loaded next to its .wasm.
// Not minified: extension stores review the code as shipped. dist/meta/extension.json is
// esbuild's account of what went into each script.
// The icons are drawn here (a small PNG encoder over node:zlib), so no binary is committed.
// Zips are written with fflate (small, dependency-free), with fixed timestamps so the same
// input gives the same bytes.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { bundle } from './bundle.mjs';
import { copyPdfjs, copyPdfReader } from './build-page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'www/extension');
const dist = path.join(root, 'dist');

// ------------------------------------------------------------------ icons

/** A PNG (RGBA, 8-bit) from a w×h pixel buffer. */
function png(w, h, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The icon: a red rounded square holding a white table grid and a yellow check mark. Shapes
 *  are given in a unit square and sampled 4×4 per pixel for smooth edges. */
function icon(size) {
  const red = [183, 28, 28];
  const white = [255, 255, 255];
  const gold = [255, 202, 40];
  const inRounded = (x, y, r) => {
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const distSeg = (x, y, ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
  };
  const line = size <= 16 ? 0.075 : 0.055;
  const color = (x, y) => {
    if (!inRounded(x, y, 0.2)) return null;
    // Check mark over the grid's lower right.
    if (distSeg(x, y, 0.5, 0.68, 0.62, 0.8) < 0.07 || distSeg(x, y, 0.62, 0.8, 0.86, 0.5) < 0.07) return gold;
    // A 3-row table: outer frame and lines.
    const inX = x > 0.18 && x < 0.82;
    const inY = y > 0.2 && y < 0.78;
    if (inX && inY) {
      const near = (v, at) => Math.abs(v - at) < line / 2;
      if (near(x, 0.2 + line / 2) || near(x, 0.82 - line / 2) || near(y, 0.2 + line / 2) || near(y, 0.78 - line / 2)) return white;
      if (near(y, 0.39) || near(y, 0.585) || (size > 16 && near(x, 0.42))) return white;
    }
    return red;
  };
  const n = 4;
  const buf = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = color((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = (py * size + px) * 4;
      if (a) {
        buf[o] = Math.round(r / a);
        buf[o + 1] = Math.round(g / a);
        buf[o + 2] = Math.round(b / a);
        buf[o + 3] = Math.round((a / (n * n)) * 255);
      }
    }
  }
  return png(size, size, buf);
}

// ------------------------------------------------------------------ assembling

function listFiles(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

function zipDir(dir, file) {
  const entries = {};
  const mtime = new Date('2025-01-01T00:00:00Z');
  for (const rel of listFiles(dir)) entries[rel] = [readFileSync(path.join(dir, rel)), { mtime, level: rel.endsWith('.png') ? 0 : 9 }];
  writeFileSync(file, zipSync(entries));
}

/** esbuild: the background's imports of the wasm-bindgen glue (the core's, the PDF reader's)
 *  stay imports (the files are copied beside it; each loads its .wasm relative to itself). */
const glueExternal = {
  name: 'nianbao-glue-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/(pkg|vendor)\// }, (args) => ({ path: args.path, external: true }));
  },
};

/** esbuild: `import text from '…txt'` gives the file's text (the background warms the core
 *  with the page's sample report, www/sample.txt, inlined: no fetch). */
const textFiles = {
  name: 'nianbao-text',
  setup(build) {
    build.onLoad({ filter: /\.txt$/ }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

/** The extension's own pages, copied as they are: the popup for pages it may not read and the
 *  print view. */
const PAGES = ['popup.html', 'popup.js', 'popup.css', 'print.html', 'print.js', 'print.css', 'viewer.html', 'viewer.css'];

/** Bundles content.js (IIFE) and background.js (ES module): {content, background, metafile}. */
export async function bundleScripts() {
  const content = await bundle({ entry: 'www/extension/content.js', format: 'iife', outfile: 'dist/extension/content.js' });
  const background = await bundle({ entry: 'www/extension/background.js', format: 'esm', outfile: 'dist/extension/background.js', plugins: [glueExternal, textFiles] });
  // The PDF/Word viewer: www/pdf-view.js, pdf-extract.js, findings.js and dom-events.js inlined;
  // pdf.js itself is loaded from vendor/pdfjs only when a PDF is opened.
  const viewer = await bundle({ entry: 'www/extension/viewer.js', format: 'esm', outfile: 'dist/extension/viewer.js', plugins: [glueExternal] });
  return {
    content: content.text,
    background: background.text,
    viewer: viewer.text,
    metafile: {
      inputs: { ...content.metafile.inputs, ...background.metafile.inputs, ...viewer.metafile.inputs },
      outputs: { ...content.metafile.outputs, ...background.metafile.outputs, ...viewer.metafile.outputs },
    },
  };
}

function assemble(out, manifest, scripts) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'pkg'), { recursive: true });
  mkdirSync(path.join(out, 'icons'), { recursive: true });
  writeFileSync(path.join(out, 'background.js'), scripts.background);
  writeFileSync(path.join(out, 'content.js'), scripts.content);
  writeFileSync(path.join(out, 'viewer.js'), scripts.viewer);
  copyPdfjs(path.join(out, 'vendor/pdfjs'));
  copyPdfReader(path.join(out, 'vendor/nianbao-pdf'));
  for (const f of ['nianbao.js', 'nianbao_bg.wasm']) copyFileSync(path.join(dist, 'pkg', f), path.join(out, 'pkg', f));
  for (const f of PAGES) copyFileSync(path.join(src, f), path.join(out, f));
  for (const s of [16, 32, 48, 128]) writeFileSync(path.join(out, 'icons', `icon${s}.png`), icon(s));
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export async function build() {
  if (!existsSync(path.join(dist, 'pkg/nianbao_bg.wasm'))) throw new Error('dist/pkg is missing: run scripts/build-wasm.sh first');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const base = JSON.parse(readFileSync(path.join(src, 'manifest.json'), 'utf8'));
  base.version = pkg.version;

  const chromium = structuredClone(base);
  const firefox = structuredClone(base);
  delete firefox.minimum_chrome_version;
  firefox.background = { scripts: ['background.js'], type: 'module' };
  firefox.browser_specific_settings = {
    gecko: { id: 'nianbao@nianbao.extension', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
  };

  const scripts = await bundleScripts();
  mkdirSync(path.join(dist, 'meta'), { recursive: true });
  writeFileSync(path.join(dist, 'meta/extension.json'), JSON.stringify(scripts.metafile, null, 1));
  const outC = path.join(dist, 'extension');
  const outF = path.join(dist, 'extension-firefox');
  assemble(outC, chromium, scripts);
  assemble(outF, firefox, scripts);
  zipDir(outC, path.join(dist, 'nianbao-extension.zip'));
  zipDir(outF, path.join(dist, 'nianbao-extension-firefox.zip'));
  const kb = (f) => `${(statSync(f).size / 1024).toFixed(0)} KiB`;
  console.log(`extension: dist/extension (${kb(path.join(dist, 'nianbao-extension.zip'))} zipped; content.js ${kb(path.join(outC, 'content.js'))}, background.js ${kb(path.join(outC, 'background.js'))}), dist/extension-firefox`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
