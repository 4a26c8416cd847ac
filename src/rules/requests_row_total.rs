//! T101 requests-row-total — 申请情况表每行「总计」等于六类申请人之和.
//!
//! Basis: 国办公开办函〔2021〕30号 table 三: the 总计 column of every row is the sum of the
//! 自然人 column and the five 法人或其他组织 columns. A blank 总计 cell on a row whose parts
//! are not all zero is reported as V202 (warning) naming the sum it should hold.

use super::{approx_eq, locate_cells, RuleMeta};
use crate::model::{Finding, Report, Severity};
use crate::template::{TableId, REQUEST_COLUMNS};
use crate::value::format_number as fmt;

pub const META: RuleMeta =
    RuleMeta {
        code: "T101", name: "requests-row-total", severity: Severity::Error, summary: "申请情况表每行的总计应等于六类申请人之和"
    };

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    let Some(table) = report.table(TableId::Requests) else { return };
    let (parts_cols, total_col) = (&REQUEST_COLUMNS[..6], REQUEST_COLUMNS[6]);
    for row in table.rows.iter().filter(|r| r.seen) {
        let parts: Vec<_> = parts_cols.iter().map(|c| table.cell(&row.path, c)).collect();
        let Some(total) = table.cell(&row.path, total_col) else { continue };
        let amounts: Option<Vec<f64>> = parts.iter().map(|c| c.and_then(|c| c.amount())).collect();
        let (Some(amounts), Some(total_amount)) = (amounts, total.amount()) else { continue };
        let sum: f64 = amounts.iter().sum();
        if approx_eq(sum, total_amount) {
            continue;
        }
        let expected = fmt(sum);
        let terms: Vec<String> = parts_cols
            .iter()
            .zip(&amounts)
            .filter(|(_, v)| **v != 0.0)
            .map(|(c, v)| format!("{}{}", c.rsplit('/').next().unwrap_or(c), fmt(*v)))
            .collect();
        let mut f = if total.is_blank() {
            let mut f = super::blank_cells::META_TOTAL.finding(format!(
                "「{}」行的总计为空白，但六类申请人之和为{expected}（{}）",
                row.path,
                terms.join("+")
            ));
            f.severity = Severity::Warning;
            f
        } else {
            META.finding(format!(
                "「{}」行：总计写作{}，但六类申请人之和为{expected}（{}）",
                row.path,
                crate::normalize::shown(total.raw.as_deref().unwrap_or("")),
                if terms.is_empty() { "均为0".to_string() } else { terms.join("+") }
            ))
        };
        f.cells.push(table.cell_ref(&row.path, total_col).expecting(expected));
        for c in parts_cols {
            f.cells.push(table.cell_ref(&row.path, c));
        }
        locate_cells(&mut f);
        out.push(f);
    }
}
