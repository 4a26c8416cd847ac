//! P412 prose-appeals — 正文所述行政复议、行政诉讼件数与表四不符.
//!
//! Basis: the prose and the tables report the same year. "行政复议 N件/起" and "N件行政诉讼" are
//! compared with 表四's totals (行政复议「总计」; 行政诉讼 = 未经复议直接起诉「总计」 + 复议后起诉
//! 「总计」); "未发生行政复议" reads as 0. Cumulative figures (历年, 累计, 以来), parts (其中),
//! changes (同比, 增加, 减少), other years, approximations and a figure shared by both
//! ("行政复议和行政诉讼共3件") are skipped. An outcome with a count after the one subject
//! named before it in the sentence ("行政复议2件，结果维持1件、尚未审结1件") is compared with that
//! column (行政诉讼: both groups summed); "均获维持" says 纠正, 其他结果 and 尚未审结 are 0 for
//! every subject named before it, "均已审结/均已结案" that 尚未审结 is. Which side to change is
//! decided as in P411.

use super::prose::{case_counts, clauses, hits, mentions, report, stated_counts, this_years, vocabulary, Claim, Figure, Tolerance, Topic, OUTCOMES};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::TableId;

pub const META: RuleMeta =
    RuleMeta { code: "P412", name: "prose-appeals", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述行政复议、行政诉讼件数与表格不符" };

const NONE_HAPPENED: &[&str] = &["未发生", "未出现", "没有发生", "没有出现", "未产生", "未收到", "未有"];
const SKIP: &[&str] = &["历年", "累计", "以来", "其中", "同比", "增加", "减少"];

/// The 表四 totals of 行政复议 and of 行政诉讼.
pub const REVIEW_TOTAL: &[&str] = &["行政复议/总计"];
pub const LITIGATION_TOTAL: &[&str] = &["行政诉讼/未经复议直接起诉/总计", "行政诉讼/复议后起诉/总计"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

/// Words that say every case of the subjects named before them ended one way: (words, the
/// columns whose sum must then be 0).
const ALL_ENDED: &[(&[&str], &[&str])] = &[
    (&["均获维持", "均被维持", "均予维持", "全部维持", "均维持"], &["结果纠正", "其他结果", "尚未审结"]),
    (&["均已审结", "均已结案", "全部审结", "全部结案"], &["尚未审结"]),
];

/// The columns of `col` (an outcome) for a subject: 行政复议's, or both of 行政诉讼's.
fn outcome_cols(subject: Topic, col: &str) -> Vec<&'static str> {
    let groups: &[&str] = match subject {
        Topic::Review => &["行政复议"],
        _ => &["行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"],
    };
    groups.iter().filter_map(|g| crate::template::APPEAL_COLUMNS.iter().copied().find(|c| *c == format!("{g}/{col}"))).collect()
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Appeals) else { return };
    let Some(row) = table.rows.first() else { return };
    let vocabulary = vocabulary(document);
    for (si, s) in document.sentences.iter().enumerate() {
        // A sentence without a word of the vocabulary names nothing to compare.
        if !mentions(document, si, &vocabulary) {
            continue;
        }
        // The subjects (行政复议, 行政诉讼) named so far in the sentence, for the outcomes after them.
        let mut subjects: Vec<Topic> = Vec::new();
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            let found = hits(clause, &vocabulary);
            let named: Vec<Topic> = found.iter().map(|h| h.topic).filter(|t| matches!(t, Topic::Review | Topic::Litigation)).collect();
            if !named.is_empty() {
                subjects = named;
            }
            // Nothing to compare: no subject named so far (for 均获维持 and the outcomes) and no
            // word of 表四 here.
            if subjects.is_empty() && !found.iter().any(|h| matches!(h.topic, Topic::Review | Topic::Litigation | Topic::Outcome(_))) {
                continue;
            }
            if SKIP.iter().any(|w| clause.contains(w)) || !this_years(document, s, (a, b), false) {
                continue;
            }
            // 均获维持, 均已审结: the other outcomes of every subject named are 0.
            for (words, cols) in ALL_ENDED {
                let Some((at, w)) = words.iter().find_map(|w| clause.find(w).map(|at| (at, *w))) else { continue };
                for subject in subjects.iter().copied() {
                    let cs: Vec<&'static str> = cols.iter().flat_map(|c| outcome_cols(subject, c)).collect();
                    let claim = Claim { sentence: s, range: (a + at, a + at + w.len()), stated: 0.0, number: None };
                    report(out, META, document, &claim, &Figure::row_cols(table, &row.path, &cs), Tolerance::Exact);
                }
            }
            let counts = case_counts(clause);
            let stated = stated_counts(clause, &found, &counts);
            for (h, count) in found.iter().zip(stated) {
                let cols = match h.topic {
                    Topic::Review => REVIEW_TOTAL,
                    Topic::Litigation => LITIGATION_TOTAL,
                    // 维持 (纠正, 尚未审结) N件 of the one subject named before it.
                    Topic::Outcome(j) => {
                        let ([subject], Some(c)) = (subjects.as_slice(), count.filter(|c| !c.approximate && c.start >= h.end)) else { continue };
                        if clause[h.end..c.start].chars().count() > 2 {
                            continue;
                        }
                        let cs = outcome_cols(*subject, OUTCOMES[j].col);
                        let claim = Claim {
                            sentence: s,
                            range: (a + h.start, a + c.end),
                            stated: c.value as f64,
                            number: Some((a + c.start, a + c.number_end)),
                        };
                        report(out, META, document, &claim, &Figure::row_cols(table, &row.path, &cs), Tolerance::Exact);
                        continue;
                    }
                    _ => continue,
                };
                let none_at = NONE_HAPPENED.iter().filter_map(|w| clause[..h.start].rfind(w)).max();
                let claim = if let Some(at) = none_at {
                    Claim { sentence: s, range: (a + at, a + h.end), stated: 0.0, number: None }
                } else {
                    let Some(c) = count.filter(|c| !c.approximate) else { continue };
                    // The count right after the word ("行政复议案件2件") or just before it.
                    if c.start >= h.end && clause[h.end..c.start].chars().count() > 4 {
                        continue;
                    }
                    Claim {
                        sentence: s,
                        range: (a + c.start.min(h.start), a + c.end.max(h.end)),
                        stated: c.value as f64,
                        number: Some((a + c.start, a + c.number_end)),
                    }
                };
                report(out, META, document, &claim, &Figure::row_cols(table, &row.path, cols), Tolerance::Exact);
            }
        }
    }
}
