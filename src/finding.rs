//! What a rule says about a report: a [`Finding`] with its severity, the cells and places it
//! involves and the facts behind it, and the [`RuleMeta`] every finding is made from. Below the
//! reader and the rules, so both the rules and the front-end outputs can use it and nothing
//! here knows any rule.

use crate::ingest::Location;
use crate::model::Table;
use crate::template::TableId;
use serde::Serialize;
use std::sync::Arc;

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
            other_cells: Vec::new(),
            related: Vec::new(),
            facts: Facts::default(),
            consequences: Vec::new(),
        }
    }
}

/// Another report than the one a finding belongs to: the earlier report of a pair checked by
/// the cross-year rules (`Y5xx`). Its cells and passages carry it, so a front end knows that
/// their locations index that report's input, not the finding's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRef {
    /// The name the earlier report was given (a path, or what the front end passed).
    pub file: String,
    pub title: Option<String>,
    pub year: Option<i32>,
}

impl ReportRef {
    /// How messages and places name the report: 「2024年度报告」, else its title or file.
    pub fn name(&self) -> String {
        match (&self.year, &self.title) {
            (Some(y), _) => format!("{y}年度报告"),
            (None, Some(t)) => format!("《{t}》"),
            (None, None) => format!("「{}」", self.file),
        }
    }
}

fn serialize_arc<S: serde::Serializer>(r: &Arc<ReportRef>, serializer: S) -> Result<S::Ok, S::Error> {
    r.as_ref().serialize(serializer)
}

/// A place in another report (see [`ReportRef`]): a cell or a passage of the earlier report.
/// (Fields in the JSON's sorted key order.)
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// The text there (a sentence, a value), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Where in that report's input (same meaning as every location, for that input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Where, in words: 「2024年度报告「五、存在的主要问题及改进情况」部分第2段」.
    pub place: String,
    #[serde(serialize_with = "serialize_arc")]
    pub report: Arc<ReportRef>,
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

#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    pub message: String,
    pub cells: Vec<CellRef>,
    /// The text the finding is about (a label, a sentence), as written.
    pub excerpt: Option<String>,
    /// The main place to show; for cell findings, the first cell's place.
    pub location: Option<Location>,
    /// Every place involved (both copies of a duplicate, every cell), in this report's input
    /// only.
    pub locations: Vec<Location>,
    /// Cells of another report (the earlier one of a pair), listed after `cells` in the JSON,
    /// each with its `report`.
    pub other_cells: Vec<(Arc<ReportRef>, CellRef)>,
    /// Places in another report (the earlier one of a pair): its cells and passages.
    pub related: Vec<Related>,
    /// The facts behind the message, as data (tests and tools read these, not the Chinese).
    pub facts: Facts,
    /// The relations that fail because of the one cell this finding names: consequences of one
    /// mistake, reported inside its finding rather than as findings of their own.
    pub consequences: Vec<Consequence>,
}

/// A relation that fails because of a finding's cell: its code, its name and the relation in
/// the printed labels with the values as written. (Fields in the JSON's sorted key order.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consequence {
    pub code: &'static str,
    pub message: String,
    pub rule: &'static str,
}

/// What a finding states, field by field. Every field is optional: each rule fills what it
/// knows. (Serialized flat into the finding's object.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The value or label as written where the finding points (trimmed; "" for a blank).
    pub written: Option<String>,
    /// What the template or the arithmetic asks for there.
    pub expected: Option<String>,
    /// A sum relation's total side, as written (blank counted as 0).
    pub total: Option<f64>,
    /// A sum relation's parts side: the sum of the parts.
    pub parts_sum: Option<f64>,
}

impl Finding {
    /// Places the finding at `loc` (its main place and its only one).
    pub fn at(mut self, loc: Location) -> Self {
        self.location = Some(loc.clone());
        self.locations = vec![loc];
        self
    }

    /// Cites a cell of another report (the earlier one of a pair): listed with the cells, and
    /// its place among `related`.
    pub fn with_other_cell(mut self, report: &Arc<ReportRef>, cell: CellRef) -> Self {
        self.related.push(Related {
            report: report.clone(),
            place: format!("{}{}", report.name(), cell.place()),
            excerpt: cell.value.clone(),
            location: cell.location.clone(),
        });
        self.other_cells.push((report.clone(), cell));
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

impl CellRef {
    /// The cell as JSON (keys in sorted order, as every object of the contract); a cell of
    /// another report (`report`) says which, and its place names it.
    fn serialize_in<S: serde::Serializer>(&self, report: Option<&ReportRef>, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("col", &self.col)?;
        if let Some(e) = &self.expected {
            m.serialize_entry("expected", e)?;
        }
        if let Some(fix) = self.fix() {
            m.serialize_entry("fix", &fix)?;
        }
        if let Some(l) = &self.location {
            m.serialize_entry("location", l)?;
        }
        match report {
            None => m.serialize_entry("place", &self.place())?,
            Some(r) => {
                m.serialize_entry("place", &format!("{}{}", r.name(), self.place()))?;
                m.serialize_entry("report", r)?;
            }
        }
        m.serialize_entry("row", &self.row)?;
        m.serialize_entry("table", &self.table)?;
        m.serialize_entry("table_title", self.table.title())?;
        m.serialize_entry("value", &self.value)?;
        m.end()
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_in(None, serializer)
    }
}

/// A cell of another report, serialized with its `report`.
struct OtherCell<'a>(&'a ReportRef, &'a CellRef);

impl Serialize for OtherCell<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.1.serialize_in(Some(self.0), serializer)
    }
}

/// The finding's cells and then the other report's, as one JSON array.
struct AllCells<'a>(&'a Finding);

impl Serialize for AllCells<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let f = self.0;
        let mut seq = serializer.serialize_seq(Some(f.cells.len() + f.other_cells.len()))?;
        for c in &f.cells {
            seq.serialize_element(c)?;
        }
        for (r, c) in &f.other_cells {
            seq.serialize_element(&OtherCell(r, c))?;
        }
        seq.end()
    }
}

impl Finding {
    /// The finding as JSON, with its `place` in words when given (the output adds it: it takes
    /// the document). Keys in sorted order, as every object of the contract.
    pub fn serialize_with_place<S: serde::Serializer>(&self, place: Option<&str>, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let facts = &self.facts;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("cells", &AllCells(self))?;
        m.serialize_entry("code", self.code)?;
        if !self.consequences.is_empty() {
            m.serialize_entry("consequences", &self.consequences)?;
        }
        if let Some(e) = &self.excerpt {
            m.serialize_entry("excerpt", e)?;
        }
        if let Some(e) = &facts.expected {
            m.serialize_entry("expected", e)?;
        }
        if let Some(l) = &self.location {
            m.serialize_entry("location", l)?;
        }
        if !self.locations.is_empty() {
            m.serialize_entry("locations", &self.locations)?;
        }
        m.serialize_entry("message", &self.message)?;
        if let Some(p) = &facts.parts_sum {
            m.serialize_entry("parts_sum", p)?;
        }
        if let Some(p) = place {
            m.serialize_entry("place", p)?;
        }
        if !self.related.is_empty() {
            m.serialize_entry("related", &self.related)?;
        }
        m.serialize_entry("rule", self.rule)?;
        m.serialize_entry("scope", &self.scope)?;
        m.serialize_entry("severity", &self.severity)?;
        if let Some(t) = &facts.total {
            m.serialize_entry("total", t)?;
        }
        if let Some(w) = &facts.written {
            m.serialize_entry("written", w)?;
        }
        m.end()
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with_place(None, serializer)
    }
}
