//! Template reading: the cell stream read against the official template's row and column
//! labels. Labels are anchors; the values after a row label belong to that row. This is what
//! makes rowspan/colspan, header cells split over lines, text layouts and header orders all
//! read the same, and what lets a missing, misspelled or unknown label be reported instead of
//! derailing the reading.

use crate::ingest::{Block, BlockKind, Location};
use crate::model::{Cell, Row, Table};
use crate::normalize::{label_key, label_key_with_map, similarity};
use crate::template::{BlockTemplate, Format, TableId};
use crate::value::{is_digit_run, parse_value, Value};
use std::collections::HashMap;

/// What the reader saw while reading the tables, in reading order. It judges nothing: the rules
/// in `src/rules/` decide which of these are faults of the report.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    /// Every label read as a template header or row label.
    pub labels: Vec<LabelSeen>,
    /// Labels inside a table header that match nothing in the template.
    pub unknown_labels: Vec<UnknownLabel>,
    /// Rows whose values were read by position because their label cell was empty.
    pub unlabelled_rows: Vec<UnlabelledRow>,
    /// Per table part (block), the header labels never seen although its rows were read.
    pub missing_headers: Vec<MissingHeaders>,
    /// Every row that received values: what was written and how it was assigned.
    pub rows: Vec<RowRead>,
    /// Rows of the template passed over without any values.
    pub missing_rows: Vec<MissingRow>,
    /// Parts of a table (a 第二十条 item) never entered although the table was found.
    pub missing_parts: Vec<MissingPart>,
    /// Headers written a character a line (vertical text) whose characters are all the
    /// template's but fewer: a header row cut short, read from its pieces.
    pub short_headers: Vec<ShortHeader>,
}

/// A header row read from single-character pieces that hold only the template's characters but
/// not all of them (see `Reader::short_header`). Which header lacks which characters cannot be
/// told from single characters, nor whether a few were read into a neighbouring label.
#[derive(Debug, Clone)]
pub struct ShortHeader {
    pub table: TableId,
    /// Where the first piece is.
    pub loc: Location,
}

/// Header or row label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Header,
    Row,
}

#[derive(Debug, Clone)]
pub struct LabelSeen {
    pub table: TableId,
    pub kind: LabelKind,
    /// The template's label it was read as.
    pub expected: &'static str,
    /// As written in the report.
    pub written: String,
    /// The key matched the template's exactly (spaces, widths and punctuation aside).
    pub exact: bool,
    /// Not recognised as that label, but values followed where that row belongs.
    pub by_position: bool,
    /// Put together from pieces on several lines (a label wrapped in its cell): `exact` says
    /// the pieces made the whole label, and `loc` is where its first piece is.
    pub pieced: bool,
    pub loc: Location,
}

#[derive(Debug, Clone)]
pub struct UnknownLabel {
    pub table: TableId,
    pub written: String,
    pub loc: Location,
}

#[derive(Debug, Clone)]
pub struct UnlabelledRow {
    pub table: TableId,
    pub path: String,
    /// The label that belongs there.
    pub expected: &'static str,
    /// The empty label cell, or the first value: its text and place.
    pub at: Option<(String, Location)>,
}

#[derive(Debug, Clone)]
pub struct MissingHeaders {
    pub table: TableId,
    /// The 第二十条 item of a 主动公开 part, or "".
    pub part: &'static str,
    pub labels: Vec<&'static str>,
}

/// How a row's values were read.
#[derive(Debug, Clone)]
pub struct RowRead {
    pub table: TableId,
    pub path: String,
    /// The cells the template has in this row.
    pub columns: Vec<&'static str>,
    /// The value cells as written (glued runs as one), with their places.
    pub written: Vec<(String, Location)>,
    /// Set when the values were digits glued together (see [`crate::glued`]).
    pub glued: Option<GluedRun>,
    /// For a glued row, the readings (cell texts) still possible: one when it was split, several
    /// when it is [`GluedRun::Ambiguous`], none when no reading holds.
    pub readings: Vec<Vec<String>>,
    /// The prose's words whose figures ruled out some readings (see
    /// [`crate::glued::narrow_by_prose`]).
    pub by_prose: Vec<String>,
    /// The values were read into this row by position: no label of its own came before them.
    pub by_position: bool,
    /// Every value was read from lines of text whose cells are separated by spaces, where a blank
    /// cell leaves no trace: a row with fewer values than cells may have its blanks in any
    /// columns, so its values are not placed (its cells are left unread).
    pub blanks_untraced: bool,
}

/// What came of a row whose cells were glued together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GluedRun {
    /// Exactly one split satisfies the row's own relations; the cells hold it.
    Split,
    /// Several splits satisfy the row's own relations, exactly one also the table's others
    /// (column sums, the balance) with the other rows as read; the cells hold it.
    SplitByTable,
    /// Several splits satisfy every relation (a 主动公开 row has none), exactly one also the
    /// figures the prose states of its cells; the cells hold it.
    SplitByProse,
    /// More than one reading of the table remains: the cells that are the same in every one
    /// are read, the others left unread.
    Ambiguous,
    /// No split satisfies the row's own relations (or it holds more than digits): unread.
    NoReading,
    /// The row's own relations allow splits, but none fits the table's other relations
    /// together with the other rows: unread.
    Conflict,
    /// The row has too many readings to list, or the search ran out of its budget: unread.
    TooLong,
}

#[derive(Debug, Clone)]
pub struct MissingRow {
    pub table: TableId,
    pub path: String,
    /// A row with no label of its own (表四's) in a table read from lines of text only: a row
    /// of blank cells leaves no trace there, so it may be all blanks rather than missing.
    pub blanks_untraced: bool,
}

#[derive(Debug, Clone)]
pub struct MissingPart {
    pub table: TableId,
    /// The part's 第二十条 item, or "" for a one-part table.
    pub part: &'static str,
    pub paths: Vec<String>,
}

/// Labels read from their first piece whose rest may still come: a header row wrapped over
/// lines has one per column ("自 商 科 社会 法律 …", then "然 业 研 公 服 …").
const MAX_OPEN_LABELS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Label,
    Value,
    /// An empty cell: a span filler in a header, a blank in a row.
    Empty,
    /// Prose between table parts: ends a row.
    Break,
}

#[derive(Debug, Clone)]
struct Token {
    text: String,
    key: String,
    loc: Location,
    /// Physical row (`<tr>` or text line).
    row: u32,
    group: u32,
    class: Class,
    /// Cut out of a paragraph whose cells had lost their separators.
    glued: bool,
    /// Read from a line of text, not from a cell of the input: a blank cell there leaves no
    /// trace.
    spaced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Header(usize),
    Row(usize),
}

struct Candidate {
    block: usize,
    target: Target,
}

/// Result of reading: the tables, what was observed, and which input blocks were table
/// material (so prose checks can leave them alone).
pub struct Reading {
    pub tables: Vec<Table>,
    pub observations: Observations,
    pub table_blocks: Vec<bool>,
    /// The byte ranges of a block's text that were read as table material (a paragraph that
    /// also held a glued table), by block index in increasing order; only blocks that have some
    /// (nothing per block: an input of millions of cells costs nothing here).
    pub table_spans: Vec<(usize, Vec<(usize, usize)>)>,
}

struct BlockKeys {
    headers: Vec<String>,
    rows: Vec<String>,
    /// Other keys of each row: its aliases and its label without the enumerator.
    row_alts: Vec<Vec<String>>,
    anchors: Vec<String>,
}

/// Whether a word is an enumerator alone: "1.", "2、", "（一）", "一、".
fn is_enumerator(text: &str) -> bool {
    let t: String = text.chars().map(crate::normalize::fold_char).filter(|c| !crate::normalize::is_space(*c)).collect();
    let numeral = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return numeral(inner);
    }
    t.strip_suffix(['.', '、']).is_some_and(numeral)
}

/// Strips a leading enumerator: "(一)", "一、", "1.", "1、".
fn strip_enumerator(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut i = 0;
    while i < chars.len() && (chars[i].is_ascii_digit() || "一二三四五六七八九十".contains(chars[i])) {
        i += 1;
    }
    if i > 0 && i < chars.len() {
        Some(chars[i..].iter().collect())
    } else {
        None
    }
}

/// The template of one format prepared for reading: label keys, the exact-match index and
/// the label table for glued paragraphs. Built once per process.
pub struct Compiled {
    pub blocks: Vec<BlockTemplate>,
    keys: Vec<BlockKeys>,
    exact: HashMap<String, Vec<Candidate>>,
    /// Label keys by first character, longest first, for cutting glued paragraphs.
    glue_first: HashMap<char, Vec<Vec<char>>>,
    anchors: Vec<String>,
    /// Every label key, separated by '\u{1}': a word whose key occurs in it is a piece of a
    /// label (a label wrapped over lines or cells).
    label_pool: String,
}

impl Compiled {
    /// Whether a word is a piece of some template label.
    fn is_label_piece(&self, key: &str) -> bool {
        !key.is_empty() && self.label_pool.contains(key)
    }

    fn new(blocks: Vec<BlockTemplate>) -> Self {
        let mut keys = Vec::new();
        let mut exact: HashMap<String, Vec<Candidate>> = HashMap::new();
        for (bi, b) in blocks.iter().enumerate() {
            let headers: Vec<String> = b.headers.iter().map(|h| label_key(h.label)).collect();
            let rows: Vec<String> = b.rows.iter().map(|r| label_key(r.label)).collect();
            let row_alts: Vec<Vec<String>> = b
                .rows
                .iter()
                .map(|r| {
                    let mut alts: Vec<String> = r.aliases.iter().map(|a| label_key(a)).collect();
                    if let Some(s) = strip_enumerator(&label_key(r.label)) {
                        alts.push(s);
                    }
                    alts
                })
                .collect();
            let anchors: Vec<String> = match b.table {
                TableId::Active => vec![headers[0].clone()],
                TableId::Requests => vec![headers[0].clone(), headers[1].clone(), rows[0].clone()],
                TableId::Appeals => vec![label_key("行政复议"), label_key("未经复议直接起诉"), label_key("复议后起诉")],
            };
            for (hi, k) in headers.iter().enumerate() {
                exact.entry(k.clone()).or_default().push(Candidate { block: bi, target: Target::Header(hi) });
            }
            for (ri, k) in rows.iter().enumerate() {
                if !k.is_empty() {
                    exact.entry(k.clone()).or_default().push(Candidate { block: bi, target: Target::Row(ri) });
                }
                for a in &row_alts[ri] {
                    exact.entry(a.clone()).or_default().push(Candidate { block: bi, target: Target::Row(ri) });
                }
            }
            keys.push(BlockKeys { headers, rows, row_alts, anchors });
        }
        let mut glue_first: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for l in glue_labels(&blocks) {
            let chars: Vec<char> = l.chars().collect();
            glue_first.entry(chars[0]).or_default().push(chars);
        }
        let anchors = keys.iter().flat_map(|k| k.anchors.clone()).collect();
        let label_pool = exact.keys().cloned().collect::<Vec<_>>().join("\u{1}");
        Compiled { blocks, keys, exact, glue_first, anchors, label_pool }
    }
}

/// The prepared template of a format.
pub fn compiled(format: Format) -> &'static Compiled {
    use std::sync::OnceLock;
    static V2021: OnceLock<Compiled> = OnceLock::new();
    static V2019: OnceLock<Compiled> = OnceLock::new();
    let cell = match format {
        Format::V2021 => &V2021,
        Format::V2019 => &V2019,
    };
    cell.get_or_init(|| Compiled::new(crate::template::blocks(format)))
}

/// The three tables of a format with every leaf row and cell and nothing read yet, and for each
/// template block and row, where its leaf row sits: (table index, row index).
#[allow(clippy::type_complexity)]
fn empty_tables(blocks: &[BlockTemplate]) -> (Vec<Table>, Vec<Vec<Option<(usize, usize)>>>) {
    let mut tables: Vec<Table> = TableId::ALL.iter().map(|&id| Table { id, found: false, rows: Vec::new() }).collect();
    let mut row_slot = Vec::new();
    for b in blocks {
        let ti = table_index(b.table);
        let mut slots = Vec::new();
        for (ri, r) in b.rows.iter().enumerate() {
            if r.leaf {
                let cells = b
                    .columns
                    .iter()
                    .zip(&b.kinds)
                    .map(|(&col, &kind)| Cell { col, kind, raw: None, value: None, loc: None, inferred: false })
                    .collect();
                tables[ti].rows.push(Row { path: b.row_path(ri), seen: false, cells, label_loc: None });
                slots.push(Some((ti, tables[ti].rows.len() - 1)));
            } else {
                slots.push(None);
            }
        }
        row_slot.push(slots);
    }
    (tables, row_slot)
}

/// The three tables of a format, empty: the shape every reading fills in.
pub fn skeleton(format: Format) -> Vec<Table> {
    empty_tables(&compiled(format).blocks).0
}

struct Reader<'t> {
    compiled: &'t Compiled,
    blocks: &'t [BlockTemplate],
    keys: &'t [BlockKeys],
    exact: &'t HashMap<String, Vec<Candidate>>,
    tables: Vec<Table>,
    /// (block, row) → (table index, model row index) for leaf rows.
    row_slot: Vec<Vec<Option<(usize, usize)>>>,
    seen: Observations,
    cur: Option<usize>,
    in_rows: bool,
    header_hits: Vec<Vec<bool>>,
    entered: Vec<bool>,
    /// Per block, whether any of its tokens came from a cell of the input (a table's own cell,
    /// a tab-separated field) rather than from a line of text.
    from_cells: Vec<bool>,
    next_row: usize,
    cur_row: Option<usize>,
    pending: Vec<Token>,
    /// Unrecognised label before orphan values: the values are read into the next row.
    orphan_label: Option<Token>,
    last_empty: Option<Token>,
    /// A header label of the current table seen again among its rows: the header repeated where
    /// the table goes on over a page. Until the next row label or value, labels are read as
    /// header labels first (its 「总计」 is the column, not the （七）总计 row).
    repeated_header: bool,
    /// The empty cells of the latest physical row that held nothing else: a row of blanks
    /// where a label-less row's values belong.
    blank_row: Vec<Token>,
    cur_group: Option<u32>,
    /// A label waiting one token to see whether the next one completes it.
    held: Option<Token>,
    /// Labels read from their first piece whose rest is still to come (labels wrapped over
    /// lines, possibly with other cells in between): the key still expected, and the index of
    /// its entry in `seen.labels`, marked exact once the rest has come.
    open: Vec<(String, usize)>,
    /// Where the current block's observations begin (labels, unknown labels), for reading its
    /// header again as a whole when its rows begin.
    header_from: (usize, usize),
    /// Rows whose digits were glued together: (table index, row index, index into
    /// `seen.rows`), split once every table has been read.
    glued: Vec<(usize, usize, usize)>,
    /// The row being finished took its values from a run of several rows' values.
    chunk_row: bool,
}

impl<'t> Reader<'t> {
    fn new(compiled: &'t Compiled) -> Self {
        let blocks = &compiled.blocks[..];
        let (tables, row_slot) = empty_tables(blocks);
        Reader {
            compiled,
            blocks,
            header_hits: blocks.iter().map(|b| vec![false; b.headers.len()]).collect(),
            entered: vec![false; blocks.len()],
            from_cells: vec![false; blocks.len()],
            keys: &compiled.keys,
            exact: &compiled.exact,
            tables,
            row_slot,
            seen: Observations::default(),
            cur: None,
            in_rows: false,
            next_row: 0,
            cur_row: None,
            pending: Vec::new(),
            orphan_label: None,
            last_empty: None,
            repeated_header: false,
            blank_row: Vec::new(),
            cur_group: None,
            held: None,
            open: Vec::new(),
            header_from: (0, 0),
            glued: Vec::new(),
            chunk_row: false,
        }
    }

    fn label_of(&self, block: usize, target: Target) -> &'static str {
        match target {
            Target::Header(h) => self.blocks[block].headers[h].label,
            Target::Row(r) => self.blocks[block].rows[r].label,
        }
    }

    /// Finds what a label token stands for, preferring the current block, then exact matches
    /// ahead, then close spellings. Returns the match and whether it was exact.
    /// An exact match: the current block first, then anchors and rows ahead.
    fn find_exact(&self, key: &str) -> Option<(usize, Target, bool)> {
        if let Some(cands) = self.exact.get(key) {
            let mut best: Option<(u8, usize, usize, Target)> = None; // (rank, block, pos, target)
            for c in cands {
                let rank_pos = match (self.cur, c.target) {
                    (Some(cur), Target::Header(h)) if c.block == cur => {
                        Some((if self.header_hits[cur][h] && !self.repeated_header { 3 } else { 0 }, h))
                    }
                    (Some(cur), Target::Row(r)) if c.block == cur => {
                        if r >= self.next_row {
                            // A short label ("其他", "3.其他") does not jump far ahead: it is
                            // more likely a piece of something else than a row many rows on.
                            if key.chars().count() <= 3 && r > self.next_row + 3 {
                                None
                            } else {
                                Some((1, r))
                            }
                        } else {
                            Some((4, r))
                        }
                    }
                    (cur, target) if cur.is_none_or(|cur| c.block > cur) => {
                        let k = &self.keys[c.block];
                        let is_anchor = k.anchors.iter().any(|a| a == key);
                        let is_row = matches!(target, Target::Row(r) if k.rows[r] == key);
                        if is_anchor || (cur.is_some() && is_row) {
                            Some((
                                5,
                                c.block * 1000
                                    + match target {
                                        Target::Header(h) => h,
                                        Target::Row(r) => 100 + r,
                                    },
                            ))
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                if let Some((rank, pos)) = rank_pos {
                    if best.is_none_or(|(br, _, bp, _)| (rank, pos) < (br, bp)) {
                        best = Some((rank, c.block, pos, c.target));
                    }
                }
            }
            if let Some((_, block, _, target)) = best {
                return Some((block, target, true));
            }
        }
        None
    }

    /// A close spelling: unmatched headers and rows ahead in this block, anchors ahead.
    fn find_close(&self, key: &str) -> Option<(usize, Target, bool)> {
        let cur = self.cur?;
        // Close spellings: unmatched headers and rows ahead in this block, anchors ahead.
        let mut best: Option<(f64, usize, Target)> = None;
        let mut consider = |score: f64, threshold: f64, block: usize, target: Target| {
            if score >= threshold && best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, block, target));
            }
        };
        for (h, hk) in self.keys[cur].headers.iter().enumerate() {
            if !self.header_hits[cur][h] {
                consider(similarity(key, hk), 0.5, cur, Target::Header(h));
            }
        }
        for r in self.next_row..self.blocks[cur].rows.len() {
            let rk = &self.keys[cur].rows[r];
            if !rk.is_empty() {
                consider(similarity(key, rk), 0.6, cur, Target::Row(r));
            }
        }
        for b in cur + 1..self.blocks.len() {
            consider(similarity(key, &self.keys[b].headers[0]), 0.75, b, Target::Header(0));
        }
        best.map(|(_, b, t)| (b, t, false))
    }

    /// Takes the next token, one label late: a label broken over two cells or lines ("结果" then
    /// "纠正") is joined when only the two together are a template label.
    fn feed(&mut self, token: Token) {
        if let Some(held) = self.held.take() {
            if token.class == Class::Label {
                let joined = format!("{}{}", held.key, token.key);
                let known = |k: &str| self.exact.contains_key(k);
                if known(&joined) && (!known(&held.key) || !known(&token.key)) {
                    let mut loc = held.loc.clone();
                    if loc.kind == crate::ingest::LocationKind::Text && token.loc.start >= loc.end {
                        loc.end = token.loc.end;
                        loc.u16_end = token.loc.u16_end;
                    }
                    let merged = Token { text: format!("{}{}", held.text, token.text), key: joined, loc, ..held };
                    dispatch_now(self, merged);
                    return;
                }
            }
            dispatch_now(self, held);
        }
        if token.class == Class::Label {
            self.held = Some(token);
        } else {
            dispatch_now(self, token);
        }
    }

    fn flush_held(&mut self) {
        if let Some(held) = self.held.take() {
            dispatch_now(self, held);
        }
    }

    /// Inside a table that still expects rows (not after the last table's data row).
    fn reading_table(&self) -> bool {
        match self.cur {
            // A template label waiting to be dispatched opens the table.
            None => self.held.as_ref().is_some_and(|h| self.exact.contains_key(&h.key)),
            Some(cur) => {
                !(cur + 1 == self.blocks.len() && self.in_rows && self.cur_row.is_none() && self.next_row >= self.blocks[cur].rows.len())
            }
        }
    }

    fn enter(&mut self, block: usize) {
        if self.cur == Some(block) {
            return;
        }
        if let Some(cur) = self.cur {
            self.finish_block(cur);
        }
        self.cur = Some(block);
        self.entered[block] = true;
        self.open.clear();
        self.header_from = (self.seen.labels.len(), self.seen.unknown_labels.len());
        self.in_rows = false;
        self.next_row = 0;
        self.cur_row = None;
        self.pending.clear();
        self.orphan_label = None;
        self.last_empty = None;
        self.repeated_header = false;
        let ti = TableId::ALL.iter().position(|&t| t == self.blocks[block].table).expect("table");
        self.tables[ti].found = true;
    }

    /// A header shredded into pieces (text extracted from a PDF: 「自」「然」「人」 one per line, 「计商
    /// 业」 across two cells, a rowspan label's pieces among them) is read as a whole when the
    /// rows begin: if the pieces that matched no header exactly hold, between them, exactly the
    /// characters of the headers (and spanning row labels) not yet seen, those headers are there
    /// and the pieces are no misspelling. A header really cut short or misspelled ("结果" for
    /// "结果纠正", "本年度止件数") leaves characters missing and stays as it was read.
    fn reconcile_header(&mut self, block: usize) {
        let (labels_from, unknown_from) = self.header_from;
        let table = self.blocks[block].table;
        let is_piece = |l: &LabelSeen| is_header_piece(l, table);
        let mut bag: HashMap<char, i32> = HashMap::new();
        let mut pieces = 0;
        for l in self.seen.labels[labels_from..].iter().filter(|l| is_piece(l)) {
            for c in label_key(&l.written).chars() {
                *bag.entry(c).or_default() += 1;
            }
            pieces += 1;
        }
        for u in &self.seen.unknown_labels[unknown_from..] {
            for c in label_key(&u.written).chars() {
                *bag.entry(c).or_default() += 1;
            }
            pieces += 1;
        }
        if pieces < 2 {
            return;
        }
        let total: i32 = bag.values().sum();
        let k = &self.keys[block];
        let take = |key: &str, bag: &mut HashMap<char, i32>| -> bool {
            let mut need: HashMap<char, i32> = HashMap::new();
            for c in key.chars() {
                *need.entry(c).or_default() += 1;
            }
            if need.iter().all(|(c, n)| bag.get(c).is_some_and(|have| have >= n)) {
                for (c, n) in need {
                    *bag.get_mut(&c).expect("checked") -= n;
                }
                true
            } else {
                false
            }
        };
        // Required headers not seen exactly must all be there. A label the template repeats
        // (表四's 结果维持 under each of its three groups) read whole fewer times than it has
        // headers: the rest of them are to be found among the pieces.
        let mut whole: HashMap<&str, usize> = HashMap::new();
        for l in self.seen.labels[labels_from..].iter().filter(|l| l.table == table && l.kind == LabelKind::Header && !is_piece(l)) {
            *whole.entry(l.expected).or_default() += 1;
        }
        let mut take_whole = |label: &str| match whole.get_mut(label) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let exact_hit: Vec<bool> = (0..k.headers.len())
            .map(|h| {
                let label = self.blocks[block].headers[h].label;
                let in_pieces = self.seen.labels[labels_from..].iter().any(|l| is_piece(l) && l.expected == label);
                self.header_hits[block][h] && (!in_pieces || take_whole(label))
            })
            .collect();
        let mut covered = Vec::new();
        let whole_bag = bag.clone();
        for (h, hk) in k.headers.iter().enumerate() {
            if exact_hit[h] || self.blocks[block].headers[h].optional {
                continue;
            }
            if !take(hk, &mut bag) {
                self.short_header(block, &whole_bag, &exact_hit);
                return;
            }
            covered.push(h);
        }
        // Optional headers and spanning row labels may be among the pieces too.
        for (h, hk) in k.headers.iter().enumerate() {
            if !exact_hit[h] && self.blocks[block].headers[h].optional && take(hk, &mut bag) {
                covered.push(h);
            }
        }
        let mut spanning = false;
        for (r, row) in self.blocks[block].rows.iter().enumerate() {
            if !row.leaf && !k.rows[r].is_empty() {
                spanning |= take(&k.rows[r], &mut bag);
            }
        }
        let left: i32 = bag.values().sum();
        if (covered.is_empty() && !spanning) || left * 4 > total {
            return;
        }
        for h in covered {
            self.header_hits[block][h] = true;
        }
        self.drop_header_pieces(block);
    }

    /// The header of `block` is read as a whole: its pieces (labels matched in part, unknown
    /// labels) since the block began are no labels of their own, and pieces still waiting for
    /// their rest are moot.
    fn drop_header_pieces(&mut self, block: usize) {
        let (labels_from, unknown_from) = self.header_from;
        let table = self.blocks[block].table;
        self.open.clear();
        let mut kept = self.seen.labels.split_off(labels_from);
        kept.retain(|l| !is_header_piece(l, table));
        self.seen.labels.extend(kept);
        self.seen.unknown_labels.truncate(unknown_from);
    }

    /// A header printed vertically, a character a line, comes out of a PDF reader as single
    /// characters in any order (「结」「果」「维」「持」 down each column, or a line of every column's
    /// second character). When such pieces hold only characters of the headers not seen, but not
    /// all of them, the header row was printed short ("结果" for "结果纠正"): it is read as the
    /// template's, the pieces are no unknown labels, and what is missing is recorded for S303.
    /// Only where nearly every piece is one character, they hold at least two fifths of the
    /// header's characters (a few stray characters say nothing), and a third or more is missing.
    fn short_header(&mut self, block: usize, bag: &HashMap<char, i32>, exact_hit: &[bool]) {
        let (labels_from, unknown_from) = self.header_from;
        let table = self.blocks[block].table;
        let is_piece = |l: &LabelSeen| is_header_piece(l, table);
        let pieces: Vec<(&str, &Location)> = self.seen.labels[labels_from..]
            .iter()
            .filter(|l| is_piece(l))
            .map(|l| (l.written.as_str(), &l.loc))
            .chain(self.seen.unknown_labels[unknown_from..].iter().map(|u| (u.written.as_str(), &u.loc)))
            .collect();
        let single = pieces.iter().filter(|(w, _)| label_key(w).chars().count() == 1).count();
        if pieces.len() < 6 || single * 5 < pieces.len() * 4 {
            return;
        }
        let k = &self.keys[block];
        let template: Vec<char> = k.headers.iter().enumerate().filter(|(h, _)| !exact_hit[*h]).flat_map(|(_, hk)| hk.chars()).collect();
        let mut left = bag.clone();
        let mut missing = 0;
        for &c in &template {
            match left.get_mut(&c) {
                Some(n) if *n > 0 => *n -= 1,
                _ => missing += 1,
            }
        }
        let present: i32 = bag.values().sum();
        // A header read from PDF text loses a few of its characters to the labels next to it
        // (up to 12 of 44, 27%, wherever the header is right in tests/fixtures/layouts): a third
        // or more missing is a header printed short (seed-002's: 43–54%).
        if left.values().any(|&n| n > 0) || missing * 3 < template.len() || (present as usize) * 5 < template.len() * 2 {
            return;
        }
        let loc = pieces.iter().map(|(_, l)| (*l).clone()).min_by_key(|l| l.start).expect("six pieces");
        for (h, hit) in exact_hit.iter().enumerate() {
            if !hit {
                self.header_hits[block][h] = true;
            }
        }
        self.seen.short_headers.push(ShortHeader { table, loc });
        self.drop_header_pieces(block);
    }

    /// A piece that completes (part of) a label read from its first piece: passed over, its
    /// text added to what the label was written as (so a shredded header's characters are all
    /// among its pieces, see `reconcile_header`). Returns the part of the key left after the
    /// completed label, if any.
    fn continue_open(&mut self, key: &str) -> Option<String> {
        for i in (0..self.open.len()).rev() {
            let (rest, seen) = (&self.open[i].0, self.open[i].1);
            if let Some(left) = rest.strip_prefix(key) {
                let left = left.to_string();
                self.seen.labels[seen].written.push_str(key);
                if left.is_empty() {
                    self.open.remove(i);
                    self.seen.labels[seen].exact = true;
                } else {
                    self.open[i].0 = left;
                }
                return Some(String::new());
            }
            if let Some(after) = key.strip_prefix(rest.as_str()) {
                let after = after.to_string();
                self.open.remove(i);
                self.seen.labels[seen].written.push_str(&key[..key.len() - after.len()]);
                self.seen.labels[seen].exact = true;
                return Some(after);
            }
        }
        // A header wrapped over lines with its columns interleaved ("社会" … "组织" … "公益"):
        // a piece of two or more characters from inside a header's rest.
        if !self.in_rows && key.chars().count() >= 2 {
            for i in (0..self.open.len()).rev() {
                if let Some(at) = self.open[i].0.find(key) {
                    let (rest, seen) = (&self.open[i].0, self.open[i].1);
                    self.open[i].0 = format!("{}{}", &rest[..at], &rest[at + key.len()..]);
                    self.seen.labels[seen].written.push_str(key);
                    return Some(String::new());
                }
            }
        }
        None
    }

    /// The label a piece starts: a header of the current block not yet seen (the only one the
    /// piece starts), or the first row ahead in the current block that it starts.
    fn find_by_first_piece(&self, key: &str) -> Option<(usize, Target, String)> {
        let cur = self.cur?;
        let n = key.chars().count();
        let k = &self.keys[cur];
        let headers: Vec<usize> = (0..k.headers.len())
            .filter(|&h| !self.header_hits[cur][h] && k.headers[h].len() > key.len() && k.headers[h].starts_with(key))
            .collect();
        if let [h] = headers.as_slice() {
            return Some((cur, Target::Header(*h), k.headers[*h][key.len()..].to_string()));
        }
        // The anchor that opens a later table, wrapped ("（本列数据的勾稽关系为：…等" then "于第三项
        // 加第四项之和）"): a long piece only.
        if n >= 8 {
            let ahead = (cur + 1..self.blocks.len()).find_map(|b| {
                let kb = &self.keys[b];
                (0..kb.headers.len())
                    .find(|&h| kb.anchors.contains(&kb.headers[h]) && kb.headers[h].len() > key.len() && kb.headers[h].starts_with(key))
                    .map(|h| (b, Target::Header(h), kb.headers[h][key.len()..].to_string()))
            });
            if ahead.is_some() {
                return ahead;
            }
        }
        // Inside the rows, any of the next rows; before them, only the first row and a long
        // piece ("一、本年新收政府信息公开" then "申请数量"), so a header piece is no row label.
        let ahead = match (self.in_rows, n) {
            (_, 0..=1) | (false, 2..=3) => return None,
            (true, _) => 8,
            (false, _) => 1,
        };
        (self.next_row..k.rows.len().min(self.next_row + ahead)).find_map(|r| {
            std::iter::once(&k.rows[r])
                .chain(&k.row_alts[r])
                .find(|rk| rk.len() > key.len() && rk.starts_with(key))
                .map(|rk| (cur, Target::Row(r), rk[key.len()..].to_string()))
        })
    }

    fn on_label(&mut self, token: Token) {
        let found = match self.find_exact(&token.key) {
            Some(m) => Some(m),
            None => {
                if let Some(after) = self.continue_open(&token.key) {
                    if after.is_empty() {
                        return;
                    }
                    let rest = Token { key: after, ..token };
                    return self.on_label(rest);
                }
                match self.find_by_first_piece(&token.key) {
                    Some((block, target, rest)) => {
                        self.matched(block, target, false, &token);
                        let seen = self.seen.labels.len() - 1;
                        self.seen.labels[seen].pieced = true;
                        self.open.push((rest, seen));
                        if self.open.len() > MAX_OPEN_LABELS {
                            self.open.remove(0);
                        }
                        return;
                    }
                    None => self.find_close(&token.key),
                }
            }
        };
        match found {
            Some((block, target, exact)) => self.matched(block, target, exact, &token),
            None => self.unmatched(token),
        }
    }

    /// A label token read as a template label.
    fn matched(&mut self, block: usize, target: Target, exact: bool, token: &Token) {
        {
            {
                self.blank_row.clear();
                self.finish_pending();
                self.enter(block);
                self.cur_group = Some(token.group);
                self.last_empty = None;
                self.seen.labels.push(LabelSeen {
                    table: self.blocks[block].table,
                    kind: if matches!(target, Target::Header(_)) { LabelKind::Header } else { LabelKind::Row },
                    expected: self.label_of(block, target),
                    written: token.text.clone(),
                    exact,
                    by_position: false,
                    pieced: false,
                    loc: token.loc.clone(),
                });
                match target {
                    Target::Header(h) => {
                        if self.in_rows && self.header_hits[block][h] {
                            self.repeated_header = true;
                        }
                        self.header_hits[block][h] = true;
                    }
                    Target::Row(r) => {
                        self.repeated_header = false;
                        if r < self.next_row {
                            // A repeated parent label (tables broken over pages repeat them), or
                            // a row's label written after its values.
                            self.label_after_values(block, r, token);
                            return;
                        }
                        if !self.in_rows {
                            self.reconcile_header(block);
                        }
                        self.in_rows = true;
                        self.skip_rows_to(block, r);
                        self.next_row = r + 1;
                        if self.blocks[block].rows[r].leaf {
                            self.cur_row = Some(r);
                            if let Some((ti, mi)) = self.row_slot[block][r] {
                                self.tables[ti].rows[mi].seen = true;
                                self.tables[ti].rows[mi].label_loc = Some(token.loc.clone());
                            }
                        }
                    }
                }
            }
        }
    }

    /// A row label right after the values just read into that very row by position (text out of
    /// a PDF reader writes a cell's lines in the order they were drawn: 「147 1 0 0 0 0 148」, then
    /// 「（七）总计」): the label is there, after its values, not missing. Only the row just read,
    /// with no more values than cells, and no other row's label between its values and this one.
    fn label_after_values(&mut self, block: usize, r: usize, token: &Token) {
        if token.loc.kind != crate::ingest::LocationKind::Text
            || self.cur != Some(block)
            || r + 1 != self.next_row
            || !self.blocks[block].rows[r].leaf
            || self.cur_row.is_some()
            || !self.pending.is_empty()
        {
            return;
        }
        let Some((ti, mi)) = self.row_slot[block][r] else { return };
        let table = self.blocks[block].table;
        let path = &self.tables[ti].rows[mi].path;
        let n = self.blocks[block].columns.len();
        let Some(read) = self.seen.rows.last().filter(|o| {
            o.table == table
                && &o.path == path
                && o.by_position
                && o.written.len() <= n
                && o.written.last().is_some_and(|(_, l)| l.end <= token.loc.start)
        }) else {
            return;
        };
        let from = read.written.first().map_or(token.loc.start, |(_, l)| l.start);
        // No other row's label between the values and this one (the label itself is the last
        // seen): a row label there would make the values as much that row's.
        let labels = &self.seen.labels[..self.seen.labels.len().saturating_sub(1)];
        let row_label_between = labels.iter().rev().take_while(|l| l.loc.start >= from).any(|l| l.kind == LabelKind::Row);
        let unlabelled = self.seen.unlabelled_rows.last().is_some_and(|u| u.table == table && &u.path == path);
        if unlabelled && !row_label_between {
            self.seen.unlabelled_rows.pop();
            self.tables[ti].rows[mi].label_loc = Some(token.loc.clone());
        }
    }

    /// A label token that is no template label.
    fn unmatched(&mut self, token: Token) {
        let Some(cur) = self.cur else { return };
        if self.cur_group != Some(token.group) {
            return;
        }
        let text_input = token.loc.kind == crate::ingest::LocationKind::Text;
        // Text out of a PDF: a piece of the template's labels in a header repeated after a page
        // break (「自 商 科」 of 「自然人」 「商业企业」 「科研机构」, the wrapped note 「项加第四项之和）」,
        // 「构」 of 「法律服务机构」 on a line of its own) is neither a cell nor a row's label.
        if self.repeated_header && text_input && self.compiled.is_label_piece(&token.key) {
            return;
        }
        self.blank_row.clear();
        let n = self.blocks[cur].columns.len();
        if self.cur_row.is_some() && self.pending.len() < n {
            // Text out of a PDF reader: a piece of a template label wrapped onto the row's line
            // ("（区分处理的，只 6 0 0 …", "年度办 4 0 0 …"), a row's enumerator on a line of its
            // own ("1."), or one character of a label before any value of its row (「理」, the
            // end of 「其他处理」) is no cell — but 「无」, which reports write in cells for nothing.
            let chars = token.key.chars().count();
            let label_piece =
                || (chars >= 2 || (chars == 1 && self.pending.is_empty() && token.key != "无")) && self.compiled.is_label_piece(&token.key);
            if text_input && (is_enumerator(&token.text) || label_piece()) {
                return;
            }
            // Text where a number belongs: keep it as the cell's value.
            self.pending.push(Token { class: Class::Value, ..token });
            return;
        }
        self.finish_pending();
        if self.in_rows {
            self.orphan_label = Some(token);
        } else {
            self.seen.unknown_labels.push(UnknownLabel { table: self.blocks[cur].table, written: token.text, loc: token.loc });
        }
    }

    /// Rows passed over without their label: reported when they got no values at all.
    fn skip_rows_to(&mut self, block: usize, r: usize) {
        for skipped in self.next_row..r {
            let row = &self.blocks[block].rows[skipped];
            if row.leaf {
                if let Some((ti, mi)) = self.row_slot[block][skipped] {
                    if !self.tables[ti].rows[mi].seen {
                        let path = self.tables[ti].rows[mi].path.clone();
                        let blanks_untraced = self.keys[block].rows[skipped].is_empty() && !self.from_cells[block];
                        self.seen.missing_rows.push(MissingRow { table: self.blocks[block].table, path, blanks_untraced });
                        self.tables[ti].rows[mi].seen = true;
                    }
                }
            }
        }
    }

    fn on_value(&mut self, token: Token) {
        let Some(cur) = self.cur else { return };
        self.repeated_header = false;
        if !self.in_rows {
            self.reconcile_header(cur);
            self.in_rows = true;
            if self.keys[cur].rows.len() == 1 && self.keys[cur].rows[0].is_empty() {
                // The appeals table: its one row has no label.
                self.cur_row = Some(0);
                self.next_row = 1;
                if let Some((ti, mi)) = self.row_slot[cur][0] {
                    self.tables[ti].rows[mi].seen = true;
                }
            } else if let Some(e) = self.last_empty.take() {
                // An empty cell just before the first values sat where the row label belongs.
                self.pending.push(e);
            }
        }
        self.pending.push(token);
    }

    fn on_empty(&mut self, token: Token) {
        if self.cur.is_none() {
            return;
        }
        if self.in_rows {
            self.pending.push(token);
        } else {
            if self.blank_row.last().is_some_and(|t| t.row != token.row) {
                self.blank_row.clear();
            }
            self.blank_row.push(token.clone());
            self.last_empty = Some(token);
        }
    }

    /// Assigns the values collected since the last row label.
    fn finish_pending(&mut self) {
        let Some(cur) = self.cur else { return };
        let mut tokens = std::mem::take(&mut self.pending);
        let orphan_label = self.orphan_label.take();
        // Stray empty cells with no row label are span fillers; a labelled row of blanks is
        // a row of zeros left empty.
        if self.cur_row.is_none() && !tokens.iter().any(|t| t.class == Class::Value) {
            return;
        }
        if tokens.is_empty() {
            return;
        }
        let n = self.blocks[cur].columns.len();
        let table = self.blocks[cur].table;
        let mut label_cell: Option<Token> = None;
        while tokens.len() > n && tokens.first().is_some_and(|t| t.class == Class::Empty) {
            label_cell = Some(tokens.remove(0));
        }
        while tokens.len() > n && tokens.last().is_some_and(|t| t.class == Class::Empty) {
            tokens.pop();
        }
        // Where a row's values share one physical row (a `<tr>`, a tab-separated line), empty
        // cells that follow on the next physical row are that row's span fillers, not values.
        let values_row = tokens.iter().find(|t| t.class == Class::Value).map(|t| t.row);
        if let Some(r) = values_row.filter(|&r| tokens.iter().filter(|t| t.class == Class::Value).all(|t| t.row == r)) {
            while tokens.last().is_some_and(|t| t.class == Class::Empty && t.row != r) {
                tokens.pop();
            }
        }
        // Text read where a number might belong ("开", the last piece of a label wrapped onto
        // the row's line) in a row of text that has a number for every cell besides: no cell.
        if tokens.len() > n
            && tokens.iter().all(|t| t.class == Class::Value && t.spaced && !t.glued)
            && tokens.iter().filter(|t| parse_value(&t.text) != Value::Text).count() == n
        {
            tokens.retain(|t| parse_value(&t.text) != Value::Text);
        }
        // Several rows' values after one label (text extracted from a PDF puts a row's label
        // elsewhere, or not at all): a whole multiple of the row's cells, all numbers, is read
        // row by row into the rows that follow, which have no values yet.
        if self.cur_row.is_some()
            && tokens.len() >= 2 * n
            && tokens.len().is_multiple_of(n)
            && tokens.iter().all(|t| t.class == Class::Value && !t.glued)
        {
            let mut rest = tokens.split_off(n);
            let first = std::mem::take(&mut tokens);
            self.pending = first;
            self.finish_pending();
            while !rest.is_empty() {
                let chunk: Vec<Token> = rest.drain(..n).collect();
                let next = (self.next_row..self.blocks[cur].rows.len()).find(|&r| {
                    self.blocks[cur].rows[r].leaf && self.row_slot[cur][r].is_some_and(|(ti, mi)| !self.tables[ti].rows[mi].seen)
                });
                let Some(r) = next else { break };
                self.skip_rows_to(cur, r);
                self.next_row = r + 1;
                if let Some((ti, mi)) = self.row_slot[cur][r] {
                    self.tables[ti].rows[mi].seen = true;
                }
                self.cur_row = Some(r);
                self.pending = chunk;
                self.chunk_row = true;
                self.finish_pending();
                self.chunk_row = false;
            }
            return;
        }
        let by_position = self.cur_row.is_none() || self.chunk_row;
        let row = match self.cur_row.take() {
            Some(r) => r,
            None if self.values_came_early(cur, orphan_label.as_ref()).is_some() => self.next_row - 1,
            None => {
                // Values with no row label before them: they belong to the next row.
                let Some(r) = (self.next_row..self.blocks[cur].rows.len()).find(|&r| self.blocks[cur].rows[r].leaf) else {
                    return;
                };
                self.skip_rows_to(cur, r);
                self.next_row = r + 1;
                let expected = self.blocks[cur].rows[r].label;
                if let Some((ti, mi)) = self.row_slot[cur][r] {
                    self.tables[ti].rows[mi].seen = true;
                }
                match orphan_label {
                    Some(l) => self.seen.labels.push(LabelSeen {
                        table,
                        kind: LabelKind::Row,
                        expected,
                        // The row's number alone ("3." where 「3.其他」 belongs, its words on
                        // another line) is no misspelling.
                        exact: is_enumerator(&l.text) && label_key(expected).starts_with(&l.key),
                        written: l.text,
                        by_position: true,
                        pieced: false,
                        loc: l.loc,
                    }),
                    None => {
                        let at = label_cell.as_ref().or(tokens.first()).map(|t| (t.text.clone(), t.loc.clone()));
                        if let (Some((_, l)), Some((ti, mi))) = (&at, self.row_slot[cur][r]) {
                            self.tables[ti].rows[mi].label_loc = Some(l.clone());
                        }
                        let path = self.row_slot[cur][r].map(|(ti, mi)| self.tables[ti].rows[mi].path.clone()).unwrap_or_default();
                        self.seen.unlabelled_rows.push(UnlabelledRow { table, path, expected, at });
                    }
                }
                r
            }
        };
        let Some((ti, mi)) = self.row_slot[cur][row] else { return };
        if let Some(joined) = unwrap_digits(&self.tables[ti], mi, &tokens, n) {
            tokens = joined;
        } else if let Some(own) = self.interleaved_rows(cur, row, &tokens) {
            tokens = own;
        }
        let mut read = RowRead {
            table,
            path: self.tables[ti].rows[mi].path.clone(),
            columns: self.blocks[cur].columns.clone(),
            written: tokens.iter().map(|t| (t.text.clone(), t.loc.clone())).collect(),
            glued: None,
            readings: Vec::new(),
            by_prose: Vec::new(),
            by_position,
            blanks_untraced: tokens.iter().all(|t| t.spaced),
        };
        if tokens.len() < n && tokens.iter().any(|t| t.glued) {
            // Split when the whole table has been read (see `crate::glued`).
            read.glued = Some(GluedRun::NoReading);
            if tokens.iter().all(|t| t.glued) {
                self.glued.push((ti, mi, self.seen.rows.len()));
            }
            self.seen.rows.push(read);
            return;
        }
        if tokens.len() < n && read.blanks_untraced {
            // Which columns the blanks were in is not known: every column is blank in some
            // placement of the values, so no cell is certain.
            self.seen.rows.push(read);
            return;
        }
        for (i, t) in tokens.iter().take(n).enumerate() {
            let c = &mut self.tables[ti].rows[mi].cells[i];
            c.raw = Some(t.text.clone());
            c.value = Some(if t.class == Class::Empty { Value::Blank } else { parse_value(&t.text) });
            c.loc = Some(t.loc.clone());
        }
        self.seen.rows.push(read);
    }

    /// Two rows whose values text out of a PDF reader wrote interleaved: each row's first cells
    /// on its label's line, then the rest of the first row's cells, then the rest of the second's
    /// ("（一）予以公开 / 7 0 0", "（二）部分公开… 2 0 0", "0 / 0 / 0 7", "0 / 0 / 0 2"). The row before
    /// `row` got k < n values and was left unread; `row` gets 2n − k, whose (n − k)th and nth
    /// values start a line. Three orders are possible: interleaved, the earlier row's rest first
    /// (it takes the next n − k values), or the later row's whole row first (the earlier row's rest
    /// last). A reading is taken only when both rows' own sum relations hold for it and no other
    /// reading that holds differs from it; then the earlier row's cells are filled and the later
    /// row's values are returned. Otherwise nothing changes (the rows stay unread, said once).
    fn interleaved_rows(&mut self, cur: usize, row: usize, tokens: &[Token]) -> Option<Vec<Token>> {
        let n = self.blocks[cur].columns.len();
        let spaced = |ts: &[Token]| ts.iter().all(|t| t.class == Class::Value && t.spaced && !t.glued && t.loc.line.is_some());
        if tokens.len() <= n || tokens.len() >= 2 * n || !spaced(tokens) {
            return None;
        }
        let k = 2 * n - tokens.len();
        let prev = (0..row).rev().find(|&p| self.blocks[cur].rows[p].leaf)?;
        let (ti, mi) = self.row_slot[cur][row]?;
        let (tp, mp) = self.row_slot[cur][prev]?;
        let table = self.blocks[cur].table;
        let earlier = &self.tables[tp].rows[mp];
        let obs = self.seen.rows.len().checked_sub(1)?;
        let read = &self.seen.rows[obs];
        if tp != ti
            || earlier.label_loc.is_none()
            || earlier.cells.iter().any(|c| c.raw.is_some())
            || read.table != table
            || read.path != earlier.path
            || read.glued.is_some()
            || read.written.len() != k
            || !read.blanks_untraced
            || self.tables[ti].rows[mi].label_loc.is_none()
        {
            return None;
        }
        let starts_line = |i: usize| tokens[i].loc.line != tokens[i - 1].loc.line;
        if !starts_line(n - k) || !starts_line(n) {
            return None;
        }
        // The earlier row's values as tokens: the ones written before, with their places.
        let first: Vec<Token> = read
            .written
            .iter()
            .map(|(text, loc)| Token {
                text: text.clone(),
                key: label_key(text),
                loc: loc.clone(),
                row: 0,
                group: 0,
                class: Class::Value,
                glued: false,
                spaced: true,
            })
            .collect();
        let cat = |a: &[Token], b: &[Token]| a.iter().chain(b).cloned().collect::<Vec<Token>>();
        let readings = [
            (cat(&first, &tokens[k..n]), cat(&tokens[..k], &tokens[n..])),
            (cat(&first, &tokens[..n - k]), tokens[n - k..].to_vec()),
            (cat(&first, &tokens[n..]), tokens[..n].to_vec()),
        ];
        let (pc, rc) = (crate::sums::row_constraints(&self.tables[ti], mp), crate::sums::row_constraints(&self.tables[ti], mi));
        if pc.is_empty() || rc.is_empty() {
            return None;
        }
        let holds = |cells: &[Token], constraints: &[(Vec<usize>, Vec<usize>)]| {
            let amounts: Vec<Option<f64>> = cells.iter().map(|c| parse_value(&c.text).amount()).collect();
            let sum = |cols: &[usize]| cols.iter().map(|&c| amounts.get(c).copied().flatten()).sum::<Option<f64>>();
            constraints.iter().all(|(total, parts)| matches!((sum(total), sum(parts)), (Some(a), Some(b)) if a == b))
        };
        let texts = |ts: &[Token]| ts.iter().map(|t| t.text.clone()).collect::<Vec<String>>();
        let mut found: Option<(Vec<Token>, Vec<Token>)> = None;
        for (a, b) in readings {
            if !holds(&a, &pc) || !holds(&b, &rc) {
                continue;
            }
            if let Some((fa, fb)) = &found {
                if texts(fa) != texts(&a) || texts(fb) != texts(&b) {
                    return None;
                }
                continue;
            }
            found = Some((a, b));
        }
        let (a, b) = found?;
        for (c, t) in self.tables[tp].rows[mp].cells.iter_mut().zip(&a) {
            c.raw = Some(t.text.clone());
            c.value = Some(parse_value(&t.text));
            c.loc = Some(t.loc.clone());
        }
        self.seen.rows[obs].written = a.iter().map(|t| (t.text.clone(), t.loc.clone())).collect();
        Some(b)
    }

    /// Values with no label before them, after a piece of a template label, while
    /// the labelled row before that one has none: text out of a PDF reader put the earlier row's
    /// values after the later row's first label piece ("4.无正当理", then 3's values, then
    /// "不予处 由大量反复" and 4's). The values read into the later row move to the earlier one, and
    /// the later row takes these. Returns the later row when so.
    fn values_came_early(&mut self, cur: usize, orphan: Option<&Token>) -> Option<usize> {
        let orphan = orphan?;
        let last = self.next_row.checked_sub(1)?;
        if !self.blocks[cur].rows[last].leaf || orphan.key.chars().count() < 2 || !self.compiled.is_label_piece(&orphan.key) {
            return None;
        }
        let prev = (0..last).rev().find(|&p| self.blocks[cur].rows[p].leaf)?;
        let (ti, mi_last) = self.row_slot[cur][last]?;
        let (tp, mi_prev) = self.row_slot[cur][prev]?;
        let table = self.blocks[cur].table;
        let rows = &self.tables[ti].rows;
        let (earlier, later) = (&rows[mi_prev], &rows[mi_last]);
        let earlier_empty = ti == tp
            && earlier.seen
            && earlier.label_loc.is_some()
            && earlier.cells.iter().all(|c| c.raw.is_none())
            && !self.seen.rows.iter().any(|o| o.table == table && o.path == earlier.path);
        if !earlier_empty || later.label_loc.is_none() || later.cells.iter().any(|c| c.raw.is_none()) {
            return None;
        }
        let obs = self.seen.rows.iter().rposition(|o| o.table == table && o.path == later.path)?;
        if self.seen.rows[obs].by_position || self.seen.rows[obs].glued.is_some() {
            return None;
        }
        self.seen.rows[obs].path = earlier.path.clone();
        let rows = &mut self.tables[ti].rows;
        let read = std::mem::take(&mut rows[mi_last].cells);
        rows[mi_last].cells = std::mem::replace(&mut rows[mi_prev].cells, read);
        Some(last)
    }

    fn finish_block(&mut self, block: usize) {
        if !self.in_rows {
            // A header that no row followed (表四's row of blanks leaves no trace in text):
            // read as a whole all the same.
            self.reconcile_header(block);
        }
        let label_less = self.keys[block].rows.len() == 1 && self.keys[block].rows[0].is_empty();
        if label_less && !self.in_rows && self.blank_row.len() == self.blocks[block].columns.len() {
            // A row of blank cells only (all zeros left empty).
            self.in_rows = true;
            self.cur_row = Some(0);
            self.next_row = 1;
            if let Some((ti, mi)) = self.row_slot[block][0] {
                self.tables[ti].rows[mi].seen = true;
            }
            self.pending = std::mem::take(&mut self.blank_row);
        }
        self.finish_pending();
        let table = self.blocks[block].table;
        let missing: Vec<&'static str> = self.blocks[block]
            .headers
            .iter()
            .zip(&self.header_hits[block])
            .filter(|(h, hit)| !**hit && !h.optional)
            .map(|(h, _)| h.label)
            .collect();
        if !missing.is_empty() && self.in_rows {
            self.seen.missing_headers.push(MissingHeaders { table, part: self.blocks[block].prefix, labels: missing });
        }
        let rows = self.blocks[block].rows.len();
        self.skip_rows_to(block, rows);
        self.next_row = rows;
    }

    fn finish(mut self) -> (Vec<Table>, Observations) {
        if let Some(cur) = self.cur {
            self.finish_block(cur);
        }
        // Blocks never entered inside a table that was found: their rows are missing.
        for (bi, b) in self.blocks.iter().enumerate() {
            let ti = table_index(b.table);
            if self.entered[bi] || !self.tables[ti].found {
                continue;
            }
            let paths = self.row_slot[bi].iter().flatten().map(|r| self.tables[r.0].rows[r.1].path.clone()).collect();
            self.seen.missing_parts.push(MissingPart { table: b.table, part: b.prefix, paths });
        }
        crate::glued::settle(&mut self.tables, &mut self.seen.rows, &self.glued);
        (self.tables, self.seen)
    }
}

/// A cell whose digits wrapped onto the next line (text out of a PDF reader: "２ ０ … ２" over
/// "５", or "２" then "５ ０ … ２" then "５"): a row of spaced values with one or two more than
/// its cells, some of them starting a line. Each such value may be the tail of a value on the
/// line before it; where exactly one way of joining them meets the row's own sum relations, the
/// row's values are those. A row no relation ties is left as it is.
fn unwrap_digits(table: &Table, mi: usize, tokens: &[Token], n: usize) -> Option<Vec<Token>> {
    let extra = tokens.len().checked_sub(n).filter(|e| (1..=2).contains(e))?;
    if !tokens.iter().all(|t| t.class == Class::Value && t.spaced && t.loc.line.is_some()) {
        return None;
    }
    let constraints = crate::sums::row_constraints(table, mi);
    if constraints.is_empty() {
        return None;
    }
    let digits = |t: &Token| t.text.chars().all(|c| crate::normalize::fold_char(c).is_ascii_digit());
    let tails: Vec<usize> = (1..tokens.len()).filter(|&i| tokens[i].loc.line != tokens[i - 1].loc.line && digits(&tokens[i])).collect();
    // Every choice of `extra` tails, each joined to a value of the line before it.
    let mut choices: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    for _ in 0..extra {
        let mut next = Vec::new();
        for chosen in &choices {
            for &t in tails.iter().filter(|&&t| chosen.last().is_none_or(|&(last, _)| t > last)) {
                let line_before = tokens[t - 1].loc.line;
                for h in (0..t).filter(|&h| tokens[h].loc.line == line_before && digits(&tokens[h])) {
                    if chosen.iter().any(|&(tail, _)| tail == h) {
                        continue;
                    }
                    let mut c = chosen.clone();
                    c.push((t, h));
                    next.push(c);
                }
            }
        }
        choices = next;
    }
    let mut found: Option<Vec<Token>> = None;
    for chosen in choices {
        let mut cells: Vec<Token> = Vec::with_capacity(n);
        for (i, t) in tokens.iter().enumerate() {
            if chosen.iter().any(|&(tail, _)| tail == i) {
                continue;
            }
            let mut cell = t.clone();
            for &(tail, _) in chosen.iter().filter(|&&(_, head)| head == i) {
                let rest = &tokens[tail];
                cell.text.push_str(&rest.text);
                if rest.loc.start >= cell.loc.end {
                    cell.loc.end = rest.loc.end;
                    cell.loc.u16_end = rest.loc.u16_end;
                }
            }
            cells.push(cell);
        }
        // A count never starts with 0 ("0" aside).
        let folded = |t: &Token| t.text.chars().map(crate::normalize::fold_char).collect::<String>();
        if cells.iter().any(|c| {
            let f = folded(c);
            f.len() > 1 && f.starts_with('0')
        }) {
            continue;
        }
        let amounts: Vec<Option<f64>> = cells.iter().map(|c| parse_value(&c.text).amount()).collect();
        let sum = |cols: &[usize]| cols.iter().map(|&c| amounts.get(c).copied().flatten()).sum::<Option<f64>>();
        if !constraints.iter().all(|(total, parts)| matches!((sum(total), sum(parts)), (Some(a), Some(b)) if a == b)) {
            continue;
        }
        if found.as_ref().is_some_and(|f| f.iter().map(|t| &t.text).ne(cells.iter().map(|t| &t.text))) {
            return None;
        }
        found = Some(cells);
    }
    let mut found = found?;
    for t in &mut found {
        t.key = label_key(&t.text);
    }
    Some(found)
}

/// A header label read in pieces: matched in part, or put together from pieces on several
/// lines. Such labels are what a shredded header is reconciled from.
fn is_header_piece(l: &LabelSeen, table: TableId) -> bool {
    l.table == table && l.kind == LabelKind::Header && (!l.exact || l.pieced)
}

fn table_index(id: TableId) -> usize {
    TableId::ALL.iter().position(|&t| t == id).expect("every table id is in ALL")
}

/// All label keys of a set of blocks, longest first, for cutting glued paragraphs.
fn glue_labels(blocks: &[BlockTemplate]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for b in blocks {
        for h in &b.headers {
            keys.push(label_key(h.label));
        }
        for r in &b.rows {
            if !r.label.is_empty() {
                keys.push(label_key(r.label));
                if let Some(s) = strip_enumerator(&label_key(r.label)) {
                    keys.push(s);
                }
            }
        }
    }
    crate::sort::by_key(&mut keys[..], |k| std::cmp::Reverse(k.chars().count()));
    keys.dedup();
    keys.retain(|k| k.chars().count() >= 2);
    keys
}

fn is_tabular_gap(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || crate::normalize::is_space(c) || matches!(c, '.' | '-' | '－' | '元'))
}

/// Widens a label hit over the brackets and quotes that belong to the label ("（一）予以公开",
/// "“三安全一稳定”", "（单位：万元）") but fall outside its key.
fn widen(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let opening = |c: char| matches!(c, '(' | '（' | '“' | '"' | '〔' | '[' | '【');
    let closing = |c: char| matches!(c, ')' | '）' | '”' | '"' | '〕' | ']' | '】');
    if let Some(c) = text[..s].chars().next_back() {
        if opening(c) {
            s -= c.len_utf8();
        }
    }
    while let Some(c) = text[e..].chars().next() {
        if closing(c) {
            e += c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

/// Label hits in a paragraph, as raw byte ranges widened over their brackets, each with
/// whether it is a table anchor.
fn label_hits(block: &Block, by_first: &HashMap<char, Vec<Vec<char>>>, anchors: &[String]) -> Vec<(usize, usize, bool)> {
    let (key, map) = label_key_with_map(&block.text);
    let mut hits: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < key.len() {
        let mut matched = 0;
        if let Some(cands) = by_first.get(&key[i]) {
            for c in cands {
                if key.len() - i >= c.len() && key[i..i + c.len()] == c[..] {
                    matched = c.len();
                    break;
                }
            }
        }
        if matched > 0 {
            let s: String = key[i..i + matched].iter().collect();
            let anchor = anchors.contains(&s);
            let (hs, he) = widen(&block.text, map[i].0, map[i + matched - 1].1);
            hits.push((hs, he, anchor));
            i += matched;
        } else {
            i += 1;
        }
    }
    hits
}

/// Inside a table, a paragraph that is one table row written on a line with spaces between the
/// cells (text copied from a PDF or a page: "规章 0 0 0", "信息内容 本年制发件数 …"): labels,
/// numbers, and short words (a misspelled label) — no prose. Returns its tokens.
fn explode_row_line(block: &Block, compiled: &Compiled) -> Option<Vec<(usize, usize, Class)>> {
    let text = &block.text;
    if text.len() > 600 {
        return None;
    }
    let hits = label_hits(block, &compiled.glue_first, &compiled.anchors);
    let mut out = Vec::new();
    let (mut words, mut labels) = (0, 0);
    let mut word_or_prose = |s: usize, e: usize, out: &mut Vec<(usize, usize, Class)>| -> Option<()> {
        let word = &text[s..e];
        if parse_value(word) != Value::Text || is_digit_run(word) {
            out.push((s, e, Class::Value));
        } else if word.chars().count() <= 20 && !word.contains(['，', '。', '；', '：', ',', ';', ':']) {
            words += 1;
            out.push((s, e, Class::Label));
        } else {
            return None;
        }
        Some(())
    };
    let all_words = words_between(text, 0, text.len());
    let mut skip_to = 0;
    for &(ws, we) in &all_words {
        if ws < skip_to {
            continue;
        }
        // A label written with spaces inside ("(二) 部分公开 (区分处理的, …)"): one token
        // from the word where it starts to the word where it ends.
        if let Some(&(hs, he, _)) = hits.iter().find(|h| h.0 == ws && he_is_word_end(&all_words, h.1) && h.1 > we) {
            labels += 1;
            out.push((hs, he, Class::Label));
            skip_to = he;
            continue;
        }
        let word = &text[ws..we];
        if parse_value(word) != Value::Text || is_digit_run(word) {
            out.push((ws, we, Class::Value));
            continue;
        }
        // A whole label, or a piece of one wrapped over lines ("（二）部分公开（区分处理的，只计
        // 这一情"): one label token, even where a shorter label occurs inside it.
        if !word.contains(['。', '；', ';', '！', '？']) && compiled.is_label_piece(&label_key(word)) {
            labels += 1;
            out.push((ws, we, Class::Label));
            continue;
        }
        // Labels glued to other cells inside the word ("规章000"): cut at them.
        let inside: Vec<(usize, usize)> = hits.iter().filter(|h| h.0 >= ws && h.1 <= we).map(|h| (h.0, h.1)).collect();
        let mut pos = ws;
        for (hs, he) in inside {
            if hs < pos {
                continue;
            }
            if hs > pos {
                word_or_prose(pos, hs, &mut out)?;
            }
            labels += 1;
            out.push((hs, he, Class::Label));
            pos = he;
        }
        if pos < we {
            word_or_prose(pos, we, &mut out)?;
        }
    }
    // A line of words without any template label is prose, not a table row; so is a line
    // with as many other words as labels and no number (a heading naming the table), and a
    // numbered heading ("四、政府信息公开行政复议、行政诉讼情况") whose first label is not at its start.
    let values = out.iter().filter(|p| p.2 == Class::Value).count();
    // One short word alone on its line is a cell (a header cut short: "结果").
    let lone_cell = labels == 0 && values == 0 && words == 1 && text.trim().chars().count() <= 8;
    if !lone_cell && ((labels == 0 && words > 0) || (values == 0 && words >= labels)) {
        return None;
    }
    let numbered = text.trim_start().chars().next().is_some_and(|c| "一二三四五六七八九十".contains(c)) && text.contains('、');
    let first_label = out.iter().find(|p| p.2 == Class::Label).map(|p| p.0);
    if numbered && first_label.is_some_and(|s| !text[..s].trim().is_empty()) {
        return None;
    }
    if out.is_empty() {
        return None;
    }
    Some(out)
}

fn he_is_word_end(words: &[(usize, usize)], end: usize) -> bool {
    words.iter().any(|w| w.1 == end)
}

/// Cuts a paragraph whose table lost its cell separators into label and value tokens.
/// Labels are recognised only where table material surrounds them, and only after a table
/// anchor, so prose that merely mentions "行政许可" stays prose.
fn explode_glued(block: &Block, by_first: &HashMap<char, Vec<Vec<char>>>, anchors: &[String]) -> Option<Vec<(usize, usize, Class)>> {
    // Only paragraphs with digits and a table's anchor words can hold a table.
    if block.text.len() < 24
        || !block.text.bytes().any(|b| b.is_ascii_digit())
        || !["第二十条", "申请人情况", "勾稽关系", "行政复议"].iter().any(|a| block.text.contains(a))
    {
        return None;
    }
    let hits = label_hits(block, by_first, anchors);
    let text = &block.text;
    // Keep a hit when the gap before or after it is table material (prose that merely
    // mentions "行政复议、行政诉讼" has prose on both sides).
    let mut kept: Vec<(usize, usize, bool)> = Vec::new();
    for (k, h) in hits.iter().enumerate() {
        let prev_end = if k == 0 { 0 } else { hits[k - 1].1 };
        let next_start = hits.get(k + 1).map_or(text.len(), |n| n.0);
        let before = &text[prev_end.min(h.0)..h.0];
        let after = &text[h.1..next_start.max(h.1)];
        if (k > 0 && is_tabular_gap(before)) || is_tabular_gap(after) {
            kept.push(*h);
        }
    }
    let first_anchor = kept.iter().position(|h| h.2)?;
    let kept: Vec<(usize, usize)> = kept[first_anchor..].iter().map(|h| (h.0, h.1)).collect();
    if kept.len() < 6 {
        return None;
    }
    let mut out = Vec::new();
    let mut pos = 0;
    let region_start = kept.first()?.0;
    if region_start > 0 {
        out.push((0, region_start, Class::Break));
    }
    pos = pos.max(region_start);
    for (s, e) in kept {
        if s > pos {
            gap_tokens(text, pos, s, &mut out);
        }
        out.push((s, e, Class::Label));
        pos = e;
    }
    if pos < text.len() {
        gap_tokens(text, pos, text.len(), &mut out);
    }
    Some(out)
}

/// The text between two labels: numbers split at white space, anything else is prose.
fn gap_tokens(text: &str, from: usize, to: usize, out: &mut Vec<(usize, usize, Class)>) {
    let gap = &text[from..to];
    if !is_tabular_gap(gap) {
        // Numbers may lead the gap, prose follow: "0 0 0 五、存在的主要问题…".
        let numeric_end = gap
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || crate::normalize::is_space(*c) || *c == '.'))
            .map_or(gap.len(), |(i, _)| i);
        if numeric_end > 0 && gap[..numeric_end].chars().any(|c| c.is_ascii_digit()) {
            gap_tokens(text, from, from + numeric_end, out);
        }
        out.push((from + numeric_end, to, Class::Break));
        return;
    }
    out.extend(words_between(text, from, to).into_iter().map(|(s, e)| (s, e, Class::Value)));
}

/// Byte ranges of the white-space separated words of `text[from..to]`.
fn words_between(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text[from..to].char_indices() {
        if crate::normalize::is_space(c) {
            if let Some(s) = start.take() {
                out.push((from + s, from + i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((from + s, to));
    }
    out
}

/// Reads the blocks against the templates of one format.
pub fn read(blocks_in: &[Block], format: Format) -> Reading {
    let compiled = compiled(format);
    let mut reader = Reader::new(compiled);
    let mut table_blocks = vec![false; blocks_in.len()];
    let mut table_spans: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (bi, b) in blocks_in.iter().enumerate() {
        // Prose longer than any label is never one: skip building its key.
        let key = if b.kind == BlockKind::Cell || b.text.len() <= 240 { label_key(&b.text) } else { String::new() };
        match b.kind {
            BlockKind::Cell => {
                table_blocks[bi] = true;
                let v = parse_value(&b.text);
                let class = if b.text.trim().is_empty() {
                    Class::Empty
                } else if v == Value::Text {
                    Class::Label
                } else {
                    Class::Value
                };
                let token =
                    Token { text: b.text.clone(), key, loc: b.loc.clone(), row: b.row, group: b.group, class, glued: false, spaced: false };
                reader.feed(token);
            }
            BlockKind::Para => {
                if reader.exact.contains_key(&key) && key.chars().count() >= 2 {
                    table_blocks[bi] = true;
                    let token = Token {
                        text: b.text.clone(),
                        key,
                        loc: b.loc.clone(),
                        row: b.row,
                        group: b.group,
                        class: Class::Label,
                        glued: false,
                        spaced: true,
                    };
                    reader.feed(token);
                    continue;
                }
                // Inside a table, a line may be one row with spaces between its cells; otherwise a
                // paragraph may hold a whole table whose separators were lost.
                let row_line = if reader.reading_table() { explode_row_line(b, compiled) } else { None };
                let line_mode = row_line.is_some();
                if let Some(pieces) = row_line.or_else(|| explode_glued(b, &compiled.glue_first, &compiled.anchors)) {
                    let mut locator = crate::ingest::SubLocator::new(&b.loc, &b.text);
                    if line_mode {
                        table_blocks[bi] = true;
                    }
                    for (s, e, class) in pieces {
                        let text = b.text[s..e].to_string();
                        if class != Class::Break && !line_mode {
                            match table_spans.last_mut() {
                                Some((last, spans)) if *last == bi => spans.push((s, e)),
                                _ => table_spans.push((bi, vec![(s, e)])),
                            }
                        }
                        let token = Token {
                            key: label_key(&text),
                            loc: locator.at(s, e),
                            row: b.row,
                            group: b.group,
                            class,
                            glued: class == Class::Value && !line_mode,
                            spaced: true,
                            text,
                        };
                        reader.feed(token);
                    }
                    continue;
                }
                reader.flush_held();
                reader.finish_pending();
                if reader.in_rows {
                    // Prose ends the table region.
                    reader.cur_group = None;
                }
            }
        }
    }
    reader.flush_held();
    let (tables, observations) = reader.finish();
    Reading { tables, observations, table_blocks, table_spans }
}

fn dispatch_now(reader: &mut Reader, token: Token) {
    let from_cell = !token.spaced;
    match token.class {
        Class::Label => reader.on_label(token),
        Class::Value => reader.on_value(token),
        Class::Empty => reader.on_empty(token),
        Class::Break => {
            reader.finish_pending();
        }
    }
    if let Some(cur) = reader.cur.filter(|_| from_cell) {
        reader.from_cells[cur] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The requests table of a text out of a PDF reader: header, then `rows` as lines.
    fn read_requests(rows: &str) -> (Reading, String) {
        let text = format!(
            "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n{rows}\n五、存在的主要问题及改进情况\n正文。\n"
        );
        let ingested = crate::ingest::ingest(&text, crate::ingest::InputKind::Text);
        (read(&ingested.blocks, Format::V2021), text)
    }

    fn row<'a>(reading: &'a Reading, path: &str) -> &'a Row {
        reading.tables[table_index(TableId::Requests)].rows.iter().find(|r| r.path == path).unwrap()
    }

    fn raw(reading: &Reading, path: &str) -> Vec<Option<String>> {
        row(reading, path).cells.iter().map(|c| c.raw.clone()).collect()
    }

    fn some(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some(v.to_string())).collect()
    }

    const ONE: &str = "三、本年度办理结果/(一)予以公开";
    const TWO: &str = "三、本年度办理结果/(二)部分公开";

    /// Two rows' values interleaved: each row's first cells on its label's line, then the rest of
    /// each row. Only the interleaved order meets both rows' sums: read so, every cell located
    /// on the line its value is on.
    #[test]
    fn interleaved_rows_are_read_when_only_that_order_adds_up() {
        let (reading, text) = read_requests(
            "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n三、本年度办理结果\n（一）予以公开 3 0 0\n（二）部分公开 2 0 0\n0\n0\n0 3\n0\n0\n0 2",
        );
        assert_eq!(raw(&reading, ONE), some(&["3", "0", "0", "0", "0", "0", "3"]));
        assert_eq!(raw(&reading, TWO), some(&["2", "0", "0", "0", "0", "0", "2"]));
        let lines = |path: &str| -> Vec<u32> { row(&reading, path).cells.iter().map(|c| c.loc.as_ref().unwrap().line.unwrap()).collect() };
        assert_eq!(lines(ONE), [7, 7, 7, 9, 10, 11, 11]);
        assert_eq!(lines(TWO), [8, 8, 8, 12, 13, 14, 14]);
        for c in &row(&reading, TWO).cells {
            let loc = c.loc.as_ref().unwrap();
            assert_eq!(Some(&text[loc.start..loc.end]), c.raw.as_deref());
            assert_eq!(loc.u16_start, text[..loc.start].encode_utf16().count());
        }
        let read_one = reading.observations.rows.iter().find(|r| r.path == ONE).unwrap();
        assert_eq!(read_one.written.len(), 7);
    }

    /// The same layout where two orders add up and disagree (interleaved, or the second row's
    /// whole row first): neither is certain, the first row stays unread, as before.
    #[test]
    fn interleaved_rows_are_left_unread_when_two_orders_add_up() {
        let (reading, _) = read_requests(
            "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n三、本年度办理结果\n（一）予以公开 1 1 0\n（二）部分公开 1 1 0\n0\n0\n0 2\n1\n0\n0 3",
        );
        assert_eq!(raw(&reading, ONE), vec![None; 7]);
        let read_one = reading.observations.rows.iter().find(|r| r.path == ONE).unwrap();
        assert_eq!(read_one.written.len(), 3, "the first row keeps what was written after its label");
        let read_two = reading.observations.rows.iter().find(|r| r.path == TWO).unwrap();
        assert_eq!(read_two.written.len(), 11, "the second row keeps its values too many, said as before");
    }

    const OTHER: &str = "三、本年度办理结果/(六)其他处理/3.其他";
    const TOTAL: &str = "三、本年度办理结果/(七)总计";
    const HEAD: &str = "一、本年新收政府信息公开申请数量 6 0 0 0 0 0 6\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n三、本年度办理结果\n（六）其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n1\n0\n0\n0\n0\n0\n1\n3.其他\n";

    /// A row label written after its values, one value a line (「5 … 5」 then 「（七）总计」): the
    /// row's label, not a missing one, located where it is; the cells on their lines.
    #[test]
    fn a_label_right_after_its_values_is_that_rows_label() {
        let (reading, _) = read_requests(&format!("{HEAD}5\n0\n0\n0\n0\n0\n5\n（七）总计\n四、结转下年度继续办理 1 0 0 0 0 0 1"));
        assert_eq!(raw(&reading, OTHER), some(&["1", "0", "0", "0", "0", "0", "1"]));
        assert_eq!(raw(&reading, TOTAL), some(&["5", "0", "0", "0", "0", "0", "5"]));
        assert_eq!(row(&reading, TOTAL).label_loc.as_ref().and_then(|l| l.line), Some(25));
        let lines: Vec<Option<u32>> = row(&reading, TOTAL).cells.iter().map(|c| c.loc.as_ref().and_then(|l| l.line)).collect();
        assert_eq!(lines, (18..25).map(Some).collect::<Vec<_>>());
        assert!(reading.observations.unlabelled_rows.is_empty(), "{:?}", reading.observations.unlabelled_rows);
    }

    /// Values followed by another row's label, then this row's: the label is not taken as
    /// written after them (the values are as much the other row's); the row's label is missing.
    #[test]
    fn a_label_after_another_rows_label_is_not_taken_for_the_values_before() {
        let (reading, _) =
            read_requests(&format!("{HEAD}5\n0\n0\n0\n0\n0\n5\n（二）部分公开\n（七）总计\n四、结转下年度继续办理 1 0 0 0 0 0 1"));
        let paths: Vec<&str> = reading.observations.unlabelled_rows.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, [TOTAL]);
    }
}
