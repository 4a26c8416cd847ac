// The messages between the extension's background (service worker) and its content script:
// one definition of each kind, its constructor, and a validator run on receipt. A message that
// does not have its kind's shape is dropped (and logged), never acted on.
//
// The background sends to the content script by running `deliver` in the tab's top frame
// (scripting.executeScript), which calls the content script's one entry point: an own property
// of the content-script world's global under the key RECEIVE. A page can neither define own
// properties in that world nor shadow them with named elements (id="…", <form name="…">), so it
// can neither switch the entry off nor call or forge it. The reply is its return value. The
// content script asks the background with runtime.sendMessage. Imported by background.js and
// bundled into content.js.
//
//   background → content                 content → background (reply)
//   begin {id}                           collected {id, docs, links} | cleared {id}
//   show {id, results, timing, words,    shown {id, reports, marks, …} | ignored
//         reviews, settings}
//   fail {id, message}                   failed {id} | ignored
//   links {id, links}                    ok | ignored   (after shown: the links that are reports)
//
//   content → background                 background → content (reply)
//   check-docs {docs}                    checked {results}
//   check-pair {earlier, later}          checked {results}   (the later report checked beside
//                                                     the same body's report of the year before;
//                                                     a side with events '' is a PDF the batch
//                                                     read, named by its url)
//   decode {url, bytes}                  decoded {json}   (a page's or text file's text, a .docx
//                                                     as HTML, or a PDF already checked:
//                                                     {report}; else {error})
//   review {reviews}                     ok
//   settings {settings}                  ok          ({history}: the opt-in; {badge}: the counts
//                                                     after the clerk marked a finding)
//   history {clear}                      history-list {entries}
//   print {payload}                      ok
//   attachment {url}                     ok (opens viewer.html on that .pdf/.docx)
//   problem {where, message}             ok          (a failure in the page, for the badge)
//
// `id` names one check: the background gives every click its own, the content script acts on
// the latest only, so a check whose worker stopped, or that another click overtook, never
// blocks the next click. `ignored {reason}` answers a message that came at the wrong time or
// was malformed.

/**
 * @typedef {{type: 'begin', id: string}} BeginMessage
 *   Walk the page and its same-origin frames (or, if the page shows results, clear everything).
 * @typedef {{frame: number, url: string, events: string}} CollectedDoc
 *   One document's DOM walk (www/dom-events.js); `frame` indexes the content script's frames.
 * @typedef {{text: string}} LinkText
 *   The text of one same-origin link of the page (a candidate for the batch check).
 * @typedef {{type: 'collected', id: string, docs: CollectedDoc[], links: LinkText[]}} CollectedMessage
 * @typedef {{type: 'cleared', id: string}} ClearedMessage
 * @typedef {{frame: number, url: string, json: string, checkMs?: number}} CheckResult
 *   The core's report for one document (`checkDom`), as the JSON string it returned.
 * @typedef {{collectMs?: number, checkMs?: number}} Timing
 * @typedef {{vocabulary: object, rules: object[]}} Words
 *   The core's `vocabulary()` and `rules()`, parsed: the words the panel and tooltips use.
 * @typedef {{index: number, title: string, year: number|null}} LinkTitle
 *   A link whose text the core reads as a report's title (`checkText(...).title`).
 * @typedef {{type: 'show', id: string, results: CheckResult[], timing: Timing, words: Words, reviews: object, settings: object}} ShowMessage
 * @typedef {{type: 'links', id: string, links: LinkTitle[]}} LinksMessage
 * @typedef {{type: 'shown', id: string, reports: number, marks: number, unplaced: number, errors: number, warnings: number, infos: number, reviewed: number, markMs: number, title: string, year: number|null, url: string}} ShownMessage
 * @typedef {{type: 'fail', id: string, message: string}} FailMessage
 * @typedef {{type: 'failed', id: string}} FailedMessage
 * @typedef {{type: 'ignored', reason: string}} IgnoredMessage
 */

/** The content script's entry point's key (see above). */
export const RECEIVE = '__nianbaoReceive';

/** @returns {BeginMessage} */
export const begin = (id) => ({ type: 'begin', id: String(id) });
/** @returns {CollectedMessage} */
export const collected = (id, docs, links = []) => ({ type: 'collected', id: String(id), docs, links });
/** @returns {ClearedMessage} */
export const cleared = (id) => ({ type: 'cleared', id: String(id) });
/** @returns {ShowMessage} */
export const show = (id, results, timing, words, { reviews = {}, settings = {} } = {}) => ({ type: 'show', id: String(id), results, timing, words, reviews, settings });
/** The page's links whose text the core reads as a report's title (sent after `shown`: asking
 *  the core about a long list page's links must not delay the marks). */
export const links = (id, list) => ({ type: 'links', id: String(id), links: list });
/** @returns {ShownMessage} */
export const shown = (id, stats) => ({ type: 'shown', id: String(id), ...stats });
/** @returns {FailMessage} */
export const fail = (id, message) => ({ type: 'fail', id: String(id), message: String(message) });
/** @returns {FailedMessage} */
export const failed = (id) => ({ type: 'failed', id: String(id) });
/** @returns {IgnoredMessage} */
export const ignored = (reason) => ({ type: 'ignored', reason: String(reason) });

export const checkDocs = (docs) => ({ type: 'check-docs', docs });
export const checked = (results) => ({ type: 'checked', results });
/** A report ({url, events}) checked beside the same body's report of the year before. */
export const checkPair = (earlier, later) => ({ type: 'check-pair', earlier, later });
export const decode = (url, bytes) => ({ type: 'decode', url: String(url), bytes });
export const decoded = (json) => ({ type: 'decoded', json });
export const review = (reviews) => ({ type: 'review', reviews });
export const settings = (values) => ({ type: 'settings', settings: values });
export const history = (clear = false) => ({ type: 'history', clear: !!clear });
export const historyList = (entries) => ({ type: 'history-list', entries });
export const print = (payload) => ({ type: 'print', payload });
/** 「检查附件」: open the extension's viewer on a .pdf/.docx the report page links to. */
export const attachment = (url) => ({ type: 'attachment', url: String(url) });
export const problem = (where, message) => ({ type: 'problem', where: String(where), message: String(message) });
export const ok = () => ({ type: 'ok' });

// ------------------------------------------------------------------ validation

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;
const isTime = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isYear = (v) => v === null || Number.isInteger(v);

/** Checks `value` against a field spec; returns the problems (empty: fine). */
function check(value, spec, path) {
  if (typeof spec === 'function') return spec(value) ? [] : [`${path}: unexpected ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`];
  if (spec.arrayOf) {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    return value.flatMap((v, i) => check(v, spec.arrayOf, `${path}[${i}]`));
  }
  if (!isObject(value)) return [`${path}: not an object`];
  const out = [];
  for (const [k, s] of Object.entries(spec.fields)) {
    const optional = spec.optional?.includes(k);
    if (!(k in value) || value[k] === undefined) {
      if (!optional) out.push(`${path}.${k}: missing`);
      continue;
    }
    out.push(...check(value[k], s, `${path}.${k}`));
  }
  for (const k of Object.keys(value)) if (!(k in spec.fields)) out.push(`${path}.${k}: not a field of this message`);
  return out;
}

const str = (v) => typeof v === 'string';
const SPECS = {
  begin: { fields: { type: str, id: str } },
  collected: { fields: { type: str, id: str, docs: { arrayOf: { fields: { frame: isCount, url: str, events: str } } }, links: { arrayOf: { fields: { text: str } } } } },
  cleared: { fields: { type: str, id: str } },
  show: {
    fields: {
      type: str,
      id: str,
      results: { arrayOf: { fields: { frame: isCount, url: str, json: str, checkMs: isTime }, optional: ['checkMs'] } },
      timing: { fields: { collectMs: isTime, checkMs: isTime }, optional: ['collectMs', 'checkMs'] },
      words: { fields: { vocabulary: isObject, rules: Array.isArray }, optional: ['vocabulary', 'rules'] },
      reviews: isObject,
      settings: isObject,
    },
  },
  shown: {
    fields: { type: str, id: str, reports: isCount, marks: isCount, unplaced: isCount, errors: isCount, warnings: isCount, infos: isCount, reviewed: isCount, markMs: isTime, title: str, year: isYear, url: str },
  },
  fail: { fields: { type: str, id: str, message: str } },
  failed: { fields: { type: str, id: str } },
  ignored: { fields: { type: str, reason: str } },
  links: { fields: { type: str, id: str, links: { arrayOf: { fields: { index: isCount, title: str, year: isYear } } } } },
  'check-docs': { fields: { type: str, docs: { arrayOf: { fields: { url: str, events: str } } } } },
  'check-pair': { fields: { type: str, earlier: { fields: { url: str, events: str } }, later: { fields: { url: str, events: str } } } },
  checked: { fields: { type: str, results: { arrayOf: { fields: { url: str, json: str } } } } },
  decode: { fields: { type: str, url: str, bytes: str } },
  decoded: { fields: { type: str, json: str } },
  review: { fields: { type: str, reviews: isObject } },
  settings: { fields: { type: str, settings: isObject } },
  history: { fields: { type: str, clear: (v) => typeof v === 'boolean' } },
  'history-list': { fields: { type: str, entries: Array.isArray } },
  print: { fields: { type: str, payload: isObject } },
  attachment: { fields: { type: str, url: (v) => typeof v === 'string' && /^https?:\/\//i.test(v) && v.length < 4096 } },
  problem: { fields: { type: str, where: str, message: str } },
  ok: { fields: { type: str } },
};

/** The message kinds, by `type`. */
export const TYPES = Object.freeze(Object.keys(SPECS));

/**
 * The problems with a message (empty when it is well formed and, if `accept` is given, of one
 * of those kinds).
 * @param {unknown} value
 * @param {string[]} [accept]
 * @returns {string[]}
 */
export function problems(value, accept) {
  if (!isObject(value) || typeof value.type !== 'string') return ['not a message (an object with a string `type`)'];
  const spec = SPECS[value.type];
  if (!spec) return [`unknown message type ${JSON.stringify(value.type)}`];
  if (accept && !accept.includes(value.type)) return [`a ${value.type} message is not expected here (expected ${accept.join(' or ')})`];
  return check(value, spec, value.type);
}

/**
 * Validates a received message: returns it if well formed (and of an accepted kind), else
 * logs why and returns null — the caller drops it.
 * @param {unknown} value
 * @param {string[]} [accept]
 */
export function receive(value, accept) {
  const p = problems(value, accept);
  if (!p.length) return value;
  console.warn('nianbao: dropped a malformed message:', p.join('; '));
  return null;
}
