//! V204 glued-digits — 相邻单元格的数字粘连在一起.
//!
//! Basis: text copied or extracted from a page or a PDF often loses the separators between a
//! row's cells ("713000074"). Such a run is split only when exactly one reading satisfies every
//! sum relation within the row (template::SUM_RELATIONS; 表一 rows, which have none, only when
//! each cell is one digit): then the split is noted once per table. Otherwise the row is left
//! out of the arithmetic and said so: nothing is guessed.

use crate::document::Document;
use crate::template::printed_row;
use crate::finding::{Scope, CellRef, Finding, RuleMeta, Severity};
use crate::reader::GluedRun;

pub const META: RuleMeta = RuleMeta { code: "V204", name: "glued-digits", severity: Severity::Info, scope: Scope::Table, summary: "相邻单元格的数字粘连在一起" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    let mut split_noted = Vec::new();
    for row in &document.observations.rows {
        let Some(glued) = row.glued else { continue };
        let digits = row.written.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
        let why = match glued {
            GluedRun::Split => {
                if !split_noted.contains(&row.table) {
                    split_noted.push(row.table);
                    let mut f = META.finding(format!(
                        "「{}」表中相邻单元格的数字粘连在一起（如「{}」行写作「{digits}」），已按勾稽关系唯一地拆分",
                        row.table.title(),
                        printed_row(&row.path)
                    ));
                    f.location = row.written.first().map(|w| w.1.clone());
                    out.push(f);
                }
                continue;
            }
            GluedRun::Ambiguous => "有不止一种拆分都符合勾稽关系",
            GluedRun::NoReading => "没有一种拆分符合勾稽关系",
            GluedRun::TooLong => "数字过长",
        };
        let mut f = META.finding(format!(
            "「{}」行的数字粘连在一起（「{digits}」），{why}，无法可靠拆分为{}个单元格，本行未参与核对",
            printed_row(&row.path),
            row.columns.len()
        ));
        f.cells = row
            .columns
            .iter()
            .enumerate()
            .map(|(i, col)| CellRef {
                col: col.to_string(),
                location: row.written.get(i).map(|w| w.1.clone()),
                ..CellRef::row(row.table, &row.path)
            })
            .collect();
        out.push(f.locate_cells());
    }
}
