// The front ends keep no copy of what only the core knows: severity names, table titles, format
// names, file extensions, the HTML-sniffing list, the 「写作…应为」 line. They get them from the
// core (vocabulary(), rules(), fileKind(), sniffKind(), each cell's `fix` and `table_title`) and
// the marks from www/findings.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FRONT_ENDS = ['www/app.js', 'www/extension/content.js', 'www/extension/background.js', 'www/findings.js', 'www/index.html'];
const CORE_WORDS = [
  /错误|警告|(?<!不再)提示/, // severity names (vocabulary().severities); 「本规则不再提示」 is the page's own action
  /写作|应为|（空白）|（缺失）/, // the fix line (cells[].fix)
  /主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开行政复议、行政诉讼情况/, // table titles
  /国办公开办函|〔20\d\d〕/, // format names (format_name)
  /['"`,]\s*\.(?:s?html?|txt|text|pdf|docx?)\b|\(html\?\||\btxt\|/i, // file types (fileKind, vocabulary().accept)
  /['"]<!doctype|'<!' \+ '--'/i, // the HTML sniffing list (sniffKind)
];

for (const file of FRONT_ENDS) {
  test(`${file} holds no copy of the core's words`, () => {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    const hits = [];
    lines.forEach((line, i) => {
      if (/^\s*(?:\/\/|\/\*|\*)/.test(line)) return; // comments may name what they refer to
      for (const re of CORE_WORDS) if (re.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
    });
    assert.deepEqual(hits, []);
  });
}

test('both front ends take their marks from www/findings.js', () => {
  for (const file of ['www/app.js', 'www/extension/content.js']) {
    const src = readFileSync(path.join(root, file), 'utf8');
    assert.match(src, /from '\.{1,2}\/findings\.js'/, file);
    assert.match(src, /\bmarksOf\(/, file);
    // No second reading of findings: the places come from marksOf, not from the report.
    assert.doesNotMatch(src, /\.locations\b|\.cells\b.*\.expected|\bcode\.startsWith\(|\/\^P\//, file);
  }
});
