//! HTML pages and clipboard fragments.
//!
//! One iterative pass over the parsed tree (deep pages cannot overflow the stack) numbers the
//! elements in document order, keeps the document's text content as one stream, and emits:
//! * a `Cell` for each `<td>`/`<th>` that holds no table of its own, with the cell's
//!   `textContent`;
//! * a `Para` for each run of inline content inside a block element, cut at child blocks and
//!   `<br>`, located by the block's element index and the run's offsets in its `textContent`.
//!
//! Cells of layout tables (a `<td>` wrapping the whole report) are not cells: their
//! paragraphs are kept instead.

use super::{Block, BlockKind, Ingested, Location, LocationKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Hosts paragraphs (p, div, li, h1 …).
    Block,
    /// A table cell.
    Cell,
    /// A table or its row structure: text directly inside is not prose.
    TableStructure,
    /// Text counts toward offsets but is never prose (script, style, title …).
    Hidden,
    /// Inline: belongs to the nearest block's run.
    Inline,
    /// A line break: ends the current run.
    Break,
}

fn role(name: &str) -> Role {
    match name {
        "td" | "th" => Role::Cell,
        "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup" | "col" => Role::TableStructure,
        "script" | "style" | "head" | "title" | "noscript" | "template" | "svg" | "math" | "select" | "option" | "textarea" | "iframe"
        | "object" | "canvas" => Role::Hidden,
        "br" | "hr" => Role::Break,
        "html" | "body" | "p" | "div" | "section" | "article" | "main" | "aside" | "header" | "footer" | "nav" | "h1" | "h2" | "h3"
        | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl" | "dd" | "dt" | "blockquote" | "pre" | "center" | "address" | "figure"
        | "figcaption" | "form" | "fieldset" | "details" | "summary" | "caption" | "font-block" => Role::Block,
        _ => Role::Inline,
    }
}

/// Position in the document's text stream.
#[derive(Clone, Copy, Default)]
struct Pos {
    byte: usize,
    u16: usize,
}

struct Frame {
    element: u32,
    role: Role,
    /// Where this element's text content starts.
    start: Pos,
    /// Start of the current inline run (blocks only).
    run_start: Pos,
    /// For cells: number of blocks emitted before this cell opened.
    blocks_at_open: usize,
    /// For cells: a table was found inside, so this is a layout cell, not a data cell.
    holds_table: bool,
    is_title: bool,
}

struct Walker {
    text: String,
    pos: Pos,
    blocks: Vec<Block>,
    frames: Vec<Frame>,
    /// Indices into `frames` of the non-inline frames, innermost last: kept so that finding
    /// the innermost block is O(1) however deep the page nests.
    containers: Vec<usize>,
    /// Indices of open cell frames.
    cells: Vec<usize>,
    /// Number of open hidden frames (script, style, …).
    hidden: usize,
    row: u32,
    group: u32,
    next_element: u32,
    html_title: Option<String>,
}

impl Walker {
    fn loc(&self, element: u32, base: Pos, from: Pos, to: Pos) -> Location {
        Location {
            kind: LocationKind::Html,
            element: Some(element),
            start: from.byte - base.byte,
            end: to.byte - base.byte,
            u16_start: from.u16 - base.u16,
            u16_end: to.u16 - base.u16,
            line: None,
        }
    }

    /// Emits the current inline run of the innermost block frame, if it has any text, and
    /// starts a new run at the current position.
    fn flush_run(&mut self) {
        let Some(&idx) = self.containers.last() else {
            return;
        };
        let frame = &self.frames[idx];
        if !matches!(frame.role, Role::Block | Role::Cell) || self.hidden > 0 {
            return;
        }
        let (from, to) = (frame.run_start, self.pos);
        let slice = &self.text[from.byte..to.byte];
        if !slice.trim().is_empty() {
            // Trim the run to its visible characters.
            let lead = slice.len() - slice.trim_start().len();
            let trail = slice.len() - slice.trim_end().len();
            let from2 = Pos { byte: from.byte + lead, u16: from.u16 + crate::normalize::utf16_len(&slice[..lead]) };
            let to2 = Pos { byte: to.byte - trail, u16: to.u16 - crate::normalize::utf16_len(&slice[slice.len() - trail..]) };
            let loc = self.loc(frame.element, frame.start, from2, to2);
            let text = self.text[from2.byte..to2.byte].to_string();
            self.blocks.push(Block { kind: BlockKind::Para, text, loc, row: self.row, group: self.group });
        }
        let pos = self.pos;
        self.frames[idx].run_start = pos;
    }
}

impl Walker {
    fn new(capacity: usize) -> Self {
        Walker {
            text: String::with_capacity(capacity),
            pos: Pos::default(),
            blocks: Vec::new(),
            frames: Vec::new(),
            containers: Vec::new(),
            cells: Vec::new(),
            hidden: 0,
            row: 0,
            group: 0,
            next_element: 0,
            html_title: None,
        }
    }

    /// An element opens: it gets the next index in document order.
    fn open(&mut self, name: &str) {
        let element = self.next_element;
        self.next_element += 1;
        let r = role(name);
        if r != Role::Inline {
            self.flush_run();
        }
        if name == "table" {
            self.group += 1;
            if let Some(&c) = self.cells.last() {
                self.frames[c].holds_table = true;
            }
        }
        if name == "tr" {
            self.row += 1;
        }
        let blocks_at_open = self.blocks.len();
        let idx = self.frames.len();
        if r != Role::Inline {
            self.containers.push(idx);
        }
        if r == Role::Cell {
            self.cells.push(idx);
        }
        if r == Role::Hidden {
            self.hidden += 1;
        }
        let is_title = name == "title";
        self.frames.push(Frame { element, role: r, start: self.pos, run_start: self.pos, blocks_at_open, holds_table: false, is_title });
    }

    fn text(&mut self, s: &str) {
        self.text.push_str(s);
        self.pos.byte += s.len();
        self.pos.u16 += crate::normalize::utf16_len(s);
    }

    /// The innermost open element closes.
    fn close(&mut self) {
        let Some(frame) = self.frames.last() else { return };
        if matches!(frame.role, Role::Block | Role::Cell) {
            self.flush_run();
        }
        let frame = self.frames.pop().expect("frame");
        if frame.role != Role::Inline {
            self.containers.pop();
        }
        if frame.role == Role::Cell {
            self.cells.pop();
        }
        if frame.role == Role::Hidden {
            self.hidden -= 1;
        }
        match frame.role {
            Role::Cell if !frame.holds_table => {
                // A data cell: its paragraphs are its text.
                self.blocks.truncate(frame.blocks_at_open);
                let loc = self.loc(frame.element, frame.start, frame.start, self.pos);
                let text = self.text[frame.start.byte..self.pos.byte].to_string();
                self.blocks.push(Block { kind: BlockKind::Cell, text, loc, row: self.row, group: self.group });
            }
            Role::Hidden if frame.is_title && self.html_title.is_none() => {
                let t = self.text[frame.start.byte..self.pos.byte].trim().to_string();
                if !t.is_empty() {
                    self.html_title = Some(t);
                }
            }
            _ => {}
        }
        // The enclosing block's run resumes after a block child.
        if frame.role != Role::Inline {
            let pos = self.pos;
            if let Some(&c) = self.containers.last() {
                self.frames[c].run_start = pos;
            }
        }
    }

    fn finish(mut self) -> Ingested {
        while !self.frames.is_empty() {
            self.close();
        }
        Ingested { blocks: self.blocks, html_title: self.html_title, element_count: Some(self.next_element) }
    }
}

/// Parses HTML (a saved page or a clipboard fragment) with html5ever and ingests the tree.
/// Elements inside `<template>` are not numbered: in a live DOM they are not children.
#[cfg(feature = "html")]
pub fn ingest_html(source: &str) -> Ingested {
    use ego_tree::iter::Edge;
    use scraper::{Html, Node};
    // html5ever's tree building grows quadratically with nesting depth; no real page nests
    // this deep, so a pathological one is read as text instead of taking minutes.
    if nesting_depth(source) > MAX_DEPTH {
        return strip_tags(source);
    }
    let doc = Html::parse_document(source);
    let mut w = Walker::new(source.len() / 2);
    // Depth inside <template>: its contents are not part of the live DOM tree.
    let mut template_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if template_depth > 0 {
                        template_depth += 1;
                        continue;
                    }
                    w.open(el.name());
                    if el.name() == "template" {
                        template_depth = 1;
                    }
                }
                Node::Text(t) if template_depth == 0 => w.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(_) = node.value() {
                    if template_depth > 1 {
                        template_depth -= 1;
                        continue;
                    }
                    template_depth = 0;
                    w.close();
                }
            }
        }
    }
    w.finish()
}

/// Nesting deeper than this is read as text (see `ingest_html`).
pub const MAX_DEPTH: usize = 4096;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "td", "tr",
    "th", "option",
];

/// An estimate of the deepest element nesting, from start and end tags (elements that close
/// themselves or are often left open do not count): cheap, and enough to spot a pathological page.
pub fn nesting_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = source[start..end].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes[end..].iter().take_while(|&&b| b != b'>').last() != Some(&b'/') {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// HTML read as text with its tags removed: the fallback when there is no parser (the wasm
/// build, where front ends send the browser's DOM through [`ingest_events`] instead) or the page
/// nests too deeply to parse in reasonable time.
pub fn strip_tags(source: &str) -> Ingested {
    let mut text = String::with_capacity(source.len());
    let mut in_tag = false;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    super::text::ingest_text(&text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

#[cfg(not(feature = "html"))]
pub fn ingest_html(source: &str) -> Ingested {
    strip_tags(source)
}

/// Marks of the event stream a front end makes by walking a DOM it already has (the page's
/// sanitised paste, the extension's live page): `OPEN` + tag name + `NAME_END` when an element
/// starts, `CLOSE` when it ends, text nodes as they are (with these three characters replaced
/// by spaces). Element indices in locations are the order of the `OPEN` marks.
pub const OPEN: char = '\u{1}';
pub const NAME_END: char = '\u{2}';
pub const CLOSE: char = '\u{3}';

/// Ingests a DOM walked by a front end (see [`OPEN`]): one path for pages the browser parsed,
/// with no HTML parser in the wasm bundle and no chance of numbering elements differently
/// from the DOM the marks are drawn on.
pub fn ingest_events(events: &str) -> Ingested {
    let mut w = Walker::new(events.len());
    let mut rest = events;
    while !rest.is_empty() {
        let next = rest.find([OPEN, CLOSE]).unwrap_or(rest.len());
        if next > 0 {
            w.text(&rest[..next]);
            rest = &rest[next..];
            continue;
        }
        if let Some(after) = rest.strip_prefix(OPEN) {
            let end = after.find(NAME_END).unwrap_or(after.len());
            let name = after[..end].to_ascii_lowercase();
            w.open(&name);
            rest = after.get(end + NAME_END.len_utf8()..).unwrap_or("");
        } else {
            w.close();
            rest = &rest[CLOSE.len_utf8()..];
        }
    }
    w.finish()
}

#[cfg(all(test, feature = "html"))]
mod tests {
    use super::*;

    /// The event stream a front end would send for a parsed document.
    fn events_of(html: &str) -> String {
        use ego_tree::iter::Edge;
        let doc = scraper::Html::parse_document(html);
        let mut out = String::new();
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(n) => match n.value() {
                    scraper::Node::Element(e) => {
                        out.push(OPEN);
                        out.push_str(e.name());
                        out.push(NAME_END);
                    }
                    scraper::Node::Text(t) => out.push_str(t),
                    _ => {}
                },
                Edge::Close(n) => {
                    if n.value().is_element() {
                        out.push(CLOSE);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn events_read_the_same_as_the_parsed_html() {
        let html = "<html><head><title>T</title></head><body><h1>报告</h1><p>第一段。<br>第二行</p>\
                    <table><tr><td rowspan=2>商业<br>企业</td><td><p><span>14</span></p></td></tr></table></body></html>";
        let a = ingest_html(html);
        let b = ingest_events(&events_of(html));
        let view = |i: &Ingested| i.blocks.iter().map(|b| (b.kind, b.text.clone(), b.loc.clone())).collect::<Vec<_>>();
        assert_eq!(view(&a), view(&b));
        assert_eq!(a.element_count, b.element_count);
        assert_eq!(b.html_title.as_deref(), Some("T"));
    }

    #[test]
    fn cells_and_paragraphs_in_document_order_with_element_indices() {
        let html = "<html><head><title>T</title></head><body><h1>报告</h1><p>第一段。<br>第二行</p>\
                    <table><tr><td rowspan=2>商业<br>企业</td><td><p><span>14</span></p></td></tr></table></body></html>";
        let ing = ingest_html(html);
        let got: Vec<(BlockKind, &str, Option<u32>)> = ing.blocks.iter().map(|b| (b.kind, b.text.as_str(), b.loc.element)).collect();
        // Elements: html0 head1 title2 body3 h1=4 p5 br6 table7 tbody8 tr9 td10 br11 td12 p13 span14
        assert_eq!(
            got,
            vec![
                (BlockKind::Para, "报告", Some(4)),
                (BlockKind::Para, "第一段。", Some(5)),
                (BlockKind::Para, "第二行", Some(5)),
                (BlockKind::Cell, "商业企业", Some(10)),
                (BlockKind::Cell, "14", Some(12)),
            ]
        );
        assert_eq!(ing.blocks[2].loc.u16_start, 4);
        assert_eq!(ing.html_title.as_deref(), Some("T"));
    }

    #[test]
    fn template_contents_are_not_numbered() {
        let html = "<body><template><p>x</p><p>y</p></template><p>正文</p></body>";
        let ing = ingest_html(html);
        // html0 head1 body2 template3 p4
        assert_eq!(ing.blocks.len(), 1);
        assert_eq!(ing.blocks[0].loc.element, Some(4));
    }

    #[test]
    fn layout_cells_keep_their_paragraphs() {
        let html = "<table><tr><td><p>一、总体情况</p><table><tr><td>规章</td></tr></table></td></tr></table>";
        let ing = ingest_html(html);
        let kinds: Vec<_> = ing.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(kinds, vec![(BlockKind::Para, "一、总体情况"), (BlockKind::Cell, "规章")]);
    }
}
