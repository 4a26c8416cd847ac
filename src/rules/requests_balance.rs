//! T103 requests-balance — 第一项加第二项之和等于第三项加第四项之和.
//!
//! Basis: the note the table itself carries, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三
//! 项加第四项之和）": in every column, 一、本年新收 + 二、上年结转 = 三、(七)总计 + 四、结转下年度继续办理.

use super::{approx_eq, locate_cells, RuleMeta};
use crate::model::{Finding, Report, Severity};
use crate::template::{rows, TableId, REQUEST_COLUMNS};
use crate::value::format_number as fmt;

pub const META: RuleMeta =
    RuleMeta {
        code: "T103", name: "requests-balance", severity: Severity::Error, summary: "第一项加第二项之和应等于第三项加第四项之和"
    };

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    let Some(table) = report.table(TableId::Requests) else { return };
    for col in REQUEST_COLUMNS {
        let get = |r: &str| table.cell(r, col).and_then(|c| c.amount());
        let (Some(new), Some(carried_in), Some(total), Some(carried_out)) =
            (get(rows::NEW), get(rows::CARRIED_IN), get(rows::RESULTS_TOTAL), get(rows::CARRIED_OUT))
        else {
            continue;
        };
        if approx_eq(new + carried_in, total + carried_out) {
            continue;
        }
        let col_name = col.rsplit('/').next().unwrap_or(col);
        let mut f = META.finding(format!(
            "「{col_name}」列：第一项加第二项为{}+{}={}，第三项(七)总计加第四项为{}+{}={}，两者不等",
            fmt(new),
            fmt(carried_in),
            fmt(new + carried_in),
            fmt(total),
            fmt(carried_out),
            fmt(total + carried_out)
        ));
        for r in [rows::NEW, rows::CARRIED_IN, rows::RESULTS_TOTAL, rows::CARRIED_OUT] {
            f.cells.push(table.cell_ref(r, col));
        }
        locate_cells(&mut f);
        out.push(f);
    }
}
