//! S311 tables-unread — 未识别到统计表格，统计表未核对.
//!
//! Basis: a report of the 2019 or 2021 format has three tables (国办公开办函〔2021〕30号). When
//! none of them could be recognised (tables published as pictures, or in some other form),
//! this is said once, so that no one reads the absence of table findings as a pass. So is a
//! table a converter left out of the text (pandoc writes `[TABLE]` for a table it cannot
//! write as Markdown): the tables not in the input are named, and were not checked. And so is
//! a table of text out of a PDF reader, or typed or copied text, whose reading shows many traces
//! of lost structure (see `rules::confidence`): one finding on it instead of a cascade. And so
//! is a row of such text with fewer values than cells: a blank cell leaves no trace where cells
//! are separated by spaces only, so which of its cells are blank is not known and its values
//! were not placed (what a page or a Word file writes as a short row, a PDF prints as blanks).
//! So is 表四's row (it has no label) when no value of it was read from such text: a row of
//! blanks leaves no trace at all.
//!
//! Severity: 警告 only when no table was recognised at all (the tables may be missing from the
//! report). Every other S311 finding is a 提示 (info), whatever the input: what it says is
//! about the input's form — a converter's placeholder, text whose blank cells leave no trace, a
//! table shredded by text extraction — not probably a fault of the report, and it says which
//! table or row was not checked. (A Word file or an HTML page keeps its cells: a short row there
//! is S301, an error.)

use crate::document::{Document, TablesRead};
use crate::finding::{CellRef, Finding, RuleMeta, Scope, Severity};
use crate::ingest::Layout;
use crate::template::{quoted_row, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "S311", name: "tables-unread", severity: Severity::Warning, scope: Scope::Document, summary: "未识别到统计表格，统计表未核对" };

/// A finding about what the input's form kept from being checked: a note, not a fault.
pub fn note(message: String) -> Finding {
    let mut f = META.finding(message);
    f.severity = Severity::Info;
    f
}

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if let Some(first) = document.omitted_tables.first() {
        let missing: Vec<String> =
            TableId::ALL.iter().filter(|&&id| document.table(id).is_none()).map(|id| format!("「{}」表", id.title())).collect();
        let n = document.omitted_tables.len();
        let what = if missing.is_empty() { String::new() } else { format!("：{}未核对", missing.join("、")) };
        out.push(
            note(format!(
                "输入中有{n}处表格被转换工具换成了占位符「[TABLE]」，表格内容不在输入中{what}。请用原文件（网页、PDF 或 Word）检查"
            ))
            .at(first.clone()),
        );
        return;
    }
    let source = match document.layout {
        Layout::PdfText => "从 PDF 提取的文字",
        Layout::Tsv => "复制的表格",
        _ => "文字",
    };
    for row in document.observations.rows.iter().filter(|r| r.glued.is_none() && r.blanks_untraced && r.written.len() < r.columns.len()) {
        let Some(table) = document.table(row.table) else { continue };
        let (n, k) = (row.columns.len(), row.written.len());
        let values: Vec<&str> = row.written.iter().map(|w| w.0.trim()).collect();
        let mut f = note(format!(
            "{}应有{n}个数值，只读到{k}个（{}）：{source}中空白的单元格不留痕迹，无法确定哪几列空白，该行数值未核对；请用原文件（网页、Word 或 PDF 文件）检查",
            quoted_row(row.table, &row.path),
            values.join("、")
        ));
        f.cells = row.columns.iter().map(|c| CellRef::of(table, &row.path, c)).collect();
        f.excerpt = Some(values.join(" "));
        // The values are where they were read; the cells have no place of their own.
        f.locations = row.written.iter().map(|w| w.1.clone()).collect();
        f.location = f.locations.first().cloned();
        out.push(f);
    }
    for row in document.observations.missing_rows.iter().filter(|r| r.blanks_untraced) {
        let mut f = note(format!(
            "「{}」表只读到表头，未读到数据行：{source}中空白的单元格不留痕迹，数据行可能全部空白，也可能缺失，该表未核对；请用原文件（网页、Word 或 PDF 文件）检查",
            row.table.title()
        ));
        f.cells.push(CellRef::row(row.table, &row.path));
        f.excerpt = Some(row.table.title().to_string());
        // At the end of its header, where the row belongs.
        f.location = document.observations.labels.iter().rev().find(|l| l.table == row.table).map(|l| l.loc.clone());
        out.push(f);
    }
    if document.tables_read == TablesRead::NoneRecognised {
        out.push(META.finding(
            "未识别到任何统计表格（表格可能是图片，或不是2019版、2021版格式），统计表未核对".to_string(),
        ));
    }
}
