// The messages between the extension's background (service worker) and its content script:
// one definition of each kind, its constructor, and a validator run on receipt. A message that
// does not have its kind's shape is dropped (and logged), never acted on.
//
// The background sends a message by running `globalThis.__nianbao.receive(message)` in the tab
// (scripting.executeScript; the arguments and the result cross as JSON-able values); the reply
// is the function's result. Imported by background.js and bundled into content.js.
//
//   background → content            content → background (reply)
//   begin                           collected {docs} | cleared
//   show {results, timing, words}   shown {reports, marks, unplaced, …} | ignored
//   fail {message}                  failed | ignored
//
// `ignored {reason}` answers a message that came at the wrong time or was malformed.

/**
 * @typedef {{type: 'begin'}} BeginMessage
 *   Walk the page and its same-origin frames (or, if the page is marked, clear everything).
 * @typedef {{frame: number, url: string, events: string}} CollectedDoc
 *   One document's DOM walk (www/dom-events.js); `frame` indexes the content script's frames.
 * @typedef {{type: 'collected', docs: CollectedDoc[]}} CollectedMessage
 * @typedef {{type: 'cleared'}} ClearedMessage
 * @typedef {{frame: number, url: string, json: string, checkMs?: number}} CheckResult
 *   The core's report for one document (`checkDom`), as the JSON string it returned.
 * @typedef {{collectMs?: number, checkMs?: number}} Timing
 * @typedef {{vocabulary: object, rules: object[]}} Words
 *   The core's `vocabulary()` and `rules()`, parsed: the words the panel and tooltips use.
 * @typedef {{type: 'show', results: CheckResult[], timing: Timing, words: Words}} ShowMessage
 * @typedef {{type: 'shown', reports: number, marks: number, unplaced: number, errors: number, warnings: number, infos: number, markMs: number}} ShownMessage
 * @typedef {{type: 'fail', message: string}} FailMessage
 * @typedef {{type: 'failed'}} FailedMessage
 * @typedef {{type: 'ignored', reason: string}} IgnoredMessage
 * @typedef {BeginMessage|CollectedMessage|ClearedMessage|ShowMessage|ShownMessage|FailMessage|FailedMessage|IgnoredMessage} Message
 */

/** @returns {BeginMessage} */
export const begin = () => ({ type: 'begin' });
/** @param {CollectedDoc[]} docs @returns {CollectedMessage} */
export const collected = (docs) => ({ type: 'collected', docs });
/** @returns {ClearedMessage} */
export const cleared = () => ({ type: 'cleared' });
/** @param {CheckResult[]} results @param {Timing} timing @param {Words} words @returns {ShowMessage} */
export const show = (results, timing, words) => ({ type: 'show', results, timing, words });
/** @param {Omit<ShownMessage, 'type'>} stats @returns {ShownMessage} */
export const shown = (stats) => ({ type: 'shown', ...stats });
/** @param {string} message @returns {FailMessage} */
export const fail = (message) => ({ type: 'fail', message: String(message) });
/** @returns {FailedMessage} */
export const failed = () => ({ type: 'failed' });
/** @param {string} reason @returns {IgnoredMessage} */
export const ignored = (reason) => ({ type: 'ignored', reason: String(reason) });

// ------------------------------------------------------------------ validation

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;
const isTime = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

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
  begin: { fields: { type: str } },
  collected: { fields: { type: str, docs: { arrayOf: { fields: { frame: isCount, url: str, events: str } } } } },
  cleared: { fields: { type: str } },
  show: {
    fields: {
      type: str,
      results: { arrayOf: { fields: { frame: isCount, url: str, json: str, checkMs: isTime }, optional: ['checkMs'] } },
      timing: { fields: { collectMs: isTime, checkMs: isTime }, optional: ['collectMs', 'checkMs'] },
      words: { fields: { vocabulary: isObject, rules: Array.isArray }, optional: ['vocabulary', 'rules'] },
    },
  },
  shown: { fields: { type: str, reports: isCount, marks: isCount, unplaced: isCount, errors: isCount, warnings: isCount, infos: isCount, markMs: isTime } },
  fail: { fields: { type: str, message: str } },
  failed: { fields: { type: str } },
  ignored: { fields: { type: str, reason: str } },
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
 * @template {Message} T
 * @param {unknown} value
 * @param {T['type'][]} [accept]
 * @returns {T|null}
 */
export function receive(value, accept) {
  const p = problems(value, accept);
  if (!p.length) return /** @type {T} */ (value);
  console.warn('nianbao: dropped a malformed message:', p.join('; '));
  return null;
}
