// Sanitising pasted or opened HTML for the web page: only inert formatting survives. No script,
// no event handler, no URL-bearing attribute or CSS, no element that loads anything; text is
// kept. DOMPurify does the work on a DOM the browser parsed without running or loading anything
// (DOMParser, or an inert HTML document written in pieces); the sanitised nodes are used as they
// are — walked, marked and moved into the page — never serialised and parsed again.
//
// Two paths with one result:
//   sanitizeDom(html)        — one call (DOMPurify parses and sanitises the whole document);
//   sanitizeInSlices(html)   — for big pages (a portal page with thousands of links): the
//     document is parsed in pieces into an inert document (document.write into a document that
//     has no browsing context: no script runs, nothing loads), then sanitised subtree by
//     subtree (runs of small sibling subtrees together) with DOMPurify's IN_PLACE mode, yielding
//     to the page between slices so it stays responsive. Elements above the subtrees are
//     handled as DOMPurify would: an allowed one keeps its sanitised attributes, a disallowed
//     one is unwrapped (its content kept) or, if its content is never kept (script, style,
//     svg, …), removed. Both paths give the same DOM (tests/e2e/page-clerk.test.mjs).
import DOMPurify from './vendor/purify.es.mjs';

const ALLOWED_TAGS = [
  'html', 'head', 'body', 'title',
  'p', 'div', 'span', 'br', 'hr', 'wbr', 'center', 'blockquote', 'pre', 'address',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big',
  'font', 'abbr', 'cite', 'q', 'code', 'kbd', 'samp', 'var', 'label', 'tt',
];
const ALLOWED_ATTR = [
  'colspan', 'rowspan', 'align', 'valign', 'width', 'height', 'style', 'border', 'cellpadding',
  'cellspacing', 'bgcolor', 'color', 'face', 'size', 'span', 'scope', 'headers', 'nowrap', 'lang',
  'dir', 'title', 'start', 'type', 'abbr',
];
const ALLOWED_SET = new Set(ALLOWED_TAGS);
/** Elements whose content DOMPurify drops with them (its default FORBID_CONTENTS; any other
 *  element it does not allow it unwraps, keeping the content): above the sliced subtrees such
 *  an element is removed whole, as DOMPurify would. */
const DROP_WITH_CONTENT = new Set([
  'annotation-xml', 'audio', 'colgroup', 'desc', 'foreignobject', 'head', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext',
  'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template', 'thead', 'title',
  'video', 'xmp',
]);

// CSS in a style attribute: only plain values and the functions that compute colours, lengths
// and transforms survive; any other function (url(), image-set(), -webkit-cross-fade('…'),
// element(), src(), paint(), …) may fetch something, so the whole attribute goes. So does what
// could escape the report's box or hide a payload (escapes, comments, @-rules, expression()).
const SAFE_CSS_FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix',
  'calc', 'min', 'max', 'clamp', 'var', 'translate', 'translatex', 'translatey', 'rotate', 'scale', 'scalex', 'scaley',
  'skew', 'skewx', 'skewy', 'matrix',
]);
const CSS_FUNCTION = /([-\w]*)\s*\(/g;
const UNSAFE_STYLE = /\\|\/\*|@|expression|behavior|binding|javascript:|position\s*:\s*(fixed|sticky)/i;

/** Whether a style attribute's value may stay. (A page repeats a few values on every cell:
 *  each distinct value is judged once.) */
const styleVerdicts = new Map();
export function safeStyle(value) {
  const v = String(value);
  let ok = styleVerdicts.get(v);
  if (ok === undefined) {
    ok = !UNSAFE_STYLE.test(v) && [...v.matchAll(CSS_FUNCTION)].every((m) => SAFE_CSS_FUNCTIONS.has(m[1].toLowerCase()));
    if (styleVerdicts.size >= 4096) styleVerdicts.clear();
    styleVerdicts.set(v, ok);
  }
  return ok;
}

/** Table spans a report needs (a row spanning its table, a header spanning its columns) stay;
 *  what no report needs is clamped, so a page cannot make the browser lay out a 65534-row grid. */
export const MAX_ROWSPAN = 200;
export const MAX_COLSPAN = 60;
function clampSpan(value, max) {
  const n = parseInt(String(value).trim(), 10);
  if (!Number.isFinite(n) || n < 1) return '1';
  return String(Math.min(n, max));
}

/** Images and embedded documents (a scanned report): counted among what DOMPurify took out. */
const MEDIA = new Set(['img', 'picture', 'image', 'object', 'embed', 'canvas', 'svg', 'iframe', 'frame']);
const mediaRemoved = (purifier) => purifier.removed.reduce((n, r) => n + (r.element && MEDIA.has(String(r.element.localName || r.element.nodeName).toLowerCase()) ? 1 : 0), 0);

/** What DOMPurify's configuration cannot say about the attributes it keeps: a style that may
 *  fetch something goes, table spans are clamped. Done after it, on what it kept (rather than in
 *  a hook DOMPurify would call for every attribute). */
function fixAttributes(root) {
  const els = root.querySelectorAll('[style], [rowspan], [colspan], [span]');
  for (const el of root.matches?.('[style], [rowspan], [colspan], [span]') ? [root, ...els] : els) {
    const style = el.getAttribute('style');
    if (style != null && !safeStyle(style)) el.removeAttribute('style');
    const rowspan = el.getAttribute('rowspan');
    if (rowspan != null) el.setAttribute('rowspan', clampSpan(rowspan, MAX_ROWSPAN));
    for (const name of ['colspan', 'span']) {
      const v = el.getAttribute(name);
      if (v != null) el.setAttribute(name, clampSpan(v, MAX_COLSPAN));
    }
  }
}

/** A DOMPurify instance configured once (not parsed again on every call), without Trusted
 *  Types: it returns DOM nodes, never HTML for a sink, so it has no use for a policy, and asking
 *  the browser each kept attribute's Trusted Types kind is a tenth of its time. */
function purifierWith(config, { listChildren = false } = {}) {
  const Element = listChildren ? elementListingChildren() : window.Element;
  const win = new Proxy(window, { get: (w, key) => (key === 'trustedTypes' ? undefined : key === 'Element' ? Element : w[key]) });
  const purifier = DOMPurify(win);
  purifier.setConfig(config);
  return purifier;
}

/** What DOMPurify takes for `Element` (it only reads `Element.prototype`, for the getters it
 *  calls nodes' members through), with a `childNodes` that lists a node's children in a new
 *  array rather than the browser's NodeList. In place, DOMPurify asks every node in the tree
 *  for its children, and the browser keeps each node's NodeList for as long as the node lives
 *  (with the data it hangs on: some 150 bytes a node, 13 MB on a portal page); DOMPurify reads
 *  the list at once and never relies on its being live. A form gets the browser's own list: to
 *  tell a form whose controls shadow its members ("clobbered"), DOMPurify compares the two. */
function elementListingChildren() {
  const get = (name) => Object.getOwnPropertyDescriptor(Node.prototype, name).get;
  const firstChild = get('firstChild');
  const nextSibling = get('nextSibling');
  const childNodes = get('childNodes');
  const localName = Object.getOwnPropertyDescriptor(Element.prototype, 'localName').get;
  const nodeType = get('nodeType');
  const prototype = Object.create(Element.prototype, {
    childNodes: {
      get() {
        if (nodeType.call(this) === 1 && localName.call(this) === 'form') return childNodes.call(this);
        const list = [];
        for (let c = firstChild.call(this); c; c = nextSibling.call(c)) list.push(c);
        return list;
      },
    },
  });
  return { prototype };
}

/** The instance of sanitizeDom. */
let whole = null;
const wholeSanitizer = () => (whole ||= purifierWith({ ...CONFIG, WHOLE_DOCUMENT: true, RETURN_DOM: true }));

/** The instance of the sliced path (IN_PLACE). */
let slicer = null;
const inPlaceSanitizer = () => (slicer ||= purifierWith({ ...CONFIG, IN_PLACE: true }, { listChildren: true }));

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
};

/**
 * Sanitises `html` in one call and returns the sanitised <html> element of an inert document
 * (DOMPurify parses with DOMParser: nothing runs or loads there). `media` (optional) receives
 * how many images or embedded objects were taken out.
 */
export function sanitizeDom(html, media = {}) {
  const purifier = wholeSanitizer();
  const root = purifier.sanitize(html);
  if (root) fixAttributes(root);
  media.removed = mediaRemoved(purifier);
  purifier.removed = [];
  return root;
}

/** Elements in `el`'s subtree (counting it), counted up to `cap` + 1 at most. (Walked by hand:
 *  `getElementsByTagName` would leave a cached collection on each element asked.) */
function sizeUpTo(el, cap) {
  let n = 0;
  for (let x = el; x; ) {
    if (x.nodeType === 1 && ++n > cap) return n;
    if (x.firstChild) x = x.firstChild;
    else {
      while (x !== el && !x.nextSibling) x = x.parentNode;
      x = x === el ? null : x.nextSibling;
    }
  }
  return n;
}

/** How many characters of HTML are parsed per slice (about a millisecond each), and how many
 *  elements a subtree — or a run of sibling subtrees — handed to DOMPurify in one call may have. */
const PARSE_CHARS = 8 * 1024;
const UNIT_ELEMENTS = 150;
const SPENT_CALLS = 64;

/**
 * Sanitises big `html` in slices of about `budgetMs` each, awaiting `yieldNow()` between them.
 * Resolves to the sanitised <html> element (of an inert document), like sanitizeDom.
 * `onProgress(fraction)` is told how far it got; `media.removed` counts images taken out.
 */
export async function sanitizeInSlices(html, { budgetMs = 12, yieldNow, onProgress = () => {}, media = {} } = {}) {
  const purifier = inPlaceSanitizer();
  let mediaSeen = 0;
  // 1. Parse in pieces into an inert document.
  const doc = document.implementation.createHTMLDocument('');
  doc.open();
  let t = performance.now();
  for (let i = 0; i < html.length; i += PARSE_CHARS) {
    doc.write(html.slice(i, i + PARSE_CHARS));
    if (performance.now() - t > budgetMs) {
      onProgress((0.4 * i) / html.length);
      await yieldNow();
      t = performance.now();
    }
  }
  doc.close();
  // 2. Plan: subtrees small enough for one DOMPurify call, consecutive small siblings taken
  //    together (a list of 14,000 links is a few hundred calls, not 14,000); above them, the
  //    shells.
  const runs = []; // [first, last]: siblings sanitised in one call
  const shells = [];
  const toSplit = [doc.documentElement];
  t = performance.now();
  while (toSplit.length) {
    const parent = toSplit.pop();
    shells.push(parent);
    let run = null;
    let child = parent.firstChild;
    while (child) {
      let next = child.nextSibling;
      if (performance.now() - t > budgetMs) {
        await yieldNow();
        t = performance.now();
      }
      if (child.nodeType === 3) {
        // text stays
      } else if (child.nodeType !== 1) {
        child.remove();
      } else {
        const tag = child.localName;
        const size = sizeUpTo(child, UNIT_ELEMENTS);
        if (size <= UNIT_ELEMENTS) {
          // Small enough for one call: DOMPurify decides about it, whatever it is.
          if (run && run.size + size <= UNIT_ELEMENTS) {
            run.last = child;
            run.size += size;
          } else {
            run = { first: child, last: child, size };
            runs.push(run);
          }
        } else if (child.namespaceURI === 'http://www.w3.org/1999/xhtml' && ALLOWED_SET.has(tag)) {
          run = null;
          toSplit.push(child);
        } else if (child.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP_WITH_CONTENT.has(tag)) {
          run = null;
          if (MEDIA.has(tag)) mediaSeen++; // as DOMPurify counts: what it removes, not inside
          child.remove();
        } else {
          // Unwrapped, as DOMPurify does with KEEP_CONTENT: its children take its place and
          // are looked at next.
          run = null;
          if (MEDIA.has(tag)) mediaSeen++;
          const first = child.firstChild;
          while (child.firstChild) parent.insertBefore(child.firstChild, child);
          child.remove();
          if (first) next = first;
        }
      }
      child = next;
    }
  }
  await yieldNow();
  // 3. Sanitise the shells' own attributes (each through a childless copy) and the runs (a run
  //    in a plain <div>, `box`, for the call). Where this happens matters: DOMPurify makes
  //    NodeIterators rooted at what it sanitises, and they stay registered with their root's
  //    document until a garbage collection; every node removed from, or adopted out of, a
  //    document with registered iterators makes the browser go through (and, adopting, copy)
  //    that document's whole list. Left on `doc`, hundreds of iterators would make each later
  //    slice, and moving the report into the page, slower and slower, and the copies alone
  //    allocate some 20 MB on a 2 MB page (a long garbage-collection pause). So the run is
  //    moved into `work`, a document that never keeps an iterator: sanitised there, its nodes
  //    are taken out of the box, and the box — with the iterators rooted at it — is moved on
  //    into `spent` before the nodes go back; copies and shells are sanitised in `spent`.
  const total = shells.length + runs.length;
  let done = 0;
  t = performance.now();
  const todo = [...shells.map((el) => ['shell', el]), ...runs.map((r) => ['run', r])];
  const work = document.implementation.createHTMLDocument('');
  let spent = null;
  let i = 0;
  while (i < todo.length) {
    while (i < todo.length && performance.now() - t <= budgetMs) {
      if (i % SPENT_CALLS === 0 || !spent) spent = document.implementation.createHTMLDocument('');
      const [kind, x] = todo[i++];
      if (kind === 'shell') {
        const copy = spent.importNode(x, false);
        purifier.sanitize(copy);
        fixAttributes(copy);
        mediaSeen += mediaRemoved(purifier);
        for (const a of [...x.attributes]) if (!copy.hasAttribute(a.name)) x.removeAttribute(a.name);
        for (const a of [...copy.attributes]) x.setAttribute(a.name, a.value);
      } else if (x.first.isConnected && x.last.parentNode === x.first.parentNode) {
        const parent = x.first.parentNode;
        const end = x.last.nextSibling;
        const box = work.createElement('div');
        for (let n = x.first; n !== end; ) {
          const next = n.nextSibling;
          box.appendChild(n);
          n = next;
        }
        purifier.sanitize(box);
        fixAttributes(box);
        mediaSeen += mediaRemoved(purifier);
        const kept = work.createDocumentFragment();
        while (box.firstChild) kept.appendChild(box.firstChild);
        spent.adoptNode(box);
        parent.insertBefore(kept, end);
      }
      purifier.removed = [];
      done++;
    }
    onProgress(0.4 + (0.6 * done) / total);
    if (i < todo.length) {
      await yieldNow();
      t = performance.now();
    }
  }
  media.removed = mediaSeen;
  return doc.documentElement;
}
