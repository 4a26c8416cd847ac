//! A rule's 「依据」 line for a tooltip, from its documentation: the first line (`CODE name —
//! 中文说明`) and a leading "Basis:" dropped; a basis written in Chinese gives its first clause
//! (up to 「：」 or 「。」); one written in English gives the documents it cites (a name followed by
//! 〔year〕number号) and the rule's summary, else the summary alone; at most `max` characters.
//!
//! Shared with build.rs (`#[path]`), which writes these lines instead of the whole documentation
//! into the page's wasm: the tooltips need only them, and the whole text was 9 KB of the 300 KB
//! the first load may weigh. The help page and `nianbao rules` keep the whole text.

/// The 「依据」 line of a rule documented by `basis`, whose summary is `summary`.
pub fn basis_line(basis: &str, summary: &str, max: usize) -> String {
    complete(&basis_prefix(basis), summary, max)
}

/// What of `basis` the 「依据」 line shows: its first clause (a Chinese basis), or the documents
/// it cites followed by 「；」 (an English one: the summary goes after), or nothing (the summary
/// alone). This is what build.rs keeps of each rule file's documentation in the page's wasm.
pub fn basis_prefix(basis: &str) -> String {
    let mut lines: Vec<&str> = basis.split('\n').collect();
    if lines.first().is_some_and(|first| is_title_line(first)) {
        lines.remove(0);
    }
    let joined = lines.join(" ");
    let mut text = joined.trim_start();
    if text.get(..6).is_some_and(|head| head.eq_ignore_ascii_case("basis:")) {
        text = text[6..].trim_start();
    }
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let han = text.chars().filter(|&c| is_han(c)).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    if !text.is_empty() && han >= latin {
        let clause = match text.find(['：', '。']) {
            Some(cut) if cut > 0 => &text[..cut],
            _ => &text,
        };
        clause.trim_end_matches(|c: char| c == '；' || c.is_whitespace()).to_string()
    } else {
        let docs = cited_documents(&text);
        if docs.is_empty() {
            String::new()
        } else {
            format!("{}；", docs.join("、"))
        }
    }
}

/// The line from its prefix ([`basis_prefix`]) and the rule's summary, at most `max` characters.
pub fn complete(prefix: &str, summary: &str, max: usize) -> String {
    let line = if prefix.is_empty() {
        summary.to_string()
    } else if prefix.ends_with('；') {
        format!("{prefix}{summary}")
    } else {
        prefix.to_string()
    };
    let line = line.trim_end_matches(|c: char| c == '；' || c.is_whitespace());
    if line.chars().count() > max {
        let mut short: String = line.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    } else {
        line.to_string()
    }
}

/// `T101 requests-row-total — …`: a capital letter, three digits, and a dash later on.
fn is_title_line(line: &str) -> bool {
    let line = line.trim_start();
    let b = line.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_uppercase()
        && b[1..4].iter().all(u8::is_ascii_digit)
        && b.get(4).is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_')
        && line.contains('—')
}

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

/// Each document the text names, once, in order: two or more Chinese characters followed by
/// 〔four digits〕, digits and 号 (国办公开办函〔2021〕30号).
fn cited_documents(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '〔' {
            continue;
        }
        let start = (0..i).rev().take_while(|&k| is_han(chars[k])).last().unwrap_or(i);
        if i - start < 2 {
            continue;
        }
        let year: Vec<char> = chars[i + 1..].iter().take(4).copied().collect();
        if year.len() < 4 || !year.iter().all(char::is_ascii_digit) || chars.get(i + 5) != Some(&'〕') {
            continue;
        }
        let digits = chars[i + 6..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || chars.get(i + 6 + digits) != Some(&'号') {
            continue;
        }
        let doc: String = chars[start..i + 7 + digits].iter().collect();
        if !out.contains(&doc) {
            out.push(doc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::basis_line;

    #[test]
    fn chinese_basis_gives_its_first_clause_english_the_documents_it_cites() {
        let t101 = "T101 requests-row-total — 行总计.\n\n甲文〔2021〕30号 表三「申请情况」：每一行的总计等于六列之和。";
        assert_eq!(basis_line(t101, "row total", 90), "甲文〔2021〕30号 表三「申请情况」");
        let s303 =
            "S303 misspelled-label — 标签不符.\n\nBasis: the labels are fixed by 甲文〔2021〕30号 (乙文〔2019〕60号 for 2019). A label …";
        assert_eq!(basis_line(s303, "label", 90), "甲文〔2021〕30号、乙文〔2019〕60号；label");
        let p402 = "P402 repeated-clause — 分句重复.\n\nBasis: a clause pasted twice is an editing fault.";
        assert_eq!(basis_line(p402, "repeated clause", 90), "repeated clause");
        assert_eq!(basis_line(&"很".repeat(200), "", 90).chars().count(), 90);
        assert_eq!(basis_line("", "", 90), "");
    }
}
