//! Shared by the prose rules: clauses, figures read out of prose ("收到政府信息公开申请27件",
//! "被行政复议两件", "占51.85%", "4166.24万元"), which clauses speak of this year's figures, the
//! words that name the tables' rows and columns, the cells a figure is compared with (and what
//! the glued digits of an unread row could hold), which side to correct when prose and table
//! disagree, and how such a finding is worded and placed.

use crate::document::Document;
use crate::finding::{CellRef, Facts, Finding, RuleMeta};
use crate::ingest::Location;
use crate::model::{Sentence, Table};
use crate::normalize::{fold_char, label_key};
use crate::reader::GluedRun;
use crate::template::{printed_col, printed_row};
use crate::value::format_number as fmt;

/// Sentences shorter than this (in key characters) are stock phrases, not compared.
pub const MIN_SENTENCE: usize = 12;

/// At most this many findings of one kind are listed; the rest are counted in one more.
pub const MAX_LISTED: usize = 200;

/// The keys of what is never compared as prose: the six headings and the title (pages show the
/// title twice, as heading and in the article).
pub fn excluded_keys(document: &Document) -> Vec<String> {
    let mut excluded: Vec<String> = crate::template::SECTIONS.iter().map(|h| label_key(h)).collect();
    if let Some(t) = &document.title {
        excluded.push(label_key(t));
    }
    excluded
}

/// Whether a sentence (by key) is compared at all: long enough, not a heading, not the title.
pub fn comparable(excluded: &[String], key: &str) -> bool {
    let n = key.chars().count();
    n >= MIN_SENTENCE && !excluded.iter().any(|x| x == key || (!x.is_empty() && (x.ends_with(key) || key.ends_with(x.as_str()))))
}

/// One finding that counts what was not listed.
pub fn note_unlisted(meta: RuleMeta, unlisted: usize, out: &mut Vec<Finding>) {
    if unlisted > 0 {
        out.push(meta.finding(format!("另有{unlisted}处同类问题未逐一列出")));
    }
}

/// Runs a prose rule's `findings` and lists them as [`list`] does.
pub fn listed(meta: RuleMeta, document: &Document, findings: fn(&Document, &mut Vec<Finding>), out: &mut Vec<Finding>) {
    let mut found = Vec::new();
    findings(document, &mut found);
    list(meta, found, out);
}

/// `found` into `out`, the first [`MAX_LISTED`] of them, and one note for the rest.
pub fn list(meta: RuleMeta, mut found: Vec<Finding>, out: &mut Vec<Finding>) {
    let unlisted = found.len().saturating_sub(MAX_LISTED);
    found.truncate(MAX_LISTED);
    out.extend(found);
    note_unlisted(meta, unlisted, out);
}

/// A finding on part of a sentence (`range`, byte offsets in the sentence) that involves
/// `cells`: located at the words, then at each cell.
pub fn sentence_finding(meta: RuleMeta, message: String, s: &Sentence, range: (usize, usize), cells: Vec<CellRef>) -> Finding {
    let loc = s.at(range.0, range.1);
    let mut f = meta.finding(message).at(loc);
    f.excerpt = Some(s.text[range.0..range.1].to_string());
    for c in &cells {
        if let Some(l) = &c.location {
            f.locations.push(l.clone());
        }
    }
    f.cells = cells;
    f
}

/// Byte ranges of a sentence's clauses: the text between commas, semicolons and sentence ends
/// (either width), and colons too when `at_colons`. Blank clauses are dropped.
pub fn clauses(text: &str, at_colons: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // Byte by byte (the marks are ASCII or three bytes; a lead byte is always a character's start).
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            b',' | b';' | b'!' | b'?' => 1,
            b':' if at_colons => 1,
            // ，；！？ (U+FF0C, U+FF1B, U+FF01, U+FF1F) and ：(U+FF1A)
            0xEF if bytes.get(i + 1) == Some(&0xBC)
                && bytes.get(i + 2).is_some_and(|&b| matches!(b, 0x8C | 0x9B | 0x81 | 0x9F) || (at_colons && b == 0x9A)) =>
            {
                3
            }
            // 。 (U+3002)
            0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x82) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push((start, i));
        start = i + len;
        i = start;
    }
    out.push((start, text.len()));
    out.retain(|(s, e)| !text[*s..*e].trim().is_empty());
    out
}

/// Text quoted in a message: white space collapsed and trimmed, control characters escaped
/// (「\u{7}」), a blank shown as 「（空白）」.
pub fn quoted(text: &str) -> String {
    let shown = crate::normalize::shown(text);
    if shown.is_empty() {
        return "（空白）".to_string();
    }
    shown.chars().map(|c| if c.is_control() { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

// ---------------------------------------------------------------------------------------------
// Figures in prose

/// A count found in prose: its value and the byte range of the number with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count {
    pub value: u64,
    pub start: usize,
    /// End of the number itself (the unit follows).
    pub number_end: usize,
    pub end: usize,
    /// Marked approximate: "100余件", "近20件", "约5件", "20多件", "十余件".
    pub approximate: bool,
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese numeral up to 9999 ("两", "十二", "二十", "一百零五").
pub fn parse_chinese(s: &str) -> Option<u64> {
    let mut total = 0;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some_and(|d| d != 0) {
                // "二三件" is not a numeral ("一百零五" is).
                return None;
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * unit;
        digit = None;
    }
    Some(total + digit.unwrap_or(0))
}

/// Units of counts; longer ones first where one starts another.
const UNITS: &[&str] = &["件", "条", "个", "起", "宗", "次", "篇", "项", "人次"];

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// Every number followed by one of `units` in `text` (spaces allowed between).
pub fn counts(text: &str, units: &[&str]) -> Vec<Count> {
    // A count ends in one of the units: a text with none of them (most clauses) has no count.
    if !units.iter().any(|u| text.contains(u)) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_numeral_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let arabic = chars[i].1.is_ascii_digit();
        while i < chars.len()
            && (if arabic {
                chars[i].1.is_ascii_digit() || chars[i].1 == ','
            } else {
                is_numeral_char(chars[i].1) && !chars[i].1.is_ascii_digit()
            })
        {
            i += 1;
        }
        let num_end = i;
        // A decimal ("1.5件") or part of a longer number is not a count.
        if arabic && chars.get(num_end).is_some_and(|c| c.1 == '.') {
            i = num_end + 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        let mut approximate = false;
        if j < chars.len() && matches!(chars[j].1, '余' | '多') {
            approximate = true;
            j += 1;
        }
        let unit = units.iter().filter(|u| text[at(j)..].starts_with(**u)).max_by_key(|u| u.len());
        let Some(unit) = unit else {
            i = num_end.max(start + 1);
            continue;
        };
        let digits: String = chars[start..num_end].iter().map(|c| c.1).filter(|c| *c != ',').collect();
        let value = if arabic { digits.parse().ok() } else { parse_chinese(&digits) };
        let before: String = text[..chars[start].0].chars().rev().take(2).collect();
        // "第一件", "每一件", "统一件" are not counts.
        let ordinal = !arabic && before.chars().next().is_some_and(|c| "第每逐单统唯同".contains(c));
        let after_digit = chars[..start].last().is_some_and(|c| c.1.is_ascii_digit() || c.1 == '.');
        if let (Some(value), false, false) = (value, ordinal, after_digit) {
            if before.contains('近') || before.contains('约') || before.contains('超') {
                approximate = true;
            }
            let end = at(j) + unit.len();
            let after = &text[end..];
            if after.starts_with("左右") || after.starts_with("以上") || after.starts_with("以下") || after.starts_with("多") {
                approximate = true;
            }
            out.push(Count { value, start: chars[start].0, number_end: at(num_end), end, approximate });
        }
        i = j + 1;
    }
    out
}

/// Counts of applications: 件 and 条 ("收到依申请公开申请2条"); not 个, which counts other things
/// ("三个一工作机制").
pub fn application_counts(text: &str) -> Vec<Count> {
    counts(text, &["件", "条"])
}

/// Counts of cases: 件 起 宗.
pub fn case_counts(text: &str) -> Vec<Count> {
    counts(text, &["件", "起", "宗"])
}

/// All counts with any unit, including 次 and 篇 (which are not application counts).
pub fn any_counts(text: &str) -> Vec<Count> {
    counts(text, UNITS)
}

/// A decimal number in prose followed by a unit (a percentage, an amount of money).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    pub value: f64,
    /// Digits written after the point.
    pub decimals: u32,
    pub start: usize,
    pub number_end: usize,
    pub end: usize,
    /// Index into the units it was read with.
    pub unit: usize,
}

/// Every decimal number followed by one of `units` (spaces allowed between).
pub fn decimals(text: &str, units: &[&str]) -> Vec<Decimal> {
    // Digits, ASCII or full width (what `fold_char` makes ASCII digits): most clauses have none.
    if !text.chars().any(|c| c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() || (i > 0 && (chars[i - 1].1.is_ascii_digit() || chars[i - 1].1 == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut point: Option<usize> = None;
        while i < chars.len() {
            let c = chars[i].1;
            if c.is_ascii_digit() {
                digits.push(c);
            } else if c == '.' && point.is_none() && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit()) {
                point = Some(digits.len());
                digits.push('.');
            } else if c != ',' {
                break;
            }
            i += 1;
        }
        let num_end = i;
        let mut j = i;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        let rest: String = chars[j..].iter().take(4).map(|c| c.1).collect();
        let unit = units.iter().enumerate().filter(|(_, u)| rest.starts_with(**u)).max_by_key(|(_, u)| u.len());
        if let (Some((ui, u)), Ok(value)) = (unit, crate::value::parse_decimal(&digits).ok_or(())) {
            let decimals = point.map_or(0, |p| (digits.len() - p - 1) as u32);
            let end = at(j + u.chars().count());
            out.push(Decimal { value, decimals, start: chars[start].0, number_end: at(num_end), end, unit: ui });
        }
        i = num_end.max(start + 1);
    }
    out
}

/// Percentages: "51.85%", "100％".
pub fn percents(text: &str) -> Vec<Decimal> {
    decimals(text, &["%"])
}

/// Whether `exact` written with `decimals` digits after the point could be `written`: rounded
/// or cut off at that precision.
pub fn agrees_at_precision(exact: f64, written: f64, decimals: u32) -> bool {
    let unit = 10f64.powi(-(decimals as i32));
    let eps = 1e-9 * unit.max(1.0);
    (exact - written).abs() <= unit / 2.0 + eps || ((exact / unit + eps).floor() * unit - written).abs() <= eps
}

// ---------------------------------------------------------------------------------------------
// Word lists found in one pass

/// A fixed list of words, any of which is looked for in one pass over a text (at each
/// character, only the words that begin with it) instead of one search a word:
/// `words.in_text(t)` is `list.iter().any(|w| t.contains(w))`.
pub struct Words {
    /// By first character (sorted): the words that begin with it.
    firsts: Vec<(char, Vec<&'static str>)>,
    /// Which characters begin a word.
    begins: Firsts,
    /// An empty word is in every text.
    has_empty: bool,
}

/// Which characters of the Basic Multilingual Plane begin a word (a bit each): most characters
/// of a text are passed over without a search. Characters beyond it are always looked up.
struct Firsts(Vec<u64>);

impl Firsts {
    fn new(chars: impl Iterator<Item = char>) -> Firsts {
        let mut bits = vec![0u64; 1024];
        for u in chars.map(|c| c as u32).filter(|&u| u <= 0xFFFF) {
            bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
        Firsts(bits)
    }

    #[inline]
    fn may_begin(&self, c: char) -> bool {
        let u = c as u32;
        u > 0xFFFF || self.0[(u >> 6) as usize] >> (u & 63) & 1 == 1
    }
}

impl Words {
    pub fn new(list: &[&'static str]) -> Words {
        let mut firsts: Vec<(char, Vec<&'static str>)> = Vec::new();
        for w in list {
            let Some(c) = w.chars().next() else { continue };
            match firsts.iter_mut().find(|(f, _)| *f == c) {
                Some((_, ws)) => ws.push(w),
                None => firsts.push((c, vec![w])),
            }
        }
        crate::sort::by_key(&mut firsts[..], |(c, _)| *c);
        let begins = Firsts::new(firsts.iter().map(|(c, _)| *c));
        Words { firsts, begins, has_empty: list.iter().any(|w| w.is_empty()) }
    }

    /// Whether any of the words occurs in `text`.
    pub fn in_text(&self, text: &str) -> bool {
        self.has_empty
            || text.char_indices().any(|(i, c)| {
                self.begins.may_begin(c)
                    && self
                        .firsts
                        .binary_search_by_key(&c, |(f, _)| *f)
                        .is_ok_and(|k| self.firsts[k].1.iter().any(|w| text[i..].starts_with(w)))
            })
    }
}

static NOT_THIS_YEAR_WORDS: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(NOT_THIS_YEAR));
static OTHER_SUBJECT_WORDS: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(OTHER_SUBJECTS));
static RECEIVED_UNCERTAIN_WORDS: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(RECEIVED_UNCERTAIN));

// ---------------------------------------------------------------------------------------------
// Readings shared by the prose rules, made once per document

/// What several rules read from one document (the vocabulary, the claims of 表三's figures,
/// which sentences speak of applications, which clauses state this year's figures, the tables'
/// diagnoses), kept while [`crate::rules::run`] runs over it ([`memoized`]): each is then read
/// once, not once per rule. Claims are kept by sentence index and lent out as [`Claim`]s of the
/// document; diagnoses by table index.
pub(super) struct Memo {
    /// The document's address: another document (or none) reads afresh.
    document: usize,
    vocabulary: Option<std::rc::Rc<Vocabulary>>,
    received: Option<std::rc::Rc<Vec<(Received, KeptClaim)>>>,
    results: Option<std::rc::Rc<Vec<KeptTableClaim>>>,
    applicants: Option<std::rc::Rc<Vec<KeptTableClaim>>>,
    /// [`speaks_of_applications`] by sentence, without and with `lists_results`.
    speaks: [Vec<Option<bool>>; 2],
    /// [`mentions`] by sentence.
    mentions: Vec<Option<bool>>,
    /// [`this_years`] by (sentence index, clause range, `next_year_ok`).
    this_years: std::collections::HashMap<(usize, usize, usize, bool), bool>,
    /// [`super::sums::diagnoses`], by table index.
    pub(super) diagnoses: Option<std::rc::Rc<Vec<(usize, crate::sums::Diagnosis)>>>,
    /// [`settled`], by table index (the outer `None`: not worked out yet). Every claim compared
    /// with a table asks for it: on a long report, working it out each time was a sixth of the
    /// check.
    settled: Vec<Option<Option<std::rc::Rc<Table>>>>,
}

thread_local! {
    static MEMO: std::cell::RefCell<Option<Memo>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (the rules over `document`) with the prose readings kept for `document` (see
/// [`Memo`]); they are dropped when `f` returns. The document cannot change meanwhile: it is
/// borrowed.
pub fn memoized<T>(document: &Document, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Memo>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            MEMO.with(|m| *m.borrow_mut() = previous);
        }
    }
    let n = document.sentences.len();
    let memo = Memo {
        document: document as *const Document as usize,
        vocabulary: None,
        received: None,
        results: None,
        applicants: None,
        speaks: [vec![None; n], vec![None; n]],
        mentions: vec![None; n],
        this_years: std::collections::HashMap::new(),
        diagnoses: None,
        settled: vec![None; document.tables.len()],
    };
    let _restore = Restore(MEMO.with(|m| m.borrow_mut().replace(memo)));
    f()
}

/// `get` of the memo of `document`, if it is the one kept.
pub(super) fn kept<T>(document: &Document, get: impl FnOnce(&mut Memo) -> Option<T>) -> Option<T> {
    MEMO.with(|m| m.borrow_mut().as_mut().filter(|m| m.document == document as *const Document as usize).and_then(get))
}

/// Keeps `value` in the memo of `document`, if it is the one kept.
pub(super) fn keep(document: &Document, put: impl FnOnce(&mut Memo)) {
    MEMO.with(|m| {
        if let Some(m) = m.borrow_mut().as_mut().filter(|m| m.document == document as *const Document as usize) {
            put(m);
        }
    });
}

/// The table claims kept in the memo's `slot` while the rules run, else read by `read` (and kept
/// when every one can be kept by its sentence's index).
fn kept_table_claims<'a>(
    document: &'a Document,
    slot: fn(&mut Memo) -> &mut Option<std::rc::Rc<Vec<KeptTableClaim>>>,
    read: fn(&'a Document) -> Vec<TableClaim<'a>>,
) -> Vec<TableClaim<'a>> {
    if let Some(k) = kept(document, |m| slot(m).clone()) {
        return k.iter().map(|c| c.table_claim(document)).collect();
    }
    let found = read(document);
    if let Some(k) = found.iter().map(|c| KeptTableClaim::of(document, c)).collect::<Option<Vec<_>>>() {
        keep(document, |m| *slot(m) = Some(std::rc::Rc::new(k)));
    }
    found
}

/// A [`Claim`] kept by its sentence's index.
#[derive(Clone)]
struct KeptClaim {
    si: usize,
    range: (usize, usize),
    stated: f64,
    number: Option<(usize, usize)>,
}

impl KeptClaim {
    /// `None` for a claim on a sentence not the document's (never kept).
    fn of(document: &Document, c: &Claim) -> Option<KeptClaim> {
        let si = sentence_index(document, c.sentence)?;
        Some(KeptClaim { si, range: c.range, stated: c.stated, number: c.number })
    }

    fn claim<'d>(&self, document: &'d Document) -> Claim<'d> {
        Claim { sentence: &document.sentences[self.si], range: self.range, stated: self.stated, number: self.number }
    }
}

/// A [`TableClaim`] kept by its sentence's index.
struct KeptTableClaim {
    claim: KeptClaim,
    rows: Vec<&'static str>,
    cols: Vec<&'static str>,
}

impl KeptTableClaim {
    fn of(document: &Document, c: &TableClaim) -> Option<KeptTableClaim> {
        Some(KeptTableClaim { claim: KeptClaim::of(document, &c.claim)?, rows: c.rows.clone(), cols: c.cols.clone() })
    }

    fn table_claim<'d>(&self, document: &'d Document) -> TableClaim<'d> {
        TableClaim { claim: self.claim.claim(document), rows: self.rows.clone(), cols: self.cols.clone() }
    }
}

/// The index of `s` among the document's sentences, if it is one of them.
fn sentence_index(document: &Document, s: &Sentence) -> Option<usize> {
    let range = document.sentences.as_ptr_range();
    let p = s as *const Sentence;
    if !range.contains(&p) {
        return None;
    }
    (p as usize - range.start as usize).checked_div(std::mem::size_of::<Sentence>())
}

// ---------------------------------------------------------------------------------------------
// Which clauses speak of this year's figures

/// Words that make a figure something other than this year's total: comparisons with other
/// years, changes, cumulative figures, plans, averages, lists answered with 分别.
const NOT_THIS_YEAR: &[&str] = &[
    "同比",
    "去年",
    "上年",
    "上一年",
    "前年",
    "较",
    "相比",
    "比上",
    "比去",
    "增长",
    "下降",
    "增加",
    "减少",
    "上升",
    "回落",
    "历年",
    "累计",
    "以来",
    "平均",
    "分别",
    "计划",
    "拟",
    "预计",
    "力争",
    "目标",
    "年均",
    "近三年",
    "近两年",
    "近五年",
];

/// Idioms that name this year's table rows although they contain 上年 (上年结转 is 二).
const THIS_YEARS_IDIOMS: &[&str] =
    &["上年结转", "上年度结转", "上一年度结转", "上一年结转", "结转上年", "从上年结转", "上年度遗留", "上年遗留"];

/// "YYYY年" in text: (year, byte start, byte end of 年).
pub fn year_mentions(text: &str) -> Vec<(i32, usize, usize)> {
    if !text.contains('年') {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].1.is_ascii_digit() {
            continue;
        }
        if i + 4 > chars.len() || !chars[i..i + 4].iter().all(|c| c.1.is_ascii_digit()) {
            continue;
        }
        let mut j = i + 4;
        while j < chars.len() && chars[j].1 == ' ' {
            j += 1;
        }
        if chars.get(j).is_some_and(|c| c.1 == '年') {
            let y: i32 = chars[i..i + 4].iter().map(|c| c.1).collect::<String>().parse().unwrap_or(0);
            if (1990..=2100).contains(&y) {
                out.push((y, chars[i].0, chars[j].0 + '年'.len_utf8()));
            }
        }
    }
    out
}

/// Whether the clause `range` of `s` states this year's figures: none of the comparison words
/// (上年结转 and the like name this year's rows), no other year in the clause (the next year
/// only when `next_year_ok`, for what is carried over into it), and the nearest year named
/// before it in the sentence, if any, is the report's.
pub fn this_years(document: &Document, s: &Sentence, range: (usize, usize), next_year_ok: bool) -> bool {
    let Some(si) = sentence_index(document, s) else { return read_this_years(document, s, range, next_year_ok) };
    let key = (si, range.0, range.1, next_year_ok);
    if let Some(known) = kept(document, |m| m.this_years.get(&key).copied()) {
        return known;
    }
    let answer = read_this_years(document, s, range, next_year_ok);
    keep(document, |m| {
        m.this_years.insert(key, answer);
    });
    answer
}

fn read_this_years(document: &Document, s: &Sentence, range: (usize, usize), next_year_ok: bool) -> bool {
    let clause = &s.text[range.0..range.1];
    if NOT_THIS_YEAR_WORDS.in_text(clause) {
        let mut plain = clause.to_string();
        for idiom in THIS_YEARS_IDIOMS {
            plain = plain.replace(idiom, "");
        }
        if NOT_THIS_YEAR_WORDS.in_text(&plain) {
            return false;
        }
    }
    let Some(year) = document.year else { return true };
    let window = tail(&s.text[..range.1], range.1 - range.0 + LOOK_BACK);
    let offset = range.1 - window.len();
    let mentions: Vec<(i32, usize, usize)> = year_mentions(window).into_iter().map(|(y, a, b)| (y, a + offset, b + offset)).collect();
    let own_ok =
        mentions.iter().filter(|(_, a, _)| *a >= range.0 && *a < range.1).all(|(y, _, _)| *y == year || (next_year_ok && *y == year + 1));
    let before_ok = mentions.iter().rfind(|(_, a, _)| *a < range.0).is_none_or(|(y, _, _)| *y == year);
    own_ok && before_ok
}

// ---------------------------------------------------------------------------------------------
// The words that name rows and columns

/// What a word in prose names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Receiving applications: 收到, 受理 … (一).
    Received,
    /// Applications carried over from last year (二).
    CarriedIn,
    /// Applications completed: 办结, 答复, 办理完毕 ((七)总计).
    Completed,
    /// 办结率.
    CompletionRate,
    /// Carried over into next year (四).
    CarriedOut,
    /// A result category of 三 (index into [`RESULTS`]).
    Result(usize),
    /// A reason under a result category (index into [`REASONS`]).
    Reason(usize),
    /// A type of applicant (index into [`APPLICANTS`]).
    Applicant(usize),
    /// 行政复议.
    Review,
    /// 行政诉讼.
    Litigation,
    /// An outcome column of 表四 (index into [`OUTCOMES`]).
    Outcome(usize),
    /// 公开率.
    OpenRate,
    /// 占, 占比: a share.
    Share,
    /// A row of 表一 (index into [`ACTIVE_SUBJECTS`]).
    ActiveSubject(usize),
    /// What is counted of 规章 and 规范性文件 (index into [`ACTIVE_VERBS`]).
    ActiveVerb(usize),
    /// Words that look like others but name nothing here ("规章制度").
    Nothing,
}

/// A result category of 三、本年度办理结果: its words and its rows (the row itself, or the rows
/// under it, summed).
pub struct ResultCategory {
    pub words: &'static [&'static str],
    pub rows: &'static [&'static str],
}

pub const RESULTS: &[ResultCategory] = &[
    ResultCategory { words: &["予以公开"], rows: &["三、本年度办理结果/(一)予以公开"] },
    ResultCategory { words: &["部分公开"], rows: &["三、本年度办理结果/(二)部分公开"] },
    ResultCategory { words: &["不予公开"], rows: &["三、本年度办理结果/(三)不予公开"] },
    ResultCategory { words: &["无法提供"], rows: &["三、本年度办理结果/(四)无法提供"] },
    ResultCategory { words: &["不予处理"], rows: &["三、本年度办理结果/(五)不予处理"] },
    ResultCategory { words: &["其他处理"], rows: &["三、本年度办理结果/(六)其他处理"] },
    ResultCategory {
        words: &["予以公开及部分公开", "予以公开和部分公开", "予以公开与部分公开", "予以公开或部分公开", "予以公开及部分予以公开"],
        rows: &["三、本年度办理结果/(一)予以公开", "三、本年度办理结果/(二)部分公开"],
    },
];

/// A reason under a result category: its words, the category (index into [`RESULTS`]) and its row.
pub struct Reason {
    pub words: &'static [&'static str],
    pub category: usize,
    pub row: &'static str,
}

pub const REASONS: &[Reason] = &[
    Reason { words: &["国家秘密"], category: 2, row: "三、本年度办理结果/(三)不予公开/1.属于国家秘密" },
    Reason {
        words: &["法律行政法规禁止公开", "法律法规禁止公开"],
        category: 2,
        row: "三、本年度办理结果/(三)不予公开/2.其他法律行政法规禁止公开",
    },
    Reason {
        words: &["三安全一稳定"], category: 2, row: "三、本年度办理结果/(三)不予公开/3.危及“三安全一稳定”"
    },
    Reason {
        words: &["第三方合法权益"], category: 2, row: "三、本年度办理结果/(三)不予公开/4.保护第三方合法权益"
    },
    Reason {
        words: &["内部事务信息", "内部事务"], category: 2, row: "三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息"
    },
    Reason { words: &["过程性信息"], category: 2, row: "三、本年度办理结果/(三)不予公开/6.属于四类过程性信息" },
    Reason { words: &["行政执法案卷"], category: 2, row: "三、本年度办理结果/(三)不予公开/7.属于行政执法案卷" },
    Reason { words: &["行政查询事项"], category: 2, row: "三、本年度办理结果/(三)不予公开/8.属于行政查询事项" },
    Reason {
        words: &["不掌握相关政府信息", "本机关不掌握"],
        category: 3,
        row: "三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息",
    },
    Reason {
        words: &["没有现成信息", "需要另行制作", "需另行制作"],
        category: 3,
        row: "三、本年度办理结果/(四)无法提供/2.没有现成信息需要另行制作",
    },
    Reason {
        words: &["补正后申请内容仍不明确", "申请内容仍不明确"],
        category: 3,
        row: "三、本年度办理结果/(四)无法提供/3.补正后申请内容仍不明确",
    },
    Reason {
        words: &["信访举报投诉"], category: 4, row: "三、本年度办理结果/(五)不予处理/1.信访举报投诉类申请"
    },
    Reason { words: &["重复申请"], category: 4, row: "三、本年度办理结果/(五)不予处理/2.重复申请" },
    Reason { words: &["公开出版物"], category: 4, row: "三、本年度办理结果/(五)不予处理/3.要求提供公开出版物" },
    Reason {
        words: &["大量反复申请"], category: 4, row: "三、本年度办理结果/(五)不予处理/4.无正当理由大量反复申请"
    },
    Reason {
        words: &["确认或重新出具"], category: 4, row: "三、本年度办理结果/(五)不予处理/5.要求行政机关确认或重新出具已获取信息"
    },
    Reason {
        words: &["逾期不补正"],
        category: 5,
        row: "三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    },
    Reason {
        words: &["逾期未按收费通知", "未按收费通知要求缴纳费用"],
        category: 5,
        row: "三、本年度办理结果/(六)其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    },
];

/// A type of applicant: its words and its columns of 表三 (summed).
pub struct Applicant {
    pub words: &'static [&'static str],
    pub cols: &'static [&'static str],
}

pub const APPLICANTS: &[Applicant] = &[
    Applicant { words: &["自然人"], cols: &["自然人"] },
    Applicant {
        words: &["法人或其他组织", "法人和其他组织", "法人及其他组织", "法人或者其他组织", "法人或非法人组织"],
        cols: &[
            "法人或其他组织/商业企业",
            "法人或其他组织/科研机构",
            "法人或其他组织/社会公益组织",
            "法人或其他组织/法律服务机构",
            "法人或其他组织/其他",
        ],
    },
    Applicant { words: &["商业企业"], cols: &["法人或其他组织/商业企业"] },
    Applicant { words: &["科研机构"], cols: &["法人或其他组织/科研机构"] },
    Applicant { words: &["社会公益组织"], cols: &["法人或其他组织/社会公益组织"] },
    Applicant { words: &["法律服务机构"], cols: &["法人或其他组织/法律服务机构"] },
];

/// An outcome column of 表四: its words and its column within each group.
pub struct Outcome {
    pub words: &'static [&'static str],
    pub col: &'static str,
}

pub const OUTCOMES: &[Outcome] = &[
    Outcome { words: &["维持"], col: "结果维持" },
    Outcome { words: &["纠正"], col: "结果纠正" },
    Outcome { words: &["尚未审结", "未审结", "正在审理", "审理中"], col: "尚未审结" },
];

/// A row of 表一: its words and its row path (the 2021 format's; the 2019 format names
/// 规范性文件 without 行政).
pub struct ActiveSubject {
    pub words: &'static [&'static str],
    pub row: &'static str,
    pub row_2019: &'static str,
}

pub const ACTIVE_SUBJECTS: &[ActiveSubject] = &[
    ActiveSubject { words: &["规章"], row: "第二十条第(一)项/规章", row_2019: "第二十条第(一)项/规章" },
    ActiveSubject {
        words: &["行政规范性文件", "规范性文件"],
        row: "第二十条第(一)项/行政规范性文件",
        row_2019: "第二十条第(一)项/规范性文件",
    },
    ActiveSubject {
        words: &["行政许可"], row: "第二十条第(五)项/行政许可", row_2019: "第二十条第(五)项/行政许可"
    },
    ActiveSubject {
        words: &["行政处罚"], row: "第二十条第(六)项/行政处罚", row_2019: "第二十条第(六)项/行政处罚"
    },
    ActiveSubject {
        words: &["行政强制"], row: "第二十条第(六)项/行政强制", row_2019: "第二十条第(六)项/行政强制"
    },
    ActiveSubject {
        words: &["行政事业性收费"], row: "第二十条第(八)项/行政事业性收费", row_2019: "第二十条第(八)项/行政事业性收费"
    },
];

/// What is counted of 规章 and 规范性文件, by format: the column of the 2021 format, and of the
/// 2019 format where it has one.
pub struct ActiveVerb {
    pub words: &'static [&'static str],
    pub col: Option<&'static str>,
    pub col_2019: Option<&'static str>,
}

pub const ACTIVE_VERBS: &[ActiveVerb] = &[
    ActiveVerb {
        words: &["制发", "印发", "出台", "制定", "新制定", "新制作"],
        col: Some("本年制发件数"),
        col_2019: Some("本年新制作数量"),
    },
    ActiveVerb { words: &["废止"], col: Some("本年废止件数"), col_2019: None },
    ActiveVerb { words: &["现行有效"], col: Some("现行有效件数"), col_2019: None },
];

/// The words that name rows and columns, looked up by their first character.
pub struct Vocabulary {
    /// By first character (sorted, for a binary search at each character of a text): (word,
    /// topic), longest first.
    by_first: Vec<(char, Vec<(String, Topic)>)>,
    /// Which characters begin a word.
    begins: Firsts,
}

impl Vocabulary {
    pub fn new(words: Vec<(String, Topic)>) -> Self {
        let mut by_first: Vec<(char, Vec<(String, Topic)>)> = Vec::new();
        for (w, t) in words {
            if let Some(c) = w.chars().next() {
                match by_first.iter_mut().find(|(f, _)| *f == c) {
                    Some((_, list)) => list.push((w, t)),
                    None => by_first.push((c, vec![(w, t)])),
                }
            }
        }
        for (_, list) in by_first.iter_mut() {
            crate::sort::by_key(&mut list[..], |(w, _)| std::cmp::Reverse(w.len()));
        }
        crate::sort::by_key(&mut by_first[..], |(c, _)| *c);
        let begins = Firsts::new(by_first.iter().map(|(c, _)| *c));
        Vocabulary { by_first, begins }
    }

    /// Whether a word starts anywhere in `text` (else [`hits`] finds none in it or in any part
    /// of it).
    fn any_in(&self, text: &str) -> bool {
        text.char_indices().any(|(i, c)| {
            self.begins.may_begin(c)
                && self
                    .by_first
                    .binary_search_by_key(&c, |(f, _)| *f)
                    .is_ok_and(|k| self.by_first[k].1.iter().any(|(w, _)| text[i..].starts_with(w.as_str())))
        })
    }

    /// The longest word at the start of `text`: its length in bytes and topic.
    fn at(&self, text: &str) -> Option<(usize, Topic)> {
        let c = text.chars().next()?;
        if !self.begins.may_begin(c) {
            return None;
        }
        let k = self.by_first.binary_search_by_key(&c, |(f, _)| *f).ok()?;
        self.by_first[k].1.iter().find(|(w, _)| text.starts_with(w.as_str())).map(|(w, t)| (w.len(), *t))
    }
}

/// The words of every topic, and this document's own ("结转至2025年").
pub fn vocabulary(document: &Document) -> std::rc::Rc<Vocabulary> {
    if let Some(v) = kept(document, |m| m.vocabulary.clone()) {
        return v;
    }
    let v = std::rc::Rc::new(read_vocabulary(document));
    keep(document, |m| m.vocabulary = Some(v.clone()));
    v
}

fn read_vocabulary(document: &Document) -> Vocabulary {
    let mut v: Vec<(String, Topic)> = Vec::new();
    let mut add = |words: &[&str], t: Topic| v.extend(words.iter().map(|w| (w.to_string(), t)));
    add(&["收到", "受理", "新收", "接收", "接到", "收悉"], Topic::Received);
    add(THIS_YEARS_IDIOMS, Topic::CarriedIn);
    add(&["办结", "答复", "办理完毕", "处理完毕"], Topic::Completed);
    add(&["办结率"], Topic::CompletionRate);
    add(
        &[
            "结转下年度",
            "结转下一年度",
            "结转至下年度",
            "结转至下一年度",
            "结转到下一年度",
            "结转到下年度",
            "结转下年",
            "结转下一年",
            "结转至下一年",
            "结转至下年",
            "结转到下一年",
            "结转到下年",
            "转入下一年度",
            "转入下年度",
        ],
        Topic::CarriedOut,
    );
    for (i, r) in RESULTS.iter().enumerate() {
        add(r.words, Topic::Result(i));
    }
    for (i, r) in REASONS.iter().enumerate() {
        add(r.words, Topic::Reason(i));
    }
    for (i, a) in APPLICANTS.iter().enumerate() {
        add(a.words, Topic::Applicant(i));
    }
    add(&["行政复议"], Topic::Review);
    add(&["行政诉讼"], Topic::Litigation);
    for (i, o) in OUTCOMES.iter().enumerate() {
        add(o.words, Topic::Outcome(i));
    }
    add(&["公开率"], Topic::OpenRate);
    add(&["占比", "占"], Topic::Share);
    for (i, a) in ACTIVE_SUBJECTS.iter().enumerate() {
        add(a.words, Topic::ActiveSubject(i));
    }
    for (i, a) in ACTIVE_VERBS.iter().enumerate() {
        add(a.words, Topic::ActiveVerb(i));
    }
    add(&["规章制度", "维持稳定", "纠正措施", "办结时限", "答复时限", "答复期限", "答复书"], Topic::Nothing);
    if let Some(y) = document.year {
        let next = y + 1;
        for w in [format!("结转至{next}年"), format!("结转到{next}年"), format!("结转{next}年"), format!("转入{next}年")] {
            v.push((w, Topic::CarriedOut));
        }
    }
    Vocabulary::new(v)
}

/// A word of the vocabulary found in a clause: what it names and its byte range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub topic: Topic,
    pub start: usize,
    pub end: usize,
}

/// The vocabulary's words in `text`, left to right, the longest at each place, not overlapping.
pub fn hits(text: &str, vocabulary: &Vocabulary) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        match vocabulary.at(rest) {
            Some((len, topic)) => {
                out.push(Hit { topic, start: i, end: i + len });
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Words between a word and its figure that say the figure is something else: a part, a
/// subject, an approximation.
const GAP_STOPS: &[&str] = &["涉及", "关于", "其中", "约", "近", "超", "同比", "较", "分别", "累计", "以上", "以下", "平均", "每"];

/// Whether `gap` (between a word and the count after it) leaves the count the word's: short,
/// no figures, no brackets or enumeration marks, no words that make it something else, no
/// attributive 的 other than right after the word ("制发的").
fn gap_after_ok(gap: &str) -> bool {
    let g = gap.trim();
    if g.chars().count() > 10 || GAP_STOPS.iter().any(|w| g.contains(w)) || (g.contains('的') && g != "的") {
        return false;
    }
    !g.chars().any(|c| c.is_ascii_digit() || "、（）()《》“”\"'：:".contains(c) || crate::normalize::is_space(c))
}

/// Whether `gap` (between a count and the word after it: "2件行政诉讼案件", "1件结转下年度")
/// leaves the count the word's.
fn gap_before_ok(gap: &str) -> bool {
    matches!(gap.trim(), "" | "申请" | "被" | "已" | "均")
}

/// Conjunctions: a word joined to the next by one of them shares the next one's figure
/// ("行政复议和行政诉讼共3件"), which then belongs to neither alone.
fn is_conjunction(gap: &str) -> bool {
    matches!(gap.trim(), "和" | "及" | "与" | "、" | "或" | "以及" | "及其" | "和提起" | "及提起")
}

/// Pairs each hit with the count it states: the first count after it (before the next hit)
/// with a gap that leaves it the hit's, else a count right before it that no hit took. A hit
/// joined to the one before by a conjunction, where that one has no count, gets none.
pub fn stated_counts(text: &str, hits: &[Hit], counts: &[Count]) -> Vec<Option<Count>> {
    let mut used = vec![false; counts.len()];
    let mut out: Vec<Option<Count>> = vec![None; hits.len()];
    for (i, h) in hits.iter().enumerate() {
        let seg_end = hits.get(i + 1).map_or(text.len(), |n| n.start);
        if let Some((ci, c)) = counts.iter().enumerate().find(|(_, c)| c.start >= h.end && c.end <= seg_end) {
            if gap_after_ok(&text[h.end..c.start]) {
                out[i] = Some(*c);
                used[ci] = true;
            }
        }
    }
    for (i, h) in hits.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let seg_start = if i == 0 { 0 } else { hits[i - 1].end };
        if let Some((ci, c)) = counts.iter().enumerate().rev().find(|(_, c)| c.end <= h.start) {
            if !used[ci] && c.start >= seg_start && gap_before_ok(&text[c.end..h.start]) {
                out[i] = Some(*c);
                used[ci] = true;
            }
        }
    }
    for i in 1..hits.len() {
        if out[i - 1].is_none() && is_conjunction(&text[hits[i - 1].end..hits[i].start]) && hits[i - 1].topic != Topic::Nothing {
            out[i] = None;
        }
    }
    out
}

/// Words that make a clause about something other than applications for disclosure.
pub const OTHER_SUBJECTS: &[&str] = &[
    "诉求",
    "留言",
    "咨询",
    "来电",
    "来信",
    "信件",
    "提案",
    "建议",
    "热线",
    "工单",
    "12345",
    "政务服务",
    "办件",
    "事项",
    "网民",
    "问政",
    "信访件",
];

/// Whether a sentence speaks of applications for disclosure (申请) and of nothing else that is
/// received and answered.
pub fn about_applications(text: &str) -> bool {
    if !text.contains("申请") {
        return false;
    }
    let text =
        if text.contains("行政查询事项") { std::borrow::Cow::Owned(text.replace("行政查询事项", "")) } else { text.into() };
    !OTHER_SUBJECT_WORDS.in_text(&text)
}

/// Sentence `i` with the sentences joined to it by semicolons before it, in order: one sentence
/// in grammar ("办结81件，其中：予以公开42件；不予公开5件；…").
pub fn chain(document: &Document, i: usize) -> &[Sentence] {
    let all = &document.sentences;
    let mut start = i;
    // A list runs a few sentences; a longer run is not one sentence's subject.
    while start > 0 && i - start < 8 {
        let prev = &all[start - 1];
        if prev.paragraph != all[i].paragraph || !(prev.text.ends_with('；') || prev.text.ends_with(';')) {
            break;
        }
        start -= 1;
    }
    &all[start..=i]
}

/// The text of a chain up to `upto` bytes into its last sentence.
fn chain_text(chain: &[Sentence], upto: usize) -> String {
    let mut t: String = chain[..chain.len() - 1].iter().map(|s| s.text.as_str()).collect();
    let last = &chain[chain.len() - 1].text;
    t.push_str(&last[..upto.min(last.len())]);
    t
}

/// How far back the words that qualify a figure are looked for (bytes): the clauses before it,
/// not the whole of a run-on paragraph.
pub const LOOK_BACK: usize = 360;

/// The last `max` bytes of `text` (at a character boundary).
pub fn tail(text: &str, max: usize) -> &str {
    let mut from = text.len().saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// The text of a chain before a place `upto` bytes into its last sentence, at most
/// [`LOOK_BACK`] bytes of it.
fn context_before(chain: &[Sentence], upto: usize) -> String {
    let last = &chain[chain.len() - 1].text;
    let own = &last[..upto.min(last.len())];
    if own.len() >= LOOK_BACK {
        return tail(own, LOOK_BACK).to_string();
    }
    let mut t = String::new();
    for s in chain[..chain.len() - 1].iter().rev() {
        t.insert_str(0, &s.text);
        if t.len() + own.len() >= LOOK_BACK {
            break;
        }
    }
    t.push_str(own);
    tail(&t, LOOK_BACK).to_string()
}

/// Whether what precedes a figure narrows it to a subset of the applications ("涉及征地拆迁的申请
/// 12件，予以公开5件"): 涉及, 关于 or 针对 followed by anything but a type of applicant.
fn narrowed(before: &str) -> bool {
    ["涉及", "关于", "针对"].iter().any(|w| {
        before.match_indices(w).any(|(i, _)| {
            let rest = before[i + w.len()..].trim_start();
            !APPLICANTS.iter().any(|a| a.words.iter().any(|x| rest.starts_with(x)))
        })
    })
}

/// A count the prose states for cells of 表三: the claim, and the rows (each with the leaf rows
/// under it) and columns whose sum it states.
pub struct TableClaim<'s> {
    pub claim: Claim<'s>,
    pub rows: Vec<&'static str>,
    pub cols: Vec<&'static str>,
}

impl TableClaim<'_> {
    pub fn figure<'d>(&self, table: &'d Table) -> Figure<'d> {
        Figure::grid(table, &self.rows, &self.cols)
    }
}

/// Whether a word of `vocabulary` is anywhere in sentence `si`: else no clause of it has any
/// (kept, for the document's own vocabulary, while the rules run).
pub fn mentions(document: &Document, si: usize, vocabulary: &Vocabulary) -> bool {
    let own = |m: &Memo| m.vocabulary.as_ref().is_some_and(|v| std::ptr::eq(v.as_ref(), vocabulary));
    if let Some(known) = kept(document, |m| if own(m) { m.mentions.get(si).copied().flatten() } else { None }) {
        return known;
    }
    let answer = vocabulary.any_in(&document.sentences[si].text);
    keep(document, |m| {
        if own(m) {
            if let Some(x) = m.mentions.get_mut(si) {
                *x = Some(answer);
            }
        }
    });
    answer
}

/// Whether sentence `si` speaks of applications for disclosure: it or the sentences joined to
/// it by semicolons before it name 申请 (and no other matter received and answered); with
/// `lists_results`, also a sentence right after one that names 申请 in the same paragraph, or
/// one that lists two result categories or more ("予以公开13件，部分公开3件…": only applications
/// have those).
pub fn speaks_of_applications(document: &Document, si: usize, vocabulary: &Vocabulary, lists_results: bool) -> bool {
    // Kept only when asked with the document's own vocabulary (the one every rule passes).
    let own = |m: &Memo| m.vocabulary.as_ref().is_some_and(|v| std::ptr::eq(v.as_ref(), vocabulary));
    let slot = usize::from(lists_results);
    if let Some(known) = kept(document, |m| if own(m) { m.speaks[slot].get(si).copied().flatten() } else { None }) {
        return known;
    }
    let answer = read_speaks_of_applications(document, si, vocabulary, lists_results);
    keep(document, |m| {
        if own(m) {
            if let Some(x) = m.speaks[slot].get_mut(si) {
                *x = Some(answer);
            }
        }
    });
    answer
}

fn read_speaks_of_applications(document: &Document, si: usize, vocabulary: &Vocabulary, lists_results: bool) -> bool {
    let s = &document.sentences[si];
    let joined = chain(document, si);
    // A sentence alone (most) is its chain's text.
    let about = if joined.len() == 1 { about_applications(&s.text) } else { about_applications(&chain_text(joined, s.text.len())) };
    if about {
        return true;
    }
    if !lists_results {
        return false;
    }
    let previous = si.checked_sub(1).map(|i| &document.sentences[i]).filter(|p| p.paragraph == s.paragraph);
    // Neither after a sentence about applications nor naming any word (so no result category):
    // the answer is no whatever the other words.
    if !previous.is_some_and(|p| about_applications(&p.text)) && !mentions(document, si, vocabulary) {
        return false;
    }
    let other_subject = if s.text.contains("行政查询事项") {
        OTHER_SUBJECT_WORDS.in_text(&s.text.replace("行政查询事项", ""))
    } else {
        OTHER_SUBJECT_WORDS.in_text(&s.text)
    };
    if other_subject {
        return false;
    }
    if previous.is_some_and(|p| about_applications(&p.text)) {
        return true;
    }
    let mut categories: Vec<usize> = hits(&s.text, vocabulary)
        .iter()
        .filter_map(|h| match h.topic {
            Topic::Result(i) => Some(i),
            _ => None,
        })
        .collect();
    crate::sort::ascending(&mut categories[..]);
    categories.dedup();
    categories.len() >= 2
}

/// A clause of a sentence about applications: the sentence (and its index), the clause's byte
/// range, the words found in it and the count paired with each word.
struct ApplicationClause<'d> {
    si: usize,
    s: &'d Sentence,
    range: (usize, usize),
    found: Vec<Hit>,
    stated: Vec<Option<Count>>,
}

/// Clauses of sentences about applications that state this year's figures, with the words
/// found in them and the counts paired with the words (units `units`).
fn application_clauses<'d>(
    document: &'d Document,
    vocabulary: &Vocabulary,
    units: &[&str],
    lists_results: bool,
) -> Vec<ApplicationClause<'d>> {
    let mut out = Vec::new();
    for (si, s) in document.sentences.iter().enumerate() {
        if !speaks_of_applications(document, si, vocabulary, lists_results) {
            continue;
        }
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if clause.contains("复议") || clause.contains("诉讼") || !this_years(document, s, (a, b), false) {
                continue;
            }
            let found = hits(clause, vocabulary);
            // 条 counts information items too ("公开政府信息15条").
            let counts: Vec<Count> = counts(clause, units)
                .into_iter()
                .filter(|c| !(clause[c.number_end..c.end].contains('条') && clause.contains("信息")))
                .collect();
            let stated = stated_counts(clause, &found, &counts);
            out.push(ApplicationClause { si, s, range: (a, b), found, stated });
        }
    }
    out
}

/// The counts of result categories the prose states ("予以公开15件", "予以公开及部分公开42件",
/// "因属于过程性信息不予公开3件"), in sentences about applications; a reason only where its
/// category is named in the sentence.
pub fn result_claims(document: &Document) -> Vec<TableClaim<'_>> {
    kept_table_claims(document, |m| &mut m.results, read_result_claims)
}

fn read_result_claims(document: &Document) -> Vec<TableClaim<'_>> {
    let vocabulary = vocabulary(document);
    let mut out = Vec::new();
    // The sentence's context, computed once a sentence.
    let mut context: Option<(usize, String)> = None;
    for ApplicationClause { si, s, range: (a, b), found, mut stated } in application_clauses(document, &vocabulary, &["件", "条"], true) {
        let clause = &s.text[a..b];
        // A reason that qualifies its category ("因属于过程性信息不予公开3件") takes its count.
        for i in 0..found.len().saturating_sub(1) {
            if let (Topic::Reason(r), Topic::Result(c)) = (found[i].topic, found[i + 1].topic) {
                if stated[i].is_none() && REASONS[r].category == c && clause[found[i].end..found[i + 1].start].chars().count() <= 3 {
                    stated[i] = stated[i + 1].take();
                }
            }
        }
        if context.as_ref().is_none_or(|(i, _)| *i != si) {
            context = Some((si, chain_text(chain(document, si), s.text.len())));
        }
        let context = context.as_ref().map_or("", |(_, t)| t.as_str());
        for (h, c) in found.iter().zip(stated) {
            let Some(c) = c.filter(|c| !c.approximate) else { continue };
            let rows = match h.topic {
                Topic::Result(i) => RESULTS[i].rows.to_vec(),
                Topic::Reason(r) if RESULTS[REASONS[r].category].words.iter().any(|w| context.contains(w)) => vec![REASONS[r].row],
                _ => continue,
            };
            if narrowed(&context_before(chain(document, si), a + h.start.min(c.start))) {
                continue;
            }
            let claim = Claim {
                sentence: s,
                range: (a + h.start.min(c.start), a + h.end.max(c.end)),
                stated: c.value as f64,
                number: Some((a + c.start, a + c.number_end)),
            };
            out.push(TableClaim { claim, rows, cols: vec!["总计"] });
        }
    }
    out
}

/// The row a count of applicants belongs to: the nearest row named before it in the sentence
/// (收到 → 一, 上年结转 → 二, 办结 → (七)总计, 结转下年度 → 四, 予以公开 → (一) …); none when
/// something else is named in between (复议, 表一's words).
fn row_named_before(document: &Document, si: usize, upto: usize, vocabulary: &Vocabulary) -> Option<&'static str> {
    use crate::template::rows;
    let text = context_before(chain(document, si), upto);
    for h in hits(&text, vocabulary).iter().rev() {
        match h.topic {
            Topic::Received => return Some(rows::NEW),
            Topic::CarriedIn => return Some(rows::CARRIED_IN),
            Topic::Completed => return Some(rows::RESULTS_TOTAL),
            Topic::CarriedOut => return Some(rows::CARRIED_OUT),
            Topic::Result(i) if RESULTS[i].rows.len() == 1 && i < 2 => return Some(RESULTS[i].rows[0]),
            Topic::Reason(r) => return Some(REASONS[r].row),
            Topic::Applicant(_) | Topic::Share | Topic::Nothing => continue,
            _ => return None,
        }
    }
    None
}

/// The counts of applicant types the prose states ("涉及自然人80件、商业企业1件"), with the row
/// named before them. Where the sentence's count of applications received is 本年新收 + 上年结转
/// (P419's reading), the applicant counts are read the same way.
pub fn applicant_claims(document: &Document) -> Vec<TableClaim<'_>> {
    kept_table_claims(document, |m| &mut m.applicants, read_applicant_claims)
}

fn read_applicant_claims(document: &Document) -> Vec<TableClaim<'_>> {
    use crate::template::rows;
    let vocabulary = vocabulary(document);
    let table = document.table(crate::template::TableId::Requests);
    let amount = |row: &str| table.and_then(|t| t.cell(row, "总计")).and_then(|c| c.amount());
    let with_carried = match (amount(rows::NEW), amount(rows::CARRIED_IN)) {
        (Some(n), Some(c)) if c > 0.0 => Some(n + c),
        _ => None,
    };
    let received = received_claims(document);
    let mut out = Vec::new();
    for ApplicationClause { si, s, range: (a, _), found, stated } in
        application_clauses(document, &vocabulary, &["件", "条", "人次"], false)
    {
        for (h, c) in found.iter().zip(stated) {
            let Topic::Applicant(i) = h.topic else { continue };
            let Some(c) = c.filter(|c| !c.approximate && c.start >= h.end) else { continue };
            let gap = &s.text[a + h.end..a + c.start];
            if gap.chars().count() > 4 {
                continue;
            }
            let row = match row_named_before(document, si, a + h.start, &vocabulary) {
                Some(r) => r,
                None if gap.starts_with("申请") || gap.starts_with("提出") => rows::NEW,
                None => continue,
            };
            let mut row_list = vec![row];
            if row == rows::NEW {
                let chained = chain(document, si);
                let both = received.iter().any(|(k, r)| {
                    *k == Received::New && Some(r.stated) == with_carried && chained.iter().any(|x| std::ptr::eq(x, r.sentence))
                });
                if both {
                    row_list.push(rows::CARRIED_IN);
                }
            }
            let claim = Claim {
                sentence: s,
                range: (a + h.start, a + c.end),
                stated: c.value as f64,
                number: Some((a + c.start, a + c.number_end)),
            };
            out.push(TableClaim { claim, rows: row_list, cols: APPLICANTS[i].cols.to_vec() });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Applications received

/// The verbs of receiving applications.
pub const RECEIVED: &[&str] = &["收到", "受理", "新收", "接收", "接到", "收悉"];

/// Words that make a clause's count of applications something other than those received this
/// year: cumulative figures, parts, changes, shares, and counts of what was done with them.
const RECEIVED_UNCERTAIN: &[&str] = &[
    "历年",
    "累计",
    "以来",
    "其中",
    "涉及",
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
    "分别",
    "平均",
    "占",
    "复议",
    "诉讼",
    "办结",
    "答复",
    "办理完毕",
];

/// Which row a count of applications received names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// 收到/受理/新收 … 申请 N件: 一、本年新收.
    New,
    /// 上年结转 N件: 二、上年结转.
    CarriedIn,
}

/// The counts of applications received that the prose states, clause by clause: a clause that
/// says applications were received (收到/受理/新收/接收 … 申请 N件, the one certain count after
/// the verb), or carried over from last year (上年结转 N件, in a sentence about applications).
pub fn received_claims(document: &Document) -> Vec<(Received, Claim<'_>)> {
    if let Some(k) = kept(document, |m| m.received.clone()) {
        return k.iter().map(|(r, c)| (*r, c.claim(document))).collect();
    }
    let found = read_received_claims(document);
    if let Some(k) = found.iter().map(|(r, c)| Some((*r, KeptClaim::of(document, c)?))).collect::<Option<Vec<_>>>() {
        keep(document, |m| m.received = Some(std::rc::Rc::new(k)));
    }
    found
}

fn read_received_claims(document: &Document) -> Vec<(Received, Claim<'_>)> {
    let mut out = Vec::new();
    for s in &document.sentences {
        // No clause counts anything without a unit (most sentences of a page's link lists).
        if !s.text.contains('件') && !s.text.contains('条') {
            continue;
        }
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if RECEIVED_UNCERTAIN_WORDS.in_text(clause) || !this_years(document, s, (a, b), false) {
                continue;
            }
            let counts = application_counts(clause);
            let [count] = counts.as_slice() else { continue };
            if count.approximate {
                continue;
            }
            let number = Some((a + count.start, a + count.number_end));
            if let Some(at) = THIS_YEARS_IDIOMS.iter().filter_map(|w| clause.find(w)).min() {
                if about_applications(&s.text) {
                    let range = (a + at.min(count.start), a + count.end.max(at));
                    out.push((Received::CarriedIn, Claim { sentence: s, range, stated: count.value as f64, number }));
                }
                continue;
            }
            if !clause.contains("申请") {
                continue;
            }
            let Some(verb_at) = RECEIVED.iter().filter_map(|v| clause.find(v)).min() else { continue };
            // "27件申请已收到" is rare; a number before the verb is usually something else.
            if count.start < verb_at {
                continue;
            }
            out.push((Received::New, Claim { sentence: s, range: (a + verb_at, a + count.end), stated: count.value as f64, number }));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The cells a figure names

/// Cells of one table whose sum a prose figure states.
pub struct Figure<'d> {
    pub table: &'d Table,
    /// (row path, column)
    pub cells: Vec<(String, &'static str)>,
}

/// What the table says for a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum TableSays {
    /// The sum of the cells as read.
    Known(f64),
    /// A row of the figure was left unread because its digits were glued together and could be
    /// split more than one way: every sum the readings allow, the run as written and its place.
    Glued { possible: Vec<f64>, run: String, row: String, location: Option<Location> },
    /// A cell is missing or not a number.
    Unknown,
}

impl<'d> Figure<'d> {
    pub fn new(table: &'d Table, cells: Vec<(String, &'static str)>) -> Self {
        Figure { table, cells }
    }

    /// The figure of `cols` in row `row`.
    pub fn row_cols(table: &'d Table, row: &str, cols: &[&'static str]) -> Self {
        Figure { table, cells: cols.iter().map(|c| (row.to_string(), *c)).collect() }
    }

    /// The figure of `cols` in the leaf rows at or under each of `rows`.
    pub fn grid(table: &'d Table, rows: &[&str], cols: &[&'static str]) -> Self {
        let mut cells = Vec::new();
        for r in table.rows.iter().filter(|r| rows.iter().any(|p| r.path == *p || r.path.starts_with(&format!("{p}/")))) {
            cells.extend(cols.iter().map(|c| (r.path.clone(), *c)));
        }
        Figure { table, cells }
    }

    /// Whether every cell is one the table has.
    pub fn exists(&self) -> bool {
        !self.cells.is_empty() && self.cells.iter().all(|(r, c)| self.table.row(r).is_some_and(|row| row.cells.iter().any(|x| x.col == *c)))
    }

    pub fn refs(&self) -> Vec<CellRef> {
        self.cells.iter().map(|(r, c)| CellRef::of(self.table, r, c)).collect()
    }

    /// [`Figure::describe`] without the table's title, for a second figure of the same table.
    pub fn describe_within(&self) -> String {
        let d = self.describe();
        d.strip_prefix(&format!("「{}」表", self.table.id.title())).map(|r| format!("该表{r}")).unwrap_or(d)
    }

    fn position(&self, i: usize) -> Option<(usize, usize)> {
        let (r, c) = &self.cells[i];
        let ri = self.table.rows.iter().position(|x| x.path == *r)?;
        let ci = self.table.rows[ri].cells.iter().position(|x| x.col == *c)?;
        Some((ri, ci))
    }

    /// What the table says: the cells' sum, or what the glued digits of an unread row allow.
    pub fn says(&self, document: &Document) -> TableSays {
        let mut sums: Vec<f64> = vec![0.0];
        let mut glued: Option<(String, String, Option<Location>)> = None;
        for (r, c) in &self.cells {
            let Some(cell) = self.table.cell(r, c) else { return TableSays::Unknown };
            if let Some(a) = cell.amount().filter(|_| !cell.is_missing()) {
                sums.iter_mut().for_each(|s| *s += a);
                continue;
            }
            let Some((run, loc, values)) = glued_values(document, self.table, r, c) else { return TableSays::Unknown };
            let mut next: Vec<f64> = Vec::new();
            for s in &sums {
                for v in &values {
                    let x = s + *v;
                    if !next.contains(&x) {
                        next.push(x);
                    }
                }
            }
            if next.len() > 10_000 {
                return TableSays::Unknown;
            }
            sums = next;
            glued.get_or_insert((run, r.clone(), loc));
        }
        match glued {
            None => TableSays::Known(sums[0]),
            Some((run, row, location)) => {
                crate::sort::by(&mut sums[..], f64::total_cmp);
                TableSays::Glued { possible: sums, run, row, location }
            }
        }
    }

    /// Whether the figure is a single blank cell.
    fn single_blank(&self) -> bool {
        matches!(self.cells.as_slice(), [(r, c)] if self.table.cell(r, c).is_some_and(|x| x.is_blank()))
    }

    /// The cells in the words of the printed table: one cell's place, or the rows or columns
    /// summed ("「…」表「（一）予以公开」与「（二）部分公开」两行「总计」列之和").
    pub fn describe(&self) -> String {
        let title = self.table.id.title();
        let refs = self.refs();
        if let [one] = refs.as_slice() {
            return one.place();
        }
        let rows: Vec<&str> = dedup(self.cells.iter().map(|(r, _)| r.as_str()));
        let cols: Vec<&str> = dedup(self.cells.iter().map(|(_, c)| *c));
        let quote = |xs: &[String]| xs.iter().map(|x| format!("「{x}」")).collect::<Vec<_>>();
        match (rows.as_slice(), cols.as_slice()) {
            (_, [col]) => {
                let col = printed_col(col);
                // The leaves of one parent: name the parent.
                let parent = rows[0].rsplit_once('/').map(|p| p.0).unwrap_or("");
                if rows.len() >= 3 && rows.iter().all(|r| r.rsplit_once('/').is_some_and(|p| p.0 == parent)) {
                    return format!("「{title}」表「{}」下各项「{col}」列之和", printed_row(parent));
                }
                let names = quote(&rows.iter().map(|r| printed_row(r)).collect::<Vec<_>>());
                let n =
                    if names.len() == 2 { format!("{}与{}两行", names[0], names[1]) } else { format!("{}各行", names.join("、")) };
                format!("「{title}」表{n}「{col}」列之和")
            }
            ([row], _) => {
                let row = printed_row(row);
                let row = if row.is_empty() { String::new() } else { format!("「{row}」行") };
                if cols.len() == 5 && cols.iter().all(|c| c.starts_with("法人或其他组织/")) {
                    return format!("「{title}」表{row}「法人或其他组织」下五列之和");
                }
                let names = quote(&cols.iter().map(|c| printed_col(c)).collect::<Vec<_>>());
                let n =
                    if names.len() == 2 { format!("{}与{}两列", names[0], names[1]) } else { format!("{}各列", names.join("、")) };
                format!("「{title}」表{row}{n}之和")
            }
            _ => format!("「{title}」表中{}个单元格之和", self.cells.len()),
        }
    }
}

fn dedup<'a>(xs: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for x in xs {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

/// The values cell `col` of row `path` may hold when the row's glued digits could not be split
/// one way only (see [`crate::glued`]): what the cell holds in each reading still possible. With
/// the run as written and its place. `None` when the row is not such a row.
pub fn glued_values(document: &Document, table: &Table, path: &str, col: &str) -> Option<(String, Option<Location>, Vec<f64>)> {
    let read = document.observations.rows.iter().find(|r| r.table == table.id && r.path == path && r.glued == Some(GluedRun::Ambiguous))?;
    let ci = read.columns.iter().position(|c| *c == col)?;
    let mut values: Vec<f64> = Vec::new();
    for reading in &read.readings {
        let v = crate::value::parse_value(reading.get(ci)?).amount()?;
        if !values.contains(&v) {
            values.push(v);
        }
    }
    if values.is_empty() {
        return None;
    }
    crate::sort::by(&mut values[..], f64::total_cmp);
    let run = read.written.iter().map(|(t, _)| t.trim()).collect::<Vec<_>>().join(" ");
    Some((run, read.written.first().map(|w| w.1.clone()), values))
}

// ---------------------------------------------------------------------------------------------
// Which side to correct

/// Which side of a disagreement to correct.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every sum relation the cells take part in holds: the prose is to change.
    Prose,
    /// The cells take part in no relation that could be evaluated: nothing confirms the table.
    Unconfirmed,
    /// One cell (index into the figure's cells) breaks the table's relations, and the value the
    /// prose implies for it makes them hold: the table is to change.
    Table(usize, f64),
    /// The relations fail around the cells and the prose figure does not mend them.
    Both,
}

/// Decides which side to correct when the prose states `stated` and the figure's cells say
/// otherwise (see [`Verdict`]).
pub fn judge(figure: &Figure, stated: f64) -> Verdict {
    let table = figure.table;
    let evals = crate::sums::evaluate(table);
    let Some(pos): Option<Vec<(usize, usize)>> = (0..figure.cells.len()).map(|i| figure.position(i)).collect() else {
        return Verdict::Unconfirmed;
    };
    let involves = |e: &crate::sums::Evaluation, p: &(usize, usize)| e.instance.total.contains(p) || e.instance.parts.contains(p);
    let relevant: Vec<&crate::sums::Evaluation> = evals.iter().filter(|e| pos.iter().any(|p| involves(e, p))).collect();
    if relevant.is_empty() {
        return Verdict::Unconfirmed;
    }
    if relevant.iter().all(|e| e.holds()) {
        return Verdict::Prose;
    }
    let amount = |p: &(usize, usize)| table.rows[p.0].cells[p.1].amount();
    let Some(current): Option<f64> = pos.iter().map(amount).sum() else { return Verdict::Both };
    let mut mended = Vec::new();
    for (i, p) in pos.iter().enumerate() {
        if !relevant.iter().filter(|e| !e.holds()).all(|e| involves(e, p)) {
            continue;
        }
        let Some(v) = amount(p) else { continue };
        let new = stated - (current - v);
        if new < 0.0 || new.fract() != 0.0 {
            continue;
        }
        let mut t = table.clone();
        let cell = &mut t.rows[p.0].cells[p.1];
        cell.value = Some(crate::value::Value::Number { value: new, unit: None });
        if crate::sums::evaluate(&t).iter().filter(|e| involves(e, p)).all(|e| e.holds()) {
            mended.push((i, new));
        }
    }
    match mended.as_slice() {
        [(i, v)] => Verdict::Table(*i, *v),
        _ => Verdict::Both,
    }
}

// ---------------------------------------------------------------------------------------------
// Findings

/// A figure stated in a sentence, to compare with the table.
pub struct Claim<'s> {
    pub sentence: &'s Sentence,
    /// The claim's words in the sentence (byte range): quoted and highlighted.
    pub range: (usize, usize),
    /// The figure as a number.
    pub stated: f64,
    /// The byte range of the number in the sentence, replaced by the table's figure to say what
    /// the prose should read; `None` for claims without a number ("均已办结").
    pub number: Option<(usize, usize)>,
}

impl Claim<'_> {
    pub fn excerpt(&self) -> &str {
        &self.sentence.text[self.range.0..self.range.1]
    }

    /// The claim's words with `value` in place of its number.
    fn corrected(&self, value: &str) -> Option<String> {
        let (a, b) = self.number?;
        let t = &self.sentence.text;
        Some(format!("{}{value}{}", &t[self.range.0..a], &t[b..self.range.1]))
    }
}

/// How close a table figure must be to the prose's to agree.
#[derive(Debug, Clone, Copy)]
pub enum Tolerance {
    Exact,
    /// Written with this many digits after the point (rounded or cut off there).
    Decimals(u32),
}

/// Whether a table figure agrees with the prose's at `tolerance`.
pub fn agrees(table: f64, stated: f64, tolerance: Tolerance) -> bool {
    match tolerance {
        Tolerance::Exact => (table - stated).abs() < 1e-9,
        Tolerance::Decimals(d) => agrees_at_precision(table, stated, d),
    }
}

/// Whether the table says otherwise than a claim (what [`compare`] reports, without wording it).
pub fn disagrees(document: &Document, claim: &Claim, figure: &Figure, tolerance: Tolerance) -> bool {
    match figure.says(document) {
        TableSays::Unknown => false,
        TableSays::Glued { possible, .. } => !possible.iter().any(|v| agrees(*v, claim.stated, tolerance)),
        TableSays::Known(v) => !agrees(v, claim.stated, tolerance),
    }
}

/// [`settled`] of one of `document`'s tables, kept in the memo while the rules run.
fn settled_in(document: &Document, table: &Table) -> Option<std::rc::Rc<Table>> {
    let index = document.tables.iter().position(|t| std::ptr::eq(t, table));
    if let Some(found) = index.and_then(|i| kept(document, |m| m.settled.get(i).cloned().flatten())) {
        return found;
    }
    let found = settled(table).map(std::rc::Rc::new);
    if let Some(i) = index {
        keep(document, |m| {
            if let Some(slot) = m.settled.get_mut(i) {
                *slot = Some(found.clone());
            }
        });
    }
    found
}

/// Whether the claim agrees with the figure once the mistakes the table's own relations pin
/// down (one cell each, see [`crate::sums::diagnose`]) are mended: the disagreement is then that
/// mistake's, reported once on its cell by the table's finding.
fn explained_by_table_mistake(document: &Document, claim: &Claim, figure: &Figure, tolerance: Tolerance) -> bool {
    let Some(settled) = settled_in(document, figure.table) else { return false };
    !disagrees(document, claim, &Figure { table: &settled, cells: figure.cells.clone() }, tolerance)
}

/// `table` as its own sum relations say it should be: the cells its diagnoses pin down set to
/// the values they should hold ([`super::sums::mended`]), then each blank cell that a relation
/// determines (every other cell of the relation filled in, and all such relations giving the
/// same count) set to that count, 0 included: a blank is not a 0 written down. `None` when
/// nothing changes. Blank cells no relation determines stay blank.
pub fn settled(table: &Table) -> Option<Table> {
    let mended = super::sums::mended(table);
    let mut t = mended.clone().unwrap_or_else(|| table.clone());
    let blank = |t: &Table, (r, c): (usize, usize)| t.rows[r].cells[c].is_blank();
    let mut wanted: Vec<((usize, usize), Option<f64>)> = Vec::new();
    for e in crate::sums::evaluate(&t) {
        let cells: Vec<(usize, usize)> = e.instance.total.iter().chain(&e.instance.parts).copied().collect();
        let blanks: Vec<(usize, usize)> = cells.iter().copied().filter(|&c| blank(&t, c)).collect();
        let [b] = blanks.as_slice() else { continue };
        // The blank counts as 0 in the evaluation.
        let v = if e.instance.total.contains(b) { e.parts_sum() - e.total() } else { e.total() - e.parts_sum() };
        let v = (v >= -1e-9 && (v - v.round()).abs() < 1e-6).then(|| v.round());
        match wanted.iter_mut().find(|(c, _)| c == b) {
            None => wanted.push((*b, v)),
            Some((_, w)) if *w != v => *w = None,
            Some(_) => {}
        }
    }
    let mut changed = mended.is_some();
    for ((r, c), v) in wanted {
        if let Some(v) = v {
            t.rows[r].cells[c].value = Some(crate::value::Value::Number { value: v, unit: None });
            changed = true;
        }
    }
    changed.then_some(t)
}

/// Whether some reading of a share agrees once the tables' pinned-down mistakes are mended.
fn share_explained_by_table_mistake(document: &Document, claim: &Claim, decimals: u32, readings: &[(Figure, Figure)]) -> bool {
    readings.iter().any(|(part, base)| {
        let (mp, mb) = (settled_in(document, part.table), settled_in(document, base.table));
        if mp.is_none() && mb.is_none() {
            return false;
        }
        let p = Figure { table: mp.as_deref().unwrap_or(part.table), cells: part.cells.clone() };
        let b = Figure { table: mb.as_deref().unwrap_or(base.table), cells: base.cells.clone() };
        let (p, b) = (values(&p.says(document)), values(&b.says(document)));
        p.iter().any(|pv| b.iter().any(|bv| *bv > 0.0 && agrees_at_precision(pv / bv * 100.0, claim.stated, decimals)))
    })
}

/// [`compare`] into `out`; once [`MAX_LISTED`] findings are there, the rest are only counted
/// (as bare findings [`list`] leaves out), since placing each in a run-on text costs its length.
pub fn report(out: &mut Vec<Finding>, meta: RuleMeta, document: &Document, claim: &Claim, figure: &Figure, tolerance: Tolerance) {
    if out.len() < MAX_LISTED {
        out.extend(compare(meta, document, claim, figure, tolerance));
    } else if disagrees(document, claim, figure, tolerance) && !explained_by_table_mistake(document, claim, figure, tolerance) {
        out.push(meta.finding(String::new()));
    }
}

/// [`compare_share`] into `out`, counted only beyond [`MAX_LISTED`] as [`report`] does.
pub fn report_share(
    out: &mut Vec<Finding>,
    meta: RuleMeta,
    document: &Document,
    claim: &Claim,
    decimals: u32,
    readings: &[(Figure, Figure)],
) {
    if out.len() < MAX_LISTED {
        out.extend(compare_share(meta, document, claim, decimals, readings));
    } else {
        let disagree = readings.iter().all(|(part, base)| {
            let (p, b) = (values(&part.says(document)), values(&base.says(document)));
            !p.iter().any(|pv| b.iter().any(|bv| *bv > 0.0 && agrees_at_precision(pv / bv * 100.0, claim.stated, decimals)))
        });
        if disagree
            && !share_explained_by_table_mistake(document, claim, decimals, readings)
            && readings
                .iter()
                .any(|(p, b)| single_value(&p.says(document)).is_some() && single_value(&b.says(document)).is_some_and(|v| v > 0.0))
        {
            out.push(meta.finding(String::new()));
        }
    }
}

/// Compares a claim with the figure's cells; a finding when they disagree, saying which side
/// to correct and what it should read. `what` names the claim for qualitative claims
/// ("均已办结") whose cells should be 0.
pub fn compare(meta: RuleMeta, document: &Document, claim: &Claim, figure: &Figure, tolerance: Tolerance) -> Option<Finding> {
    if disagrees(document, claim, figure, tolerance) && explained_by_table_mistake(document, claim, figure, tolerance) {
        return None;
    }
    let says = figure.says(document);
    let excerpt = quoted(claim.excerpt());
    let stated_text = fmt(claim.stated);
    match says {
        TableSays::Unknown => None,
        TableSays::Glued { possible, run, row, location } => {
            if possible.iter().any(|v| agrees(*v, claim.stated, tolerance)) {
                return None;
            }
            let message = format!(
                "正文「{excerpt}」与表格不符：「{}」表「{}」行的数字粘连为「{}」，无论怎样拆分，{}都不是{stated_text}；请核对正文和表格",
                figure.table.id.title(),
                printed_row(&row),
                quoted(&run),
                describe_in_row(figure),
            );
            let mut f = sentence_finding(meta, message, claim.sentence, claim.range, figure.refs());
            if let Some(l) = location {
                f.locations.push(l);
            }
            f.facts = Facts { written: Some(stated_text), ..Facts::default() };
            Some(f)
        }
        TableSays::Known(raw) => compare_known(meta, document, claim, figure, tolerance, raw),
    }
}

/// [`compare`] where the table gives the figure's cells as numbers or blanks (`raw`, a blank
/// counted as 0): the blanks are compared at the count the table's relations give them, never
/// as a 0 written down, and a cell the relations pin down at the value they give it.
fn compare_known(meta: RuleMeta, document: &Document, claim: &Claim, figure: &Figure, tolerance: Tolerance, raw: f64) -> Option<Finding> {
    let excerpt = quoted(claim.excerpt());
    let stated_text = fmt(claim.stated);
    let blank_at = |t: &Table, (r, c): &(String, &'static str)| t.cell(r, c).is_some_and(|x| x.is_blank());
    let has_blank = figure.cells.iter().any(|rc| blank_at(figure.table, rc));
    let settled = settled_in(document, figure.table);
    let settled_figure = settled.as_deref().map(|t| Figure { table: t, cells: figure.cells.clone() });
    let judged = settled_figure.as_ref().unwrap_or(figure);
    // What the table says: a blank as （空白）, a sum with blanks in it as such.
    let shown = if figure.single_blank() {
        "（空白）".to_string()
    } else if has_blank {
        format!("{}（其中有空白单元格）", fmt(raw))
    } else {
        fmt(raw)
    };
    // The words before what to do: what the prose says, what the table says.
    let head = |table_part: &str| match claim.number {
        Some(_) => format!("正文「{excerpt}」与表格不符：{}为{table_part}", figure.describe()),
        None => format!("正文「{excerpt}」与表格不符：按此说法，{}应为{stated_text}，表格为{table_part}", figure.describe()),
    };
    let fix_prose = |value: f64| match claim.corrected(&fmt(value)) {
        Some(c) => format!("将正文改为「{}」", quoted(&c)),
        None => "改正正文的说法".to_string(),
    };
    // A blank no relation determines: the table does not say the figure, so nothing here says
    // the prose is wrong (the blank is the table rules' to report).
    if judged.cells.iter().any(|rc| blank_at(judged.table, rc)) {
        return None;
    }
    let value = match judged.says(document) {
        TableSays::Known(v) => v,
        _ => raw,
    };
    if agrees(value, claim.stated, tolerance) || (!has_blank && agrees(raw, claim.stated, tolerance)) {
        // The prose agrees with the table as its relations say it should be (the table's
        // mistake is the table's finding), or with a cell as written.
        return None;
    }
    let mut refs = figure.refs();
    let mut facts = Facts { written: Some(stated_text.clone()), expected: Some(fmt(value)), ..Facts::default() };
    let verdict = judge(judged, claim.stated);
    let message = if (value - raw).abs() > 1e-9 || has_blank {
        // The table is not as written here either: what it should hold, then the prose.
        if verdict == Verdict::Both {
            facts.expected = None;
            format!("{}；表格此处的勾稽关系也不成立，请核对正文和表格", head(&shown))
        } else {
            let table_part = format!("{shown}，按表格自身的勾稽关系应为{}", fmt(value));
            let fix_table = match figure.cells.as_slice() {
                [one] if blank_at(figure.table, one) => format!("应在该格填写{}", fmt(value)),
                [_] => format!("应将该格改为{}", fmt(value)),
                _ => "应按表格自身的勾稽关系改正表格".to_string(),
            };
            format!("{}；{fix_table}，并{}", head(&table_part), fix_prose(value))
        }
    } else {
        match verdict {
            Verdict::Prose => format!("{}；表格此处的勾稽关系成立，应{}", head(&shown), fix_prose(value)),
            Verdict::Unconfirmed => format!("{}；请核对：如表格无误，应{}", head(&shown), fix_prose(value)),
            Verdict::Table(i, v) => {
                let cell = refs[i].clone();
                let written = cell.value.as_deref().map(crate::normalize::shown).unwrap_or_default();
                refs[i] = cell.expecting(fmt(v));
                let place = if refs.len() == 1 { "该格".to_string() } else { refs[i].place() };
                facts = Facts { written: Some(written), expected: Some(fmt(v)), ..Facts::default() };
                format!("{}；{place}不符合表格自身的勾稽关系，按勾稽关系应为{}，与正文一致，应改表格", head(&shown), fmt(v))
            }
            Verdict::Both => {
                facts.expected = None;
                format!("{}；表格此处的勾稽关系也不成立，请核对正文和表格", head(&shown))
            }
        }
    };
    let mut f = sentence_finding(meta, message, claim.sentence, claim.range, refs);
    f.facts = facts;
    Some(f)
}

/// The one value the table gives for a figure: its sum, or the only sum its glued row allows.
pub fn single_value(says: &TableSays) -> Option<f64> {
    match says {
        TableSays::Known(v) => Some(*v),
        TableSays::Glued { possible, .. } if possible.len() == 1 => Some(possible[0]),
        _ => None,
    }
}

/// Every value the table allows for a figure.
fn values(says: &TableSays) -> Vec<f64> {
    match says {
        TableSays::Known(v) => vec![*v],
        TableSays::Glued { possible, .. } => possible.clone(),
        TableSays::Unknown => vec![],
    }
}

/// Compares a percentage the prose states (`claim.stated`, written with `decimals` digits after
/// the point) with the share of the part in the base, for each (part, base) reading of
/// `readings`; a finding when no reading agrees, worded with the first reading the table
/// gives values for.
pub fn compare_share(meta: RuleMeta, document: &Document, claim: &Claim, decimals: u32, readings: &[(Figure, Figure)]) -> Option<Finding> {
    let mut first: Option<(&Figure, &Figure, f64, f64)> = None;
    for (part, base) in readings {
        let (p, b) = (part.says(document), base.says(document));
        for pv in values(&p) {
            for bv in values(&b) {
                if bv > 0.0 && agrees_at_precision(pv / bv * 100.0, claim.stated, decimals) {
                    return None;
                }
            }
        }
        if first.is_none() {
            if let (Some(pv), Some(bv)) = (single_value(&p), single_value(&b)) {
                if bv > 0.0 {
                    first = Some((part, base, pv, bv));
                }
            }
        }
    }
    let (part, base, pv, bv) = first?;
    if share_explained_by_table_mistake(document, claim, decimals, readings) {
        return None;
    }
    let share = crate::value::format_fixed(pv / bv * 100.0, decimals);
    let excerpt = quoted(claim.excerpt());
    let head = format!(
        "正文「{excerpt}」与表格不符：{}为{}，{}为{}，占比应为{share}%",
        part.describe(),
        fmt(pv),
        if base.table.id == part.table.id { base.describe_within() } else { base.describe() },
        fmt(bv)
    );
    let corrected = claim.corrected(&share).map(|c| format!("「{}」", quoted(&c)));
    let verdicts = [judge(part, pv), judge(base, bv)];
    let message = if verdicts.contains(&Verdict::Both) {
        format!("{head}；表格此处的勾稽关系也不成立，请核对正文和表格")
    } else if verdicts.iter().all(|v| *v == Verdict::Prose) {
        format!("{head}；表格此处的勾稽关系成立，应将正文改为{}", corrected.unwrap_or_default())
    } else {
        format!("{head}；请核对：如表格无误，应将正文改为{}", corrected.unwrap_or_default())
    };
    let mut refs = part.refs();
    refs.extend(base.refs());
    let mut f = sentence_finding(meta, message, claim.sentence, claim.range, refs);
    f.facts = Facts { written: Some(crate::value::format_fixed(claim.stated, decimals)), expected: Some(share), ..Facts::default() };
    Some(f)
}

/// The figure's cells named within their row (for a glued row): 「现行有效件数」列.
fn describe_in_row(figure: &Figure) -> String {
    let cols: Vec<&str> = dedup(figure.cells.iter().map(|(_, c)| *c));
    let rows: Vec<&str> = dedup(figure.cells.iter().map(|(r, _)| r.as_str()));
    if rows.len() == 1 {
        cols.iter().map(|c| format!("「{}」列", printed_col(c))).collect::<Vec<_>>().join("与")
    } else {
        figure.describe_within()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arabic_and_chinese_counts() {
        let c = application_counts("共收到政府信息公开申请27件，被行政复议两件");
        assert_eq!(c.iter().map(|c| c.value).collect::<Vec<_>>(), [27, 2]);
        assert_eq!(parse_chinese("十二"), Some(12));
        assert_eq!(parse_chinese("二十"), Some(20));
        assert_eq!(parse_chinese("二十七"), Some(27));
        assert_eq!(parse_chinese("一百零五"), Some(105));
        assert_eq!(parse_chinese("〇"), Some(0));
        let a = application_counts("发布政务信息100余条，约5件，近20件，十余件");
        assert_eq!(a.len(), 4);
        assert!(a.iter().all(|c| c.approximate));
        let s = application_counts("收到申请公开政府信息 2 件");
        assert_eq!(s[0].value, 2);
        assert!(application_counts("一是加强；二是完善").is_empty());
        assert!(application_counts("第一时间回复申请的“三个一”工作机制").is_empty());
        assert!(application_counts("做到每一件都有回音").is_empty());
        let p = any_counts("服务群众3000人次");
        assert_eq!((p[0].value, &"服务群众3000人次"[p[0].start..p[0].end]), (3000, "3000人次"));
    }

    #[test]
    fn reads_percentages_and_money() {
        let p = percents("予以公开及部分公开42件，占51.85%；办结率100％");
        assert_eq!(p.iter().map(|p| (p.value, p.decimals)).collect::<Vec<_>>(), [(51.85, 2), (100.0, 0)]);
        let m = decimals("收费4166.24万元，合计251000元", &["万元", "元"]);
        assert_eq!(m.iter().map(|m| (m.value, m.unit)).collect::<Vec<_>>(), [(4166.24, 0), (251000.0, 1)]);
        assert!(agrees_at_precision(42.0 / 81.0 * 100.0, 51.85, 2));
        assert!(agrees_at_precision(42.0 / 81.0 * 100.0, 51.8, 1));
        assert!(agrees_at_precision(42.0 / 81.0 * 100.0, 52.0, 0));
        assert!(!agrees_at_precision(42.0 / 81.0 * 100.0, 50.0, 0));
    }

    #[test]
    fn words_pair_with_their_counts() {
        let voc = Vocabulary::new(vec![
            ("行政复议".into(), Topic::Review),
            ("行政诉讼".into(), Topic::Litigation),
            ("自然人".into(), Topic::Applicant(0)),
            ("商业企业".into(), Topic::Applicant(2)),
        ]);
        let pairs = |t: &str| {
            let h = hits(t, &voc);
            stated_counts(t, &h, &case_counts(t)).into_iter().map(|c| c.map(|c| c.value)).collect::<Vec<_>>()
        };
        assert_eq!(pairs("行政复议案件2件、行政诉讼案件7件"), [Some(2), Some(7)]);
        assert_eq!(pairs("因信息公开申请而产生的2件行政诉讼案件"), [Some(2)]);
        assert_eq!(pairs("涉及自然人80件、商业企业1件"), [Some(80), Some(1)]);
        assert_eq!(pairs("行政复议和行政诉讼共3件"), [None, None]);
        assert_eq!(pairs("被行政复议两件"), [Some(2)]);
    }

    #[test]
    fn a_word_list_is_found_as_one_search_a_word_finds_it() {
        let texts = ["", "同比增长10%", "较上年减少", "本年度收到申请27件", "a同比", "上年结转3件", "近三年累计", "12345热线工单", "拟"];
        for list in [NOT_THIS_YEAR, OTHER_SUBJECTS, RECEIVED_UNCERTAIN, &["", "x"]] {
            let words = Words::new(list);
            for t in texts {
                assert_eq!(words.in_text(t), list.iter().any(|w| t.contains(w)), "{t} in {list:?}");
            }
        }
    }

    #[test]
    fn readings_kept_for_a_document_are_those_read_afresh() {
        let input = "平潭综合实验区2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n2024年，本机关收到政府信息公开申请27件，其中自然人25件、商业企业2件；予以公开15件，部分公开3件，占66.67%。上年结转申请2件。\n";
        let report = crate::check_str(input, Some(crate::InputKind::Text));
        let d = &report.document;
        let plain = |d| {
            let received: Vec<_> = received_claims(d).iter().map(|(r, c)| (*r, c.excerpt().to_string(), c.stated)).collect();
            let results: Vec<_> = result_claims(d).iter().map(|c| (c.claim.excerpt().to_string(), c.rows.clone())).collect();
            let applicants: Vec<_> = applicant_claims(d).iter().map(|c| (c.claim.excerpt().to_string(), c.cols.clone())).collect();
            (received, results, applicants)
        };
        let afresh = plain(d);
        assert!(!afresh.0.is_empty() && !afresh.1.is_empty() && !afresh.2.is_empty(), "{afresh:?}");
        // Asked twice inside the memo: the second answer comes from it, and is the same.
        let (first, second) = memoized(d, || (plain(d), plain(d)));
        assert_eq!(first, afresh);
        assert_eq!(second, afresh);
        assert!(MEMO.with(|m| m.borrow().is_none()), "the memo is dropped after the run");
    }

    #[test]
    fn years_are_found_with_their_places() {
        assert_eq!(year_mentions("2024 年我街道，结转至2025年"), vec![(2024, 0, 8), (2025, 29, 36)]);
    }
}
