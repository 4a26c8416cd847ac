//! The report year and the statistics period (统计期限) stated in the prose.

use crate::ingest::{Block, BlockKind};
use crate::model::Period;
use crate::normalize::compact;

/// "2024年" → 2024: the first plausible report year in the text.
pub fn first_year(text: &str) -> Option<i32> {
    years(text).next()
}

/// All "YYYY年" in the text, in order.
pub fn years(text: &str) -> impl Iterator<Item = i32> + '_ {
    let chars: Vec<char> = compact(text).chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i + 4] == '年' && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
            if (1990..=2100).contains(&y) {
                out.push(y);
            }
        }
    }
    out.into_iter()
}

/// The report's year: the title's, else the period's end, else the first year in the opening
/// paragraphs.
pub fn report_year(title: Option<&str>, period: Option<&Period>, blocks: &[Block]) -> Option<i32> {
    title
        .and_then(first_year)
        .or_else(|| period.and_then(|p| p.end_year))
        .or_else(|| blocks.iter().filter(|b| b.kind == BlockKind::Para).take(6).find_map(|b| first_year(&b.text)))
}

/// The statistics period: "统计期限自2024年1月1日至2024年12月31日" and its variants.
pub fn find_period(blocks: &[Block]) -> Option<Period> {
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Para) {
        let text = &b.text;
        // Every marker begins with 统计.
        if !text.contains("统计") {
            continue;
        }
        for marker in ["统计期限", "统计时限", "统计期", "统计时间", "统计时段", "统计区间"] {
            let Some(at) = text.find(marker) else { continue };
            // The dates follow within a short window.
            let window_end = text[at..].char_indices().nth(60).map_or(text.len(), |(i, _)| at + i);
            let window = &text[at..window_end];
            let dates = dates_in(window);
            if dates.is_empty() {
                continue;
            }
            let first = dates[0];
            let last = *dates.last().expect("non-empty");
            let start_year = first.0;
            let end_year = last.0.or(start_year);
            let (s, e) = (at + first.1, at + last.2);
            return Some(Period { text: text[s..e].to_string(), start_year, end_year, location: b.loc.sub(text, s, e) });
        }
    }
    None
}

/// Dates "YYYY年M月D日" or "M月D日" in text: (year, byte start, byte end).
fn dates_in(text: &str) -> Vec<(Option<i32>, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, crate::normalize::fold_char(c))).collect();
    let mut i = 0;
    let skip_ws = |mut j: usize| {
        while j < chars.len() && crate::normalize::is_space(chars[j].1) {
            j += 1;
        }
        j
    };
    let digits = |j: usize| {
        let mut k = j;
        while k < chars.len() && chars[k].1.is_ascii_digit() {
            k += 1;
        }
        k
    };
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() || (i > 0 && chars[i - 1].1.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let d1 = digits(i);
        let num: String = chars[i..d1].iter().map(|c| c.1).collect();
        let mut j = skip_ws(d1);
        let mut year = None;
        if j < chars.len() && chars[j].1 == '年' && num.len() == 4 {
            year = num.parse().ok();
            j = skip_ws(j + 1);
            let m = digits(j);
            if m == j {
                i = d1;
                continue;
            }
            j = skip_ws(m);
        }
        if j < chars.len() && chars[j].1 == '月' {
            j = skip_ws(j + 1);
            let d = digits(j);
            if d > j {
                let k = skip_ws(d);
                if k < chars.len() && chars[k].1 == '日' {
                    let end = chars[k].0 + '日'.len_utf8();
                    out.push((year, chars[start].0, end));
                    i = k + 1;
                    continue;
                }
            }
        }
        i = d1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_periods_with_and_without_second_year() {
        let d = dates_in("统计期限为 2024 年 1 月 1 日到 12 月 31 日。");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].0, Some(2024));
        assert_eq!(d[1].0, None);
    }

    #[test]
    fn years_are_read_from_titles() {
        assert_eq!(first_year("湛河区轻工路街道办事处 2024 年政府信息公开工作 年度报告"), Some(2024));
        assert_eq!(first_year("无年份"), None);
    }
}
