//! Rendering a report: the JSON contract (documented in README.md) and text for people.

use crate::document::{Document, ReportKind};
use crate::finding::{Finding, Severity};
use crate::report::Report;
use crate::value::format_number;
use serde::Serialize;
use serde_json::{json, Value as Json};

#[derive(Serialize)]
struct CellJson<'a> {
    col: &'a str,
    value: Option<&'a str>,
    number: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a crate::ingest::Location>,
}

/// Counts by severity.
pub fn summary(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

/// The per-file JSON object: `{file, kind, title, year, tables, findings, …}`.
pub fn to_json(report: &Report, file: &str) -> Json {
    let tables: Vec<Json> = report
        .document
        .tables
        .iter()
        .filter(|t| t.found)
        .map(|t| {
            let rows: Vec<Json> = t
                .rows
                .iter()
                .map(|r| {
                    let cells: Vec<CellJson> = r
                        .cells
                        .iter()
                        .map(|c| CellJson {
                            col: c.col,
                            value: c.raw.as_deref(),
                            number: c.amount().filter(|_| c.raw.is_some()),
                            inferred: c.inferred,
                            location: c.loc.as_ref(),
                        })
                        .collect();
                    json!({ "row": r.path, "found": r.seen, "cells": cells, "label_location": r.label_loc })
                })
                .collect();
            json!({ "id": t.id, "title": t.id.title(), "rows": rows })
        })
        .collect();
    let (errors, warnings, infos) = summary(&report.findings);
    json!({
        "file": file,
        "kind": report.document.kind,
        "input": report.document.input,
        "layout": report.document.layout,
        "element_count": report.document.element_count,
        "title": report.document.title,
        "title_location": report.document.title_location,
        "issuer": report.document.issuer,
        "year": report.document.year,
        "period": report.document.period,
        "format": report.document.format,
        "format_name": report.document.format.map(|f| f.document()),
        "sections": report.document.sections,
        "tables": tables,
        "summary": { "error": errors, "warning": warnings, "info": infos },
        "findings": findings_json(report),
    })
}

/// Where a finding is, in words: the cell it points at, or the section and paragraph of the
/// prose; `None` when it has no place (a missing table, a missing heading).
pub fn place(document: &Document, f: &Finding) -> Option<String> {
    let loc = f.location.as_ref();
    if let Some(cell) = f.cells.iter().find(|c| c.location.is_some() && c.location.as_ref() == loc) {
        return Some(cell.place());
    }
    if let Some(p) = loc.and_then(|l| document.prose_place(l)) {
        return Some(p);
    }
    f.cells.first().filter(|_| loc.is_none()).map(|c| c.place())
}

/// For the text output: the place in words, and the line for text input.
/// The findings as JSON, each with its `place` in words when it has one.
fn findings_json(report: &Report) -> Json {
    Json::Array(
        report
            .findings
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or_default();
                if let (Some(obj), Some(p)) = (v.as_object_mut(), place(&report.document, f)) {
                    obj.insert("place".into(), json!(p));
                }
                v
            })
            .collect(),
    )
}

fn where_(document: &Document, f: &Finding) -> String {
    let line = f.location.as_ref().and_then(|l| l.line).map(|l| format!("第{l}行"));
    // A finding on cells names them in its message and fix lines already; one on a sentence
    // that cites cells is still placed at the sentence.
    let placed = f.cells.is_empty() || f.scope == crate::finding::Scope::Prose;
    match (place(document, f).filter(|_| placed), line) {
        (Some(p), Some(l)) => format!("{p}（{l}）"),
        (None, Some(l)) => l,
        (Some(p), None) => p,
        (None, None) => String::new(),
    }
}

/// [`to_json`] plus the prose: `paragraphs` ({text, location}) and `sentences` ({text,
/// location, paragraph}), for tools that work on the text itself (`--with-text`).
pub fn to_json_with_text(report: &Report, file: &str) -> Json {
    let mut v = to_json(report, file);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("paragraphs".into(), serde_json::to_value(&report.document.paragraphs).unwrap_or_default());
        obj.insert("sentences".into(), serde_json::to_value(&report.document.sentences).unwrap_or_default());
    }
    v
}

/// Text for people, in Chinese: a heading per file, a summary line, findings grouped by rule.
pub fn to_text(report: &Report, file: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("== {file} ==\n"));
    if report.document.kind == ReportKind::NotAReport {
        out.push_str("不是政府信息公开工作年度报告：未找到年度报告的标题、章节或统计表格。\n");
        return out;
    }
    let mut head = report.document.title.clone().unwrap_or_else(|| "（未识别标题）".into());
    let mut facts = Vec::new();
    if let Some(y) = report.document.year {
        facts.push(format!("{y}年度"));
    }
    if let Some(f) = report.document.format {
        facts.push(format!("{}格式", f.document()));
    }
    if !facts.is_empty() {
        head.push_str(&format!("（{}）", facts.join("，")));
    }
    out.push_str(&head);
    out.push('\n');
    let (e, w, i) = summary(&report.findings);
    if report.findings.is_empty() {
        out.push_str("未发现问题。\n");
        return out;
    }
    out.push_str(&format!("发现 {e} 处错误、{w} 处警告、{i} 处提示\n"));
    let mut order: Vec<&'static str> = Vec::new();
    for f in &report.findings {
        if !order.contains(&f.code) {
            order.push(f.code);
        }
    }
    // Errors first, then warnings, then notes.
    order.sort_by_key(|code| std::cmp::Reverse(report.findings.iter().find(|f| f.code == *code).map(|f| f.severity)));
    for code in order {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.code == code).collect();
        let first = group[0];
        out.push_str(&format!("\n[{} {}] {} ×{}\n", code, first.rule, first.severity.chinese(), group.len()));
        for f in group {
            let at = where_(&report.document, f);
            if at.is_empty() {
                out.push_str(&format!("  · {}\n", f.message));
            } else {
                out.push_str(&format!("  · {at}：{}\n", f.message));
            }
            if f.severity != Severity::Info {
                for fix in f.cells.iter().filter_map(|c| c.fix()) {
                    out.push_str(&format!("      {fix}\n"));
                }
            }
        }
    }
    out
}

/// A number as the report would print it (re-exported for front ends).
pub fn number(v: f64) -> String {
    format_number(v)
}

/// The words only the core knows, for front ends: `{severities: {error: "错误", …}, tables:
/// {active: "主动公开政府信息情况", …}, formats: {"2021": "国办公开办函〔2021〕30号", …}, accept}`;
/// `severity_order` lists the severities from the most serious.
pub fn vocabulary() -> Json {
    use crate::template::{Format, TableId};
    let severities: serde_json::Map<String, Json> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| (json!(s).as_str().unwrap_or("").to_string(), json!(s.chinese())))
        .collect();
    let tables: serde_json::Map<String, Json> = TableId::ALL.iter().map(|t| (t.as_str().to_string(), json!(t.title()))).collect();
    let formats: serde_json::Map<String, Json> =
        [Format::V2021, Format::V2019].iter().map(|f| (json!(f).as_str().unwrap_or("").to_string(), json!(f.document()))).collect();
    json!({
        "severities": severities,
        "severity_order": [Severity::Error, Severity::Warning, Severity::Info],
        "tables": tables,
        "formats": formats,
        "accept": crate::filekind::FileKind::accept_attribute(),
    })
}

/// The rules as the README's Markdown table: the check in Chinese, its code, severity and name.
pub fn rules_markdown() -> String {
    let mut out = String::from("| 检查项目 | 代码 | 级别 | 规则名 |\n| --- | --- | --- | --- |\n");
    for r in crate::rules::all() {
        let m = r.meta;
        out.push_str(&format!("| {} | {} | {} | {} |\n", m.summary, m.code, m.severity.chinese(), m.name));
    }
    out
}
