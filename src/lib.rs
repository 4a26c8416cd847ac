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
pub mod glued;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod reader;
pub mod report;
pub mod rules;
pub mod series;
pub mod sort;
pub mod sums;
pub mod template;
pub mod value;

#[cfg(all(target_arch = "wasm32", not(feature = "pdf")))]
pub mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "pdf"))]
pub mod wasm_pdf;

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
/// checks. `name` (a file name) helps tell HTML from text. A Word .docx is converted to HTML
/// first (see [`ingest::docx`]). A file that cannot be checked (see [`try_check_bytes`]) gives
/// an empty report of kind not-a-report.
pub fn check_bytes(bytes: &[u8], name: Option<&str>) -> Report {
    try_check_bytes(bytes, name).unwrap_or_else(|_| report::check_str("", InputKind::Text))
}

/// [`check_bytes`], or what to tell the user (in Chinese) when the file cannot be checked: a
/// damaged, encrypted or oversized .docx, an old binary .doc/.wps, a picture, an archive.
pub fn try_check_bytes(bytes: &[u8], name: Option<&str>) -> Result<Report, String> {
    let head = &bytes[..bytes.len().min(1024)];
    let kind = filekind::file_kind(name.unwrap_or(""), head);
    let shown = name.map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n)).unwrap_or("输入");
    match kind {
        filekind::FileKind::Docx => {
            let html = ingest::docx::docx_to_html(bytes).map_err(|e| e.message())?;
            let mut report = check_str(&html, Some(InputKind::Html));
            report.document.layout = ingest::Layout::Docx;
            Ok(report)
        }
        filekind::FileKind::Html => Ok(check_str(&ingest::decode::decode(bytes).text, Some(InputKind::Html))),
        filekind::FileKind::Text => Ok(check_str(&ingest::decode::decode(bytes).text, None)),
        #[cfg(feature = "pdf")]
        filekind::FileKind::Pdf => check_positioned(&ingest::pdf::read_pdf(bytes)?),
        #[cfg(not(feature = "pdf"))]
        filekind::FileKind::Pdf => Err(format!("「{shown}」是 PDF 文件，请在网页版或浏览器扩展中打开它检查。")),
        filekind::FileKind::LegacyOffice | filekind::FileKind::Image | filekind::FileKind::Unsupported => {
            Err(kind.refusal(shown).unwrap_or_else(|| format!("无法检查「{shown}」。")))
        }
    }
}

/// [`try_check_bytes`] of bytes the caller gives away (the CLI's files): text and HTML in UTF-8
/// are checked without a copy of the input.
pub fn try_check_vec(bytes: Vec<u8>, name: Option<&str>) -> Result<Report, String> {
    let kind = filekind::file_kind(name.unwrap_or(""), &bytes[..bytes.len().min(1024)]);
    match kind {
        filekind::FileKind::Html => Ok(check_str(&ingest::decode::decode_owned(bytes).text, Some(InputKind::Html))),
        filekind::FileKind::Text => Ok(check_str(&ingest::decode::decode_owned(bytes).text, None)),
        _ => try_check_bytes(&bytes, name),
    }
}

/// What to tell the user when a PDF has no text to read.
pub const SCANNED_MESSAGE: &str = "这是扫描件/图片，无法读取文字，无法检查。请找到报告的文字版（网页、Word 或可复制文字的 PDF）。";

/// Checks positioned text: a PDF's text items with their boxes (see
/// [`ingest::positioned::PositionedDoc`]), as the CLI's PDF reader or pdf.js in the page gives
/// them. Locations are of kind "pdf". A document without any text (a scan) is refused.
pub fn check_positioned(doc: &ingest::positioned::PositionedDoc) -> Result<Report, String> {
    if !doc.items.iter().any(|i| !i.text.trim().is_empty()) {
        return Err(SCANNED_MESSAGE.to_string());
    }
    let ingested = ingest::positioned::ingest_positioned(doc);
    Ok(report::check_ingested(&ingested, InputKind::Pdf))
}
