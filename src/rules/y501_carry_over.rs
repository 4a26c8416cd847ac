//! Y501 carry-over — 本年「上年结转」与上年报告「结转下年度」不一致.
//!
//! Basis: 表三「收到和处理政府信息公开申请情况」 of both formats (国办公开办函〔2019〕60号 and
//! 〔2021〕30号 alike): the applications a report carries into the next year (四、结转下年度继续办理)
//! are the ones the next year's report takes over (二、上年结转政府信息公开申请数量). So, column by
//! column (自然人, the five kinds of 法人或其他组织, 总计), the later report's 二 equals the same
//! body's report of the year before's 四. One of the two reports is wrong where they differ; the
//! finding names both cells and both reports. 表三 has the same rows in both formats, so the
//! check holds across the 2020→2021 change of format too.

use super::pair::amount;
use super::Pair;
use crate::finding::{Facts, Finding, RuleMeta, Scope, Severity};
use crate::template::{printed_col, rows, TableId, REQUEST_COLUMNS};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y501",
    name: "carry-over",
    severity: Severity::Error,
    scope: Scope::Table,
    summary: "本年「上年结转」应等于上年报告的「结转下年度继续办理」",
};

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    let (Some(now), Some(before)) = (pair.later.table(TableId::Requests), pair.earlier.table(TableId::Requests)) else { return };
    for col in REQUEST_COLUMNS {
        let (Some((n, n_ref)), Some((b, b_ref))) = (amount(now, rows::CARRIED_IN, col), amount(before, rows::CARRIED_OUT, col)) else {
            continue;
        };
        if n == b {
            continue;
        }
        let message = format!(
            "「{}」列：本年「二、上年结转政府信息公开申请数量」为{}，但{}「四、结转下年度继续办理」为{}：上年结转来的申请应与上年报告结转下年度的一致，两份报告必有一处有误",
            printed_col(col),
            fmt(n),
            pair.earlier_ref.name(),
            fmt(b)
        );
        let mut f = META.finding(message);
        f.cells = vec![n_ref.expecting(fmt(b))];
        f.facts = Facts { written: Some(fmt(n)), expected: Some(fmt(b)), ..Facts::default() };
        out.push(f.locate_cells().with_other_cell(&pair.earlier_ref, b_ref));
    }
}
