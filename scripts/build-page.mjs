// Builds the web page from www/ and the wasm core in dist/pkg (built by build-wasm.sh):
//   dist/index.html + app.js + dom-events.js + style.css + vendor/purify.es.mjs — served by
//   `npm start`;
//   dist/nianbao.html — one self-contained file (CSS, JS, DOMPurify and the wasm as base64 all
//   inline) that works when opened from disk (file://), for networks without internet.
// Both carry a Content-Security-Policy that forbids every network load except, for the
// served page, its own files.
import { readFileSync, writeFileSync, mkdirSync, existsSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.join(root, 'www');
const dist = path.join(root, 'dist');
const pkg = path.join(dist, 'pkg');
const purifyFile = path.join(root, 'node_modules/dompurify/dist/purify.es.mjs');

const read = (f) => readFileSync(f, 'utf8');
const stripSourceMap = (js) => js.replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '');

/** The ES module text of wasm-bindgen's glue as an expression yielding its exports. */
function moduleAsExpression(js, label) {
  const names = [];
  let body = js.replace(/^export\s+(async\s+function|function|class|const|let)\s+([A-Za-z_$][\w$]*)/gm, (_m, kw, name) => {
    names.push([name, name]);
    return `${kw} ${name}`;
  });
  body = body.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_m, list) => {
    for (const part of list.split(',')) {
      const p = part.trim();
      if (!p) continue;
      const [local, exported] = p.split(/\s+as\s+/).map((s) => s.trim());
      names.push([exported || local, local]);
    }
    return '';
  });
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`${label}: unexpected import/export left after inlining`);
  const ret = names.map(([exp, local]) => (exp === local ? local : `${JSON.stringify(exp)}: ${local}`)).join(', ');
  return `(() => {\n${body}\nreturn { ${ret} };\n})()`;
}

function appWithoutImports(app) {
  const lines = app.split('\n');
  const kept = [];
  let removed = 0;
  for (const l of lines) {
    if (
      /^import \* as nb from '\.\/pkg\/nianbao\.js';$/.test(l) ||
      /^import DOMPurify from '\.\/vendor\/purify\.es\.mjs';$/.test(l) ||
      /^import \{ domEvents \} from '\.\/dom-events\.js';$/.test(l)
    ) {
      removed++;
      continue;
    }
    kept.push(l);
  }
  if (removed !== 3) throw new Error('www/app.js: expected its three imports (pkg/nianbao.js, vendor/purify.es.mjs, dom-events.js)');
  return kept.join('\n');
}

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
  const app = read(path.join(www, 'app.js'));
  const domEventsJs = read(path.join(www, 'dom-events.js'));
  const purify = stripSourceMap(read(purifyFile));
  const glue = read(path.join(pkg, 'nianbao.js'));
  const wasm = readFileSync(path.join(pkg, 'nianbao_bg.wasm'));

  // 1. The served page.
  mkdirSync(path.join(dist, 'vendor'), { recursive: true });
  writeFileSync(path.join(dist, 'vendor/purify.es.mjs'), purify);
  copyFileSync(path.join(www, 'app.js'), path.join(dist, 'app.js'));
  copyFileSync(path.join(www, 'dom-events.js'), path.join(dist, 'dom-events.js'));
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
  let js = [
    '// nianbao — single-file build: DOMPurify, the wasm-bindgen glue, the DOM walk and the page, inlined.',
    `const DOMPurify = ${moduleAsExpression(purify, 'purify.es.mjs')}.default;`,
    `const nb = ${moduleAsExpression(stripSourceMap(glue), 'nianbao.js')};`,
    `const { domEvents } = ${moduleAsExpression(domEventsJs, 'dom-events.js')};`,
    appWithoutImports(app),
  ].join('\n');
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
  console.log(`page: dist/index.html (+ app.js, style.css, vendor/), dist/nianbao.html ${kb(Buffer.byteLength(single))} (wasm ${kb(wasm.length)} inlined)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
