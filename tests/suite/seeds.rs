//! The five seed reports: each carries real faults; the tests pin exactly which cells are
//! flagged, and that the arithmetic that is right is not.

use crate::common::*;
use nianbao::template::TableId;
use nianbao::ReportKind;

#[test]
fn seed_000_missing_fee_label_and_missing_headings() {
    let r = check_fixture("seeds/000_35c2c8aa80e7f5b3.txt");
    assert_eq!(r.document.kind, ReportKind::AnnualReport);
    assert_eq!(r.document.title.as_deref(), Some("石家庄市桥西区人民政府办公室2024年政府信息公开工作年度报告"));
    assert_eq!(r.document.year, Some(2024));
    // The 第二十条第(八)项 row has an empty label cell where 行政事业性收费 belongs.
    let missing = with_code(&r, "S304");
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message.contains("行政事业性收费"), "{}", missing[0].message);
    assert_eq!(missing[0].location.as_ref().unwrap().line, Some(45));
    assert_eq!(cell_value(&r, TableId::Active, "第二十条第(八)项/行政事业性收费", "本年收费金额(单位:万元)").as_deref(), Some("0"));
    // Sections 三 and 四 have no headings in this report.
    let sections: Vec<_> = with_code(&r, "S308").iter().map(|f| f.message.clone()).collect();
    assert_eq!(sections.len(), 2);
    assert!(sections[0].contains("三、收到和处理政府信息公开申请情况"));
    assert!(sections[1].contains("四、政府信息公开行政复议、行政诉讼情况"));
    // Its arithmetic holds: 140+3 = 143+0, results sum to 143, 2 lawsuits 维持.
    assert!(
        with_code(&r, "T101").is_empty()
            && with_code(&r, "T102").is_empty()
            && with_code(&r, "T103").is_empty()
            && with_code(&r, "T111").is_empty()
    );
    assert_eq!(cell_value(&r, TableId::Requests, "三、本年度办理结果/(七)总计", "总计").as_deref(), Some("143"));
    assert_eq!(cell_value(&r, TableId::Appeals, "", "行政诉讼/未经复议直接起诉/总计").as_deref(), Some("2"));
}

#[test]
fn seed_001_tables_are_consistent() {
    let r = check_fixture("seeds/001_e61fd02df59cf2b0.txt");
    assert_eq!(r.document.kind, ReportKind::AnnualReport);
    assert_eq!(r.document.year, Some(2024));
    for code in ["T101", "T102", "T103", "T111", "S301", "S303", "S304", "S305"] {
        assert!(with_code(&r, code).is_empty(), "{code}: {:?}", with_code(&r, code));
    }
    assert_eq!(cell_value(&r, TableId::Requests, "一、本年新收政府信息公开申请数量", "总计").as_deref(), Some("25"));
    assert_eq!(cell_value(&r, TableId::Active, "第二十条第(一)项/行政规范性文件", "现行有效件数").as_deref(), Some("25"));
    assert_eq!(cell_value(&r, TableId::Appeals, "", "行政复议/结果维持").as_deref(), Some("2"));
    // "商业 企业" with a space inside the header cell reads as 商业企业: no label finding.
    assert_eq!(cell_value(&r, TableId::Requests, "三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息", "自然人").as_deref(), Some("6"));
}

#[test]
fn seed_002_truncated_appeal_headers() {
    let r = check_fixture("seeds/002_2df4fb0f365bf309.txt");
    // One header cut short is one finding, listing every label: 「结果」应为「结果纠正」；…
    let s303 = with_code(&r, "S303");
    assert_eq!(s303.len(), 1);
    let pairs: Vec<(String, String)> = s303[0]
        .message
        .split(['：', '；'])
        .filter_map(|p| p.strip_prefix('「')?.split_once("」应为「").map(|(a, b)| (a.to_string(), b.trim_end_matches('」').to_string())))
        .collect();
    let expected = [
        ("结果", "结果纠正"),
        ("其他", "其他结果"),
        ("尚未", "尚未审结"),
        ("结果", "结果维持"),
        ("结果", "结果纠正"),
        ("其他", "其他结果"),
        ("尚未", "尚未审结"),
        ("结果", "结果维持"),
        ("结果", "结果纠正"),
        ("其他", "其他结果"),
        ("尚未", "尚未审结"),
    ];
    assert_eq!(pairs, expected.map(|(a, b)| (a.to_string(), b.to_string())));
    let lines: Vec<u32> = s303[0].locations.iter().map(|l| l.line.unwrap()).collect();
    assert_eq!(lines, [299, 300, 301, 306, 307, 308, 309, 311, 312, 313, 314]);
    assert_eq!(serious_codes(&r), vec!["S303"]);
}

#[test]
fn seed_003_misspelled_header_in_tab_layout() {
    let r = check_fixture("seeds/003_47717d3cd7e0ea5b.txt");
    assert_eq!(r.document.title.as_deref(), Some("湛河区轻工路街道办事处2024年政府信息公开工作年度报告"));
    let f = with_code(&r, "S303");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].excerpt.as_deref(), Some("本年度止件数"));
    assert_eq!(f[0].message, "表头「本年度止件数」与模板不符，应为「本年废止件数」");
    assert_eq!(f[0].location.as_ref().unwrap().line, Some(22));
    // The tab layout's leading empty cells are spans, not values: 6 = 6.
    assert_eq!(cell_value(&r, TableId::Requests, "一、本年新收政府信息公开申请数量", "自然人").as_deref(), Some("6"));
    assert_eq!(
        cell_value(&r, TableId::Requests, "三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息", "总计").as_deref(),
        Some("6")
    );
    // And its prose says 2 applications where the table says 6 (see tests/suite/prose.rs).
    assert_eq!(serious_codes(&r), vec!["P411", "S303"]);
}

#[test]
fn seed_004_short_total_row_and_carry_over_that_does_not_add_up() {
    let r = check_fixture("seeds/004_c4248d9b40c3335c.txt");
    assert_eq!(r.document.title.as_deref(), Some("四方台区2024年政府信息公开工作年度报告"));
    // (七)总计 has six cells where seven belong.
    let short = with_code(&r, "S301");
    assert_eq!(short.len(), 1);
    assert!(short[0].message.contains("「（七）总计」行") && short[0].message.contains("只写了6个"), "{}", short[0].message);
    assert_eq!(cells(short[0]).last().unwrap(), "三、本年度办理结果/(七)总计|总计|∅");
    // 四、结转下年度继续办理: 自然人 1 but 总计 0, and in the 自然人 column 2 + 0 ≠ 2 + 1. One cell
    // mends both: 自然人 of 四 is 0 (the total 0 → 1 would leave the column unbalanced). One
    // finding on that cell, the two relations its consequences.
    let row = with_code(&r, "T101");
    assert_eq!(row.len(), 1);
    assert_eq!(cells(row[0])[0], "四、结转下年度继续办理|自然人|1→0");
    assert_eq!(cells(row[0])[1], "四、结转下年度继续办理|总计|0");
    assert_eq!(row[0].consequences.iter().map(|c| c.code).collect::<Vec<_>>(), ["T101", "T103"]);
    assert_eq!(
        row[0].consequences[1].message,
        "「自然人」列：一、本年新收（2） + 二、上年结转（0） ≠ （七）总计（2） + 四、结转下年度（1）"
    );
    assert!(with_code(&r, "T103").is_empty());
    // Right arithmetic is not flagged: the appeals row 0+1+0+4 = 5.
    assert!(with_code(&r, "T111").is_empty());
    assert!(with_code(&r, "T102").is_empty());
    assert_eq!(cell_value(&r, TableId::Active, "第二十条第(五)项/行政许可", "本年处理决定数量").as_deref(), Some("91"));
}

#[test]
fn every_seed_is_recognised_as_a_2021_format_report() {
    for name in ["000_35c2c8aa80e7f5b3", "001_e61fd02df59cf2b0", "002_2df4fb0f365bf309", "003_47717d3cd7e0ea5b", "004_c4248d9b40c3335c"] {
        let r = check_fixture(&format!("seeds/{name}.txt"));
        assert_eq!(r.document.kind, ReportKind::AnnualReport, "{name}");
        assert_eq!(r.document.format, Some(nianbao::template::Format::V2021), "{name}");
        assert!(r.document.tables.iter().all(|t| t.found), "{name}");
    }
}

/// Every finding of a report as (code, excerpt, cells), to compare layouts of the same report.
fn findings_of(r: &nianbao::Report) -> Vec<String> {
    // A missing label's excerpt is the empty cell where it belongs, when the layout keeps empty
    // cells at all; a layout without cell markers cannot, so it is left out of the comparison.
    let mut v: Vec<String> = r
        .findings
        .iter()
        .map(|f| format!("{} {:?} {:?}", f.code, if f.code == "S304" { None } else { f.excerpt.as_ref() }, cells(f)))
        .collect();
    v.sort();
    v
}

#[test]
fn the_same_report_reads_the_same_in_other_text_layouts() {
    for name in ["000_35c2c8aa80e7f5b3", "001_e61fd02df59cf2b0", "002_2df4fb0f365bf309", "003_47717d3cd7e0ea5b", "004_c4248d9b40c3335c"] {
        let text = std::fs::read_to_string(fixture(&format!("seeds/{name}.txt"))).unwrap();
        let original = nianbao::check_str(&text, None);
        // Rows on lines with spaces between cells (copied from a PDF), and one cell per line
        // with no markers at all, labels broken over lines ("商业\n企业") left as they are.
        let spaced: String = text.lines().map(|l| l.replace('\t', " ").trim_end_matches(['|', ' ']).to_string() + "\n").collect();
        let spaced = spaced.replace(" |", "");
        let r = nianbao::check_str(&spaced, None);
        assert!(r.document.tables.iter().all(|t| t.found), "{name}");
        if name.starts_with("004") {
            // Its short （七）总计 row, six values where seven belong: with spaces between cells a
            // blank cell leaves no trace, so which cell is missing is not known. The row is said
            // once, its values not placed; without it the 自然人 column's relation cannot say
            // which cell of 四's row to mend, so both are named.
            let unplaced = with_code(&r, "S311");
            assert_eq!(unplaced.len(), 1);
            assert_eq!(
                unplaced[0].message,
                "「（七）总计」行应有7个数值，只读到6个（2、0、0、0、0、0）：从 PDF 提取的文字中空白的单元格不留痕迹，无法确定哪几列空白，该行数值未核对；请用原文件（网页、Word 或 PDF 文件）检查"
            );
            assert!(cells(unplaced[0]).iter().all(|c| c.starts_with("三、本年度办理结果/(七)总计|") && c.ends_with("|∅")));
            assert!(with_code(&r, "S301").is_empty());
            let row = with_code(&r, "T101");
            assert_eq!(row.len(), 1);
            assert_eq!(cells(row[0])[..2], ["四、结转下年度继续办理|总计|0→1", "四、结转下年度继续办理|自然人|1→0"]);
            let rest = |r: &nianbao::Report| {
                findings_of(r)
                    .into_iter()
                    .filter(|f| !f.starts_with("S301") && !f.starts_with("S311") && !f.starts_with("T101"))
                    .collect::<Vec<_>>()
            };
            assert_eq!(rest(&r), rest(&original), "{name}");
            continue;
        }
        assert_eq!(findings_of(&r), findings_of(&original), "{name}");
    }
}
