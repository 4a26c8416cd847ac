// The page stays responsive while it checks a 2 MB page (Debian's Chromium via playwright-core).
// It measures how late a 16 ms timer fires, so it runs by itself, after the other browser tests
// (scripts/test.mjs runs *.alone.test.mjs files alone): beside another browser the machine's load,
// not the page, would decide the figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageSession } from './helpers.mjs';
import { bigPage } from './page-fixtures.mjs';

const session = pageSession();

async function openPage() {
  const page = await session.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(session.server.url);
  await page.waitForFunction(() => window.nianbao);
  await page.evaluate(() => window.nianbao.ready());
  return { page, errors };
}

test('a 2 MB page is checked in the worker: 「正在检查…」 with progress, the page answers within 100 ms all along, and it is sanitised', async () => {
  const { page, errors } = await openPage();
  await page.waitForFunction(() => window.nianbao.warmedUp(), null, { timeout: 30000 });
  const payload = '<img src="http://evil.invalid/a.png" onerror="window.__pwned=1"><script>window.__pwned=2</script><div style="background:-webkit-cross-fade(\'http://evil.invalid/x.png\', \'y.png\', 50%)">叉</div>';
  const html = bigPage().replace('<div class="main">', `${payload}<div class="main">`);
  assert.ok(Buffer.byteLength(html) > 1.9e6, `${Buffer.byteLength(html)} bytes`);
  await page.evaluate((html) => {
    window.__big = html;
    window.__seen = [];
    new MutationObserver(() => {
      const p = document.getElementById('nb-progress');
      if (!p.hidden) window.__seen.push(document.getElementById('nb-progress-text').textContent);
    }).observe(document.getElementById('nb-progress'), { attributes: true, subtree: true, childList: true, characterData: true });
  }, html);
  assert.equal(await page.evaluate(() => window.__big.length), html.length);
  const n = Number(await page.evaluate(() => document.documentElement.dataset.nbChecked || 0)) + 1;
  // The floor: how late a 16 ms timer fires on this machine when the page does nothing (a
  // loaded machine delays every timer; responsiveness is judged against that, not in absolute).
  const idleMax = await page.evaluate(
    () =>
      new Promise((done) => {
        const gaps = [];
        let last = performance.now();
        const hb = setInterval(() => {
          const t = performance.now();
          gaps.push(t - last);
          last = t;
        }, 16);
        setTimeout(() => {
          clearInterval(hb);
          done(Math.max(...gaps));
        }, 2000);
      }),
  );
  await page.evaluate(() => {
    window.__gaps = [];
    window.__longest = { gap: 0, at: 0 };
    let last = performance.now();
    window.__hb = setInterval(() => {
      const t = performance.now();
      window.__gaps.push(t - last);
      if (t - last > window.__longest.gap) window.__longest = { gap: t - last, at: last - window.__t0 };
      last = t;
    }, 16);
    window.__t0 = performance.now();
    const dt = new DataTransfer();
    dt.setData('text/html', window.__big);
    document.getElementById('nb-paste').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction((n) => Number(document.documentElement.dataset.nbChecked || 0) >= n, n, { timeout: 120000 });
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    clearInterval(window.__hb);
    return { gaps: window.__gaps, longest: window.__longest, seen: [...new Set(window.__seen)], t: window.nianbao.stats.timings.at(-1), summary: document.getElementById('nb-summary').textContent, pwned: window.__pwned, failed: document.documentElement.dataset.nbFailed, message: document.getElementById('nb-message').textContent };
  });
  assert.ok(r.t, `no timing: ${r.failed} ${r.message}`);
  const max = Math.max(...r.gaps);
  // Where the longest gap began: in which phase of the check (for a failure's first clue).
  let end = 0;
  const phase = [['sanitise', r.t.sanitizeMs], ['walk', r.t.walkMs], ['check', r.t.checkMs], ['display', r.t.displayMs]].find(([, ms]) => r.longest.at < (end += ms))?.[0] ?? 'after display';
  console.log(`2 MB page: max heartbeat gap ${max.toFixed(0)} ms over ${r.gaps.length} beats, from ${r.longest.at.toFixed(0)} ms after the paste (${phase}) (idle floor ${idleMax.toFixed(0)} ms); sanitise ${r.t.sanitizeMs.toFixed(0)} ms, walk ${r.t.walkMs.toFixed(0)} ms, check ${r.t.checkMs.toFixed(0)} ms (${r.t.where}), display ${r.t.displayMs.toFixed(0)} ms`);
  assert.equal(r.t.where, 'worker');
  assert.ok(r.seen.includes('正在检查…'), r.seen.join(' / '));
  assert.ok(r.seen.some((s) => /正在整理网页/.test(s)), 'progress while sanitising');
  assert.ok(max < Math.max(100, 2 * idleMax), `heartbeat gap ${max.toFixed(0)} ms (idle floor ${idleMax.toFixed(0)} ms)`);
  assert.match(r.summary, /^发现 \d+ 处错误/);
  assert.match(await page.textContent('#nb-meta'), /只显示网页中报告所在的部分/);
  assert.equal(r.pwned, undefined);
  assert.equal(await page.$$eval('#nb-doc img, #nb-doc script', (e) => e.length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
