//! Y504 in-force-exceeds — 现行有效件数多于上年现行有效加本年制发减本年废止.
//!
//! Basis: 国办公开办函〔2021〕30号 表一 第二十条第（一）项 counts 规章 and 行政规范性文件 as 本年制发件数,
//! 本年废止件数 and 现行有效件数. A document in force at the end of the year was in force at the end
//! of the last (the same body's report of the year before) or was made this year; documents
//! leave force by repeal and also by expiry (有效期届满), which the table does not count. So
//! 现行有效(N) ≤ 现行有效(N−1) + 本年制发(N) − 本年废止(N): more than that is a warning (one of the
//! figures is wrong, or documents were counted that the last report left out). Less is not
//! wrong: see Y505. Only when both reports use the 2021 format (the 2019 format's
//! 对外公开总数量 is another quantity).

use super::pair::in_force;
use super::Pair;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y504",
    name: "in-force-exceeds",
    severity: Severity::Warning,
    scope: Scope::Table,
    summary: "现行有效件数不应多于上年现行有效件数加本年制发减本年废止",
};

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    for r in in_force(pair) {
        let bound = r.bound();
        if r.now.0 <= bound {
            continue;
        }
        let message = format!(
            "「{}」：现行有效件数为{}，多于{}的现行有效件数{}加本年制发{}减本年废止{}（{}）{}件：新增的现行有效文件只能来自本年制发，请核对这几个数",
            super::pair::row_name(r.row),
            fmt(r.now.0),
            pair.earlier_ref.name(),
            fmt(r.before.0),
            fmt(r.made.0),
            fmt(r.repealed.0),
            fmt(bound),
            fmt(r.now.0 - bound)
        );
        out.push(r.finding(pair, META, message, true));
    }
}
