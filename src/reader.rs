//! Template reading: the cell stream read against the official template's row and column
//! labels. Labels are anchors; the values after a row label belong to that row. This is what
//! makes rowspan/colspan, header cells split over lines, text layouts and header orders all
//! read the same, and what lets a missing, misspelled or unknown label be reported instead of
//! derailing the reading.

use crate::ingest::{Block, BlockKind, Location};
use crate::model::{Cell, CellRef, Finding, Row, Severity, Table};
use crate::normalize::{label_key, label_key_with_map, similarity};
use crate::rules::RuleMeta;
use crate::template::{BlockTemplate, TableId};
use crate::value::{is_digit_run, parse_value, Value};
use std::collections::HashMap;

pub const MISSING_CELLS: RuleMeta =
    RuleMeta { code: "S301", name: "missing-cells", severity: Severity::Error, summary: "表格行的单元格数少于模板" };
pub const EXTRA_CELLS: RuleMeta =
    RuleMeta { code: "S302", name: "extra-cells", severity: Severity::Warning, summary: "表格行的单元格数多于模板" };
pub const MISSPELLED_LABEL: RuleMeta =
    RuleMeta { code: "S303", name: "misspelled-label", severity: Severity::Warning, summary: "表头或行标签与模板文字不符" };
pub const MISSING_LABEL: RuleMeta =
    RuleMeta { code: "S304", name: "missing-label", severity: Severity::Warning, summary: "缺少表头或行标签" };
pub const UNKNOWN_LABEL: RuleMeta =
    RuleMeta { code: "S305", name: "unknown-label", severity: Severity::Warning, summary: "表格中有模板之外的标签" };
pub const MISSING_TABLE: RuleMeta =
    RuleMeta { code: "S306", name: "missing-table", severity: Severity::Error, summary: "缺少模板规定的表格" };
pub const MISSING_ROW: RuleMeta =
    RuleMeta { code: "S307", name: "missing-row", severity: Severity::Error, summary: "缺少模板规定的表格行" };
pub const GLUED_DIGITS: RuleMeta =
    RuleMeta { code: "V204", name: "glued-digits", severity: Severity::Info, summary: "相邻单元格的数字粘连在一起" };

pub const META: [RuleMeta; 8] =
    [MISSING_CELLS, EXTRA_CELLS, MISSPELLED_LABEL, MISSING_LABEL, UNKNOWN_LABEL, MISSING_TABLE, MISSING_ROW, GLUED_DIGITS];

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

/// Result of reading: the tables, the structural findings, and which input blocks were table
/// material (so prose checks can leave them alone).
pub struct Reading {
    pub tables: Vec<Table>,
    pub findings: Vec<Finding>,
    pub table_blocks: Vec<bool>,
    /// Per input block, the byte ranges of its text that were read as table material (a
    /// paragraph that also held a glued table).
    pub table_spans: Vec<Vec<(usize, usize)>>,
}

struct BlockKeys {
    headers: Vec<String>,
    rows: Vec<String>,

    anchors: Vec<String>,
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
}

impl Compiled {
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
            keys.push(BlockKeys { headers, rows, anchors });
        }
        let mut glue_first: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for l in glue_labels(&blocks) {
            let chars: Vec<char> = l.chars().collect();
            glue_first.entry(chars[0]).or_default().push(chars);
        }
        let anchors = keys.iter().flat_map(|k| k.anchors.clone()).collect();
        Compiled { blocks, keys, exact, glue_first, anchors }
    }
}

/// The prepared template of a format.
pub fn compiled(format: crate::template::Format) -> &'static Compiled {
    use crate::template::Format;
    use std::sync::OnceLock;
    static V2021: OnceLock<Compiled> = OnceLock::new();
    static V2019: OnceLock<Compiled> = OnceLock::new();
    let cell = match format {
        Format::V2021 => &V2021,
        Format::V2019 => &V2019,
    };
    cell.get_or_init(|| Compiled::new(crate::template::blocks(format)))
}

struct Reader<'t> {
    blocks: &'t [BlockTemplate],
    keys: &'t [BlockKeys],
    exact: &'t HashMap<String, Vec<Candidate>>,
    tables: Vec<Table>,
    /// (block, row) → (table index, model row index) for leaf rows.
    row_slot: Vec<Vec<Option<(usize, usize)>>>,
    findings: Vec<Finding>,
    cur: Option<usize>,
    in_rows: bool,
    header_hits: Vec<Vec<bool>>,
    entered: Vec<bool>,
    next_row: usize,
    cur_row: Option<usize>,
    pending: Vec<Token>,
    /// Unrecognised label before orphan values: the values are read into the next row.
    orphan_label: Option<Token>,
    last_empty: Option<Token>,
    /// The empty cells of the latest physical row that held nothing else: a row of blanks
    /// where a label-less row's values belong.
    blank_row: Vec<Token>,
    cur_group: Option<u32>,
    glued_reported: Vec<bool>,
    /// A label waiting one token to see whether the next one completes it.
    held: Option<Token>,
}

impl<'t> Reader<'t> {
    fn new(compiled: &'t Compiled) -> Self {
        let blocks = &compiled.blocks[..];
        // The model: one table per id, its rows the leaf rows of its blocks.
        let mut tables: Vec<Table> = TableId::ALL.iter().map(|&id| Table { id, found: false, rows: Vec::new() }).collect();
        let mut row_slot = Vec::new();
        for b in blocks {
            let ti = TableId::ALL.iter().position(|&t| t == b.table).expect("table");
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
        Reader {
            blocks,
            header_hits: blocks.iter().map(|b| vec![false; b.headers.len()]).collect(),
            entered: vec![false; blocks.len()],
            keys: &compiled.keys,
            exact: &compiled.exact,
            tables,
            row_slot,
            findings: Vec::new(),
            cur: None,
            in_rows: false,
            next_row: 0,
            cur_row: None,
            pending: Vec::new(),
            orphan_label: None,
            last_empty: None,
            blank_row: Vec::new(),
            cur_group: None,
            glued_reported: vec![false; 3],
            held: None,
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
    fn find(&self, key: &str) -> Option<(usize, Target, bool)> {
        if let Some(cands) = self.exact.get(key) {
            let mut best: Option<(u8, usize, usize, Target)> = None; // (rank, block, pos, target)
            for c in cands {
                let rank_pos = match (self.cur, c.target) {
                    (Some(cur), Target::Header(h)) if c.block == cur => Some((if self.header_hits[cur][h] { 3 } else { 0 }, h)),
                    (Some(cur), Target::Row(r)) if c.block == cur => {
                        if r >= self.next_row {
                            Some((1, r))
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

    fn add(&mut self, f: Finding) {
        self.findings.push(f);
    }

    fn label_finding(&mut self, meta: RuleMeta, message: String, token: Option<&Token>) {
        let mut f = meta.finding(message);
        if let Some(t) = token {
            f.excerpt = Some(crate::normalize::shown(&t.text));
            f.location = Some(t.loc.clone());
            f.locations = vec![t.loc.clone()];
        }
        self.add(f);
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
        self.in_rows = false;
        self.next_row = 0;
        self.cur_row = None;
        self.pending.clear();
        self.orphan_label = None;
        self.last_empty = None;
        let ti = TableId::ALL.iter().position(|&t| t == self.blocks[block].table).expect("table");
        self.tables[ti].found = true;
    }

    fn on_label(&mut self, token: Token) {
        match self.find(&token.key) {
            Some((block, target, exact)) => {
                self.blank_row.clear();
                self.finish_pending();
                self.enter(block);
                self.cur_group = Some(token.group);
                self.last_empty = None;
                if !exact {
                    let expected = self.label_of(block, target);
                    let what = if matches!(target, Target::Header(_)) { "表头" } else { "行标签" };
                    self.label_finding(
                        MISSPELLED_LABEL,
                        format!("{what}「{}」与模板不符，应为「{expected}」", crate::normalize::shown(&token.text)),
                        Some(&token),
                    );
                }
                match target {
                    Target::Header(h) => self.header_hits[block][h] = true,
                    Target::Row(r) => {
                        if r < self.next_row {
                            // A repeated parent label (tables broken over pages repeat them).
                            return;
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
            None => {
                let Some(cur) = self.cur else { return };
                if self.cur_group != Some(token.group) {
                    return;
                }
                self.blank_row.clear();
                let n = self.blocks[cur].columns.len();
                if self.cur_row.is_some() && self.pending.len() < n {
                    // Text where a number belongs: keep it as the cell's value.
                    self.pending.push(Token { class: Class::Value, ..token });
                    return;
                }
                self.finish_pending();
                if self.in_rows {
                    self.orphan_label = Some(token);
                } else {
                    self.label_finding(UNKNOWN_LABEL, format!("无法识别的表头「{}」", crate::normalize::shown(&token.text)), Some(&token));
                }
            }
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
                        let table = self.blocks[block].table;
                        let mut f = MISSING_ROW.finding(if path.is_empty() {
                            format!("「{}」表缺少数据行", table.title())
                        } else {
                            format!("缺少「{path}」行")
                        });
                        f.cells.push(CellRef { table, row: path, col: String::new(), value: None, expected: None, location: None });
                        self.add(f);
                        self.tables[ti].rows[mi].seen = true;
                    }
                }
            }
        }
    }

    fn on_value(&mut self, token: Token) {
        let Some(cur) = self.cur else { return };
        if !self.in_rows {
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
        let row = match self.cur_row.take() {
            Some(r) => r,
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
                    Some(l) => self.label_finding(
                        MISSPELLED_LABEL,
                        format!("行标签「{}」与模板不符，按位置应为「{expected}」", crate::normalize::shown(&l.text)),
                        Some(&l),
                    ),
                    None => {
                        let at = label_cell.as_ref().or(tokens.first()).cloned();
                        self.label_finding(MISSING_LABEL, format!("缺少行标签「{expected}」，其后的数值按位置读入该行"), at.as_ref());
                        if let Some(l) = label_cell.as_ref().or(tokens.first()) {
                            if let Some((ti, mi)) = self.row_slot[cur][r] {
                                self.tables[ti].rows[mi].label_loc = Some(l.loc.clone());
                            }
                        }
                    }
                }
                r
            }
        };
        let Some((ti, mi)) = self.row_slot[cur][row] else { return };
        if tokens.len() < n && tokens.iter().all(|t| t.glued) {
            if let Some(parts) = split_glued(&tokens, n, table) {
                for (i, (text, loc)) in parts.into_iter().enumerate() {
                    let c = &mut self.tables[ti].rows[mi].cells[i];
                    c.value = Some(parse_value(&text));
                    c.raw = Some(text);
                    c.loc = Some(loc);
                    c.inferred = true;
                }
                let tix = ti;
                if !self.glued_reported[tix] {
                    self.glued_reported[tix] = true;
                    let path = self.tables[ti].rows[mi].path.clone();
                    let mut f = GLUED_DIGITS.finding(format!(
                        "「{}」表中相邻单元格的数字粘连在一起（如「{path}」行写作「{}」），已按勾稽关系唯一地拆分",
                        table.title(),
                        tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
                    ));
                    f.location = tokens.first().map(|t| t.loc.clone());
                    self.add(f);
                }
                return;
            }
        }
        let path = self.tables[ti].rows[mi].path.clone();
        for (i, t) in tokens.iter().take(n).enumerate() {
            let c = &mut self.tables[ti].rows[mi].cells[i];
            c.raw = Some(t.text.clone());
            c.value = Some(if t.class == Class::Empty { Value::Blank } else { parse_value(&t.text) });
            c.loc = Some(t.loc.clone());
        }
        if tokens.len() < n {
            let cols = &self.blocks[cur].columns;
            let missing: Vec<&str> = cols[tokens.len()..].to_vec();
            let mut f = if tokens.iter().any(|t| t.glued) {
                let f = GLUED_DIGITS.finding(format!(
                    "「{path}」行的数字粘连在一起（「{}」），无法可靠拆分为{n}个单元格，本行未参与核对",
                    tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
                ));
                for c in self.tables[ti].rows[mi].cells.iter_mut() {
                    c.raw = None;
                    c.value = None;
                }
                f
            } else {
                MISSING_CELLS.finding(format!(
                    "「{path}」行应有{n}个数值，只读到{}个；按顺序读入，缺少「{}」列",
                    tokens.len(),
                    missing.join("」「")
                ))
            };
            let row_ref = &self.tables[ti];
            f.cells = cols.iter().map(|c| row_ref.cell_ref(&path, c)).collect();
            crate::rules::locate_cells(&mut f);
            if f.location.is_none() {
                f.location = tokens.first().map(|t| t.loc.clone());
            }
            self.add(f);
        } else if tokens.len() > n {
            let extra: Vec<&str> = tokens[n..].iter().map(|t| t.text.as_str()).collect();
            let mut f =
                EXTRA_CELLS.finding(format!("「{path}」行应有{n}个数值，读到{}个；多出的「{}」未计入", tokens.len(), extra.join("」「")));
            f.excerpt = Some(extra.join(" "));
            f.locations = tokens[n..].iter().map(|t| t.loc.clone()).collect();
            f.location = f.locations.first().cloned();
            self.add(f);
        }
    }

    fn finish_block(&mut self, block: usize) {
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
            let prefix = self.blocks[block].prefix;
            let whose = if prefix.is_empty() { table.title().to_string() } else { format!("{}·{prefix}", table.title()) };
            self.label_finding(MISSING_LABEL, format!("「{whose}」缺少表头「{}」", missing.join("」「")), None);
        }
        let rows = self.blocks[block].rows.len();
        self.skip_rows_to(block, rows);
        self.next_row = rows;
    }

    fn finish(mut self) -> (Vec<Table>, Vec<Finding>) {
        if let Some(cur) = self.cur {
            self.finish_block(cur);
        }
        // Blocks never entered inside a table that was found: their rows are missing.
        for (bi, b) in self.blocks.iter().enumerate() {
            let ti = TableId::ALL.iter().position(|&t| t == b.table).expect("table");
            if self.entered[bi] || !self.tables[ti].found {
                continue;
            }
            let what = if b.prefix.is_empty() { b.table.title().to_string() } else { b.prefix.to_string() };
            let mut f = MISSING_ROW.finding(format!("「{}」表缺少「{what}」部分", b.table.title()));
            for r in self.row_slot[bi].iter().flatten() {
                let row = &self.tables[r.0].rows[r.1];
                f.cells.push(CellRef {
                    table: b.table,
                    row: row.path.clone(),
                    col: String::new(),
                    value: None,
                    expected: None,
                    location: None,
                });
            }
            self.findings.push(f);
        }
        (self.tables, self.findings)
    }
}

/// Splits digit runs that lost their separators ("713000074") into `n` cells, keeping the
/// split only if exactly one satisfies the table's arithmetic (each row total equals the sum
/// of its parts). Returns the cells' texts and locations.
fn split_glued(tokens: &[Token], n: usize, table: TableId) -> Option<Vec<(String, Location)>> {
    // Digits with their token and byte offset; a token boundary is a forced cut.
    let mut digits: Vec<(char, usize, usize)> = Vec::new();
    let mut forced = Vec::new();
    for (ti, t) in tokens.iter().enumerate() {
        if !is_digit_run(&t.text) {
            return None;
        }
        for piece in t.text.split_whitespace() {
            let off = piece.as_ptr() as usize - t.text.as_ptr() as usize;
            if !digits.is_empty() {
                forced.push(digits.len());
            }
            for (i, c) in piece.char_indices() {
                digits.push((c, ti, off + i));
            }
        }
    }
    let len = digits.len();
    if len < n || len > 40 {
        return None;
    }
    let check = |parts: &[u64]| -> bool {
        match table {
            TableId::Requests => parts[..6].iter().sum::<u64>() == parts[6],
            TableId::Appeals => parts.chunks(5).all(|g| g[..4].iter().sum::<u64>() == g[4]),
            TableId::Active => len == n,
        }
    };
    let mut solutions: Vec<Vec<usize>> = Vec::new();
    let mut cuts: Vec<usize> = Vec::with_capacity(n);
    fn search(
        start: usize,
        parts_left: usize,
        digits: &[(char, usize, usize)],
        forced: &[usize],
        cuts: &mut Vec<usize>,
        solutions: &mut Vec<Vec<usize>>,
        check: &dyn Fn(&[u64]) -> bool,
    ) {
        if solutions.len() > 1 {
            return;
        }
        let len = digits.len();
        if parts_left == 0 {
            if start == len {
                let mut parts = Vec::with_capacity(cuts.len());
                let mut s = 0;
                for &e in cuts.iter() {
                    let v: String = digits[s..e].iter().map(|d| d.0).collect();
                    parts.push(v.parse::<u64>().unwrap_or(u64::MAX / 4));
                    s = e;
                }
                if check(&parts) {
                    solutions.push(cuts.clone());
                }
            }
            return;
        }
        for end in start + 1..=len {
            if len - end < parts_left - 1 {
                break;
            }
            // A part may not start with 0 unless it is "0", and may not cross a forced cut.
            if digits[start].0 == '0' && end > start + 1 {
                break;
            }
            if forced.iter().any(|&f| f > start && f < end) {
                break;
            }
            if end - start > 9 {
                break;
            }
            let next_ok = end == len || parts_left > 1;
            if !next_ok {
                continue;
            }
            // The next part must start exactly at a forced cut if one is pending right here.
            cuts.push(end);
            search(end, parts_left - 1, digits, forced, cuts, solutions, check);
            cuts.pop();
        }
    }
    search(0, n, &digits, &forced, &mut cuts, &mut solutions, &check);
    if solutions.len() != 1 {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut s = 0;
    for &e in &solutions[0] {
        let text: String = digits[s..e].iter().map(|d| d.0).collect();
        let (tok, from) = (digits[s].1, digits[s].2);
        let to = digits[e - 1].2 + 1;
        let t = &tokens[tok];
        out.push((text, t.loc.sub(&t.text, from, to)));
        s = e;
    }
    Some(out)
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
    keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
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
fn explode_row_line(block: &Block, by_first: &HashMap<char, Vec<Vec<char>>>, anchors: &[String]) -> Option<Vec<(usize, usize, Class)>> {
    let text = &block.text;
    if text.len() > 600 {
        return None;
    }
    let hits = label_hits(block, by_first, anchors);
    let mut out = Vec::new();
    let mut words = 0;
    let mut gap = |from: usize, to: usize, out: &mut Vec<(usize, usize, Class)>| -> Option<()> {
        for (s, e) in words_between(text, from, to) {
            let word = &text[s..e];
            if parse_value(word) != Value::Text || is_digit_run(word) {
                out.push((s, e, Class::Value));
            } else if word.chars().count() <= 20 && !word.contains(['，', '。', '；', '：', ',', ';', ':']) {
                words += 1;
                out.push((s, e, Class::Label));
            } else {
                return None;
            }
        }
        Some(())
    };
    let mut pos = 0;
    for &(s, e, _) in &hits {
        if s < pos {
            continue;
        }
        gap(pos, s, &mut out)?;
        out.push((s, e, Class::Label));
        pos = e;
    }
    gap(pos, text.len(), &mut out)?;
    // A line of words without any template label is prose, not a table row; so is a line
    // with as many other words as labels and no number (a heading naming the table), and a
    // numbered heading ("四、政府信息公开行政复议、行政诉讼情况") whose first label is not at its start.
    let values = out.iter().filter(|p| p.2 == Class::Value).count();
    // One short word alone on its line is a cell (a header cut short: "结果").
    let lone_cell = hits.is_empty() && values == 0 && words == 1 && text.trim().chars().count() <= 8;
    if !lone_cell && ((hits.is_empty() && words > 0) || (values == 0 && words >= hits.len())) {
        return None;
    }
    let numbered = text.trim_start().chars().next().is_some_and(|c| "一二三四五六七八九十".contains(c)) && text.contains('、');
    if numbered && hits.first().is_some_and(|h| !text[..h.0].trim().is_empty()) {
        return None;
    }
    if out.is_empty() {
        return None;
    }
    Some(out)
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
pub fn read(blocks_in: &[Block], compiled: &Compiled) -> Reading {
    let mut reader = Reader::new(compiled);
    let mut table_blocks = vec![false; blocks_in.len()];
    let mut table_spans = vec![Vec::new(); blocks_in.len()];
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
                let token = Token { text: b.text.clone(), key, loc: b.loc.clone(), row: b.row, group: b.group, class, glued: false };
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
                    };
                    reader.feed(token);
                    continue;
                }
                // Inside a table, a line may be one row with spaces between its cells; otherwise a
                // paragraph may hold a whole table whose separators were lost.
                let row_line = if reader.reading_table() { explode_row_line(b, &compiled.glue_first, &compiled.anchors) } else { None };
                let line_mode = row_line.is_some();
                if let Some(pieces) = row_line.or_else(|| explode_glued(b, &compiled.glue_first, &compiled.anchors)) {
                    let mut locator = crate::ingest::SubLocator::new(&b.loc, &b.text);
                    if line_mode {
                        table_blocks[bi] = true;
                    }
                    for (s, e, class) in pieces {
                        let text = b.text[s..e].to_string();
                        if class != Class::Break && !line_mode {
                            table_spans[bi].push((s, e));
                        }
                        let token = Token {
                            key: label_key(&text),
                            loc: locator.at(s, e),
                            row: b.row,
                            group: b.group,
                            class,
                            glued: class == Class::Value && !line_mode,
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
    let (tables, findings) = reader.finish();
    Reading { tables, findings, table_blocks, table_spans }
}

fn dispatch_now(reader: &mut Reader, token: Token) {
    match token.class {
        Class::Label => reader.on_label(token),
        Class::Value => reader.on_value(token),
        Class::Empty => reader.on_empty(token),
        Class::Break => {
            reader.finish_pending();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LocationKind;

    fn tok(text: &str) -> Token {
        let loc = Location {
            kind: LocationKind::Text,
            element: None,
            start: 0,
            end: text.len(),
            u16_start: 0,
            u16_end: text.chars().count(),
            line: Some(1),
        };
        Token { text: text.into(), key: label_key(text), loc, row: 0, group: 0, class: Class::Value, glued: true }
    }

    fn split(texts: &[&str], n: usize, table: TableId) -> Option<Vec<String>> {
        let tokens: Vec<Token> = texts.iter().map(|t| tok(t)).collect();
        split_glued(&tokens, n, table).map(|v| v.into_iter().map(|p| p.0).collect())
    }

    #[test]
    fn glued_rows_split_only_when_the_arithmetic_allows_one_reading() {
        assert_eq!(split(&["713000074"], 7, TableId::Requests).unwrap(), ["71", "3", "0", "0", "0", "0", "74"]);
        // 33+0+…=33 and 3+30+…=33 both hold: ambiguous, so not split.
        assert_eq!(split(&["330000033"], 7, TableId::Requests), None);
        assert_eq!(split(&["200", "000121"], 7, TableId::Requests).unwrap(), ["20", "0", "0", "0", "0", "1", "21"]);
        assert_eq!(split(&["000"], 3, TableId::Active).unwrap(), ["0", "0", "0"]);
        assert_eq!(split(&["8855698"], 3, TableId::Active), None);
    }
}
