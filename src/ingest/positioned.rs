//! Positioned text: the text items of a laid-out document (a PDF page as pdf.js or the CLI's PDF
//! reader gives it: page, x, y, width, height, string) rebuilt into the blocks every other
//! input gives — paragraphs, and table cells with their physical rows and tables — so the same
//! reader and rules check it. Every front end sends its items here: one reconstruction.
//!
//! From positions alone:
//! 1. items are cut at runs of spaces into pieces, and pieces are clustered into lines by
//!    baseline (pdf.js's own zero-height whitespace items carry no text and are dropped);
//! 2. a line is cut into segments where the gap between pieces is wider than about one
//!    character: table cells side by side;
//! 3. segments are joined downwards into blocks — a cell's wrapped or stacked lines, a
//!    paragraph's lines — when the next line is one line pitch below, overlaps horizontally
//!    (left-aligned, centred or stacked text), does not start with an item number (「一、」,
//!    「（二）」, 「3.」), and is no new paragraph (first-line indent after a full line, a short
//!    line before it, or a wider gap);
//! 4. blocks that share a horizontal band with another block are table cells, the others are
//!    paragraphs; cells are ordered row by row (by their first line, then left to right), a
//!    new physical row starting below the current row's text;
//! 5. the value columns of each table are found from the alignment of its numbers (clusters of
//!    their centres), and a row that has values gets an empty cell in each value column it
//!    leaves blank: a blank cell in a PDF leaves no item at all;
//! 6. page furniture in the top and bottom margins (page numbers, a browser's print header and
//!    footer) is left out, so a table broken over pages reads as one.
//!
//! Locations are of kind `pdf` (see [`PdfGeometry`]): offsets into the rebuilt text, and for a
//! front end the page and rectangles of the characters, and the items they came from.

use super::{Block, BlockKind, Ingested, Location, LocationKind};
use std::sync::Arc;

/// Items beyond this many are not read (a 500-page PDF has about 150 000).
pub const MAX_ITEMS: usize = 400_000;
/// Pages beyond this many are not read.
pub const MAX_PAGES: u32 = 2_000;

/// A page's size in PDF points.
#[derive(Debug, Clone)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
pub struct PageSize {
    pub page: u32,
    pub width: f64,
    pub height: f64,
}

/// One text item: `x`, `y` the start of its baseline in PDF points (origin bottom left, as
/// pdf.js's `transform[4..5]`), `width` its advance, `height` its font size.
#[derive(Debug, Clone)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
pub struct TextItem {
    pub page: u32,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    #[cfg_attr(not(target_arch = "wasm32"), serde(rename = "str"))]
    pub text: String,
}

/// A document as positioned text (the JSON of `tests/fixtures/layouts/pdfjs-items/`; other
/// fields are ignored).
#[derive(Debug, Clone, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
pub struct PositionedDoc {
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub pages: Vec<PageSize>,
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub items: Vec<TextItem>,
    /// Ruling lines (table borders), when the extractor gives them.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub lines: Vec<RuleLine>,
}

/// A horizontal or vertical ruling line, in the items' coordinates.
#[derive(Debug, Clone)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
pub struct RuleLine {
    pub page: u32,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The ruling lines of one page, split by direction.
#[derive(Debug, Default)]
struct Rules {
    /// (y, x0, x1)
    horizontal: Vec<(f64, f64, f64)>,
    /// (x, y0, y1)
    vertical: Vec<(f64, f64, f64)>,
}

impl Rules {
    fn of(lines: &[RuleLine], page: u32) -> Rules {
        let mut r = Rules::default();
        for l in lines.iter().filter(|l| l.page == page) {
            if (l.y1 - l.y0).abs() < 0.5 {
                r.horizontal.push((l.y0, l.x0.min(l.x1), l.x0.max(l.x1)));
            } else if (l.x1 - l.x0).abs() < 0.5 {
                r.vertical.push((l.x0, l.y0.min(l.y1), l.y0.max(l.y1)));
            }
        }
        r
    }

    /// A horizontal line strictly between the baselines `low` and `high` under `x`.
    fn horizontal_between(&self, x: f64, low: f64, high: f64) -> bool {
        self.horizontal.iter().any(|&(y, x0, x1)| y > low && y < high && x0 <= x && x <= x1)
    }

    /// A vertical line between `xa` and `xb` crossing the height `y`.
    fn vertical_between(&self, xa: f64, xb: f64, y: f64) -> bool {
        self.vertical.iter().any(|&(x, y0, y1)| x > xa && x < xb && y0 <= y && y <= y1)
    }

    /// The boxes of a row whose top border is at `top` that hold no text: between two vertical
    /// lines crossing the row, under a border of their own (a cell spanning from a row above
    /// has none), and with no text of `taken` (left and right edges of the row's cells).
    fn empty_boxes(&self, top: f64, taken: impl Iterator<Item = (f64, f64)> + Clone) -> Vec<(f64, f64)> {
        let y = top - 2.0;
        let mut xs: Vec<f64> = self.vertical.iter().filter(|&&(_, y0, y1)| y0 <= y && y <= y1).map(|&(x, _, _)| x).collect();
        crate::sort::by(&mut xs[..], f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() < 1.5);
        let mut out = Vec::new();
        for w in xs.windows(2) {
            let (x0, x1) = (w[0], w[1]);
            let mid = (x0 + x1) / 2.0;
            if x1 - x0 < 4.0 {
                continue;
            }
            let own_border = self.horizontal.iter().any(|&(hy, hx0, hx1)| (hy - top).abs() < 1.0 && hx0 - 1.0 <= mid && mid <= hx1 + 1.0);
            let has_text = taken.clone().any(|(t0, t1)| t1 > x0 + 0.5 && t0 < x1 - 0.5);
            if own_border && !has_text {
                out.push((x0 + 1.0, x1 - 1.0));
            }
        }
        out
    }

    /// The box between the nearest vertical lines left and right of `x0..x1` at height `y`.
    fn box_of(&self, x0: f64, x1: f64, y: f64) -> Option<(f64, f64)> {
        let crossing = || self.vertical.iter().filter(move |&&(_, y0, y1)| y0 <= y && y <= y1).map(|&(x, _, _)| x);
        let left = crossing().filter(|&x| x <= x0 + 0.5).fold(f64::NEG_INFINITY, f64::max);
        let right = crossing().filter(|&x| x >= x1 - 0.5).fold(f64::INFINITY, f64::min);
        (left.is_finite() && right.is_finite()).then_some((left, right))
    }

    /// Vertical lines on both sides of `x0..x1` crossing the height `y`: the text is in a box.
    fn boxed(&self, x0: f64, x1: f64, y: f64) -> bool {
        let crosses = |&&(_, y0, y1): &&(f64, f64, f64)| y0 <= y && y <= y1;
        self.vertical.iter().filter(crosses).any(|&(x, _, _)| x <= x0 + 0.5)
            && self.vertical.iter().filter(crosses).any(|&(x, _, _)| x >= x1 - 0.5)
    }
}

/// One character's box in the rebuilt text: page (1-based), the item it came from, and its
/// rectangle in PDF points from the page's top left corner (y downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CharBox {
    pub offset: u32,
    pub page: u32,
    pub item: u32,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// Where the rebuilt text came from on the pages: shared by every location of one document.
#[derive(Debug, Default)]
pub struct PdfGeometry {
    /// The boxes of the rebuilt text's characters, by increasing byte offset (joiners and
    /// separators have none).
    pub chars: Vec<CharBox>,
    /// Empty cells: an offset and the box of the gap where the cell is.
    pub empties: Vec<CharBox>,
}

/// A rectangle of a location, for a front end to draw on the rendered page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfRect {
    pub page: u32,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl PdfGeometry {
    /// The rectangles (one per line and page) and the item indices of `start..end`.
    pub fn place(&self, start: usize, end: usize) -> (Vec<PdfRect>, Vec<u32>) {
        let from = self.chars.partition_point(|c| (c.offset as usize) < start);
        let to = self.chars.partition_point(|c| (c.offset as usize) < end.max(start));
        let mut rects: Vec<PdfRect> = Vec::new();
        let mut items: Vec<u32> = Vec::new();
        let mut cur: Option<CharBox> = None;
        let flush = |cur: &mut Option<CharBox>, rects: &mut Vec<PdfRect>| {
            if let Some(c) = cur.take() {
                rects.push(PdfRect { page: c.page, x: c.x0, y: c.y0, width: c.x1 - c.x0, height: c.y1 - c.y0 });
            }
        };
        for c in &self.chars[from..to] {
            if items.last() != Some(&c.item) && !items.contains(&c.item) {
                items.push(c.item);
            }
            match cur.as_mut() {
                // Same page and line: grow the rectangle.
                Some(r) if r.page == c.page && (c.y0 - r.y0).abs() < 0.5 * (r.y1 - r.y0).max(1.0) && c.x0 >= r.x0 - 1.0 => {
                    r.x1 = r.x1.max(c.x1);
                    r.y0 = r.y0.min(c.y0);
                    r.y1 = r.y1.max(c.y1);
                }
                _ => {
                    flush(&mut cur, &mut rects);
                    cur = Some(*c);
                }
            }
        }
        flush(&mut cur, &mut rects);
        if rects.is_empty() {
            if let Some(e) = self.empties.iter().find(|e| e.offset as usize == start) {
                rects.push(PdfRect { page: e.page, x: e.x0, y: e.y0, width: e.x1 - e.x0, height: e.y1 - e.y0 });
            }
        }
        crate::sort::ascending(&mut items[..]);
        (rects, items)
    }
}

/// A piece of an item: text without runs of spaces, with its horizontal extent.
#[derive(Debug, Clone)]
struct Piece {
    item: u32,
    page: u32,
    text: String,
    x0: f64,
    x1: f64,
    /// Baseline, PDF points from the page's bottom.
    y: f64,
    /// Font size.
    h: f64,
    /// Each character's left and right edge.
    edges: Vec<(f64, f64)>,
}

/// Approximate advance of a character in ems: ideographs and full-width forms are square,
/// Latin letters and digits about half.
fn char_weight(c: char) -> f64 {
    if c.is_ascii() || ('\u{2000}'..'\u{206F}').contains(&c) && !matches!(c, '“' | '”' | '‘' | '’' | '—' | '…') {
        0.5
    } else {
        1.0
    }
}

fn pieces_of(index: u32, it: &TextItem) -> Vec<Piece> {
    let chars: Vec<char> = it.text.chars().collect();
    let total: f64 = chars.iter().map(|&c| char_weight(c)).sum();
    if total <= 0.0 || !it.x.is_finite() || !it.y.is_finite() || !it.width.is_finite() {
        return Vec::new();
    }
    let h = if it.height.is_finite() && it.height > 0.0 { it.height } else { 10.0 };
    let unit = if it.width > 0.0 { it.width / total } else { h };
    let mut out: Vec<Piece> = Vec::new();
    let mut x = it.x;
    let mut spaces = 0usize;
    for &c in &chars {
        let w = char_weight(c) * unit;
        if c.is_whitespace() || c == '\u{3000}' {
            spaces += 1;
        } else {
            // Two or more spaces (or a wide gap) start a new piece; one space stays inside.
            let new = match out.last() {
                None => true,
                Some(_) if spaces >= 2 => true,
                _ => false,
            };
            if new {
                out.push(Piece { item: index, page: it.page, text: String::new(), x0: x, x1: x + w, y: it.y, h, edges: Vec::new() });
            } else if spaces == 1 {
                if let Some(p) = out.last_mut() {
                    p.text.push(' ');
                    p.edges.push((x - unit * 0.5, x));
                }
            }
            let p = out.last_mut().expect("pushed above");
            p.text.push(c);
            p.edges.push((x, x + w));
            p.x1 = x + w;
            spaces = 0;
        }
        x += w;
    }
    out
}

/// A line's run of adjacent pieces: a cell's line or a paragraph's line.
#[derive(Debug, Clone)]
struct Segment {
    pieces: Vec<Piece>,
    x0: f64,
    x1: f64,
    y: f64,
    h: f64,
    numeric: bool,
}

impl Segment {
    fn text(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.pieces.iter().enumerate() {
            if i > 0 {
                let prev = &self.pieces[i - 1];
                let gap = p.x0 - prev.x1;
                let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if gap > 0.2 * p.h && ascii(prev.text.chars().last()) && ascii(p.text.chars().next()) {
                    s.push(' ');
                }
            }
            s.push_str(&p.text);
        }
        s
    }
}

/// Several segments joined downwards: a cell or a paragraph.
#[derive(Debug, Clone)]
struct TextBlock {
    page: u32,
    lines: Vec<Segment>,
    x0: f64,
    x1: f64,
    /// Baselines of the first and last line.
    top: f64,
    bottom: f64,
    h: f64,
    /// The last line joined had values (a row of numbers).
    last_line_values: bool,
    /// Index of the last line joined.
    last_line: usize,
    cell: bool,
}

fn starts_with_item_number(s: &str) -> bool {
    let t = s.trim_start();
    let mut chars = t.chars();
    let first = chars.next();
    let second = chars.next();
    const NUMERALS: &str = "一二三四五六七八九十";
    match (first, second) {
        (Some('（' | '('), Some(c)) if NUMERALS.contains(c) || c.is_ascii_digit() => true,
        (Some(c), Some('、')) if NUMERALS.contains(c) => true,
        (Some(c), Some(n)) if NUMERALS.contains(c) && NUMERALS.contains(n) => t.chars().nth(2) == Some('、'),
        (Some(c), Some('.' | '．' | '、')) if c.is_ascii_digit() => true,
        (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => matches!(t.chars().nth(2), Some('.' | '．' | '、')),
        _ => false,
    }
}

fn is_numeric(s: &str) -> bool {
    matches!(crate::value::parse_value(s), crate::value::Value::Number { .. })
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    crate::sort::by(&mut v[..], f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The lines of one page: pieces clustered by baseline, each line cut into segments.
fn page_lines(mut pieces: Vec<Piece>, rules: &Rules) -> Vec<Vec<Segment>> {
    crate::sort::by(&mut pieces[..], |a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    for p in pieces {
        match lines.last_mut() {
            Some(l) if (l[0].y - p.y).abs() <= 0.3 * l[0].h.min(p.h) => l.push(p),
            _ => lines.push(vec![p]),
        }
    }
    lines
        .into_iter()
        .map(|mut l| {
            crate::sort::by(&mut l[..], |a, b| a.x0.total_cmp(&b.x0));
            let mut segs: Vec<Segment> = Vec::new();
            for p in l {
                match segs.last_mut() {
                    Some(s)
                        if p.x0 - s.x1 <= 0.9 * p.h.max(s.h)
                            && p.x0 >= s.x0
                            && !rules.vertical_between(s.x1 - 0.5, p.x0 + 0.5, p.y + 0.3 * p.h) =>
                    {
                        s.x1 = s.x1.max(p.x1);
                        s.h = s.h.max(p.h);
                        s.pieces.push(p);
                    }
                    _ => segs.push(Segment { x0: p.x0, x1: p.x1, y: p.y, h: p.h, numeric: false, pieces: vec![p] }),
                }
            }
            for s in &mut segs {
                s.numeric = is_numeric(&s.text());
            }
            segs
        })
        .collect()
}

/// Whether a line in a page's top or bottom margin is page furniture.
fn is_furniture(line: &[Segment], page_height: f64) -> bool {
    let y = line[0].y;
    let in_margin = y > page_height * 0.90 || y < page_height * 0.10;
    in_margin && line.iter().any(|s| super::furniture::is_page_furniture(&s.text()))
}

/// The usual distance between the baselines of two lines of one paragraph or cell, per font size.
fn line_pitch(lines: &[(u32, Vec<Segment>)]) -> f64 {
    let mut ratios = Vec::new();
    for w in lines.windows(2) {
        let ((pa, a), (pb, b)) = (&w[0], &w[1]);
        if pa != pb || a.len() != 1 || b.len() != 1 {
            continue;
        }
        let (a, b) = (&a[0], &b[0]);
        let dy = a.y - b.y;
        if (a.x0 - b.x0).abs() < 0.5 * a.h && (a.h - b.h).abs() < 0.1 * a.h && dy > 0.9 * a.h && dy < 3.0 * a.h {
            ratios.push(dy / a.h);
        }
    }
    median(ratios).unwrap_or(1.5).clamp(1.0, 2.5)
}

/// Joins segments downwards into blocks (cells and paragraphs).
fn build_blocks(lines: Vec<(u32, Vec<Segment>)>, pitch: f64, rules: &std::collections::HashMap<u32, Rules>) -> Vec<TextBlock> {
    let none = Rules::default();
    let mut blocks: Vec<TextBlock> = Vec::new();
    let mut page_start = 0;
    for (li, (page, line)) in lines.into_iter().enumerate() {
        if blocks.last().is_some_and(|b| b.page != page) {
            page_start = blocks.len();
        }
        let line_has_values = line.iter().any(|s| s.numeric);
        let page_rules = rules.get(&page).unwrap_or(&none);
        for seg in line {
            let text = seg.text();
            let em = seg.h;
            let mut best: Option<(usize, f64)> = None;
            // With borders drawn, a border tells rows apart; without, a number never continues.
            let ruled = !page_rules.horizontal.is_empty();
            if (ruled || !seg.numeric) && !starts_with_item_number(&text) {
                let from = page_start.max(blocks.len().saturating_sub(400));
                for (bi, b) in blocks.iter().enumerate().skip(from) {
                    let last = b.lines.last().expect("a block has a line");
                    let dy = last.y - seg.y;
                    if b.last_line == li || dy < 0.5 * em || dy > pitch * 1.2 * em.max(last.h) || (last.numeric && !ruled) {
                        continue;
                    }
                    if last.numeric != seg.numeric {
                        continue;
                    }
                    if (seg.h - last.h).abs() > 0.15 * last.h {
                        continue;
                    }
                    // Two rows of values are two rows, however close their labels.
                    if !ruled && line_has_values && b.last_line_values {
                        continue;
                    }
                    let overlap = seg.x1.min(last.x1) - seg.x0.max(last.x0);
                    if overlap <= 0.0 {
                        continue;
                    }
                    // A border between them: two cells.
                    let mid = (seg.x0.max(last.x0) + seg.x1.min(last.x1)) / 2.0;
                    if page_rules.horizontal_between(mid, seg.y + 0.2 * em, last.y - 0.1 * em) {
                        continue;
                    }
                    let same_left = (seg.x0 - b.x0).abs() < 0.6 * em;
                    let centred = ((seg.x0 + seg.x1) / 2.0 - (last.x0 + last.x1) / 2.0).abs() < 0.6 * em
                        && seg.x1 - seg.x0 <= last.x1 - last.x0 + 0.5 * em;
                    // A new paragraph: indented after a full line, or after a short line.
                    let last_full = last.x1 > b.x1 - 1.5 * em;
                    let indented = seg.x0 > b.x0 + 1.5 * em;
                    // In one bordered box, lines one pitch apart are one cell however they wrap.
                    let same_box = ruled
                        && page_rules.box_of(seg.x0, seg.x1, seg.y + 0.3 * em).is_some_and(|a| {
                            page_rules
                                .box_of(last.x0, last.x1, last.y + 0.3 * em)
                                .is_some_and(|b| (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0)
                        });
                    // The second line of a paragraph whose first line is indented starts left of it.
                    let after_indent = b.lines.len() == 1 && seg.x0 >= b.x0 - 2.6 * em;
                    let continues = same_box
                        || (same_left && last_full)
                        || centred
                        || (!indented && last_full && (seg.x0 >= b.x0 - 0.6 * em || after_indent));
                    if continues && best.is_none_or(|(_, d)| dy < d) {
                        best = Some((bi, dy));
                    }
                }
            }
            match best {
                Some((bi, _)) => {
                    let b = &mut blocks[bi];
                    b.x0 = b.x0.min(seg.x0);
                    b.x1 = b.x1.max(seg.x1);
                    b.bottom = seg.y;
                    b.last_line = li;
                    b.last_line_values = line_has_values;
                    b.lines.push(seg);
                }
                None => blocks.push(TextBlock {
                    page,
                    x0: seg.x0,
                    x1: seg.x1,
                    top: seg.y,
                    bottom: seg.y,
                    h: seg.h,
                    last_line_values: line_has_values,
                    last_line: li,
                    cell: false,
                    lines: vec![seg],
                }),
            }
        }
    }
    blocks
}

/// A paragraph that runs on over a page break: the last paragraph of a page, whose last
/// line is full, continues in the first paragraph of the next page when that one starts at the
/// same left margin (no first-line indent) with no item number.
fn join_over_pages(blocks: Vec<TextBlock>) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let Some(a) = out.last_mut() {
            let first = &b.lines[0];
            let last = a.lines.last().expect("a block has a line");
            let em = a.h;
            if !a.cell
                && !b.cell
                && b.page == a.page + 1
                && (b.h - a.h).abs() < 0.15 * em
                && last.x1 > a.x1 - 1.5 * em
                && (first.x0 - a.x0).abs() < 0.6 * em
                && !starts_with_item_number(&first.text())
            {
                a.x1 = a.x1.max(b.x1);
                a.lines.extend(b.lines);
                continue;
            }
        }
        out.push(b);
    }
    out
}

/// Blocks that share a band of the page with another block, side by side, are table cells.
fn mark_cells(blocks: &mut [TextBlock], rules: &std::collections::HashMap<u32, Rules>) {
    let none = Rules::default();
    let n = blocks.len();
    let mut start = 0;
    while start < n {
        let page = blocks[start].page;
        let end = (start..n).find(|&i| blocks[i].page != page).unwrap_or(n);
        for i in start..end {
            let (lo, hi) = (blocks[i].bottom - 0.25 * blocks[i].h, blocks[i].top + 0.85 * blocks[i].h);
            let side_by_side = (start..end).any(|j| {
                let b = &blocks[j];
                let (lo2, hi2) = (b.bottom - 0.25 * b.h, b.top + 0.85 * b.h);
                j != i && hi.min(hi2) - lo.max(lo2) > 0.3 * b.h.min(blocks[i].h) && (b.x0 >= blocks[i].x1 || b.x1 <= blocks[i].x0)
            });
            let b = &blocks[i];
            let boxed = rules.get(&page).unwrap_or(&none).boxed(b.x0, b.x1, b.top + 0.3 * b.h);
            let page_has_borders = rules.get(&page).is_some_and(|r| !r.vertical.is_empty());
            blocks[i].cell = if page_has_borders { boxed } else { side_by_side };
        }
        start = end;
    }
}

/// Builds the rebuilt text and its character boxes.
struct TextOut {
    text: String,
    chars: Vec<CharBox>,
    empties: Vec<CharBox>,
    page_heights: std::collections::HashMap<u32, f64>,
}

impl TextOut {
    fn height(&self, page: u32) -> f64 {
        self.page_heights.get(&page).copied().unwrap_or(842.0)
    }

    fn push_piece_char(&mut self, page: u32, p: &Piece, c: char, edge: (f64, f64)) {
        let hgt = self.height(page);
        self.chars.push(CharBox {
            offset: self.text.len() as u32,
            page,
            item: p.item,
            x0: edge.0 as f32,
            y0: (hgt - p.y - 0.88 * p.h) as f32,
            x1: edge.1 as f32,
            y1: (hgt - p.y + 0.22 * p.h) as f32,
        });
        self.text.push(c);
    }

    /// Appends a block's text: its lines joined (a space only between two Latin words).
    fn push_block(&mut self, b: &TextBlock) -> (usize, usize) {
        let start = self.text.len();
        for (li, seg) in b.lines.iter().enumerate() {
            for (pi, p) in seg.pieces.iter().enumerate() {
                let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let prev_last = self.text[start..].chars().next_back();
                let gap = if pi > 0 { p.x0 - seg.pieces[pi - 1].x1 } else { 0.0 };
                if (li > 0 && pi == 0 || gap > 0.2 * p.h) && ascii(prev_last) && ascii(p.text.chars().next()) {
                    self.text.push(' ');
                }
                for (c, e) in p.text.chars().zip(p.edges.iter()) {
                    if c == ' ' {
                        self.text.push(' ');
                    } else {
                        self.push_piece_char(p.page, p, c, *e);
                    }
                }
            }
        }
        (start, self.text.len())
    }
}

/// What is put into the stream: a block, or an empty cell (page, x0, x1, baseline, font size).
enum Out<'a> {
    Block(&'a TextBlock),
    Empty(u32, f64, f64, f64, f64),
}

/// Reads positioned text into blocks. Items past [`MAX_ITEMS`] or on pages past
/// [`MAX_PAGES`] are not read.
pub fn ingest_positioned(doc: &PositionedDoc) -> Ingested {
    let mut page_heights = std::collections::HashMap::new();
    for p in &doc.pages {
        if p.height.is_finite() && p.height > 0.0 {
            page_heights.insert(p.page, p.height);
        }
    }
    // Pieces by page.
    let mut by_page: std::collections::BTreeMap<u32, Vec<Piece>> = Default::default();
    for (i, it) in doc.items.iter().enumerate().take(MAX_ITEMS) {
        if it.page == 0 || it.page > MAX_PAGES || it.text.trim().is_empty() {
            continue;
        }
        let text = crate::cjk_compat::unify_text(&it.text);
        let item = TextItem { text: text.into_owned(), ..it.clone() };
        by_page.entry(it.page).or_default().extend(pieces_of(i as u32, &item));
    }
    let mut lines: Vec<(u32, Vec<Segment>)> = Vec::new();
    let mut rules = std::collections::HashMap::new();
    for (page, pieces) in by_page {
        let height = page_heights.get(&page).copied().unwrap_or(842.0);
        let page_rules = Rules::of(&doc.lines, page);
        for line in page_lines(pieces, &page_rules) {
            if !line.is_empty() && !is_furniture(&line, height) {
                lines.push((page, line));
            }
        }
        rules.insert(page, page_rules);
    }
    let pitch = line_pitch(&lines);
    let mut blocks = build_blocks(lines, pitch, &rules);
    mark_cells(&mut blocks, &rules);
    // Reading order within each page: by first line, then left to right. Blocks whose tops are
    // within 0.3 of a line of the first block of a row share that row. ("Near enough" is no
    // order to sort by: it is not transitive, and the sort gave up on a PDF the fuzzer made.)
    crate::sort::by(&mut blocks[..], |a, b| a.page.cmp(&b.page).then_with(|| b.top.total_cmp(&a.top)));
    let mut rows: Vec<(u32, TextBlock)> = Vec::with_capacity(blocks.len());
    let (mut row, mut first) = (0u32, None::<(u32, f64, f64)>);
    for b in blocks {
        if first.is_some_and(|(page, top, h)| page != b.page || (top - b.top).abs() > 0.3 * h.min(b.h)) {
            row += 1;
            first = None;
        }
        first.get_or_insert((b.page, b.top, b.h));
        rows.push((row, b));
    }
    crate::sort::by(&mut rows[..], |(r, a), (s, b)| r.cmp(s).then_with(|| a.x0.total_cmp(&b.x0)));
    let blocks: Vec<TextBlock> = rows.into_iter().map(|(_, b)| b).collect();
    let blocks = join_over_pages(blocks);
    let order = stream(&blocks, &rules);
    let mut out = TextOut { text: String::new(), chars: Vec::new(), empties: Vec::new(), page_heights };
    // (kind, start, end, row, group)
    let mut spans: Vec<(BlockKind, usize, usize, u32, u32)> = Vec::new();
    for (o, row, group) in order {
        match o {
            Out::Block(b) => {
                let (s, e) = out.push_block(b);
                spans.push((if b.cell { BlockKind::Cell } else { BlockKind::Para }, s, e, row, group));
            }
            Out::Empty(page, x0, x1, y, h) => {
                let hgt = out.height(page);
                let offset = out.text.len();
                out.empties.push(CharBox {
                    offset: offset as u32,
                    page,
                    item: u32::MAX,
                    x0: x0 as f32,
                    y0: (hgt - y - 0.88 * h) as f32,
                    x1: x1 as f32,
                    y1: (hgt - y + 0.22 * h) as f32,
                });
                spans.push((BlockKind::Cell, offset, offset, row, group));
            }
        }
        out.text.push('\n');
    }
    let geometry = Arc::new(PdfGeometry { chars: out.chars, empties: out.empties });
    let text = out.text;
    let mut u16_at = 0usize;
    let mut last = 0usize;
    let mut blocks_out = Vec::with_capacity(spans.len());
    for (kind, s, e, row, group) in spans {
        u16_at += super::u16_len(&text[last..s]);
        let u16_len = super::u16_len(&text[s..e]);
        blocks_out.push(Block {
            kind,
            text: text[s..e].to_string(),
            loc: Location {
                kind: LocationKind::Pdf(PdfRef(geometry.clone())),
                element: None,
                start: s,
                end: e,
                u16_start: u16_at,
                u16_end: u16_at + u16_len,
                line: None,
            },
            row,
            group,
            soft_breaks: false,
        });
        u16_at += u16_len;
        last = e;
    }
    Ingested {
        blocks: blocks_out,
        html_title: None,
        element_count: None,
        layout: super::Layout::Pdf,
        omitted_tables: Vec::new(),
        read_up_to: None,
    }
}

/// The blocks in stream order with their physical rows and tables, and an empty cell in each
/// value column a row of values leaves blank.
/// The row of a cell on a page with borders: the nearest horizontal line above its text
/// (and true), or the top of its text when no line is above it (and false).
fn row_key(b: &TextBlock, rules: &Rules) -> (f64, bool) {
    let xc = (b.x0 + b.x1) / 2.0;
    let above = rules
        .horizontal
        .iter()
        .filter(|&&(y, x0, x1)| y > b.top + 0.3 * b.h && x0 - 1.0 <= xc && xc <= x1 + 1.0)
        .map(|&(y, _, _)| y)
        .fold(f64::INFINITY, f64::min);
    if above.is_finite() {
        (above, true)
    } else {
        (b.top + 0.85 * b.h, false)
    }
}

/// A physical row of a table: its cells, and the border above it (pages with borders).
struct PhysRow {
    cells: Vec<usize>,
    ruled: Option<f64>,
    page: u32,
}

/// The physical rows of a run of cells on one page.
fn page_rows(blocks: &[TextBlock], from: usize, to: usize, rules: Option<&Rules>) -> Vec<PhysRow> {
    let page = blocks[from].page;
    let mut rows: Vec<PhysRow> = Vec::new();
    let Some(pr) = rules.filter(|r| !r.horizontal.is_empty()) else {
        let mut low = f64::INFINITY;
        for (k, b) in blocks.iter().enumerate().take(to).skip(from) {
            if rows.is_empty() || b.top < low - 0.3 * b.h {
                rows.push(PhysRow { cells: Vec::new(), ruled: None, page });
                low = f64::INFINITY;
            }
            low = low.min(b.bottom);
            rows.last_mut().expect("pushed").cells.push(k);
        }
        return rows;
    };
    let mut keyed: Vec<(f64, bool, usize)> = (from..to)
        .map(|k| {
            let (key, ruled) = row_key(&blocks[k], pr);
            (key, ruled, k)
        })
        .collect();
    crate::sort::by(&mut keyed[..], |a, b| b.0.total_cmp(&a.0).then(blocks[a.2].x0.total_cmp(&blocks[b.2].x0)));
    let mut keys: Vec<f64> = Vec::new();
    for (key, ruled, k) in keyed {
        if keys.last().is_none_or(|&c| (c - key).abs() > 1.0) {
            rows.push(PhysRow { cells: Vec::new(), ruled: ruled.then_some(key), page });
            keys.push(key);
        }
        rows.last_mut().expect("pushed").cells.push(k);
    }
    // Rows whose every box is empty leave no text: find them from the borders.
    let (x0, x1) = (
        blocks[from..to].iter().map(|b| b.x0).fold(f64::INFINITY, f64::min),
        blocks[from..to].iter().map(|b| b.x1).fold(f64::NEG_INFINITY, f64::max),
    );
    let (top, low) = (keys.first().copied().unwrap_or(0.0), blocks[from..to].iter().map(|b| b.bottom - b.h).fold(f64::INFINITY, f64::min));
    let mid = (x0 + x1) / 2.0;
    let mut extra: Vec<f64> = pr
        .horizontal
        .iter()
        .filter(|&&(y, hx0, hx1)| y < top - 1.0 && y > low - 60.0 && hx0 - 1.0 <= mid && mid <= hx1 + 1.0)
        .map(|&(y, _, _)| y)
        .filter(|&y| keys.iter().all(|&k| (k - y).abs() > 1.0) && pr.empty_boxes(y, std::iter::empty()).len() >= 2)
        .collect();
    crate::sort::by(&mut extra[..], |a, b| b.total_cmp(a));
    extra.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    // Only borders below which no cell's text lies (a row of boxes with text is a row above).
    extra.retain(|&y| !blocks[from..to].iter().any(|b| b.top < y && b.top > y - 2.0 * b.h.max(8.0) && row_key(b, pr).0 > y + 1.0));
    for y in extra {
        let at = rows.iter().position(|r| r.ruled.is_some_and(|k| k < y)).unwrap_or(rows.len());
        rows.insert(at, PhysRow { cells: Vec::new(), ruled: Some(y), page });
    }
    rows
}

fn stream<'a>(blocks: &'a [TextBlock], rules: &std::collections::HashMap<u32, Rules>) -> Vec<(Out<'a>, u32, u32)> {
    let mut out = Vec::new();
    let (mut row, mut group) = (0u32, 0u32);
    let mut i = 0;
    while i < blocks.len() {
        if !blocks[i].cell {
            // Prose after a table is no part of it.
            if i > 0 && blocks[i - 1].cell {
                group += 1;
            }
            row += 1;
            out.push((Out::Block(&blocks[i]), row, group));
            i += 1;
            continue;
        }
        // A run of cells with no paragraph between: one table.
        group += 1;
        let end = (i..blocks.len()).find(|&j| !blocks[j].cell).unwrap_or(blocks.len());
        // Physical rows, page by page. With borders: cells under the same border (the nearest
        // horizontal line above their text) are one row, in order from left to right — a cell
        // spanning rows comes first, as in HTML. Without: a new row starts below the current
        // row's text.
        let mut rows: Vec<PhysRow> = Vec::new();
        let mut j = i;
        while j < end {
            let page = blocks[j].page;
            let page_end = (j..end).find(|&k| blocks[k].page != page).unwrap_or(end);
            rows.extend(page_rows(blocks, j, page_end, rules.get(&page)));
            j = page_end;
        }
        // A table broken over pages may repeat its header rows (`<thead>`, Word's repeated
        // heading rows) at the top of each page: read once, as the original has them.
        let row_text = |r: &PhysRow| {
            r.cells.iter().map(|&k| blocks[k].lines.iter().map(Segment::text).collect::<String>()).collect::<Vec<_>>().join("|")
        };
        let has_values = |r: &PhysRow| r.cells.iter().any(|&k| blocks[k].lines[0].numeric);
        let first_values = rows.iter().position(has_values).unwrap_or(rows.len());
        let header_rows: Vec<String> = rows[..first_values].iter().map(row_text).filter(|t| !t.is_empty()).collect();
        let mut keep = vec![true; rows.len()];
        let mut at_page_top = false;
        for ri in first_values..rows.len() {
            if ri > 0 && rows[ri - 1].page != rows[ri].page {
                at_page_top = true;
            }
            if at_page_top {
                let t = row_text(&rows[ri]);
                if header_rows.contains(&t) {
                    keep[ri] = false;
                } else {
                    at_page_top = false;
                }
            }
        }
        let mut ki = keep.iter();
        rows.retain(|_| *ki.next().expect("one flag a row"));
        // Runs of rows between header rows (two or more labels and no value) share columns.
        let header = |r: &PhysRow| r.cells.iter().filter(|&&j| !blocks[j].lines[0].numeric).count() >= 2 && !has_values(r);
        let mut r0 = 0;
        while r0 < rows.len() {
            let r1 = (r0 + 1..rows.len()).find(|&r| header(&rows[r])).unwrap_or(rows.len());
            let columns = value_columns(blocks, &rows[r0..r1]);
            for r in &rows[r0..r1] {
                row += 1;
                let mut items: Vec<(f64, Out)> = r.cells.iter().map(|&j| (blocks[j].x0, Out::Block(&blocks[j]))).collect();
                let base = r.cells.iter().map(|&j| &blocks[j]).find(|b| b.lines[0].numeric).or(r.cells.first().map(|&j| &blocks[j]));
                if let (Some(key), Some(pr)) = (r.ruled, rules.get(&r.page)) {
                    // The boxes under this row's border that hold no text.
                    let (y, h) = base.map(|b| (b.lines[0].y, b.h)).unwrap_or((key - 12.0, 10.0));
                    for (x0, x1) in pr.empty_boxes(key, r.cells.iter().map(|&j| (blocks[j].x0, blocks[j].x1))) {
                        items.push((x0, Out::Empty(r.page, x0, x1, y, h)));
                    }
                } else if let Some(b) = base {
                    // No borders: a row with values gets an empty cell in each value column it
                    // leaves blank (right of its label).
                    let values = has_values(r);
                    let label_only = r.cells.len() == 1 && columns.first().is_some_and(|c| b.x1 < c.0);
                    if values || label_only {
                        let label_right = r
                            .cells
                            .iter()
                            .filter(|&&j| !blocks[j].lines[0].numeric)
                            .map(|&j| blocks[j].x1)
                            .fold(f64::NEG_INFINITY, f64::max);
                        for &(c0, c1) in &columns {
                            let centre = (c0 + c1) / 2.0;
                            let taken = r
                                .cells
                                .iter()
                                .any(|&j| blocks[j].x0 - 0.3 * blocks[j].h <= centre && centre <= blocks[j].x1 + 0.3 * blocks[j].h);
                            if centre > label_right && !taken {
                                items.push((c0, Out::Empty(r.page, c0, c1, b.lines[0].y, b.h)));
                            }
                        }
                    }
                }
                crate::sort::by(&mut items[..], |a, b| a.0.total_cmp(&b.0));
                for (_, o) in items {
                    out.push((o, row, group));
                }
            }
            r0 = r1;
        }
        i = end;
    }
    out
}

/// The value columns of some rows: clusters of the centres of their numbers, as (left, right).
fn value_columns(blocks: &[TextBlock], rows: &[PhysRow]) -> Vec<(f64, f64)> {
    let mut cells: Vec<(f64, f64, f64)> = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .map(|&j| &blocks[j])
        .filter(|b| b.lines.len() == 1 && b.lines[0].numeric)
        .map(|b| ((b.x0 + b.x1) / 2.0, b.x0, b.x1))
        .collect();
    crate::sort::by(&mut cells[..], |a, b| a.0.total_cmp(&b.0));
    let em = rows.iter().flat_map(|r| r.cells.iter()).map(|&j| blocks[j].h).fold(0.0, f64::max).max(1.0);
    let mut out: Vec<(f64, f64, f64, usize)> = Vec::new();
    for (c, x0, x1) in cells {
        match out.last_mut() {
            Some(g) if c - g.0 / g.3 as f64 <= 0.8 * em => {
                g.0 += c;
                g.1 = g.1.min(x0);
                g.2 = g.2.max(x1);
                g.3 += 1;
            }
            _ => out.push((c, x0, x1, 1)),
        }
    }
    out.into_iter().map(|(_, x0, x1, _)| (x0, x1)).collect()
}

/// A handle on a document's geometry, carried by its `pdf` locations.
#[derive(Clone)]
pub struct PdfRef(pub Arc<PdfGeometry>);

impl std::fmt::Debug for PdfRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PdfRef")
    }
}

/// Reads the JSON of a positioned document (`{pages, items, lines}`; tests and tools — the
/// wasm takes flat arrays instead, see [`from_arrays`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(json: &str) -> Result<PositionedDoc, String> {
    serde_json::from_str(json).map_err(|e| format!("无法读取 PDF 的文字位置：{e}"))
}

/// A positioned document from one packed array and the items' strings (joined by U+0000), as
/// the front ends send a PDF for a cross-year check (`checkPair`): the numbers of pages, items
/// and lines, then the three arrays of [`from_arrays`] one after the other. `None` when the
/// counts do not fit the array.
pub fn from_packed(packed: &[f64], texts: &str) -> Option<PositionedDoc> {
    let count = |v: &f64| (v.is_finite() && *v >= 0.0 && *v <= packed.len() as f64 && v.fract() == 0.0).then_some(*v as usize);
    let (pages, items, lines) = match packed {
        [p, i, l, ..] => (count(p)? * 3, count(i)? * 5, count(l)? * 5),
        _ => return None,
    };
    let rest = &packed[3..];
    if rest.len() != pages + items + lines {
        return None;
    }
    Some(from_arrays(&rest[..pages], &rest[pages..pages + items], texts, &rest[pages + items..]))
}

/// A positioned document from flat arrays, as the web page sends it (no JSON to parse in the
/// wasm): `pages` = [page, width, height]…, `items` = [page, x, y, width, height]… with the
/// items' strings in `texts`, joined by U+0000, and `lines` = [page, x0, y0, x1, y1]….
pub fn from_arrays(pages: &[f64], items: &[f64], texts: &str, lines: &[f64]) -> PositionedDoc {
    let page_no = |v: f64| if v.is_finite() && v >= 1.0 && v <= u32::MAX as f64 { v as u32 } else { 0 };
    let mut strings = texts.split('\u{0}');
    PositionedDoc {
        pages: pages.chunks_exact(3).map(|c| PageSize { page: page_no(c[0]), width: c[1], height: c[2] }).collect(),
        items: items
            .chunks_exact(5)
            .take(MAX_ITEMS)
            .map(|c| TextItem {
                page: page_no(c[0]),
                x: c[1],
                y: c[2],
                width: c[3],
                height: c[4],
                text: strings.next().unwrap_or("").to_string(),
            })
            .collect(),
        lines: lines
            .chunks_exact(5)
            .take(200_000)
            .map(|c| RuleLine { page: page_no(c[0]), x0: c[1], y0: c[2], x1: c[3], y1: c[4] })
            .collect(),
    }
}

#[cfg(test)]
mod packed_tests {
    use super::*;

    /// A PDF's positioned text packed for `checkPair` reads as the same document as its flat
    /// arrays; counts that do not fit the array give nothing.
    #[test]
    fn packed_geometry_reads_as_the_arrays() {
        let pages = [1.0, 595.0, 842.0];
        let items = [1.0, 72.0, 700.0, 40.0, 12.0, 1.0, 72.0, 680.0, 30.0, 12.0];
        let lines = [1.0, 70.0, 690.0, 500.0, 690.0];
        let texts = "平潭综合实验区\u{0}2023年度";
        let mut packed = vec![1.0, 2.0, 1.0];
        packed.extend(pages.iter().chain(&items).chain(&lines));
        let a = from_packed(&packed, texts).expect("fits");
        let b = from_arrays(&pages, &items, texts, &lines);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(a.items[1].text, "2023年度");
        for bad in [&packed[..packed.len() - 1], &[], &[1.0, 2.0], &[f64::NAN, 0.0, 0.0], &[0.5, 0.0, 0.0, 1.0]] {
            assert!(from_packed(bad, texts).is_none(), "{bad:?}");
        }
        let mut more = packed.clone();
        more[1] = 1e300;
        assert!(from_packed(&more, texts).is_none());
    }
}
