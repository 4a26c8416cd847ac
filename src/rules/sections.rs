//! S308 missing-section — 缺少或改写了规定的章节标题.
//! S309 section-order — 章节标题顺序与规定不符.
//!
//! Basis: 国办公开办函〔2021〕30号 fixes six sections, in order: 一、总体情况; 二、主动公开政府信息情况;
//! 三、收到和处理政府信息公开申请情况; 四、政府信息公开行政复议、行政诉讼情况; 五、存在的主要问题及改进情况;
//! 六、其他需要报告的事项. A heading found with other wording is reported with the official one.

use super::RuleMeta;
use crate::model::{Finding, Report, ReportKind, Severity};
use crate::template::SECTIONS;

pub const META_MISSING: RuleMeta =
    RuleMeta { code: "S308", name: "missing-section", severity: Severity::Warning, summary: "缺少或改写了规定的章节标题" };
pub const META_ORDER: RuleMeta =
    RuleMeta { code: "S309", name: "section-order", severity: Severity::Warning, summary: "章节标题顺序与规定不符" };

pub fn check(report: &Report, out: &mut Vec<Finding>) {
    if report.kind != ReportKind::AnnualReport || report.format.is_none() {
        return;
    }
    for (i, official) in SECTIONS.iter().enumerate() {
        let number = i as u8 + 1;
        match report.sections.iter().find(|s| s.number == number) {
            None => {
                let mut f = META_MISSING.finding(format!("缺少第{}部分的章节标题「{official}」", number));
                f.excerpt = Some(official.to_string());
                out.push(f);
            }
            Some(s) if crate::normalize::label_key(&s.heading) != crate::normalize::label_key(official) => {
                let mut f = META_MISSING.finding(format!("章节标题「{}」与规定不符，应为「{official}」", s.heading));
                f.excerpt = Some(s.heading.clone());
                f.location = Some(s.location.clone());
                f.locations = vec![s.location.clone()];
                out.push(f);
            }
            _ => {}
        }
    }
    let mut last: Option<&crate::model::Section> = None;
    for s in &report.sections {
        if let Some(prev) = last {
            if s.number < prev.number {
                let mut f = META_ORDER.finding(format!("章节「{}」出现在「{}」之后，顺序与规定不符", s.heading, prev.heading));
                f.excerpt = Some(s.heading.clone());
                f.location = Some(s.location.clone());
                f.locations = vec![s.location.clone()];
                out.push(f);
            }
        }
        last = Some(s);
    }
}
