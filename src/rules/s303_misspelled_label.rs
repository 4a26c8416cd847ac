//! S303 misspelled-label — 表头或行标签与模板文字不符.
//!
//! Basis: the tables' header and row labels are fixed by 国办公开办函〔2021〕30号 (〔2019〕60号 for
//! the 2019 and 2020 report years). A label close to a template label but not the same
//! ("本年度止件数" for "本年废止件数", a header cut short "结果" for "结果纠正") is reported with
//! the official wording; so is an unrecognised label where a row's values follow. Spaces, line
//! breaks, full/half width and punctuation are not differences. A header printed vertically, a
//! character a line, comes out of a PDF reader as single characters: when they are all the
//! template's but fewer, the header row was printed short, and that is said once for the table.

use crate::document::Document;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};
use crate::normalize::shown;
use crate::reader::{LabelKind, LabelSeen};
use crate::template::printed;

pub const META: RuleMeta =
    RuleMeta { code: "S303", name: "misspelled-label", severity: Severity::Warning, scope: Scope::Table, summary: "表头或行标签与模板文字不符" };

/// A header row: its table and line.
type HeaderRow = (crate::template::TableId, Option<u32>);

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    // Header labels of one table on one line (one header row) are one finding: a row cut short
    // is one mistake however many labels it truncates.
    let mut header_rows: Vec<(HeaderRow, Vec<&LabelSeen>)> = Vec::new();
    for label in document.observations.labels.iter().filter(|l| !l.exact) {
        if label.kind == LabelKind::Header {
            // One finding per table: a header row is one line of text but several lines (or
            // none) in other layouts, and the same report must read the same in each.
            let key = (label.table, None::<u32>);
            match header_rows.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(label),
                None => header_rows.push((key, vec![label])),
            }
            continue;
        }
        let written = shown(&label.written);
        let message = if label.by_position {
            format!("行标签「{written}」与模板不符，按位置应为「{}」", printed(label.expected))
        } else {
            format!("行标签「{written}」与模板不符，应为「{}」", printed(label.expected))
        };
        let mut f = META.finding(message).at(label.loc.clone());
        f.excerpt = Some(written.clone());
        f.facts = Facts { written: Some(written), expected: Some(label.expected.to_string()), ..Facts::default() };
        out.push(f);
    }
    // A header printed a character a line and read back from its pieces (text out of a PDF
    // reader): its characters are the template's, but fewer. Which header lacks which cannot be
    // told from single characters.
    for short in &document.observations.short_headers {
        out.push(
            META.finding(format!(
                "「{}」表的表头竖排、逐字读出，读到的字都是模板表头的字，但比模板少：表头可能写得不全，请与模板核对",
                short.table.title()
            ))
            .at(short.loc.clone()),
        );
    }
    for ((table, _), labels) in header_rows {
        let written: Vec<String> = labels.iter().map(|l| shown(&l.written)).collect();
        let expected: Vec<&str> = labels.iter().map(|l| l.expected).collect();
        let message = match labels.as_slice() {
            [one] => format!("表头「{}」与模板不符，应为「{}」", written[0], printed(one.expected)),
            _ => {
                let pairs: Vec<String> = written.iter().zip(&expected).map(|(w, e)| format!("「{w}」应为「{}」", printed(e))).collect();
                format!("「{}」表的表头有{}处与模板不符：{}", table.title(), labels.len(), pairs.join("；"))
            }
        };
        let mut f = META.finding(message).at(labels[0].loc.clone());
        f.locations = labels.iter().map(|l| l.loc.clone()).collect();
        f.excerpt = Some(written[0].clone());
        f.facts = Facts { written: Some(written.join("、")), expected: Some(expected.join("、")), ..Facts::default() };
        out.push(f);
    }
}
