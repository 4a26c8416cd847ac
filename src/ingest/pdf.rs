//! PDF files for the CLI: the pages' text with positions, and their ruling lines, read with
//! `lopdf` and a small content-stream interpreter, into the same [`PositionedDoc`] the web page
//! sends from pdf.js — so both give the same blocks and findings.
//!
//! Text: the text state (`Tf`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`, `Tw`, `Tz`, `Ts`), the
//! graphics state (`cm`, `q`, `Q`) and form XObjects; each shown code is mapped to Unicode by
//! the font's `ToUnicode` CMap (Type 0, TrueType, Type 1 and Type 3 fonts alike), else read as
//! Latin-1; advances come from `/Widths` (scaled by `/FontMatrix` for Type 3 fonts) or a CID
//! font's `/W`. Adjacent glyphs on one baseline are one item. Lines: the axis-aligned edges of
//! stroked paths and thin filled rectangles, as `www/pdf-extract.js` finds them.
//!
//! Bounded: at most [`positioned::MAX_PAGES`] pages and [`positioned::MAX_ITEMS`] items, 64 MB of
//! content a page, form XObjects eight deep.

use super::positioned::{self, PageSize, PositionedDoc, RuleLine, TextItem};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Why a PDF could not be read, in Chinese.
pub fn open_error(e: &lopdf::Error) -> String {
    match e {
        lopdf::Error::InvalidPassword => "这个 PDF 设置了打开密码，无法读取。请取消密码后另存为 PDF，或向发布单位索取未加密的版本。".into(),
        lopdf::Error::Decryption(_) | lopdf::Error::UnsupportedSecurityHandler(_) => {
            "这个 PDF 已加密，无法读取其中的文字。请取消加密后另存为 PDF 再检查。".into()
        }
        _ => "PDF 文件已损坏或不完整（可能没有下载完），无法读取。请重新下载后再检查。".into(),
    }
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

fn nums(ops: &[Object]) -> Vec<f64> {
    ops.iter().map(|o| num(o).unwrap_or(0.0)).collect()
}

/// A font as the interpreter needs it.
#[derive(Debug, Default)]
struct Font {
    /// Codes are two bytes (a Type 0 font with a two-byte CMap).
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// A simple font's `/Widths`, from `first_char`.
    simple_widths: Vec<f64>,
    first_char: u32,
    /// A CID font's `/W`.
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space (0.001, or a Type 3 font's FontMatrix).
    scale: f64,
}

impl Font {
    fn width(&self, code: u32) -> f64 {
        let simple = code.checked_sub(self.first_char).and_then(|i| self.simple_widths.get(i as usize));
        simple.or_else(|| self.widths.get(&code)).copied().unwrap_or(self.default_width) * self.scale
    }

    fn text(&self, code: u32) -> String {
        match self.to_unicode.get(&code) {
            Some(s) => s.clone(),
            None if !self.two_byte => char::from_u32(code).filter(|c| !c.is_control()).map(String::from).unwrap_or_default(),
            None => String::new(),
        }
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// The bytes a hex string's digits spell (anything else between them skipped; a lone last digit
/// is its byte's high half).
pub(super) fn hex_bytes(s: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let digits: Vec<u8> = s.iter().filter(|c| c.is_ascii_hexdigit()).copied().collect();
    digits.chunks(2).map(|p| (hex(p[0]) << 4) | p.get(1).map_or(0, |&c| hex(c))).collect()
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &x| (a << 8) | x as u32)
}

fn utf16be(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks(2).map(|c| ((c[0] as u16) << 8) | *c.get(1).unwrap_or(&0) as u16).collect();
    String::from_utf16_lossy(&units)
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries.
fn parse_to_unicode(data: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(data);
    let mut out = HashMap::new();
    // Tokens: <hex>, [, ], and words.
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let mut s = String::from("<");
                for d in chars.by_ref() {
                    if d == '>' {
                        break;
                    }
                    s.push(d);
                }
                tokens.push(s);
            }
            '[' | ']' => tokens.push(c.to_string()),
            c if c.is_whitespace() => {}
            c => {
                let mut s = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() || d == '<' || d == '[' || d == ']' {
                        break;
                    }
                    s.push(d);
                    chars.next();
                }
                tokens.push(s);
            }
        }
    }
    let hex = |t: &str| t.strip_prefix('<').map(|h| hex_bytes(h.as_bytes()));
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let (Some(src), Some(dst)) = (hex(&tokens[i]), hex(&tokens[i + 1])) {
                        out.insert(code_of(&src), utf16be(&dst));
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (Some(lo), Some(hi)) = (hex(&tokens[i]), hex(&tokens[i + 1])) else {
                        i += 1;
                        continue;
                    };
                    let (lo, hi) = (code_of(&lo), code_of(&hi));
                    if hi < lo || hi - lo > 65_535 {
                        i += 3;
                        continue;
                    }
                    if tokens[i + 2] == "[" {
                        let mut j = i + 3;
                        let mut code = lo;
                        while j < tokens.len() && tokens[j] != "]" {
                            if let Some(dst) = hex(&tokens[j]) {
                                out.insert(code, utf16be(&dst));
                            }
                            code += 1;
                            j += 1;
                        }
                        i = j + 1;
                    } else {
                        if let Some(dst) = hex(&tokens[i + 2]) {
                            for (k, code) in (lo..=hi).enumerate() {
                                let mut d = dst.clone();
                                // The last byte counts up through the range.
                                if let Some(last) = d.last_mut() {
                                    *last = last.wrapping_add(k as u8);
                                }
                                out.insert(code, utf16be(&d));
                            }
                        }
                        i += 3;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A stream's data, at most `limit` bytes. Plain FlateDecode (the ToUnicode maps and forms of
/// printed pages) is inflated by miniz_oxide directly: lopdf's decoder sets up a 32 KB window
/// for each stream, which for a page's hundred small maps costs more than the inflating.
fn stream_data(s: &lopdf::Stream, limit: usize) -> Option<Vec<u8>> {
    let flate = |o: &Object| matches!(o, Object::Name(n) if n == b"FlateDecode");
    let plain_flate = match s.dict.get(b"Filter") {
        Ok(Object::Array(a)) => a.len() == 1 && flate(&a[0]),
        Ok(o) => flate(o),
        Err(_) => false,
    };
    if plain_flate && s.dict.get(b"DecodeParms").is_err() {
        if let Ok(data) = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&s.content, limit) {
            return Some(data);
        }
    }
    s.decompressed_content_with_limit(limit).ok()
}

fn load_font(doc: &Document, dict: &Dictionary) -> Font {
    let name = |d: &Dictionary, k: &[u8]| d.get(k).ok().map(|o| deref(doc, o)).and_then(|o| o.as_name().ok()).map(|n| n.to_vec());
    let subtype = name(dict, b"Subtype").unwrap_or_default();
    let mut font = Font { scale: 0.001, default_width: 0.0, ..Default::default() };
    if let Ok(Object::Stream(s)) = dict.get(b"ToUnicode").map(|o| deref(doc, o)) {
        if let Some(data) = stream_data(s, 8 << 20) {
            font.to_unicode = parse_to_unicode(&data);
        }
    }
    if subtype == b"Type0" {
        font.two_byte = name(dict, b"Encoding").is_none_or(|e| e.starts_with(b"Identity") || e.ends_with(b"-H") || e.ends_with(b"-V"));
        font.default_width = 1000.0;
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(d) = descendant {
            if let Some(dw) = d.get(b"DW").ok().and_then(num) {
                font.default_width = dw;
            }
            if let Ok(w) = d.get(b"W").map(|o| deref(doc, o)).and_then(|o| o.as_array()) {
                let mut i = 0;
                while i < w.len() {
                    let first = num(deref(doc, &w[i])).unwrap_or(0.0) as u32;
                    match w.get(i + 1).map(|o| deref(doc, o)) {
                        Some(Object::Array(list)) => {
                            for (k, v) in list.iter().enumerate().take(65_536) {
                                font.widths.insert(first + k as u32, num(deref(doc, v)).unwrap_or(0.0));
                            }
                            i += 2;
                        }
                        Some(o) => {
                            let last = num(o).unwrap_or(0.0) as u32;
                            let v = w.get(i + 2).map(|o| num(deref(doc, o)).unwrap_or(0.0)).unwrap_or(0.0);
                            for code in first..=last.min(first + 65_535) {
                                font.widths.insert(code, v);
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        }
    } else {
        if subtype == b"Type3" {
            if let Ok(m) = dict.get(b"FontMatrix").map(|o| deref(doc, o)).and_then(|o| o.as_array()) {
                font.scale = m.first().map(|o| num(deref(doc, o)).unwrap_or(0.001)).unwrap_or(0.001).abs();
            }
        }
        let first = dict.get(b"FirstChar").ok().and_then(|o| num(deref(doc, o))).unwrap_or(0.0) as u32;
        if let Ok(w) = dict.get(b"Widths").map(|o| deref(doc, o)).and_then(|o| o.as_array()) {
            font.first_char = first;
            font.simple_widths = w.iter().take(65_536).map(|v| num(deref(doc, v)).unwrap_or(0.0)).collect();
        } else {
            // A standard font without widths: about half an em.
            font.default_width = 500.0;
        }
        if let Some(mw) = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(num)
        {
            font.default_width = mw;
        }
    }
    font
}

/// One operator of a content stream with its operands.
struct Op<'a> {
    operator: &'static str,
    operands: &'a [Object],
}

/// A content stream's operators, their operands kept in one vector (one allocation for the
/// stream, not one per operator).
#[derive(Default)]
struct Ops {
    heads: Vec<(&'static str, std::ops::Range<u32>)>,
    operands: Vec<Object>,
}

impl Ops {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.heads.len()
    }

    fn iter(&self) -> impl Iterator<Item = Op<'_>> {
        self.heads.iter().map(|(operator, r)| Op { operator, operands: &self.operands[r.start as usize..r.end as usize] })
    }
}

/// A content stream's operators: a small lexer of its own (numbers, names, strings, arrays,
/// dictionaries skipped as values, inline images skipped), several times faster than a general
/// parser on the tens of thousands of operators of a printed page. Malformed input ends the
/// stream where it stops making sense; nothing panics.
fn lex_content(data: &[u8]) -> Ops {
    let mut ops = Ops::default();
    // Where the current operator's operands begin in `ops.operands`.
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        match lex_value(data, &mut i, 0) {
            Lexed::Value(v) => {
                if ops.operands.len() - start < 4096 && ops.operands.len() < u32::MAX as usize {
                    ops.operands.push(v);
                }
            }
            Lexed::Operator(op) => {
                if op == "BI" {
                    // An inline image: its data runs to "EI" after white space.
                    let mut j = i;
                    while j + 2 < data.len()
                        && !(data[j].is_ascii_whitespace()
                            && &data[j + 1..j + 3] == b"EI"
                            && data.get(j + 3).is_none_or(|c| c.is_ascii_whitespace()))
                    {
                        j += 1;
                    }
                    i = j + 3;
                    ops.operands.truncate(start);
                    continue;
                }
                let end = ops.operands.len();
                ops.heads.push((op, start as u32..end as u32));
                start = end;
            }
            Lexed::Skip => {}
            Lexed::End => break,
        }
    }
    ops.operands.truncate(start);
    ops
}

enum Lexed {
    Value(Object),
    Operator(&'static str),
    Skip,
    End,
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn lex_value(d: &[u8], i: &mut usize, depth: usize) -> Lexed {
    while *i < d.len() && (d[*i].is_ascii_whitespace() || d[*i] == 0) {
        *i += 1;
    }
    let Some(&c) = d.get(*i) else { return Lexed::End };
    match c {
        b'%' => {
            while *i < d.len() && d[*i] != b'\n' && d[*i] != b'\r' {
                *i += 1;
            }
            Lexed::Skip
        }
        b'/' => {
            *i += 1;
            let start = *i;
            while *i < d.len() && !d[*i].is_ascii_whitespace() && !is_delim(d[*i]) {
                *i += 1;
            }
            let raw = &d[start..*i];
            let mut name = Vec::with_capacity(raw.len());
            let mut k = 0;
            while k < raw.len() {
                if raw[k] == b'#' && k + 2 < raw.len() {
                    if let Ok(v) = u8::from_str_radix(std::str::from_utf8(&raw[k + 1..k + 3]).unwrap_or("zz"), 16) {
                        name.push(v);
                        k += 3;
                        continue;
                    }
                }
                name.push(raw[k]);
                k += 1;
            }
            Lexed::Value(Object::Name(name))
        }
        b'(' => Lexed::Value(Object::String(super::pdf_objects::literal(d, i).0, lopdf::StringFormat::Literal)),
        b'<' if d.get(*i + 1) == Some(&b'<') => {
            // A dictionary (marked-content properties): read over, kept as an empty one.
            *i += 2;
            let mut guard = 0;
            loop {
                while *i < d.len() && d[*i].is_ascii_whitespace() {
                    *i += 1;
                }
                if *i >= d.len() {
                    return Lexed::End;
                }
                if d[*i..].starts_with(b">>") {
                    *i += 2;
                    break;
                }
                if depth > 16 || guard > 100_000 {
                    return Lexed::End;
                }
                guard += 1;
                if let Lexed::End = lex_value(d, i, depth + 1) {
                    return Lexed::End;
                }
            }
            Lexed::Value(Object::Dictionary(Dictionary::new()))
        }
        b'<' => {
            *i += 1;
            let start = *i;
            while *i < d.len() && d[*i] != b'>' {
                *i += 1;
            }
            let bytes = hex_bytes(&d[start..*i]);
            *i += 1;
            Lexed::Value(Object::String(bytes, lopdf::StringFormat::Hexadecimal))
        }
        b'[' => {
            *i += 1;
            let mut items = Vec::new();
            loop {
                while *i < d.len() && d[*i].is_ascii_whitespace() {
                    *i += 1;
                }
                match d.get(*i) {
                    None => return Lexed::End,
                    Some(b']') => {
                        *i += 1;
                        break;
                    }
                    _ => {}
                }
                if depth > 16 {
                    return Lexed::End;
                }
                match lex_value(d, i, depth + 1) {
                    Lexed::Value(v) => items.push(v),
                    Lexed::Operator(_) | Lexed::Skip => {}
                    Lexed::End => return Lexed::End,
                }
            }
            Lexed::Value(Object::Array(items))
        }
        b']' | b'>' | b')' | b'{' | b'}' => {
            *i += 1;
            Lexed::Skip
        }
        b'+' | b'-' | b'.' | b'0'..=b'9' => {
            let start = *i;
            *i += 1;
            while *i < d.len() && (d[*i].is_ascii_digit() || d[*i] == b'.' || d[*i] == b'-') {
                *i += 1;
            }
            let t = std::str::from_utf8(&d[start..*i]).unwrap_or("0");
            if t.contains('.') {
                Lexed::Value(Object::Real(t.parse::<f32>().unwrap_or(0.0)))
            } else {
                Lexed::Value(t.parse::<i64>().map(Object::Integer).unwrap_or(Object::Integer(0)))
            }
        }
        _ => {
            let start = *i;
            while *i < d.len() && !d[*i].is_ascii_whitespace() && !is_delim(d[*i]) {
                *i += 1;
            }
            if *i == start {
                *i += 1;
                return Lexed::Skip;
            }
            match &d[start..*i] {
                b"true" => Lexed::Value(Object::Boolean(true)),
                b"false" => Lexed::Value(Object::Boolean(false)),
                b"null" => Lexed::Value(Object::Null),
                word => Lexed::Operator(operator_name(word)),
            }
        }
    }
}

/// The content-stream operators of PDF 1.7 (ISO 32000-1, annex A) as static names: an operator
/// is matched, not allocated (a printed page has tens of thousands); any other word is "?",
/// which nothing interprets.
fn operator_name(word: &[u8]) -> &'static str {
    match word {
        b"b" => "b",
        b"B" => "B",
        b"b*" => "b*",
        b"B*" => "B*",
        b"BDC" => "BDC",
        b"BI" => "BI",
        b"BMC" => "BMC",
        b"BT" => "BT",
        b"BX" => "BX",
        b"c" => "c",
        b"cm" => "cm",
        b"CS" => "CS",
        b"cs" => "cs",
        b"d" => "d",
        b"d0" => "d0",
        b"d1" => "d1",
        b"Do" => "Do",
        b"DP" => "DP",
        b"EI" => "EI",
        b"EMC" => "EMC",
        b"ET" => "ET",
        b"EX" => "EX",
        b"f" => "f",
        b"F" => "F",
        b"f*" => "f*",
        b"G" => "G",
        b"g" => "g",
        b"gs" => "gs",
        b"h" => "h",
        b"i" => "i",
        b"ID" => "ID",
        b"j" => "j",
        b"J" => "J",
        b"K" => "K",
        b"k" => "k",
        b"l" => "l",
        b"m" => "m",
        b"M" => "M",
        b"MP" => "MP",
        b"n" => "n",
        b"q" => "q",
        b"Q" => "Q",
        b"re" => "re",
        b"RG" => "RG",
        b"rg" => "rg",
        b"ri" => "ri",
        b"s" => "s",
        b"S" => "S",
        b"SC" => "SC",
        b"sc" => "sc",
        b"SCN" => "SCN",
        b"scn" => "scn",
        b"sh" => "sh",
        b"T*" => "T*",
        b"Tc" => "Tc",
        b"Td" => "Td",
        b"TD" => "TD",
        b"Tf" => "Tf",
        b"Tj" => "Tj",
        b"TJ" => "TJ",
        b"TL" => "TL",
        b"Tm" => "Tm",
        b"Tr" => "Tr",
        b"Ts" => "Ts",
        b"Tw" => "Tw",
        b"Tz" => "Tz",
        b"v" => "v",
        b"w" => "w",
        b"W" => "W",
        b"W*" => "W*",
        b"y" => "y",
        b"'" => "'",
        b"\"" => "\"",
        _ => "?",
    }
}

struct Interp<'a> {
    doc: &'a Document,
    page: u32,
    items: &'a mut Vec<TextItem>,
    lines: &'a mut Vec<RuleLine>,
    /// Fonts already read, by object (shared by all pages: a printed page's 130 Type 3 fonts
    /// are the next page's too).
    fonts: &'a mut HashMap<ObjectId, std::rc::Rc<Font>>,
    /// The item being grown: the next glyph continues it when it starts where it ended.
    open: Option<(f64, f64)>,
    /// Form XObjects already lexed, by object (a form drawn on every page is lexed once).
    forms: &'a mut HashMap<ObjectId, std::rc::Rc<Ops>>,
    /// Work done in the whole document, against [`MAX_WORK`]: operators run, an eighth of the
    /// bytes lexed, and [`FORM_COST`] per form drawn — so a form that draws itself many times,
    /// eight deep, stops there.
    work: &'a mut usize,
}

/// The most work spent on one document: well under a second. A printed 12-page report takes
/// 15,000 to 60,000 (about 5,000 a page); 2,000 such pages would take 10 million.
const MAX_WORK: usize = 20_000_000;
/// The work one form XObject drawn counts for, beyond its operators.
const FORM_COST: usize = 1_000;

#[derive(Clone)]
struct GState {
    ctm: Matrix,
}

impl<'a> Interp<'a> {
    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<std::rc::Rc<Font>> {
        let fonts = resources.get(b"Font").ok().map(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok())?;
        let entry = fonts.get(name).ok()?;
        let id = entry.as_reference().unwrap_or((0, 0));
        if id != (0, 0) {
            if let Some(f) = self.fonts.get(&id) {
                return Some(f.clone());
            }
        }
        let dict = deref(self.doc, entry).as_dict().ok()?;
        let f = std::rc::Rc::new(load_font(self.doc, dict));
        if id != (0, 0) {
            self.fonts.insert(id, f.clone());
        }
        Some(f)
    }

    fn push_line(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.lines.len() >= 200_000 {
            return;
        }
        let (x0, y0, x1, y1) = (a.0, a.1, b.0, b.1);
        if (y1 - y0).abs() < 0.5 && (x1 - x0).abs() >= 2.0 {
            self.lines.push(RuleLine { page: self.page, x0: x0.min(x1), y0, x1: x0.max(x1), y1: y0 });
        } else if (x1 - x0).abs() < 0.5 && (y1 - y0).abs() >= 2.0 {
            self.lines.push(RuleLine { page: self.page, x0, y0: y0.min(y1), x1: x0, y1: y0.max(y1) });
        }
    }

    /// Runs a content stream with its resources under `ctm`.
    fn run(&mut self, content: &[u8], resources: &Dictionary, ctm: Matrix, depth: usize) {
        *self.work += content.len() / 8;
        if *self.work > MAX_WORK {
            return;
        }
        self.run_ops(&lex_content(content), resources, ctm, depth);
    }

    /// Runs a content stream's operators with its resources under `ctm`.
    fn run_ops(&mut self, operations: &Ops, resources: &Dictionary, ctm: Matrix, depth: usize) {
        let mut gs = GState { ctm };
        let mut stack: Vec<GState> = Vec::new();
        // Text state.
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let (mut tc, mut tw, mut tz, mut tl, mut ts) = (0.0f64, 0.0f64, 1.0f64, 0.0f64, 0.0f64);
        let mut font: Option<std::rc::Rc<Font>> = None;
        let mut run_fonts: Vec<(&[u8], Option<std::rc::Rc<Font>>)> = Vec::new();
        let mut size = 0.0f64;
        // Path: subpaths of points, and whether each segment is a curve.
        let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut curved = false;
        for op in operations.iter() {
            *self.work += 1;
            if self.items.len() >= positioned::MAX_ITEMS || *self.work > MAX_WORK {
                return;
            }
            let o = op.operands;
            match op.operator {
                "q" => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    let v = nums(o);
                    if v.len() == 6 {
                        gs.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                    self.open = None;
                }
                "ET" => self.open = None,
                "Tf" => {
                    if let (Some(Object::Name(n)), Some(s)) = (o.first(), o.get(1).and_then(num)) {
                        // A page selects its few fonts thousands of times: look each name up once.
                        font = match run_fonts.iter().find(|(name, _)| *name == n.as_slice()) {
                            Some((_, f)) => f.clone(),
                            None => {
                                let f = self.font(resources, n);
                                if run_fonts.len() < 64 {
                                    run_fonts.push((n.as_slice(), f.clone()));
                                }
                                f
                            }
                        };
                        size = s;
                    }
                }
                "Tc" => tc = o.first().and_then(num).unwrap_or(0.0),
                "Tw" => tw = o.first().and_then(num).unwrap_or(0.0),
                "Tz" => tz = o.first().and_then(num).unwrap_or(100.0) / 100.0,
                "TL" => tl = o.first().and_then(num).unwrap_or(0.0),
                "Ts" => ts = o.first().and_then(num).unwrap_or(0.0),
                "Td" | "TD" => {
                    let v = nums(o);
                    if v.len() == 2 {
                        if op.operator == "TD" {
                            tl = -v[1];
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, v[0], v[1]], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    let v = nums(o);
                    if v.len() == 6 {
                        tlm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -tl], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" {
                            let v = nums(o);
                            if v.len() >= 2 {
                                tw = v[0];
                                tc = v[1];
                            }
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -tl], &tlm);
                        tm = tlm;
                    }
                    let Some(f) = font.clone() else { continue };
                    let parts: Vec<&Object> = match op.operator {
                        "TJ" => o.first().and_then(|a| a.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
                        _ => o.last().into_iter().collect(),
                    };
                    for part in parts {
                        match part {
                            Object::String(bytes, _) => {
                                let step = if f.two_byte { 2 } else { 1 };
                                for chunk in bytes.chunks(step) {
                                    let code = code_of(chunk);
                                    let w0 = f.width(code);
                                    let space = if step == 1 && code == 32 { tw } else { 0.0 };
                                    let tx = (w0 * size + tc + space) * tz;
                                    let trm = mul(&[size * tz, 0.0, 0.0, size, 0.0, ts], &mul(&tm, &gs.ctm));
                                    let (x, y) = (trm[4], trm[5]);
                                    let end = apply(&mul(&tm, &gs.ctm), tx, 0.0);
                                    let height = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                                    self.glyph(&f.text(code), x, y, end.0 - x, height);
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                            other => {
                                if let Some(adj) = num(other) {
                                    let tx = -adj / 1000.0 * size * tz;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                "m" => {
                    let v = nums(o);
                    if v.len() == 2 {
                        path.push(vec![apply(&gs.ctm, v[0], v[1])]);
                    }
                }
                "l" => {
                    let v = nums(o);
                    if let (2, Some(sp)) = (v.len(), path.last_mut()) {
                        sp.push(apply(&gs.ctm, v[0], v[1]));
                    }
                }
                "c" | "v" | "y" => {
                    curved = true;
                    let v = nums(o);
                    if let (Some(sp), true) = (path.last_mut(), v.len() >= 2) {
                        sp.push(apply(&gs.ctm, v[v.len() - 2], v[v.len() - 1]));
                    }
                }
                "re" => {
                    let v = nums(o);
                    if v.len() == 4 {
                        let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                        path.push(vec![
                            apply(&gs.ctm, x, y),
                            apply(&gs.ctm, x + w, y),
                            apply(&gs.ctm, x + w, y + h),
                            apply(&gs.ctm, x, y + h),
                            apply(&gs.ctm, x, y),
                        ]);
                    }
                }
                "h" => {
                    if let Some(sp) = path.last_mut() {
                        if let Some(&first) = sp.first() {
                            sp.push(first);
                        }
                    }
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    for sp in &path {
                        let mut sp = sp.clone();
                        if matches!(op.operator, "s" | "b" | "b*") {
                            if let Some(&first) = sp.first() {
                                sp.push(first);
                            }
                        }
                        for w in sp.windows(2) {
                            self.push_line(w[0], w[1]);
                        }
                    }
                    path.clear();
                    curved = false;
                }
                "f" | "F" | "f*" => {
                    if !curved {
                        for sp in &path {
                            if sp.len() < 3 {
                                continue;
                            }
                            let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
                            for &(x, y) in sp {
                                x0 = x0.min(x);
                                x1 = x1.max(x);
                                y0 = y0.min(y);
                                y1 = y1.max(y);
                            }
                            if y1 - y0 <= 2.5 && x1 - x0 > 2.0 {
                                self.push_line((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
                            } else if x1 - x0 <= 2.5 && y1 - y0 > 2.0 {
                                self.push_line(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
                            }
                        }
                    }
                    path.clear();
                    curved = false;
                }
                "n" => {
                    path.clear();
                    curved = false;
                }
                "Do" if depth < 8 => {
                    let Some(Object::Name(n)) = o.first() else { continue };
                    let Some(xobjects) = resources.get(b"XObject").ok().map(|x| deref(self.doc, x)).and_then(|x| x.as_dict().ok()) else {
                        continue;
                    };
                    let Ok(entry) = xobjects.get(n) else { continue };
                    let Object::Stream(s) = deref(self.doc, entry) else { continue };
                    if s.dict.get(b"Subtype").ok().and_then(|x| x.as_name().ok()) != Some(b"Form".as_slice()) {
                        continue;
                    }
                    *self.work += FORM_COST;
                    if *self.work > MAX_WORK {
                        return;
                    }
                    let m = s.dict.get(b"Matrix").ok().and_then(|x| x.as_array().ok()).map(|a| nums(a)).filter(|v| v.len() == 6);
                    let m = m.map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]]).unwrap_or(IDENTITY);
                    let res = s.dict.get(b"Resources").ok().map(|x| deref(self.doc, x)).and_then(|x| x.as_dict().ok()).unwrap_or(resources);
                    let id = entry.as_reference().ok();
                    let ops = match id.and_then(|id| self.forms.get(&id)) {
                        Some(ops) => ops.clone(),
                        None => {
                            let data = stream_data(s, 64 << 20).unwrap_or_else(|| s.content.clone());
                            *self.work += data.len() / 8;
                            let ops = std::rc::Rc::new(lex_content(&data));
                            if let Some(id) = id {
                                self.forms.insert(id, ops.clone());
                            }
                            ops
                        }
                    };
                    self.open = None;
                    self.run_ops(&ops, res, mul(&m, &gs.ctm), depth + 1);
                    self.open = None;
                }
                _ => {}
            }
        }
    }

    /// One shown glyph: continues the open item when it starts where that one ended.
    fn glyph(&mut self, text: &str, x: f64, y: f64, width: f64, height: f64) {
        if !x.is_finite() || !y.is_finite() {
            return;
        }
        if let (Some((ex, ey)), Some(last)) = (self.open, self.items.last_mut()) {
            if (ey - y).abs() < 0.01
                && (ex - x).abs() < 0.05 * height.max(1.0)
                && (last.height - height).abs() < 0.01
                && last.page == self.page
            {
                last.text.push_str(text);
                last.width = x + width - last.x;
                self.open = Some((x + width, y));
                return;
            }
        }
        self.items.push(TextItem { page: self.page, x, y, width, height, text: text.to_string() });
        self.open = Some((x + width, y));
    }
}

fn media_box(doc: &Document, page: ObjectId) -> (f64, f64) {
    let mut id = Some(page);
    for _ in 0..32 {
        let Some(d) = id.and_then(|i| doc.get_dictionary(i).ok()) else { break };
        if let Ok(a) = d.get(b"MediaBox").map(|o| deref(doc, o)).and_then(|o| o.as_array()) {
            let v: Vec<f64> = a.iter().map(|o| num(deref(doc, o)).unwrap_or(0.0)).collect();
            if v.len() == 4 {
                return ((v[2] - v[0]).abs(), (v[3] - v[1]).abs());
            }
        }
        id = d.get(b"Parent").ok().and_then(|o| o.as_reference().ok());
    }
    (595.0, 842.0)
}

/// Reads a PDF's positioned text and ruling lines, or says (in Chinese) why it cannot.
pub fn read_pdf(bytes: &[u8]) -> Result<PositionedDoc, String> {
    read_pdf_counted(bytes).map(|(doc, _)| doc)
}

/// [`read_pdf`] and the PDF's number of pages (of which at most [`positioned::MAX_PAGES`] are
/// read).
pub fn read_pdf_counted(bytes: &[u8]) -> Result<(PositionedDoc, usize), String> {
    // Only the objects the pages need when the file is plainly made, else all of them (lopdf,
    // which also decrypts and repairs).
    let doc = match super::pdf_objects::load_reachable(bytes) {
        Some(doc) => doc,
        None => Document::load_mem(bytes).map_err(|e| open_error(&e))?,
    };
    read_document(&doc)
}

/// The pages' positioned text and ruling lines of a loaded document, and its number of pages.
fn read_document(doc: &Document) -> Result<(PositionedDoc, usize), String> {
    if doc.trailer.get(b"Encrypt").is_ok() && doc.authenticate_password("").is_err() {
        return Err(open_error(&lopdf::Error::InvalidPassword));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("PDF 文件已损坏或不完整（找不到任何页面），无法读取。请重新下载后再检查。".into());
    }
    let mut out = PositionedDoc::default();
    let empty = Dictionary::new();
    let mut fonts = HashMap::new();
    let mut forms = HashMap::new();
    let mut work = 0;
    for (&number, &page_id) in pages.iter().take(positioned::MAX_PAGES as usize) {
        let (width, height) = media_box(doc, page_id);
        out.pages.push(PageSize { page: number, width, height });
        let content = doc.get_page_content_with_limit(page_id, 64 << 20).unwrap_or_default();
        let resources = match doc.get_page_resources(page_id) {
            Ok((Some(d), _)) => d.clone(),
            Ok((None, ids)) => ids.first().and_then(|&i| doc.get_dictionary(i).ok()).cloned().unwrap_or_else(|| empty.clone()),
            Err(_) => empty.clone(),
        };
        let mut interp = Interp {
            doc,
            page: number,
            items: &mut out.items,
            lines: &mut out.lines,
            fonts: &mut fonts,
            open: None,
            forms: &mut forms,
            work: &mut work,
        };
        interp.run(&content, &resources, IDENTITY, 0);
    }
    Ok((out, pages.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The objects the pages reach, read where the cross-reference table says, give the same
    /// text, boxes and lines as lopdf's load of the whole file, for every test PDF; and the
    /// files it does not handle (damaged, encrypted, scanned) are left to lopdf.
    #[test]
    fn reachable_objects_read_as_the_whole_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
        let mut read = 0;
        for dir in ["pdf", "bad"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect();
            files.sort();
            for file in files {
                let bytes = std::fs::read(&file).unwrap();
                let whole = Document::load_mem(&bytes).ok().map(|d| read_document(&d));
                let Some(lazy) = super::super::pdf_objects::load_reachable(&bytes) else {
                    assert_ne!(dir, "pdf", "{}: not read by the lazy loader", file.display());
                    continue;
                };
                read += 1;
                let (whole, lazy) = (whole.unwrap().unwrap(), read_document(&lazy).unwrap());
                assert_eq!(format!("{:?}", lazy), format!("{:?}", whole), "{}", file.display());
            }
        }
        assert!(read >= 19, "{read}");
    }

    #[test]
    fn to_unicode_entries_and_ranges() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfchar <0003> <0020> <0010> <884C> endbfchar\n1 beginbfrange <0020> <0022> <4E00> endbfrange\n1 beginbfrange <0030> <0031> [<0041> <D83DDE00>] endbfrange";
        let m = parse_to_unicode(cmap);
        assert_eq!(m[&0x10], "行");
        assert_eq!(m[&0x21], "丁");
        assert_eq!(m[&0x31], "😀");
        assert_eq!(m[&3], " ");
    }

    #[test]
    fn content_streams_are_lexed() {
        let lexed = lex_content(b"q 1 0 0 1 72.5 -3 cm BT /F1#20a 12 Tf [(a\\)b\\101) -250 <4E2D>] TJ ET /Span <</MCID 3 /Alt (x)>> BDC EMC BI /W 2 ID \x00\xffEI\n EI Q");
        let ops: Vec<Op> = lexed.iter().collect();
        let names: Vec<&str> = ops.iter().map(|o| o.operator).collect();
        assert_eq!(names, ["q", "cm", "BT", "Tf", "TJ", "ET", "BDC", "EMC", "Q"]);
        assert_eq!(ops[1].operands.len(), 6);
        assert_eq!(ops[3].operands[0], Object::Name(b"F1 a".to_vec()));
        match &ops[4].operands[0] {
            Object::Array(a) => {
                assert_eq!(a[0], Object::String(b"a)bA".to_vec(), lopdf::StringFormat::Literal));
                assert_eq!(a[2], Object::String(vec![0x4E, 0x2D], lopdf::StringFormat::Hexadecimal));
            }
            other => panic!("{other:?}"),
        }
        // Cut anywhere: no panic.
        let s = b"BT /F1 12 Tf (abc\\) [1 2 <<";
        for n in 0..s.len() {
            lex_content(&s[..n]);
        }
    }

    /// Operands compared as the interpreter uses them (numbers by value; a dictionary operand,
    /// which it never reads, by kind).
    fn same(a: &Object, b: &Object) -> bool {
        match (a, b) {
            (Object::Array(x), Object::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
            (Object::Dictionary(_), Object::Dictionary(_)) => true,
            (Object::String(x, _), Object::String(y, _)) => x == y,
            _ => match (num(a), num(b)) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-3,
                _ => a == b,
            },
        }
    }

    #[test]
    fn the_lexer_reads_real_pages_as_lopdf_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts/pdf");
        for name in ["seed-000-lo.pdf", "seed-000-a4.pdf", "corpus-2021-split-lo.pdf"] {
            let doc = Document::load(dir.join(name)).unwrap();
            for (_, page) in doc.get_pages() {
                let content = doc.get_page_content(page);
                let theirs = lopdf::content::Content::decode(&content).unwrap().operations;
                let ours = lex_content(&content);
                assert_eq!(ours.len(), theirs.len(), "{name}");
                for (o, t) in ours.iter().zip(&theirs) {
                    assert_eq!(o.operator, t.operator, "{name}");
                    assert!(
                        o.operands.len() == t.operands.len() && o.operands.iter().zip(&t.operands).all(|(a, b)| same(a, b)),
                        "{name} {}: {:?} vs {:?}",
                        o.operator,
                        o.operands,
                        t.operands
                    );
                }
            }
        }
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(read_pdf(b"%PDF-1.7\nnot really").is_err());
        assert!(read_pdf(b"").is_err());
    }
}
