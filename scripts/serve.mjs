// Serves dist/ (the built page) on localhost with node:http only, and prints the URL.
// Usage: node scripts/serve.mjs [port]   (default 8080, or $PORT; the next free port if busy)
// Also importable: `const { url, close } = await serve({ port: 0 })` (used by the tests).
// An HTML page goes out with its Content-Security-Policy as an HTTP header too (the <meta> one,
// plus `frame-ancestors 'none'`, which a <meta> cannot carry: no other site may frame the page),
// and every file with `X-Content-Type-Options: nosniff`.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The policy a page declares in `<meta http-equiv="Content-Security-Policy" content="…">`. */
function metaCsp(html) {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["'\s>]/i.test(tag)) continue;
    const m = tag.match(/content\s*=\s*"([^"]*)"/i) || tag.match(/content\s*=\s*'([^']*)'/i);
    if (m) return m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return null;
}

/** The HTTP Content-Security-Policy of a page: its own, and no framing by anyone. */
export function cspHeader(html) {
  const own = metaCsp(html);
  return own ? `${own.replace(/;\s*$/, '')}; frame-ancestors 'none'` : "frame-ancestors 'none'";
}

function handler(dir) {
  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      let rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(dir, '.' + path.posix.normalize(rel));
      if (file !== dir && !file.startsWith(dir + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const st = await stat(file).catch(() => null);
      if (!st || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end('404 未找到\n');
        return;
      }
      const body = await readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = {
        'Content-Type': type,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      if (type.startsWith('text/html')) {
        headers['Content-Security-Policy'] = cspHeader(body.toString('utf8'));
        headers['X-Frame-Options'] = 'DENY';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts the server. `port` 0 picks any free port; a busy port moves to the next ones. */
export async function serve({ port = 8080, dir = path.join(root, 'dist'), host = '127.0.0.1', tries = 20 } = {}) {
  const server = http.createServer(handler(path.resolve(dir)));
  let bound = null;
  for (let i = 0; i < (port === 0 ? 1 : tries); i++) {
    try {
      bound = await listen(server, port === 0 ? 0 : port + i, host);
      break;
    } catch (e) {
      if (e.code !== 'EADDRINUSE') throw e;
    }
  }
  if (bound == null) bound = await listen(server, 0, host);
  return { url: `http://localhost:${bound}/`, port: bound, server, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || process.env.PORT || 8080);
  const { url } = await serve({ port });
  console.log(`年报检查页面已启动：${url}  （按 Ctrl+C 停止）`);
}
