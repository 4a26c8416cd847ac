//! S312 format-year — 统计表格式与报告年度不符.
//!
//! Basis: 国办公开办函〔2019〕60号 set the tables for the 2019 and 2020 report years; 国办公开办函
//! 〔2021〕30号 replaced them from the 2021 report year on (its 表一 counts 本年制发/本年废止/现行有效
//! documents and 处理决定, where the earlier one counted 新制作/新公开/对外公开总数量, 项目数量 and
//! 政府集中采购). Tables of one format in a report of the other's years are named, with the
//! format they should follow. Only a format recognised from the tables' own labels is judged.

use crate::document::Document;
use crate::finding::{Facts, Finding, RuleMeta, Scope, Severity};
use crate::template::Format;

pub const META: RuleMeta = RuleMeta {
    code: "S312",
    name: "format-year",
    severity: Severity::Warning,
    scope: Scope::Document,
    summary: "统计表格式与报告年度不符",
};

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let (Some(year), Some(format)) = (document.year, document.format) else { return };
    if !document.format_from_labels {
        return;
    }
    let should = match year {
        2019 | 2020 => Format::V2019,
        y if y >= 2021 => Format::V2021,
        _ => return,
    };
    if format == should {
        return;
    }
    let mut f = META.finding(format!(
        "报告年度为{year}年，但统计表使用的是{}格式；{year}年度报告应使用{}格式",
        format.document(),
        should.document()
    ));
    f.facts = Facts { written: Some(format.document().to_string()), expected: Some(should.document().to_string()), ..Facts::default() };
    out.push(f);
}
