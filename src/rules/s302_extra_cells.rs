//! S302 extra-cells — 表格行的单元格数多于模板.
//!
//! Basis: 国办公开办函〔2021〕30号 fixes how many cells each row has. Values beyond them (a
//! stray number, a note typed into the table) are not counted in any sum; they are named so
//! the clerk can remove them or move them where they belong.

use crate::document::Document;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};
use crate::template::quoted_row;

pub const META: RuleMeta = RuleMeta { code: "S302", name: "extra-cells", severity: Severity::Warning, scope: Scope::Table, summary: "表格行的单元格数多于模板" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for row in document.observations.rows.iter().filter(|r| r.written.len() > r.columns.len()) {
        let (n, k) = (row.columns.len(), row.written.len());
        let extra: Vec<&str> = row.written[n..].iter().map(|w| w.0.as_str()).collect();
        let mut f = META.finding(format!("{}应有{n}个数值，读到{k}个；多出的「{}」未计入", quoted_row(row.table, &row.path), extra.join("」「")));
        f.excerpt = Some(extra.join(" "));
        f.locations = row.written[n..].iter().map(|w| w.1.clone()).collect();
        f.location = f.locations.first().cloned();
        f.facts = Facts { written: Some(k.to_string()), expected: Some(n.to_string()), ..Facts::default() };
        out.push(f);
    }
}
