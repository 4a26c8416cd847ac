//! Y502 published-total-chain — 2019版格式：对外公开总数量与上年不衔接.
//!
//! Basis: 国办公开办函〔2019〕60号 表一 第二十条第（一）项 counts 规章 and 规范性文件 as 本年新制作数量,
//! 本年新公开数量 and 对外公开总数量, a running total: this year's 对外公开总数量 is last year's plus
//! what was newly published this year (对外公开总数量(N) = 对外公开总数量(N−1) + 本年新公开数量(N)).
//! Checked only when both reports use the 2019 format (the 2019 and 2020 report years): the
//! 2021 format's 现行有效件数 is another quantity (see Y504, Y505), and 表一 is never compared
//! across the change of format.

use super::pair::{amount, both_in, row_name};
use super::Pair;
use crate::finding::{Facts, Finding, RuleMeta, Scope, Severity};
use crate::template::{Format, TableId};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y502",
    name: "published-total-chain",
    severity: Severity::Error,
    scope: Scope::Table,
    summary: "2019版格式：对外公开总数量应等于上年总数加本年新公开数量",
};

const ROWS: [&str; 2] = ["第二十条第(一)项/规章", "第二十条第(一)项/规范性文件"];
const NEW: &str = "本年新公开数量";
const TOTAL: &str = "对外公开总数量";

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    if !both_in(pair, Format::V2019) {
        return;
    }
    let (Some(now), Some(before)) = (pair.later.table(TableId::Active), pair.earlier.table(TableId::Active)) else { return };
    for row in ROWS {
        let (Some((total, total_ref)), Some((new, new_ref)), Some((last, last_ref))) =
            (amount(now, row, TOTAL), amount(now, row, NEW), amount(before, row, TOTAL))
        else {
            continue;
        };
        let expected = last + new;
        if total == expected {
            continue;
        }
        let message = format!(
            "「{}」：对外公开总数量为{}，但{}的对外公开总数量{}加本年新公开数量{}应为{}：对外公开总数量逐年累计，两份报告必有一处有误",
            row_name(row),
            fmt(total),
            pair.earlier_ref.name(),
            fmt(last),
            fmt(new),
            fmt(expected)
        );
        let mut f = META.finding(message);
        f.cells = vec![total_ref.expecting(fmt(expected)), new_ref];
        f.facts = Facts { written: Some(fmt(total)), expected: Some(fmt(expected)), total: Some(total), parts_sum: Some(expected) };
        out.push(f.locate_cells().with_other_cell(&pair.earlier_ref, last_ref));
    }
}
