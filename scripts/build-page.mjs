// Builds the web page from www/ and the wasm core in dist/pkg (built by build-wasm.sh):
//   dist/index.html + app.js and the modules it imports (findings.js, tables.js, dom-events.js)
//   + style.css + vendor/purify.es.mjs — served by `npm start`, loaded as native ES modules;
//   dist/nianbao.html — one self-contained file (CSS, JS, DOMPurify and the wasm as base64 all
//   inline) that works when opened from disk (file://), for networks without internet. Its
//   script is www/app.js bundled by esbuild (one ES module, inline), the wasm-bindgen glue and
//   DOMPurify included.
// Both carry a Content-Security-Policy that forbids every network load except, for the
// served page, its own files; the single file's script is allowed by its hash.
// dist/meta/page.json is esbuild's account of what went into the bundle.
import { readFileSync, writeFileSync, mkdirSync, existsSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.join(root, 'www');
const dist = path.join(root, 'dist');
const pkg = path.join(dist, 'pkg');
const purifyFile = path.join(root, 'node_modules/dompurify/dist/purify.es.mjs');

const read = (f) => readFileSync(f, 'utf8');
const stripSourceMap = (js) => js.replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '');

/** esbuild: the page's two imports from outside www/ — the wasm-bindgen glue (dist/pkg) and
 *  DOMPurify (node_modules; the served page gets a copy in dist/vendor). */
const pageImports = {
  name: 'nianbao-page-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\/pkg\/nianbao\.js$/ }, () => ({ path: path.join(pkg, 'nianbao.js') }));
    build.onResolve({ filter: /^\.\/vendor\/purify\.es\.mjs$/ }, () => ({ path: purifyFile }));
  },
};

/** www/app.js and everything it imports as one ES module: {text, metafile}. */
export const bundlePage = () => bundle({ entry: 'www/app.js', format: 'esm', outfile: 'dist/nianbao.bundle.js', plugins: [pageImports] });

const CSP_SERVED = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
].join('; ');

function cspSingle(scriptHash) {
  return [
    "default-src 'none'",
    `script-src '${scriptHash}' 'wasm-unsafe-eval'`,
    "style-src 'unsafe-inline'",
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-src 'none'",
  ].join('; ');
}

const cspMeta = (csp) => `<meta http-equiv="Content-Security-Policy" content="${csp}">`;

/** The sample report (www/sample.txt) as an inert data block: never executed, no request. */
function sampleBlock() {
  const text = read(path.join(www, 'sample.txt'));
  if (/<\/script|<!--/i.test(text)) throw new Error('www/sample.txt must not contain "</script" or "<!--"');
  return `<script type="text/plain" id="nb-sample">${text}</script>`;
}

function fill(template, { csp, style, script }) {
  let out = template;
  for (const [mark, value] of [['<!--NB:CSP-->', csp], ['<!--NB:STYLE-->', style], ['<!--NB:SAMPLE-->', sampleBlock()], ['<!--NB:SCRIPT-->', script]]) {
    if (!out.includes(mark)) throw new Error(`www/index.html: missing ${mark}`);
    out = out.replace(mark, () => value);
  }
  return out;
}

export async function build() {
  for (const f of ['nianbao.js', 'nianbao_bg.wasm']) {
    if (!existsSync(path.join(pkg, f))) throw new Error(`dist/pkg/${f} missing: run scripts/build-wasm.sh first`);
  }
  const template = read(path.join(www, 'index.html'));
  const css = read(path.join(www, 'style.css'));
  const purify = stripSourceMap(read(purifyFile));
  const wasm = readFileSync(path.join(pkg, 'nianbao_bg.wasm'));
  const { text: bundled, metafile } = await bundlePage();
  mkdirSync(path.join(dist, 'meta'), { recursive: true });
  writeFileSync(path.join(dist, 'meta/page.json'), JSON.stringify(metafile, null, 1));

  // 1. The served page: the www/ modules the bundle took in, as they are (native ES modules).
  mkdirSync(path.join(dist, 'vendor'), { recursive: true });
  writeFileSync(path.join(dist, 'vendor/purify.es.mjs'), purify);
  const modules = Object.keys(metafile.inputs).filter((f) => f.startsWith('www/'));
  for (const f of modules) copyFileSync(path.join(root, f), path.join(dist, path.relative(www, path.join(root, f))));
  copyFileSync(path.join(www, 'style.css'), path.join(dist, 'style.css'));
  writeFileSync(
    path.join(dist, 'index.html'),
    fill(template, {
      csp: cspMeta(CSP_SERVED),
      style: '<link rel="stylesheet" href="style.css">',
      script: '<script type="module" src="app.js"></script>',
    }),
  );

  // 2. The single self-contained file.
  let js = `// nianbao — single-file build: www/app.js bundled by esbuild with DOMPurify, the wasm-bindgen glue and the page's modules.\n${stripSourceMap(bundled)}`;
  if (/<\/script/i.test(js)) js = js.replace(/<\/script/gi, '<\\/script');
  // "<!--" inside a script element changes how the HTML parser finds its end; the only ones
  // (in DOMPurify) open string literals, where \x21 is the same "!".
  js = js.replace(/(["'`])<!--/g, '$1<\\x21--');
  if (/<!--/.test(js)) throw new Error('inline script would contain "<!--"');
  const hash = 'sha256-' + createHash('sha256').update(js, 'utf8').digest('base64');
  const b64 = wasm.toString('base64').replace(/(.{76})/g, '$1\n');
  const single = fill(template, {
    csp: cspMeta(cspSingle(hash)),
    style: `<style>\n${css}</style>`,
    script: `<script type="application/wasm-base64" id="nb-wasm">\n${b64}\n</script>\n<script type="module">${js}</script>`,
  });
  writeFileSync(path.join(dist, 'nianbao.html'), single);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`page: dist/index.html (+ ${modules.map((f) => path.relative(www, path.join(root, f))).join(', ')}, style.css, vendor/), dist/nianbao.html ${kb(Buffer.byteLength(single))} (script ${kb(Buffer.byteLength(js))}, wasm ${kb(wasm.length)} inlined)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
