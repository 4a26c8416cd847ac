//! V202 blank-total — 合计单元格空白，但分项之和不为0.
//!
//! Basis: a total of the template's sum relations (template::SUM_RELATIONS: a row's 总计, the
//! (七)总计 of a column, an appeals group's 总计) left blank while its parts do not add up to 0.
//! A blank is not a 0 written down: the finding names the value the blank cell should hold, and
//! when filling it in mends every relation that fails (the row's, the column's, 第一项加第二项
//! 等于第三项加第四项), those relations are its consequences, not findings of their own. Among
//! several mistakes, a blank cell that is the total of two relations (表三's (七)总计 × 总计) is
//! one finding that names both sums.

use super::sums::{blank_total, diagnoses, diagnosis_code, diagnosis_finding, finding};
use crate::document::Document;
use crate::finding::{Scope, Finding, RuleMeta, Severity};

pub const META: RuleMeta =
    RuleMeta { code: "V202", name: "blank-total", severity: Severity::Warning, scope: Scope::Table, summary: "合计单元格空白，但分项之和不为0" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    // One finding per blank cell, in the order the relations reach it.
    let mut by_cell: Vec<((crate::template::TableId, usize, usize), Finding)> = Vec::new();
    let mut unexplained = Vec::new();
    for (table, d) in diagnoses(document) {
        if d.candidates.is_empty() {
            unexplained.extend(d.failed.into_iter().map(|e| (table, e)));
        } else if diagnosis_code(table, &d) == META.code {
            // Filling in the blank mends every relation that fails: one finding, the relations
            // as its consequences.
            out.push(diagnosis_finding(META, table, &d));
        }
    }
    for (table, e) in unexplained {
        let Some((r, c)) = e.instance.total_cell().filter(|_| blank_total(table, &e)) else { continue };
        let f = finding(META, table, &e, true);
        match by_cell.iter_mut().find(|(k, _)| *k == (table.id, r, c)) {
            None => by_cell.push(((table.id, r, c), f)),
            Some((_, merged)) => {
                merged.message = format!("{}；{}", merged.message, f.message);
                // The parts of the other relation take part too.
                for cell in f.cells.into_iter().skip(1) {
                    if !merged.cells.iter().any(|m| m.row == cell.row && m.col == cell.col) {
                        merged.cells.push(cell);
                    }
                }
                for l in f.locations {
                    if !merged.locations.contains(&l) {
                        merged.locations.push(l);
                    }
                }
                // Two sums that disagree leave the value to put there open.
                if merged.facts.expected != f.facts.expected {
                    merged.facts.expected = None;
                    merged.cells[0].expected = None;
                }
            }
        }
    }
    out.extend(by_cell.into_iter().map(|(_, f)| f));
}
