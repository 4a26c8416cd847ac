//! The pieces of a report as read: the three tables with every cell addressed by official row
//! path and column, and the prose (paragraphs, sentences, section headings, the period).

use crate::ingest::Location;
use crate::template::{TableId, ValueKind};
use crate::value::Value;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct Cell {
    pub col: &'static str,
    pub kind: ValueKind,
    /// The text as written; `None` when the report has no cell here.
    pub raw: Option<String>,
    pub value: Option<Value>,
    pub loc: Option<Location>,
    /// True when the value was recovered by splitting digits glued to their neighbours.
    pub inferred: bool,
}

impl Cell {
    /// The number this cell contributes to sums: blanks are 0; missing or text cells have none.
    pub fn amount(&self) -> Option<f64> {
        self.value.as_ref().and_then(Value::amount)
    }
    pub fn is_blank(&self) -> bool {
        matches!(self.value, Some(Value::Blank))
    }
    pub fn is_missing(&self) -> bool {
        self.raw.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub path: String,
    /// The row's label (or values) was found in the report.
    pub seen: bool,
    pub cells: Vec<Cell>,
    /// Where the row label is, when found.
    pub label_loc: Option<Location>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: TableId,
    /// The table's label cells were found in the report.
    pub found: bool,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn row(&self, path: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.path == path)
    }
    pub fn cell(&self, path: &str, col: &str) -> Option<&Cell> {
        self.row(path)?.cells.iter().find(|c| c.col == col)
    }
}

// The JSON objects' keys are in sorted order (as the contract has them): serialized fields are
// declared in that order.

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub location: Location,
    pub text: String,
    /// Its line breaks are soft (see `Block::soft_breaks`): they do not end a sentence.
    #[serde(skip)]
    pub soft_breaks: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub location: Location,
    /// Index into `paragraphs`.
    pub paragraph: usize,
    pub text: String,
    /// The comparison key (`normalize::label_key`), computed once for every prose rule.
    #[serde(skip)]
    pub key: String,
    /// Where `text` has a space for a soft line break of the input (byte offsets, ascending).
    #[serde(skip)]
    pub soft_breaks: Vec<usize>,
}

impl Sentence {
    /// The place of `text[from..to]` in the input, its line counting the soft line breaks
    /// before it.
    pub fn at(&self, from: usize, to: usize) -> crate::ingest::Location {
        let mut loc = self.location.sub(&self.text, from, to);
        let breaks = self.soft_breaks.iter().take_while(|&&b| b < from).count() as u32;
        loc.line = loc.line.map(|l| l + breaks);
        loc
    }
}

/// A section heading found in the prose.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub location: Location,
    /// 1..=6
    pub number: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub end_year: Option<i32>,
    pub location: Location,
    pub start_year: Option<i32>,
    pub text: String,
}
