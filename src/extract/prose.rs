//! The prose: paragraphs (blocks that are not table material), the six section headings, and
//! sentences.

use crate::ingest::{Block, BlockKind, Layout, Location, LocationKind};
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

/// Which paragraphs go on into the next one (`joins[i]`: paragraph `i` into `i + 1`): lines of
/// text out of a PDF reader or typed text that the page wrapped mid-sentence. A line goes on into
/// the next line when it does not end a sentence and is as wide as the text's full lines (a
/// paragraph's last line, a heading, is shorter), and the title goes on into its second line
/// where it was read from two (`title`: its first line's place and how many lines). Only lines
/// next to each other with nothing but ASCII white space between them.
pub fn wrapped_lines(paras: &[Paragraph], layout: Layout, title: Option<(&Location, usize)>) -> Vec<bool> {
    let mut joins = vec![false; paras.len()];
    if !matches!(layout, Layout::PdfText | Layout::Text) {
        return joins;
    }
    let width = |t: &str| t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let one_line = |p: &Paragraph| p.location.kind == LocationKind::Text && p.location.line.is_some() && !p.text.contains('\n');
    // The full width: what three lines in four reach at most, among lines of some length.
    let mut widths: Vec<usize> = paras.iter().filter(|p| one_line(p)).map(|p| width(&p.text)).filter(|&w| w >= 20).collect();
    crate::sort::ascending(&mut widths[..]);
    let full = widths.get(widths.len() * 3 / 4).copied().unwrap_or(usize::MAX);
    for i in 0..paras.len().saturating_sub(1) {
        let (a, b) = (&paras[i], &paras[i + 1]);
        let (la, lb) = (&a.location, &b.location);
        let next_line = one_line(a)
            && one_line(b)
            && la.line.map(|l| l + 1) == lb.line
            && lb.start > la.end
            && lb.start - la.end <= 64
            && lb.start - la.end == lb.u16_start.saturating_sub(la.u16_end);
        if !next_line {
            continue;
        }
        let is_title = title.is_some_and(|(loc, n)| n == 2 && loc == la);
        let ends = a.text.trim_end().ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':']);
        joins[i] = is_title || (!ends && width(&a.text).saturating_mul(100) >= full.saturating_mul(85));
    }
    joins
}

/// Sentences end at 。！？; (and their half-width forms) and at line breaks (not at a
/// paragraph's soft ones, nor between lines `joins` says go on: see [`wrapped_lines`]).
pub fn split_sentences(paras: &[Paragraph], joins: &[bool]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pi = 0;
    while pi < paras.len() {
        let first = pi;
        while joins.get(pi).copied().unwrap_or(false) && pi + 1 < paras.len() {
            pi += 1;
        }
        let joined;
        let p = if pi == first {
            &paras[first]
        } else {
            // The lines as one paragraph, the white space between them as in the input (ASCII:
            // a line break then spaces), so that places within it are the input's.
            let mut text = paras[first].text.clone();
            for w in first..pi {
                let gap = paras[w + 1].location.start - paras[w].location.end;
                text.push('\n');
                text.extend(std::iter::repeat_n(' ', gap - 1));
                text.push_str(&paras[w + 1].text);
            }
            let (l0, l1) = (&paras[first].location, &paras[pi].location);
            let location = Location { end: l1.end, u16_end: l1.u16_end, ..l0.clone() };
            joined = Paragraph { location, text, soft_breaks: true };
            &joined
        };
        split_paragraph(p, first, &mut out);
        pi += 1;
    }
    out
}

fn split_paragraph(p: &Paragraph, pi: usize, out: &mut Vec<Sentence>) {
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
        let soft_breaks = if p.soft_breaks { trimmed.match_indices('\n').map(|(i, _)| i).collect() } else { Vec::new() };
        out.push(Sentence { key: label_key(trimmed), text, location: locator.at(s2, e2), paragraph: pi, soft_breaks });
    };
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') || (c == '\n' && !p.soft_breaks) {
            let end = i + c.len_utf8();
            push(start, end, out);
            start = end;
        }
    }
    push(start, text.len(), out);
}
