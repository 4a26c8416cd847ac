//! The prose: paragraphs (blocks that are not table material), the six section headings, and
//! sentences.

use crate::ingest::{Block, BlockKind};
use crate::model::{Paragraph, Section, Sentence};
use crate::normalize::{label_key, label_key_with_map, similarity};
use crate::template::SECTIONS;

/// The paragraphs of the report: every paragraph block the reader did not take as table
/// material; of a paragraph that also held a glued table, the prose around the table.
/// `table_spans` lists the blocks with such spans, in increasing block order.
pub fn paragraphs(blocks: &[Block], table_blocks: &[bool], table_spans: &[(usize, Vec<(usize, usize)>)]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut next_spans = table_spans.iter().peekable();
    for (bi, b) in blocks.iter().enumerate() {
        let spans: &[(usize, usize)] = match next_spans.next_if(|(at, _)| *at == bi) {
            Some((_, spans)) => spans,
            None => &[],
        };
        if b.kind != BlockKind::Para || table_blocks[bi] {
            continue;
        }
        if spans.is_empty() {
            out.push(Paragraph { text: b.text.clone(), location: b.loc.clone(), soft_breaks: b.soft_breaks });
            continue;
        }
        let mut pos = 0;
        let mut locator = crate::ingest::SubLocator::new(&b.loc, &b.text);
        let mut cuts = spans.to_vec();
        cuts.push((b.text.len(), b.text.len()));
        for (s, e) in cuts {
            if s > pos && !b.text[pos..s].trim().is_empty() {
                out.push(Paragraph { text: b.text[pos..s].to_string(), location: locator.at(pos, s), soft_breaks: b.soft_breaks });
            }
            pos = pos.max(e);
        }
    }
    out
}

const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// The six headings, exact or with other wording, as whole short paragraphs or inside long
/// ones (pages whose text lost its line breaks).
pub fn find_sections(paras: &[Paragraph]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let heading_keys: Vec<String> = SECTIONS.iter().map(|s| label_key(s)).collect();
    let heading_chars: Vec<Vec<char>> = heading_keys.iter().map(|k| k.chars().collect()).collect();
    let marks: Vec<String> = NUMERALS.iter().map(|n| format!("{n}、")).collect();
    for p in paras {
        // Every candidate is a numeral followed by "、": most paragraphs have none.
        if !p.text.contains('、') {
            continue;
        }
        let (key, map) = label_key_with_map(&p.text);
        for (si, numeral) in NUMERALS.iter().enumerate() {
            if out.iter().any(|s| s.number as usize == si + 1) {
                continue;
            }
            let hk = &heading_chars[si];
            // Candidate starts: the numeral followed by "、" in the raw text.
            let raw = &p.text;
            let mut search_from = 0;
            while let Some(rel) = raw[search_from..].find(marks[si].as_str()) {
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
    crate::sort::by_key(&mut out[..], |s| (s.location.element.unwrap_or(0), s.location.start));
    out
}

/// Sentences end at 。！？; (and their half-width forms) and at line breaks (not at a
/// paragraph's soft ones).
pub fn split_sentences(paras: &[Paragraph]) -> Vec<Sentence> {
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
            // A soft line break reads as a space (a figure and its unit may be on two lines).
            let text = if p.soft_breaks { trimmed.replace('\n', " ") } else { trimmed.to_string() };
            out.push(Sentence { key: label_key(trimmed), text, location: locator.at(s2, e2), paragraph: pi });
        };
        for (i, c) in text.char_indices() {
            if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') || (c == '\n' && !p.soft_breaks) {
                let end = i + c.len_utf8();
                push(start, end, &mut out);
                start = end;
            }
        }
        push(start, text.len(), &mut out);
    }
    out
}
