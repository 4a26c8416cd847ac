// Walks a DOM the browser has already parsed into the event stream the core reads
// (`checkDom` in the wasm; `ingest_events` in src/ingest/html.rs):
//   "\u0001" + tag name + "\u0002"  when an element opens,
//   "\u0003"                        when it closes,
//   text nodes as they are, with those three characters replaced by spaces (same length, so
//   offsets into textContent stay exact).
// Element indices in the core's locations are positions in the returned `nodes` array.
// Comments, processing instructions and shadow trees are left out; <template> contents are not
// children in a DOM and so are not walked; iframes are separate documents (walk each).
// Used by the web page and by the browser extension's content script: the one DOM walk.

const HAS_CONTROL = /[\u0001-\u0003]/;
const CONTROL = /[\u0001-\u0003]/g;

export function domEvents(root) {
  return domWalk(root).run(Infinity);
}

/**
 * The same walk in steps, for pages too big to walk in one task: `run(n)` walks at most `n`
 * more nodes and returns `{events, nodes}` once the walk is complete, else null. Walking in
 * any number of steps gives exactly what `domEvents` gives. `progress()` is the number of
 * nodes walked so far.
 */
export function domWalk(root) {
  const parts = [];
  const nodes = [];
  const start = root.nodeType === 9 ? root.documentElement : root; // Document → <html>
  // Iterative walk: pages can nest deeply. The stack holds nodes to visit and, for an element
  // whose children are under way, CLOSE above them (nothing allocated per node).
  const CLOSE = null;
  const stack = start ? [start] : [];
  let walked = 0;
  const run = (budget) => {
    let left = budget;
    while (stack.length && left-- > 0) {
      walked++;
      const node = stack.pop();
      if (node === CLOSE) {
        parts.push('\u0003');
        continue;
      }
      if (node.nodeType === 3) {
        const t = node.data;
        parts.push(HAS_CONTROL.test(t) ? t.replace(CONTROL, ' ') : t);
        continue;
      }
      if (node.nodeType !== 1 && node.nodeType !== 11) continue;
      if (node.nodeType === 1) {
        nodes.push(node);
        const name = node.localName || node.nodeName.toLowerCase();
        // A tag name may hold the stream's own marks (a hostile page's custom element): blank them.
        parts.push('\u0001', HAS_CONTROL.test(name) ? name.replace(CONTROL, ' ') : name, '\u0002');
        stack.push(CLOSE);
      }
      for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
    }
    return stack.length ? null : { events: parts.join(''), nodes };
  };
  return { run, progress: () => walked };
}
