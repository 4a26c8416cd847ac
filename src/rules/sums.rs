//! Findings of the template's sum relations (T101, T102, T103, T111 and any added to
//! `template::SUM_RELATIONS`): one code per relation, made here from the evaluations of
//! [`crate::sums`]. A relation whose single total cell is blank is left to V202, which names the
//! value the blank should hold.

use super::{Check, Rule};
use crate::document::Document;
use crate::finding::{CellRef, Facts, Finding, RuleMeta, Scope, Severity};
use crate::model::Table;
use crate::sums::{evaluate, Evaluation};
use crate::template::{SumRelation, SumShape};
use crate::value::format_number as fmt;

/// The rule of a relation: its metadata and basis come from the relation's entry.
pub fn rule(relation: &'static SumRelation) -> Rule {
    let basis = format!("{} {} — {}\n\nBasis: {}", relation.code, relation.name, relation.summary, relation.basis);
    Rule { meta: meta(relation), basis: Box::leak(basis.into_boxed_str()), check: Check::Sum(relation) }
}

pub fn meta(relation: &'static SumRelation) -> RuleMeta {
    RuleMeta { code: relation.code, name: relation.name, severity: Severity::Error, scope: Scope::Table, summary: relation.summary }
}

/// Evaluations of every relation over the document's tables that do not hold.
pub fn failures(document: &Document) -> Vec<(&Table, Evaluation)> {
    let mut out = Vec::new();
    for table in document.tables.iter().filter(|t| t.found) {
        out.extend(evaluate(table).into_iter().filter(|e| !e.holds()).map(|e| (table, e)));
    }
    out
}

/// True when the relation's total is a single blank cell (V202's case, not the relation's).
pub fn blank_total(table: &Table, e: &Evaluation) -> bool {
    e.instance.total_cell().is_some_and(|(r, c)| table.rows[r].cells[c].is_blank())
}

/// True when a cell of the relation, on either side, is a blank that is itself the total of
/// another relation (e.g. a blank （七）总计 in 第一项+第二项=第三项+第四项): the blank is V202's to
/// report, with the value it should hold; counting it as 0 here would blame a cell that was
/// only left empty.
fn leans_on_blank_total(table: &Table, e: &Evaluation) -> bool {
    let blank_totals: Vec<_> = crate::sums::instances(table)
        .into_iter()
        .filter_map(|i| i.total_cell())
        .filter(|&(r, c)| table.rows[r].cells[c].is_blank())
        .collect();
    e.instance.total.iter().chain(&e.instance.parts).any(|cell| blank_totals.contains(cell))
}

pub fn check(document: &Document, relation: &'static SumRelation, out: &mut Vec<Finding>) {
    for (table, e) in failures(document) {
        if std::ptr::eq(e.instance.relation, relation) && !blank_total(table, &e) && !leans_on_blank_total(table, &e) {
            out.push(finding(meta(relation), table, &e, false));
        }
    }
}

/// The short name of a column ("法人或其他组织/商业企业" → "商业企业").
fn short(col: &str) -> &str {
    col.rsplit('/').next().unwrap_or(col)
}

fn written(table: &Table, (r, c): (usize, usize)) -> String {
    crate::normalize::shown(table.rows[r].cells[c].raw.as_deref().unwrap_or(""))
}

/// The finding for a relation that does not hold; `blank` when its total is blank (V202).
pub fn finding(meta: RuleMeta, table: &Table, e: &Evaluation, blank: bool) -> Finding {
    let i = &e.instance;
    let sum = fmt(e.parts_sum());
    let total_written = i.total_cell().map(|c| written(table, c)).unwrap_or_default();
    let nonzero_terms = || -> Vec<String> {
        i.parts
            .iter()
            .zip(&e.part_amounts)
            .filter(|(_, v)| **v != 0.0)
            .map(|(&(_, c), v)| format!("{}{}", short(table.rows[0].cells[c].col), fmt(*v)))
            .collect()
    };
    let message = match &i.relation.shape {
        SumShape::EachRow { parts_name, .. } => {
            let terms = nonzero_terms();
            if blank {
                format!("「{}」行的总计为空白，但{parts_name}之和为{sum}（{}）", i.scope, terms.join("+"))
            } else {
                let terms = if terms.is_empty() { "均为0".to_string() } else { terms.join("+") };
                format!("「{}」行：总计写作{total_written}，但{parts_name}之和为{sum}（{terms}）", i.scope)
            }
        }
        SumShape::EachColumn { total, parts_name, .. } => {
            let total = total.rsplit('/').next().unwrap_or(total);
            let w = if blank { "为空白".to_string() } else { format!("写作{total_written}") };
            format!("「{}」列：{total}{w}，但{parts_name}之和为{sum}", short(&i.scope))
        }
        SumShape::Balance { left_name, right_name, .. } => {
            let side = |v: &[f64]| format!("{}={}", v.iter().map(|x| fmt(*x)).collect::<Vec<_>>().join("+"), fmt(v.iter().sum()));
            format!("「{}」列：{left_name}为{}，{right_name}为{}，两者不等", short(&i.scope), side(&e.total_amounts), side(&e.part_amounts))
        }
        SumShape::EachGroup { parts, .. } => {
            if blank {
                format!("「{}」的总计为空白，但{}之和为{sum}", i.scope, parts.join("、"))
            } else {
                let terms: Vec<String> = parts.iter().zip(&e.part_amounts).map(|(p, v)| format!("{p}{}", fmt(*v))).collect();
                format!("「{}」：总计写作{total_written}，但{}={sum}", i.scope, terms.join("+"))
            }
        }
    };
    let mut f = meta.finding(message);
    let cell = |&(r, c): &(usize, usize)| CellRef::of(table, &table.rows[r].path, table.rows[r].cells[c].col);
    match i.total_cell() {
        Some(t) => f.cells.push(cell(&t).expecting(sum.clone())),
        None => f.cells.extend(i.total.iter().map(cell)),
    }
    // A row or a group lists all its parts; a column of twenty results only those that count.
    let all_parts = i.parts.len() <= 6;
    f.cells.extend(i.parts.iter().zip(&e.part_amounts).filter(|(_, v)| all_parts || **v != 0.0).map(|(c, _)| cell(c)));
    f.facts = Facts {
        written: i.total_cell().map(|_| total_written),
        expected: i.total_cell().map(|_| sum),
        total: Some(e.total()),
        parts_sum: Some(e.parts_sum()),
    };
    f.locate_cells()
}
