// Inputs the page's browser tests make from the committed fixtures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';

export const pagesDir = path.join(root, 'tests/fixtures/pages');

/**
 * A 2 MB government page: tests/fixtures/pages/sifangtai-2024.html with a sidebar of `links`
 * (default 14,000) news links before the article, as portal pages have ("相关信息" lists that
 * run to thousands of entries).
 */
export function bigPage(links = 14000) {
  const page = readFileSync(path.join(pagesDir, 'sifangtai-2024.html'), 'utf8');
  const items = [];
  for (let i = 0; i < links; i++) {
    const d = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    items.push(`<li><a href="/xxgk/${2024 - (i % 9)}/art_${100000 + i}.html">关于做好第${i + 1}批政务公开重点事项的通知</a><span>${d}</span></li>`);
  }
  const side = `<div class="side"><h3>相关信息</h3><ul class="list">\n${items.join('\n')}\n</ul></div>\n`;
  return page.replace('<div class="main">', `${side}<div class="main">`);
}
