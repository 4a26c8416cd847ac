//! Plain text as people paste it. Three table layouts are recognised, all seen in real
//! reports:
//! * pipe: one cell per line ending in " |" (extra "|||" mark spanned columns);
//! * tsv: one table row per line, cells separated by tabs, empty cells for spans;
//! * indented: one cell per line indented by a tab, blank lines between rows, and a cell's
//!   own line breaks ("商业\n企业") left in as unindented continuation lines.
//!
//! Every other non-blank line is a paragraph.

use super::u16_len;
use super::{Block, BlockKind, Ingested, Location, LocationKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum TabLayout {
    Tsv,
    Indented,
}

/// The lines of the input, lazily: the byte offset where each starts and its text without the
/// line break (`\n`, `\r\n`). Nothing is stored per line: an input of millions of short lines
/// costs no more than its blocks.
fn lines(input: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    input.split_inclusive('\n').scan(0usize, |next, piece| {
        let start = *next;
        *next += piece.len();
        Some((start, piece.trim_end_matches('\n').trim_end_matches('\r')))
    })
}

fn is_blank(s: &str) -> bool {
    s.chars().all(crate::normalize::is_space)
}

fn leading_ws(s: &str) -> &str {
    let end = s.find(|c: char| !crate::normalize::is_space(c)).unwrap_or(s.len());
    &s[..end]
}

/// What one pass over the lines tells about the input's layout.
struct Survey {
    tabs: TabLayout,
    pipe_lines: usize,
    tab_lines: usize,
    /// Most lines carry the same number of tabs, four or more: a spreadsheet saved as text
    /// (LibreOffice Calc, Excel), where every row is as wide as the sheet.
    padded_sheet: bool,
    /// Signs of text out of a PDF reader: a form feed between pages, or many lines of bare
    /// numbers (one cell per line, or a row's values on a line).
    pdf_like: bool,
}

fn survey(input: &str) -> Survey {
    let (mut indented, mut tsv, mut pipe_lines, mut lines_with_words, mut bare_numbers) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut form_feed = false;
    let mut widths: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (_, text) in lines(input) {
        form_feed |= text.contains('\u{c}');
        pipe_lines += usize::from(is_pipe_line(text));
        let tabs = text.matches('\t').count();
        if tabs > 0 {
            let lead = leading_ws(text);
            if lead.contains('\t') && !text[lead.len()..].contains('\t') {
                indented += 1;
            } else {
                tsv += 1;
            }
        }
        if is_blank(text) {
            continue;
        }
        lines_with_words += 1;
        *widths.entry(tabs).or_default() += 1;
        if tabs == 0 {
            bare_numbers +=
                usize::from(text.trim().chars().all(|c| c.is_ascii_digit() || c == ' ') && text.bytes().any(|b| b.is_ascii_digit()));
        }
    }
    let tabs = if indented > tsv { TabLayout::Indented } else { TabLayout::Tsv };
    Survey {
        tabs,
        pipe_lines,
        tab_lines: indented + tsv,
        padded_sheet: tabs == TabLayout::Tsv && widths.into_iter().any(|(t, n)| t >= 4 && n * 5 >= lines_with_words * 4),
        pdf_like: form_feed || (bare_numbers >= 12 && bare_numbers * 20 >= lines_with_words),
    }
}

fn is_pipe_line(s: &str) -> bool {
    s.trim_end().ends_with('|')
}

struct Builder<'a> {
    input: &'a str,
    /// The line being read: its 1-based number, where it starts, and its start in UTF-16 code
    /// units, so locating a block costs only its own line.
    line: u32,
    line_start: usize,
    line_u16: usize,
    blocks: Vec<Block>,
    row: u32,
    group: u32,
    in_table: bool,
}

impl<'a> Builder<'a> {
    /// Moves to the line starting at `start` (lines are visited in order).
    fn next_line(&mut self, start: usize) {
        if start > self.line_start {
            let skipped = &self.input[self.line_start..start];
            self.line_u16 += u16_len(skipped);
            self.line += skipped.bytes().filter(|&b| b == b'\n').count() as u32;
            self.line_start = start;
        }
    }

    /// The location of `input[start..end]`, which starts on the current line.
    fn loc(&self, start: usize, end: usize) -> Location {
        debug_assert!(start >= self.line_start);
        let u16_start = self.line_u16 + u16_len(&self.input[self.line_start..start]);
        Location {
            kind: LocationKind::Text,
            element: None,
            start,
            end,
            u16_start,
            u16_end: u16_start + u16_len(&self.input[start..end]),
            line: Some(self.line),
        }
    }

    /// A cell whose text is `input[start..end]` after trimming white space.
    fn cell(&mut self, start: usize, end: usize) {
        let raw = &self.input[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let (s, e) = if raw.trim().is_empty() { (start, start) } else { (start + lead, end - trail) };
        if !self.in_table {
            self.group += 1;
            self.in_table = true;
        }
        let loc = self.loc(s, e);
        self.blocks.push(Block {
            kind: BlockKind::Cell,
            text: self.input[s..e].to_string(),
            loc,
            row: self.row,
            group: self.group,
            soft_breaks: false,
        });
    }

    fn para(&mut self, start: usize, end: usize) {
        let raw = &self.input[start..end];
        if raw.trim().is_empty() {
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let (s, e) = (start + lead, end - trail);
        self.in_table = false;
        let loc = self.loc(s, e);
        self.blocks.push(Block {
            kind: BlockKind::Para,
            text: self.input[s..e].to_string(),
            loc,
            row: self.row,
            group: self.group,
            soft_breaks: false,
        });
        self.row += 1;
    }

    /// Extends the last cell to `end`, for a label broken over two lines.
    fn extend_last_cell(&mut self, end: usize) {
        if let Some(last) = self.blocks.last_mut() {
            let start = last.loc.start;
            last.text = self.input[start..end].to_string();
            last.loc.end = end;
            last.loc.u16_end = last.loc.u16_start + u16_len(&last.text);
        }
    }
}

/// The compacted text of the first lines with words (a title, an issuer): a page header repeats
/// them at the top of every page.
fn opening_lines(input: &str) -> Vec<String> {
    lines(input)
        .map(|(_, t)| t)
        .filter(|t| !is_blank(t))
        .take(6)
        .map(crate::normalize::compact)
        .filter(|c| c.chars().count() >= 6)
        .collect()
}

/// A repeat of an opening line (the title) next to page furniture: a page header. The first
/// time each opening line is met, it is the line itself.
fn is_repeated_heading(text: &str, furniture_next_to_it: bool, first: &[String], met: &mut [bool]) -> bool {
    let c = crate::normalize::compact(text);
    let Some(i) = first.iter().position(|f| *f == c) else { return false };
    let repeated = met[i] && furniture_next_to_it;
    met[i] = true;
    repeated
}

pub fn ingest_text(input: &str) -> Ingested {
    let survey = survey(input);
    let (layout, padded_sheet) = (survey.tabs, survey.padded_sheet);
    let pipe_mode = survey.pipe_lines >= 8;
    let mut b = Builder { input, line: 1, line_start: 0, line_u16: 0, blocks: Vec::new(), row: 0, group: 0, in_table: false };
    let mut prev_was_cell = false;
    let first_lines = opening_lines(input);
    let mut met = vec![false; first_lines.len()];
    let mut prev_furniture = false;
    let mut saw_furniture = false;
    let mut all = lines(input).peekable();
    // Whether the current line is page furniture, known from the look-ahead of the line before.
    let mut furniture = all.peek().is_some_and(|(_, t)| super::furniture::is_page_furniture(t));
    let mut read_up_to = None;
    while let Some((start, text)) = all.next() {
        b.next_line(start);
        let end = start + text.len();
        if b.blocks.len() >= super::MAX_BLOCKS {
            read_up_to = Some(b.loc(start, end));
            break;
        }
        let next_furniture = all.peek().is_some_and(|(_, t)| super::furniture::is_page_furniture(t));
        saw_furniture |= furniture;
        let skip = furniture || is_repeated_heading(text, prev_furniture || next_furniture, &first_lines, &mut met);
        prev_furniture = furniture;
        furniture = next_furniture;
        if skip {
            continue;
        }
        // A line of tabs only is a row of empty cells in a table copied as text (表四 all blank).
        if is_blank(text) && !(layout == TabLayout::Tsv && text.contains('\t')) {
            if layout == TabLayout::Indented && prev_was_cell {
                b.row += 1;
            }
            prev_was_cell = false;
            continue;
        }
        if pipe_mode && is_pipe_line(text) {
            let first_pipe = text.find('|').unwrap_or(text.len());
            let content = &text[..first_pipe];
            if content.trim().is_empty() && text.trim() != "|" {
                // "|||": only marks spanned columns of the line above.
                continue;
            }
            b.row += 1;
            b.cell(start, start + first_pipe);
            prev_was_cell = true;
            continue;
        }
        if text.contains('\t') {
            match layout {
                TabLayout::Indented => {
                    let lead = leading_ws(text);
                    if lead.contains('\t') {
                        b.cell(start + lead.len(), end);
                        prev_was_cell = true;
                        continue;
                    }
                }
                TabLayout::Tsv if padded_sheet => {
                    // A spreadsheet saved as text: every line has the sheet's width in tabs, and
                    // merged cells leave empty cells anywhere. A line with one filled cell is
                    // prose; a table row is its filled cells. A cell of white space is a cell
                    // left blank (a span's filler is empty): a row's blank cells keep their
                    // places, and a line of them is a row of blanks.
                    let filled: Vec<(usize, &str)> = text
                        .split('\t')
                        .scan(start, |at, piece| {
                            let from = *at;
                            *at += piece.len() + 1;
                            Some((from, piece))
                        })
                        .filter(|(_, p)| !p.is_empty())
                        .collect();
                    let words = filled.iter().filter(|(_, p)| !is_blank(p)).count();
                    match filled.as_slice() {
                        [] | [_] if words == 0 => {}
                        [(from, piece)] => {
                            b.para(*from, *from + piece.len());
                            prev_was_cell = false;
                        }
                        cells => {
                            b.row += 1;
                            for (from, piece) in cells {
                                b.cell(*from, *from + piece.len());
                            }
                            prev_was_cell = true;
                        }
                    }
                    continue;
                }
                TabLayout::Tsv => {
                    b.row += 1;
                    let mut cell_start = start;
                    for piece in text.split('\t') {
                        b.cell(cell_start, cell_start + piece.len());
                        cell_start += piece.len() + 1;
                    }
                    prev_was_cell = true;
                    continue;
                }
            }
        }
        // An unindented short line right after a cell continues that cell ("商业\n企业").
        if layout == TabLayout::Indented && prev_was_cell && text.trim().chars().count() <= 8 && !pipe_mode {
            b.extend_last_cell(start + text.trim_end().len());
            continue;
        }
        b.para(start, end);
        prev_was_cell = false;
    }
    let layout = if survey.pdf_like || saw_furniture {
        super::Layout::PdfText
    } else if layout == TabLayout::Tsv && survey.tab_lines > 0 {
        super::Layout::Tsv
    } else {
        super::Layout::Text
    };
    Ingested { blocks: b.blocks, html_title: None, element_count: None, layout, omitted_tables: Vec::new(), read_up_to }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(input: &str) -> Vec<String> {
        ingest_text(input).blocks.iter().filter(|b| b.kind == BlockKind::Cell).map(|b| b.text.clone()).collect()
    }

    #[test]
    fn pipe_layout_reads_one_cell_per_line_and_keeps_empty_label_cells() {
        let input = "标题\n第二十条第(八)项 | |||\n信息内容 |\n|||\n|\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n正文";
        assert_eq!(cells(input), vec!["第二十条第(八)项", "信息内容", "", "0", "0", "0", "0", "0", "0"]);
    }

    #[test]
    fn indented_layout_joins_broken_labels() {
        let input = "\t商业\n企业\n\t科研\n机构\n\n\t0\n";
        let got = cells(input);
        assert_eq!(got, vec!["商业\n企业", "科研\n机构", "0"]);
    }

    #[test]
    fn tsv_layout_splits_rows() {
        let input = "信息内容\t本年制发件数\n规章\t0\t\t0\n";
        assert_eq!(cells(input), vec!["信息内容", "本年制发件数", "规章", "0", "", "0"]);
    }

    #[test]
    fn locations_count_lines_and_utf16_units() {
        let input = "标题𝔸\r\n\n\t规章\t0\n  正文 𝔸 末行";
        let ing = ingest_text(input);
        let u16: Vec<u16> = input.encode_utf16().collect();
        for b in &ing.blocks {
            assert_eq!(&input[b.loc.start..b.loc.end], b.text);
            assert_eq!(String::from_utf16_lossy(&u16[b.loc.u16_start..b.loc.u16_end]), b.text);
            assert_eq!(b.loc.line, Some(1 + input[..b.loc.start].matches('\n').count() as u32));
        }
        assert_eq!(ing.blocks.last().map(|b| b.text.as_str()), Some("正文 𝔸 末行"));
    }

    #[test]
    fn u16_len_counts_like_utf16() {
        for s in ["", "a", "年报", "𝔸x", "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}"] {
            assert_eq!(crate::ingest::u16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    #[test]
    fn locations_point_at_the_source() {
        let input = "一、总体情况\n\t规章\n";
        let ing = ingest_text(input);
        for b in &ing.blocks {
            assert_eq!(&input[b.loc.start..b.loc.end], b.text);
        }
        assert_eq!(ing.blocks[1].loc.line, Some(2));
    }
}
