//! P416 prose-active — 正文所述规章、规范性文件、行政许可等数字与表二（主动公开）不符.
//!
//! Basis: the table of 第二十条 items (主动公开政府信息情况) and the prose report the same year. A
//! count of 规章 or (行政)规范性文件 with what is counted — 制发/印发/出台/制定 (本年制发件数), 废止
//! (本年废止件数), 现行有效 (现行有效件数); in the 2019 format 新制作/制发 (本年新制作数量) only —
//! ("动态更新本年度制发的规范性文件77件", "行政规范性文件制发3件、废止1件"); a count of 行政许可,
//! 行政处罚 or 行政强制 decisions ("作出行政许可决定2418件", "行政处罚案件644件"; not 信息, 事项,
//! 公示, 受理); and 行政事业性收费 in 万元 or 元 (2021 format: at the precision written) are
//! compared with their cells. A row whose digits were glued together and could not be split is
//! compared with every split: the prose is contradicted only when no split gives its figure.
//! These cells take part in no sum relation, so nothing confirms either side: the finding asks
//! to check, and says what the prose should read if the table is right.

use super::prose::{mentions, 
    clauses, report, counts, decimals, hits, stated_counts, this_years, vocabulary, Claim, Count, Figure, Hit, Tolerance, Topic,
    ACTIVE_SUBJECTS, ACTIVE_VERBS,
};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::model::{Sentence, Table};
use crate::template::{Format, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "P416", name: "prose-active", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述主动公开（规章、规范性文件、行政许可等）数字与表格不符" };

/// Words before a count of decisions that make it a count of something else.
const NOT_DECISIONS: &[&str] = &["公示", "公开", "发布", "上传", "录入", "推送", "受理", "收到", "申请", "信息", "清单", "事项", "目录", "权力", "备案"];
/// What may stand between 行政许可 (处罚, 强制) and its count of decisions.
const DECISION_GAP: &[&str] = &["处理决定", "决定书", "决定", "案件", "措施", "共计", "共", "计", "数量", "总数", "为", "达"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    visit(document, &mut |claim, figure, tolerance| report(out, META, document, claim, figure, tolerance));
}

/// What the prose states of one cell of the 主动公开 table: the cell (row path, column), the
/// figure, how close the cell must be to agree, and the claim's words.
pub struct StatedCell {
    pub row: String,
    pub col: &'static str,
    pub stated: f64,
    pub tolerance: Tolerance,
    pub excerpt: String,
}

/// Every figure the prose states of one cell of the 主动公开 table (what this rule compares):
/// the glued-digit splitter keeps the readings of a row that agree with them.
pub fn stated_cells(document: &Document) -> Vec<StatedCell> {
    let mut out = Vec::new();
    visit(document, &mut |claim, figure, tolerance| {
        if let [(row, col)] = figure.cells.as_slice() {
            out.push(StatedCell { row: row.clone(), col, stated: claim.stated, tolerance, excerpt: claim.excerpt().to_string() });
        }
    });
    out
}

/// Each claim of the prose about the 主动公开 table, with the cells it speaks of.
fn visit(document: &Document, each: &mut dyn FnMut(&Claim, &Figure, Tolerance)) {
    let Some(table) = document.table(TableId::Active) else { return };
    let v2019 = document.format == Some(Format::V2019);
    let vocabulary = vocabulary(document);
    for (si, s) in document.sentences.iter().enumerate() {
        // A sentence without a word of the vocabulary has no claim.
        if !mentions(document, si, &vocabulary) {
            continue;
        }
        // The subject (规章, 规范性文件) carries over the clauses of a sentence
        // ("行政规范性文件：制发3件，废止1件").
        let mut subject: Option<usize> = None;
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            let found = hits(clause, &vocabulary);
            if !this_years(document, s, (a, b), false) {
                subject = None;
                continue;
            }
            let cs = counts(clause, &["件", "部", "个", "起", "宗"]);
            let stated = stated_counts(clause, &found, &cs);
            for (i, (h, c)) in found.iter().zip(&stated).enumerate() {
                let (k, verb, start, c) = match h.topic {
                    Topic::ActiveSubject(5) => {
                        fee(table, s, a, clause, (h.start, h.end), v2019, each);
                        continue;
                    }
                    Topic::ActiveSubject(k) if k >= 2 => {
                        if let Some(c) = c.filter(|c| !c.approximate && c.start >= h.end) {
                            decisions(table, s, a, clause, h, k, &c, v2019, each);
                        }
                        continue;
                    }
                    // 规章/规范性文件 with a count: what is counted is the verb right before it
                    // ("制发的规范性文件77件", "现行有效行政规范性文件393件").
                    Topic::ActiveSubject(k) => {
                        subject = Some(k);
                        let Some(c) = c.filter(|c| !c.approximate) else { continue };
                        let Some(v) = i.checked_sub(1).map(|j| &found[j]) else { continue };
                        let Topic::ActiveVerb(j) = v.topic else { continue };
                        if clause[v.end..h.start].chars().count() > 6 {
                            continue;
                        }
                        (k, j, v.start, c)
                    }
                    // A verb with a count counts the subject named before it.
                    Topic::ActiveVerb(j) => {
                        let (Some(k), Some(c)) = (subject, c.filter(|c| !c.approximate && c.start >= h.end)) else { continue };
                        (k, j, h.start, c)
                    }
                    _ => continue,
                };
                let col = if v2019 { ACTIVE_VERBS[verb].col_2019 } else { ACTIVE_VERBS[verb].col };
                let Some(col) = col else { continue };
                let row = if v2019 { ACTIVE_SUBJECTS[k].row_2019 } else { ACTIVE_SUBJECTS[k].row };
                let figure = Figure::row_cols(table, row, &[col]);
                if figure.exists() {
                    each(&claim(s, a, start, &c), &figure, Tolerance::Exact);
                }
            }
        }
    }
}

fn claim<'s>(s: &'s Sentence, a: usize, start: usize, c: &Count) -> Claim<'s> {
    Claim { sentence: s, range: (a + start.min(c.start), a + c.end), stated: c.value as f64, number: Some((a + c.start, a + c.number_end)) }
}

/// 行政许可 (处罚, 强制) with a count of decisions right after it.
#[allow(clippy::too_many_arguments)]
fn decisions(
    table: &Table,
    s: &Sentence,
    a: usize,
    clause: &str,
    h: &Hit,
    k: usize,
    c: &Count,
    v2019: bool,
    each: &mut dyn FnMut(&Claim, &Figure, Tolerance),
) {
    let mut gap = clause[h.end..c.start].trim().to_string();
    for w in DECISION_GAP {
        gap = gap.replace(w, "");
    }
    if !gap.is_empty() || NOT_DECISIONS.iter().any(|w| clause[..c.start].contains(w)) {
        return;
    }
    let col = if v2019 { "处理决定数量" } else { "本年处理决定数量" };
    let row = if v2019 { ACTIVE_SUBJECTS[k].row_2019 } else { ACTIVE_SUBJECTS[k].row };
    let figure = Figure::row_cols(table, row, &[col]);
    if figure.exists() {
        each(&claim(s, a, h.start, c), &figure, Tolerance::Exact);
    }
}

/// 行政事业性收费 N万元 (or 元) after the word (`word`, its range in the clause): compared with
/// 本年收费金额(单位:万元) at the precision written (2021 format; the 2019 format has no amount).
#[allow(clippy::too_many_arguments)]
fn fee(table: &Table, s: &Sentence, a: usize, clause: &str, word: (usize, usize), v2019: bool, each: &mut dyn FnMut(&Claim, &Figure, Tolerance)) {
    if v2019 {
        return;
    }
    let after = word.1;
    let Some(m) = decimals(&clause[after..], &["万元", "元"]).into_iter().next() else { return };
    let gap = clause[after..after + m.start].trim();
    if gap.chars().count() > 6 || ["减免", "免征", "减少", "增加", "退还", "其中", "约", "近", "余", "超"].iter().any(|w| gap.contains(w)) {
        return;
    }
    let rest = &clause[after + m.end..];
    if rest.starts_with('余') || rest.starts_with("左右") || rest.starts_with("以上") {
        return;
    }
    let figure = Figure::row_cols(table, "第二十条第(八)项/行政事业性收费", &["本年收费金额(单位:万元)"]);
    // In 元 the figure is compared in 万元 with four more decimals, and no corrected wording is
    // offered (the table's 万元 would read wrong in place of the 元).
    let (stated, places, number) = if m.unit == 0 {
        (m.value, m.decimals, Some((a + after + m.start, a + after + m.number_end)))
    } else {
        (m.value / 10_000.0, m.decimals + 4, None)
    };
    let claim = Claim { sentence: s, range: (a + word.0, a + after + m.end), stated, number };
    each(&claim, &figure, Tolerance::Decimals(places));
}
