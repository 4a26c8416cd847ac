//! The report's title and issuer.

use crate::ingest::{Block, BlockKind, Location};
use crate::normalize::compact;

/// The title as read, where it is, and who issued the report.
pub struct Heading {
    pub title: Option<String>,
    pub location: Option<Location>,
    pub issuer: Option<String>,
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
    // The best candidate: a short paragraph naming the report; "…工作年度报告" beats "…年度报告"
    // beats "…年报"; breadcrumbs ("当前位置：首页>…") and link lists are not titles.
    let mut best: Option<(u8, usize)> = None;
    for (i, b) in paras.iter().enumerate() {
        let c = compact(strip_title_label(&b.text));
        if c.chars().count() > 80 || !c.contains("信息公开") || c.starts_with("当前位置") || c.starts_with("您的位置") || c.contains('>')
        {
            continue;
        }
        let score = if c.contains("工作年度报告") {
            3
        } else if c.contains("年度报告") {
            2
        } else if c.contains("年报") && c.chars().any(|ch| ch.is_ascii_digit()) {
            1
        } else {
            continue;
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    if let Some((_, i)) = best {
        let b = paras[i];
        let c = compact(strip_title_label(&b.text));
        let mut issuer = None;
        let before_year: String = c.chars().take_while(|ch| !ch.is_ascii_digit()).collect();
        if !before_year.is_empty() && before_year.chars().count() < c.chars().count() {
            issuer = Some(before_year);
        } else if i > 0 {
            let prev = compact(&paras[i - 1].text);
            if prev.chars().count() <= 30 && ISSUER_ENDINGS.iter().any(|e| prev.ends_with(e)) {
                issuer = Some(prev);
            }
        }
        let full = match (&issuer, c.chars().next().is_some_and(|ch| ch.is_ascii_digit())) {
            (Some(iss), true) => format!("{iss}{c}"),
            _ => c.clone(),
        };
        return Heading { title: Some(full), location: Some(b.loc.clone()), issuer };
    }
    if let Some(t) = html_title {
        // "<report title>_<site name>": keep the report's part.
        let c = compact(t);
        let head = c.split(['_', '|']).next().unwrap_or(&c).to_string();
        if head.contains("报告") {
            return Heading { title: Some(head), location: None, issuer: None };
        }
    }
    Heading { title: None, location: None, issuer: None }
}

fn strip_title_label(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("标题:").or_else(|| t.strip_prefix("标题：")).map(str::trim).unwrap_or(t)
}
