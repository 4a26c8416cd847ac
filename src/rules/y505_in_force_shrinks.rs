//! Y505 in-force-shrinks — 现行有效件数少于上年现行有效加本年制发减本年废止（可能有文件到期失效）.
//!
//! Basis: as Y504: 现行有效(N) ≤ 现行有效(N−1) + 本年制发(N) − 本年废止(N) for 规章 and 行政规范性文件
//! of 国办公开办函〔2021〕30号 表一. Where the stock is smaller than that, the difference left force
//! without being counted as 本年废止: by expiry (有效期届满), which is lawful, or because 废止 or
//! 现行有效 is miscounted. A note, with the difference, for the reviewer to confirm; not an error,
//! since the template has no column for expiry. Only when both reports use the 2021 format.

use super::pair::in_force;
use super::Pair;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::value::format_number as fmt;

pub const META: RuleMeta = RuleMeta {
    code: "Y505",
    name: "in-force-shrinks",
    severity: Severity::Info,
    scope: Scope::Table,
    summary: "现行有效件数少于上年现行有效加本年制发减本年废止（可能有文件到期失效）",
};

pub fn check(pair: &Pair, out: &mut Vec<Finding>) {
    for r in in_force(pair) {
        let bound = r.bound();
        if r.now.0 >= bound {
            continue;
        }
        let message = format!(
            "「{}」：现行有效件数为{}，比{}的现行有效件数{}加本年制发{}减本年废止{}（{}）少{}件：可能有文件到期失效（不计入废止）；否则请核对废止件数或现行有效件数",
            super::pair::row_name(r.row),
            fmt(r.now.0),
            pair.earlier_ref.name(),
            fmt(r.before.0),
            fmt(r.made.0),
            fmt(r.repealed.0),
            fmt(bound),
            fmt(bound - r.now.0)
        );
        out.push(r.finding(pair, META, message, false));
    }
}
