//! The page's PDF reader: a second WebAssembly module, built from this crate with the `pdf`
//! feature (`scripts/build-wasm.sh`), that reads a PDF's positioned text and ruling lines with
//! the CLI's reader (`src/ingest/pdf.rs`). The page loads it on the first PDF, so the core's
//! first load stays small; the core then checks what it returns (`checkPositioned`), as for
//! every other PDF. One reader for the CLI, the page and the extension: the same PDF gives the
//! same findings everywhere, and it reads in tens of milliseconds where pdf.js's text and
//! operator lists took seconds.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Reads a PDF: `{"pages": [{page, width, height}], "items": [{page, x, y, width, height, str}],
/// "lines": [{page, x0, y0, x1, y1}], "numPages", "truncated"}` (the shape of
/// `www/pdf-extract.js`'s `extractPositioned`; PDF points, origin bottom left), or `{"error"}`
/// with what to tell the user (encrypted, damaged, no pages).
/// The rule files' whole documentation by code ([`crate::rules::file_docs_json`]), for the help
/// page (`scripts/build-page.mjs`): the page's wasm carries only their 「依据」 lines.
#[wasm_bindgen(js_name = ruleDocs)]
pub fn rule_docs() -> String {
    crate::rules::file_docs_json()
}

#[wasm_bindgen(js_name = readPdf)]
pub fn read_pdf(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let (doc, num_pages) = match crate::ingest::pdf::read_pdf_counted(bytes) {
        Ok(read) => read,
        Err(error) => return serde_json::json!({ "error": error }).to_string(),
    };
    // Written directly: a 12-page report has thousands of items, and a serde_json::Value per
    // number would cost more than reading the PDF.
    let mut out = String::with_capacity(64 + doc.items.len() * 96 + doc.lines.len() * 64);
    out.push_str("{\"pages\":[");
    for (i, p) in doc.pages.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(out, "{sep}{{\"page\":{},\"width\":{},\"height\":{}}}", p.page, number(p.width), number(p.height));
    }
    out.push_str("],\"items\":[");
    for (i, t) in doc.items.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{sep}{{\"page\":{},\"x\":{},\"y\":{},\"width\":{},\"height\":{},\"str\":{}}}",
            t.page,
            number(t.x),
            number(t.y),
            number(t.width),
            number(t.height),
            serde_json::Value::from(t.text.as_str())
        );
    }
    out.push_str("],\"lines\":[");
    for (i, l) in doc.lines.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{sep}{{\"page\":{},\"x0\":{},\"y0\":{},\"x1\":{},\"y1\":{}}}",
            l.page,
            number(l.x0),
            number(l.y0),
            number(l.x1),
            number(l.y1)
        );
    }
    let _ = write!(out, "],\"numPages\":{num_pages},\"truncated\":{}}}", num_pages > doc.pages.len());
    out
}

/// A coordinate as JSON, exactly (the shortest text that reads back as the same f64, so the
/// core reconstructs the page as the CLI does), and 0 for what is not finite (JSON has no NaN).
fn number(v: f64) -> String {
    if v.is_finite() {
        serde_json::Value::from(v).to_string()
    } else {
        "0".into()
    }
}
