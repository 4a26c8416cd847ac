//! Plain text as people paste it. Three table layouts are recognised, all seen in real
//! reports:
//! * pipe: one cell per line ending in " |" (extra "|||" mark spanned columns);
//! * tsv: one table row per line, cells separated by tabs, empty cells for spans;
//! * indented: one cell per line indented by a tab, blank lines between rows, and a cell's
//!   own line breaks ("商业\n企业") left in as unindented continuation lines.
//!
//! Every other non-blank line is a paragraph.

use super::{Block, BlockKind, Ingested, Location, LocationKind};
use crate::normalize::utf16_len;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TabLayout {
    Tsv,
    Indented,
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(input: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in input.split_inclusive('\n') {
        let body = piece.trim_end_matches('\n').trim_end_matches('\r');
        out.push(Line { start, text: body });
        start += piece.len();
    }
    out
}

fn is_blank(s: &str) -> bool {
    s.chars().all(crate::normalize::is_space)
}

fn leading_ws(s: &str) -> &str {
    let end = s.find(|c: char| !crate::normalize::is_space(c)).unwrap_or(s.len());
    &s[..end]
}

fn detect_tab_layout(lines: &[Line]) -> TabLayout {
    let (mut indented, mut tsv) = (0usize, 0usize);
    for l in lines {
        if !l.text.contains('\t') {
            continue;
        }
        let lead = leading_ws(l.text);
        if lead.contains('\t') && !l.text[lead.len()..].contains('\t') {
            indented += 1;
        } else {
            tsv += 1;
        }
    }
    if indented > tsv {
        TabLayout::Indented
    } else {
        TabLayout::Tsv
    }
}

fn is_pipe_line(s: &str) -> bool {
    s.trim_end().ends_with('|')
}

struct Builder<'a> {
    input: &'a str,
    line_starts: Vec<usize>,
    /// UTF-16 offset of each line start, so locating a cell costs only its own line.
    line_u16: Vec<usize>,
    blocks: Vec<Block>,
    row: u32,
    group: u32,
    in_table: bool,
}

impl<'a> Builder<'a> {
    fn line_of(&self, byte: usize) -> u32 {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    fn u16_at(&self, byte: usize) -> usize {
        let line = (self.line_of(byte) as usize).max(1) - 1;
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        self.line_u16.get(line).copied().unwrap_or(0) + utf16_len(&self.input[line_start..byte])
    }

    fn loc(&self, start: usize, end: usize) -> Location {
        let u16_start = self.u16_at(start);
        Location {
            kind: LocationKind::Text,
            element: None,
            start,
            end,
            u16_start,
            u16_end: u16_start + utf16_len(&self.input[start..end]),
            line: Some(self.line_of(start)),
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
        self.blocks.push(Block { kind: BlockKind::Cell, text: self.input[s..e].to_string(), loc, row: self.row, group: self.group });
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
        self.blocks.push(Block { kind: BlockKind::Para, text: self.input[s..e].to_string(), loc, row: self.row, group: self.group });
        self.row += 1;
    }

    /// Extends the last cell to `end`, for a label broken over two lines.
    fn extend_last_cell(&mut self, end: usize) {
        if let Some(last) = self.blocks.last_mut() {
            let start = last.loc.start;
            last.text = self.input[start..end].to_string();
            last.loc.end = end;
            last.loc.u16_end = last.loc.u16_start + utf16_len(&last.text);
        }
    }
}

/// The compacted text of the first lines with words (a title, an issuer): a page header repeats
/// them at the top of every page.
fn opening_lines(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !is_blank(l.text))
        .take(6)
        .map(|l| crate::normalize::compact(l.text))
        .filter(|c| c.chars().count() >= 6)
        .collect()
}

/// A repeat of an opening line (the title) next to page furniture: a page header.
fn is_repeated_heading(lines: &[Line], i: usize, first: &[String]) -> bool {
    let near_furniture = |j: Option<usize>| j.and_then(|j| lines.get(j)).is_some_and(|l| super::furniture::is_page_furniture(l.text));
    if !(near_furniture(i.checked_sub(1)) || near_furniture(Some(i + 1))) {
        return false;
    }
    let c = crate::normalize::compact(lines[i].text);
    first.contains(&c)
}

pub fn ingest_text(input: &str) -> Ingested {
    let lines = lines(input);
    let pipe_cells = lines.iter().filter(|l| is_pipe_line(l.text)).count();
    let pipe_mode = pipe_cells >= 8;
    let layout = detect_tab_layout(&lines);
    let mut line_u16 = Vec::with_capacity(lines.len());
    let mut acc = 0;
    let mut prev = 0;
    for l in &lines {
        acc += utf16_len(&input[prev..l.start]);
        prev = l.start;
        line_u16.push(acc);
    }
    let mut b = Builder {
        input,
        line_starts: lines.iter().map(|l| l.start).collect(),
        line_u16,
        blocks: Vec::new(),
        row: 0,
        group: 0,
        in_table: false,
    };
    let mut prev_was_cell = false;
    let first_lines = opening_lines(&lines);
    for (i, line) in lines.iter().enumerate() {
        let text = line.text;
        let start = line.start;
        let end = start + text.len();
        if super::furniture::is_page_furniture(text) || is_repeated_heading(&lines, i, &first_lines) {
            continue;
        }
        if is_blank(text) {
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
    Ingested { blocks: b.blocks, html_title: None, element_count: None }
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
    fn locations_point_at_the_source() {
        let input = "一、总体情况\n\t规章\n";
        let ing = ingest_text(input);
        for b in &ing.blocks {
            assert_eq!(&input[b.loc.start..b.loc.end], b.text);
        }
        assert_eq!(ing.blocks[1].loc.line, Some(2));
    }
}
