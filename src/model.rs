//! The report as read: the three tables with every cell addressed by official row path and
//! column, the prose, and what the checks found.

use crate::ingest::{InputKind, Location};
use crate::template::{Format, TableId, ValueKind};
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
    /// A reference to a cell for a finding.
    pub fn cell_ref(&self, path: &str, col: &str) -> CellRef {
        let cell = self.cell(path, col);
        CellRef {
            table: self.id,
            row: path.to_string(),
            col: col.to_string(),
            value: cell.and_then(|c| c.raw.clone()),
            expected: None,
            location: cell.and_then(|c| c.loc.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// A cell a finding involves.
#[derive(Debug, Clone)]
pub struct CellRef {
    pub table: TableId,
    pub row: String,
    pub col: String,
    /// The value as written; `null` when the cell is missing.
    pub value: Option<String>,
    /// What the cell should hold, when the finding knows.
    pub expected: Option<String>,
    pub location: Option<Location>,
}

impl CellRef {
    /// The line that says what to change, for people: 「…」行「…」列：写作「0」，应为1. Only for a
    /// cell that has an expected value.
    pub fn fix(&self) -> Option<String> {
        let expected = self.expected.as_deref()?;
        let col = if self.col.is_empty() { String::new() } else { format!("「{}」列", self.col) };
        let written = match self.value.as_deref().map(crate::normalize::shown) {
            None => "（缺失）".to_string(),
            Some(v) if v.is_empty() => "（空白）".to_string(),
            Some(v) => format!("「{v}」"),
        };
        Some(format!("{}「{}」行{col}：写作{written}，应为{expected}", self.table.title(), self.row))
    }

    pub fn expecting(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub cells: Vec<CellRef>,
    /// The text the finding is about (a label, a sentence), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// The main place to show; for cell findings, the first cell's place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Every place involved (both copies of a duplicate, every cell).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub text: String,
    pub location: Location,
    /// Index into `paragraphs`.
    pub paragraph: usize,
}

/// A section heading found in the prose.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// 1..=6
    pub number: u8,
    pub heading: String,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub text: String,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReportKind {
    #[serde(rename = "annual-report")]
    AnnualReport,
    #[serde(rename = "not-a-report")]
    NotAReport,
}

/// Everything known about one input.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: ReportKind,
    pub input: InputKind,
    pub title: Option<String>,
    pub title_location: Option<Location>,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub format: Option<Format>,
    pub tables: Vec<Table>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub findings: Vec<Finding>,
    /// HTML input: the number of elements in document order (see `Location`).
    pub element_count: Option<u32>,
}

impl Report {
    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id && t.found)
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("table", &self.table)?;
        m.serialize_entry("table_title", self.table.title())?;
        m.serialize_entry("row", &self.row)?;
        m.serialize_entry("col", &self.col)?;
        m.serialize_entry("value", &self.value)?;
        if let Some(e) = &self.expected {
            m.serialize_entry("expected", e)?;
        }
        if let Some(fix) = self.fix() {
            m.serialize_entry("fix", &fix)?;
        }
        if let Some(l) = &self.location {
            m.serialize_entry("location", l)?;
        }
        m.end()
    }
}
