// The print view: an extension page (the checked page cannot reach or restyle it) showing the
// findings of one check as the panel listed them, numbered, with places, fix lines and the
// clerk's review status. The content script sends the data to the background, which opens
// this page with an id; the data comes from storage.session (or, failing that, the worker).
const api = globalThis.browser ?? globalThis.chrome;
const id = new URLSearchParams(location.search).get('id');

function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v);
  }
  n.append(...children.filter((c) => c != null));
  return n;
}

async function data() {
  try {
    const got = await api.storage.session.get(`print:${id}`);
    if (got?.[`print:${id}`]) return got[`print:${id}`];
  } catch {
    // No session storage here.
  }
  return api.runtime.sendMessage({ type: 'print-data', id });
}

function render(d) {
  const out = document.getElementById('out');
  if (!d) {
    out.replaceChildren(el('p', { text: '找不到要打印的检查结果（可能已过期），请在报告页面上重新检查。' }));
    return;
  }
  document.title = d.title;
  const parts = [el('h1', { text: d.title }), el('p', { class: 'src', text: `检查页面：${d.url}` }), el('p', { class: 'src', text: `打印时间：${new Date().toLocaleString('zh-CN')}` })];
  for (const r of d.reports) {
    parts.push(el('h2', { text: `${r.title}${r.year ? `（${r.year}年度）` : ''}` }), el('p', { class: 'summary', text: r.summary }));
    const table = el('table', {}, el('thead', {}, el('tr', {}, ...['序号', '级别', '位置', '问题与改正', '处理'].map((h) => el('th', { scope: 'col', text: h })))));
    const body = el('tbody');
    for (const it of r.items) {
      body.append(
        el(
          'tr',
          { class: `${it.severity}${it.status ? ' reviewed' : ''}` },
          el('td', { class: 'n', text: String(it.n) }),
          el('td', { text: it.severityName }),
          el('td', { text: it.place || '' }),
          el('td', {}, el('div', { text: it.message }), ...it.fixes.map((f) => el('div', { class: 'fix', text: f })), el('div', { class: 'code', text: `${it.code} ${it.label}` })),
          el('td', { text: it.status || '' }),
        ),
      );
    }
    table.append(body);
    parts.push(table);
  }
  out.replaceChildren(...parts);
  out.dataset.ready = '1';
}

document.getElementById('print').addEventListener('click', () => window.print());
data().then(render, () => render(null));
