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
    /// The layout the input was read as (html, text, tsv, pdf-text, markdown, pdf, docx).
    pub layout: crate::ingest::Layout,
    /// Where a converter left a placeholder instead of a table (pandoc's `[TABLE]`).
    pub omitted_tables: Vec<Location>,
    /// Where reading stopped in an input too long to read whole (see `ingest::MAX_BLOCKS`).
    pub read_up_to: Option<Location>,
    pub title: Option<String>,
    pub title_location: Option<Location>,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub format: Option<Format>,
    /// The format was recognised from labels only it has (not inferred from the year).
    pub format_from_labels: bool,
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

    /// The paragraph a place lies in, by index.
    pub fn paragraph_at(&self, loc: &Location) -> Option<usize> {
        self.paragraphs.iter().position(|p| {
            let l = &p.location;
            l.kind == loc.kind && l.element == loc.element && l.start <= loc.start && loc.end <= l.end
        })
    }

    /// Where a place in the prose is, in words a reader of the published report can follow:
    /// 「五、存在的主要问题及改进情况」部分第2段 (the heading itself: 「五、存在的主要问题及改进情况」).
    pub fn prose_place(&self, loc: &Location) -> Option<String> {
        let p = self.paragraph_at(loc)?;
        // The last heading before the place: in an earlier paragraph, or earlier in this one
        // (text that lost its line breaks holds headings inside paragraphs).
        let heading = self
            .sections
            .iter()
            .filter_map(|s| self.paragraph_at(&s.location).map(|i| (i, s)))
            .filter(|(i, s)| *i < p || (*i == p && s.location.start <= loc.start))
            .max_by_key(|(i, s)| (*i, s.location.start));
        Some(match heading {
            Some((i, s)) if i == p && loc.end <= s.location.end => format!("「{}」", s.heading.trim()),
            Some((i, s)) if i == p => format!("「{}」部分", s.heading.trim()),
            Some((i, s)) => format!("「{}」部分第{}段", s.heading.trim(), p - i),
            None => format!("正文开头第{}段", p + 1),
        })
    }
}
