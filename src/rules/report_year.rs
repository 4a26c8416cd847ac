//! P421 period-year — 统计期限与报告年度不符，或不是完整的自然年.
//! P422 prose-year — 正文以其他年份指称本年度.
//!
//! Basis: the report covers one calendar year: its title's year, the statistics period
//! "统计期限自YYYY年1月1日至YYYY年12月31日", and the year the prose calls 本年/全年 must agree.
//! Plans for the next year and comparisons with earlier years (较2023年, 上年, 同比) are not
//! findings.

use super::RuleMeta;
use crate::model::{Finding, Report, ReportKind, Severity};
use crate::report::{first_year, years};

pub const META_PERIOD: RuleMeta =
    RuleMeta { code: "P421", name: "period-year", severity: Severity::Error, summary: "统计期限与报告年度不符" };
pub const META_PROSE: RuleMeta =
    RuleMeta {
        code: "P422", name: "prose-year", severity: Severity::Warning, summary: "正文所称本年度的年份与报告年度不符"
    };

const THIS_YEAR: &[&str] = &["本年度", "本年", "今年", "全年"];
const COMPARISON: &[&str] = &[
    "较",
    "比",
    "同比",
    "相比",
    "上年",
    "去年",
    "以来",
    "截至",
    "截止",
    "至今",
    "历年",
    "累计",
    "将",
    "计划",
    "下一步",
    "印发",
    "要点",
    "《",
];

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    if report.kind != ReportKind::AnnualReport {
        return;
    }
    let title_year = report.title.as_deref().and_then(first_year);
    if let Some(p) = &report.period {
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
            let mut f = META_PERIOD.finding(message);
            f.excerpt = Some(p.text.clone());
            f.location = Some(p.location.clone());
            f.locations = vec![p.location.clone()];
            out.push(f);
        }
    }
    let Some(year) = report.year else { return };
    for s in &report.sentences {
        for (a, b) in super::prose::clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if !THIS_YEAR.iter().any(|w| clause.contains(w)) || COMPARISON.iter().any(|w| clause.contains(w)) {
                continue;
            }
            let Some(other) = years(clause).find(|y| *y != year && *y != year + 1) else { continue };
            let at = clause.find(&format!("{other}")).map(|i| a + i);
            let Some(at) = at else { continue };
            let end = at + 4 + "年".len();
            let mut f = META_PROSE.finding(format!("正文以「{other}年」指称本年度，但报告年度为{year}年"));
            let loc = s.location.sub(&s.text, at, end.min(s.text.len()));
            f.excerpt = Some(clause.trim().to_string());
            f.location = Some(loc.clone());
            f.locations = vec![loc];
            out.push(f);
        }
    }
}
