//! S313 input-cut — 输入过长，只读取并检查了开头部分.
//!
//! Basis: no rule of the template; a fact about what was checked. A report has a few thousand
//! paragraphs, lines and table cells (a 500-page PDF's text some 25,000 lines); an input with
//! more than 50,000 (`ingest::MAX_BLOCKS`) is no report as a whole — a site's whole column, a
//! log, a spreadsheet export — and reading all of it would only cost memory. Reading stops there,
//! and this says where, so that no one takes the part not read for checked. The finding points
//! at the first piece not read.

use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "S313", name: "input-cut", severity: Severity::Warning, scope: Scope::Document, summary: "输入过长，只读取并检查了开头部分" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if let Some(at) = &document.read_up_to {
        // The finding's place is shown with it: the message says "此处".
        out.push(META.finding(message("此处起")).at(at.clone()));
    }
}

/// What to tell the user of an input cut at `at` when no finding is shown (an input that, in
/// the part read, is no report): the place is in the message.
pub fn cut_message(at: &crate::ingest::Location) -> String {
    message(&at.line.map(|l| format!("第{l}行起")).unwrap_or_else(|| "其后".to_string()))
}

fn message(from: &str) -> String {
    format!("输入过长：只读取了前{}个段落、行或表格单元格，{from}的内容没有读取，也没有检查。请只打开或粘贴年度报告本身", crate::ingest::MAX_BLOCKS)
}
