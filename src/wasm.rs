//! The WebAssembly face of the core, for the web page and the browser extension. Reports go
//! out as JSON strings (the same contract as `nianbao check --format json`), which the page
//! parses with `JSON.parse`: cheaper than building JS objects field by field.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Checks a report given as a string. `kind` is "html", "text" or "" (guess from content).
/// Returns the per-file JSON object as a string.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text(input: &str, kind: &str, file: &str) -> String {
    let kind = match kind {
        "html" => Some(crate::InputKind::Html),
        "text" => Some(crate::InputKind::Text),
        _ => None,
    };
    let report = crate::check_str(input, kind);
    crate::output::json_string(&crate::output::ReportJson { report: &report, file, previous: None, with_text: false }, false)
}

/// Checks a DOM walked by the front end into an event stream: `\u{1}tag\u{2}` when an element
/// opens, `\u{3}` when it closes, text as is (see `www/dom-events.js`). Element indices in the
/// result's locations are the order of the element marks.
#[wasm_bindgen(js_name = checkDom)]
pub fn check_dom(events: &str, file: &str) -> String {
    let report = crate::check_events(events);
    crate::output::json_string(&crate::output::ReportJson { report: &report, file, previous: None, with_text: false }, false)
}

/// Checks a report against the same body's report of the year before (the cross-year rules,
/// `Y5xx`). Each report is given as `kind` ("dom": an event stream as for [`check_dom`]; "html",
/// "text" or "": a string as for [`check_text`]; "pdf": a PDF's positioned text, the items'
/// strings joined by U+0000 as the string and the rest as `geometry`, see
/// [`crate::ingest::positioned::from_packed`]) and its name. Returns the later report's JSON
/// object with its cross-year findings and `previous_report`; when the two are not the same
/// body's reports a year apart (see `series::key`), the later report alone.
#[wasm_bindgen(js_name = checkPair)]
#[allow(clippy::too_many_arguments)]
pub fn check_pair(
    earlier_kind: &str,
    earlier: &str,
    earlier_name: &str,
    later_kind: &str,
    later: &str,
    later_name: &str,
    earlier_geometry: Option<Vec<f64>>,
    later_geometry: Option<Vec<f64>>,
) -> String {
    let check = |kind: &str, input: &str, geometry: Option<&[f64]>| match kind {
        "dom" => crate::check_events(input),
        "html" => crate::check_str(input, Some(crate::InputKind::Html)),
        "text" => crate::check_str(input, Some(crate::InputKind::Text)),
        // A PDF with no text (or geometry that does not fit) is no report: nothing to pair.
        "pdf" => geometry
            .and_then(|g| crate::ingest::positioned::from_packed(g, input))
            .and_then(|doc| crate::check_positioned(&doc).ok())
            .unwrap_or_else(|| crate::check_str("", Some(crate::InputKind::Text))),
        _ => crate::check_str(input, None),
    };
    let mut batch = vec![
        (earlier_name.to_string(), check(earlier_kind, earlier, earlier_geometry.as_deref())),
        (later_name.to_string(), check(later_kind, later, later_geometry.as_deref())),
    ];
    let linked = crate::series::link(&mut batch);
    let previous = (linked[1] == Some(0)).then(|| crate::series::report_ref(&batch[0].1.document, earlier_name));
    crate::output::json_string(
        &crate::output::ReportJson { report: &batch[1].1, file: later_name, previous: previous.as_ref(), with_text: false },
        false,
    )
}

/// Checks a PDF's positioned text, as `www/pdf-extract.js` gives it (see
/// `ingest::positioned::from_arrays`): `pages` = [page, width, height]…, `items` = [page, x, y,
/// width, height]… with their strings in `texts` joined by U+0000, `lines` (ruling lines) =
/// [page, x0, y0, x1, y1]…. Returns the per-file JSON object (locations of kind "pdf"), or
/// `{"file", "error"}` when there is nothing to check (a scan without text).
#[wasm_bindgen(js_name = checkPositioned)]
pub fn check_positioned(pages: &[f64], items: &[f64], texts: &str, lines: &[f64], file: &str) -> String {
    let doc = crate::ingest::positioned::from_arrays(pages, items, texts, lines);
    match crate::check_positioned(&doc) {
        Ok(report) => {
            crate::output::json_string(&crate::output::ReportJson { report: &report, file, previous: None, with_text: false }, false)
        }
        Err(error) => serde_json::json!({ "file": file, "error": error }).to_string(),
    }
}

/// Converts a Word .docx to HTML (paragraphs, tables with rowspan/colspan): `{"html": …}`, or
/// `{"error": …}` with what to tell the user (damaged, encrypted, oversized, not a .docx). The
/// page shows the HTML and checks it as it checks a pasted page.
#[wasm_bindgen(js_name = docxToHtml)]
pub fn docx_to_html(bytes: &[u8]) -> String {
    match crate::ingest::docx::docx_to_html(bytes) {
        Ok(html) => serde_json::json!({ "html": html }).to_string(),
        Err(e) => serde_json::json!({ "error": e.message() }).to_string(),
    }
}

/// Decodes a file's bytes (BOM, `<meta charset>`, UTF-8, else GB18030) and returns
/// `{"text": decoded, "encoding": name, "kind": "html"|"text"}` as JSON, so the page can show
/// and check exactly what was decoded.
#[wasm_bindgen(js_name = decodeFile)]
pub fn decode_file(bytes: &[u8], name: &str) -> String {
    let (encoding, bom_len) = crate::ingest::decode::sniff(bytes);
    let body = &bytes[bom_len..];
    // UTF-8 is decoded here; legacy encodings (GBK, GB18030, Big5 …) by the browser's own
    // TextDecoder, which knows them all, instead of shipping encoding tables in the wasm.
    let text = if encoding == encoding_rs::UTF_8 {
        String::from_utf8_lossy(body).into_owned()
    } else {
        let options = web_sys::TextDecoderOptions::new();
        options.set_fatal(false);
        match web_sys::TextDecoder::new_with_label_and_options(encoding.name(), &options).and_then(|d| d.decode_with_u8_array(body)) {
            Ok(t) => t,
            Err(_) => String::from_utf8_lossy(body).into_owned(),
        }
    };
    let had_errors = text.contains('\u{FFFD}');
    let kind = match crate::filekind::file_kind(name, &bytes[..bytes.len().min(1024)]) {
        crate::filekind::FileKind::Html => crate::InputKind::Html,
        _ => crate::ingest::sniff_kind(&text),
    };
    serde_json::json!({ "text": text, "encoding": encoding.name(), "had_errors": had_errors, "kind": kind }).to_string()
}

/// The rules as JSON ([`crate::rules::rules_json`]): each with its 「依据」 line (`basisLine`).
#[wasm_bindgen]
pub fn rules() -> String {
    crate::rules::rules_json()
}

/// What kind of file this is, from its name and first bytes (one list of extensions and magic
/// numbers for every front end): `{"kind": "html"|"text"|"pdf"|"docx"|"legacy-office"|"image"|
/// "unsupported", "readable": bool, "message": string|null}`; `message` is what to tell the user
/// when the file cannot be checked.
#[wasm_bindgen(js_name = fileKind)]
pub fn file_kind(name: &str, head: &[u8]) -> String {
    let kind = crate::filekind::file_kind(name, head);
    serde_json::json!({ "kind": kind, "readable": kind.is_readable(), "message": kind.refusal(name) }).to_string()
}

/// The words only the core knows, for the front ends' labels: severity names, table titles,
/// format names, and the file chooser's `accept` list.
#[wasm_bindgen]
pub fn vocabulary() -> String {
    crate::output::vocabulary().to_string()
}

/// Whether pasted or typed text is HTML (`"html"`) or plain text (`"text"`): the core's own
/// test (`ingest::sniff_kind`), so a front end can decide to sanitise and walk it as a DOM.
#[wasm_bindgen(js_name = sniffKind)]
pub fn sniff_kind(text: &str) -> String {
    match crate::ingest::sniff_kind(text) {
        crate::InputKind::Html => "html".into(),
        crate::InputKind::Text | crate::InputKind::Pdf => "text".into(),
    }
}
