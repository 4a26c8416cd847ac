//! What kind of file the user gave: the one list of file names and magic numbers every front
//! end asks (the CLI, the page's 打开文件, the extension), so that none keeps a copy.

use serde::Serialize;

/// The kinds of file a report arrives as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A saved web page or HTML fragment.
    Html,
    /// Plain text (pasted, exported, extracted).
    Text,
    /// A PDF document.
    Pdf,
    /// A Word 2007+ document (.docx, a zip of XML).
    Docx,
    /// A binary Word or WPS document (.doc, .wps, .et): must be saved as .docx or PDF first.
    LegacyOffice,
    /// A picture of a report (a scan or a screenshot): there is no text to read.
    Image,
    /// Anything else (spreadsheets, archives, executables …).
    Unsupported,
}

const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml", "mht", "mhtml"];
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "csv", "tsv"];
const LEGACY_OFFICE_EXTENSIONS: &[&str] = &["doc", "wps", "dot", "rtf"];
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"];

impl FileKind {
    /// True when the core can read this kind: HTML, text, Word .docx (converted to HTML in the
    /// core) and PDF (its positioned text: the CLI reads the file, the web page and the
    /// extension extract it with pdf.js and send the items).
    pub fn is_readable(self) -> bool {
        matches!(self, FileKind::Html | FileKind::Text | FileKind::Docx | FileKind::Pdf)
    }

    /// What to tell the user about a file of this kind that cannot be checked, in Chinese.
    pub fn refusal(self, name: &str) -> Option<String> {
        match self {
            FileKind::Html | FileKind::Text | FileKind::Docx | FileKind::Pdf => None,
            FileKind::LegacyOffice => Some(format!(
                "「{name}」是旧版 Word/WPS 文件，无法读取。请在 WPS/Word 中另存为 .docx 或 PDF 后再检查，或复制全文粘贴到这里。"
            )),
            FileKind::Image => Some(format!("「{name}」是图片，没有可读取的文字，无法检查。请打开报告的网页或文字版本。")),
            FileKind::Unsupported => Some(format!(
                "暂不支持「{name}」这类文件。可以检查的文件：PDF（.pdf）、Word（.docx）、网页（.html、.htm）、文本（.txt）；也可以直接粘贴报告全文。"
            )),
        }
    }

    /// The extensions the file chooser offers, as an `accept` attribute value.
    pub fn accept_attribute() -> String {
        HTML_EXTENSIONS.iter().chain(TEXT_EXTENSIONS).chain(&["pdf", "docx"]).map(|e| format!(".{e}")).collect::<Vec<_>>().join(",")
    }
}

fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// The kind of a file from its name and its first bytes (`head`; a few hundred bytes are
/// enough). Magic numbers win over the name: a PDF saved as ".html" is still a PDF.
pub fn file_kind(name: &str, head: &[u8]) -> FileKind {
    if head.starts_with(b"%PDF-") {
        return FileKind::Pdf;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return FileKind::LegacyOffice;
    }
    let ext = extension(name);
    let ext = ext.as_deref();
    if head.starts_with(b"PK\x03\x04") {
        return if matches!(ext, Some("docx") | Some("docm") | Some("dotx")) { FileKind::Docx } else { FileKind::Unsupported };
    }
    let image_magic = head.starts_with(&[0x89, b'P', b'N', b'G'])
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"BM")
        || (head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP");
    if image_magic {
        return FileKind::Image;
    }
    match ext {
        Some(e) if HTML_EXTENSIONS.contains(&e) => FileKind::Html,
        Some(e) if TEXT_EXTENSIONS.contains(&e) => FileKind::Text,
        Some("pdf") => FileKind::Pdf,
        Some("docx") => FileKind::Docx,
        Some(e) if LEGACY_OFFICE_EXTENSIONS.contains(&e) => FileKind::LegacyOffice,
        Some(e) if IMAGE_EXTENSIONS.contains(&e) => FileKind::Image,
        // No extension, or one we do not know: text if it looks like text (saved pages are
        // often named "index.jsp" or "content_12345"), else unsupported.
        _ if looks_like_text(head) => {
            if crate::ingest::sniff_kind(&String::from_utf8_lossy(head)) == crate::ingest::InputKind::Html {
                FileKind::Html
            } else {
                FileKind::Text
            }
        }
        _ => FileKind::Unsupported,
    }
}

/// No NUL bytes and few control characters: text in some encoding.
fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B).count();
    !head.contains(&0) && control * 50 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_magic_numbers() {
        assert_eq!(file_kind("报告.HTML", b"<html>"), FileKind::Html);
        assert_eq!(file_kind("a.xhtml", b"<?xml"), FileKind::Html);
        assert_eq!(file_kind("a.txt", "一、总体情况".as_bytes()), FileKind::Text);
        assert_eq!(file_kind("a.html", b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(file_kind("a.pdf", b"garbage"), FileKind::Pdf);
        assert_eq!(file_kind("a.docx", b"PK\x03\x04rest"), FileKind::Docx);
        assert_eq!(file_kind("a.zip", b"PK\x03\x04rest"), FileKind::Unsupported);
        assert_eq!(file_kind("a.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), FileKind::LegacyOffice);
        assert_eq!(file_kind("a.wps", b"x"), FileKind::LegacyOffice);
        assert_eq!(file_kind("scan.png", &[0x89, b'P', b'N', b'G']), FileKind::Image);
        assert_eq!(file_kind("content_123", b"<!DOCTYPE html><html>"), FileKind::Html);
        assert_eq!(file_kind("content_123", "二、主动公开".as_bytes()), FileKind::Text);
        assert_eq!(file_kind("program.exe", b"MZ\x90\0\x03\0"), FileKind::Unsupported);
        assert_eq!(file_kind(".bashrc", b"export A=1"), FileKind::Text);
        assert!(FileKind::Docx.refusal("x.docx").is_none());
        assert!(FileKind::LegacyOffice.refusal("x.doc").unwrap().contains("请在 WPS/Word 中另存为 .docx 或 PDF 后再检查"));
        assert!(FileKind::accept_attribute().contains(".xhtml"));
        assert!(FileKind::accept_attribute().contains(".pdf") && FileKind::accept_attribute().contains(".docx"));
    }
}
