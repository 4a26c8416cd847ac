//! One agency's published series, 2013–2025: every 2019- and 2021-format report is recognised,
//! the older ones are said to predate the template, and nothing is flagged that was not
//! checked by hand. The text was extracted from the pages with the table cells glued together
//! ("713000074"); the reader splits such runs only where one reading remains: of each row by its
//! own sums, of the rows left together by the column sums (tests/suite/glued.rs names every row).

use crate::common::*;
use nianbao::template::{Format, TableId};
use nianbao::{ReportKind, Severity};

fn serious(r: &nianbao::Report) -> Vec<String> {
    r.findings.iter().filter(|f| f.severity >= Severity::Warning).map(|f| format!("{} {}", f.code, f.message)).collect()
}

#[test]
fn current_format_years_are_read_without_false_alarms() {
    for (file, year) in [("001_pingtan_2025", 2025), ("002_pingtan_2024", 2024), ("005_pingtan_2021", 2021)] {
        let r = check_fixture(&format!("corpus/{file}.txt"));
        assert_eq!(r.document.kind, ReportKind::AnnualReport, "{file}");
        assert_eq!(r.document.year, Some(year), "{file}");
        assert_eq!(r.document.format, Some(Format::V2021), "{file}");
        assert!(r.document.tables.iter().all(|t| t.found), "{file}");
        assert_eq!(serious(&r), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn the_2023_report_states_a_stock_of_regulations_no_reading_of_its_table_gives() {
    let r = check_fixture("corpus/003_pingtan_2023.txt");
    assert_eq!(r.document.format, Some(Format::V2021));
    assert!(r.document.tables.iter().all(|t| t.found));
    // Checked by hand: the prose says 「清理并集中发布现行有效行政规范性文件393件」; the table's
    // 行政规范性文件 row is glued ("77132470") and no split of it has 393 as 现行有效件数 (the
    // published table reads 77 | 132 | 470). The rest of its figures agree with the tables:
    // 81 received (自然人80, 商业企业1), 81 completed, 予以公开及部分公开42 (22 + 20: the two glued
    // rows split by the column sums), 不予公开5, 无法提供31, 不予处理1, 其他处理2 and their shares of 81,
    // 行政复议2, 行政诉讼7 (5 + 2), 77 made this year.
    let s = serious(&r);
    assert_eq!(s.len(), 1, "{s:?}");
    let f = with_code(&r, "P416")[0];
    assert_eq!(f.excerpt.as_deref(), Some("现行有效行政规范性文件393件"));
    assert!(f.message.contains("「77132470」") && f.message.contains("「现行有效件数」列都不是393"), "{}", f.message);
    assert_eq!(f.facts.written.as_deref(), Some("393"));
    assert_eq!(cells(f), vec!["第二十条第(一)项/行政规范性文件|现行有效件数|∅"]);
}

#[test]
fn the_2022_report_misspells_the_fourth_heading() {
    let r = check_fixture("corpus/004_pingtan_2022.txt");
    // Checked by hand: the page reads "四、政府信息公开行政法复议、行政诉讼情况"; and "2022年，全区
    // 收到政府信息公开申请75件" where the table has 74 received this year and 1 carried over
    // (75 = 一 + 二, and its 自然人72件 counts the carried one too): a note names both readings,
    // no warning — counting every application handled is no fault.
    assert_eq!(
        serious(&r),
        vec!["S308 章节标题「四、政府信息公开行政法复议、行政诉讼情况」与规定不符，应为「四、政府信息公开行政复议、行政诉讼情况」"]
    );
    let note = with_code(&r, "P418");
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].severity, nianbao::Severity::Info);
    assert!(
        note[0].message.contains("「一、本年新收政府信息公开申请数量」（74）与「二、上年结转政府信息公开申请数量」（1）之和"),
        "{}",
        note[0].message
    );
    // Glued cells split by the row totals: 71 自然人 + 3 商业企业 = 74.
    assert_eq!(cell_value(&r, TableId::Requests, "一、本年新收政府信息公开申请数量", "自然人").as_deref(), Some("71"));
    assert_eq!(cell_value(&r, TableId::Requests, "一、本年新收政府信息公开申请数量", "法人或其他组织/商业企业").as_deref(), Some("3"));
    assert_eq!(cell_value(&r, TableId::Requests, "一、本年新收政府信息公开申请数量", "总计").as_deref(), Some("74"));
}

#[test]
fn the_2020_report_results_do_not_add_up_to_its_total() {
    // Checked by hand: (一)7 + (二)6 + (四)4+3 + (五)3 + (六)4 = 27, but (七)总计 says 21
    // (自然人: 26 against 20).
    let r = check_fixture("corpus/006_pingtan_2020.txt");
    assert_eq!(r.document.format, Some(Format::V2019));
    let s = serious(&r);
    assert_eq!(s.len(), 2, "{s:?}");
    // No single cell mends both (the (七)总计 row adds up, and 一 + 二 = (七) + 四 holds): two
    // findings, each with its arithmetic in the printed labels.
    assert!(
        s[0].starts_with("T102 勾稽关系不成立：「自然人」列：（七）总计（20） ≠ 各项办理结果之和26（（一）予以公开（6） + "),
        "{}",
        s[0]
    );
    assert!(s[1].starts_with("T102 勾稽关系不成立：「总计」列：（七）总计（21） ≠ 各项办理结果之和27"), "{}", s[1]);
}

#[test]
fn the_2019_report_uses_the_earlier_format() {
    let r = check_fixture("corpus/007_pingtan_2019.txt");
    assert_eq!(r.document.format, Some(Format::V2019));
    // Checked by hand: the page really repeats "聚焦新中国成立 70 周年平潭专场新闻发布会".
    assert_eq!(serious(&r), vec!["P402 同一句话中「聚焦新中国成立 70 周年平潭专场新闻发布会」紧接着重复出现"]);
    // The earlier format's labels are not misspellings of the newer ones.
    assert!(with_code(&r, "S303").is_empty());
    assert_eq!(cell_value(&r, TableId::Requests, "三、本年度办理结果/(七)总计", "总计").as_deref(), Some("23"));
}

#[test]
fn reports_before_2019_are_recognised_but_not_checked_against_the_template() {
    for file in [
        "008_pingtan_2018_oldformat",
        "009_pingtan_2017_oldformat",
        "010_pingtan_2016_oldformat",
        "011_pingtan_2015_oldformat",
        "012_pingtan_2014_oldformat",
        "013_pingtan_dishuiju_2013_oldformat",
    ] {
        let r = check_fixture(&format!("corpus/{file}.txt"));
        assert_eq!(r.document.kind, ReportKind::AnnualReport, "{file}");
        assert_eq!(r.document.format, None, "{file}");
        assert_eq!(serious(&r), Vec::<String>::new(), "{file}");
        assert!(with_code(&r, "S310")[0].message.contains("早于2019版格式"), "{file}");
    }
}
