//! V204 glued-digits — 相邻单元格的数字粘连在一起.
//!
//! Basis: text copied or extracted from a page or a PDF often loses the separators between a
//! row's cells ("713000074"). The reader splits such runs (see `crate::glued`): each row by
//! the sum relations within it (template::SUM_RELATIONS), then the rows left with several
//! readings together, by the relations between rows (each column's sum, the balance of 表三);
//! a 主动公开 row, which no relation ties, only where its digits allow one reading. Said once per
//! table: which rows were split, and how where it took the other rows to decide; and once per
//! table which rows could not be split, why, and that only their cells equal in every reading
//! were checked. Nothing is guessed.

use crate::document::Document;
use crate::finding::{CellRef, Finding, RuleMeta, Scope, Severity};
use crate::reader::{GluedRun, RowRead};
use crate::template::{printed_col, printed_row, TableId, SUM_RELATIONS};

pub const META: RuleMeta =
    RuleMeta { code: "V204", name: "glued-digits", severity: Severity::Info, scope: Scope::Table, summary: "相邻单元格的数字粘连在一起" };

/// 「…」行 for a row path, or nothing for the appeals table's one unlabelled row.
fn row_words(path: &str) -> String {
    let p = printed_row(path);
    if p.is_empty() {
        String::new()
    } else {
        format!("「{p}」行")
    }
}

/// 「…」「…」 for the prose's words.
fn quoted_all(words: &[String]) -> String {
    words.iter().map(|w| format!("「{w}」")).collect()
}

fn run_of(row: &RowRead) -> String {
    row.written.iter().map(|w| w.0.trim()).collect::<Vec<_>>().join(" ")
}

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    for id in TableId::ALL {
        let rows: Vec<&RowRead> = document.observations.rows.iter().filter(|r| r.table == id && r.glued.is_some()).collect();
        if rows.is_empty() {
            continue;
        }
        let related = SUM_RELATIONS.iter().any(|r| r.table == id);
        split(document, id, related, &rows, out);
        unsplit(document, id, related, &rows, out);
    }
}

/// One note for the rows that were split.
fn split(_document: &Document, id: TableId, related: bool, rows: &[&RowRead], out: &mut Vec<Finding>) {
    let done: Vec<&&RowRead> = rows.iter().filter(|r| matches!(r.glued, Some(GluedRun::Split | GluedRun::SplitByTable | GluedRun::SplitByProse))).collect();
    let Some(first) = done.first() else { return };
    let how = if related { "已按勾稽关系唯一地拆分" } else { "各行只有一种拆分方式，已按此拆分" };
    let mut message = format!("「{}」表中相邻单元格的数字粘连在一起（如{}写作「{}」），{how}", id.title(), row_words(&first.path), run_of(first));
    let how_split = |r: &RowRead| {
        let mut s = format!("{}「{}」拆为{}", row_words(&r.path), run_of(r), r.readings[0].join("、"));
        if r.glued == Some(GluedRun::SplitByProse) {
            s.push_str(&format!("（多种拆分中只有这一种与正文{}相符）", quoted_all(&r.by_prose)));
        }
        s
    };
    if related {
        let jointly: Vec<String> = done.iter().filter(|r| r.glued == Some(GluedRun::SplitByTable)).map(|r| how_split(r)).collect();
        if !jointly.is_empty() {
            message.push_str(&format!("；其中{}，单看本行有多种拆分，结合表中其他行及各列的勾稽关系只有这一种成立", jointly.join("，")));
        }
    } else {
        // No relation decides here: every split row is named, with how it was split.
        let rows: Vec<String> = done.iter().map(|r| how_split(r)).collect();
        message = if done.iter().any(|r| r.glued == Some(GluedRun::SplitByProse)) {
            format!("「{}」表中相邻单元格的数字粘连在一起，以下各行已唯一地拆分：{}", id.title(), rows.join("；"))
        } else {
            format!("「{}」表中相邻单元格的数字粘连在一起，以下各行只有一种拆分方式，已按此拆分：{}", id.title(), rows.join("，"))
        };
    }
    let mut f = META.finding(message);
    f.location = first.written.first().map(|w| w.1.clone());
    out.push(f);
}

/// One note for the rows that could not be split, or only in part.
fn unsplit(document: &Document, id: TableId, related: bool, rows: &[&RowRead], out: &mut Vec<Finding>) {
    let left: Vec<&&RowRead> = rows.iter().filter(|r| !matches!(r.glued, Some(GluedRun::Split | GluedRun::SplitByTable | GluedRun::SplitByProse))).collect();
    if left.is_empty() {
        return;
    }
    let table = document.table(id);
    let cell = |r: &RowRead, col: &str| table.and_then(|t| t.cell(&r.path, col)).filter(|c| c.raw.is_some());
    let mut items = Vec::new();
    let mut cells = Vec::new();
    let mut any_certain = false;
    for r in &left {
        let n = r.columns.len();
        let why = match r.glued {
            Some(GluedRun::Ambiguous) if related => format!("有{}种拆分都符合勾稽关系", r.readings.len()),
            Some(GluedRun::Ambiguous) if !r.by_prose.is_empty() => format!("有{}种拆分与正文{}相符", r.readings.len(), quoted_all(&r.by_prose)),
            Some(GluedRun::Ambiguous) => format!("有{}种拆分", r.readings.len()),
            Some(GluedRun::Conflict) => {
                "单看本行可以拆分，但没有一种拆分能与表中其他行一起使各列的勾稽关系成立（表中数字可能有误，请核对原表）".to_string()
            }
            Some(GluedRun::TooLong) => "数字过长，可能的拆分过多".to_string(),
            _ if related => "没有一种拆分符合本行的勾稽关系".to_string(),
            _ => format!("无法拆分为{n}个单元格"),
        };
        let certain: Vec<String> = r
            .columns
            .iter()
            .filter_map(|col| cell(r, col).map(|c| format!("「{}」列都是{}", printed_col(col), c.raw.as_deref().unwrap_or(""))))
            .collect();
        let open: Vec<String> = r.columns.iter().filter(|col| cell(r, col).is_none()).map(|col| format!("「{}」", printed_col(col))).collect();
        let mut item = format!("{}（「{}」）{why}", row_words(&r.path), run_of(r));
        if !certain.is_empty() {
            any_certain = true;
            // Whichever is shorter: the cells every reading shares, or those it leaves open.
            if certain.len() <= open.len() {
                item.push_str(&format!("，但各种拆分下{}", certain.join("、")));
            } else {
                item.push_str(&format!("，其中只有{}列无法确定", open.join("")));
            }
        }
        items.push(item);
        for col in &r.columns {
            if cell(r, col).is_none() {
                cells.push(CellRef { col: col.to_string(), location: r.written.first().map(|w| w.1.clone()), ..CellRef::row(id, &r.path) });
            }
        }
    }
    let rest = match (any_certain, items.len()) {
        (true, _) => "各种拆分下都相同的单元格已参与核对，其余单元格未参与核对",
        (false, 1) => "该行未参与核对",
        _ => "这些行未参与核对",
    };
    let message = if let [one] = items.as_slice() {
        format!("「{}」表中数字粘连在一起，无法唯一拆分：{one}；{rest}", id.title())
    } else {
        format!("「{}」表中有{}行的数字粘连在一起，无法唯一拆分：{}；{rest}", id.title(), items.len(), items.join("；"))
    };
    let mut f = META.finding(message);
    f.cells = cells;
    if f.cells.is_empty() {
        f.location = left[0].written.first().map(|w| w.1.clone());
    }
    out.push(f.locate_cells());
}
