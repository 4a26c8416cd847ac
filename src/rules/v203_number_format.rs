//! V203 number-format — 数量单元格应为非负整数.
//!
//! Basis: the template's cells are counts of documents, decisions and applications (non-negative
//! integers); 本年收费金额 and 采购总金额 are amounts and may be decimal; the 2019 format's
//! 本年增/减 may be negative. A number written with its unit ("3件") is read as that number.

use crate::document::Document;
use crate::finding::{Scope, CellRef, Facts, Finding, RuleMeta, Severity};
use crate::template::{printed_col, quoted_row, ValueKind};
use crate::value::Value;

pub const META: RuleMeta =
    RuleMeta { code: "V203", name: "number-format", severity: Severity::Error, scope: Scope::Table, summary: "数量单元格应为非负整数" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for table in document.tables.iter().filter(|t| t.found) {
        for row in &table.rows {
            for c in &row.cells {
                let raw = crate::normalize::shown(c.raw.as_deref().unwrap_or(""));
                let problem = match (&c.value, c.kind) {
                    (Some(Value::Text), _) => Some("应为数字"),
                    (Some(Value::Number { value, .. }), ValueKind::Count) if *value < 0.0 => Some("不应为负数"),
                    (Some(Value::Number { value, .. }), ValueKind::Count) if value.fract() != 0.0 => Some("应为整数"),
                    (Some(Value::Number { value, .. }), ValueKind::Delta) if value.fract() != 0.0 => Some("应为整数"),
                    _ => None,
                };
                if let Some(problem) = problem {
                    let mut f = META.finding(format!("{}「{}」列{problem}，实际写作「{raw}」", quoted_row(table.id, &row.path), printed_col(c.col)));
                    f.cells.push(CellRef::of(table, &row.path, c.col));
                    f.excerpt = Some(raw.clone());
                    f.facts = Facts { written: Some(raw.clone()), ..Facts::default() };
                    out.push(f.locate_cells());
                }
            }
        }
    }
}
