//! Ingest: turn an input (HTML or plain text) into blocks in document order, each with the
//! exact place it came from. Everything after this stage is layout-independent.

pub mod decode;
pub mod docx;
pub mod furniture;
pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "pdf")]
mod pdf_objects;
pub mod positioned;
pub mod text;
pub mod zip;

use serde::Serialize;

/// Number of UTF-16 code units in `s`, counted over bytes (every byte that starts a character
/// is one unit, a four-byte character two): the same as `normalize::utf16_len`, several times
/// faster on long text.
pub(crate) fn u16_len(s: &str) -> usize {
    s.bytes().map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

/// White space standing in for `c` with its length in bytes and in UTF-16 units (a line break
/// stays one): markup blanked this way keeps every offset of the text around it.
pub(crate) fn same_width_blank(c: char) -> &'static str {
    match c.len_utf8() {
        _ if c == '\n' => "\n",
        1 => " ",
        2 => "\u{a0}",
        3 => "\u{3000}",
        _ => "\u{a0}\u{a0}",
    }
}

/// Where a piece of the report is in the input, so a front end can highlight the very
/// characters.
///
/// * `kind = "text"`: `start..end` are byte offsets into the decoded input text and
///   `u16_start..u16_end` the same range in UTF-16 code units (JavaScript string indices);
///   `line` is 1-based.
/// * `kind = "html"`: `element` is the index of the element in document order — for parsed HTML
///   the order of `document.querySelectorAll('*')`, leaving out everything inside `<template>`;
///   for a DOM sent as an event stream (`html::ingest_events`), the order of its element marks —
///   and `start..end` / `u16_start..u16_end` are offsets into that element's `textContent`.
/// * `kind = "pdf"` (positioned text, see `positioned`): `start..end` are offsets into the text
///   rebuilt from the items; in JSON it also has `page` (1-based, where it starts), `rects`
///   (`{page, x, y, width, height}` in PDF points from the page's top left corner, one per line)
///   and `items` (indices of the text items it covers), for a front end to draw on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub kind: LocationKind,
    pub element: Option<u32>,
    pub start: usize,
    pub end: usize,
    pub u16_start: usize,
    pub u16_end: usize,
    pub line: Option<u32>,
}

/// Keys in sorted order, as every object of the JSON contract has them (the CLI writes the
/// JSON directly, not through a sorted `serde_json::Value`).
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = serializer.serialize_map(None)?;
        if let Some(e) = self.element {
            m.serialize_entry("element", &e)?;
        }
        m.serialize_entry("end", &self.end)?;
        let pdf = match &self.kind {
            LocationKind::Pdf(geometry) => Some(geometry.0.place(self.start, self.end)),
            _ => None,
        };
        if let Some((_, items)) = &pdf {
            m.serialize_entry("items", items)?;
        }
        m.serialize_entry("kind", &self.kind)?;
        if let Some(l) = self.line {
            m.serialize_entry("line", &l)?;
        }
        if let Some((rects, _)) = &pdf {
            m.serialize_entry("page", &rects.first().map(|r| r.page))?;
            let rects: Vec<serde_json::Value> = rects
                .iter()
                .map(|r| {
                    let round = |v: f32| (v as f64 * 100.0).round() / 100.0;
                    serde_json::json!({ "page": r.page, "x": round(r.x), "y": round(r.y), "width": round(r.width), "height": round(r.height) })
                })
                .collect();
            m.serialize_entry("rects", &rects)?;
        }
        m.serialize_entry("start", &self.start)?;
        m.serialize_entry("u16_end", &self.u16_end)?;
        m.serialize_entry("u16_start", &self.u16_start)?;
        m.end()
    }
}

/// What a location's offsets are relative to. Two kinds are equal when they are the same kind
/// (a `pdf` location's geometry is not compared: locations of one report share it).
#[derive(Debug, Clone)]
pub enum LocationKind {
    Text,
    Html,
    Pdf(positioned::PdfRef),
}

impl PartialEq for LocationKind {
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Eq for LocationKind {}

impl Serialize for LocationKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            LocationKind::Text => "text",
            LocationKind::Html => "html",
            LocationKind::Pdf(_) => "pdf",
        })
    }
}

impl Location {
    /// The location of `text[from..to]` (byte offsets) inside the block whose own text is
    /// `text` and whose location is `self`.
    pub fn sub(&self, text: &str, from: usize, to: usize) -> Location {
        let u16_from = self.u16_start + u16_len(&text[..from]);
        let u16_to = u16_from + u16_len(&text[from..to]);
        let line = self.line.map(|l| l + text[..from].matches('\n').count() as u32);
        Location {
            kind: self.kind.clone(),
            element: self.element,
            start: self.start + from,
            end: self.start + to,
            u16_start: u16_from,
            u16_end: u16_to,
            line,
        }
    }
}

/// Locates many sub-ranges of one block's text in increasing order in linear time overall
/// (`Location::sub` would rescan the prefix every time).
pub struct SubLocator<'a> {
    base: &'a Location,
    text: &'a str,
    byte: usize,
    u16: usize,
    lines: u32,
}

impl<'a> SubLocator<'a> {
    pub fn new(base: &'a Location, text: &'a str) -> Self {
        SubLocator { base, text, byte: 0, u16: 0, lines: 0 }
    }

    fn advance(&mut self, to: usize) {
        if to < self.byte {
            // Out of order: start again (correct, just slower).
            self.byte = 0;
            self.u16 = 0;
            self.lines = 0;
        }
        let piece = &self.text[self.byte..to];
        self.u16 += u16_len(piece);
        self.lines += piece.matches('\n').count() as u32;
        self.byte = to;
    }

    pub fn at(&mut self, from: usize, to: usize) -> Location {
        self.advance(from);
        let (u16_from, line) = (self.u16, self.base.line.map(|l| l + self.lines));
        let u16_to = u16_from + u16_len(&self.text[from..to]);
        Location {
            kind: self.base.kind.clone(),
            element: self.base.element,
            start: self.base.start + from,
            end: self.base.start + to,
            u16_start: self.base.u16_start + u16_from,
            u16_end: self.base.u16_start + u16_to,
            line,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A table cell (HTML `<td>`/`<th>`, or a cell of a text layout).
    Cell,
    /// A run of prose: a paragraph, heading or line.
    Para,
}

/// One unit of the input in document order.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The text exactly as in the source (the slice `loc` points at).
    pub text: String,
    pub loc: Location,
    /// Physical row: cells sharing it were on one `<tr>` or one text line/row.
    pub row: u32,
    /// Physical table: cells sharing it were in one `<table>` or one uninterrupted run of
    /// table lines.
    pub group: u32,
    /// A paragraph whose line breaks are soft (Markdown wraps lines anywhere, even between a
    /// figure and its unit): they do not end a sentence.
    pub soft_breaks: bool,
}

/// What was read from the input, before any template is applied.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub blocks: Vec<Block>,
    /// `<title>` of an HTML page, if any.
    pub html_title: Option<String>,
    /// HTML: how many elements were numbered, so a front end can check its own numbering
    /// agrees before marking anything.
    pub element_count: Option<u32>,
    /// The layout the input was read as, for a front end to tell the user what was read.
    pub layout: Layout,
    /// Where a converter left a placeholder instead of a table (pandoc's `[TABLE]`).
    pub omitted_tables: Vec<Location>,
    /// Where reading stopped because the input held more than [`MAX_BLOCKS`] blocks: the
    /// first piece not read (what follows it was not read either).
    pub read_up_to: Option<Location>,
}

/// At most this many blocks (paragraphs, lines, cells) are read from one input. A report has a
/// few thousand, a 500-page PDF's text some 25,000 lines; beyond this an input is no report as a
/// whole, and reading it all would only cost memory (2 million one-character lines took 295 MB):
/// the rest is left unread and said so (S313).
pub const MAX_BLOCKS: usize = 50_000;

/// The layout an input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A web page or HTML fragment (also a live page's DOM).
    #[default]
    Html,
    /// Plain text typed or pasted, lines of prose and tables.
    Text,
    /// Cells separated by tabs (a copy out of Word, WPS or a spreadsheet).
    Tsv,
    /// Text extracted from a PDF by a reader (page breaks, page numbers).
    PdfText,
    /// Markdown from a converter (pipe or pandoc tables, HTML tables, spans).
    Markdown,
    /// A PDF file's positioned text.
    Pdf,
    /// A Word .docx file.
    Docx,
}

/// The shape of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Html,
    Text,
    /// Positioned text: a PDF's items (see `positioned`).
    Pdf,
}

/// Guesses whether text is HTML: it must open with markup, not merely contain a `<`.
pub fn sniff_kind(text: &str) -> InputKind {
    let head: String = text.trim_start_matches('\u{feff}').trim_start().chars().take(2048).collect();
    let lower = head.to_ascii_lowercase();
    if lower.starts_with('<')
        && [
            "<!doctype",
            "<html",
            "<head",
            "<body",
            "<table",
            "<p",
            "<div",
            "<meta",
            "<span",
            "<!--",
            "<h1",
            "<h2",
            "<section",
            "<article",
            "<style",
            "<tr",
            "<td",
        ]
        .iter()
        .any(|t| lower.contains(t))
        // Markdown that happens to open with an HTML `<div>` is still Markdown.
        && !markdown::has_markdown_tables(text)
    {
        InputKind::Html
    } else {
        InputKind::Text
    }
}

/// Ingests text of a kind. Look-alike ideographs (see `cjk_compat`) are unified first, in
/// place, so every later stage compares 行 with 行; locations are unchanged.
pub fn ingest(text: &str, kind: InputKind) -> Ingested {
    let text = crate::cjk_compat::unify_text(text);
    match kind {
        InputKind::Html => html::ingest_html(&text),
        // Positioned text arrives as items (`positioned::ingest_positioned`), never as a string.
        InputKind::Text | InputKind::Pdf if markdown::looks_like_markdown(&text) => {
            Ingested { layout: Layout::Markdown, ..markdown::ingest_markdown(&text) }
        }
        InputKind::Text | InputKind::Pdf => text::ingest_text(&text),
    }
}
