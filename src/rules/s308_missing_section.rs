//! S308 missing-section — 缺少或改写了规定的章节标题.
//!
//! Basis: 国办公开办函〔2021〕30号 fixes six sections, in order: 一、总体情况; 二、主动公开政府信息情况;
//! 三、收到和处理政府信息公开申请情况; 四、政府信息公开行政复议、行政诉讼情况; 五、存在的主要问题及改进情况;
//! 六、其他需要报告的事项. A heading found with other wording is reported with the official one.

use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};
use crate::template::SECTIONS;

pub const META: RuleMeta =
    RuleMeta { code: "S308", name: "missing-section", severity: Severity::Warning, scope: Scope::Document, summary: "缺少或改写了规定的章节标题" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if document.format.is_none() {
        return;
    }
    for (i, official) in SECTIONS.iter().enumerate() {
        let number = i as u8 + 1;
        match document.sections.iter().find(|s| s.number == number) {
            None => {
                let mut f = META.finding(format!("缺少第{}部分的章节标题「{official}」", number));
                f.excerpt = Some(official.to_string());
                out.push(f);
            }
            Some(s) if crate::normalize::label_key(&s.heading) != crate::normalize::label_key(official) => {
                let mut f = META.finding(format!("章节标题「{}」与规定不符，应为「{official}」", s.heading));
                f.excerpt = Some(s.heading.clone());
                f.location = Some(s.location.clone());
                f.locations = vec![s.location.clone()];
                out.push(f);
            }
            _ => {}
        }
    }
}
