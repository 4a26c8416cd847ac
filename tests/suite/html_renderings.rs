//! HTML renderings of the seeds (tests/fixtures/make_html.py: Word-style rowspan/colspan
//! tables, <p><span> in cells, &nbsp; for zeros, "商业<br>企业", full-width digits, site chrome,
//! one file in GBK) must read exactly as the text seeds: same tables, same faults, same cells.

use crate::common::*;
use nianbao::ingest::LocationKind;
use nianbao::{Report, Severity};

const SEEDS: [&str; 5] =
    ["000_35c2c8aa80e7f5b3", "001_e61fd02df59cf2b0", "002_2df4fb0f365bf309", "003_47717d3cd7e0ea5b", "004_c4248d9b40c3335c"];

/// Every cell of every table as (table, row, col, number) — numbers, since the renderings
/// write zeros as &nbsp; or full-width digits.
fn table_numbers(r: &Report) -> Vec<(String, String, String, Option<String>)> {
    let mut out = Vec::new();
    for t in r.document.tables.iter().filter(|t| t.found) {
        for row in &t.rows {
            for c in &row.cells {
                out.push((
                    t.id.as_str().to_string(),
                    row.path.clone(),
                    c.col.to_string(),
                    c.amount().filter(|_| c.raw.is_some()).map(nianbao::output::number),
                ));
            }
        }
    }
    out
}

/// Table findings (not prose, not infos) as code + cells (row, col, expected).
fn table_findings(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning && !f.code.starts_with('P'))
        .map(|f| {
            let cells: Vec<String> = f.cells.iter().map(|c| format!("{}|{}|{:?}", c.row, c.col, c.expected)).collect();
            format!("{} {} [{}]", f.code, f.excerpt.as_deref().unwrap_or(""), cells.join("; "))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn html_renderings_read_the_same_as_the_text_seeds() {
    for name in SEEDS {
        let text = check_fixture(&format!("seeds/{name}.txt"));
        let html = check_fixture(&format!("html/{name}.html"));
        assert_eq!(html.document.input, nianbao::InputKind::Html, "{name}");
        assert_eq!(html.document.title, text.document.title.clone().or(html.document.title.clone()), "{name}");
        assert_eq!(html.document.year, text.document.year, "{name}");
        assert_eq!(table_numbers(&html), table_numbers(&text), "{name}: tables differ");
        assert_eq!(table_findings(&html), table_findings(&text), "{name}: findings differ");
    }
}

#[test]
fn html_findings_point_at_elements_whose_text_is_the_cell() {
    let r = check_fixture("html/004_c4248d9b40c3335c.html");
    let f = r.findings.iter().find(|f| f.code == "T101").expect("T101");
    // One diagnosis: only 自然人 = 0 in 四 satisfies both failed relations (T101 and T103).
    let total = f.cells.iter().find(|c| c.expected.is_some()).expect("the cell to change");
    assert_eq!(total.row, "四、结转下年度继续办理");
    assert_eq!(total.col, "自然人");
    assert_eq!(total.expected.as_deref(), Some("0"));
    let loc = total.location.as_ref().unwrap();
    assert_eq!(loc.kind, LocationKind::Html);
    // Element indices follow document order; find the element by re-walking the fixture.
    let bytes = std::fs::read(fixture("html/004_c4248d9b40c3335c.html")).unwrap();
    let doc = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
    let el = doc.root_element().descendants().filter_map(scraper::ElementRef::wrap).nth(loc.element.unwrap() as usize).unwrap();
    assert_eq!(el.value().name(), "td");
    assert_eq!(el.text().collect::<String>(), "1");
}

#[test]
fn gbk_rendering_is_decoded() {
    let bytes = std::fs::read(fixture("html/003_47717d3cd7e0ea5b.html")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "fixture must really be GBK");
    let r = check_fixture("html/003_47717d3cd7e0ea5b.html");
    assert_eq!(r.document.title.as_deref(), Some("湛河区轻工路街道办事处2024年政府信息公开工作年度报告"));
    assert_eq!(with_code(&r, "S303")[0].excerpt.as_deref(), Some("本年度止件数"));
}

#[test]
fn blanks_count_as_zero_and_are_noted_once_per_table() {
    let r = check_fixture("html/002_2df4fb0f365bf309.html");
    let notes = with_code(&r, "V201");
    assert_eq!(notes.len(), 3);
    assert!(notes.iter().all(|f| f.severity == Severity::Info));
    assert!(notes[1].message.contains("169个单元格空白"), "{}", notes[1].message);
}

#[test]
fn a_clipboard_fragment_reads_like_the_whole_page() {
    // What a user gets copying the article out of the page: no <html>, <head> or <body>.
    let page = String::from_utf8(std::fs::read(fixture("html/004_c4248d9b40c3335c.html")).unwrap()).unwrap();
    let start = page.find("<div class=\"TRS_Editor\">").unwrap();
    let end = page.find("<div class=\"footer\">").unwrap();
    let fragment = &page[start..end];
    let whole = check_fixture("html/004_c4248d9b40c3335c.html");
    let copied = nianbao::check_str(fragment, None);
    assert_eq!(copied.document.input, nianbao::InputKind::Html);
    assert_eq!(table_numbers(&copied), table_numbers(&whole));
    assert_eq!(table_findings(&copied), table_findings(&whole));
}

/// A sidebar listing this body's earlier reports ahead of the report (10 links) is a link list
/// and not read: the title is the page's own, not the first link's (it was
/// 「福清市2014年政府信息公开工作年度报告2015-01-20」 and the year 2014, before).
#[test]
fn a_sidebar_of_other_reports_is_not_the_title() {
    let page = std::fs::read_to_string(fixture("layouts/html/corpus-2023.html")).unwrap();
    let side: String = (2014..2024)
        .map(|y| format!("<li><a href=\"/nb/{y}.html\">福清市{y}年政府信息公开工作年度报告</a><span>{}-01-20</span></li>", y + 1))
        .collect();
    let page = page
        .replacen("<body>", &format!("<body><div class=\"side\"><h3>政府信息公开年报</h3><ul>{side}</ul></div>"), 1)
        .replace("<title>平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报</title>", "<title>政府信息公开年报</title>");
    let with_side = nianbao::check_str(&page, None);
    let alone = check_fixture("layouts/html/corpus-2023.html");
    assert_eq!(with_side.document.title.as_deref(), Some("平潭综合实验区2023年度政府信息公开工作年度报告"));
    assert_eq!(with_side.document.year, Some(2023));
    let codes = |r: &Report| r.findings.iter().map(|f| format!("{} {}", f.code, f.message)).collect::<Vec<_>>();
    assert_eq!(codes(&with_side), codes(&alone));
}
