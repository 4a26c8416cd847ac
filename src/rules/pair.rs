//! Shared by the cross-year rules (`Y5xx`): cells of both reports, places in the earlier report,
//! and the prose of each section (sentences by section, boilerplate left out, figures masked)
//! for comparing one year's wording with the last.

use super::Pair;
use crate::document::Document;
use crate::finding::{CellRef, Finding, Related};
use crate::ingest::Location;
use crate::model::{Sentence, Table};
use crate::template::Format;

/// The number in a cell and a reference to it, when the report has the cell (blank counts 0).
pub fn amount(table: &Table, row: &str, col: &str) -> Option<(f64, CellRef)> {
    let cell = table.cell(row, col)?;
    cell.raw.as_ref()?;
    Some((cell.amount()?, CellRef::of(table, row, col)))
}

/// Both reports' tables follow `format` (read from their tables, or their years).
pub fn both_in(pair: &Pair, format: Format) -> bool {
    pair.earlier.format == Some(format) && pair.later.format == Some(format)
}

/// A row as the printed table names it: "第二十条第(一)项/行政规范性文件" → 「行政规范性文件」.
pub fn row_name(path: &str) -> String {
    crate::template::printed(path.rsplit('/').next().unwrap_or(path))
}

/// Where a place of the earlier report is, in words that name the report.
pub fn earlier_place(pair: &Pair, loc: &Location) -> String {
    let inside = pair.earlier.prose_place(loc).unwrap_or_else(|| "正文".to_string());
    format!("{}{inside}", pair.earlier_ref.name())
}

/// Adds a passage of the earlier report (its words and where they are) to a finding.
pub fn with_earlier_passage(mut f: Finding, pair: &Pair, text: &str, loc: &Location) -> Finding {
    f.related.push(Related {
        report: pair.earlier_ref.clone(),
        place: earlier_place(pair, loc),
        excerpt: Some(text.to_string()),
        location: Some(loc.clone()),
    });
    f
}

/// One row of 表一 第二十条第（一）项 in the 2021 format, with last year's stock.
pub struct InForce {
    pub row: &'static str,
    /// 现行有效件数 this year.
    pub now: (f64, CellRef),
    /// 现行有效件数 in the earlier report.
    pub before: (f64, CellRef),
    /// 本年制发件数 this year.
    pub made: (f64, CellRef),
    /// 本年废止件数 this year.
    pub repealed: (f64, CellRef),
}

impl InForce {
    /// What at most can be in force: last year's stock, plus what was made, less what was repealed.
    pub fn bound(&self) -> f64 {
        self.before.0 + self.made.0 - self.repealed.0
    }

    /// The finding with the cells: this year's 现行有效 (expecting at most the bound when
    /// `over`), 制发, 废止 and last year's 现行有效.
    pub fn finding(&self, pair: &Pair, meta: crate::finding::RuleMeta, message: String, over: bool) -> Finding {
        use crate::value::format_number as fmt;
        let mut f = meta.finding(message);
        let now = if over { self.now.1.clone().expecting(format!("不多于{}", fmt(self.bound()))) } else { self.now.1.clone() };
        f.cells = vec![now, self.made.1.clone(), self.repealed.1.clone()];
        f.facts = crate::finding::Facts {
            written: Some(fmt(self.now.0)),
            expected: over.then(|| format!("≤{}", fmt(self.bound()))),
            total: Some(self.now.0),
            parts_sum: Some(self.bound()),
        };
        f.locate_cells().with_other_cell(&pair.earlier_ref, self.before.1.clone())
    }
}

/// The 规章 and 行政规范性文件 rows both 2021-format reports have in full.
pub fn in_force(pair: &Pair) -> Vec<InForce> {
    use crate::template::TableId;
    if !both_in(pair, Format::V2021) {
        return Vec::new();
    }
    let (Some(now), Some(before)) = (pair.later.table(TableId::Active), pair.earlier.table(TableId::Active)) else { return Vec::new() };
    let mut out = Vec::new();
    for row in ["第二十条第(一)项/规章", "第二十条第(一)项/行政规范性文件"] {
        if let (Some(n), Some(b), Some(m), Some(r)) = (
            amount(now, row, "现行有效件数"),
            amount(before, row, "现行有效件数"),
            amount(now, row, "本年制发件数"),
            amount(now, row, "本年废止件数"),
        ) {
            out.push(InForce { row, now: n, before: b, made: m, repealed: r });
        }
    }
    out
}

/// Order of places in one input: element, then offset.
fn position(loc: &Location) -> (u32, usize) {
    (loc.element.unwrap_or(0), loc.start)
}

/// Words that mark a sentence as contact details or stock wording every report repeats.
const BOILERPLATE: &[&str] = &[
    "联系电话",
    "电话",
    "传真",
    "邮编",
    "邮政编码",
    "电子邮箱",
    "邮箱",
    "联系地址",
    "地址：",
    "地址:",
    "网址",
    "联系人",
    "统计期限",
    "统计时限",
    "本报告",
];

static BOILERPLATE_WORDS: std::sync::LazyLock<super::prose::Words> = std::sync::LazyLock::new(|| super::prose::Words::new(BOILERPLATE));

/// A sentence of a section, as compared across years.
pub struct SectionSentence<'a> {
    pub sentence: &'a Sentence,
    /// The key with the section heading (when the sentence begins with it) left out and every
    /// run of digits as one "0": a copy with new years and figures is still a copy.
    pub masked: String,
    /// Where the sentence's own words begin (byte offset): after the heading when it holds it.
    pub body: usize,
}

/// The sentences of section `number` (1–6) in document order, boilerplate left out: those from
/// its heading to the next heading.
pub fn section_sentences(document: &Document, number: u8) -> Vec<SectionSentence<'_>> {
    let Some(heading) = document.sections.iter().find(|s| s.number == number) else { return Vec::new() };
    let start = position(&heading.location);
    let end = document.sections.iter().map(|s| position(&s.location)).filter(|p| *p > start).min().unwrap_or((u32::MAX, usize::MAX));
    let heading_key = crate::normalize::label_key(&heading.heading);
    let mut out = Vec::new();
    for s in &document.sentences {
        let p = position(&s.location);
        // A sentence that starts just before the heading's place but holds it (text that lost its
        // line breaks) belongs to the section too.
        let holds_heading = p < start && s.location.element == heading.location.element && s.location.end > heading.location.start;
        if !(holds_heading || (start <= p && p < end)) {
            continue;
        }
        if BOILERPLATE_WORDS.in_text(&s.text) {
            continue;
        }
        let same_block = s.location.kind == heading.location.kind && s.location.element == heading.location.element;
        let body = if same_block && s.location.start <= heading.location.start && heading.location.end <= s.location.end {
            heading.location.end - s.location.start
        } else {
            0
        };
        let key = match s.key.find(&heading_key) {
            Some(at) => format!("{}{}", &s.key[..at], &s.key[at + heading_key.len()..]),
            None => s.key.clone(),
        };
        let masked = mask_digits(&key);
        if masked.chars().count() < 4 {
            continue;
        }
        out.push(SectionSentence { sentence: s, masked, body });
    }
    out
}

/// Every run of ASCII digits as one "0".
pub fn mask_digits(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut in_digits = false;
    for c in key.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// The longest run of characters two texts share, as (start in `a`, start in `b`, length), in
/// characters.
pub fn longest_common(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            cur[j] = if a[i - 1] == b[j - 1] && a[i - 1] != '|' { prev[j - 1] + 1 } else { 0 };
            if cur[j] > best.2 {
                best = (i - cur[j], j - cur[j], cur[j]);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_figures_and_finds_the_longest_shared_run() {
        assert_eq!(mask_digits("2024年收到申请154件"), "0年收到申请0件");
        let a: Vec<char> = "政策解读形式不够丰富".chars().collect();
        let b: Vec<char> = "三是政策解读形式单一".chars().collect();
        assert_eq!(longest_common(&a, &b), (0, 2, 6));
    }
}
