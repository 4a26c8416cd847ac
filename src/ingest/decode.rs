//! Bytes to text: BOM, `<meta charset>`, then UTF-8, else GB18030 (a superset of GBK and
//! GB2312, which most older government sites still serve).

use encoding_rs::{Encoding, GB18030, UTF_8};

pub struct Decoded {
    pub text: String,
    /// The encoding that was used, by its WHATWG name ("UTF-8", "GBK", "gb18030" …).
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Which encoding a file is in, as a browser would decide: a BOM wins, then a charset
/// declared in the first kilobytes of markup, then valid UTF-8, then GB18030. Returns the
/// encoding and the length of the BOM to skip. (The wasm build decodes with the browser's own
/// `TextDecoder` from this answer, so the legacy tables stay out of the bundle.)
pub fn sniff(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, bom_len);
    }
    if let Some(encoding) = declared_charset(bytes) {
        return (encoding, 0);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, 0);
    }
    (GB18030, 0)
}

/// Decodes a file as a browser would (see [`sniff`]).
pub fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len) = sniff(bytes);
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    Decoded { text: text.into_owned(), encoding: encoding.name(), had_errors }
}

/// Finds `charset=...` in the first 4 KiB (HTML `<meta charset>` or `http-equiv` content).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let needle = b"charset";
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], needle) {
        let mut i = from + pos + needle.len();
        while i < lower.len() && matches!(lower[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_')) {
            i += 1;
        }
        if i > start {
            if let Some(enc) = Encoding::for_label(&lower[start..i]) {
                // A page that claims UTF-16 in ASCII markup is really ASCII-compatible.
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(UTF_8);
                }
                return Some(enc);
            }
        }
        from = i.max(from + pos + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_page_with_meta_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gb2312\"><p>年度报告</p>");
        let d = decode(&bytes);
        assert!(d.text.contains("年度报告"));
        assert!(!d.had_errors);
    }

    #[test]
    fn undeclared_gbk_text_falls_back_to_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("一、总体情况");
        let d = decode(&bytes);
        assert_eq!(d.text, "一、总体情况");
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("报告".as_bytes());
        assert_eq!(decode(&bytes).text, "报告");
    }
}
