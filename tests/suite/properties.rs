//! Property tests: the oracles of tests/oracles/mod.rs (the same the fuzz targets check, on the
//! stable toolchain) over a few thousand inputs made by mutating the fixtures: characters
//! inserted, deleted and replaced, template labels and digit runs spliced in, lines dropped,
//! doubled and swapped, the input cut anywhere, random tags for HTML, random bytes for decoding.
//!
//! `PROPTEST_CASES=N` scales every property (the default keeps this file under ~20 s in
//! release). A failing input is written to `target/property-failures/` and named in the panic:
//! copy it into `tests/regressions/` (read by `every_input_that_ever_failed_still_passes`).

use crate::oracles;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures as (name, bytes).
fn fixtures(dirs: &[&str], ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == ext)) {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn texts() -> &'static [(String, String)] {
    static T: OnceLock<Vec<(String, String)>> = OnceLock::new();
    T.get_or_init(|| {
        fixtures(&["tests/fixtures/seeds", "tests/fixtures/corpus"], "txt")
            .into_iter()
            .map(|(n, b)| (n, nianbao::ingest::decode::decode(&b).text))
            .collect()
    })
}

fn pages() -> &'static [(String, String)] {
    static P: OnceLock<Vec<(String, String)>> = OnceLock::new();
    P.get_or_init(|| {
        fixtures(&["tests/fixtures/html", "tests/fixtures/pages"], "html")
            .into_iter()
            .map(|(n, b)| (n, nianbao::ingest::decode::decode(&b).text))
            .collect()
    })
}

fn files() -> &'static [(String, Vec<u8>)] {
    static F: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    F.get_or_init(|| {
        let mut v = fixtures(&["tests/fixtures/seeds", "tests/e2e/fixtures"], "txt");
        v.extend(fixtures(&["tests/fixtures/html", "tests/e2e/fixtures"], "html"));
        v
    })
}

/// The template's labels, read from its source (so the test follows the template).
fn labels() -> &'static [String] {
    static L: OnceLock<Vec<String>> = OnceLock::new();
    L.get_or_init(|| {
        let src = include_str!("../../src/template.rs");
        let mut out: Vec<String> = src
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !s.contains('\\'))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        assert!(out.len() > 50, "template labels: {}", out.len());
        out
    })
}

/// Characters that matter to the readers: separators, widths, markup, the event stream's marks,
/// U+FFFD, an astral character.
const CHARS: &[&str] = &[
    "0", "7", "１", "０", "—", "-", ".", "／", " ", "\t", "\n", "\r\n", "\r", " |", "|||", "　", "\u{a0}", "<", ">", "&", "&nbsp;", "。",
    "，", "（", "）", "(", ")", "、", "年", "件", "\u{1}", "\u{2}", "\u{3}", "\u{feff}", "\u{fffd}", "𝔸", "\u{200b}", "e", "E9", "1e400",
];

const TAGS: &[&str] = &[
    "div",
    "p",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "span",
    "b",
    "i",
    "font",
    "a",
    "br",
    "li",
    "ul",
    "h1",
    "title",
    "script",
    "style",
    "template",
    "svg",
    "math",
    "select",
    "option",
    "textarea",
    "caption",
    "colgroup",
    "col",
    "iframe",
    "noscript",
    "plaintext",
    "html",
    "body",
    "head",
];

/// One edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Replace(Index, String),
    Cut(Index),
    CutFront(Index),
    DropLine(Index),
    DoubleLine(Index),
    SwapLines(Index, Index),
}

fn piece(html: bool) -> BoxedStrategy<String> {
    let digits = (proptest::collection::vec(0u8..10, 1..12), any::<bool>()).prop_map(|(d, wide)| {
        d.iter().map(|&x| if wide { char::from_u32(0xFF10 + x as u32).unwrap() } else { (b'0' + x) as char }).collect()
    });
    let label = select(labels().to_vec());
    let chars = select(CHARS).prop_map(str::to_string);
    let any_char = any::<char>().prop_map(String::from);
    if html {
        let tag = (select(TAGS), 0u8..4, any::<bool>()).prop_map(|(t, form, attr)| {
            let a = if attr { " class='x>y' colspan=2" } else { "" };
            match form {
                0 => format!("<{t}{a}>"),
                1 => format!("</{t}>"),
                2 => format!("<{t}{a}/>"),
                _ => format!("<{t}{a}>"),
            }
        });
        let cell = label.clone().prop_map(|l| format!("<td>{l}</td>"));
        prop_oneof![3 => tag, 2 => label, 2 => digits, 2 => chars, 1 => cell, 1 => any_char].boxed()
    } else {
        prop_oneof![3 => label, 3 => digits, 3 => chars, 1 => any_char].boxed()
    }
}

fn edit(html: bool) -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), piece(html)).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Index>(), piece(html)).prop_map(|(i, s)| Edit::Replace(i, s)),
        1 => any::<Index>().prop_map(Edit::Cut),
        1 => any::<Index>().prop_map(Edit::CutFront),
        1 => any::<Index>().prop_map(Edit::DropLine),
        1 => any::<Index>().prop_map(Edit::DoubleLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

/// The char boundary at or before `i.index(len + 1)`.
fn at(s: &str, i: &Index) -> usize {
    let mut k = i.index(s.len() + 1);
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_string();
    for e in edits {
        match e {
            Edit::Insert(i, p) => s.insert_str(at(&s, i), p),
            Edit::Delete(i, n) => {
                let from = at(&s, i);
                let to = s[from..].char_indices().nth(*n).map_or(s.len(), |(k, _)| from + k);
                s.replace_range(from..to, "");
            }
            Edit::Replace(i, p) => {
                let from = at(&s, i);
                let to = s[from..].chars().next().map_or(from, |c| from + c.len_utf8());
                s.replace_range(from..to, p);
            }
            Edit::Cut(i) => s.truncate(at(&s, i)),
            Edit::CutFront(i) => s = s[at(&s, i)..].to_string(),
            Edit::DropLine(i) | Edit::DoubleLine(i) | Edit::SwapLines(i, _) => {
                let mut lines: Vec<&str> = s.split_inclusive('\n').collect();
                if lines.is_empty() {
                    continue;
                }
                let a = i.index(lines.len());
                match e {
                    Edit::DropLine(_) => {
                        lines.remove(a);
                    }
                    Edit::DoubleLine(_) => lines.insert(a, lines[a]),
                    Edit::SwapLines(_, j) => {
                        let b = j.index(lines.len());
                        lines.swap(a, b);
                    }
                    _ => unreachable!(),
                }
                s = lines.concat();
            }
        }
    }
    s
}

/// Keeps a failing input where it can be copied into tests/regressions, and says so.
fn kept(input: &[u8], ext: &str, error: String) -> TestCaseError {
    let dir = root().join("target/property-failures");
    let _ = std::fs::create_dir_all(&dir);
    let hash = input.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let path = dir.join(format!("{hash:016x}.{ext}"));
    let _ = std::fs::write(&path, input);
    TestCaseError::fail(format!("{error}\n  input kept in {}", path.display()))
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, max_shrink_iters: 2000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(1200))]
    /// Mutated text reports, read as text, guessed, as HTML (html5ever against the event
    /// stream) and as a raw event stream.
    #[test]
    fn mutated_text_reports_keep_every_oracle(
        which in any::<Index>(),
        edits in proptest::collection::vec(edit(false), 1..10),
    ) {
        let (_, text) = &texts()[which.index(texts().len())];
        let input = apply(text, &edits);
        if let Err(e) = oracles::check_all(&input) {
            return Err(kept(input.as_bytes(), "txt", e));
        }
    }
}

proptest! {
    #![proptest_config(config(250))]
    /// Mutated HTML pages and their renderings, with random tags: html5ever against the
    /// event stream, and as text.
    #[test]
    fn mutated_pages_keep_every_oracle(
        which in any::<Index>(),
        edits in proptest::collection::vec(edit(true), 1..12),
    ) {
        let (_, page) = &pages()[which.index(pages().len())];
        let input = apply(page, &edits);
        if let Err(e) = oracles::check_all(&input) {
            return Err(kept(input.as_bytes(), "html", e));
        }
    }
}

/// One edit of a file's bytes.
#[derive(Debug, Clone)]
enum ByteEdit {
    Insert(Index, Vec<u8>),
    Flip(Index, u8),
    Cut(Index),
    Prefix(&'static [u8]),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..6),
        select(vec![vec![0xFF], vec![0x80], vec![0xE4, 0xB8], vec![0xC3], vec![0x81], vec![0xF0, 0x9F, 0x98]]),
    ];
    prop_oneof![
        4 => (any::<Index>(), bytes).prop_map(|(i, b)| ByteEdit::Insert(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| ByteEdit::Flip(i, b)),
        1 => any::<Index>().prop_map(ByteEdit::Cut),
        1 => select(vec![&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"<meta charset=gbk>", b"<meta charset=\"utf-8\">", b"\xFE\xFF"])
            .prop_map(ByteEdit::Prefix),
    ]
}

fn apply_bytes(bytes: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for e in edits {
        match e {
            ByteEdit::Insert(i, x) => {
                let k = i.index(b.len() + 1);
                b.splice(k..k, x.iter().copied());
            }
            ByteEdit::Flip(i, x) if !b.is_empty() => {
                let k = i.index(b.len());
                b[k] ^= x;
            }
            ByteEdit::Flip(..) => {}
            ByteEdit::Cut(i) => b.truncate(i.index(b.len() + 1)),
            ByteEdit::Prefix(p) => b.splice(0..0, p.iter().copied()).for_each(drop),
        }
    }
    b
}

proptest! {
    #![proptest_config(config(400))]
    /// Files with broken, inserted and cut bytes (UTF-8 and GBK): decoded, every oracle against
    /// the decoded text, every decoding error located.
    #[test]
    fn mutated_files_keep_every_oracle(
        which in any::<Index>(),
        edits in proptest::collection::vec(byte_edit(), 1..6),
    ) {
        let (name, bytes) = &files()[which.index(files().len())];
        let input = apply_bytes(bytes, &edits);
        if let Err(e) = oracles::check_bytes(&input, Some(name)) {
            return Err(kept(&input, "bin", format!("{name}: {e}")));
        }
    }

    /// A UTF-8 report with a few stray bytes is still read as UTF-8.
    #[test]
    fn a_few_stray_bytes_leave_utf8_alone(
        which in any::<Index>(),
        spots in proptest::collection::vec((any::<Index>(), select(vec![0x80u8, 0xBF, 0xC3, 0xE4, 0xF0, 0xFF])), 1..4),
    ) {
        let utf8: Vec<&(String, Vec<u8>)> = files().iter().filter(|(_, b)| std::str::from_utf8(b).is_ok() && b.len() > 4096).collect();
        let (name, bytes) = utf8[which.index(utf8.len())];
        let mut b = bytes.clone();
        for (i, x) in &spots {
            let mut k = i.index(b.len() + 1);
            // Between characters, so the stray byte breaks nothing else.
            while k < b.len() && (b[k] & 0xC0) == 0x80 {
                k += 1;
            }
            b.insert(k, *x);
        }
        let d = nianbao::ingest::decode::decode(&b);
        prop_assert_eq!(d.encoding, "UTF-8", "{}", name);
        prop_assert!(d.error_count >= 1 && d.error_count <= spots.len(), "{}: {} errors", name, d.error_count);
    }
}

/// Every input that ever failed an oracle (from these properties or from fuzzing), kept in
/// tests/regressions/: `.txt` and `.html` are checked as strings every way, `.bin` as a file's
/// bytes (with no name, and named `x.html`).
#[test]
fn every_input_that_ever_failed_still_passes() {
    let dir = root().join("tests/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    paths.sort();
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        let result = match p.extension().and_then(|e| e.to_str()) {
            Some("bin") => oracles::check_bytes(&bytes, None).and_then(|_| oracles::check_bytes(&bytes, Some("x.html"))).map(drop),
            Some("txt" | "html") => oracles::check_all(&String::from_utf8_lossy(&bytes)),
            // As the pdf fuzz target reads it: a page's content stream, and a whole file.
            Some("pdf") => oracles::check_pdf(&oracles::pdf_of_pages(&[&bytes, b"BT /F2 12 Tf 72 700 Td <0001> Tj ET /X1 Do"]))
                .and_then(|_| oracles::check_pdf(&bytes))
                .map(drop),
            _ => continue,
        };
        if let Err(e) = result {
            panic!("{}: {e}", p.display());
        }
    }
}
