//! HTML pages and clipboard fragments.
//!
//! One iterative pass over the parsed tree (deep pages cannot overflow the stack) numbers the
//! elements in document order, keeps the document's text content as one stream, and emits:
//! * a `Cell` for each `<td>`/`<th>` that holds no table of its own, with the cell's
//!   `textContent`;
//! * a `Para` for each run of inline content inside a block element, cut at child blocks and
//!   `<br>`, located by the block's element index and the run's offsets in its `textContent`.
//! Cells of layout tables (a `<td>` wrapping the whole report) are not cells: their
//! paragraphs are kept instead.

use super::{Block, BlockKind, Ingested, Location, LocationKind};
use ego_tree::iter::Edge;
use scraper::{Html, Node};

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
        "script" | "style" | "head" | "title" | "noscript" | "template" | "svg" | "math" | "select" | "option"
        | "textarea" | "iframe" | "object" | "canvas" => Role::Hidden,
        "br" | "hr" => Role::Break,
        "html" | "body" | "p" | "div" | "section" | "article" | "main" | "aside" | "header" | "footer" | "nav"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl" | "dd" | "dt" | "blockquote"
        | "pre" | "center" | "address" | "figure" | "figcaption" | "form" | "fieldset" | "details"
        | "summary" | "caption" | "font-block" => Role::Block,
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
    /// Counted as part of the skipped subtree of a `<template>`.
    skipped: bool,
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

pub fn ingest_html(source: &str) -> Ingested {
    let doc = Html::parse_document(source);
    let mut w = Walker {
        text: String::with_capacity(source.len() / 2),
        pos: Pos::default(),
        blocks: Vec::new(),
        frames: Vec::new(),
        containers: Vec::new(),
        cells: Vec::new(),
        hidden: 0,
        row: 0,
        group: 0,
    };
    let mut next_element: u32 = 0;
    let mut html_title: Option<String> = None;
    // Depth inside <template>: its contents are not part of the live DOM tree.
    let mut template_depth = 0usize;

    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if template_depth > 0 {
                        template_depth += 1;
                        w.frames.push(Frame { element: 0, role: Role::Inline, start: w.pos, run_start: w.pos, blocks_at_open: 0, holds_table: false, skipped: true });
                        continue;
                    }
                    let element = next_element;
                    next_element += 1;
                    if name == "template" {
                        template_depth = 1;
                    }
                    let r = role(name);
                    match r {
                        Role::Block | Role::Cell | Role::TableStructure | Role::Hidden | Role::Break => w.flush_run(),
                        Role::Inline => {}
                    }
                    if name == "table" {
                        w.group += 1;
                        if let Some(&c) = w.cells.last() {
                            w.frames[c].holds_table = true;
                        }
                    }
                    if name == "tr" {
                        w.row += 1;
                    }
                    let blocks_at_open = w.blocks.len();
                    let idx = w.frames.len();
                    if r != Role::Inline {
                        w.containers.push(idx);
                    }
                    if r == Role::Cell {
                        w.cells.push(idx);
                    }
                    if r == Role::Hidden {
                        w.hidden += 1;
                    }
                    w.frames.push(Frame { element, role: r, start: w.pos, run_start: w.pos, blocks_at_open, holds_table: false, skipped: false });
                }
                Node::Text(t) => {
                    if template_depth > 0 {
                        continue;
                    }
                    let s: &str = t;
                    w.text.push_str(s);
                    w.pos.byte += s.len();
                    w.pos.u16 += crate::normalize::utf16_len(s);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let Some(frame) = w.frames.last() else { continue };
                    if frame.skipped {
                        w.frames.pop();
                        template_depth = template_depth.saturating_sub(1);
                        continue;
                    }
                    if el.name() == "template" {
                        template_depth = 0;
                    }
                    match frame.role {
                        Role::Block => w.flush_run(),
                        Role::Cell => {
                            w.flush_run();
                        }
                        _ => {}
                    }
                    let frame = w.frames.pop().expect("frame");
                    if frame.role != Role::Inline {
                        w.containers.pop();
                    }
                    if frame.role == Role::Cell {
                        w.cells.pop();
                    }
                    if frame.role == Role::Hidden {
                        w.hidden -= 1;
                    }
                    match frame.role {
                        Role::Cell if !frame.holds_table => {
                            // A data cell: its paragraphs are its text.
                            w.blocks.truncate(frame.blocks_at_open);
                            let loc = w.loc(frame.element, frame.start, frame.start, w.pos);
                            let text = w.text[frame.start.byte..w.pos.byte].to_string();
                            w.blocks.push(Block { kind: BlockKind::Cell, text, loc, row: w.row, group: w.group });
                        }
                        Role::Hidden if el.name() == "title" && html_title.is_none() => {
                            let t = w.text[frame.start.byte..w.pos.byte].trim().to_string();
                            if !t.is_empty() {
                                html_title = Some(t);
                            }
                        }
                        _ => {}
                    }
                    // The enclosing block's run resumes after a block child.
                    if frame.role != Role::Inline {
                        let pos = w.pos;
                        if let Some(&c) = w.containers.last() {
                            w.frames[c].run_start = pos;
                        }
                    }
                }
            }
        }
    }
    Ingested { blocks: w.blocks, html_title, element_count: Some(next_element) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
