//! P417 prose-completed — 正文所述办结件数、结转下年度件数或「全部办结」与表三不符.
//!
//! Basis: the prose and the tables report the same year. A count of applications completed
//! (办结/答复/办理完毕/处理完毕 N件: "共办结148件") is compared with 表三「三、本年度办理结果」
//! 「（七）总计」的总计; a count carried over into next year (结转下年度/结转至下一年度/结转至
//! {下一年}年 N件) with 「四、结转下年度继续办理」的总计. The count must follow the word closely
//! ("办结148件", "答复各类申请148件" is not read). Rates (办结率), time limits (按时, 时限, 期限),
//! parts (其中, 涉及), changes (同比, 增加, 减少, 较上年), cumulative figures (累计, 历年, 以来),
//! other years and approximations are skipped, and so are sentences that do not speak of
//! applications (申请). Which side to change is decided as in P411.
//!
//! A sentence that says every application was completed (全部办结, 均已办结, 均已答复并办结,
//! 办理完毕; 办结率100%) says nothing is carried over into next year: 「四、结转下年度继续办理」的
//! 总计 is 0. Only where the sentence speaks of this year's applications for disclosure (申请, no
//! 信访, 12345, 热线, 建议提案 or other matters, no 行政复议/诉讼 named before the words, not
//! only 上年结转's) and the words say no more than that: time limits (按时办结率100%, 均在法定
//! 期限内办结, 按期, 及时, 按规定), the rest (其余, 其他, 除…外), parts (其中, 涉及), a later date (截至目前),
//! intentions (确保, 力争), other years and sentences that themselves name what is carried over
//! are skipped.

use super::prose::{
    case_counts, clauses, hits, percents, report, speaks_of_applications, stated_counts, this_years, vocabulary, Claim, Figure,
    Tolerance, Topic, Vocabulary,
};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::{rows, TableId};

pub const META: RuleMeta =
    RuleMeta { code: "P417", name: "prose-completed", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述办结件数、结转下年度件数或「全部办结」与表格不符" };

const SKIP: &[&str] = &["办结率", "按时", "时限", "期限", "其中", "涉及", "同比", "增加", "减少", "较上年", "累计", "历年", "以来", "复议", "诉讼"];

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

/// Words that say all of what precedes them: 全部办结, 均已办结.
const ALL: &[&str] = &["全部", "均已", "均", "都已", "皆已", "悉数", "一律"];

/// The verbs of completing an application (not 答复 alone: 「均已答复」 is often said of those due).
const DONE: &[&str] = &["办结", "办理完毕", "处理完毕"];

/// Words that make a clause's 全部办结 or 办结率100% something other than "nothing carried over":
/// time limits, the rest, a later date, parts, intentions, changes, other matters.
const ALL_DONE_SKIP: &[&str] = &[
    "按时", "按期", "及时", "限时", "时限", "期限", "法定", "规定", "内办", "当场", "其余", "其他", "剩余", "余下", "除", "其中", "涉及",
    "同比", "较上年", "累计", "历年", "以来", "复议", "诉讼", "未", "满意",
];

/// Words anywhere in the sentence that put 全部办结 at another date than the year's end, or make
/// it an intention.
const ALL_DONE_SENTENCE_SKIP: &[&str] = &["截至", "截止", "目前", "现已", "确保", "力争", "争取", "努力", "要求", "应当", "必须"];

/// Other matters that are received and completed (beyond those [`super::prose::about_applications`] knows).
const OTHER_MATTERS: &[&str] = &["信访", "议案", "12345", "热线", "建议", "提案"];

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    let vocabulary = vocabulary(document);
    all_completed(document, table, &vocabulary, out);
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

/// Where a clause says every application was completed: the byte range of the words (全部办结,
/// 均已答复并办结, 办结率100%).
fn all_completed_words(clause: &str) -> Option<(usize, usize)> {
    // 办结率100%: the rate right before the percentage ("办结率为100%", "办结率达到100%").
    if let Some(at) = clause.find("办结率") {
        let after = at + "办结率".len();
        let p = percents(clause).into_iter().find(|p| p.start >= after)?;
        let gap = clause[after..p.start].trim();
        return (p.value == 100.0 && matches!(gap, "" | "为" | "达" | "达到" | "是" | "：" | ":")).then_some((at, p.end));
    }
    for verb in DONE {
        for (v, _) in clause.match_indices(verb) {
            // The quantifier nearest before the verb, at most four characters before it
            // ("均已答复并办结", "全部依法办结").
            let before = &clause[..v];
            let Some((q, _)) = ALL.iter().filter_map(|w| before.rfind(w).map(|i| (i, w))).max_by_key(|(i, w)| (*i, w.len())) else {
                continue;
            };
            let gap_start = q + ALL.iter().filter(|w| before[q..].starts_with(**w)).map(|w| w.len()).max().unwrap_or(0);
            let gap = &before[gap_start..];
            if gap.chars().count() <= 4 && !gap.chars().any(|c| c.is_ascii_digit() || "，、；：（）()".contains(c)) {
                return Some((q, v + verb.len()));
            }
        }
    }
    None
}

/// 全部办结, 办结率100%: nothing carried over into next year (四's 总计 is 0).
fn all_completed(document: &Document, table: &crate::model::Table, vocabulary: &Vocabulary, out: &mut Vec<Finding>) {
    for (si, s) in document.sentences.iter().enumerate() {
        if !s.text.contains("办") && !s.text.contains("处理完毕") {
            continue;
        }
        let plain = s.text.replace("信访举报投诉", "");
        if OTHER_MATTERS.iter().chain(ALL_DONE_SENTENCE_SKIP).any(|w| plain.contains(w))
            || !speaks_of_applications(document, si, vocabulary, false)
        {
            continue;
        }
        let sentence_hits = hits(&s.text, vocabulary);
        // A sentence that names what is carried over says more than 全部办结.
        if sentence_hits.iter().any(|h| h.topic == Topic::CarriedOut) {
            continue;
        }
        for (a, b) in clauses(&s.text, false) {
            let clause = &s.text[a..b];
            if ALL_DONE_SKIP.iter().any(|w| clause.contains(w)) || !this_years(document, s, (a, b), false) {
                continue;
            }
            let Some((start, end)) = all_completed_words(clause) else { continue };
            if !of_this_years_applications(&sentence_hits, a + start) {
                continue;
            }
            let claim = Claim { sentence: s, range: (a + start, a + end), stated: 0.0, number: None };
            report(out, META, document, &claim, &Figure::row_cols(table, rows::CARRIED_OUT, &["总计"]), Tolerance::Exact);
        }
    }
}

/// Whether the words at byte `at` of a sentence speak of all the year's applications: the
/// nearest row named before them is one of 表三's (not 行政复议, 行政诉讼 or 表一's), and not
/// 上年结转 alone ("上年结转的2件均已办结").
fn of_this_years_applications(sentence_hits: &[super::prose::Hit], at: usize) -> bool {
    let before: Vec<&super::prose::Hit> = sentence_hits.iter().filter(|h| h.end <= at).collect();
    for h in before.iter().rev() {
        match h.topic {
            Topic::Nothing | Topic::CompletionRate | Topic::Share => continue,
            Topic::Review | Topic::Litigation | Topic::Outcome(_) | Topic::ActiveSubject(_) | Topic::ActiveVerb(_) => return false,
            Topic::CarriedIn => return before.iter().any(|x| x.topic == Topic::Received),
            _ => return true,
        }
    }
    true
}
