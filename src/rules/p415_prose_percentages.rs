//! P415 prose-percentages — 正文所述比例与表三计算结果不符.
//!
//! Basis: a share the prose gives for one of its own figures ("予以公开及部分公开42件，占51.85%",
//! "自然人80件，占98.77%") is the table's count of that figure divided by a total; "公开率X%" is
//! （一）予以公开 + （二）部分公开 over （七）总计. The share is computed from 表三 and compared at the
//! precision it is written with (rounded or cut off: 52%, 51.9%, 51.85% all agree with 42/81).
//! Since reports divide by different totals, it is a fault only when no usual total gives it:
//! （七）总计, 一、本年新收, 一 + 二, or the named row's 总计 for applicant types. Other years,
//! comparisons (同比增长X%) and shares of figures not read from the sentence are skipped.

use super::prose::{
    applicant_claims, clauses, report_share, hits, percents, result_claims, speaks_of_applications, this_years, vocabulary, Claim,
    Figure, TableClaim, Topic,
};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::{rows, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "P415", name: "prose-percentages", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述比例与表格计算结果不符" };

const TOTAL: &[&str] = &["总计"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    let vocabulary = vocabulary(document);
    let results = result_claims(document);
    let applicants = applicant_claims(document);
    // The claims of each sentence, by the sentence's address.
    let mut by_sentence: std::collections::HashMap<*const crate::model::Sentence, (Vec<&TableClaim>, Vec<&TableClaim>)> =
        std::collections::HashMap::new();
    for c in &results {
        by_sentence.entry(c.claim.sentence as *const _).or_default().0.push(c);
    }
    for c in &applicants {
        by_sentence.entry(c.claim.sentence as *const _).or_default().1.push(c);
    }
    let total = |rs: &[&str]| Figure::grid(table, rs, TOTAL);
    let usual_bases = || vec![total(&[rows::RESULTS_TOTAL]), total(&[rows::NEW]), total(&[rows::NEW, rows::CARRIED_IN])];
    for (si, s) in document.sentences.iter().enumerate() {
        if !speaks_of_applications(document, si, &vocabulary, true) {
            continue;
        }
        let parts = clauses(&s.text, false);
        for (ci, &(a, b)) in parts.iter().enumerate() {
            let clause = &s.text[a..b];
            if !this_years(document, s, (a, b), false) {
                continue;
            }
            let found = hits(clause, &vocabulary);
            for p in percents(clause) {
                let Some(h) = found.iter().rev().find(|h| h.end <= p.start) else { continue };
                let gap = clause[h.end..p.start].trim();
                if gap.chars().count() > 2 || gap.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                let prev_start = if ci > 0 { parts[ci - 1].0 } else { a };
                let (start, readings) = match h.topic {
                    Topic::Share => {
                        let Some((results, applicants)) = by_sentence.get(&(s as *const _)) else { continue };
                        let owns = |c: &&&TableClaim| c.claim.range.1 <= a + h.start && c.claim.range.0 >= prev_start;
                        let result = results.iter().rfind(owns).copied();
                        let applicant = applicants.iter().rfind(owns).copied();
                        let owner = match (result, applicant) {
                            (Some(r), Some(ap)) => {
                                if r.claim.range.1 > ap.claim.range.1 {
                                    (r, false)
                                } else {
                                    (ap, true)
                                }
                            }
                            (Some(r), None) => (r, false),
                            (None, Some(ap)) => (ap, true),
                            (None, None) => continue,
                        };
                        let (c, is_applicant) = owner;
                        let mut bases = Vec::new();
                        if is_applicant {
                            bases.push(Figure::grid(table, &c.rows, TOTAL));
                        }
                        bases.extend(usual_bases());
                        if !c.figure(table).exists() {
                            continue;
                        }
                        let readings: Vec<(Figure, Figure)> = bases.into_iter().map(|b| (c.figure(table), b)).collect();
                        (c.claim.range.0, readings)
                    }
                    Topic::OpenRate => {
                        let opened = [rows::RESULTS_TOTAL.replace("(七)总计", "(一)予以公开"), rows::RESULTS_TOTAL.replace("(七)总计", "(二)部分公开")];
                        let opened: Vec<&str> = opened.iter().map(String::as_str).collect();
                        let mut readings = Vec::new();
                        for part in [total(&opened), total(&opened[..1])] {
                            for base in usual_bases() {
                                readings.push((Figure::new(table, part.cells.clone()), base));
                            }
                        }
                        (a + h.start, readings)
                    }
                    _ => continue,
                };
                let claim = Claim { sentence: s, range: (start, a + p.end), stated: p.value, number: Some((a + p.start, a + p.number_end)) };
                report_share(out, META, document, &claim, p.decimals, &readings);
            }
        }
    }
}
