//! The [`Document`]: everything read from one input and nothing judged — what the rules check.

use crate::ingest::{InputKind, Location};
use crate::model::{Paragraph, Period, Section, Sentence, Table};
use crate::reader::Observations;
use crate::template::{Format, TableId};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReportKind {
    #[serde(rename = "annual-report")]
    AnnualReport,
    #[serde(rename = "not-a-report")]
    NotAReport,
}

/// Whether the tables were read against the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablesRead {
    /// Read against the template of `Document::format`.
    Read,
    /// A report year before 2019: its tables follow older formats; none is checked.
    PredatesTemplate,
    /// No table of the 2019 or 2021 format was recognised (tables as pictures, or other forms).
    NoneRecognised,
}

/// One input as read: its title, year and format, the three tables with what the reader
/// observed while filling them, and the prose.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: ReportKind,
    pub input: InputKind,
    pub title: Option<String>,
    pub title_location: Option<Location>,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub format: Option<Format>,
    pub tables_read: TablesRead,
    /// The three tables; a table the report does not have is there with `found: false`.
    pub tables: Vec<Table>,
    /// What the reader saw while reading the tables (empty when they were not read).
    pub observations: Observations,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    /// HTML input: the number of elements in document order (see `Location`).
    pub element_count: Option<u32>,
}

impl Document {
    /// A table the report has.
    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id && t.found)
    }
}
