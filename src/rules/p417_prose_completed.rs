//! P417 prose-completed — 正文所述办结件数、结转下年度件数与表三不符.
//!
//! Basis: the prose and the tables report the same year. A count of applications completed
//! (办结/答复/办理完毕/处理完毕 N件: "共办结148件") is compared with 表三「三、本年度办理结果」
//! 「（七）总计」的总计; a count carried over into next year (结转下年度/结转至下一年度/结转至
//! {下一年}年 N件) with 「四、结转下年度继续办理」的总计. The count must follow the word closely
//! ("办结148件", "答复各类申请148件" is not read). Rates (办结率), time limits (按时, 时限, 期限),
//! parts (其中, 涉及), changes (同比, 增加, 减少, 较上年), cumulative figures (累计, 历年, 以来),
//! other years and approximations are skipped, and so are sentences that do not speak of
//! applications (申请). Which side to change is decided as in P411.

use super::prose::{case_counts, clauses, hits, report, stated_counts, this_years, vocabulary, Claim, Figure, Tolerance, Topic};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::{rows, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "P417", name: "prose-completed", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述办结件数、结转下年度件数与表格不符" };

const SKIP: &[&str] = &["办结率", "按时", "时限", "期限", "其中", "涉及", "同比", "增加", "减少", "较上年", "累计", "历年", "以来", "复议", "诉讼"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    let vocabulary = vocabulary(document);
    // Only sentences about applications ("共办结148件" of 审批事项 is not this table's).
    for s in document.sentences.iter().filter(|s| s.text.contains("申请")) {
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if SKIP.iter().any(|w| clause.contains(w)) || !this_years(document, s, (a, b), true) {
                continue;
            }
            let found = hits(clause, &vocabulary);
            let counts = case_counts(clause);
            let stated = stated_counts(clause, &found, &counts);
            for (h, c) in found.iter().zip(stated) {
                let row = match h.topic {
                    Topic::Completed => rows::RESULTS_TOTAL,
                    Topic::CarriedOut => rows::CARRIED_OUT,
                    _ => continue,
                };
                let Some(c) = c.filter(|c| !c.approximate && c.start >= h.end) else { continue };
                // The count right after the word, or after 了/共/申请.
                let gap: String = clause[h.end..c.start].chars().filter(|ch| !"了共计申请政府信息公开的 ".contains(*ch)).collect();
                if !gap.is_empty() {
                    continue;
                }
                let claim = Claim { sentence: s, range: (a + h.start, a + c.end), stated: c.value as f64, number: Some((a + c.start, a + c.number_end)) };
                report(out, META, document, &claim, &Figure::row_cols(table, row, &["总计"]), Tolerance::Exact);
            }
        }
    }
}
