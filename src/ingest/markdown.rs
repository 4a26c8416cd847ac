//! Markdown as converters write it (pandoc, pandoc's GFM, turndown): the tables become cells as
//! an HTML table's would, the markup around prose is blanked, and every location still points
//! into the Markdown as given.
//!
//! Three table shapes are read:
//! * an HTML `<table>` left in the Markdown (pandoc and turndown do this for merged cells):
//!   one cell per `<td>`/`<th>`, one row per `<tr>`, as the HTML reader gives them;
//! * GFM pipe tables (`| a | b |` over a `|---|` line), where a merged cell leaves empty cells
//!   behind it (leading ones, before a row's label, are dropped as the label's span);
//! * pandoc's simple tables (`----- -----` lines): the dashes give each column's extent in
//!   display columns (a CJK character is two), and a row's text is cut there.
//!
//! Prose keeps its text; the markup around it (`<span …>`, pandoc's `[…]{style=…}`, `**`,
//! `#`, `\` escapes, link targets) is blanked with white space of the same length in bytes and
//! in UTF-16 units, so offsets and line numbers stay those of the source.

use super::{Block, BlockKind, Ingested, Location, LocationKind, SubLocator};

/// True when text carries Markdown a converter writes: a pipe table's delimiter row, a pandoc
/// table's dash line or bracketed span, or an HTML table inside otherwise plain text.
pub fn looks_like_markdown(source: &str) -> bool {
    let head = head(source);
    if head.contains("]{style=") || head.contains("]{.") {
        return true;
    }
    // An HTML table in text that is not itself a page (turndown keeps tables with merged cells
    // as HTML inside the Markdown): its prose is Markdown, with no markup before the first table.
    let bytes = head.as_bytes();
    let has = |tag: &[u8]| find_ci(bytes, 0, tag).is_some();
    let tag_at = |w: &[u8]| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!');
    if find_ci(bytes, 0, b"<table").is_some_and(|t| !bytes[..t + 1].windows(2).any(tag_at))
        && ![b"<html".as_slice(), b"<body", b"<head", b"<!doctype"].into_iter().any(has)
    {
        return true;
    }
    let mut dash_lines = 0;
    for line in head.lines() {
        if is_delimiter_row(line) {
            return true;
        }
        if dash_segments(line).is_some_and(|s| s.len() >= 2) {
            dash_lines += 1;
            if dash_lines >= 2 {
                return true;
            }
        }
    }
    false
}

/// True when text has Markdown tables (a pipe table's delimiter row, a pandoc dash line) or
/// pandoc spans: Markdown that happens to open with an HTML `<div>` is still Markdown.
pub fn has_markdown_tables(source: &str) -> bool {
    let head = head(source);
    head.contains("]{style=") || head.lines().any(|l| is_delimiter_row(l) && l.trim_start().starts_with('|'))
}

/// The first 4 MB of the text, where the signs of Markdown are looked for.
fn head(source: &str) -> &str {
    &source[..floor_char_boundary(source, source.len().min(4 << 20))]
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A GFM delimiter row: `| --- | :---: |` (at least one pipe and one run of three dashes).
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('|') || !t.contains("---") {
        return false;
    }
    t.split('|').map(str::trim).filter(|p| !p.is_empty()).all(|p| {
        let p = p.trim_start_matches(':').trim_end_matches(':');
        p.len() >= 3 && p.bytes().all(|b| b == b'-')
    })
}

/// The display-column extents of a pandoc dash line's runs (`  ----- ------`), or `None`.
fn dash_segments(line: &str) -> Option<Vec<(usize, usize)>> {
    let t = line.trim_end();
    if t.trim_start().is_empty() || !t.bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut segs = Vec::new();
    let mut start = None;
    for (i, b) in t.bytes().enumerate() {
        match (b, start) {
            (b'-', None) => start = Some(i),
            (b' ', Some(s)) => {
                segs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        segs.push((s, t.len()));
    }
    (segs.iter().all(|(s, e)| e - s >= 3)).then_some(segs)
}

/// Width of a character in a monospaced layout as pandoc counts it.
fn display_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Overwrites `out[from..]` with white space of the same length as `piece` in bytes and UTF-16
/// units, line breaks kept.
fn blank_into(out: &mut [u8], from: usize, piece: &str) {
    let mut at = from;
    for fill in piece.chars().map(super::same_width_blank) {
        out[at..at + fill.len()].copy_from_slice(fill.as_bytes());
        at += fill.len();
    }
}

/// A table cell found in the source: its byte range and its physical row and table.
struct FoundCell {
    start: usize,
    end: usize,
    row: u32,
    group: u32,
}

struct Scanner<'a> {
    source: &'a str,
    /// The source with markup blanked; same length, same char boundaries' UTF-16 widths.
    blanked: Vec<u8>,
    cells: Vec<FoundCell>,
    row: u32,
    group: u32,
}

impl<'a> Scanner<'a> {
    fn blank(&mut self, from: usize, to: usize) {
        let piece = &self.source[from..to];
        blank_into(&mut self.blanked, from, piece);
    }

    /// The source's `from..to` with its markup blanked (call after blanking it), trimmed: what a
    /// reader sees in a cell.
    fn shown(&self, from: usize, to: usize) -> &str {
        std::str::from_utf8(&self.blanked[from..to]).map_or("", str::trim)
    }

    fn new_table(&mut self) {
        self.group += 1;
    }

    fn new_row(&mut self) {
        self.row += 1;
    }

    fn cell(&mut self, start: usize, end: usize) {
        self.cells.push(FoundCell { start, end, row: self.row, group: self.group });
    }

    /// Blanks inline markup inside `from..to`: tags, pandoc spans' brackets and attributes,
    /// `**`, backslash escapes, link targets.
    fn blank_inline(&mut self, from: usize, to: usize) {
        let bytes = self.source.as_bytes();
        let mut i = from;
        let mut open_brackets: Vec<usize> = Vec::new();
        while i < to {
            match bytes[i] {
                b'<' => {
                    // A tag may run on over a line break (`<span\nstyle="…">`).
                    let is_tag = bytes.get(i + 1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
                    if is_tag {
                        let end = tag_close(bytes, i);
                        self.blank(i, end);
                        i = end;
                        continue;
                    }
                    i += 1;
                }
                b'&' => {
                    let entity = ["&nbsp;", "&emsp;", "&ensp;", "&#160;"]
                        .into_iter()
                        .find(|e| bytes.len() >= i + e.len() && bytes[i..i + e.len()].eq_ignore_ascii_case(e.as_bytes()));
                    match entity {
                        Some(e) => {
                            self.blank(i, i + e.len());
                            i += e.len();
                        }
                        None => i += 1,
                    }
                }
                b'\\' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_punctuation()) && i + 1 < to => {
                    self.blank(i, i + 1);
                    i += 2;
                }
                b'*' if bytes.get(i + 1) == Some(&b'*') => {
                    self.blank(i, i + 2);
                    i += 2;
                }
                b'[' => {
                    open_brackets.push(i);
                    i += 1;
                }
                // pandoc's heading attributes: `{#id .class}`.
                b'{' if matches!(bytes.get(i + 1), Some(b'#' | b'.')) => match bytes[i..to].iter().position(|&b| b == b'}') {
                    Some(close) => {
                        self.blank(i, i + close + 1);
                        i += close + 1;
                    }
                    None => i += 1,
                },
                b']' => {
                    let Some(open) = open_brackets.pop() else {
                        i += 1;
                        continue;
                    };
                    // `]{attributes}` (a pandoc span) or `](target)` (a link): blank the
                    // brackets and what follows; keep the text between.
                    let (opener, closer) = match bytes.get(i + 1) {
                        Some(b'{') => (b'{', b'}'),
                        Some(b'(') => (b'(', b')'),
                        _ => {
                            i += 1;
                            continue;
                        }
                    };
                    let _ = opener;
                    let Some(close) = bytes[i + 2..to].iter().position(|&b| b == closer) else {
                        i += 1;
                        continue;
                    };
                    let end = i + 2 + close + 1;
                    self.blank(open, open + 1);
                    if open > from && bytes[open - 1] == b'!' {
                        self.blank(open - 1, open);
                    }
                    self.blank(i, end);
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    /// An HTML table from `<table` at `from`; returns where it ends.
    fn html_table(&mut self, from: usize) -> usize {
        let bytes = self.source.as_bytes();
        let end = find_ci(bytes, from, b"</table")
            .map_or(bytes.len(), |e| bytes[e..].iter().position(|&b| b == b'>').map_or(bytes.len(), |p| e + p + 1));
        self.new_table();
        let mut i = from;
        let mut open_cell: Option<usize> = None;
        while i < end {
            if bytes[i] != b'<' {
                i += 1;
                continue;
            }
            let close = tag_close(bytes, i).min(end);
            let tag = &bytes[i + 1..close.saturating_sub(1).max(i + 1)];
            let (closing, name) = match tag.first() {
                Some(b'/') => (true, tag_name(&tag[1..])),
                _ => (false, tag_name(tag)),
            };
            match (closing, name.as_slice()) {
                (false, b"tr") => {
                    if let Some(s) = open_cell.take() {
                        self.cell(s, i);
                    }
                    self.new_row();
                }
                (false, b"td" | b"th") => {
                    if let Some(s) = open_cell.take() {
                        self.cell(s, i);
                    }
                    open_cell = Some(close);
                }
                (true, b"td" | b"th") => {
                    if let Some(s) = open_cell.take() {
                        self.cell(s, i);
                    }
                }
                (true, b"tr") => {
                    if let Some(s) = open_cell.take() {
                        self.cell(s, i);
                    }
                }
                _ => {}
            }
            i = close;
        }
        if let Some(s) = open_cell.take() {
            self.cell(s, end);
        }
        // Markup inside the cells is blanked; the rest of the table is not prose.
        self.blank_inline(from, end);
        end
    }

    /// A GFM pipe table whose first line starts at `from`; returns where it ends.
    fn pipe_table(&mut self, from: usize) -> usize {
        self.new_table();
        let mut at = from;
        for line in self.source[from..].split_inclusive('\n') {
            let text = line.trim_end_matches('\n').trim_end_matches('\r');
            if !text.trim_start().starts_with('|') {
                break;
            }
            let b = text.as_bytes();
            let pipes: Vec<usize> = (0..b.len()).filter(|&k| b[k] == b'|' && (k == 0 || b[k - 1] != b'\\')).collect();
            let ranges: Vec<(usize, usize)> = pipes.windows(2).map(|w| (at + w[0] + 1, at + w[1])).collect();
            self.blank_inline(at, at + text.len());
            // GFM needs a header row: for a table without one, converters write an empty row.
            let header_filler = at == from && ranges.iter().all(|&(s, e)| self.shown(s, e).is_empty());
            if !is_delimiter_row(text) && !header_filler {
                self.new_row();
                self.row_cells(&ranges);
            }
            at += line.len();
        }
        at
    }

    /// The cells of one pipe or pandoc row: leading empty cells before a label are the span
    /// of a merged label above and are dropped.
    fn row_cells(&mut self, ranges: &[(usize, usize)]) {
        let first = ranges.iter().position(|&(s, e)| !self.shown(s, e).is_empty());
        let label_later = first.is_some_and(|f| {
            let (s, e) = ranges[f];
            !crate::normalize::compact(self.shown(s, e)).chars().all(|c| c.is_ascii_digit() || c == '.')
        });
        for (k, &(s, e)) in ranges.iter().enumerate() {
            if label_later && first.is_some_and(|f| k < f) {
                continue;
            }
            self.cell(s, e);
        }
    }

    /// A pandoc simple table opened by the dash line at `from`; returns where it ends.
    fn dash_table(&mut self, from: usize, segs: &[(usize, usize)]) -> usize {
        self.new_table();
        let mut at = from;
        let mut lines = self.source[from..].split_inclusive('\n');
        if let Some(first) = lines.next() {
            at += first.len();
            self.blank(from, at);
        }
        for line in lines {
            let text = line.trim_end_matches('\n').trim_end_matches('\r');
            if dash_segments(text).is_some() {
                self.blank(at, at + line.len());
                at += line.len();
                break;
            }
            if text.trim().is_empty() {
                // A blank line ends a simple table (a multiline table's rows are apart).
                at += line.len();
                continue;
            }
            self.new_row();
            // Cut at the display columns where each dash run starts.
            let mut cuts = vec![at];
            let mut col = 0;
            let mut next_seg = 1;
            for (k, c) in text.char_indices() {
                while next_seg < segs.len() && col >= segs[next_seg].0 {
                    cuts.push(at + k);
                    next_seg += 1;
                }
                col += display_width(c);
            }
            while cuts.len() <= segs.len() {
                cuts.push(at + text.len());
            }
            let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
            self.blank_inline(at, at + text.len());
            self.row_cells(&ranges);
            at += line.len();
        }
        at
    }
}

/// Where the tag opening at `at` (a `<`) ends, after its `>`, as a browser reads it: quoted
/// attribute values may hold `>`; a comment ends at `-->`.
fn tag_close(bytes: &[u8], at: usize) -> usize {
    if bytes[at..].starts_with(b"<!--") {
        return bytes[at + 4..].windows(3).position(|w| w == b"-->").map_or(bytes.len(), |p| at + 4 + p + 3);
    }
    let mut name_end = at + 1;
    if bytes.get(name_end) == Some(&b'/') {
        name_end += 1;
    }
    while bytes.get(name_end).is_some_and(|b| b.is_ascii_alphanumeric()) {
        name_end += 1;
    }
    super::html::tag_end(bytes, name_end).0
}

fn tag_name(tag: &[u8]) -> Vec<u8> {
    tag.iter().take_while(|b| b.is_ascii_alphanumeric()).map(|b| b.to_ascii_lowercase()).collect()
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay[from..].windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| from + p)
}

pub fn ingest_markdown(source: &str) -> Ingested {
    let mut s = Scanner { source, blanked: source.as_bytes().to_vec(), cells: Vec::new(), row: 1 << 24, group: 1 << 24 };
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut omitted: Vec<(usize, usize)> = Vec::new();
    // Paragraphs: runs of prose lines (a soft line break joins lines, as Markdown reads them).
    let mut paras: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let close = |open: &mut Option<(usize, usize)>, paras: &mut Vec<(usize, usize)>| {
        if let Some(p) = open.take() {
            paras.push(p);
        }
    };
    while at < bytes.len() {
        let line_end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| at + p + 1);
        let line = source[at..line_end].trim_end_matches('\n').trim_end_matches('\r');
        // An HTML table starting on this line.
        if let Some(t) = find_ci(&bytes[..line_end], at, b"<table") {
            if t > at {
                open = Some((open.map_or(at, |p| p.0), t));
            }
            close(&mut open, &mut paras);
            let end = s.html_table(t);
            at = end;
            continue;
        }
        let next = &source[line_end..];
        let next_line = next.split('\n').next().unwrap_or("");
        if line.trim_start().starts_with('|') && is_delimiter_row(next_line) {
            close(&mut open, &mut paras);
            at = s.pipe_table(at);
            continue;
        }
        if let Some(segs) = dash_segments(line).filter(|g| g.len() >= 2) {
            close(&mut open, &mut paras);
            at = s.dash_table(at, &segs);
            continue;
        }
        if line.trim() == "[TABLE]" {
            // pandoc's placeholder for a table it could not write: the table is not here.
            close(&mut open, &mut paras);
            let lead = line.len() - line.trim_start().len();
            omitted.push((at + lead, at + lead + "[TABLE]".len()));
            s.blank(at, at + line.len());
            at = line_end;
            continue;
        }
        let (lead, end) = (line.len() - line.trim_start().len(), at + line.len());
        let rest = &line[lead..];
        if rest.is_empty() {
            close(&mut open, &mut paras);
            at = line_end;
            continue;
        }
        // Headings, rules, quotes, fenced divs and list items each start a paragraph.
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        let list_item = rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ");
        if (1..=6).contains(&hashes) && rest.as_bytes().get(hashes) == Some(&b' ') {
            close(&mut open, &mut paras);
            s.blank(at + lead, at + lead + hashes);
            paras.push((at, end));
        } else if rest.starts_with(":::") || (rest.len() >= 3 && rest.bytes().all(|b| b == b'-' || b == b'*' || b == b'_')) {
            close(&mut open, &mut paras);
            s.blank(at, end);
        } else if rest.starts_with("> ") || list_item {
            close(&mut open, &mut paras);
            s.blank(at + lead, at + lead + 1);
            open = Some((at, end));
        } else {
            open = Some((open.map_or(at, |p| p.0), end));
        }
        at = line_end;
    }
    close(&mut open, &mut paras);
    for &(a, b) in &paras {
        s.blank_inline(a, b);
    }
    let blanked = String::from_utf8(s.blanked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    debug_assert_eq!(blanked.len(), source.len());
    let base = Location { kind: LocationKind::Text, element: None, start: 0, end: 0, u16_start: 0, u16_end: 0, line: Some(1) };
    // Paragraphs and cells in source order, located in the source; their text is the blanked
    // source, trimmed.
    let mut pieces: Vec<(usize, usize, BlockKind, u32, u32)> = Vec::with_capacity(paras.len() + s.cells.len());
    let mut row = 0u32;
    for &(a, b) in &paras {
        row += 1;
        pieces.push((a, b, BlockKind::Para, row, 0));
    }
    pieces.extend(s.cells.iter().map(|c| (c.start, c.end, BlockKind::Cell, c.row, c.group)));
    crate::sort::by_key(&mut pieces[..], |p| p.0);
    let mut locator = SubLocator::new(&base, &blanked);
    let mut blocks = Vec::with_capacity(pieces.len().min(super::MAX_BLOCKS));
    let mut read_up_to = None;
    for (a, b, kind, row, group) in pieces {
        if blocks.len() >= super::MAX_BLOCKS {
            read_up_to = Some(locator.at(a, b));
            break;
        }
        let raw = &blanked[a..b];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() && kind == BlockKind::Para {
            continue;
        }
        let (from, to) = if trimmed.is_empty() { (a, a) } else { (a + lead, a + lead + trimmed.len()) };
        let loc = locator.at(from, to);
        let text = blanked[from..to].to_string();
        // A line break inside a paragraph is soft: converters wrap lines anywhere, even
        // between a figure and its unit.
        blocks.push(Block { kind, text, loc, row, group, soft_breaks: kind == BlockKind::Para });
    }
    let mut locator = SubLocator::new(&base, source);
    let omitted_tables = omitted.iter().map(|&(a, b)| locator.at(a, b)).collect();
    Ingested { blocks, html_title: None, element_count: None, layout: super::Layout::Markdown, omitted_tables, read_up_to }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(input: &str) -> Vec<String> {
        ingest_markdown(input).blocks.iter().filter(|b| b.kind == BlockKind::Cell).map(|b| crate::normalize::compact(&b.text)).collect()
    }

    fn paras(input: &str) -> Vec<String> {
        ingest_markdown(input).blocks.iter().filter(|b| b.kind == BlockKind::Para).map(|b| b.text.trim().to_string()).collect()
    }

    #[test]
    fn pipe_tables_give_cells_without_the_span_placeholders_before_a_label() {
        let md = "正文\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| <span style=\"x\">规章</span> | 0 |\n|  | （二）部分公开 | 5 |\n";
        assert!(looks_like_markdown(md));
        assert_eq!(cells(md), vec!["信息内容", "本年制发件数", "规章", "0", "(二)部分公开", "5"]);
        assert_eq!(paras(md), vec!["正文"]);
    }

    #[test]
    fn html_tables_in_markdown_give_one_cell_per_td() {
        let md = "**一、总体情况**\n\n<table><tr><td colspan=\"2\"><p><span>行政许可</span></p></td><td>2&nbsp;</td></tr>\n<tr><td></td></tr></table>\n\n末段。";
        assert_eq!(cells(md), vec!["行政许可", "2", ""]);
        assert_eq!(paras(md), vec!["一、总体情况", "末段。"]);
    }

    #[test]
    fn pandoc_simple_tables_are_cut_at_the_dash_columns() {
        let md = "  ------ ------\n  [规章]{style=\"a\"} [7]{style=\"b\"}\n  ------ ------\n";
        // Columns start at display columns 2 and 9: "[规章]{…}" is wider than its column, so
        // take a table whose text fits.
        let md2 = "  -------- ----\n  规章     7\n  行政许可 12\n  -------- ----\n";
        assert_eq!(cells(md2), vec!["规章", "7", "行政许可", "12"]);
        assert!(looks_like_markdown(md2));
        let _ = md;
    }

    /// At most `MAX_BLOCKS` blocks are read; where reading stopped is kept.
    #[test]
    fn reading_stops_after_max_blocks() {
        let n = crate::ingest::MAX_BLOCKS;
        let source = format!("# 标题\n\n{}", "- 项\n".repeat(n + 5));
        let ing = ingest_markdown(&source);
        assert_eq!(ing.blocks.len(), n);
        assert_eq!(ing.read_up_to.as_ref().and_then(|l| l.line), Some(2 + n as u32));
    }

    #[test]
    fn locations_point_into_the_source() {
        let md = "# 标题\n\n[第一段文字。]{style=\"font-family:仿宋\"}\n\n| a | 规章 |\n|---|---|\n| 行政许可 | 3 |\n";
        let ing = ingest_markdown(md);
        for b in &ing.blocks {
            let src = &md[b.loc.start..b.loc.end];
            assert!(crate::normalize::compact(src).len() >= crate::normalize::compact(&b.text).len());
            assert_eq!(b.loc.line, Some(1 + md[..b.loc.start].matches('\n').count() as u32), "{b:?}");
            assert_eq!(b.loc.u16_start, md[..b.loc.start].encode_utf16().count());
        }
        assert_eq!(paras(md), vec!["标题", "第一段文字。"]);
    }
}
