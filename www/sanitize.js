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
//     subtree with DOMPurify's IN_PLACE mode, yielding to the page between slices so it stays
//     responsive. Elements above the subtrees are handled as DOMPurify would: an allowed one
//     keeps its sanitised attributes, a disallowed one is unwrapped (its content kept) or, if
//     its content is never kept (script, style, svg, …), removed.
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
/** Elements whose content DOMPurify drops with them (its FORBID_CONTENTS, and what loads or
 *  runs): above the sliced subtrees such an element is removed whole. */
const DROP_WITH_CONTENT = new Set([
  'annotation-xml', 'audio', 'desc', 'foreignobject', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'noembed', 'noframes',
  'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template', 'video', 'xmp', 'object', 'embed', 'applet',
  'textarea', 'select', 'option', 'frameset', 'frame', 'canvas', 'picture', 'img', 'image', 'input', 'button', 'link', 'meta', 'base',
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

/** Whether a style attribute's value may stay. */
export function safeStyle(value) {
  const v = String(value);
  if (UNSAFE_STYLE.test(v)) return false;
  for (const m of v.matchAll(CSS_FUNCTION)) {
    if (!SAFE_CSS_FUNCTIONS.has(m[1].toLowerCase())) return false;
  }
  return true;
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

/** What the sanitiser took out, per run: images and embedded documents (a scanned report). */
const removedMedia = { count: 0 };
const MEDIA = new Set(['img', 'picture', 'image', 'object', 'embed', 'canvas', 'svg', 'iframe', 'frame']);

let configured = false;
function configure() {
  if (configured) return;
  configured = true;
  DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName;
    if (name === 'style' && !safeStyle(data.attrValue)) data.keepAttr = false;
    else if (name === 'rowspan') data.attrValue = clampSpan(data.attrValue, MAX_ROWSPAN);
    else if (name === 'colspan' || name === 'span') data.attrValue = clampSpan(data.attrValue, MAX_COLSPAN);
  });
  DOMPurify.addHook('uponSanitizeElement', (_node, data) => {
    if (MEDIA.has(data.tagName)) removedMedia.count++;
  });
}

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
  configure();
  removedMedia.count = 0;
  const root = DOMPurify.sanitize(html, { ...CONFIG, WHOLE_DOCUMENT: true, RETURN_DOM: true });
  media.removed = removedMedia.count;
  return root;
}

/** Elements under `el` (not counting it). */
const sizeOf = (el) => el.getElementsByTagName('*').length;

/** How many characters of HTML are parsed per slice, and how many elements a subtree handed to
 *  DOMPurify in one call may have. */
const PARSE_CHARS = 16 * 1024;
const UNIT_ELEMENTS = 150;

/**
 * Sanitises big `html` in slices of about `budgetMs` each, awaiting `yieldNow()` between them.
 * Resolves to the sanitised <html> element (of an inert document), like sanitizeDom.
 * `onProgress(fraction)` is told how far it got; `media.removed` counts images taken out.
 */
export async function sanitizeInSlices(html, { budgetMs = 12, yieldNow, onProgress = () => {}, media = {} } = {}) {
  configure();
  removedMedia.count = 0;
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
  // 2. Plan: subtrees small enough for one DOMPurify call; above them, the shells.
  const units = [];
  const shells = [];
  const toSplit = [doc.documentElement];
  let seen = 0;
  t = performance.now();
  while (toSplit.length) {
    const parent = toSplit.pop();
    shells.push(parent);
    let child = parent.firstChild;
    while (child) {
      let next = child.nextSibling;
      if (++seen % 256 === 0 && performance.now() - t > budgetMs) {
        await yieldNow();
        t = performance.now();
      }
      if (child.nodeType === 3) {
        // text stays
      } else if (child.nodeType !== 1) {
        child.remove();
      } else {
        const tag = child.localName;
        if (child.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP_WITH_CONTENT.has(tag)) {
          if (MEDIA.has(tag)) mediaSeen++;
          mediaSeen += child.querySelectorAll('img, picture, object, embed, canvas, svg, iframe').length;
          child.remove();
        } else if (!ALLOWED_SET.has(tag)) {
          // Unwrapped, as DOMPurify does with KEEP_CONTENT: its children take its place and
          // are looked at next.
          const first = child.firstChild;
          while (child.firstChild) parent.insertBefore(child.firstChild, child);
          child.remove();
          if (first) next = first;
        } else if (sizeOf(child) <= UNIT_ELEMENTS) {
          units.push(child);
        } else {
          toSplit.push(child);
        }
      }
      child = next;
    }
  }
  await yieldNow();
  // 3. Sanitise the shells' own attributes (each through a childless copy) and the units.
  const total = shells.length + units.length;
  let done = 0;
  t = performance.now();
  const slice = (fn) => {
    DOMPurify.setConfig({ ...CONFIG, IN_PLACE: true });
    try {
      fn();
    } finally {
      DOMPurify.clearConfig();
    }
  };
  const work = [...shells.map((el) => ['shell', el]), ...units.map((el) => ['unit', el])];
  let i = 0;
  while (i < work.length) {
    slice(() => {
      while (i < work.length && performance.now() - t <= budgetMs) {
        const [kind, el] = work[i++];
        if (kind === 'shell') {
          const copy = el.cloneNode(false);
          DOMPurify.sanitize(copy);
          for (const a of [...el.attributes]) if (!copy.hasAttribute(a.name)) el.removeAttribute(a.name);
          for (const a of [...copy.attributes]) el.setAttribute(a.name, a.value);
        } else if (el.isConnected) {
          DOMPurify.sanitize(el);
        }
        done++;
      }
    });
    onProgress(0.4 + (0.6 * done) / total);
    if (i < work.length) {
      await yieldNow();
      t = performance.now();
    }
  }
  media.removed = removedMedia.count + mediaSeen;
  return doc.documentElement;
}
