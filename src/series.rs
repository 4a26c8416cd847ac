//! Reports read as a series: a body's report of year N is checked against its report of year
//! N−1 by the cross-year rules (`Y5xx`, [`crate::rules::run_pair`]). Reports are paired by
//! [`Key`]: the issuer as the title names it (normalised) and the report year.
//!
//! For a batch (the CLI), [`Hint`] tells cheaply, before a file is checked, whether it could be a
//! given body's report of a given year, so that a checked report need wait for its predecessor
//! only while a file that could be it is still unchecked.

use crate::document::{Document, ReportKind};
use crate::finding::ReportRef;
use crate::normalize::label_key;
use crate::report::Report;
use crate::rules::{run_pair, Pair};
use std::sync::Arc;

/// Who issued a report, and for which year: reports with the same issuer a year apart are a pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The issuer, normalised by [`issuer_key`].
    pub issuer: String,
    pub year: i32,
}

impl Key {
    /// The key of the same body's report of the year before.
    pub fn previous(&self) -> Key {
        Key { issuer: self.issuer.clone(), year: self.year - 1 }
    }
    /// The key of the same body's report of the year after.
    pub fn next(&self) -> Key {
        Key { issuer: self.issuer.clone(), year: self.year + 1 }
    }
}

/// The issuer as compared: letters, digits and CJK only (widths folded), 「人民政府」 as 「政府」,
/// without a leading 「关于」.
pub fn issuer_key(issuer: &str) -> String {
    let k = label_key(issuer).replace("人民政府", "政府");
    k.strip_prefix("关于").map(str::to_string).unwrap_or(k)
}

/// The series key of a report: `None` unless it is an annual report with a year and an issuer
/// (the title's words before its year, or the line above a title that begins with the year).
pub fn key(document: &Document) -> Option<Key> {
    if document.kind != ReportKind::AnnualReport {
        return None;
    }
    let year = document.year?;
    let issuer = match (&document.issuer, &document.title) {
        (Some(i), _) => i.clone(),
        (None, Some(t)) => {
            let before_year: String = t.chars().take_while(|c| !c.is_ascii_digit()).collect();
            if before_year.chars().count() < t.chars().count() {
                before_year
            } else {
                t.split("政府信息公开").next().unwrap_or("").to_string()
            }
        }
        (None, None) => return None,
    };
    let issuer = issuer_key(&issuer);
    (issuer.chars().count() >= 2).then_some(Key { issuer, year })
}

/// How a report is named when another report cites it.
pub fn report_ref(document: &Document, file: &str) -> ReportRef {
    ReportRef { file: file.to_string(), title: document.title.clone(), year: document.year }
}

/// Checks `later` against `earlier` (the same body's report of the year before, named `file`)
/// and adds the cross-year findings to `later` (most serious first, as [`crate::rules::run`]
/// orders them). Returns how the earlier report is named in them.
pub fn check_pair(earlier: &Document, earlier_file: &str, later: &mut Report) -> Arc<ReportRef> {
    let earlier_ref = Arc::new(report_ref(earlier, earlier_file));
    let pair = Pair { earlier, later: &later.document, earlier_ref: earlier_ref.clone() };
    let found = run_pair(&pair);
    if !found.is_empty() {
        later.findings.extend(found);
        crate::sort::by_key(&mut later.findings[..], |f| std::cmp::Reverse(f.severity));
    }
    earlier_ref
}

/// Pairs the reports of a batch (each with its file name) and checks every pair: for each
/// report, its predecessor (same key, year − 1; the first one given when there are several).
/// Returns, for each report, the index of the report it was compared with.
pub fn link(reports: &mut [(String, Report)]) -> Vec<Option<usize>> {
    let keys: Vec<Option<Key>> = reports.iter().map(|(_, r)| key(&r.document)).collect();
    let mut previous = vec![None; reports.len()];
    for (i, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        let want = k.previous();
        let Some(j) = keys.iter().position(|o| o.as_ref() == Some(&want)) else { continue };
        previous[i] = Some(j);
        let (earlier, later) = if j < i {
            let (a, b) = reports.split_at_mut(i);
            (&a[j], &mut b[0])
        } else {
            let (a, b) = reports.split_at_mut(j);
            (&b[0], &mut a[i])
        };
        check_pair(&earlier.1.document, &earlier.0, &mut later.1);
    }
    previous
}

/// What a file could be, read cheaply from its text before it is checked: the years it names
/// ("2024年") and the words before each report title it holds ("…信息公开…年度报告"). Sound for
/// [`Hint::may_be`]: a file whose check gives key `k` has a hint that may be `k` (the title the
/// check reads is in the text, and so is its year).
#[derive(Debug, Clone, Default)]
pub struct Hint {
    /// Bit `y − 1990` for each year 1990–2117 named.
    years: u128,
    /// The 48 key characters before each 「信息公开」 of a title, normalised as issuers are.
    tails: Vec<String>,
}

impl Hint {
    /// Reads a file's decoded text (HTML or plain).
    pub fn of(text: &str) -> Hint {
        // label_key(strip_markup(text)), as characters.
        let mut chars: Vec<char> = Vec::with_capacity(text.len() / 4);
        strip_markup(text, |piece| chars.extend(piece.chars().filter_map(crate::normalize::key_char)));
        let mut years = 0u128;
        for i in 0..chars.len().saturating_sub(4) {
            if chars[i + 4] == '年' && chars[i..i + 4].iter().all(char::is_ascii_digit) && (i == 0 || !chars[i - 1].is_ascii_digit()) {
                let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
                if (1990..1990 + 128).contains(&y) {
                    years |= 1 << (y - 1990);
                }
            }
        }
        let mut tails = Vec::new();
        let target: Vec<char> = "信息公开".chars().collect();
        let mut i = 0;
        while i + target.len() <= chars.len() {
            if chars[i..i + target.len()] == target[..] {
                let after: String = chars[i + target.len()..(i + target.len() + 16).min(chars.len())].iter().collect();
                if after.contains("年度报告") || after.contains("年报") || after.contains("报告") {
                    let tail: String = chars[i.saturating_sub(48)..i].iter().collect();
                    let tail = tail.replace("人民政府", "政府");
                    if !tails.contains(&tail) {
                        tails.push(tail);
                    }
                }
                i += target.len();
            } else {
                i += 1;
            }
        }
        Hint { years, tails }
    }

    /// Whether the file could be the report `key` (false only when it certainly is not).
    pub fn may_be(&self, key: &Key) -> bool {
        let year_ok = self.years == 0 || ((1990..1990 + 128).contains(&key.year) && self.years & (1 << (key.year - 1990)) != 0);
        // The year first: it rules most files out without a substring search.
        year_ok && (self.tails.is_empty() || key.issuer.chars().count() > 40 || self.tails.iter().any(|t| t.contains(&key.issuer)))
    }

    /// Whether the hint says nothing (no title found): such a file could be any report.
    pub fn is_open(&self) -> bool {
        self.tails.is_empty() || self.years == 0
    }

    /// The earliest year named, for ordering a batch (earlier reports first).
    pub fn first_year(&self) -> Option<i32> {
        (self.years != 0).then(|| 1990 + self.years.trailing_zeros() as i32)
    }
}

/// The text of HTML without its tags and character references, given piece by piece to
/// `out` (plain text is given as it is, less anything between < and >, which no title holds).
fn strip_markup(text: &str, mut out: impl FnMut(&str)) {
    let mut rest = text;
    // Once a '<' has no '>' after it, no later one has (and is not looked for again: text of
    // many '<' would take quadratic time).
    let mut closes = true;
    while let Some(i) = rest.find(['<', '&']) {
        out(&rest[..i]);
        let tail = &rest[i..];
        let skip = if tail.starts_with('<') {
            let end = if closes { tail.find('>').map(|e| e + 1) } else { None };
            closes = end.is_some();
            end
        } else {
            tail.bytes().take(12).position(|b| b == b';').map(|e| e + 1)
        };
        match skip {
            Some(n) => rest = &tail[n..],
            None => {
                out(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_years_and_issuers_a_file_could_be() {
        let h = Hint::of("<title>平潭综合实验区2024年度政府信息公开工作年度报告_年报</title><p>统计期限为2024年1月1日</p>");
        let k = |i: &str, y| Key { issuer: issuer_key(i), year: y };
        assert!(h.may_be(&k("平潭综合实验区", 2024)));
        assert!(!h.may_be(&k("平潭综合实验区", 2023)));
        assert!(!h.may_be(&k("四方台区", 2024)));
        let h = Hint::of("某某县人民政府办公室\n2024年政府信息公开工作年度报告\n");
        assert!(h.may_be(&k("某某县政府办公室", 2024)));
        // Character references next to CJK text (cut on bytes, not characters).
        assert!(Hint::of("&lt;平潭综合实验区全面推进&gt;").may_be(&k("四方台区", 2024)));
        // A '<' that never closes is text; so is every '<' after it (in linear time).
        let h = Hint::of(&format!("{}平潭综合实验区2024年度政府信息公开工作年度报告", "<".repeat(200_000)));
        assert!(h.may_be(&k("平潭综合实验区", 2024)) && !h.may_be(&k("平潭综合实验区", 2023)));
        // Nothing like a title: could be anything.
        assert!(Hint::of("今天天气很好").may_be(&k("四方台区", 2024)));
        assert_eq!(issuer_key("某某县人民 政府"), "某某县政府");
    }
}
