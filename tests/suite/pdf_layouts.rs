//! PDF and Word renderings of the seeds and corpus reports (tests/fixtures/layouts) must give the
//! same findings as the pages they were made from. The PDFs' positioned text is what the web
//! page sends the core (`pdfjs-positioned/`, made by www/pdf-extract.js on pdf.js); the .docx
//! files are read by the core itself.

use crate::common::*;
use crate::oracles;
use nianbao::Report;

fn positioned(name: &str) -> Report {
    let json = std::fs::read_to_string(fixture(&format!("layouts/pdfjs-positioned/{name}.json"))).unwrap();
    let doc = nianbao::ingest::positioned::parse(&json).unwrap();
    nianbao::check_positioned(&doc).unwrap()
}

/// seed-004's page writes the （七）总计 row with six cells: a cell left out. Word has no such
/// row (python-docx writes the seventh cell, empty), and in a PDF a missing cell prints as an
/// empty box: both read as a blank 总计 (V201, V202) instead of a short row (S301).
fn expected(name: &str, mut orig: Vec<String>) -> Vec<String> {
    if name.starts_with("seed-004") {
        orig.retain(|f| !f.starts_with("S301"));
        orig.push("V201 「收到和处理政府信息公开申请情况」表有1个单元格空白，核对时已按0计算".into());
        orig.push(
            "V202 「收到和处理政府信息公开申请情况」表「（七）总计」行「总计」列写作（空白），按勾稽关系应为2（3处勾稽关系不成立：「（七）总计」行：总计（空白）≠自然人（2）+商业企业（0）+科研机构（0）+社会公益组织（0）+法律服务机构（0）+其他（0）；「总计」列：（七）总计（空白）≠各项办理结果之和2（（一）予以公开（2））；「总计」列：一、本年新收（2）+二、上年结转（0）≠（七）总计（空白）+四、结转下年度（0））"
                .into(),
        );
        orig.sort();
    }
    orig
}

const PDFS: [&str; 19] = [
    "corpus-2019-a4",
    "corpus-2019-lo",
    "corpus-2020-a5",
    "corpus-2021-a4",
    "corpus-2021-a5",
    "corpus-2021-split-lo",
    "corpus-2022-a4-hf",
    "corpus-2023-a5",
    "corpus-2024-a4",
    "corpus-2025-a5",
    "corpus-2025-lo",
    "seed-000-a4",
    "seed-000-lo",
    "seed-001-a4-hf",
    "seed-002-a5",
    "seed-002-lo",
    "seed-003-a4",
    "seed-004-a5",
    "seed-004-lo",
];

#[test]
fn every_pdf_reads_like_its_original() {
    let mut failures = Vec::new();
    for name in PDFS {
        let want = expected(name, findings(&original(name)));
        let got = findings(&positioned(name));
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_docx_reads_like_its_original() {
    let mut failures = Vec::new();
    for name in [
        "seed-000",
        "seed-001",
        "seed-002",
        "seed-003",
        "seed-004",
        "corpus-2019",
        "corpus-2020",
        "corpus-2021",
        "corpus-2022",
        "corpus-2023",
        "corpus-2024",
        "corpus-2025",
    ] {
        let want = expected(name, findings(&original(name)));
        let got = findings(&check_fixture(&format!("layouts/docx/{name}.docx")));
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got {got:#?}"));
        }
    }
    // A table cut in two Word tables reads as one.
    for (split, whole) in [("seed-000-split", "seed-000"), ("corpus-2020-split", "corpus-2020"), ("corpus-2021-split", "corpus-2021")] {
        let got = findings(&check_fixture(&format!("layouts/docx/{split}.docx")));
        let want = findings(&check_fixture(&format!("layouts/docx/{whole}.docx")));
        if got != want {
            failures.push(format!("{split}:\n  want {want:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pdf_locations_have_pages_and_rectangles_on_the_cells() {
    let r = positioned("seed-004-a5");
    assert_eq!(r.document.input, nianbao::InputKind::Pdf);
    let json = nianbao::output::to_json(&r, "seed-004-a5.pdf");
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "V202").expect("V202");
    let cell = &f["cells"][0];
    let loc = &cell["location"];
    assert_eq!(loc["kind"], "pdf");
    assert_eq!(loc["page"], 6);
    // The blank 总计 cell: an empty box at the right end of its row, on page 6.
    let rect = &loc["rects"][0];
    assert!(rect["x"].as_f64().unwrap() > 330.0 && rect["width"].as_f64().unwrap() > 10.0, "{rect}");
    // A value cell's rectangle covers its text and names its item.
    let part = &f["cells"][1]["location"];
    assert_eq!(part["rects"].as_array().unwrap().len(), 1);
    assert_eq!(part["items"].as_array().unwrap().len(), 1);
    // The prose finding points at its sentence, on the page it is on.
    let r = positioned("seed-004-lo");
    let json = nianbao::output::to_json(&r, "seed-004-lo.pdf");
    let p = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "P402").expect("P402");
    assert_eq!(p["location"]["page"], 7);
    assert!(p["place"].as_str().unwrap().contains("第"), "{}", p["place"]);
    // Written directly, a pdf location's keys (items, page, rects) keep the sorted order.
    for name in ["seed-004-a5", "seed-004-lo", "corpus-2019-lo"] {
        oracles::check_direct(&positioned(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_cli_reads_every_pdf_like_its_original() {
    let mut failures = Vec::new();
    for name in PDFS {
        let want = expected(name, findings(&original(name)));
        let r = check_fixture(&format!("layouts/pdf/{name}.pdf"));
        assert_eq!(r.document.input, nianbao::InputKind::Pdf, "{name}");
        let got = findings(&r);
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_files_say_why_in_chinese() {
    let why = |path: &str| {
        let p = fixture(path);
        let bytes = std::fs::read(&p).unwrap();
        nianbao::try_check_bytes(&bytes, p.file_name().and_then(|n| n.to_str())).err().unwrap_or_else(|| panic!("{path} was read"))
    };
    assert!(why("layouts/bad/encrypted-password.pdf").contains("密码"));
    assert!(why("layouts/bad/truncated.pdf").contains("损坏"));
    assert!(why("layouts/bad/scanned.pdf").contains("扫描件"));
    assert!(why("layouts/bad/zip-bomb.docx").contains("50 MB"));
    assert!(why("layouts/bad/corrupt-truncated.docx").contains("损坏"));
    assert!(why("layouts/bad/corrupt-crc.docx").contains("损坏"));
    assert!(why("layouts/bad/legacy-word97.doc").contains("请在 WPS/Word 中另存为 .docx 或 PDF 后再检查"));
    // Text extraction forbidden but no password: read, as pdf.js and pdftotext read it.
    let p = fixture("layouts/bad/encrypted-nocopy.pdf");
    assert!(nianbao::try_check_bytes(&std::fs::read(&p).unwrap(), Some("encrypted-nocopy.pdf")).is_ok());
}

#[test]
fn a_500_page_pdf_is_read() {
    let contents: Vec<Vec<u8>> = (1..=500)
        .map(|i| {
            format!("BT /F1 12 Tf 72 770 Td (Page {i} of a long annual report) Tj 0 -20 Td (Line two 2024) Tj ET 72 700 m 520 700 l S")
                .into_bytes()
        })
        .collect();
    let bytes = oracles::pdf_of_pages(&contents.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let doc = nianbao::ingest::pdf::read_pdf(&bytes).unwrap();
    assert_eq!(doc.pages.len(), 500);
    assert!(doc.items.iter().any(|i| i.text.contains("Page 500 of")), "{:?}", &doc.items[..2]);
    assert_eq!(doc.lines.len(), 500);
    // Not a report: read, checked and said so, within seconds.
    let r = nianbao::try_check_bytes(&bytes, Some("big.pdf")).unwrap();
    assert_eq!(r.document.kind, nianbao::ReportKind::NotAReport);
}

#[test]
fn positioned_text_of_many_pages_is_bounded() {
    // 600 copies of a report's pages: more than the pages read; nothing panics.
    let json = std::fs::read_to_string(fixture("layouts/pdfjs-positioned/seed-000-a4.json")).unwrap();
    let one = nianbao::ingest::positioned::parse(&json).unwrap();
    let mut doc = nianbao::ingest::positioned::PositionedDoc::default();
    for k in 0..120u32 {
        for p in &one.pages {
            doc.pages.push(nianbao::ingest::positioned::PageSize { page: p.page + 5 * k, ..p.clone() });
        }
        for i in &one.items {
            doc.items.push(nianbao::ingest::positioned::TextItem { page: i.page + 5 * k, ..i.clone() });
        }
        for l in &one.lines {
            doc.lines.push(nianbao::ingest::positioned::RuleLine { page: l.page + 5 * k, ..l.clone() });
        }
    }
    let r = nianbao::check_positioned(&doc).unwrap();
    assert!(!r.findings.is_empty());
}

/// The content stream of a real page (seed-000 printed by LibreOffice), as the CLI reads it.
fn real_content() -> Vec<u8> {
    let doc = lopdf::Document::load(fixture("layouts/pdf/seed-000-lo.pdf")).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    doc.get_page_content(first)
}

#[test]
fn a_real_page_rebuilt_is_read() {
    // A real page's content stream in a PDF of ours (its fonts replaced by Helvetica).
    let content = real_content();
    let ours = nianbao::ingest::pdf::read_pdf(&oracles::pdf_of_pages(&[&content])).unwrap();
    assert!(ours.items.len() > 20, "{}", ours.items.len());
    assert!(oracles::check_pdf(&oracles::pdf_of_pages(&[&content])).unwrap().is_some());
}

#[test]
fn a_form_drawing_itself_is_bounded() {
    // /X1's content is the first page's: each level draws the next 200 times, eight deep.
    let page = "BT /F1 9 Tf 10 10 Td (x) Tj ET 0 0 1 1 re f ".to_string() + &"/X1 Do ".repeat(200);
    let doc = nianbao::ingest::pdf::read_pdf(&oracles::pdf_of_pages(&[page.as_bytes()])).unwrap();
    assert!(doc.items.len() <= nianbao::ingest::positioned::MAX_ITEMS);
    assert!(oracles::check_pdf(&oracles::pdf_of_pages(&[page.as_bytes()])).is_ok());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// A real page's content stream with bytes changed and cut anywhere: read (or refused) without
    /// a panic, and every answer holds the oracles (see the `pdf` fuzz target).
    #[test]
    fn mutated_content_streams_hold_the_oracles(
        cut in 0usize..20_000,
        edits in proptest::collection::vec((0usize..20_000, proptest::prelude::any::<u8>()), 0..12),
    ) {
        thread_local!(static CONTENT: Vec<u8> = real_content());
        let mut content = CONTENT.with(|c| c.clone());
        for (at, b) in edits {
            let n = content.len();
            if n > 0 {
                content[at % n] = b;
            }
        }
        content.truncate(cut.max(1) * content.len() / 20_000);
        let pdf = oracles::pdf_of_pages(&[&content, b"/X1 Do"]);
        if let Err(e) = oracles::check_pdf(&pdf) {
            panic!("{e}");
        }
    }

    #[test]
    fn any_bytes_as_a_content_stream_hold_the_oracles(content in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
        if let Err(e) = oracles::check_pdf(&oracles::pdf_of_pages(&[&content])) {
            panic!("{e}");
        }
    }
}
