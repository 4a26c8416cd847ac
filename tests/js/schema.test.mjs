// The JSON contract (src/report.schema.json, draft 2020-12, strict) against what actually
// crosses the boundary: the CLI's JSON for every fixture (with and without --with-text, an
// unreadable file too), the wasm's checkText and checkDom in Node (dist/pkg, after the build),
// its fileKind / vocabulary / rules / decodeFile, and the README's example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'src/report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
ajv.addSchema(schema);
const validator = (ref) => ajv.getSchema(ref ? `${schema.$id}#/$defs/${ref}` : schema.$id);

/** Asserts `value` is valid, naming the first problems. */
function valid(value, ref, what) {
  const v = validator(ref);
  if (!v(value)) assert.fail(`${what}: ${ajv.errorsText(v.errors.slice(0, 5), { separator: '\n  ' })}`);
}

const fixtureDirs = ['seeds', 'corpus', 'html', 'pages'].map((d) => path.join(root, 'tests/fixtures', d));
const fixtures = [
  ...fixtureDirs.flatMap((d) => readdirSync(d).filter((f) => /\.(txt|html)$/.test(f)).sort().map((f) => path.join(d, f))),
  ...readdirSync(path.join(root, 'tests/e2e/fixtures')).sort().map((f) => path.join(root, 'tests/e2e/fixtures', f)),
];
const seeds = fixtures.filter((f) => f.includes(`${path.sep}seeds${path.sep}`));
const texts = fixtures.filter((f) => /[\\/](seeds|corpus)[\\/].*\.txt$/.test(f));

/** `nianbao check --format json [--with-text] files…` through cargo (the `quick` build the
 * Rust tests make; built if needed). */
function cli(args) {
  const r = spawnSync('cargo', ['run', '--profile', 'quick', '--quiet', '--bin', 'nianbao', '--', 'check', '--format', 'json', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `nianbao exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('the fixtures are there', () => {
  assert.equal(seeds.length, 5);
  assert.ok(texts.length >= 18, `${texts.length} text fixtures`);
  assert.ok(fixtures.filter((f) => f.endsWith('.html')).length >= 10);
});

test('the schema rejects what the contract does not declare', () => {
  const report = cli([seeds[4]])[0];
  valid(report, null, 'seed 004');
  const broken = [
    { ...report, surprise: 1 },
    { ...report, findings: [{ ...report.findings[0], severity: 'fatal' }] },
    { ...report, findings: [{ ...report.findings[1], cells: [{ ...report.findings[1].cells[0], fix: undefined }] }] },
    { ...report, summary: { ...report.summary, note: 0 } },
    { ...report, title_location: { ...report.title_location, element: 3 } },
    { ...report, format: null },
    { ...report, findings: [{ ...report.findings[1], consequences: [{ code: 'T103' }] }] },
    { ...report, findings: [{ ...report.findings[1], consequences: [] }] },
  ].map((r) => JSON.parse(JSON.stringify(r)));
  for (const [i, r] of broken.entries()) assert.equal(validator()(r), false, `broken variant ${i} passes`);
});

test('one mistake, one finding: the cell to change carries expected, the failed relations are its consequences', () => {
  const report = cli([seeds[4]])[0];
  const f = report.findings.find((x) => x.code === 'T101');
  assert.deepEqual(f.consequences.map((c) => c.code), ['T101', 'T103']);
  assert.deepEqual(f.cells.filter((c) => c.expected !== undefined).map((c) => `${c.row}|${c.col}|${c.value}→${c.expected}`), ['四、结转下年度继续办理|自然人|1→0']);
  assert.ok(!report.findings.some((x) => x.code === 'T103'), 'the balance that fails is a consequence, not a finding');
  assert.ok(!f.message.startsWith('T101') && !/[\/]/.test(f.message), f.message);
});

test('CLI: every fixture, plain and --with-text, and an unreadable file', () => {
  const missing = path.join(root, 'tests/fixtures/no-such-file.txt');
  for (const extra of [[], ['--with-text']]) {
    const out = cli([...extra, ...fixtures, missing]);
    assert.equal(out.length, fixtures.length + 1);
    for (const [i, r] of out.entries()) valid(r, null, `${extra.join(' ')} ${path.relative(root, r.file)}`);
    assert.ok(out.at(-1).error, 'the missing file is reported as unreadable');
    assert.ok(out.some((r) => r.kind === 'not-a-report') && out.some((r) => r.input === 'html') && out.some((r) => r.findings?.some((f) => f.cells.some((c) => c.fix))));
    if (extra.length) assert.ok(out.every((r) => r.error || (Array.isArray(r.paragraphs) && Array.isArray(r.sentences))));
  }
});

// ------------------------------------------------------------------ the wasm, in Node

const pkgDir = path.join(root, 'dist/pkg');
const built = existsSync(path.join(pkgDir, 'nianbao_bg.wasm'));
let nb = null;
async function wasm() {
  if (!nb) {
    nb = await import(path.join(pkgDir, 'nianbao.js'));
    nb.initSync({ module: readFileSync(path.join(pkgDir, 'nianbao_bg.wasm')) });
  }
  return nb;
}

/**
 * A seed in the indented layout as the event stream of www/dom-events.js, for the DOM a browser
 * would build from tests/e2e/helpers.mjs's textReportToHtml (html, head, title, body, a div, <p>
 * per prose line, <table><tbody><tr><td> with <br> between a cell's lines). Returns {events,
 * elements}.
 */
function seedEvents(text) {
  const open = (tag) => `\u0001${tag}\u0002`;
  const close = '\u0003';
  const clean = (s) => s.replace(/[\u0001-\u0003]/g, ' ');
  let out = open('html') + open('head') + open('title') + close + close + open('body') + open('div');
  let elements = 5;
  let table = null;
  let row = null;
  let lastWasCell = false;
  const flushRow = () => {
    if (row && row.length) table.push(row);
    row = null;
  };
  const flushTable = () => {
    if (!table) return;
    flushRow();
    out += open('table') + open('tbody');
    elements += 2;
    for (const r of table) {
      out += open('tr');
      elements++;
      for (const c of r) {
        out += open('td') + c.map(clean).join(open('br') + close) + close;
        elements += c.length;
      }
      out += close;
    }
    out += close + close;
    table = null;
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
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
      out += open('p') + clean(line.trim()) + close;
      elements++;
      lastWasCell = false;
    }
  }
  flushTable();
  return { events: out + close + close + close, elements };
}

test('wasm checkText: every text fixture, as text and with the kind guessed', { skip: !built && 'dist/pkg not built' }, async () => {
  const { checkText } = await wasm();
  for (const f of texts) {
    const text = readFileSync(f, 'utf8');
    for (const kind of ['text', '']) valid(JSON.parse(checkText(text, kind, path.basename(f))), null, `checkText(${path.basename(f)}, "${kind}")`);
  }
  valid(JSON.parse(checkText('通知：明天开会。', 'text', 'x')), null, 'not a report');
  valid(JSON.parse(checkText('', 'text', '')), null, 'empty');
});

test('wasm checkDom: the seeds as DOM event streams', { skip: !built && 'dist/pkg not built' }, async () => {
  const { checkDom } = await wasm();
  let fixes = 0;
  for (const f of seeds) {
    const { events, elements } = seedEvents(readFileSync(f, 'utf8'));
    const r = JSON.parse(checkDom(events, path.basename(f)));
    valid(r, null, `checkDom(${path.basename(f)})`);
    assert.equal(r.input, 'html');
    assert.equal(r.element_count, elements, 'the stream is numbered as written');
    assert.equal(r.kind, 'annual-report', path.basename(f));
    fixes += r.findings.flatMap((x) => x.cells).filter((c) => c.fix).length;
  }
  assert.ok(fixes > 0, 'some cell carries a fix line');
  valid(JSON.parse(checkDom('', '')), null, 'no events');
});

test('wasm fileKind, vocabulary, rules, decodeFile', { skip: !built && 'dist/pkg not built' }, async () => {
  const { fileKind, vocabulary, rules, decodeFile, sniffKind } = await wasm();
  const enc = (s) => new TextEncoder().encode(s);
  for (const [name, head] of [['a.html', enc('<html>')], ['a.txt', enc('一、总体情况')], ['a.pdf', enc('%PDF-1.7')], ['a.docx', enc('PK\u0003\u0004x')], ['a.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])], ['a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])], ['a.exe', enc('MZ\u0000')]]) {
    valid(JSON.parse(fileKind(name, head)), 'fileKind', `fileKind(${name})`);
  }
  valid(JSON.parse(vocabulary()), 'vocabulary', 'vocabulary()');
  valid(JSON.parse(rules()), 'rules', 'rules()');
  for (const f of readdirSync(path.join(root, 'tests/e2e/fixtures'))) {
    valid(JSON.parse(decodeFile(readFileSync(path.join(root, 'tests/e2e/fixtures', f)), f)), 'decodedFile', `decodeFile(${f})`);
  }
  assert.equal(sniffKind('<!DOCTYPE html><p>x'), 'html');
  assert.equal(sniffKind('一、总体情况 <p>'), 'text');
});

test('the README’s JSON example is valid JSON and follows the contract', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### JSON contract'));
  const m = section.match(/```json\n([\s\S]*?)\n```/);
  assert.ok(m, 'a ```json block under "JSON contract"');
  const example = JSON.parse(m[1]);
  assert.ok(Array.isArray(example) && example.length >= 2);
  for (const [i, r] of example.entries()) valid(r, null, `README example [${i}]`);
  assert.ok(example.some((r) => r.error) && example.some((r) => r.findings?.some((f) => f.cells.some((c) => c.fix))), 'shows a fix line and an unreadable file');
});
