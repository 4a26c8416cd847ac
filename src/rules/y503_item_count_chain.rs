//! Y503 item-count-chain — 2019版格式：上一年项目数量与上年不衔接.
//!
//! Basis: 国办公开办函〔2019〕60号 表一 第二十条第（五）、（六）、（八）项 count the items (行政许可,
//! 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费) as 上一年项目数量 and 本年增/减: the items a
//! year ends with are the next year's 上一年项目数量, so 上一年项目数量(N) = 上一年项目数量(N−1) +
//! 本年增/减(N−1). Checked only when both reports use the 2019 format; 表一 is never compared across
//! the change of format.

use super::pair::{amount, both_in, row_name};
use super::Pair;
use crate::finding::{Facts, Finding, RuleMeta, Scope, Severity};
use crate::template::{Format, TableId};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y503",
    name: "item-count-chain",
    severity: Severity::Error,
    scope: Scope::Table,
    summary: "2019版格式：上一年项目数量应等于上年报告的上一年项目数量加本年增/减",
};

const ROWS: [&str; 5] = [
    "第二十条第(五)项/行政许可",
    "第二十条第(五)项/其他对外管理服务事项",
    "第二十条第(六)项/行政处罚",
    "第二十条第(六)项/行政强制",
    "第二十条第(八)项/行政事业性收费",
];
const LAST: &str = "上一年项目数量";
const CHANGE: &str = "本年增/减";

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    if !both_in(pair, Format::V2019) {
        return;
    }
    let (Some(now), Some(before)) = (pair.later.table(TableId::Active), pair.earlier.table(TableId::Active)) else { return };
    for row in ROWS {
        let (Some((count, count_ref)), Some((last, last_ref)), Some((change, change_ref))) =
            (amount(now, row, LAST), amount(before, row, LAST), amount(before, row, CHANGE))
        else {
            continue;
        };
        let expected = last + change;
        if count == expected {
            continue;
        }
        let message = format!(
            "「{}」：上一年项目数量为{}，但{}的上一年项目数量{}加本年增/减{}应为{}：两份报告必有一处有误",
            row_name(row),
            fmt(count),
            pair.earlier_ref.name(),
            fmt(last),
            fmt(change),
            fmt(expected)
        );
        let mut f = META.finding(message);
        f.cells = vec![count_ref.expecting(fmt(expected))];
        f.facts = Facts { written: Some(fmt(count)), expected: Some(fmt(expected)), total: Some(count), parts_sum: Some(expected) };
        out.push(f.locate_cells().with_other_cell(&pair.earlier_ref, last_ref).with_other_cell(&pair.earlier_ref, change_ref));
    }
}
