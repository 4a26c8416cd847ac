//! What a rule says about a report: a [`Finding`] with its severity, the cells and places it
//! involves and the facts behind it, and the [`RuleMeta`] every finding is made from. Below the
//! reader and the rules, so both the rules and the front-end outputs can use it and nothing
//! here knows any rule.

use crate::ingest::Location;
use crate::model::Table;
use crate::template::TableId;
use serde::Serialize;

/// Metadata of a rule, apart from its check (as axe-core keeps them). A finding's severity is
/// always its rule's.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Where the rule's findings lie, so front ends know how to mark them.
    pub scope: Scope,
    /// One line in Chinese for users.
    pub summary: &'static str,
}

/// Where a rule's findings lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Cells and labels of the three tables.
    Table,
    /// Sentences and clauses of the prose (marked as ranges of text).
    Prose,
    /// The document as a whole: section headings, a missing table, what was not checked.
    Document,
}

impl RuleMeta {
    pub fn finding(&self, message: String) -> Finding {
        Finding {
            code: self.code,
            rule: self.name,
            severity: self.severity,
            scope: self.scope,
            message,
            cells: Vec::new(),
            excerpt: None,
            location: None,
            locations: Vec::new(),
            facts: Facts::default(),
            consequences: Vec::new(),
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
    /// The cell at `path` × `col` of `table`, as the report has it (value and place).
    pub fn of(table: &Table, path: &str, col: &str) -> CellRef {
        let cell = table.cell(path, col);
        CellRef {
            table: table.id,
            row: path.to_string(),
            col: col.to_string(),
            value: cell.and_then(|c| c.raw.clone()),
            expected: None,
            location: cell.and_then(|c| c.loc.clone()),
        }
    }

    /// A row of `table` as a whole (no column), for findings about a row.
    pub fn row(table: TableId, path: &str) -> CellRef {
        CellRef { table, row: path.to_string(), col: String::new(), value: None, expected: None, location: None }
    }

    /// The line that says what to change, for people: 「…」行「…」列：写作「0」，应为1. Only for a
    /// cell that has an expected value.
    pub fn fix(&self) -> Option<String> {
        let expected = self.expected.as_deref()?;
        let written = match self.value.as_deref().map(crate::normalize::shown) {
            None => "（缺失）".to_string(),
            Some(v) if v.is_empty() => "（空白）".to_string(),
            Some(v) => format!("「{v}」"),
        };
        Some(format!("{}：写作{written}，应为{expected}", self.place()))
    }

    /// Where the cell is, in the words of the printed table:
    /// 「收到和处理政府信息公开申请情况」表「（七）总计」行「自然人」列.
    pub fn place(&self) -> String {
        use crate::template::{printed_col, printed_row};
        let row = printed_row(&self.row);
        let row = if row.is_empty() { String::new() } else { format!("「{row}」行") };
        let col = if self.col.is_empty() { String::new() } else { format!("「{}」列", printed_col(&self.col)) };
        format!("「{}」表{row}{col}", self.table.title())
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
    pub scope: Scope,
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
    /// The facts behind the message, as data (tests and tools read these, not the Chinese).
    #[serde(flatten)]
    pub facts: Facts,
    /// The relations that fail because of the one cell this finding names: consequences of one
    /// mistake, reported inside its finding rather than as findings of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<Consequence>,
}

/// A relation that fails because of a finding's cell: its code, its name and the relation in
/// the printed labels with the values as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consequence {
    pub code: &'static str,
    pub rule: &'static str,
    pub message: String,
}

/// What a finding states, field by field. Every field is optional: each rule fills what it
/// knows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    /// The value or label as written where the finding points (trimmed; "" for a blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// What the template or the arithmetic asks for there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// A sum relation's total side, as written (blank counted as 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// A sum relation's parts side: the sum of the parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts_sum: Option<f64>,
}

impl Finding {
    /// Places the finding at `loc` (its main place and its only one).
    pub fn at(mut self, loc: Location) -> Self {
        self.location = Some(loc.clone());
        self.locations = vec![loc];
        self
    }

    /// Fills in `location` (first located cell) and `locations` (all cells) from the cells.
    pub fn locate_cells(mut self) -> Self {
        for c in &self.cells {
            if let Some(l) = &c.location {
                if !self.locations.contains(l) {
                    self.locations.push(l.clone());
                }
            }
        }
        if self.location.is_none() {
            self.location = self.locations.first().cloned();
        }
        self
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
        m.serialize_entry("place", &self.place())?;
        if let Some(fix) = self.fix() {
            m.serialize_entry("fix", &fix)?;
        }
        if let Some(l) = &self.location {
            m.serialize_entry("location", l)?;
        }
        m.end()
    }
}
