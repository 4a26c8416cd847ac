//! Reading confidence: a table that text extraction has shredded is said once, not blamed.
//!
//! Text out of a PDF reader or typed/pasted text has no table structure of its own: the reader
//! rebuilds it from the template's labels. Where that went wrong, the rules see its traces as
//! short rows, extra cells, unknown or missing labels, missing rows (and, out of a PDF reader,
//! misspelled labels and odd number formats) —
//! dozens of findings that are facts about the extraction, not about the report. When one table
//! of such an input shows [`DOUBT_THRESHOLD`] or more of these traces ([`PDF_DOUBT_THRESHOLD`] out
//! of a PDF reader, whose rows shift most easily: the label pieces its pages wrap onto a row's line
//! are no longer traces, so what is left of them tells more), its findings are replaced
//! by one S311 finding on that table: which table, what was seen, and that its figures were not
//! checked — a note (提示): it says what was not checked, and that the text, not the report,
//! is the cause. HTML pages, Markdown, Word files and PDF files (positioned text) keep their table
//! structure, so nothing is withheld for them.

use super::s311_tables_unread::{note, META as S311};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::ingest::Layout;
use crate::template::TableId;

/// Traces of a misread table in one input, at or above which the table is not judged.
pub const DOUBT_THRESHOLD: usize = 3;
/// The same for text out of a PDF reader, whose rows shift more easily.
pub const PDF_DOUBT_THRESHOLD: usize = 2;

/// The codes whose findings are traces of how a table was read, with what each says in words.
/// Glued digits (V204) are not: the reader knows what happened and says so. Nor is a label
/// that differs from the template (S303): a truncated header row is the report's own fault, in
/// any layout. A number's form (V203) is only doubtful in text out of a PDF reader.
fn trace(f: &Finding, layout: Layout) -> Option<&'static str> {
    match f.code {
        "S301" => Some("行缺少单元格"),
        // A row short of values whose blanks could be anywhere (its values were not placed).
        "S311" if f.cells.first().is_some_and(|c| c.col.is_empty()) => Some("行未找到"),
        "S311" if !f.cells.is_empty() => Some("行缺少单元格"),
        "S302" => Some("行多出单元格"),
        "S304" => Some("个标签缺失"),
        "S305" => Some("个标签无法识别"),
        "S307" => Some("行未找到"),
        "V203" if layout == Layout::PdfText => Some("个数字格式异常"),
        _ => None,
    }
}

/// Where each table's material ends in the input (byte offsets), in input order: its cells, its
/// labels and the values read for its rows (a row whose values were not placed has no cells).
fn table_ends(document: &Document) -> Vec<(usize, TableId)> {
    let seen = &document.observations;
    let mut ends: Vec<(usize, TableId)> = document
        .tables
        .iter()
        .filter(|t| t.found)
        .filter_map(|t| {
            let cells = t.rows.iter().flat_map(|r| &r.cells).filter_map(|c| c.loc.as_ref());
            let labels = seen.labels.iter().filter(|l| l.table == t.id).map(|l| &l.loc);
            let values = seen.rows.iter().filter(|r| r.table == t.id).flat_map(|r| r.written.iter().map(|w| &w.1));
            cells.chain(labels).chain(values).map(|l| l.end).max().map(|e| (e, t.id))
        })
        .collect();
    crate::sort::ascending(&mut ends[..]);
    ends
}

/// The table a finding is about: its cells', else the table its message names, else the table
/// whose cells come next after its place (a header label stands before its table's values).
fn table_of(f: &Finding, ends: &[(usize, TableId)]) -> Option<TableId> {
    if let Some(c) = f.cells.first() {
        return Some(c.table);
    }
    if let Some(id) = TableId::ALL.into_iter().find(|id| f.message.contains(id.title())) {
        return Some(id);
    }
    let at = f.location.as_ref()?.start;
    ends.iter().find(|(end, _)| *end >= at).map(|(_, id)| *id).or_else(|| {
        // After the last located cell: the next table in the template's order, whose cells
        // were not located (a table of blanks, or one not read at all); after the last table,
        // that table (header pieces after its last label).
        let last = ends.iter().map(|(_, id)| *id).max_by_key(|id| TableId::ALL.iter().position(|x| x == id))?;
        let i = TableId::ALL.iter().position(|x| *x == last)?;
        TableId::ALL.get(i + 1).copied().or(Some(last))
    })
}

/// True for a finding that judges a table's content, or compares prose with it. A section
/// heading's findings (S308, S309) do not, even where the heading stands next to a doubtful
/// table (「四、…行政复议、行政诉讼情况」 heads 表四): they are kept.
fn judges_table(f: &Finding) -> bool {
    (matches!(&f.code[..2], "S3" | "T1" | "V2") && !matches!(f.code, "S308" | "S309")) || (f.code.starts_with("P41") && !f.cells.is_empty())
}

/// Replaces the findings of each doubtful table by one S311 finding.
pub fn gate(document: &Document, out: &mut Vec<Finding>) {
    if !matches!(document.layout, Layout::Text | Layout::PdfText | Layout::Tsv) {
        return;
    }
    let ends = table_ends(document);
    let owner: Vec<Option<TableId>> = out.iter().map(|f| table_of(f, &ends)).collect();
    let of_table = |id: TableId| out.iter().zip(&owner).filter(move |(_, o)| **o == Some(id)).map(|(f, _)| f);
    let source = match document.layout {
        Layout::PdfText => "从 PDF 提取的文字",
        Layout::Tsv => "复制的表格",
        _ => "文字",
    };
    let (mut doubtful, mut notes) = (Vec::new(), Vec::new());
    for id in TableId::ALL {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for words in of_table(id).filter_map(|f| trace(f, document.layout)) {
            match counts.iter_mut().find(|(w, _)| *w == words) {
                Some((_, c)) => *c += 1,
                None => counts.push((words, 1)),
            }
        }
        let threshold = if document.layout == Layout::PdfText { PDF_DOUBT_THRESHOLD } else { DOUBT_THRESHOLD };
        if counts.iter().map(|(_, n)| n).sum::<usize>() < threshold {
            continue;
        }
        let judged: Vec<&Finding> = of_table(id).filter(|f| judges_table(f)).collect();
        let first_place = judged.iter().find_map(|f| f.cells.iter().find_map(|c| c.location.clone()).or_else(|| f.location.clone()));
        // Errors and warnings, and the rows not checked (S311 notes): what a reader would miss.
        let withheld = judged.iter().filter(|f| f.severity >= Severity::Warning || f.code == S311.code).count();
        let seen: Vec<String> = counts.iter().map(|(w, n)| format!("{n}{w}")).collect();
        let mut f = note(format!(
            "「{}」表未能可靠读取：按模板读到{}，多半是{}丢失了表格结构，不是报告本身的问题。该表的数字和勾稽关系未核对（{}条相关提示未列出）；请用原文件（网页、Word 或 PDF 文件）检查",
            id.title(),
            seen.join("、"),
            source,
            withheld
        ));
        f.excerpt = Some(id.title().to_string());
        if let Some(loc) = first_place {
            f = f.at(loc);
        }
        doubtful.push(id);
        notes.push(f);
    }
    let mut owners = owner.iter();
    out.retain(|f| !(owners.next().copied().flatten().is_some_and(|o| doubtful.contains(&o)) && judges_table(f)));
    out.extend(notes);
}
