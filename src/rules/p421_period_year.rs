//! P421 period-year — 统计期限与报告年度不符，或不是完整的自然年.
//!
//! Basis: the report covers one calendar year (国办公开办函〔2021〕30号: 本报告中所列数据的统计期限
//! 自YYYY年1月1日起至YYYY年12月31日止). The statistics period must name the title's year, and
//! start and end in the same year.

use crate::document::Document;
use crate::extract::period::first_year;
use crate::finding::{Scope, Facts, Finding, RuleMeta, Severity};

pub const META: RuleMeta = RuleMeta { code: "P421", name: "period-year", severity: Severity::Error, scope: Scope::Prose, summary: "统计期限与报告年度不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let title_year = document.title.as_deref().and_then(first_year);
    if let Some(p) = &document.period {
        let mut problem = None;
        if let (Some(ty), Some(py)) = (title_year, p.start_year.or(p.end_year)) {
            if ty != py || p.end_year.is_some_and(|e| e != ty) {
                problem = Some(format!("统计期限「{}」与报告标题的年度{ty}年不符", p.text));
            }
        }
        if problem.is_none() {
            if let (Some(a), Some(b)) = (p.start_year, p.end_year) {
                if a != b {
                    problem = Some(format!("统计期限「{}」跨越了两个年度，应为同一自然年的1月1日至12月31日", p.text));
                }
            }
        }
        if let Some(message) = problem {
            let mut f = META.finding(message).at(p.location.clone());
            f.excerpt = Some(p.text.clone());
            f.facts = Facts { written: Some(p.text.clone()), expected: title_year.map(|y| format!("{y}年1月1日至{y}年12月31日")), ..Facts::default() };
            out.push(f);
        }
    }
}
