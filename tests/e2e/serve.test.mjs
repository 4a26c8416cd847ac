// The page server (scripts/serve.mjs) sends the page's Content-Security-Policy as an HTTP
// header as well, with `frame-ancestors 'none'` (which a <meta> cannot carry), and nosniff on
// every file: another site cannot frame the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchChromium, startServer } from './helpers.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

test('the page goes out with its CSP as a header, no framing, nosniff', async () => {
  const page = await fetch(server.url);
  const html = await page.text();
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)[1];
  const csp = page.headers.get('content-security-policy');
  assert.equal(csp, `${meta}; frame-ancestors 'none'`);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  // The single file, served, carries its own (stricter) policy.
  const single = await fetch(new URL('nianbao.html', server.url));
  const singleMeta = (await single.text()).match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)[1];
  assert.equal(single.headers.get('content-security-policy'), `${singleMeta}; frame-ancestors 'none'`);
  for (const file of ['app.js', 'style.css', 'pkg/nianbao_bg.wasm', 'missing.html']) {
    const r = await fetch(new URL(file, server.url));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', file);
    assert.equal(r.headers.get('content-security-policy'), null, file);
  }
});

test('another site cannot frame the page', async () => {
  // A page on another origin (another port) that frames the checker.
  const framer = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><iframe id="f" src="${server.url}"></iframe>`);
  });
  await new Promise((r) => framer.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  try {
    const page = browser.page;
    const blocked = [];
    page.on('console', (m) => /frame-ancestors|Refused to frame/i.test(m.text()) && blocked.push(m.text()));
    await page.goto(`http://127.0.0.1:${framer.address().port}/`);
    await page.waitForFunction(() => document.getElementById('f'));
    // Wait until the frame is decided either way (refused: the console says so or the frame
    // shows Chrome's error page; allowed: the checker's file input is there), not a fixed time.
    const child = () => page.frames().find((f) => f !== page.mainFrame());
    const loadedIn = (f) => (f ? f.evaluate(() => !!document.querySelector('#nb-file')).catch(() => false) : false);
    for (const end = Date.now() + 10000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
      const f = child();
      if (blocked.length > 0 || (f && /^chrome-error:/.test(f.url())) || (await loadedIn(f))) break;
    }
    const loaded = await loadedIn(child());
    assert.equal(loaded, false, 'the checker did not load inside the frame');
    assert.ok(blocked.length > 0 || !child() || /^chrome-error:/.test(child().url()), `frame: ${child()?.url()}`);
  } finally {
    await browser.close();
    await new Promise((r) => framer.close(r));
  }
});
