//! S304 missing-label — 缺少表头或行标签.
//!
//! Basis: every row and header of the template carries its label (国办公开办函〔2021〕30号). A row
//! whose label cell is empty is read by position (the values after it belong to the next row
//! of the template) and the missing label is named; so are the header labels of a table part
//! whose rows were read but whose header was not there.

use crate::document::Document;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};
use crate::normalize::shown;

pub const META: RuleMeta = RuleMeta { code: "S304", name: "missing-label", severity: Severity::Warning, scope: Scope::Table, summary: "缺少表头或行标签" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let seen = &document.observations;
    for row in &seen.unlabelled_rows {
        let mut f = META.finding(format!("缺少行标签「{}」，其后的数值按位置读入该行", row.expected));
        if let Some((text, loc)) = &row.at {
            f = f.at(loc.clone());
            f.excerpt = Some(shown(text));
        }
        f.facts = Facts { written: Some(String::new()), expected: Some(row.expected.to_string()), ..Facts::default() };
        out.push(f);
    }
    for missing in &seen.missing_headers {
        let whose = if missing.part.is_empty() { missing.table.title().to_string() } else { format!("{}·{}", missing.table.title(), missing.part) };
        let mut f = META.finding(format!("「{whose}」缺少表头「{}」", missing.labels.join("」「")));
        f.facts = Facts { expected: Some(missing.labels.join("、")), ..Facts::default() };
        out.push(f);
    }
}
