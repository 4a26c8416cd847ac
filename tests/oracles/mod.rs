//! What must hold of every answer, whatever the input: shared by tests/suite/reliability.rs,
//! tests/suite/properties.rs and the fuzz targets (fuzz/fuzz_targets/, which include this file).
//! Everything is checked through the JSON contract (`nianbao::output::to_json`), not through
//! the report's fields.
#![allow(dead_code)]

use nianbao::InputKind;
use serde_json::Value;

/// For each byte offset of a text that is a char boundary: the UTF-16 offset and the 1-based
/// line there (`u32::MAX` inside a character).
pub struct Offsets {
    u16: Vec<u32>,
    line: Vec<u32>,
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        let mut u16 = vec![u32::MAX; text.len() + 1];
        let mut line = vec![u32::MAX; text.len() + 1];
        let (mut u, mut l) = (0u32, 1u32);
        for (i, c) in text.char_indices() {
            u16[i] = u;
            line[i] = l;
            u += c.len_utf16() as u32;
            if c == '\n' {
                l += 1;
            }
        }
        u16[text.len()] = u;
        line[text.len()] = l;
        Offsets { u16, line }
    }
}

/// Every location object in a JSON value (anything with a `kind` of "text" or "html" and a
/// `start`), with the path to it.
pub fn locations(v: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Object(m) => {
                if matches!(m.get("kind").and_then(Value::as_str), Some("text" | "html")) && m.contains_key("start") {
                    out.push((path, v));
                    return;
                }
                for (k, x) in m {
                    walk(x, format!("{path}.{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn field(loc: &Value, name: &str) -> Result<usize, String> {
    loc.get(name).and_then(Value::as_u64).map(|n| n as usize).ok_or_else(|| format!("location without {name}: {loc}"))
}

/// Locations of kind "text" are char-boundary ranges of `input` whose UTF-16 offsets agree
/// with the byte offsets and whose `line` is 1 + the number of '\n' before `start`; locations
/// of kind "html" name an element that exists and an ordered range. When the input was read
/// as text, a cell's `value` is exactly the text its location covers.
pub fn check_locations(json: &Value, input: &str) -> Result<(), String> {
    let offsets = Offsets::new(input);
    let element_count = json.get("element_count").and_then(Value::as_u64);
    let text_input = json.get("input").and_then(Value::as_str) == Some("text");
    for (path, loc) in locations(json) {
        let (start, end) = (field(loc, "start")?, field(loc, "end")?);
        let (u16_start, u16_end) = (field(loc, "u16_start")?, field(loc, "u16_end")?);
        if start > end || u16_start > u16_end {
            return Err(format!("{path}: reversed range {loc}"));
        }
        match loc["kind"].as_str() {
            Some("text") => {
                if end > input.len() || !input.is_char_boundary(start) || !input.is_char_boundary(end) {
                    return Err(format!("{path}: {start}..{end} is not a char range of the input ({} bytes): {loc}", input.len()));
                }
                if (offsets.u16[start] as usize, offsets.u16[end] as usize) != (u16_start, u16_end) {
                    return Err(format!(
                        "{path}: UTF-16 {u16_start}..{u16_end} but bytes {start}..{end} are {}..{}: {loc}",
                        offsets.u16[start], offsets.u16[end]
                    ));
                }
                let line = loc.get("line").and_then(Value::as_u64).ok_or_else(|| format!("{path}: text location without line"))?;
                if line != offsets.line[start] as u64 {
                    return Err(format!("{path}: line {line}, but {start} is on line {}: {loc}", offsets.line[start]));
                }
            }
            _ => {
                let el = loc.get("element").and_then(Value::as_u64).ok_or_else(|| format!("{path}: html location without element"))?;
                match element_count {
                    Some(n) if el < n => {}
                    _ => return Err(format!("{path}: element {el} of {element_count:?}")),
                }
                if loc.get("line").is_some_and(|l| !l.is_null()) {
                    return Err(format!("{path}: html location with a line"));
                }
            }
        }
        if text_input && loc["kind"] == "text" && path.contains(".cells[") && path.ends_with(".location") {
            let cell = cell_of(json, &path);
            if let Some(value) = cell.and_then(|c| c.get("value")).and_then(Value::as_str) {
                if &input[start..end] != value {
                    return Err(format!("{path}: value {value:?} but the location covers {:?}", &input[start..end]));
                }
            }
        }
    }
    Ok(())
}

/// The object holding the location at `path` (which ends in ".location").
fn cell_of<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    let parent = path.strip_suffix(".location")?;
    let mut v = json;
    for part in parent.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, Some(rest.trim_end_matches(']').parse::<usize>().ok()?)),
            None => (part, None),
        };
        v = v.get(key)?;
        if let Some(i) = index {
            v = v.get(i)?;
        }
    }
    Some(v)
}

/// The JSON serialises and parses back to an equal value.
pub fn check_roundtrip(json: &Value) -> Result<(), String> {
    let text = serde_json::to_string(json).map_err(|e| e.to_string())?;
    let back: Value = serde_json::from_str(&text).map_err(|e| format!("does not parse back: {e}"))?;
    match diff(json, &back, "") {
        None => Ok(()),
        Some(d) => Err(format!("changed by a round trip: {d}")),
    }
}

/// The JSON the CLI and the front ends write directly (`output::ReportJson`, no tree) is the
/// text of the sorted `serde_json::Value` the contract was first written from: the same keys in
/// the same (sorted) order at every level, the same values, compact and pretty, with and
/// without the prose and a previous report.
pub fn check_direct(report: &nianbao::Report) -> Result<(), String> {
    use nianbao::output::{json_string, ReportJson};
    let previous = nianbao::finding::ReportRef { file: "earlier.html".into(), title: Some("标题".into()), year: Some(2023) };
    for (with_text, previous) in [(false, None), (true, Some(&previous))] {
        let direct = ReportJson { report, file: "input", previous, with_text };
        let tree = serde_json::to_value(&direct).map_err(|e| e.to_string())?;
        for pretty in [false, true] {
            let via_tree = if pretty { serde_json::to_string_pretty(&tree) } else { serde_json::to_string(&tree) };
            let written = json_string(&direct, pretty);
            if via_tree.as_deref().ok() != Some(written.as_str()) {
                let at = written.chars().zip(via_tree.unwrap_or_default().chars()).take_while(|(a, b)| a == b).count();
                let around: String = written.chars().skip(at.saturating_sub(80)).take(120).collect();
                return Err(format!("direct JSON differs from the sorted tree's at character {at}: …{around}"));
            }
        }
    }
    Ok(())
}

/// Where two JSON values first differ.
pub fn diff(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = diff(v, w, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: only on the left ({v})")),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{path}.{k}: only on the right ({})", y[k]))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if let Some(d) = diff(v, w, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} items against {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: {a} against {b}")),
    }
}

/// Checks `input` read as `kind`: every oracle on its JSON. Returns the JSON.
pub fn check_str(input: &str, kind: Option<InputKind>) -> Result<Value, String> {
    let report = nianbao::check_str(input, kind);
    let json = nianbao::output::to_json(&report, "input");
    check_locations(&json, input)?;
    check_roundtrip(&json)?;
    check_direct(&report)?;
    Ok(json)
}

/// Checks bytes as a file: decoded, then every oracle against the decoded text.
pub fn check_bytes(bytes: &[u8], name: Option<&str>) -> Result<Value, String> {
    let report = nianbao::check_bytes(bytes, name);
    let json = nianbao::output::to_json(&report, "input");
    let decoded = nianbao::ingest::decode::decode(bytes);
    check_locations(&json, &decoded.text)?;
    check_roundtrip(&json)?;
    check_direct(&report)?;
    if decoded.error_count != 0 && !decoded.had_errors || decoded.errors.len() > decoded.error_count {
        return Err(format!("decode: {} errors, had_errors {}", decoded.error_count, decoded.had_errors));
    }
    for e in &decoded.errors {
        let offsets = Offsets::new(&decoded.text);
        if decoded.text.get(e.offset..e.offset + 3) != Some("\u{FFFD}")
            || offsets.line[e.offset] != e.line
            || offsets.u16[e.offset] as usize != e.u16_offset
            || e.input_offset + e.input_len > bytes.len()
        {
            return Err(format!("decode error misplaced: {e:?}"));
        }
    }
    Ok(json)
}

/// HTML read by html5ever and the same page sent as a front end's DOM event stream give the
/// same answer. Pages nested too deep to parse (read as text) are not compared.
pub fn check_html_matches_events(html: &str) -> Result<(), String> {
    let parsed = check_str(html, Some(InputKind::Html))?;
    if parsed["element_count"].is_null() {
        return Ok(());
    }
    let events = nianbao::ingest::html::html_events(html).ok_or("parsed, but html_events gives nothing")?;
    let walked = nianbao::output::to_json(&nianbao::check_events(&events), "input");
    check_roundtrip(&walked)?;
    match diff(&parsed, &walked, "") {
        None => Ok(()),
        Some(d) => Err(format!("html5ever and the event stream differ: {d}")),
    }
}

/// Every oracle that applies to a string input: as text, as HTML, guessed, and as events.
pub fn check_all(input: &str) -> Result<(), String> {
    check_str(input, Some(InputKind::Text)).map_err(|e| format!("as text: {e}"))?;
    check_str(input, None).map_err(|e| format!("guessed: {e}"))?;
    check_html_matches_events(input).map_err(|e| format!("as html: {e}"))?;
    // A raw event stream (what a front end sends) must not break the reader either.
    let json = nianbao::output::to_json(&nianbao::check_events(input), "input");
    check_locations(&json, input).map_err(|e| format!("as events: {e}"))?;
    check_roundtrip(&json).map_err(|e| format!("as events: {e}"))?;
    Ok(())
}

/// A PDF written by hand whose pages have the given content streams. Resources: `/F1`
/// Helvetica (one-byte codes, standard widths), `/F2` a Type 0 font with two-byte codes and a
/// ToUnicode map (codes 0x0000–0x00FF → 一…), `/X1` a form XObject whose content is the first
/// page's (so a `/X1 Do` in it draws itself, to the interpreter's depth and work limits).
pub fn pdf_of_pages(contents: &[&[u8]]) -> Vec<u8> {
    let cmap: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <00FF> <4E00> endbfrange endcmap end end";
    let first = contents.first().copied().unwrap_or(b"");
    // 1 catalog, 2 pages, 3 F1, 4 F2, 5 its descendant, 6 its ToUnicode, 7 X1, then per page:
    // the page, its content.
    let kids: Vec<String> = (0..contents.len()).map(|i| format!("{} 0 R", 8 + 2 * i)).collect();
    let stream = |dict: &str, data: &[u8]| {
        let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        o.extend_from_slice(data);
        o.extend_from_slice(b"\nendstream");
        o
    };
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), contents.len()).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000 /W [1 [500 600] 10 20 300] >>".to_vec(),
        stream("", cmap),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 10 -10] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /X1 7 0 R >> >>", first),
    ];
    for (i, c) in contents.iter().enumerate() {
        objs.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /X1 7 0 R >> >> /Contents {} 0 R >>", 9 + 2 * i).into_bytes());
        objs.push(stream("", c));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes());
    out
}

/// A PDF file's answer: refused with a message, or checked with every location of kind "pdf"
/// an ordered range on an existing page with finite rectangles, and a JSON that round-trips.
pub fn check_pdf(bytes: &[u8]) -> Result<Option<Value>, String> {
    let report = match nianbao::try_check_bytes(bytes, Some("file.pdf")) {
        Ok(r) => r,
        Err(message) if !message.is_empty() => return Ok(None),
        Err(_) => return Err("refused without a message".into()),
    };
    let json = nianbao::output::to_json(&report, "file.pdf");
    check_roundtrip(&json)?;
    check_direct(&report)?;
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.get("kind").and_then(Value::as_str) == Some("pdf") && m.contains_key("start") {
                    let n = |k: &str| m.get(k).and_then(Value::as_f64);
                    let ok = matches!((n("start"), n("end"), n("u16_start"), n("u16_end")), (Some(a), Some(b), Some(c), Some(d)) if a <= b && c <= d)
                        && m.get("page").is_some_and(|p| p.is_null() || p.as_f64().is_some_and(|p| p >= 1.0))
                        && m.get("rects").and_then(Value::as_array).is_some_and(|r| {
                            r.iter().all(|r| {
                                ["x", "y", "width", "height"].iter().all(|k| r.get(*k).and_then(Value::as_f64).is_some_and(f64::is_finite))
                            })
                        });
                    if !ok {
                        out.push(format!("{path}: {v}"));
                    }
                    return;
                }
                for (k, x) in m {
                    walk(x, &format!("{path}.{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut bad = Vec::new();
    walk(&json, "", &mut bad);
    match bad.first() {
        Some(b) => Err(format!("pdf location: {b}")),
        None => Ok(Some(json)),
    }
}
