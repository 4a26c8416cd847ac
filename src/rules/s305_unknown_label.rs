//! S305 unknown-label — 表格中有模板之外的标签.
//!
//! Basis: the tables have only the labels of 国办公开办函〔2021〕30号 (〔2019〕60号 for 2019–2020).
//! A word inside a table header that is no template label, nor close to one, is named: it is
//! either text that does not belong there or a label too garbled to recognise.

use crate::document::Document;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};
use crate::normalize::shown;

pub const META: RuleMeta = RuleMeta { code: "S305", name: "unknown-label", severity: Severity::Warning, scope: Scope::Table, summary: "表格中有模板之外的标签" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for label in &document.observations.unknown_labels {
        let written = shown(&label.written);
        let mut f = META.finding(format!("无法识别的表头「{written}」")).at(label.loc.clone());
        f.excerpt = Some(written.clone());
        f.facts = Facts { written: Some(written), ..Facts::default() };
        out.push(f);
    }
}
