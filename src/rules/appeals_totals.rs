//! T111 appeals-totals — 行政复议、行政诉讼各组「总计」等于结果维持+结果纠正+其他结果+尚未审结.
//!
//! Basis: 国办公开办函〔2021〕30号 table 四: for 行政复议, for 行政诉讼·未经复议直接起诉 and for
//! 行政诉讼·复议后起诉, 总计 is the sum of the four result columns.

use super::{approx_eq, locate_cells, RuleMeta};
use crate::model::{Finding, Report, Severity};
use crate::template::{TableId, APPEAL_COLUMNS};
use crate::value::format_number as fmt;

pub const META: RuleMeta =
    RuleMeta {
        code: "T111", name: "appeals-totals", severity: Severity::Error, summary: "行政复议、行政诉讼的总计应等于四类结果之和"
    };

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    let Some(table) = report.table(TableId::Appeals) else { return };
    let Some(row) = table.rows.first() else { return };
    for group in APPEAL_COLUMNS.chunks(5) {
        let amounts: Option<Vec<f64>> = group.iter().map(|c| table.cell(&row.path, c).and_then(|c| c.amount())).collect();
        let Some(amounts) = amounts else { continue };
        let sum: f64 = amounts[..4].iter().sum();
        if approx_eq(sum, amounts[4]) {
            continue;
        }
        let name = group[4].trim_end_matches("/总计");
        let expected = fmt(sum);
        let total = table.cell(&row.path, group[4]);
        let mut f = if total.is_some_and(|c| c.is_blank()) {
            let mut f = super::blank_cells::META_TOTAL
                .finding(format!("「{name}」的总计为空白，但结果维持、结果纠正、其他结果、尚未审结之和为{expected}"));
            f.severity = Severity::Warning;
            f
        } else {
            META.finding(format!(
                "「{name}」：总计写作{}，但结果维持{}+结果纠正{}+其他结果{}+尚未审结{}={expected}",
                crate::normalize::shown(total.and_then(|c| c.raw.as_deref()).unwrap_or("")),
                fmt(amounts[0]),
                fmt(amounts[1]),
                fmt(amounts[2]),
                fmt(amounts[3])
            ))
        };
        f.cells.push(table.cell_ref(&row.path, group[4]).expecting(expected));
        for c in &group[..4] {
            f.cells.push(table.cell_ref(&row.path, c));
        }
        locate_cells(&mut f);
        out.push(f);
    }
}
