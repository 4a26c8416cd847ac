//! S301 missing-cells — 表格行的单元格数少于模板.
//!
//! Basis: 国办公开办函〔2021〕30号 fixes how many cells each row of the three tables has (表三:
//! 自然人, five 法人或其他组织 columns and 总计; 表四: fifteen). A row with fewer values cannot be
//! read with certainty: its values are taken as the first columns, in order, and the columns
//! left over are named as missing. A row read from text whose cells are separated by spaces
//! only (text out of a PDF reader, typed text) is not judged here: a blank cell leaves no trace
//! there, so its values were not placed and S311 says so.

use crate::document::Document;
use crate::template::{printed_col, quoted_row};
use crate::finding::{Scope, CellRef, Facts, Finding, RuleMeta, Severity};

pub const META: RuleMeta = RuleMeta { code: "S301", name: "missing-cells", severity: Severity::Error, scope: Scope::Table, summary: "表格行的单元格数少于模板" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for row in document.observations.rows.iter().filter(|r| r.glued.is_none() && !r.blanks_untraced && r.written.len() < r.columns.len()) {
        let Some(table) = document.table(row.table) else { continue };
        let (n, k) = (row.columns.len(), row.written.len());
        let missing: Vec<String> = row.columns[k..].iter().map(|c| format!("「{}」", printed_col(c))).collect();
        let mut f = META.finding(format!(
            "{}应有{n}个数值，只写了{k}个，请补全（核对时把写出的数值依次当作前{k}列，{}列当作缺失）",
            quoted_row(row.table, &row.path),
            missing.join("")
        ));
        f.cells = row.columns.iter().map(|c| CellRef::of(table, &row.path, c)).collect();
        f.facts = Facts { written: Some(k.to_string()), expected: Some(n.to_string()), ..Facts::default() };
        let mut f = f.locate_cells();
        if f.location.is_none() {
            f.location = row.written.first().map(|w| w.1.clone());
        }
        out.push(f);
    }
}
