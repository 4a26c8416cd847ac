//! S303 misspelled-label — 表头或行标签与模板文字不符.
//!
//! Basis: the tables' header and row labels are fixed by 国办公开办函〔2021〕30号 (〔2019〕60号 for
//! the 2019 and 2020 report years). A label close to a template label but not the same
//! ("本年度止件数" for "本年废止件数", a header cut short "结果" for "结果纠正") is reported with
//! the official wording; so is an unrecognised label where a row's values follow. Spaces, line
//! breaks, full/half width and punctuation are not differences.

use crate::document::Document;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};
use crate::normalize::shown;
use crate::reader::LabelKind;

pub const META: RuleMeta =
    RuleMeta { code: "S303", name: "misspelled-label", severity: Severity::Warning, scope: Scope::Table, summary: "表头或行标签与模板文字不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for label in document.observations.labels.iter().filter(|l| !l.exact) {
        let written = shown(&label.written);
        let message = match (label.kind, label.by_position) {
            (LabelKind::Header, _) => format!("表头「{written}」与模板不符，应为「{}」", label.expected),
            (LabelKind::Row, false) => format!("行标签「{written}」与模板不符，应为「{}」", label.expected),
            (LabelKind::Row, true) => format!("行标签「{written}」与模板不符，按位置应为「{}」", label.expected),
        };
        let mut f = META.finding(message).at(label.loc.clone());
        f.excerpt = Some(written.clone());
        f.facts = Facts { written: Some(written), expected: Some(label.expected.to_string()), ..Facts::default() };
        out.push(f);
    }
}
