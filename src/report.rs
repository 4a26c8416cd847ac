//! The pipeline: ingest → template → model → rules → findings.

use crate::ingest::{self, Block, BlockKind, Ingested, InputKind, Location};
use crate::model::{Paragraph, Period, Report, ReportKind, Section, Sentence};
use crate::normalize::{compact, label_key, label_key_with_map, similarity};
use crate::reader;
use crate::template::{self, Format, SECTIONS, V2019_MARKERS, V2021_MARKERS};

/// Checks a report given as text (HTML or plain), returning everything read and found.
pub fn check_str(text: &str, kind: InputKind) -> Report {
    let ingested = ingest::ingest(text, kind);
    check_ingested(&ingested, kind)
}

/// Checks already-ingested blocks (the extension feeds the live DOM this way).
pub fn check_ingested(ingested: &Ingested, kind: InputKind) -> Report {
    let blocks = &ingested.blocks;
    let (title, title_location, issuer) = find_title(blocks, ingested.html_title.as_deref());
    let period = find_period(blocks);
    let year = title
        .as_deref()
        .and_then(first_year)
        .or_else(|| period.as_ref().and_then(|p| p.end_year))
        .or_else(|| blocks.iter().filter(|b| b.kind == BlockKind::Para).take(6).find_map(|b| first_year(&b.text)));
    let format = detect_format(blocks, year);

    let mut report = Report {
        kind: ReportKind::NotAReport,
        input: kind,
        title,
        title_location,
        issuer,
        year,
        period,
        format,
        tables: Vec::new(),
        sections: Vec::new(),
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        findings: Vec::new(),
        element_count: ingested.element_count,
    };

    let reading = reader::read(blocks, reader::compiled(format.unwrap_or(Format::V2021)));
    let any_table = reading.tables.iter().any(|t| t.found);
    for (bi, b) in blocks.iter().enumerate() {
        if b.kind != BlockKind::Para || reading.table_blocks[bi] {
            continue;
        }
        // Of a paragraph that also held a glued table, keep the prose around the table.
        let spans = &reading.table_spans[bi];
        if spans.is_empty() {
            report.paragraphs.push(Paragraph { text: b.text.clone(), location: b.loc.clone() });
        } else {
            let mut pos = 0;
            let mut locator = crate::ingest::SubLocator::new(&b.loc, &b.text);
            let mut cuts = spans.clone();
            cuts.push((b.text.len(), b.text.len()));
            for (s, e) in cuts {
                if s > pos && !b.text[pos..s].trim().is_empty() {
                    report.paragraphs.push(Paragraph { text: b.text[pos..s].to_string(), location: locator.at(pos, s) });
                }
                pos = pos.max(e);
            }
        }
    }
    report.sections = find_sections(&report.paragraphs);
    report.sentences = split_sentences(&report.paragraphs);

    // A title alone is not enough: pages that only wrap the report (in an iframe, or as a link)
    // repeat its title too. With a title, some prose of its own is required.
    let prose_chars: usize = report.paragraphs.iter().map(|p| p.text.chars().count()).sum();
    let looks_like_report = report.sections.len() >= 2
        || any_table
        || (report.title.as_deref().is_some_and(|t| t.contains("信息公开") && t.contains("报告")) && prose_chars >= 300);
    if !looks_like_report {
        return report;
    }
    report.kind = ReportKind::AnnualReport;
    report.tables = reading.tables;
    if any_table && format.is_some() {
        report.findings = reading.findings;
        let found: Vec<_> = report.tables.iter().filter(|t| t.found).map(|t| t.id).collect();
        for t in template::TableId::ALL {
            if !found.contains(&t) {
                let mut f = reader::MISSING_TABLE.finding(format!("未找到「{}」表", t.title()));
                f.excerpt = Some(t.title().to_string());
                report.findings.push(f);
            }
        }
    } else {
        // Tables read against a template the report does not follow are not its tables.
        for t in report.tables.iter_mut() {
            t.found = false;
        }
        let old = report.year.is_some_and(|y| y < 2019);
        let mut f = reader::MISSING_TABLE.finding(if old {
            format!("{}年度报告早于2019版格式，统计表未按模板核对", report.year.unwrap_or_default())
        } else {
            "未识别到任何统计表格（表格可能是图片，或不是2019版、2021版格式），统计表未核对".to_string()
        });
        f.severity = if old { crate::model::Severity::Info } else { crate::model::Severity::Warning };
        report.findings.push(f);
    }
    let mut extra = Vec::new();
    for rule in crate::rules::all() {
        (rule.check)(&report, &mut extra);
    }
    report.findings.extend(extra);
    report
}

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

fn detect_format(blocks: &[Block], year: Option<i32>) -> Option<Format> {
    if year.is_some_and(|y| y < 2019) {
        // Reports before 2019 followed formats with other tables: nothing to read them against.
        return None;
    }
    // Table labels sit in cells, short paragraphs, or paragraphs whose table lost its cells.
    let mut text = String::new();
    for b in blocks {
        if b.kind == BlockKind::Cell || b.text.len() <= 240 || b.text.contains("第二十条") {
            text.push_str(&compact(&b.text));
            text.push('|');
        }
    }
    let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(&compact(m))).count();
    let (new, old) = (count(V2021_MARKERS), count(V2019_MARKERS));
    if new == 0 && old == 0 {
        // No 主动公开 labels: the other tables are the same in both formats.
        return match year {
            Some(y) if y < 2019 => None,
            Some(y) if y <= 2020 => Some(Format::V2019),
            _ => Some(Format::V2021),
        };
    }
    Some(if old > new { Format::V2019 } else { Format::V2021 })
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

fn find_title(blocks: &[Block], html_title: Option<&str>) -> (Option<String>, Option<Location>, Option<String>) {
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
        return (Some(full), Some(b.loc.clone()), issuer);
    }
    if let Some(t) = html_title {
        // "<report title>_<site name>": keep the report's part.
        let c = compact(t);
        let head = c.split(['_', '|']).next().unwrap_or(&c).to_string();
        if head.contains("报告") {
            return (Some(head), None, None);
        }
    }
    (None, None, None)
}

fn strip_title_label(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("标题:").or_else(|| t.strip_prefix("标题：")).map(str::trim).unwrap_or(t)
}

fn find_period(blocks: &[Block]) -> Option<Period> {
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Para) {
        let text = &b.text;
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

const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// The six headings, exact or with other wording, as whole short paragraphs or inside long
/// ones (pages whose text lost its line breaks).
fn find_sections(paras: &[Paragraph]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let heading_keys: Vec<String> = SECTIONS.iter().map(|s| label_key(s)).collect();
    for p in paras {
        let (key, map) = label_key_with_map(&p.text);
        for (si, numeral) in NUMERALS.iter().enumerate() {
            if out.iter().any(|s| s.number as usize == si + 1) {
                continue;
            }
            let hk: Vec<char> = heading_keys[si].chars().collect();
            // Candidate starts: the numeral followed by "、" in the raw text.
            let raw = &p.text;
            let mut search_from = 0;
            while let Some(rel) = raw[search_from..].find(&format!("{numeral}、")) {
                let at = search_from + rel;
                search_from = at + numeral.len_utf8();
                // Not inside a sentence: at paragraph start or after white space or punctuation.
                let prev = raw[..at].chars().next_back();
                let after_break = prev.is_none_or(|pc| crate::normalize::is_space(pc) || "。；;：:！!？?)）".contains(pc));
                let ki = map.partition_point(|m| m.0 < at);
                if ki >= map.len() {
                    continue;
                }
                // Compare a window of about the heading's length; a typo may add or drop a character.
                let (mut score, mut len) = (0.0, 0);
                for l in hk.len().saturating_sub(2)..=hk.len() + 2 {
                    let l = l.min(key.len() - ki);
                    let cand: String = key[ki..ki + l].iter().collect();
                    let s = similarity(&cand, &heading_keys[si]);
                    if s > score {
                        (score, len) = (s, l);
                    }
                }
                if len == 0 {
                    continue;
                }
                let is_short_para = p.text.chars().count() <= 40;
                // Text that lost its line breaks glues headings to what precedes them: an exact
                // heading is accepted anywhere, a reworded one only at a break.
                let accept = score == 1.0 || (after_break && score >= 0.75 && (is_short_para || score >= 0.85));
                if !accept {
                    // A short paragraph starting with the numeral is a renamed heading.
                    if at == 0 && is_short_para && !p.text.contains('。') {
                        let end = p.text.len();
                        out.push(Section {
                            number: si as u8 + 1,
                            heading: p.text.trim().to_string(),
                            location: p.location.sub(&p.text, 0, end),
                        });
                        break;
                    }
                    continue;
                }
                let end = map[ki + len - 1].1;
                let heading = p.text[at..end].to_string();
                out.push(Section { number: si as u8 + 1, heading, location: p.location.sub(&p.text, at, end) });
                break;
            }
        }
    }
    out.sort_by_key(|s| (s.location.element.unwrap_or(0), s.location.start));
    out
}

/// Sentences end at 。！？; (and their half-width forms) and at line breaks.
fn split_sentences(paras: &[Paragraph]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let text = &p.text;
        let mut start = 0;
        let mut locator = crate::ingest::SubLocator::new(&p.location, text);
        let mut push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
            let piece = &text[s..e];
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                return;
            }
            let lead = piece.len() - piece.trim_start().len();
            let (s2, e2) = (s + lead, s + lead + trimmed.len());
            out.push(Sentence { text: trimmed.to_string(), location: locator.at(s2, e2), paragraph: pi });
        };
        for (i, c) in text.char_indices() {
            if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n') {
                let end = i + c.len_utf8();
                push(start, end, &mut out);
                start = end;
            }
        }
        push(start, text.len(), &mut out);
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
