//! nianbao (年报): reads and checks Chinese government annual reports on government
//! information disclosure (政府信息公开工作年度报告), deterministically and offline.
//!
//! One path for the data (see [`report`]): input → [`ingest`] (blocks with source locations) →
//! [`reader`] (the tables read against the template's labels, with what it observed) and
//! [`extract`] (title, year, period, format, sections, sentences) → [`Document`] → [`rules`]
//! (the only place a finding is made) → [`Report`] → [`series`] (a body's reports a year apart,
//! checked by the cross-year rules) → [`output`] (JSON, text, CSV). The CLI, the web
//! page and the browser extension all call [`check_bytes`] / [`check_str`] / [`check_events`].

pub mod cjk_compat;
pub mod document;
pub mod extract;
pub mod filekind;
pub mod finding;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod reader;
pub mod report;
pub mod rules;
pub mod series;
pub mod sums;
pub mod template;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use document::{Document, ReportKind};
pub use finding::{Finding, Severity};
pub use ingest::InputKind;
pub use report::Report;

/// Checks a report given as text. `kind` of `None` guesses HTML or text from the content.
pub fn check_str(text: &str, kind: Option<InputKind>) -> Report {
    let kind = kind.unwrap_or_else(|| ingest::sniff_kind(text));
    report::check_str(text, kind)
}

/// Checks a DOM a front end has walked into the event stream of [`ingest::html::ingest_events`]
/// (the web page's sanitised paste, the extension's live page). Locations of kind "html" index
/// the elements in the order of the stream's element marks.
pub fn check_events(events: &str) -> Report {
    report::check_ingested(&ingest::html::ingest_events(&cjk_compat::unify_text(events)), InputKind::Html)
}

/// Checks a file's bytes: decodes them (BOM, `<meta charset>`, UTF-8, else GB18030), then
/// checks. `name` (a file name) helps tell HTML from text.
pub fn check_bytes(bytes: &[u8], name: Option<&str>) -> Report {
    let decoded = ingest::decode::decode(bytes);
    let head = &bytes[..bytes.len().min(1024)];
    let by_name = name.and_then(|n| match filekind::file_kind(n, head) {
        filekind::FileKind::Html => Some(InputKind::Html),
        _ => None,
    });
    check_str(&decoded.text, by_name)
}
