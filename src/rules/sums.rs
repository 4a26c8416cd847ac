//! Findings of the template's sum relations (T101, T102, T103, T111 and any added to
//! `template::SUM_RELATIONS`), made here from the diagnoses of [`crate::sums`]: one finding per
//! mistake. When one cell explains every relation that fails, the finding names that cell and
//! the value it should hold, under the first failed relation's code (V202 when the cell is a
//! blank total), and lists the failed relations as its consequences; when several cells would
//! each do, one finding lists them. Failures no single cell explains are reported relation by
//! relation, a blank total's left to V202.

use super::{Check, Rule};
use crate::document::Document;
use crate::finding::{CellRef, Consequence, Facts, Finding, RuleMeta, Scope, Severity};
use crate::model::Table;
use crate::sums::{diagnose, evaluate, CellAt, Diagnosis, Evaluation, Fix};
use crate::template::{printed_col, printed_row, SumRelation, SumShape};
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

/// The mistakes the relations show in every table read, in table order (made once while the
/// rules run over a document: every relation's rule asks).
pub fn diagnoses(document: &Document) -> Vec<(&Table, Diagnosis)> {
    let kept = super::prose::kept(document, |m| m.diagnoses.clone()).unwrap_or_else(|| {
        let mut found = Vec::new();
        for (ti, table) in document.tables.iter().enumerate().filter(|(_, t)| t.found) {
            found.extend(diagnose(table).into_iter().map(|d| (ti, d)));
        }
        let found = std::rc::Rc::new(found);
        super::prose::keep(document, |m| m.diagnoses = Some(found.clone()));
        found
    });
    kept.iter().map(|(ti, d)| (&document.tables[*ti], d.clone())).collect()
}

/// The code a diagnosis is reported under: V202 for a blank total to fill in, else the first
/// failed relation's.
pub fn diagnosis_code(table: &Table, d: &Diagnosis) -> &'static str {
    match d.unique() {
        Some(fix) if table.rows[fix.cell.0].cells[fix.cell.1].is_blank() => "V202",
        _ => d.failed[0].instance.relation.code,
    }
}

/// `table` with the cells its diagnoses name for certain set to the values they should hold;
/// `None` when they name none.
pub fn mended(table: &Table) -> Option<Table> {
    let fixes: Vec<Fix> = diagnose(table).iter().filter_map(Diagnosis::unique).collect();
    if fixes.is_empty() {
        return None;
    }
    let mut t = table.clone();
    for fix in fixes {
        let cell = &mut t.rows[fix.cell.0].cells[fix.cell.1];
        cell.value = Some(crate::value::Value::Number { value: fix.value, unit: None });
    }
    Some(t)
}

pub fn check(document: &Document, relation: &'static SumRelation, out: &mut Vec<Finding>) {
    // Relations are matched by code: `SUM_RELATIONS` is a const, so its address differs
    // between codegen units.
    for (table, d) in diagnoses(document) {
        if d.candidates.is_empty() {
            for e in d.failed.iter().filter(|e| e.instance.relation.code == relation.code) {
                if !blank_total(table, e) && !leans_on_blank_total(table, e) {
                    out.push(finding(meta(relation), table, e, false));
                }
            }
        } else if diagnosis_code(table, &d) == relation.code {
            out.push(diagnosis_finding(meta(relation), table, &d));
        }
    }
}

fn written(table: &Table, (r, c): CellAt) -> String {
    crate::normalize::shown(table.rows[r].cells[c].raw.as_deref().unwrap_or(""))
}

fn shown_value(table: &Table, (r, c): CellAt) -> String {
    let w = written(table, (r, c));
    if w.is_empty() {
        "（空白）".to_string()
    } else {
        w
    }
}

/// A row's name in an equation: its printed label without the words every row of its kind
/// repeats (「一、本年新收」, 「（七）总计」).
fn row_name(path: &str) -> String {
    let printed = printed_row(path);
    for tail in ["政府信息公开申请数量", "继续办理"] {
        if let Some(p) = printed.strip_suffix(tail) {
            return p.to_string();
        }
    }
    printed
}

/// A relation that does not hold, in the printed labels with the values as written:
/// 「（一）予以公开」行：总计（13）≠ 自然人（12）+ 商业企业（2）+ …; for a column of many parts
/// only those not 0 are named.
pub fn equation(table: &Table, e: &Evaluation) -> String {
    let i = &e.instance;
    let term = |cell: CellAt, name: String| match written(table, cell) {
        w if w.is_empty() => format!("{name}（空白）"),
        w => format!("{name}（{w}）"),
    };
    let col_name = |cell: CellAt| printed_col(table.rows[0].cells[cell.1].col);
    let row_of = |cell: CellAt| row_name(&table.rows[cell.0].path);
    match &i.relation.shape {
        SumShape::EachRow { .. } => {
            let total = term(i.total[0], col_name(i.total[0]));
            let parts: Vec<String> = i.parts.iter().map(|&c| term(c, col_name(c))).collect();
            format!("「{}」行：{total} ≠ {}", printed_row(&i.scope), parts.join(" + "))
        }
        SumShape::EachColumn { parts_name, .. } => {
            let total = term(i.total[0], row_of(i.total[0]));
            let nonzero: Vec<String> =
                i.parts.iter().zip(&e.part_amounts).filter(|(_, v)| **v != 0.0).map(|(&c, _)| term(c, row_of(c))).collect();
            let parts = if nonzero.is_empty() { "均为0".to_string() } else { nonzero.join(" + ") };
            format!("「{}」列：{total} ≠ {parts_name}之和{}（{parts}）", printed_col(&i.scope), fmt(e.parts_sum()))
        }
        SumShape::Balance { .. } => {
            let side = |cells: &[CellAt]| cells.iter().map(|&c| term(c, row_of(c))).collect::<Vec<_>>().join(" + ");
            format!("「{}」列：{} ≠ {}", printed_col(&i.scope), side(&i.total), side(&i.parts))
        }
        SumShape::EachGroup { .. } => {
            let name = |c: CellAt| {
                let col = table.rows[0].cells[c.1].col;
                printed_col(col.rsplit('/').next().unwrap_or(col))
            };
            let total = term(i.total[0], name(i.total[0]));
            let parts: Vec<String> = i.parts.iter().map(|&c| term(c, name(c))).collect();
            format!("「{}」：{total} ≠ {}", printed_col(&i.scope), parts.join(" + "))
        }
    }
}

/// The one finding of a mistake: the cell to change and the value it should hold (or, when the
/// relations cannot tell which, each cell that would do), with the relations that fail because
/// of it as its consequences.
pub fn diagnosis_finding(meta: RuleMeta, table: &Table, d: &Diagnosis) -> Finding {
    let equations: Vec<String> = d.failed.iter().map(|e| equation(table, e)).collect();
    let cell = |&(r, c): &CellAt| CellRef::of(table, &table.rows[r].path, table.rows[r].cells[c].col);
    let broken =
        if equations.len() == 1 { "勾稽关系不成立".to_string() } else { format!("{}处勾稽关系不成立", equations.len()) };
    let (message, mut cells, facts) = match d.unique() {
        Some(fix) => {
            let c = cell(&fix.cell).expecting(fmt(fix.value));
            let written = written(table, fix.cell);
            let message = format!(
                "{}写作{}，按勾稽关系应为{}（{broken}：{}）",
                c.place(),
                if written.is_empty() { "（空白）".to_string() } else { format!("「{written}」") },
                fmt(fix.value),
                equations.join("；")
            );
            (message, vec![c], Facts { written: Some(written), expected: Some(fmt(fix.value)), ..Facts::default() })
        }
        None => {
            let cs: Vec<CellRef> = d.candidates.iter().map(|f| cell(&f.cell).expecting(fmt(f.value))).collect();
            let options: Vec<String> = cs
                .iter()
                .zip(&d.candidates)
                .map(|(c, f)| {
                    let place = c.place();
                    let place = place.strip_prefix(&format!("「{}」表", table.id.title())).unwrap_or(&place).to_string();
                    let w = shown_value(table, f.cell);
                    let w = if w == "（空白）" { w } else { format!("「{w}」") };
                    format!("{place}（写作{w}，应为{}）", fmt(f.value))
                })
                .collect();
            let message = format!(
                "「{}」表{broken}：{}；改动以下任一单元格即可使其成立，请核对以下之一：{}",
                table.id.title(),
                equations.join("；"),
                options.join("；")
            );
            (message, cs, Facts::default())
        }
    };
    for e in &d.failed {
        let all_parts = e.instance.parts.len() <= 6;
        let taking_part = e
            .instance
            .total
            .iter()
            .map(|c| (c, true))
            .chain(e.instance.parts.iter().zip(&e.part_amounts).map(|(c, v)| (c, all_parts || *v != 0.0)));
        for (c, shown) in taking_part {
            let r = cell(c);
            if shown && !cells.iter().any(|x| x.table == r.table && x.row == r.row && x.col == r.col) {
                cells.push(r);
            }
        }
    }
    let mut f = meta.finding(message);
    f.cells = cells;
    f.facts = Facts { total: Some(d.failed[0].total()), parts_sum: Some(d.failed[0].parts_sum()), ..facts };
    f.consequences = d
        .failed
        .iter()
        .zip(&equations)
        .map(|(e, eq)| Consequence { code: e.instance.relation.code, rule: e.instance.relation.name, message: eq.clone() })
        .collect();
    f.locate_cells()
}

/// The finding for a relation that does not hold; `blank` when its total is blank (V202).
pub fn finding(meta: RuleMeta, table: &Table, e: &Evaluation, blank: bool) -> Finding {
    let i = &e.instance;
    let sum = fmt(e.parts_sum());
    let total_written = i.total_cell().map(|c| written(table, c)).unwrap_or_default();
    let eq = equation(table, e);
    let message = match i.total_cell() {
        Some(t) if blank => format!(
            "{}为（空白），按分项之和应为{sum}（{eq}）",
            CellRef::of(table, &table.rows[t.0].path, table.rows[t.0].cells[t.1].col).place()
        ),
        Some(_) => format!("勾稽关系不成立：{eq}；分项之和为{sum}"),
        None => format!("勾稽关系不成立：{eq}"),
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

/// A mistake the relations leave open between several cells, when a prose finding says which:
/// the prose states the value one candidate should hold (its finding asks to change that cell
/// to it). The table's finding then names that cell, with the prose as one more consequence,
/// and the prose finding is dropped (one finding per mistake).
pub fn settle_with_prose(out: &mut Vec<Finding>) {
    let same = |a: &CellRef, b: &CellRef| a.table == b.table && a.row == b.row && a.col == b.col;
    let mut i = 0;
    while i < out.len() {
        let open = out[i].scope == Scope::Table
            && !out[i].consequences.is_empty()
            && out[i].cells.iter().filter(|c| c.expected.is_some()).count() > 1;
        if !open {
            i += 1;
            continue;
        }
        let pick = out.iter().enumerate().find_map(|(j, p)| {
            if p.scope != Scope::Prose {
                return None;
            }
            let pc = p.cells.iter().find(|c| c.expected.is_some())?;
            let k = out[i].cells.iter().position(|c| same(c, pc) && c.expected == pc.expected)?;
            Some((j, k))
        });
        let Some((j, k)) = pick else {
            i += 1;
            continue;
        };
        let prose = out[j].clone();
        let f = &mut out[i];
        let chosen = f.cells.remove(k);
        for c in f.cells.iter_mut() {
            c.expected = None;
        }
        let written = chosen.value.as_deref().map(crate::normalize::shown).unwrap_or_default();
        let expected = chosen.expected.clone().unwrap_or_default();
        let excerpt = prose.excerpt.clone().unwrap_or_default();
        let equations: Vec<String> = f.consequences.iter().map(|c| c.message.clone()).collect();
        f.message = format!(
            "{}写作{}，按勾稽关系和正文「{}」应为{}（勾稽关系不成立：{}）",
            chosen.place(),
            if written.is_empty() { "（空白）".to_string() } else { format!("「{written}」") },
            crate::normalize::shown(&excerpt),
            expected,
            equations.join("；")
        );
        f.facts.written = Some(written);
        f.facts.expected = Some(expected);
        f.consequences.push(Consequence {
            code: prose.code,
            rule: prose.rule,
            message: format!("正文「{}」", crate::normalize::shown(&excerpt)),
        });
        f.cells.insert(0, chosen);
        f.locations.extend(prose.locations.iter().cloned());
        out.remove(j);
        if j < i {
            i -= 1;
        }
        i += 1;
    }
}
