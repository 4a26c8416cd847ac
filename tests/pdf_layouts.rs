//! PDF and Word renderings of the seeds and corpus reports (tests/fixtures/layouts) must give the
//! same findings as the pages they were made from. The PDFs' positioned text is what the web
//! page sends the core (`pdfjs-positioned/`, made by www/pdf-extract.js on pdf.js); the .docx
//! files are read by the core itself.

mod common;
use common::*;
use nianbao::Report;

/// Every finding as code and message, white space removed (a space between a Chinese
/// character and a digit, "成立 70 周年", cannot be told from a narrow gap in a PDF).
fn findings(r: &Report) -> Vec<String> {
    let mut v: Vec<String> =
        r.findings.iter().map(|f| format!("{} {}", f.code, f.message.split_whitespace().collect::<String>())).collect();
    v.sort();
    v
}

/// The page a layout was made from.
fn original(name: &str) -> Report {
    if let Some(seed) = name.strip_prefix("seed-") {
        let num = &seed[..3];
        let dir = fixture("html");
        let file =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).find(|f| f.starts_with(num)).unwrap();
        check_fixture(&format!("html/{file}"))
    } else {
        let base: String = name.split('-').take(2).collect::<Vec<_>>().join("-");
        check_fixture(&format!("layouts/html/{base}.html"))
    }
}

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
            "V202 「三、本年度办理结果/(七)总计」行的总计为空白，但六类申请人之和为2（自然人2）；「总计」列：(七)总计为空白，但各项办理结果之和为2"
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
