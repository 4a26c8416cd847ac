//! Page furniture: what a PDF or a printout puts on every page and a text extractor leaves in
//! the middle of the text, tables included — page numbers (「— 5 —」, 「第 3 页 共 8 页」, 「3/8」),
//! a browser's print header and footer (date and time, the page's address). Such lines are no
//! part of the report: the text reader passes over them.

use crate::normalize::{fold_char, is_space};

/// Whether a line is page furniture (see the module doc).
pub fn is_page_furniture(line: &str) -> bool {
    let folded: String = line.chars().map(fold_char).collect();
    let t = folded.trim_matches(|c: char| is_space(c) || c == '\u{c}');
    if t.is_empty() || t.chars().count() > 200 {
        return false;
    }
    let compact: String = t.chars().filter(|c| !is_space(*c)).collect();
    dashed_page_number(&compact)
        || chinese_page_number(&compact)
        || page_fraction(&compact)
        || english_page_number(t)
        || address_line(t)
        || print_timestamp(t)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// 「— 5 —」, 「- 5 -」, 「－5－」.
fn dashed_page_number(c: &str) -> bool {
    let dash = |ch: char| matches!(ch, '-' | '—' | '–' | '－' | '_' | '~' | '·');
    let inner = c.trim_matches(dash);
    inner.len() < c.len() && c.starts_with(dash) && c.ends_with(dash) && digits(inner)
}

/// 「第3页共8页」, 「第 3 页」, 「共8页第3页」.
fn chinese_page_number(c: &str) -> bool {
    let rest = c.trim_end_matches(['页']);
    let mut parts = Vec::new();
    for piece in rest.split(['页', ',', '，', '、', '/']) {
        if piece.is_empty() {
            continue;
        }
        let p = piece.strip_prefix('第').or_else(|| piece.strip_prefix('共'));
        match p {
            Some(n) if digits(n) => parts.push(n),
            _ => return false,
        }
    }
    !parts.is_empty() && c.contains('页')
}

/// 「3/8」: the page count a browser prints.
fn page_fraction(c: &str) -> bool {
    match c.split_once('/') {
        Some((a, b)) => digits(a) && digits(b),
        None => false,
    }
}

/// 「Page 3 of 8」.
fn english_page_number(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    matches!(words.as_slice(), ["page", n] if digits(n)) || matches!(words.as_slice(), ["page", n, "of", m] if digits(n) && digits(m))
}

/// A page's address, alone or with the page count: 「file:///tmp/report.html 1/5」.
fn address_line(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else { return false };
    let url = ["http://", "https://", "file://"].iter().any(|p| first.to_ascii_lowercase().starts_with(p));
    url && words.all(page_fraction)
}

/// A browser's print header: 「12/1/26, 10:34 AM」, maybe followed by the page title.
fn print_timestamp(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let (Some(date), Some(time)) = (words.next(), words.next()) else { return false };
    let date = date.trim_end_matches(',');
    let date_ok = {
        let p: Vec<&str> = date.split(['/', '-', '.']).collect();
        p.len() == 3 && p.iter().all(|x| !x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit()))
    };
    let time_ok = time.split_once(':').is_some_and(|(h, m)| digits(h) && h.len() <= 2 && m.len() == 2 && digits(m));
    date_ok && time_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_headers_and_footers() {
        for line in [
            "— 5 —",
            "                       —3—",
            "- 12 -",
            "－5－",
            "第 3 页 共 8 页",
            "第3页共7页",
            "第3页",
            "共8页 第3页",
            "1/5",
            "Page 2 of 9",
            "file:///tmp/nianbao-layouts/corpus-2022-a4-hf.html 1/5",
            "https://www.example.gov.cn/art/2024/1/5/art_1.html",
            "12/1/26, 10:34 AM",
            "12/1/26, 10:34 AM 平潭综合实验区2022年政府信息公开工作年度报告",
            "\u{c}— 4 —",
        ] {
            assert!(is_page_furniture(line), "{line}");
        }
        for line in [
            "5",
            "0 0 0 0 0 0 0",
            "行政许可 91",
            "第二十条第（一）项",
            "第三部分",
            "本年收费金额（单位：万元）",
            "2024年1月1日至2024年12月31日",
            "—",
            "1.属于国家秘密",
            "共收到申请5件",
        ] {
            assert!(!is_page_furniture(line), "{line}");
        }
    }
}
