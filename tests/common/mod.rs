//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nianbao::model::{Finding, Report, Severity};
use std::path::PathBuf;

pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

pub fn check_fixture(path: &str) -> Report {
    let p = fixture(path);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    nianbao::check_bytes(&bytes, p.file_name().and_then(|n| n.to_str()))
}

/// Findings of one code.
pub fn with_code<'a>(r: &'a Report, code: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

/// The codes of all findings of severity warning or error, sorted.
pub fn serious_codes(r: &Report) -> Vec<&'static str> {
    let mut v: Vec<_> = r.findings.iter().filter(|f| f.severity >= Severity::Warning).map(|f| f.code).collect();
    v.sort();
    v
}

/// A finding's cells as "row|col|value→expected" strings.
pub fn cells(f: &Finding) -> Vec<String> {
    f.cells
        .iter()
        .map(|c| {
            let mut s = format!("{}|{}|{}", c.row, c.col, c.value.as_deref().map(str::trim).unwrap_or("∅"));
            if let Some(e) = &c.expected {
                s.push_str(&format!("→{e}"));
            }
            s
        })
        .collect()
}

/// The value of a table cell as written.
pub fn cell_value(r: &Report, table: nianbao::template::TableId, row: &str, col: &str) -> Option<String> {
    r.tables.iter().find(|t| t.id == table)?.cell(row, col)?.raw.as_ref().map(|s| s.trim().to_string())
}
