//! P422 prose-year — 正文所称本年度的年份与报告年度不符.
//!
//! Basis: the prose speaks of the report year as 本年/本年度/全年/今年; a clause that calls
//! another year so (usually last year's text reused) is named. Plans for the next year and
//! comparisons with earlier years (较2023年, 上年, 同比, 以来, 截至) are not findings.

use crate::document::Document;
use crate::extract::period::years;
use crate::finding::{Scope, Finding, RuleMeta, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "P422", name: "prose-year", severity: Severity::Warning, scope: Scope::Prose, summary: "正文所称本年度的年份与报告年度不符" };

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

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let Some(year) = document.year else { return };
    for s in &document.sentences {
        // A clause naming this year is in a sentence that does.
        if !THIS_YEAR.iter().any(|w| s.text.contains(w)) {
            continue;
        }
        for (a, b) in super::prose::clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if !THIS_YEAR.iter().any(|w| clause.contains(w)) || COMPARISON.iter().any(|w| clause.contains(w)) {
                continue;
            }
            let Some(other) = years(clause).find(|y| *y != year && *y != year + 1) else { continue };
            let at = clause.find(&format!("{other}")).map(|i| a + i);
            let Some(at) = at else { continue };
            let end = at + 4 + "年".len();
            let mut f = META.finding(format!("正文以「{other}年」指称本年度，但报告年度为{year}年"));
            let loc = s.at(at, end.min(s.text.len()));
            f.excerpt = Some(clause.trim().to_string());
            f.location = Some(loc.clone());
            f.locations = vec![loc];
            out.push(f);
        }
    }
}
