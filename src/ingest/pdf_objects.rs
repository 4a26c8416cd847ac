//! Loads only the objects a PDF's pages need for their text, for the common file with a plain
//! cross-reference table: [`lopdf::Document::load_mem`] parses every object of the file, and in a
//! page printed by Chromium most of them are what the text never needs — a glyph procedure for
//! every glyph of 130 Type 3 fonts, and each font's list of glyph names. Walking from the catalog
//! and reading each object where the table says it is, skipping the values of the keys the reader
//! never looks at ([`SKIPPED_KEYS`]), builds the same `Document` for the interpreter in a fraction
//! of the time.
//!
//! Anything outside that simple case — a cross-reference stream, object streams, an encrypted
//! file, an offset that does not point at the object it should, any syntax this reader does not
//! know — returns `None`, and the caller loads the file with lopdf, which also repairs damaged
//! files. So this is an accelerator with the same result, never a second opinion (the tests
//! compare the two on every fixture PDF).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::{BTreeMap, HashMap};

/// Keys whose values the text reader never reads, and which lead to most of a file's objects:
/// glyph procedures and names (Type 3 fonts), embedded font programs, the structure tree of a
/// tagged PDF, annotations, outlines, metadata, colour spaces, patterns and shadings, soft masks.
const SKIPPED_KEYS: &[&[u8]] = &[
    b"CharProcs",
    b"Differences",
    b"FontFile",
    b"FontFile2",
    b"FontFile3",
    b"CIDSet",
    b"CIDToGIDMap",
    b"StructTreeRoot",
    b"Annots",
    b"Outlines",
    b"Metadata",
    b"Names",
    b"Dests",
    b"AcroForm",
    b"OpenAction",
    b"Thumb",
    b"PieceInfo",
    b"ColorSpace",
    b"Pattern",
    b"Shading",
    b"SMask",
    b"ExtGState",
    b"OCProperties",
    b"Threads",
    b"Info",
];

/// Bounds: objects loaded, nesting of arrays and dictionaries, cross-reference sections.
const MAX_OBJECTS: usize = 200_000;
const MAX_DEPTH: usize = 64;
const MAX_SECTIONS: usize = 32;

/// The document with the objects reachable from the catalog (less the skipped keys' values), or
/// `None` when the file is not the simple case this reader handles.
pub(crate) fn load_reachable(bytes: &[u8]) -> Option<Document> {
    if !bytes.starts_with(b"%PDF-") {
        return None;
    }
    let version = std::str::from_utf8(bytes.get(5..8)?).ok()?.to_string();
    let (offsets, trailer) = read_xref(bytes)?;
    if trailer.has(b"Encrypt") || trailer.has(b"XRefStm") {
        return None;
    }
    let root = trailer.get(b"Root").ok()?.as_reference().ok()?;
    let mut loader = Loader { bytes, offsets: &offsets, objects: BTreeMap::new() };
    let mut pending = vec![root];
    while let Some(id) = pending.pop() {
        if loader.objects.contains_key(&id) {
            continue;
        }
        if loader.objects.len() >= MAX_OBJECTS {
            return None;
        }
        let object = loader.object(id)?;
        references(&object, &mut pending);
        loader.objects.insert(id, object);
    }
    let mut doc = Document::new();
    doc.version = version;
    doc.max_id = loader.objects.keys().map(|id| id.0).max().unwrap_or(0);
    doc.objects = loader.objects;
    let mut kept = Dictionary::new();
    kept.set("Root", Object::Reference(root));
    doc.trailer = kept;
    Some(doc)
}

/// Every object reference inside `o`.
fn references(o: &Object, out: &mut Vec<ObjectId>) {
    match o {
        Object::Reference(id) => out.push(*id),
        Object::Array(a) => a.iter().for_each(|v| references(v, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, v)| references(v, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, v)| references(v, out)),
        _ => {}
    }
}

/// Where each object is (byte offset), from the newest cross-reference section back through
/// `/Prev`, and the newest trailer.
fn read_xref(bytes: &[u8]) -> Option<(HashMap<u32, Option<usize>>, Dictionary)> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let mut i = at + 9;
    let mut start = match lex(tail, &mut i, 0)? {
        Lexed::Value(Object::Integer(n)) => usize::try_from(n).ok()?,
        _ => return None,
    };
    let mut offsets = HashMap::new();
    let mut trailer: Option<Dictionary> = None;
    for _ in 0..MAX_SECTIONS {
        let mut i = start;
        skip_space(bytes, &mut i);
        if !bytes.get(i..)?.starts_with(b"xref") {
            return None; // a cross-reference stream: lopdf's.
        }
        i += 4;
        loop {
            skip_space(bytes, &mut i);
            if bytes.get(i..)?.starts_with(b"trailer") {
                i += 7;
                break;
            }
            let first = integer(bytes, &mut i)?;
            let count = integer(bytes, &mut i)?;
            if count > 10_000_000 {
                return None;
            }
            for k in 0..count {
                let offset = integer(bytes, &mut i)?;
                let _generation = integer(bytes, &mut i)?;
                skip_space(bytes, &mut i);
                let kind = *bytes.get(i)?;
                i += 1;
                let id = u32::try_from(first.checked_add(k)?).ok()?;
                match kind {
                    b'n' => {
                        offsets.entry(id).or_insert(Some(usize::try_from(offset).ok()?));
                    }
                    b'f' => {
                        offsets.entry(id).or_insert(None);
                    }
                    _ => return None,
                }
            }
        }
        let Lexed::Value(Object::Dictionary(section)) = lex(bytes, &mut i, 0)? else { return None };
        let prev = section.get(b"Prev").ok().and_then(|p| p.as_i64().ok());
        if trailer.is_none() {
            trailer = Some(section);
        }
        match prev {
            Some(p) => start = usize::try_from(p).ok()?,
            None => return Some((offsets, trailer?)),
        }
    }
    None
}

struct Loader<'a> {
    bytes: &'a [u8],
    offsets: &'a HashMap<u32, Option<usize>>,
    objects: BTreeMap<ObjectId, Object>,
}

impl Loader<'_> {
    /// The object `id`, read where the table puts it; a free or unlisted object is null.
    fn object(&self, id: ObjectId) -> Option<Object> {
        self.read(id, true)
    }

    /// The object `id`; a stream only if `stream` (a `/Length` is never itself a stream, so
    /// two streams whose lengths name each other cannot recurse).
    fn read(&self, id: ObjectId, stream: bool) -> Option<Object> {
        let Some(&entry) = self.offsets.get(&id.0) else { return Some(Object::Null) };
        let Some(offset) = entry else { return Some(Object::Null) };
        let d = self.bytes;
        let mut i = offset;
        if integer(d, &mut i)? != i64::from(id.0) || integer(d, &mut i)? != i64::from(id.1) {
            return None;
        }
        skip_space(d, &mut i);
        if !d.get(i..)?.starts_with(b"obj") {
            return None;
        }
        i += 3;
        let Lexed::Value(value) = lex(d, &mut i, 0)? else { return None };
        skip_space(d, &mut i);
        if d.get(i..)?.starts_with(b"endobj") {
            return Some(value);
        }
        if !stream {
            return None;
        }
        // A stream: its dictionary, `stream`, an end of line, `/Length` bytes, `endstream`.
        let (Object::Dictionary(dict), true) = (value, d.get(i..)?.starts_with(b"stream")) else { return None };
        i += 6;
        match d.get(i..i + 2)? {
            [b'\r', b'\n', ..] => i += 2,
            [b'\n', ..] | [b'\r', ..] => i += 1,
            _ => return None,
        }
        let length = match dict.get(b"Length").ok()? {
            Object::Integer(n) => *n,
            Object::Reference(r) => match self.read(*r, false)? {
                Object::Integer(n) => n,
                _ => return None,
            },
            _ => return None,
        };
        let end = i.checked_add(usize::try_from(length).ok()?)?;
        let content = d.get(i..end)?;
        let mut j = end;
        skip_space(d, &mut j);
        if !d.get(j..)?.starts_with(b"endstream") {
            return None;
        }
        let mut stream = Stream::new(dict, content.to_vec());
        stream.start_position = Some(i);
        Some(Object::Stream(stream))
    }
}

fn skip_space(d: &[u8], i: &mut usize) {
    loop {
        while *i < d.len() && matches!(d[*i], b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0') {
            *i += 1;
        }
        if d.get(*i) != Some(&b'%') {
            return;
        }
        while *i < d.len() && d[*i] != b'\n' && d[*i] != b'\r' {
            *i += 1;
        }
    }
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_delimiter(c) && !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// A non-negative integer token.
fn integer(d: &[u8], i: &mut usize) -> Option<i64> {
    skip_space(d, i);
    let start = *i;
    while *i < d.len() && d[*i].is_ascii_digit() && *i - start < 18 {
        *i += 1;
    }
    if *i == start || d.get(*i).is_some_and(|&c| is_regular(c)) {
        return None;
    }
    Some(d[start..*i].iter().fold(0i64, |n, &c| n * 10 + i64::from(c - b'0')))
}

enum Lexed {
    Value(Object),
    /// `]` or `>>`: the end of the array or dictionary being read.
    Close,
}

/// One value at `i` (references `n g R` folded), or `None` on anything unexpected.
fn lex(d: &[u8], i: &mut usize, depth: usize) -> Option<Lexed> {
    if depth > MAX_DEPTH {
        return None;
    }
    skip_space(d, i);
    let c = *d.get(*i)?;
    let value = match c {
        b'/' => {
            *i += 1;
            Object::Name(name(d, i))
        }
        b'(' => match literal(d, i) {
            (string, true) => Object::String(string, StringFormat::Literal),
            (_, false) => return None,
        },
        b'<' if d.get(*i + 1) == Some(&b'<') => {
            *i += 2;
            let mut dict = Dictionary::new();
            loop {
                skip_space(d, i);
                if d.get(*i..)?.starts_with(b">>") {
                    *i += 2;
                    break;
                }
                if *d.get(*i)? != b'/' {
                    return None;
                }
                *i += 1;
                let key = name(d, i);
                if SKIPPED_KEYS.contains(&key.as_slice()) {
                    skip_value(d, i, depth + 1)?;
                    continue;
                }
                let Lexed::Value(v) = lex(d, i, depth + 1)? else { return None };
                dict.set(key, v);
            }
            Object::Dictionary(dict)
        }
        b'<' => {
            *i += 1;
            let start = *i;
            while *d.get(*i)? != b'>' {
                *i += 1;
            }
            let bytes = super::pdf::hex_bytes(&d[start..*i]);
            *i += 1;
            Object::String(bytes, StringFormat::Hexadecimal)
        }
        b'[' => {
            *i += 1;
            let mut items = Vec::new();
            loop {
                match lex(d, i, depth + 1)? {
                    Lexed::Value(v) => items.push(v),
                    Lexed::Close if d[*i - 1] == b']' => break,
                    Lexed::Close => return None,
                }
            }
            Object::Array(items)
        }
        b']' => {
            *i += 1;
            return Some(Lexed::Close);
        }
        b'>' if d.get(*i + 1) == Some(&b'>') => {
            *i += 2;
            return Some(Lexed::Close);
        }
        b'0'..=b'9' | b'+' | b'-' | b'.' => number(d, i)?,
        _ => {
            let start = *i;
            while *i < d.len() && is_regular(d[*i]) {
                *i += 1;
            }
            match &d[start..*i] {
                b"true" => Object::Boolean(true),
                b"false" => Object::Boolean(false),
                b"null" => Object::Null,
                _ => return None,
            }
        }
    };
    Some(Lexed::Value(value))
}

/// A number, or a reference `n g R` when an integer is followed by a generation and `R`.
/// Integers (most numbers: widths, object numbers) are read digit by digit.
fn number(d: &[u8], i: &mut usize) -> Option<Object> {
    let start = *i;
    let negative = d[start] == b'-';
    let mut j = start + usize::from(matches!(d[start], b'+' | b'-'));
    let digits_start = j;
    let mut n: i64 = 0;
    while j < d.len() && d[j].is_ascii_digit() && j - digits_start < 18 {
        n = n * 10 + i64::from(d[j] - b'0');
        j += 1;
    }
    if j > digits_start && d.get(j).is_none_or(|&c| !is_regular(c)) {
        *i = j;
        if start == digits_start {
            if let Some(reference) = reference_after(d, i, n) {
                return Some(reference);
            }
        }
        return Some(Object::Integer(if negative { -n } else { n }));
    }
    // A real: "-.5" and "5." are PDF reals; lopdf keeps them as f32.
    while j < d.len() && is_regular(d[j]) {
        j += 1;
    }
    let token = std::str::from_utf8(&d[start..j]).ok()?;
    *i = j;
    token.parse::<f32>().ok().filter(|r| r.is_finite()).map(Object::Real)
}

/// `g R` after the object number `n` at `i`: the reference, with `i` moved past the `R`.
fn reference_after(d: &[u8], i: &mut usize, n: i64) -> Option<Object> {
    let mut j = *i;
    while j < d.len() && matches!(d[j], b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0') {
        j += 1;
    }
    if !d.get(j)?.is_ascii_digit() {
        return None;
    }
    let generation = integer(d, &mut j)?;
    skip_space(d, &mut j);
    if d.get(j) == Some(&b'R') && d.get(j + 1).is_none_or(|&c| !is_regular(c)) {
        *i = j + 1;
        return Some(Object::Reference((u32::try_from(n).ok()?, u16::try_from(generation).ok()?)));
    }
    None
}

fn name(d: &[u8], i: &mut usize) -> Vec<u8> {
    let start = *i;
    while *i < d.len() && is_regular(d[*i]) {
        *i += 1;
    }
    let raw = &d[start..*i];
    if !raw.contains(&b'#') {
        return raw.to_vec();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut k = 0;
    while k < raw.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if raw[k] == b'#' {
            if let (Some(h), Some(l)) = (raw.get(k + 1).and_then(|&c| hex(c)), raw.get(k + 2).and_then(|&c| hex(c))) {
                out.push((h * 16 + l) as u8);
                k += 3;
                continue;
            }
        }
        out.push(raw[k]);
        k += 1;
    }
    out
}

/// A literal string `( … )` at `i` with its escapes, and whether its closing parenthesis was
/// found (a content stream's lexer keeps a string the stream's end cut short).
pub(super) fn literal(d: &[u8], i: &mut usize) -> (Vec<u8>, bool) {
    *i += 1;
    let mut out = Vec::new();
    let mut nest = 1;
    while let Some(&b) = d.get(*i) {
        *i += 1;
        match b {
            b'\\' => {
                let Some(&e) = d.get(*i) else { break };
                *i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'\r' => {
                        if d.get(*i) == Some(&b'\n') {
                            *i += 1;
                        }
                    }
                    b'\n' => {}
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match d.get(*i) {
                                Some(&o @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(o - b'0');
                                    *i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    other => out.push(other),
                }
            }
            b'(' => {
                nest += 1;
                out.push(b);
            }
            b')' => {
                nest -= 1;
                if nest == 0 {
                    return (out, true);
                }
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    (out, false)
}

/// Reads over one value without building it (a skipped key's value).
fn skip_value(d: &[u8], i: &mut usize, depth: usize) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    skip_space(d, i);
    match *d.get(*i)? {
        b'(' => {
            if !literal(d, i).1 {
                return None;
            }
        }
        b'<' if d.get(*i + 1) == Some(&b'<') => {
            *i += 2;
            loop {
                skip_space(d, i);
                if d.get(*i..)?.starts_with(b">>") {
                    *i += 2;
                    return Some(());
                }
                skip_value(d, i, depth + 1)?;
            }
        }
        b'<' => {
            while *d.get(*i)? != b'>' {
                *i += 1;
            }
            *i += 1;
        }
        b'[' => {
            *i += 1;
            loop {
                skip_space(d, i);
                if *d.get(*i)? == b']' {
                    *i += 1;
                    return Some(());
                }
                skip_value(d, i, depth + 1)?;
            }
        }
        b'/' => {
            *i += 1;
            while *i < d.len() && is_regular(d[*i]) {
                *i += 1;
            }
        }
        b']' | b'>' | b')' | b'{' | b'}' => return None,
        _ => {
            // A number, a reference's parts, a keyword: one regular token at a time.
            let start = *i;
            while *i < d.len() && is_regular(d[*i]) {
                *i += 1;
            }
            if *i == start {
                return None;
            }
            // `n g R` as one value: read over the generation and the `R` too.
            let mut j = *i;
            if d[start..*i].iter().all(u8::is_ascii_digit) && integer(d, &mut j).is_some() {
                skip_space(d, &mut j);
                if d.get(j) == Some(&b'R') && d.get(j + 1).is_none_or(|&c| !is_regular(c)) {
                    *i = j + 1;
                }
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_references() {
        let src = b"<</A 1 0 R /B [1 -2 .5 (a\\)b) <4E2D> /N#20a true null 3 0 R] /C <</D 7>> /CharProcs <</g0 9 0 R /g1 [1 2]>> /E 4>>";
        let mut i = 0;
        let Some(Lexed::Value(Object::Dictionary(d))) = lex(src, &mut i, 0) else { panic!() };
        assert_eq!(d.get(b"A").unwrap(), &Object::Reference((1, 0)));
        let b = d.get(b"B").unwrap().as_array().unwrap();
        assert_eq!(b[0], Object::Integer(1));
        assert_eq!(b[1], Object::Integer(-2));
        assert_eq!(b[2], Object::Real(0.5));
        assert_eq!(b[3], Object::String(b"a)b".to_vec(), StringFormat::Literal));
        assert_eq!(b[4], Object::String(vec![0x4E, 0x2D], StringFormat::Hexadecimal));
        assert_eq!(b[5], Object::Name(b"N a".to_vec()));
        assert_eq!(b[8], Object::Reference((3, 0)));
        assert!(!d.has(b"CharProcs"), "a skipped key is read over");
        assert_eq!(d.get(b"E").unwrap(), &Object::Integer(4));
        // Cut anywhere: no panic, and no value from a cut dictionary.
        for n in 0..src.len() - 1 {
            let mut i = 0;
            assert!(!matches!(lex(&src[..n], &mut i, 0), Some(Lexed::Value(Object::Dictionary(_)))), "{n}");
        }
    }

    /// A real file cut short or with bytes changed: an answer (the document or `None`, for
    /// lopdf to try), never a panic; and lengths that name each other do not recurse.
    #[test]
    fn damaged_files_are_answered() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts/pdf/seed-000-lo.pdf");
        let bytes = std::fs::read(path).unwrap();
        assert!(load_reachable(&bytes).is_some());
        for k in 0..400 {
            let cut = bytes.len() * k / 400;
            let _ = load_reachable(&bytes[..cut]);
            let mut changed = bytes.clone();
            let at = (k * 7919 * 104_729) % bytes.len();
            changed[at] = [b'(', b'<', b'[', b'0', b'R', b' ', 0xff][k % 7];
            let _ = load_reachable(&changed);
        }
        let cycle = b"%PDF-1.4\n1 0 obj <</Length 2 0 R>> stream\nx\nendstream endobj\n2 0 obj <</Length 1 0 R>> stream\nx\nendstream endobj\n3 0 obj <</Type /Catalog /Pages 1 0 R>> endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000061 00000 n \n0000000113 00000 n \ntrailer <</Size 4 /Root 3 0 R>>\nstartxref\n160\n%%EOF";
        assert!(load_reachable(cycle).is_none());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = [b"[".repeat(100_000), b"]".repeat(100_000)].concat();
        assert!(lex(&deep, &mut 0, 0).is_none());
        assert!(skip_value(&deep, &mut 0, 0).is_none());
    }
}
