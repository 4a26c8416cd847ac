//! S309 section-order — 章节标题顺序与规定不符.
//!
//! Basis: 国办公开办函〔2021〕30号 fixes the order of the six sections (一 to 六). A heading that
//! comes after a later one is named with the one it follows.

use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "S309", name: "section-order", severity: Severity::Warning, scope: Scope::Document, summary: "章节标题顺序与规定不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if document.format.is_none() {
        return;
    }
    let mut last: Option<&crate::model::Section> = None;
    for s in &document.sections {
        if let Some(prev) = last {
            if s.number < prev.number {
                let mut f = META.finding(format!("章节「{}」出现在「{}」之后，顺序与规定不符", s.heading, prev.heading));
                f.excerpt = Some(s.heading.clone());
                f.location = Some(s.location.clone());
                f.locations = vec![s.location.clone()];
                out.push(f);
            }
        }
        last = Some(s);
    }
}
