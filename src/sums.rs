//! The one evaluator of the template's sum relations ([`crate::template::SUM_RELATIONS`]): it
//! turns each relation into instances over a table's cells (one per row, column or group) and
//! evaluates them. The rules make findings from the evaluations; the reader tests glued-digit
//! splits with the instances that lie within one row. Nothing here makes a finding.

use crate::model::Table;
use crate::template::{SumRelation, SumShape, SUM_RELATIONS};

/// A cell of a table by position: (row index, column index) into `Table::rows[..].cells`.
pub type CellAt = (usize, usize);

/// One relation applied to one row, column or group of a table.
#[derive(Debug, Clone)]
pub struct Instance {
    pub relation: &'static SumRelation,
    /// What the instance is about: a row path (EachRow), a column (EachColumn, Balance) or a
    /// column group (EachGroup).
    pub scope: String,
    /// The total side (one cell, or two for a balance).
    pub total: Vec<CellAt>,
    /// The parts side.
    pub parts: Vec<CellAt>,
}

impl Instance {
    /// The single total cell, when the total side is one cell.
    pub fn total_cell(&self) -> Option<CellAt> {
        match self.total.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

fn col_index(table: &Table, row: usize, col: &str) -> Option<usize> {
    table.rows[row].cells.iter().position(|c| c.col == col)
}

fn row_index(table: &Table, path: &str) -> Option<usize> {
    table.rows.iter().position(|r| r.path == path)
}

/// Every instance of every relation over `table`, in the order of the relations, then rows or
/// columns as the table has them.
pub fn instances(table: &Table) -> Vec<Instance> {
    let mut out = Vec::new();
    for relation in SUM_RELATIONS.iter().filter(|r| r.table == table.id) {
        instances_of(relation, table, &mut out);
    }
    out
}

fn instances_of(relation: &'static SumRelation, table: &Table, out: &mut Vec<Instance>) {
    let columns: Vec<&'static str> = table.rows.first().map(|r| r.cells.iter().map(|c| c.col).collect()).unwrap_or_default();
    match &relation.shape {
        SumShape::EachRow { total, parts, .. } => {
            for (ri, row) in table.rows.iter().enumerate() {
                let Some(t) = col_index(table, ri, total) else { continue };
                let Some(p): Option<Vec<usize>> = parts.iter().map(|c| col_index(table, ri, c)).collect() else { continue };
                out.push(Instance {
                    relation,
                    scope: row.path.clone(),
                    total: vec![(ri, t)],
                    parts: p.into_iter().map(|c| (ri, c)).collect(),
                });
            }
        }
        SumShape::EachColumn { total, under, .. } => {
            let Some(t) = row_index(table, total) else { return };
            let prefix = format!("{under}/");
            let part_rows: Vec<usize> = (0..table.rows.len()).filter(|&r| r != t && table.rows[r].path.starts_with(&prefix)).collect();
            for (ci, col) in columns.iter().enumerate() {
                out.push(Instance {
                    relation,
                    scope: col.to_string(),
                    total: vec![(t, ci)],
                    parts: part_rows.iter().map(|&r| (r, ci)).collect(),
                });
            }
        }
        SumShape::Balance { left, right, .. } => {
            let Some(l): Option<Vec<usize>> = left.iter().map(|p| row_index(table, p)).collect() else { return };
            let Some(r): Option<Vec<usize>> = right.iter().map(|p| row_index(table, p)).collect() else { return };
            for (ci, col) in columns.iter().enumerate() {
                out.push(Instance {
                    relation,
                    scope: col.to_string(),
                    total: l.iter().map(|&row| (row, ci)).collect(),
                    parts: r.iter().map(|&row| (row, ci)).collect(),
                });
            }
        }
        SumShape::EachGroup { groups, total, parts } => {
            for (ri, _) in table.rows.iter().enumerate() {
                for group in groups.iter() {
                    let Some(t) = col_index(table, ri, &format!("{group}/{total}")) else { continue };
                    let Some(p): Option<Vec<usize>> = parts.iter().map(|c| col_index(table, ri, &format!("{group}/{c}"))).collect() else {
                        continue;
                    };
                    out.push(Instance {
                        relation,
                        scope: group.to_string(),
                        total: vec![(ri, t)],
                        parts: p.into_iter().map(|c| (ri, c)).collect(),
                    });
                }
            }
        }
    }
}

/// The relations that lie within one row of a table, as column indices: (total columns, part
/// columns). The glued-digit splitter accepts a split only if every one of them holds.
pub fn row_constraints(table: &Table, row: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    row_constraints_of(&instances(table), row)
}

/// [`row_constraints`] from a table's instances, computed once for many rows.
pub fn row_constraints_of(instances: &[Instance], row: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    instances
        .iter()
        .filter(|i| i.total.iter().chain(&i.parts).all(|&(r, _)| r == row))
        .map(|i| (i.total.iter().map(|c| c.1).collect(), i.parts.iter().map(|c| c.1).collect()))
        .collect()
}

/// An instance with every cell's amount known (blanks count as 0).
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub instance: Instance,
    pub total_amounts: Vec<f64>,
    pub part_amounts: Vec<f64>,
}

impl Evaluation {
    pub fn total(&self) -> f64 {
        self.total_amounts.iter().sum()
    }
    pub fn parts_sum(&self) -> f64 {
        self.part_amounts.iter().sum()
    }
    pub fn holds(&self) -> bool {
        (self.total() - self.parts_sum()).abs() < 1e-6
    }
}

/// Evaluates every instance over `table` whose cells all hold an amount (a missing cell, or text
/// where a number belongs, leaves the instance unevaluated: other rules say why).
pub fn evaluate(table: &Table) -> Vec<Evaluation> {
    let amount = |&(r, c): &CellAt| table.rows[r].cells[c].amount();
    instances(table)
        .into_iter()
        .filter_map(|instance| {
            let total_amounts: Option<Vec<f64>> = instance.total.iter().map(amount).collect();
            let part_amounts: Option<Vec<f64>> = instance.parts.iter().map(amount).collect();
            Some(Evaluation { total_amounts: total_amounts?, part_amounts: part_amounts?, instance })
        })
        .collect()
}

/// A change of one cell: the value it should hold for the relations around it to hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub cell: CellAt,
    pub value: f64,
}

/// One mistake as the relations show it: the evaluations that fail because of it, and each
/// single cell whose change would make all of them hold without breaking any other (one when
/// the relations pin the cell down, several when they cannot tell: a part or the total of a
/// relation that shares no cell with another). No candidate: no single cell explains them.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub failed: Vec<Evaluation>,
    pub candidates: Vec<Fix>,
}

impl Diagnosis {
    /// The one cell to change, when the relations name exactly one.
    pub fn unique(&self) -> Option<Fix> {
        match self.candidates.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

fn involves(e: &Evaluation, cell: CellAt) -> bool {
    e.instance.total.contains(&cell) || e.instance.parts.contains(&cell)
}

/// The value `cell` must hold for every evaluation that involves it to hold, the other cells as
/// they are: `None` when they ask for different values, for a negative or fractional count, or
/// for the value it already holds.
fn value_for(evals: &[Evaluation], table: &Table, cell: CellAt) -> Option<f64> {
    let current = table.rows[cell.0].cells[cell.1].amount()?;
    let mut wanted: Option<f64> = None;
    for e in evals.iter().filter(|e| involves(e, cell)) {
        let v =
            if e.instance.total.contains(&cell) { e.parts_sum() - (e.total() - current) } else { e.total() - (e.parts_sum() - current) };
        match wanted {
            None => wanted = Some(v),
            Some(w) if (w - v).abs() < 1e-6 => {}
            Some(_) => return None,
        }
    }
    let v = wanted?;
    if v < -1e-9 || (v - v.round()).abs() > 1e-6 || (v - current).abs() < 1e-6 {
        return None;
    }
    Some(v.round())
}

/// The mistakes the relations of `table` show, each with the cells that would mend it: one
/// diagnosis when a single cell explains every failed relation; otherwise one per set of failed
/// relations that a single cell explains, when the cells found so cover every failure without
/// sharing one (two or three separate mistakes); otherwise one diagnosis of all the failures
/// with no candidate.
pub fn diagnose(table: &Table) -> Vec<Diagnosis> {
    let evals = evaluate(table);
    let failed: Vec<usize> = (0..evals.len()).filter(|&i| !evals[i].holds()).collect();
    if failed.is_empty() {
        return Vec::new();
    }
    // Every cell of a failed relation, with the failed relations it takes part in.
    let mut cells: Vec<CellAt> = Vec::new();
    for &i in &failed {
        for &c in evals[i].instance.total.iter().chain(&evals[i].instance.parts) {
            if !cells.contains(&c) {
                cells.push(c);
            }
        }
    }
    let mut explaining: Vec<(Fix, Vec<usize>)> = Vec::new();
    for &c in &cells {
        if let Some(value) = value_for(&evals, table, c) {
            let covers: Vec<usize> = failed.iter().copied().filter(|&i| involves(&evals[i], c)).collect();
            explaining.push((Fix { cell: c, value }, covers));
        }
    }
    let failed_evals = |ids: &[usize]| ids.iter().map(|&i| evals[i].clone()).collect::<Vec<_>>();
    let all: Vec<Fix> = explaining.iter().filter(|(_, cov)| *cov == failed).map(|(f, _)| *f).collect();
    if !all.is_empty() {
        return vec![Diagnosis { failed: failed_evals(&failed), candidates: all }];
    }
    // Several mistakes: group the failed relations by the sets single cells explain; a set is a
    // mistake when the sets found cover the failures exactly, without overlapping.
    let mut sets: Vec<(Vec<usize>, Vec<Fix>)> = Vec::new();
    for (fix, cov) in &explaining {
        match sets.iter_mut().find(|(c, _)| c == cov) {
            Some((_, fixes)) => fixes.push(*fix),
            None => sets.push((cov.clone(), vec![*fix])),
        }
    }
    // The largest sets first; keep those that overlap none kept before.
    crate::sort::by_key(&mut sets[..], |(c, _)| std::cmp::Reverse(c.len()));
    let mut kept: Vec<(Vec<usize>, Vec<Fix>)> = Vec::new();
    for (cov, fixes) in sets {
        if kept.iter().all(|(k, _)| k.iter().all(|i| !cov.contains(i))) {
            kept.push((cov, fixes));
        }
    }
    let covered: usize = kept.iter().map(|(c, _)| c.len()).sum();
    if covered == failed.len() && kept.len() <= 3 {
        crate::sort::by_key(&mut kept[..], |(c, _)| c[0]);
        return kept.into_iter().map(|(cov, candidates)| Diagnosis { failed: failed_evals(&cov), candidates }).collect();
    }
    vec![Diagnosis { failed: failed_evals(&failed), candidates: Vec::new() }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{Format, TableId};

    fn skeleton(format: Format, id: TableId) -> Table {
        crate::reader::skeleton(format).into_iter().find(|t| t.id == id).unwrap()
    }

    #[test]
    fn relations_become_instances_by_name() {
        let req = skeleton(Format::V2021, TableId::Requests);
        let inst = instances(&req);
        let count = |code: &str| inst.iter().filter(|i| i.relation.code == code).count();
        // T101 on each of the 27 leaf rows, T102 and T103 on each of the 7 columns.
        assert_eq!((count("T101"), count("T102"), count("T103")), (req.rows.len(), 7, 7));
        let t102 = inst.iter().find(|i| i.relation.code == "T102").unwrap();
        // (一), (二), 8 + 3 + 5 + 3 sub-items: 21 parts in the 2021 format.
        assert_eq!(t102.parts.len(), 21);
        let req19 = skeleton(Format::V2019, TableId::Requests);
        let t102 = instances(&req19).into_iter().find(|i| i.relation.code == "T102").unwrap();
        assert_eq!(t102.parts.len(), 19);
        let appeals = skeleton(Format::V2021, TableId::Appeals);
        assert_eq!(
            row_constraints(&appeals, 0),
            vec![(vec![4], vec![0, 1, 2, 3]), (vec![9], vec![5, 6, 7, 8]), (vec![14], vec![10, 11, 12, 13])]
        );
        assert_eq!(row_constraints(&req, 0), vec![(vec![6], vec![0, 1, 2, 3, 4, 5])]);
        assert!(row_constraints(&skeleton(Format::V2021, TableId::Active), 0).is_empty());
    }
}
