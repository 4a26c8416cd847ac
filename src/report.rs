//! The pipeline, top to bottom: ingest → read the tables → extract the prose facts →
//! [`Document`] → run the rules → [`Report`].

use crate::document::{Document, ReportKind, TablesRead};
use crate::extract::{format, period, prose, title};
use crate::finding::Finding;
use crate::ingest::{self, Ingested, InputKind};
use crate::reader;
use crate::template::Format;

/// A document and what the rules found in it: the output of a check.
#[derive(Debug, Clone)]
pub struct Report {
    pub document: Document,
    pub findings: Vec<Finding>,
}

/// Checks a report given as text (HTML or plain).
pub fn check_str(text: &str, input: InputKind) -> Report {
    check_ingested(&ingest::ingest(text, input), input)
}

/// Checks already-ingested blocks (a DOM sent as events arrives this way).
pub fn check_ingested(ingested: &Ingested, input: InputKind) -> Report {
    let document = read_document(ingested, input);
    let findings = crate::rules::run(&document);
    Report { document, findings }
}

/// Reads everything the rules need, judging nothing.
pub fn read_document(ingested: &Ingested, input: InputKind) -> Document {
    let blocks = &ingested.blocks;
    let heading = title::find_title(blocks, ingested.html_title.as_deref());
    let period = period::find_period(blocks);
    let year = period::report_year(heading.title.as_deref(), period.as_ref(), blocks);
    let (format, format_from_labels) = format::detect_format(blocks, year);

    let reading = reader::read(blocks, format.unwrap_or(Format::V2021));
    let paragraphs = prose::paragraphs(blocks, &reading.table_blocks, &reading.table_spans);
    let sections = prose::find_sections(&paragraphs);
    let title_lines = heading.location.as_ref().map(|l| (l, heading.lines));
    let sentences = prose::split_sentences(&paragraphs, &prose::wrapped_lines(&paragraphs, ingested.layout, title_lines));

    let any_table = reading.tables.iter().any(|t| t.found);
    let kind = if looks_like_report(heading.title.as_deref(), &sections, &paragraphs, any_table)
        && !is_list_of_reports(heading.candidates, &sections, any_table)
    {
        ReportKind::AnnualReport
    } else {
        ReportKind::NotAReport
    };
    // Tables read against a template the report does not follow are not its tables.
    let tables_read = match (any_table, format) {
        (true, Some(_)) => TablesRead::Read,
        _ if year.is_some_and(|y| y < 2019) => TablesRead::PredatesTemplate,
        _ => TablesRead::NoneRecognised,
    };
    let (mut tables, observations) = (reading.tables, reading.observations);
    let observations = if tables_read == TablesRead::Read {
        observations
    } else {
        tables.iter_mut().for_each(|t| t.found = false);
        Default::default()
    };
    let mut document = Document {
        kind,
        input,
        layout: ingested.layout,
        omitted_tables: ingested.omitted_tables.clone(),
        read_up_to: ingested.read_up_to.clone(),
        title: heading.title,
        title_location: heading.location,
        issuer: heading.issuer,
        year,
        period,
        // Only a report follows a template.
        format: format.filter(|_| kind == ReportKind::AnnualReport),
        format_from_labels,
        tables_read,
        tables,
        observations,
        sections,
        paragraphs,
        sentences,
        element_count: ingested.element_count,
    };
    // The prose's figures choose between the readings of glued rows no relation decides.
    crate::glued::narrow_by_prose(&mut document);
    document
}

/// A column of reports (a 年报 list page) names several reports and has no report's sections
/// or tables of its own.
fn is_list_of_reports(title_candidates: usize, sections: &[crate::model::Section], any_table: bool) -> bool {
    title_candidates >= 3 && sections.len() < 2 && !any_table
}

/// A title alone is not enough: pages that only wrap the report (in an iframe, or as a link)
/// repeat its title too. With a title, some prose of its own is required.
fn looks_like_report(
    title: Option<&str>,
    sections: &[crate::model::Section],
    paragraphs: &[crate::model::Paragraph],
    any_table: bool,
) -> bool {
    let prose_chars: usize = paragraphs.iter().map(|p| p.text.chars().count()).sum();
    sections.len() >= 2 || any_table || (title.is_some_and(|t| t.contains("信息公开") && t.contains("报告")) && prose_chars >= 300)
}
