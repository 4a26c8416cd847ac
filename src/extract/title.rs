//! The report's title and issuer.

use crate::ingest::{Block, BlockKind, Location};
use crate::normalize::{compact, compact_upto};

/// The title as read, where it is, and who issued the report.
pub struct Heading {
    pub title: Option<String>,
    pub location: Option<Location>,
    pub issuer: Option<String>,
    /// How many paragraphs read as a report's title: a column of reports (a list page) has
    /// several, a report one or two (its heading, the page's title).
    pub candidates: usize,
    /// How many paragraphs the title was read from: two where text out of a PDF wrapped it.
    pub lines: usize,
}

const ISSUER_ENDINGS: &[&str] = &[
    "政府",
    "办公室",
    "办公厅",
    "局",
    "委员会",
    "委",
    "办事处",
    "街道",
    "厅",
    "院",
    "部",
    "中心",
    "区",
    "县",
    "市",
    "镇",
    "乡",
    "管委会",
    "公司",
    "所",
    "署",
    "处",
    "站",
];

/// The best title candidate among the first paragraphs, else the page's `<title>`.
pub fn find_title(blocks: &[Block], html_title: Option<&str>) -> Heading {
    let paras: Vec<&Block> = blocks.iter().filter(|b| b.kind == BlockKind::Para).take(40).collect();
    // Each paragraph compacted once, as it is and without a 「标题：」 label; and scored alone.
    // No title has more than 80 characters (`title_score`): `None` stands for a longer
    // paragraph, which is not compacted in full.
    let compacted: Vec<Option<String>> = paras.iter().map(|p| compact_upto(&p.text, 80)).collect();
    let unlabelled: Vec<Option<String>> = paras.iter().map(|p| compact_upto(strip_title_label(&p.text), 80)).collect();
    let alone: Vec<Option<u8>> = compacted.iter().map(|c| c.as_deref().and_then(title_score)).collect();
    // Candidates: a short paragraph naming the report, or two short lines that do together (a
    // title wrapped in text extracted from a PDF: "…政府信息公开工作" + "年度报告").
    let mut best: Option<(u8, usize, usize)> = None; // (score, first paragraph, paragraphs)
    for i in 0..paras.len() {
        for span in 1..=2 {
            if i + span > paras.len() {
                continue;
            }
            if span == 2 && compacted[i..i + span].iter().any(|c| c.as_ref().is_none_or(|c| c.chars().count() > 30)) {
                continue;
            }
            // A part of more than 80 characters makes the whole longer than any title.
            let Some(c) = unlabelled[i..i + span].iter().map(|u| u.as_deref()).collect::<Option<String>>() else { continue };
            let Some(score) = title_score(&c) else { continue };
            // A two-line title only where neither line is one alone.
            if span == 2 && alone[i..i + span].iter().any(Option::is_some) {
                continue;
            }
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, i, span));
            }
        }
    }
    let candidates = alone.iter().filter(|s| s.is_some_and(|s| s >= 2)).count();
    if let Some((_, i, span)) = best {
        let b = paras[i];
        let c: String = unlabelled[i..i + span].iter().flatten().map(String::as_str).collect();
        let mut issuer = None;
        let before_year: String = c.chars().take_while(|ch| !ch.is_ascii_digit()).collect();
        if !before_year.is_empty() && before_year.chars().count() < c.chars().count() {
            issuer = Some(before_year);
        } else if i > 0 {
            let prev = compacted[i - 1].clone().unwrap_or_default();
            if compacted[i - 1].is_some() && prev.chars().count() <= 30 && ISSUER_ENDINGS.iter().any(|e| prev.ends_with(e)) {
                issuer = Some(prev);
            }
        }
        let full = match (&issuer, c.chars().next().is_some_and(|ch| ch.is_ascii_digit())) {
            (Some(iss), true) => format!("{iss}{c}"),
            _ => c.clone(),
        };
        return Heading { title: Some(full), location: Some(b.loc.clone()), issuer, candidates, lines: span };
    }
    if let Some(t) = html_title {
        // "<report title>_<site name>": keep the report's part.
        let c = compact(t);
        let head = c.split(['_', '|']).next().unwrap_or(&c).to_string();
        if head.contains("报告") {
            return Heading { title: Some(head), location: None, issuer: None, candidates, lines: 0 };
        }
    }
    Heading { title: None, location: None, issuer: None, candidates, lines: 0 }
}

/// How much a line reads as a report's title: "…工作年度报告" 3, "…年度报告" 2, "…年报" with a year
/// 1; `None` for anything else, for breadcrumbs ("当前位置：首页>…") and for prose (sentences
/// end in 。 and cite documents in 《》).
fn title_score(c: &str) -> Option<u8> {
    if c.chars().count() > 80
        || !c.contains("信息公开")
        || c.starts_with("当前位置")
        || c.starts_with("您的位置")
        || c.contains(['>', '。', '《', '》', '，'])
    {
        return None;
    }
    if c.contains("工作年度报告") {
        Some(3)
    } else if c.contains("年度报告") {
        Some(2)
    } else if c.contains("年报") && c.chars().any(|ch| ch.is_ascii_digit()) {
        Some(1)
    } else {
        None
    }
}

fn strip_title_label(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("标题:").or_else(|| t.strip_prefix("标题：")).map(str::trim).unwrap_or(t)
}
