//! Text normalisation shared by every stage.
//!
//! Reports mix full-width and half-width forms (`（一）` / `(一)`, `１２` / `12`), put spaces,
//! `&nbsp;` and line breaks inside labels ("商业\n企业"), and vary punctuation. Labels are
//! compared by a *key* that keeps only letters, digits and CJK characters after folding
//! full-width forms, so all of those spellings meet.

/// Folds one character: full-width ASCII to ASCII, ideographic space to space, and the
/// bracket variants Word and web editors produce to their plain forms.
#[inline]
pub fn fold_char(c: char) -> char {
    // Nearly every character of a report: ASCII below the folded ranges, and the CJK block.
    if c < '\u{A0}' || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return c;
    }
    fold_other(c)
}

/// [`fold_char`] for the characters outside its fast path.
fn fold_other(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{202F}' | '\u{FEFF}' => ' ',
        '﹙' => '(',
        '﹚' => ')',
        '〔' | '﹝' | '【' => '[',
        '〕' | '﹞' | '】' => ']',
        '〈' => '<',
        '〉' => '>',
        '〞' | '〝' => '"',
        '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2212}' | '\u{FE63}' => '-',
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => crate::cjk_compat::unify(c),
        _ => c,
    }
}

/// True for characters that separate nothing in a label: any white space, including the
/// invisible ones pasted from Word.
#[inline]
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\u{0B}';
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{3000}' | '\u{200B}' | '\u{FEFF}')
}

/// Folded text with all white space removed.
pub fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char).filter(|c| !is_space(*c)));
    out
}

/// [`compact`], or `None` when that has more than `max` characters (found without folding
/// the rest of a long text).
pub fn compact_upto(s: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    for (n, c) in s.chars().map(fold_char).filter(|c| !is_space(*c)).enumerate() {
        if n == max {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

fn is_key_char(c: char) -> bool {
    // Fast paths for ASCII and the CJK block, which are nearly all of a report.
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        true
    } else if ('\u{2000}'..='\u{206F}').contains(&c) || ('\u{3000}'..='\u{303F}').contains(&c) || ('\u{FF00}'..='\u{FF0F}').contains(&c) {
        // General and CJK punctuation: “”、。《》 and the like.
        false
    } else {
        c.is_alphanumeric()
    }
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

/// The comparison key of a label: folded, lower-case, letters/digits/CJK only.
pub fn label_key(s: &str) -> String {
    // Room for the whole text at once (a key is rarely longer): no growing char by char.
    let mut key = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII and the CJK block (U+4E00–U+9FFF: E4 B8 80 to E9 BF BF), nearly all of a report,
        // byte by byte; anything else through `key_char`.
        let len = if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                key.push(b.to_ascii_lowercase() as char);
            }
            1
        } else if (0xE5..=0xE9).contains(&b) || (b == 0xE4 && bytes[i + 1] >= 0xB8) {
            key.push_str(&s[i..i + 3]);
            3
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if let Some(k) = key_char(c) {
                key.push(k);
            }
            c.len_utf8()
        };
        i += len;
    }
    key
}

/// One character of a [`label_key`]: `c` folded and lower-cased, or `None` when keys leave it
/// out (white space, punctuation).
#[inline]
pub fn key_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    let f = fold_char(c);
    is_key_char(f).then(|| lower(f))
}

/// `label_key` plus, for each key character, the byte range of the raw character it came
/// from, so a match inside a key can be mapped back to the source text.
pub fn label_key_with_map(s: &str) -> (Vec<char>, Vec<(usize, usize)>) {
    let mut key = Vec::with_capacity(s.len() / 2);
    let mut map = Vec::with_capacity(s.len() / 2);
    for (i, c) in s.char_indices() {
        if let Some(k) = key_char(c) {
            key.push(k);
            map.push((i, i + c.len_utf8()));
        }
    }
    (key, map)
}

/// Text for a message: white space runs (line breaks and indentation from Word HTML)
/// collapsed to one space, trimmed; a label broken over lines ("结果\n纠正") is joined.
pub fn shown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.trim_matches(is_space).chars() {
        if is_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            // Between two CJK characters a break is an artifact, not a word space.
            let prev_cjk = out.chars().next_back().is_some_and(|p| !p.is_ascii());
            if !prev_cjk || c.is_ascii() {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Number of UTF-16 code units in `s` (JavaScript string length).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Similarity of two keys in [0, 1]: 1 − edit distance / longer length, over characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // The distance is at least the length difference: skip hopeless pairs cheaply.
    if a.len().abs_diff(b.len()) * 2 > longest {
        return 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    }
    1.0 - levenshtein(&a, &b) as f64 / longest as f64
}

/// Whether the edit distance of `a` and `b` is at most `k`, in O((|a| + |b|)·k): the common
/// prefix and suffix are dropped (they change no distance), and only the diagonal band of width
/// 2k+1 of the distance table can hold values ≤ k; the search stops at the first row whose
/// every value exceeds `k`, so strangers cost a few rows.
pub fn within_distance(a: &[char], b: &[char], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len()) <= k;
    }
    // Pigeonhole: of k + 1 disjoint pieces of `a`, k edits leave one intact, and it lies in `b`
    // at most k places off (most pairs of strangers fail here at once).
    let pieces = k + 1;
    let intact = (0..pieces).any(|p| {
        let (from, to) = (p * a.len() / pieces, (p + 1) * a.len() / pieces);
        let piece = &a[from..to];
        let last = b.len().saturating_sub(piece.len());
        (from.saturating_sub(k)..=(from + k).min(last)).any(|t| b[t..t + piece.len()].iter().zip(piece).all(|(x, y)| x == y))
    });
    if !intact {
        return false;
    }
    let inf = k + 1;
    let width = 2 * k + 1;
    // Two rows of the band: on the stack for the usual small bounds.
    let (mut small_prev, mut small_cur) = ([0usize; 17], [0usize; 17]);
    let (mut big_prev, mut big_cur) = (Vec::new(), Vec::new());
    let (prev, cur): (&mut [usize], &mut [usize]) = if width <= 17 {
        (&mut small_prev[..width], &mut small_cur[..width])
    } else {
        big_prev.resize(width, 0);
        big_cur.resize(width, 0);
        (&mut big_prev[..], &mut big_cur[..])
    };
    let (mut prev, mut cur) = (prev, cur);
    // Row i holds columns j in [i-k, i+k], at index j + k - i.
    for (d, slot) in prev.iter_mut().enumerate() {
        let j = d.wrapping_sub(k);
        *slot = if d >= k && j <= b.len() { j.min(inf) } else { inf };
    }
    cur.fill(inf);
    for i in 1..=a.len() {
        let mut row_min = inf;
        for d in 0..width {
            cur[d] = inf;
            let Some(j) = (i + d).checked_sub(k) else { continue };
            if j > b.len() {
                continue;
            }
            let v = if j == 0 {
                i.min(inf)
            } else {
                // (i-1, j-1) sits at the same index in the previous row, (i-1, j) one to the
                // right, (i, j-1) one to the left in this row.
                let mut v = prev[d] + usize::from(a[i - 1] != b[j - 1]);
                if d + 1 < width {
                    v = v.min(prev[d + 1] + 1);
                }
                if d > 0 {
                    v = v.min(cur[d - 1] + 1);
                }
                v
            };
            cur[d] = v.min(inf);
            row_min = row_min.min(cur[d]);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = b.len() + k - a.len();
    d < width && prev[d] <= k
}

/// The largest edit distance at which two keys, the longer of `longest` characters, are still
/// [`similarity`] `at_least` similar: `similarity(a, b) >= at_least` is
/// `within_distance(a, b, similar_within(longest, at_least))` for keys whose lengths differ by at
/// most half the longer (the same floating-point comparison, made once per length).
pub fn similar_within(longest: usize, at_least: f64) -> usize {
    if longest == 0 {
        return 0;
    }
    (0..=longest).take_while(|&d| 1.0 - d as f64 / longest as f64 >= at_least).last().unwrap_or(0)
}

/// Edit distance between two character sequences.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_meet_across_widths_spaces_and_breaks() {
        assert_eq!(
            label_key("（二） 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"),
            label_key("(二)部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(label_key("商业\n企业"), "商业企业");
        assert_eq!(label_key("第二十条第（一）项"), label_key("第二十条第(一)项"));
        assert_eq!(compact("１２ ３"), "123");
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "xbcde",
            "abxde",
            "abcdex",
            "bcde",
            "aabbccdd",
            "abcdabcd",
            "abba",
            "baab",
            "进一步加强政务公开",
            "进一步加强政务公示",
            "加强政务公开进一步",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = levenshtein(&a, &b);
                for k in 0..6 {
                    assert_eq!(within_distance(&a, &b, k), full <= k, "{a:?} {b:?} {k}");
                }
                let longest = a.len().max(b.len());
                if longest > 0 && a.len().abs_diff(b.len()) * 2 <= longest {
                    let (x, y): (String, String) = (a.iter().collect(), b.iter().collect());
                    for at_least in [0.5, 0.6, 0.75, 0.85] {
                        assert_eq!(
                            within_distance(&a, &b, similar_within(longest, at_least)),
                            similarity(&x, &y) >= at_least,
                            "{x} {y} {at_least}"
                        );
                    }
                }
            }
        }
        // Pseudo-random words over three letters: many near and far pairs, every bound.
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let a: Vec<char> = (0..next() % 12).map(|_| ['a', 'b', 'c'][next() % 3]).collect();
            let mut b = a.clone();
            for _ in 0..next() % 4 {
                let at = if b.is_empty() { 0 } else { next() % (b.len() + 1) };
                match next() % 3 {
                    0 if at < b.len() => b[at] = ['a', 'b', 'c'][next() % 3],
                    1 if at < b.len() => drop(b.remove(at)),
                    _ => b.insert(at, ['a', 'b', 'c'][next() % 3]),
                }
            }
            let full = levenshtein(&a, &b);
            for k in 0..6 {
                assert_eq!(within_distance(&a, &b, k), full <= k, "{a:?} {b:?} {k}");
            }
        }
        // 0.85 of 20 characters: 3 edits (0.85 exactly is not lost to rounding), not 4.
        assert_eq!(similar_within(20, 0.85), 3);
    }

    #[test]
    fn fast_paths_fold_as_the_table_does() {
        // Every character of the BMP: the fast paths give what the full rules give.
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_other(c), "{c:?}");
            let f = fold_other(c);
            assert_eq!(key_char(c), is_key_char(f).then(|| lower(f)), "{c:?}");
        }
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{3000}' | '\u{200B}' | '\u{FEFF}'), "{c:?}");
        }
        assert_eq!(compact_upto("（一） 予以 公开", 7).as_deref(), Some("(一)予以公开"));
        assert_eq!(compact_upto("（一） 予以 公开", 6), None);
        assert_eq!(compact_upto("", 0).as_deref(), Some(""));
    }

    #[test]
    fn similarity_scores_typos_high_and_strangers_low() {
        assert!(similarity("本年度止件数", "本年废止件数") > 0.8);
        assert!(similarity("规章", "行政许可") < 0.3);
        assert_eq!(similarity("结果", "结果纠正"), 0.5);
    }
}
