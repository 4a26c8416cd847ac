//! T102 requests-results-total — 「(七)总计」等于各项办理结果之和.
//!
//! Basis: 国办公开办函〔2021〕30号 table 三: in every column, 三、本年度办理结果 (七)总计 is the
//! sum of the result items (一) to (六) (for (三)–(六), of their numbered sub-items; in the 2019
//! format (六)其他处理 has none).

use super::{approx_eq, locate_cells, RuleMeta};
use crate::model::{Finding, Report, Severity};
use crate::template::{rows, TableId, REQUEST_COLUMNS};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "T102",
    name: "requests-results-total",
    severity: Severity::Error,
    summary: "办理结果（七）总计应等于各项办理结果之和",
};

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    let Some(table) = report.table(TableId::Requests) else { return };
    let prefix = format!("{}/", rows::RESULTS);
    let leaves: Vec<&str> =
        table.rows.iter().filter(|r| r.path.starts_with(&prefix) && r.path != rows::RESULTS_TOTAL).map(|r| r.path.as_str()).collect();
    for col in REQUEST_COLUMNS {
        let Some(total) = table.cell(rows::RESULTS_TOTAL, col) else { continue };
        let Some(total_amount) = total.amount() else { continue };
        let amounts: Option<Vec<f64>> = leaves.iter().map(|r| table.cell(r, col).and_then(|c| c.amount())).collect();
        let Some(amounts) = amounts else { continue };
        let sum: f64 = amounts.iter().sum();
        if approx_eq(sum, total_amount) {
            continue;
        }
        let expected = fmt(sum);
        let col_name = col.rsplit('/').next().unwrap_or(col);
        let mut f = META.finding(format!(
            "「{col_name}」列：(七)总计写作{}，但各项办理结果之和为{expected}",
            if total.is_blank() { "空白".to_string() } else { crate::normalize::shown(total.raw.as_deref().unwrap_or("")) }
        ));
        f.cells.push(table.cell_ref(rows::RESULTS_TOTAL, col).expecting(expected));
        for (r, v) in leaves.iter().zip(&amounts) {
            if *v != 0.0 {
                f.cells.push(table.cell_ref(r, col));
            }
        }
        locate_cells(&mut f);
        out.push(f);
    }
}
