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
    /// `Walker::link_bytes` when the current inline run started.
    link_bytes_at_run_start: usize,
    is_link: bool,
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
    /// Bytes of text inside the `<a>` elements closed so far: a paragraph whose text is mostly
    /// a link's is a link item (a bookmark, `<a name="_Toc1"></a>`, holds none).
    link_bytes: usize,
    /// Parallel to `blocks`: the block is a short paragraph holding a link (a news list's
    /// 「<li><a>标题</a><span>日期</span></li>」).
    link_items: Vec<bool>,
    /// The first block left unread once there were [`super::MAX_BLOCKS`].
    read_up_to: Option<Location>,
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
            let from2 = Pos { byte: from.byte + lead, u16: from.u16 + super::u16_len(&slice[..lead]) };
            let to2 = Pos { byte: to.byte - trail, u16: to.u16 - super::u16_len(&slice[slice.len() - trail..]) };
            let loc = self.loc(frame.element, frame.start, from2, to2);
            let text = self.text[from2.byte..to2.byte].to_string();
            let in_links = self.link_bytes - frame.link_bytes_at_run_start;
            let link_item = in_links > 0 && 2 * in_links >= text.len() && text.chars().nth(LINK_ITEM_MAX_CHARS).is_none();
            self.push(Block { kind: BlockKind::Para, text, loc, row: self.row, group: self.group, soft_breaks: false }, link_item);
        }
        let (pos, links) = (self.pos, self.link_bytes);
        self.frames[idx].run_start = pos;
        self.frames[idx].link_bytes_at_run_start = links;
    }
}

impl Walker {
    /// Keeps a block, unless [`super::MAX_BLOCKS`] are kept already (then only where reading
    /// stopped is kept).
    fn push(&mut self, block: Block, link_item: bool) {
        if self.blocks.len() >= super::MAX_BLOCKS {
            self.read_up_to.get_or_insert(block.loc);
            return;
        }
        self.blocks.push(block);
        self.link_items.push(link_item);
    }

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
            link_bytes: 0,
            link_items: Vec::new(),
            read_up_to: None,
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
        let link_bytes_at_run_start = self.link_bytes;
        self.frames.push(Frame {
            element,
            role: r,
            start: self.pos,
            run_start: self.pos,
            blocks_at_open,
            holds_table: false,
            is_title,
            link_bytes_at_run_start,
            is_link: name == "a",
        });
    }

    fn text(&mut self, s: &str) {
        self.text.push_str(s);
        self.pos.byte += s.len();
        self.pos.u16 += super::u16_len(s);
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
        if frame.is_link {
            self.link_bytes += self.pos.byte - frame.start.byte;
        }
        match frame.role {
            Role::Cell if !frame.holds_table => {
                // A data cell: its paragraphs are its text.
                self.blocks.truncate(frame.blocks_at_open);
                self.link_items.truncate(frame.blocks_at_open);
                let loc = self.loc(frame.element, frame.start, frame.start, self.pos);
                let text = self.text[frame.start.byte..self.pos.byte].to_string();
                self.push(Block { kind: BlockKind::Cell, text, loc, row: self.row, group: self.group, soft_breaks: false }, false);
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
            let (pos, links) = (self.pos, self.link_bytes);
            if let Some(&c) = self.containers.last() {
                self.frames[c].run_start = pos;
                self.frames[c].link_bytes_at_run_start = links;
            }
        }
    }

    fn finish(mut self) -> Ingested {
        while !self.frames.is_empty() {
            self.close();
        }
        let blocks = without_link_lists(self.blocks, &self.link_items);
        Ingested {
            blocks,
            html_title: self.html_title,
            element_count: Some(self.next_element),
            layout: super::Layout::Html,
            omitted_tables: Vec::new(),
            read_up_to: self.read_up_to,
        }
    }
}

/// A paragraph whose text is at least half a link's and at most this many characters can be an
/// item of a link list.
const LINK_ITEM_MAX_CHARS: usize = 80;

/// This many link items in a row are a link list.
const LINK_LIST_MIN_ITEMS: usize = 8;

/// The blocks without the page's link lists: runs of at least [`LINK_LIST_MIN_ITEMS`]
/// consecutive short paragraphs that are each mostly a link (a portal's sidebar, a column's list of
/// articles, 「相关链接」). No report's prose is such a run, and reading a 14,000-link sidebar
/// as sentences cost three times its parse; a sidebar link that happens to be another year's
/// report title is no candidate for this report's title either.
fn without_link_lists(mut blocks: Vec<Block>, link_items: &[bool]) -> Vec<Block> {
    debug_assert_eq!(blocks.len(), link_items.len());
    let mut keep = Vec::with_capacity(link_items.len());
    for run in link_items.chunk_by(|a, b| a == b) {
        keep.extend(std::iter::repeat_n(!(run[0] && run.len() >= LINK_LIST_MIN_ITEMS), run.len()));
    }
    let mut keep = keep.into_iter();
    blocks.retain(|_| keep.next().unwrap_or(true));
    blocks
}

/// Parses HTML (a saved page or a clipboard fragment) with html5ever and ingests the tree.
/// Elements inside `<template>` are not numbered: in a live DOM they are not children.
///
/// html5ever's tree building costs time in proportion to the depth of the open elements for
/// every tag (scope checks walk the stack of open elements), so a page nested 10⁵ deep takes
/// minutes. No real page nests beyond [`MAX_DEPTH`] (they nest 10 to 40 deep; Chromium stops
/// nesting at 512), so a page
/// that does is read as text ([`strip_tags`]): at once when a scan of its tags says so
/// ([`nesting_depth`]), else as soon as the parse itself inserts an element that deep (the
/// parse is fed in slices and abandoned then).
#[cfg(feature = "html")]
pub fn ingest_html(source: &str) -> Ingested {
    use ego_tree::iter::Edge;
    use scraper::Node;
    if nesting_depth(source) > 2 * MAX_DEPTH {
        return strip_tags(source);
    }
    let Some(doc) = guard::parse(source) else {
        return strip_tags(source);
    };
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
                // As `www/dom-events.js` does, so both readings see the same text.
                Node::Text(t) if template_depth == 0 => w.text(&without_marks(t)),
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

/// Text with the event stream's marks ([`OPEN`], [`NAME_END`], [`CLOSE`]) replaced by spaces.
#[cfg(feature = "html")]
fn without_marks(t: &str) -> std::borrow::Cow<'_, str> {
    // The marks are ASCII control characters: a byte search finds them (a char search cost 2%
    // of a 14,000-link page's check).
    if memchr::memchr3(OPEN as u8, NAME_END as u8, CLOSE as u8, t.as_bytes()).is_some() {
        t.replace([OPEN, NAME_END, CLOSE], " ").into()
    } else {
        t.into()
    }
}

/// The event stream (see [`OPEN`]) that `www/dom-events.js` makes of the DOM a browser builds
/// from `source`: what the web page and the extension send to `checkDom`. Comments and
/// `<template>` contents are left out, text and tag names have the marks replaced by spaces.
/// `None` when the
/// page nests too deep to parse and [`ingest_html`] reads it as text.
#[cfg(feature = "html")]
pub fn html_events(source: &str) -> Option<String> {
    use ego_tree::iter::Edge;
    use scraper::Node;
    if nesting_depth(source) > 2 * MAX_DEPTH {
        return None;
    }
    let doc = guard::parse(source)?;
    let mut out = String::with_capacity(source.len());
    let mut template_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) if template_depth == 0 => {
                    out.push(OPEN);
                    // A tag name may hold the marks too (`<spa\u{2}n>` is an element named so):
                    // left in, they would cut the name short and shift every element after.
                    out.push_str(&without_marks(el.name()));
                    out.push(NAME_END);
                    if el.name() == "template" {
                        template_depth = 1;
                    }
                }
                Node::Element(_) => template_depth += 1,
                Node::Text(t) if template_depth == 0 => out.push_str(&without_marks(t)),
                _ => {}
            },
            Edge::Close(node) if node.value().is_element() => {
                if template_depth > 1 {
                    template_depth -= 1;
                } else {
                    template_depth = 0;
                    out.push(CLOSE);
                }
            }
            Edge::Close(_) => {}
        }
    }
    Some(out)
}

/// Elements nested deeper than this make a page be read as text (see [`ingest_html`]).
pub const MAX_DEPTH: usize = 256;

/// html5ever with scraper's tree, stopped when an element is inserted deeper than
/// [`MAX_DEPTH`].
#[cfg(feature = "html")]
mod guard {
    use super::MAX_DEPTH;
    use ego_tree::NodeId;
    use html5ever::tendril::{StrTendril, TendrilSink};
    use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
    use html5ever::{Attribute, QualName};
    use scraper::{Html, HtmlTreeSink};
    use std::borrow::Cow;
    use std::cell::{Cell, Ref};

    /// Input is fed to the parser in slices of this many bytes, the depth checked after each.
    const SLICE: usize = 16 * 1024;

    /// The tree of `source` as `scraper::Html::parse_document` builds it, or `None` when it
    /// nests deeper than [`MAX_DEPTH`].
    pub fn parse(source: &str) -> Option<Html> {
        let sink = DepthSink { inner: HtmlTreeSink::new(Html::new_document()), too_deep: Cell::new(false), last_parent: Cell::new(None) };
        let mut parser = html5ever::driver::parse_document(sink, Default::default());
        let mut rest = source;
        while !rest.is_empty() {
            let mut cut = rest.len().min(SLICE);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            parser.process(StrTendril::from_slice(&rest[..cut]));
            rest = &rest[cut..];
            if parser.tokenizer.sink.sink.too_deep.get() {
                return None;
            }
        }
        let too_deep = parser.tokenizer.sink.sink.too_deep.get();
        let html = parser.finish();
        (!too_deep).then_some(html)
    }

    /// scraper's sink, noting when a node lands deeper than [`MAX_DEPTH`].
    pub struct DepthSink {
        inner: HtmlTreeSink,
        too_deep: Cell<bool>,
        /// The parent of the latest node appended and its depth: most elements are appended to
        /// the same parent as the one before, and then cost nothing to watch. Forgotten when a
        /// node moves.
        last_parent: Cell<Option<(NodeId, usize)>>,
    }

    impl DepthSink {
        fn depth(&self, node: NodeId) -> usize {
            self.inner.0.borrow().tree.get(node).map_or(0, |n| n.ancestors().take(MAX_DEPTH + 1).count())
        }

        fn watch(&self, node: NodeId) {
            if !self.too_deep.get() && self.depth(node) > MAX_DEPTH {
                self.too_deep.set(true);
            }
        }

        fn watch_appended(&self, parent: NodeId) {
            let depth = match self.last_parent.get() {
                Some((p, d)) if p == parent => d,
                _ => {
                    let d = self.depth(parent);
                    self.last_parent.set(Some((parent, d)));
                    d
                }
            };
            if depth + 1 > MAX_DEPTH {
                self.too_deep.set(true);
            }
        }

        fn watch_child(&self, child: &NodeOrText<NodeId>) -> Option<NodeId> {
            match child {
                NodeOrText::AppendNode(id) => Some(*id),
                NodeOrText::AppendText(_) => None,
            }
        }
    }

    impl TreeSink for DepthSink {
        type Handle = NodeId;
        type Output = Html;
        type ElemName<'a> = Ref<'a, QualName>;

        fn finish(self) -> Html {
            self.inner.finish()
        }
        fn parse_error(&self, msg: Cow<'static, str>) {
            self.inner.parse_error(msg)
        }
        fn get_document(&self) -> NodeId {
            self.inner.get_document()
        }
        fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
            self.inner.elem_name(target)
        }
        fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
            self.inner.create_element(name, attrs, flags)
        }
        fn create_comment(&self, text: StrTendril) -> NodeId {
            self.inner.create_comment(text)
        }
        fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
            self.inner.create_pi(target, data)
        }
        fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
            let node = self.watch_child(&child);
            self.inner.append(parent, child);
            if node.is_some() {
                self.watch_appended(*parent);
            }
        }
        fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
            self.last_parent.set(None);
            let node = self.watch_child(&child);
            self.inner.append_based_on_parent_node(element, prev_element, child);
            node.into_iter().for_each(|n| self.watch(n));
        }
        fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
            self.inner.append_doctype_to_document(name, public_id, system_id)
        }
        fn mark_script_already_started(&self, node: &NodeId) {
            self.inner.mark_script_already_started(node)
        }
        fn pop(&self, node: &NodeId) {
            self.inner.pop(node)
        }
        fn get_template_contents(&self, target: &NodeId) -> NodeId {
            self.inner.get_template_contents(target)
        }
        fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
            self.inner.same_node(x, y)
        }
        fn set_quirks_mode(&self, mode: QuirksMode) {
            self.inner.set_quirks_mode(mode)
        }
        fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
            self.last_parent.set(None);
            let node = self.watch_child(&new_node);
            self.inner.append_before_sibling(sibling, new_node);
            node.into_iter().for_each(|n| self.watch(n));
        }
        fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
            self.inner.add_attrs_if_missing(target, attrs)
        }
        fn associate_with_form(&self, target: &NodeId, form: &NodeId, nodes: (&NodeId, Option<&NodeId>)) {
            self.inner.associate_with_form(target, form, nodes)
        }
        fn remove_from_parent(&self, target: &NodeId) {
            self.last_parent.set(None);
            self.inner.remove_from_parent(target)
        }
        fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
            self.last_parent.set(None);
            self.inner.reparent_children(node, new_parent);
            let first = self.inner.0.borrow().tree.get(*new_parent).and_then(|p| p.first_child()).map(|c| c.id());
            first.into_iter().for_each(|n| self.watch(n));
        }
        fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
            self.inner.is_mathml_annotation_xml_integration_point(handle)
        }
        fn set_current_line(&self, line_number: u64) {
            self.inner.set_current_line(line_number)
        }
        fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
            self.inner.allow_declarative_shadow_roots(intended_parent)
        }
        fn attach_declarative_shadow(&self, location: &NodeId, template: &NodeId, attrs: &[Attribute]) -> bool {
            self.inner.attach_declarative_shadow(location, template, attrs)
        }
        fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
            self.inner.maybe_clone_an_option_into_selectedcontent(option)
        }
    }
}

/// How a tag takes part in nesting, for [`nesting_depth`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum TagClass {
    /// Never has content (`<br>`, `<img>` …): a self-closing slash or none, it opens nothing.
    Void,
    /// Closed by its next sibling or kept at one level by the tree builder (`<p>`, `<li>`,
    /// `<td>`, `<html>` …): does not deepen a page on its own.
    Flat,
    /// Its content is text up to its end tag (`<script>`, `<style>`, `<textarea>` …).
    RawText,
    /// `<a>`, `<b>`, `<font>` …: an end tag with a block inside closes nothing (the adoption
    /// agency reopens it inside the block).
    Formatting,
    /// `<div>`, `<table>`, `<ul>` … (the HTML standard's "special" elements).
    Special,
    /// Special elements that also bound the scope an end tag looks in (`<table>`, `<object>` …).
    Boundary,
    /// `<svg>`, `<math>`: foreign content, where a self-closing slash does close.
    Foreign,
    Other,
}

fn tag_class(lower: &str) -> TagClass {
    use TagClass::*;
    match lower {
        "area" | "base" | "basefont" | "bgsound" | "br" | "col" | "embed" | "frame" | "hr" | "image" | "img" | "input" | "keygen"
        | "link" | "meta" | "param" | "source" | "track" | "wbr" => Void,
        "p" | "li" | "dd" | "dt" | "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup" | "option" | "optgroup"
        | "rb" | "rp" | "rt" | "rtc" | "html" | "head" | "body" | "frameset" => Flat,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "textarea" | "title" | "plaintext" => RawText,
        "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt" | "u" => Formatting,
        "applet" | "marquee" | "object" | "table" | "template" => Boundary,
        "address" | "article" | "aside" | "blockquote" | "button" | "center" | "details" | "dir" | "div" | "dl" | "fieldset"
        | "figcaption" | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup" | "listing"
        | "main" | "menu" | "nav" | "ol" | "pre" | "search" | "section" | "select" | "summary" | "ul" => Special,
        "svg" | "math" => Foreign,
        _ => Other,
    }
}

/// HTML start tags that end foreign (SVG/MathML) content.
fn breaks_out_of_foreign(lower: &str) -> bool {
    matches!(
        lower,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

/// An open element of the scan.
#[derive(Clone, Copy)]
struct Open {
    /// Hash of the lower-case name.
    name: u64,
    class: TagClass,
    foreign: bool,
    heading: bool,
}

/// The open elements of the scan, with how many of each name are open (so that a stray end
/// tag costs nothing however deep the stack).
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    count: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<NameHasher>>,
}

/// The names are hashed already ([`fnv`]): the map uses the hash as it is.
#[derive(Default)]
struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Stack {
    fn push(&mut self, o: Open) {
        *self.count.entry(o.name).or_default() += 1;
        self.open.push(o);
    }

    fn truncate(&mut self, len: usize) {
        while self.open.len() > len {
            if let Some(o) = self.open.pop() {
                self.count.entry(o.name).and_modify(|c| *c -= 1);
            }
        }
    }

    fn in_foreign(&self) -> bool {
        self.open.last().is_some_and(|o| o.foreign)
    }

    /// An end tag: pops the open elements it would close, if any.
    fn close(&mut self, name: u64, heading: bool, class: TagClass) {
        if matches!(class, TagClass::Void | TagClass::Flat) {
            return;
        }
        let open_headings = || (1..=6u8).any(|n| self.count.get(&fnv(&[b'h', b'0' + n])).is_some_and(|&c| c > 0));
        if self.count.get(&name).is_none_or(|&c| c == 0) && !(heading && open_headings()) {
            return;
        }
        // Looking down the stack costs at most this much (an estimate may err high).
        for k in (0..self.open.len()).rev().take(256) {
            let o = self.open[k];
            if o.name == name || (heading && o.heading) {
                self.truncate(k);
                return;
            }
            if o.foreign {
                continue;
            }
            let blocked = match class {
                // `</div>`: looks through everything but a scope boundary.
                TagClass::Special | TagClass::Boundary => o.class == TagClass::Boundary,
                // `</span>`, `</b>`: stop at any special element.
                _ => matches!(o.class, TagClass::Special | TagClass::Boundary),
            };
            if blocked {
                return;
            }
        }
    }
}

/// FNV-1a of a lower-case name.
fn fnv(lower: &[u8]) -> u64 {
    lower.iter().fold(0xcbf29ce484222325u64, |h, &c| (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(0x100000001b3))
}

/// An estimate of the deepest element nesting html5ever would build, from the tags alone, in
/// one pass (it stops counting past `4 * MAX_DEPTH`). It errs high rather than low: tags that
/// open (`<div/>`: the slash means nothing on a non-void HTML element) count; end tags count
/// only when they would close something (a stray `</i>` closes nothing; `</span>` does not close
/// through a `<div>`, nor `</b>` through a block, nor `</div>` through a `<table>`); elements
/// the tree builder keeps flat (`<p>`, `<li>`, `<td>` …) do not count. Text inside `<script>`,
/// `<style>`, comments and the like is skipped.
pub fn nesting_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let cap = 4 * MAX_DEPTH;
    let mut stack = Stack::default();
    let mut max = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(&bytes[i + 3..], b"-->").map_or(bytes.len(), |e| i + 3 + e + 3);
            continue;
        }
        if matches!(bytes.get(i), Some(b'!' | b'?')) {
            i = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let end =
            start + bytes[start..].iter().position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>').unwrap_or(bytes.len() - start);
        let name = &bytes[start..end];
        let (tag_end, self_closing) = tag_end(bytes, end);
        i = tag_end;
        let mut buf = [0u8; 16];
        let lower = if name.len() <= buf.len() {
            buf[..name.len()].copy_from_slice(name);
            buf[..name.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..name.len()]).unwrap_or("")
        } else {
            ""
        };
        let class = tag_class(lower);
        let hash = fnv(name);
        let heading = matches!(lower, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if closing {
            stack.close(hash, heading, class);
            continue;
        }
        let in_foreign = stack.in_foreign();
        let breaks_out = in_foreign && breaks_out_of_foreign(lower);
        if breaks_out {
            while stack.in_foreign() {
                stack.truncate(stack.open.len() - 1);
            }
        }
        let foreign = class == TagClass::Foreign || (in_foreign && !breaks_out);
        match class {
            TagClass::Void | TagClass::Flat if !foreign => continue,
            TagClass::RawText if !foreign => {
                if lower == "plaintext" {
                    break;
                }
                i = raw_text_end(bytes, i, name);
                continue;
            }
            _ => {}
        }
        if self_closing && foreign {
            continue;
        }
        if matches!(lower, "a" | "nobr" | "button") {
            // A second one closes the first.
            stack.close(hash, false, class);
        }
        stack.push(Open { name: hash, class, foreign, heading });
        max = max.max(stack.open.len());
        if max > cap {
            break;
        }
    }
    max
}

/// Where a start tag whose name ends at `from` ends (after its `>`), and whether it ends with
/// `/>`. Quoted attribute values may hold `>`.
pub(crate) fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut slash = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (i + 1, slash),
            b'/' => slash = true,
            b'=' => {
                slash = false;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = bytes.get(i) {
                    i = memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => slash = false,
        }
        i += 1;
    }
    (bytes.len(), false)
}

/// Where the text of a raw-text element (`<script>` …) ends: after its end tag.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = find(&bytes[i..], b"</") {
        let at = i + off + 2;
        if bytes.len() >= at + name.len() && bytes[at..at + name.len()].eq_ignore_ascii_case(name) {
            return memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
        }
        i = at;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// HTML read as text with its markup blanked out: the fallback when there is no parser (the
/// wasm build, where front ends send the browser's DOM through [`ingest_events`] instead) or
/// the page nests too deeply to parse in reasonable time.
///
/// Every character of a tag, comment, `<script>` or `<style>` becomes white space of the same
/// length in bytes and in UTF-16 units (the end of a tag a line break, so tags still separate
/// blocks), and `&nbsp;` `&lt;` `&gt;` `&amp;` become their character padded with spaces: the
/// text keeps every offset of the source, so locations (kind "text") point into the page as
/// it was given. Line numbers are counted in the source.
pub fn strip_tags(source: &str) -> Ingested {
    let text = blank_markup(source);
    let mut ingested = super::text::ingest_text(&text);
    // Line numbers: the blanked text has a line break where each tag ended.
    let (mut at, mut line) = (0usize, 1u32);
    for b in &mut ingested.blocks {
        if b.loc.start >= at {
            line += source.as_bytes()[at..b.loc.start].iter().filter(|&&c| c == b'\n').count() as u32;
        } else {
            line = 1 + source.as_bytes()[..b.loc.start].iter().filter(|&&c| c == b'\n').count() as u32;
        }
        at = b.loc.start;
        b.loc.line = Some(line);
    }
    ingested
}

/// `source` with its markup blanked (see [`strip_tags`]), offsets unchanged.
fn blank_markup(source: &str) -> String {
    fn blank(out: &mut String, piece: &str) {
        out.extend(piece.chars().map(super::same_width_blank));
    }
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = bytes[i..].iter().position(|&b| b == b'<' || b == b'&') else {
            out.push_str(&source[i..]);
            break;
        };
        out.push_str(&source[i..i + off]);
        i += off;
        if bytes[i] == b'&' {
            let entity = [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
                .into_iter()
                .find(|(e, _)| bytes.len() >= i + e.len() && bytes[i..i + e.len()].eq_ignore_ascii_case(e.as_bytes()));
            match entity {
                Some((e, c)) => {
                    out.push_str(c);
                    out.extend(std::iter::repeat_n(' ', e.len() - 1));
                    i += e.len();
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            }
            continue;
        }
        // A tag (or comment, or a raw-text element with its text): blank it, its end a break.
        let rest = &bytes[i + 1..];
        if !rest.first().is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')) {
            out.push('<');
            i += 1;
            continue;
        }
        let end = if rest.starts_with(b"!--") {
            find(&rest[3..], b"-->").map_or(bytes.len(), |e| i + 1 + 3 + e + 3)
        } else {
            let slash = usize::from(rest[0] == b'/');
            let name_len = rest[slash..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len() - slash);
            let name = &rest[slash..slash + name_len];
            let tag_close = if name.is_empty() {
                memchr(b'>', rest).map_or(bytes.len(), |e| i + 1 + e + 1)
            } else {
                tag_end(bytes, i + 1 + slash + name_len).0
            };
            if slash == 0 && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style")) {
                raw_text_end(bytes, tag_close, name)
            } else {
                tag_close
            }
        };
        let piece = &source[i..end];
        match piece.strip_suffix('>') {
            Some(inside) => {
                blank(&mut out, inside);
                out.push('\n');
            }
            None => blank(&mut out, piece),
        }
        i = end;
    }
    debug_assert_eq!(out.len(), source.len());
    out
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
        html_events(html).expect("not too deep")
    }

    /// The same, written independently: every node of scraper's plain parse.
    fn events_of_doc(doc: &scraper::Html) -> String {
        use ego_tree::iter::Edge;
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

    fn fixture_pages() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut out = Vec::new();
        for dir in ["html", "pages"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "html") {
                    let bytes = std::fs::read(&p).unwrap();
                    out.push((p.display().to_string(), crate::ingest::decode::decode(&bytes).text));
                }
            }
        }
        out
    }

    fn tree_depth(doc: &scraper::Html) -> usize {
        doc.tree.nodes().map(|n| n.ancestors().count()).max().unwrap_or(0)
    }

    #[test]
    fn the_guarded_parse_builds_the_same_tree_and_real_pages_are_shallow() {
        for (name, text) in fixture_pages() {
            let plain = scraper::Html::parse_document(&text);
            let guarded = guard::parse(&text).expect(&name);
            assert_eq!(events_of_doc(&plain), events_of_doc(&guarded), "{name}");
            let (depth, estimate) = (tree_depth(&plain), nesting_depth(&text));
            eprintln!("{name}: depth {depth}, estimate {estimate}");
            assert!(depth < MAX_DEPTH / 4 && estimate < MAX_DEPTH / 2, "{name}: {depth} {estimate}");
        }
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

    /// At most `MAX_BLOCKS` blocks are read, in both readings; where reading stopped is kept.
    #[test]
    fn reading_stops_after_max_blocks() {
        let n = crate::ingest::MAX_BLOCKS;
        let html = format!("<body>{}</body>", "<p>段</p>".repeat(n + 3));
        for ing in [ingest_html(&html), ingest_events(&events_of(&html))] {
            assert_eq!(ing.blocks.len(), n);
            // Elements: html, head, body, then the paragraphs: the first not read is the n+1th.
            assert_eq!(ing.read_up_to.as_ref().and_then(|l| l.element), Some(3 + n as u32));
        }
        let html = format!("<body>{}</body>", "<p>段</p>".repeat(n));
        assert_eq!(ingest_html(&html).read_up_to, None);
    }

    /// A run of eight short paragraphs that each hold a link is a link list and is not read;
    /// seven are not, nor is a long paragraph with a link, nor prose around one; both readings
    /// (the parse and the DOM's events) agree.
    #[test]
    fn link_lists_are_not_read() {
        let items = |n: usize, extra: &str| -> String {
            (0..n)
                .map(|i| {
                    format!("<li><a href=\"/a/{i}.html\">关于第{i}批重点事项的通知{extra}</a><span>2024-01-0{}</span></li>", i % 9 + 1)
                })
                .collect()
        };
        let page = |list: String| format!("<body><h1>报告</h1><ul>{list}</ul><p>正文。</p><p>详见<a href=\"/x\">附件</a>。</p></body>");
        let texts = |i: &Ingested| i.blocks.iter().map(|b| b.text.clone()).collect::<Vec<_>>();
        // Word's bookmarks (`<a name>`) hold no text: paragraphs that carry them are no links.
        let bookmarked: String = (0..10).map(|i| format!("<p><a name=\"_Toc{i}\"></a>（{i}）短段落</p>")).collect();
        let linked_words: String = (0..10).map(|i| format!("<p>第{i}项，详见<a href=\"/x\">附件</a>。</p>")).collect();
        for (list, kept) in [(items(8, ""), 0), (items(7, ""), 7), (items(9, &"很长".repeat(40)), 9), (bookmarked, 10), (linked_words, 10)]
        {
            let html = page(list);
            let (parsed, walked) = (ingest_html(&html), ingest_events(&events_of(&html)));
            assert_eq!(texts(&parsed), texts(&walked));
            let got = texts(&parsed);
            assert_eq!(got.len(), kept + 3, "{got:?}");
            assert_eq!(got.first().map(String::as_str), Some("报告"));
            assert_eq!(got.last().map(String::as_str), Some("详见附件。"));
        }
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
    fn the_nesting_estimate_counts_what_opens_and_only_what_closes() {
        let n = 1000;
        let depth = |unit: &str| nesting_depth(&format!("<body>{}", unit.repeat(n)));
        // Deepen: html5ever nests these.
        for unit in ["<div>", "<div/>", "<div></i>", "<div></span >", "<b><i>", "<font>", "<span/>", "<span><div></span>", "<b><div></b>"] {
            assert!(depth(unit) >= n, "{unit}: {}", depth(unit));
        }
        assert!(depth("<div title='a>b/'>") >= n);
        assert!(depth("<table><tr><td>") >= n);
        // Flat: closed, void, kept at one level, or not markup at all.
        for unit in
            ["<div></div>", "<p>x</p>", "<p>", "<li>", "<td>", "<br/>", "<img src=x>", "<a href=x>", "<button>", "<!-- <div> -->", "a < b"]
        {
            assert!(depth(unit) <= 2, "{unit}: {}", depth(unit));
        }
        assert_eq!(nesting_depth(&format!("<svg>{}</svg>", "<path d='M0'/>".repeat(n))), 1);
        assert_eq!(nesting_depth(&format!("<script>{}</script><p>x", "'<div>'".repeat(n))), 0);
        assert_eq!(nesting_depth(&format!("<div>{}</div>", "<span>".repeat(10))), 11);
        // The inner <div> is foster-parented but open above the table until </table>.
        assert_eq!(nesting_depth("<div><table><div></table></div></div>"), 3);
        assert_eq!(nesting_depth("<div><table><div></table></div></div><div>"), 3);
    }

    #[test]
    fn a_page_read_as_text_keeps_the_offsets_of_the_page() {
        let html = "<html><head><title>T</title><script>var a = '<p>x</p>';</script></head><body>\n\
                    <p class='新'>商业&nbsp;企业</p>\n<div title=\"新闻>\">一、总体情况</div><!-- c --> 𝔸 &lt;b&gt;";
        let ing = strip_tags(html);
        let u16: Vec<u16> = html.encode_utf16().collect();
        let texts: Vec<&str> = ing.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["T", "商业      企业", "一、总体情况", "𝔸 <   b>"]);
        for b in &ing.blocks {
            let l = &b.loc;
            assert_eq!(l.kind, LocationKind::Text);
            let slice = &html[l.start..l.end];
            assert_eq!(slice.len(), b.text.len());
            assert_eq!(u16[..l.u16_start].len(), html[..l.start].encode_utf16().count());
            assert_eq!(l.u16_end - l.u16_start, slice.encode_utf16().count());
            assert_eq!(l.line, Some(1 + html[..l.start].matches('\n').count() as u32));
        }
        assert_eq!(&html[ing.blocks[1].loc.start..ing.blocks[1].loc.end], "商业&nbsp;企业");
    }

    #[test]
    fn marks_in_text_read_as_spaces_both_ways() {
        let html = "<p>一\u{1}二\u{3}三</p><template><p>x</p></template>";
        let events = events_of(html);
        assert!(events.contains("一 二 三"));
        assert!(!events.contains('x'));
        let view = |i: &Ingested| i.blocks.iter().map(|b| (b.kind, b.text.clone(), b.loc.clone())).collect::<Vec<_>>();
        assert_eq!(view(&ingest_html(html)), view(&ingest_events(&events)));
        assert_eq!(ingest_html(html).blocks[0].text, "一 二 三");
        // In a tag name (found by fuzzing): the name must not end early nor open a phantom
        // element.
        let html = "<table><tr><td>申请人情况<spa\u{1}title\u{2}n lang=x></span><x\u{2}\u{1}td\u{2}>1</td><td>2</td></tr></table>";
        let events = events_of(html);
        assert_eq!(events.matches(OPEN).count(), events.matches(CLOSE).count());
        assert_eq!(view(&ingest_html(html)), view(&ingest_events(&events)));
        assert_eq!(ingest_events(&events).element_count, ingest_html(html).element_count);
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
