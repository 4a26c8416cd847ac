//! Bytes to text: BOM, `<meta charset>`, then UTF-8 (also when a few bytes are broken), else
//! GB18030 (a superset of GBK and GB2312, which most older government sites still serve).

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

/// At most this many decoding errors are located in [`Decoded::errors`]; all are counted.
pub const MAX_LOCATED_ERRORS: usize = 16;

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding that was used, by its WHATWG name ("UTF-8", "GBK", "gb18030" …).
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
    /// How many malformed byte sequences were replaced by U+FFFD (each maximal malformed
    /// sequence once, as browsers and `String::from_utf8_lossy` do).
    pub error_count: usize,
    /// Where the first of them are (at most [`MAX_LOCATED_ERRORS`]), in order.
    pub errors: Vec<DecodeError>,
    /// Why this encoding was chosen.
    pub source: EncodingSource,
}

/// One malformed byte sequence and the U+FFFD that replaced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the malformed sequence in the input (counting a BOM).
    pub input_offset: usize,
    /// How many bytes were malformed.
    pub input_len: usize,
    /// Byte offset of the U+FFFD in [`Decoded::text`].
    pub offset: usize,
    /// The same in UTF-16 code units (JavaScript string index).
    pub u16_offset: usize,
    /// 1-based line of the U+FFFD in the text (1 + the number of `\n` before it).
    pub line: u32,
}

/// What decided the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte order mark.
    Bom,
    /// A `charset` declared in the first 4 KiB (`<meta charset>`, `http-equiv`).
    Declared,
    /// Valid UTF-8, or UTF-8 but for a few malformed bytes (see [`mostly_utf8`]).
    Utf8,
    /// Neither: GB18030, the encoding of undeclared legacy Chinese files.
    Fallback,
}

/// Which encoding a file is in, as a browser would decide: a BOM wins, then a charset
/// declared in the first kilobytes of markup, then UTF-8 when the bytes are UTF-8 (or nearly:
/// see [`mostly_utf8`]), then GB18030. Returns the encoding and the length of the BOM to skip.
/// (The wasm build decodes with the browser's own `TextDecoder` from this answer, so the
/// legacy tables stay out of the bundle.)
pub fn sniff(bytes: &[u8]) -> (&'static Encoding, usize) {
    let (encoding, bom_len, _) = sniff_why(bytes);
    (encoding, bom_len)
}

fn sniff_why(bytes: &[u8]) -> (&'static Encoding, usize, EncodingSource) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, bom_len, EncodingSource::Bom);
    }
    if let Some(encoding) = declared_charset(bytes) {
        return (encoding, 0, EncodingSource::Declared);
    }
    if mostly_utf8(bytes) {
        return (UTF_8, 0, EncodingSource::Utf8);
    }
    (GB18030, 0, EncodingSource::Fallback)
}

/// Whether undeclared bytes are UTF-8, allowing a few malformed sequences (one stray byte, a
/// file cut inside a character, a little garbage pasted in): at most one in twenty of the
/// non-ASCII characters and at most 1% of the bytes (at least one either way), and no more
/// than the well-formed non-ASCII characters. A GBK file fails by far: its Chinese characters
/// are mostly malformed as UTF-8 (the fixture report: 2 899 malformed to 556 that happen to be
/// well-formed), and a page of ASCII markup with a few GBK characters has none well-formed.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let budget = (bytes.len() / 100).max(1);
    let (mut errors, mut multibyte) = (0usize, 0usize);
    let leads = |s: &[u8]| s.iter().filter(|&&b| b >= 0xC0).count();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += leads(s.as_bytes());
                break;
            }
            Err(e) => {
                multibyte += leads(&rest[..e.valid_up_to()]);
                errors += 1;
                if errors > budget {
                    return false;
                }
                match e.error_len() {
                    Some(n) => rest = &rest[e.valid_up_to() + n..],
                    None => break,
                }
            }
        }
    }
    errors == 0 || (errors <= (multibyte / 20).max(1) && errors <= multibyte)
}

/// [`decode`] of bytes the caller gives away: well-formed UTF-8 read as UTF-8 becomes the text
/// without a copy (a big input is then held once while it is checked, not twice).
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    let (encoding, bom_len, source) = sniff_why(&bytes);
    if encoding != UTF_8 || bom_len != 0 {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, encoding: encoding.name(), had_errors: false, error_count: 0, errors: Vec::new(), source },
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes a file as a browser would (see [`sniff`]), replacing malformed sequences by U+FFFD
/// and noting where they were.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len, source) = sniff_why(bytes);
    let body = &bytes[bom_len..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // As much room as the encoding can need (the input's length for UTF-8, not half as much again:
    // a big input's text is kept while it is checked); a malformed byte's U+FFFD may grow it.
    let mut text =
        String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len() + body.len() / 2 + 16));
    let (mut read, mut error_count, mut errors) = (0usize, 0usize, Vec::new());
    // Where line and UTF-16 counting has got to in `text`.
    let (mut counted, mut line, mut u16) = (0usize, 1u32, 0usize);
    loop {
        let (result, n) = decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let rest = body.len() - read;
                text.reserve(decoder.max_utf8_buffer_length_without_replacement(rest).unwrap_or(3 * rest + 16));
            }
            DecoderResult::Malformed(bad, extra) => {
                error_count += 1;
                if errors.len() < MAX_LOCATED_ERRORS {
                    let piece = &text[counted..];
                    line += piece.bytes().filter(|&b| b == b'\n').count() as u32;
                    u16 += super::u16_len(piece);
                    counted = text.len();
                    let input_len = bad as usize;
                    errors.push(DecodeError {
                        input_offset: bom_len + read - extra as usize - input_len,
                        input_len,
                        offset: text.len(),
                        u16_offset: u16,
                        line,
                    });
                }
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded { text, encoding: encoding.name(), had_errors: error_count > 0, error_count, errors, source }
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
    fn a_utf8_report_with_one_bad_byte_stays_utf8_and_the_byte_is_located() {
        let good = "四方台区2024年政府信息公开工作年度报告\n一、总体情况\n本年度收到申请2件。\n";
        let mut bytes = good.as_bytes().to_vec();
        let at = good.find("一、").unwrap() + 3;
        bytes.insert(at, 0xFF);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.source, EncodingSource::Utf8);
        assert!(d.had_errors);
        assert_eq!(d.error_count, 1);
        let e = d.errors[0];
        assert_eq!((e.input_offset, e.input_len, e.offset, e.line), (at, 1, at, 2));
        assert_eq!(e.u16_offset, good[..at].encode_utf16().count());
        assert_eq!(d.text, format!("{}\u{FFFD}{}", &good[..at], &good[at..]));
        assert_eq!(d.text, String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn a_utf8_file_cut_inside_a_character_stays_utf8() {
        let good = "一、总体情况\n（一）主动公开";
        let bytes = &good.as_bytes()[..good.len() - 2];
        let d = decode(bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.error_count, 1);
        assert_eq!(d.errors[0].line, 2);
        assert_eq!(d.errors[0].input_offset, good.len() - 3);
        assert_eq!(d.errors[0].input_len, 1);
        assert!(d.text.starts_with("一、总体情况\n（一）主动公"));
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn many_errors_are_counted_and_the_first_located() {
        // One bad byte per line of a long UTF-8 text: still under 1% of the bytes.
        let mut bytes = Vec::new();
        for i in 0..200 {
            bytes.extend_from_slice("这是一行足够长的中文文字，用来测试解码时的错误位置与行号，".repeat(3).as_bytes());
            if i % 2 == 0 {
                bytes.push(0x80);
            }
            bytes.push(b'\n');
        }
        let d = decode(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.error_count, 100);
        assert_eq!(d.errors.len(), MAX_LOCATED_ERRORS);
        let lines: Vec<u32> = d.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, (0..MAX_LOCATED_ERRORS as u32).map(|k| 1 + 2 * k).collect::<Vec<_>>());
        for e in &d.errors {
            assert_eq!(bytes[e.input_offset], 0x80);
            assert_eq!(&d.text[e.offset..e.offset + 3], "\u{FFFD}");
            assert_eq!(e.line, 1 + d.text[..e.offset].matches('\n').count() as u32);
        }
    }

    #[test]
    fn gbk_files_are_still_gbk() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, expect) in [
            ("tests/e2e/fixtures/report-004-gbk.txt", "gb18030"),
            ("tests/e2e/fixtures/report-004-gbk.html", "GBK"),
            ("tests/fixtures/html/003_47717d3cd7e0ea5b.html", "GBK"),
        ] {
            let d = decode(&std::fs::read(root.join(path)).unwrap());
            assert_eq!(d.encoding, expect, "{path}");
            assert!(!d.had_errors && d.errors.is_empty(), "{path}");
            assert!(d.text.contains("政府信息公开"), "{path}");
        }
        // Mostly ASCII markup with a few undeclared GBK characters: no well-formed UTF-8 in it.
        let page = format!("<p>{}</p><p>年度报告</p>", "x".repeat(100_000));
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains("年度报告"));
    }

    #[test]
    fn a_declared_charset_is_obeyed_even_over_nearly_utf8_bytes() {
        let mut bytes = b"<meta charset=gbk><p>".to_vec();
        bytes.extend_from_slice("年度报告".as_bytes());
        let d = decode(&bytes);
        assert_eq!((d.encoding, d.source), ("GBK", EncodingSource::Declared));
    }

    #[test]
    fn legacy_errors_are_located_too() {
        let (mut bytes, _, _) = encoding_rs::GBK.encode("<meta charset=gbk>\n年度报告");
        let bytes = bytes.to_mut();
        bytes.push(0x81); // a lead byte with nothing after it
        let d = decode(bytes);
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.error_count, 1);
        assert_eq!(d.errors[0].input_offset, bytes.len() - 1);
        assert_eq!(d.errors[0].line, 2);
        assert!(d.text.ends_with("年度报告\u{FFFD}"));
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("报告".as_bytes());
        bytes.push(0xC3);
        let d = decode(&bytes);
        assert_eq!(d.text, "报告\u{FFFD}");
        assert_eq!(d.source, EncodingSource::Bom);
        assert_eq!(d.errors[0].input_offset, 9);
    }
}
