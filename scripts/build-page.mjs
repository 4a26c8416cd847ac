// Builds the web page from www/ and the wasm core in dist/pkg (built by build-wasm.sh):
//   dist/index.html + app.js and the modules it imports (findings.js, tables.js, dom-events.js)
//   + style.css + vendor/purify.es.mjs — served by `npm start`, loaded as native ES modules;
//   dist/nianbao.html — one self-contained file (CSS, JS, DOMPurify and the wasm as base64 all
//   inline) that works when opened from disk (file://), for networks without internet. Its
//   script is www/app.js bundled by esbuild (one ES module, inline), the wasm-bindgen glue and
//   DOMPurify included.
// Both carry a Content-Security-Policy that forbids every network load except, for the
// served page, its own files; the single file's script is allowed by its hash.
// The checks run in a worker (www/worker.js, bundled with the glue and fflate): dist/worker.js
// (a module worker) for the served page; inline as an inert text block in the single file,
// bundled as a classic script and started from a blob: URL (its CSP allows `worker-src blob:`).
// 「检查项目说明」 (what each rule checks and on what basis) is generated here from the core's
// rules() and vocabulary(): inside both pages (#nb-help, one anchor per code: #rule-T101) and as
// dist/help.html.
// dist/meta/page.json is esbuild's account of what went into the bundle.
import { readFileSync, writeFileSync, mkdirSync, existsSync, copyFileSync, cpSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.join(root, 'www');
const dist = path.join(root, 'dist');
const pkg = path.join(dist, 'pkg');
const purifyFile = path.join(root, 'node_modules/dompurify/dist/purify.es.mjs');
const fflateFile = path.join(root, 'node_modules/fflate/esm/browser.js');

const read = (f) => readFileSync(f, 'utf8');
const stripSourceMap = (js) => js.replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '');

/** esbuild: the page's two imports from outside www/ — the wasm-bindgen glue (dist/pkg) and
 *  DOMPurify (node_modules; the served page gets a copy in dist/vendor). */
const pageImports = {
  name: 'nianbao-page-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\/pkg\/nianbao\.js$/ }, () => ({ path: path.join(pkg, 'nianbao.js') }));
    build.onResolve({ filter: /^\.\/vendor\/purify\.es\.mjs$/ }, () => ({ path: purifyFile }));
    build.onResolve({ filter: /^\.\/vendor\/fflate\.mjs$/ }, () => ({ path: fflateFile }));
  },
};

/** www/app.js and everything it imports as one ES module: {text, metafile}. */
export const bundlePage = () => bundle({ entry: 'www/app.js', format: 'esm', outfile: 'dist/nianbao.bundle.js', plugins: [pageImports] });
/** www/worker.js and everything it imports (the glue, fflate) as one ES module. */
export const bundleWorker = (format = 'esm') => bundle({ entry: 'www/worker.js', format, outfile: `dist/worker.${format}.js`, plugins: format === 'esm' ? [pageImports] : [pageImports, classicGlue] });

/** esbuild: in a classic script there is no import.meta; the glue uses import.meta.url only to
 *  find the .wasm when it is not given one (the worker always is), so the worker's own URL
 *  stands in. */
const classicGlue = {
  name: 'nianbao-classic-glue',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]pkg[\\/]nianbao\.js$/ }, (args) => ({ contents: read(args.path).replace(/\bimport\.meta\.url\b/g, 'self.location.href'), loader: 'js' }));
  },
};

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
    'worker-src blob:',
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

const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The core's rules() and vocabulary(), read by instantiating dist/pkg in Node; the rule files'
 *  whole documentation from the PDF module's ruleDocs() (the page's wasm carries only their
 *  「依据」 lines, to keep its first load within budget). */
async function coreWords() {
  const glue = await import(pathToFileURL(path.join(pkg, 'nianbao.js')).href);
  glue.initSync({ module: readFileSync(path.join(pkg, 'nianbao_bg.wasm')) });
  const pdfPkg = path.join(dist, 'pkg-pdf');
  const pdf = await import(pathToFileURL(path.join(pdfPkg, 'nianbao_pdf.js')).href);
  pdf.initSync({ module: readFileSync(path.join(pdfPkg, 'nianbao_pdf_bg.wasm')) });
  const docs = JSON.parse(pdf.ruleDocs());
  const rules = JSON.parse(glue.rules()).map((r) => ({ ...r, basis: r.basis ?? docs[r.code] }));
  return { rules, vocabulary: JSON.parse(glue.vocabulary()) };
}

const KINDS = [
  ['T', '勾稽关系（表格中的数是否相加一致）'],
  ['V', '单元格的数值'],
  ['S', '表格、标签和章节结构'],
  ['P', '正文（与表格是否一致、重复的语句、年份）'],
];

/** 「检查项目说明」 as an HTML fragment: each rule with its summary, severity, what it checks
 *  (the Chinese line of its documentation) and its basis, under an anchor per code. */
export function helpHtml({ rules, vocabulary }) {
  const out = ['<h2 id="nb-help-title">检查项目说明</h2>',
    '<p>下面是本工具检查的每一项：检查什么、依据什么。问题清单中每条问题旁的「为什么？」链接到这里对应的一项。级别：' +
      (vocabulary.severity_order || []).map((s) => `<span class="nb-badge nb-${s}">${escapeHtml(vocabulary.severities[s])}</span>`).join(' ') +
      '（错误必须改正；警告多半有误，请核对；提示供参考）。</p>'];
  for (const [letter, title] of KINDS) {
    const list = rules.filter((r) => r.code.startsWith(letter));
    if (!list.length) continue;
    out.push(`<h3>${escapeHtml(title)}</h3>`);
    for (const r of list) {
      const lines = String(r.basis || '').split('\n');
      const first = /^\s*[A-Z]\d{3}\b.*—/.test(lines[0] || '') ? lines.shift() : '';
      const what = first.split('—').slice(1).join('—').trim().replace(/\.$/, '');
      const basis = lines.join('\n').replace(/^\s*Basis:\s*/m, '').trim();
      const latin = (basis.match(/[A-Za-z]/g) || []).length > (basis.match(/[\u3400-\u9fff]/g) || []).length;
      out.push(
        `<section class="nb-rule" id="rule-${escapeHtml(r.code)}" tabindex="-1">` +
          `<h4><span class="nb-badge nb-${escapeHtml(r.severity)}">${escapeHtml(vocabulary.severities[r.severity] || r.severity)}</span> ${escapeHtml(r.summary)} <small class="nb-code">${escapeHtml(r.code)}</small></h4>` +
          (what && what !== r.summary ? `<p>检查：${escapeHtml(what)}</p>` : '') +
          (basis ? `<p class="nb-basis"${latin ? ' lang="en"' : ''}><b lang="zh-CN">依据：</b>${escapeHtml(basis).replace(/\n\n+/g, '</p><p class="nb-basis">').replace(/\n/g, ' ')}</p>` : '') +
          '</section>',
      );
    }
  }
  return out.join('\n');
}

function fill(template, { csp, style, script, help = '' }) {
  let out = template;
  for (const [mark, value] of [['<!--NB:CSP-->', csp], ['<!--NB:STYLE-->', style], ['<!--NB:HELP-->', help], ['<!--NB:SAMPLE-->', sampleBlock()], ['<!--NB:SCRIPT-->', script]]) {
    if (!out.includes(mark)) throw new Error(`www/index.html: missing ${mark}`);
    out = out.replace(mark, () => value);
  }
  return out;
}

/** pdf.js (pdfjs-dist's legacy build, for older Chromium-based browsers too), loaded by the page
 *  only when a PDF is opened: the library, its worker, the CMaps of non-embedded CJK fonts and
 *  the standard fonts' data. Copied to `dir` (dist/vendor/pdfjs, the extension's vendor/pdfjs). */
export function copyPdfjs(dir) {
  const from = path.join(root, 'node_modules/pdfjs-dist');
  mkdirSync(dir, { recursive: true });
  for (const f of ['pdf.min.mjs', 'pdf.worker.min.mjs']) copyFileSync(path.join(from, 'legacy/build', f), path.join(dir, f));
  cpSync(path.join(from, 'cmaps'), path.join(dir, 'cmaps'), { recursive: true });
  cpSync(path.join(from, 'standard_fonts'), path.join(dir, 'standard_fonts'), { recursive: true });
  copyFileSync(path.join(from, 'LICENSE'), path.join(dir, 'LICENSE'));
}

/** The PDF reader module (dist/pkg-pdf, built by build-wasm.sh from src/wasm_pdf.rs), loaded by
 *  the page and the extension's viewer only when a PDF is opened. Copied to `dir`
 *  (dist/vendor/nianbao-pdf, the extension's vendor/nianbao-pdf). */
export function copyPdfReader(dir) {
  const from = path.join(root, 'dist/pkg-pdf');
  mkdirSync(dir, { recursive: true });
  for (const f of ['nianbao_pdf.js', 'nianbao_pdf_bg.wasm']) {
    if (!existsSync(path.join(from, f))) throw new Error(`dist/pkg-pdf/${f} missing: run scripts/build-wasm.sh first`);
    copyFileSync(path.join(from, f), path.join(dir, f));
  }
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
  const { text: workerJs, metafile: workerMeta } = await bundleWorker('esm');
  // The single file's worker is a classic script: Chromium refuses a module worker from a
  // blob: URL of a file:// page (an opaque origin), but starts a classic one.
  const { text: workerClassic } = await bundleWorker('iife');
  mkdirSync(path.join(dist, 'meta'), { recursive: true });
  writeFileSync(path.join(dist, 'meta/page.json'), JSON.stringify(metafile, null, 1));
  writeFileSync(path.join(dist, 'meta/worker.json'), JSON.stringify(workerMeta, null, 1));
  const help = helpHtml(await coreWords());

  // 1. The served page: the www/ modules the bundle took in, as they are (native ES modules).
  mkdirSync(path.join(dist, 'vendor'), { recursive: true });
  writeFileSync(path.join(dist, 'vendor/purify.es.mjs'), purify);
  writeFileSync(path.join(dist, 'vendor/fflate.mjs'), stripSourceMap(read(fflateFile)));
  writeFileSync(path.join(dist, 'worker.js'), `// nianbao check worker: www/worker.js bundled by esbuild with the wasm-bindgen glue and fflate.\n${stripSourceMap(workerJs)}`);
  const modules = Object.keys(metafile.inputs).filter((f) => f.startsWith('www/'));
  for (const f of modules) copyFileSync(path.join(root, f), path.join(dist, path.relative(www, path.join(root, f))));
  copyFileSync(path.join(www, 'style.css'), path.join(dist, 'style.css'));
  copyPdfjs(path.join(dist, 'vendor/pdfjs'));
  copyPdfReader(path.join(dist, 'vendor/nianbao-pdf'));
  writeFileSync(
    path.join(dist, 'index.html'),
    fill(template, {
      csp: cspMeta(CSP_SERVED),
      style: '<link rel="stylesheet" href="style.css">',
      script: '<script type="module" src="app.js"></script>',
      help,
    }),
  );
  writeFileSync(
    path.join(dist, 'help.html'),
    `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n${cspMeta("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")}\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>检查项目说明 · 年报检查</title>\n<style>\n${css}</style>\n</head>\n<body class="nb-help-page">\n<main class="nb-help">\n${help}\n</main>\n</body>\n</html>\n`,
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
  let workerText = stripSourceMap(workerClassic);
  if (/<\/script|<!--/i.test(workerText)) workerText = workerText.replace(/<\/script/gi, '<\\/script').replace(/(["'`])<!--/g, '$1<\\x21--');
  if (/<\/script|<!--/i.test(workerText)) throw new Error('the worker\'s text would end its script block');
  const single = fill(template, {
    csp: cspMeta(cspSingle(hash)),
    style: `<style>\n${css}</style>`,
    script: `<script type="application/wasm-base64" id="nb-wasm">\n${b64}\n</script>\n<script type="text/plain" id="nb-worker-src">${workerText}</script>\n<script type="module">${js}</script>`,
    help,
  });
  writeFileSync(path.join(dist, 'nianbao.html'), single);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`page: dist/index.html (+ ${modules.map((f) => path.relative(www, path.join(root, f))).join(', ')}, style.css, vendor/), dist/nianbao.html ${kb(Buffer.byteLength(single))} (script ${kb(Buffer.byteLength(js))}, wasm ${kb(wasm.length)} inlined)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
