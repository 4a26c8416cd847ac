//! Prose checks: duplicated text, prose that contradicts the tables, wrong years. On the seeds
//! (each fault at its exact excerpt) and, per rule, a case it must flag and a close case it
//! must not.

use crate::common::*;

const NO_APPEALS: [u64; 15] = [0; 15];

fn excerpt_at(text: &str, f: &nianbao::Finding) -> String {
    let l = f.location.as_ref().expect("location");
    text[l.start..l.end].to_string()
}

fn seed(name: &str) -> (String, nianbao::Report) {
    let text = std::fs::read_to_string(fixture(&format!("seeds/{name}.txt"))).unwrap();
    let r = check_text(&text);
    (text, r)
}

#[test]
fn seed_000_repeats_a_clause() {
    let (text, r) = seed("000_35c2c8aa80e7f5b3");
    let f = with_code(&r, "P402");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].excerpt.as_deref(), Some("为居民申请政府信息公开提供了更多渠道"));
    // Both places, in order, each slicing exactly the clause.
    assert_eq!(f[0].locations.len(), 2);
    for l in &f[0].locations {
        assert_eq!(&text[l.start..l.end], "为居民申请政府信息公开提供了更多渠道");
        assert_eq!(l.line, Some(9));
    }
    assert!(f[0].locations[0].start < f[0].locations[1].start);
    // "共接收到140件信息公开申请" agrees with the table; "2件行政诉讼案件也已全部审结" with
    // appeals (2, none pending).
    for code in ["P411", "P412", "P413", "P414", "P415", "P416", "P417", "P418", "P419"] {
        assert!(with_code(&r, code).is_empty(), "{code}");
    }
}

#[test]
fn seed_001_says_27_applications_where_the_table_says_25() {
    let (text, r) = seed("001_e61fd02df59cf2b0");
    let f = with_code(&r, "P411");
    assert_eq!(f.len(), 1);
    assert_eq!(excerpt_at(&text, f[0]), "收到政府信息公开申请27件");
    assert_eq!(
        f[0].message,
        "正文「收到政府信息公开申请27件」与表格不符：「收到和处理政府信息公开申请情况」表「一、本年新收政府信息公开申请数量」行「总计」列为25；表格此处的勾稽关系成立，应将正文改为「收到政府信息公开申请25件」"
    );
    assert_eq!(cells(f[0]), vec!["一、本年新收政府信息公开申请数量|总计|25"]);
    assert_eq!((f[0].facts.written.as_deref(), f[0].facts.expected.as_deref()), (Some("27"), Some("25")));
    // "被行政复议两件,均被市政府维持" matches the table's 2 upheld; "均已答复并办结" its empty 四.
    for code in ["P412", "P413", "P414", "P415", "P416", "P417", "P418", "P419"] {
        assert!(with_code(&r, code).is_empty(), "{code}");
    }
}

#[test]
fn seed_003_says_2_applications_where_the_table_says_6() {
    let (text, r) = seed("003_47717d3cd7e0ea5b");
    let f = with_code(&r, "P411");
    assert_eq!(f.len(), 1);
    assert_eq!(excerpt_at(&text, f[0]), "收到申请公开政府信息 2 件");
    assert!(f[0].message.contains("「收到申请公开政府信息 2 件」") && f[0].message.contains("「总计」列为6"), "{}", f[0].message);
    assert!(f[0].message.ends_with("应将正文改为「收到申请公开政府信息 6 件」"), "{}", f[0].message);
}

#[test]
fn seed_004_repeats_a_clause() {
    let (text, r) = seed("004_c4248d9b40c3335c");
    let f = with_code(&r, "P402");
    assert_eq!(f.len(), 1);
    for l in &f[0].locations {
        assert_eq!(&text[l.start..l.end], "全面履行内容审核把关职责");
    }
    // "全年共收到依申请公开2件" agrees with the table.
    assert!(with_code(&r, "P411").is_empty());
}

#[test]
fn seed_002_prose_agrees_with_its_tables() {
    let (_, r) = seed("002_2df4fb0f365bf309");
    assert!(r.findings.iter().all(|f| !f.code.starts_with('P')), "{:?}", r.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
}

// ---- P401 duplicate-sentence

#[test]
fn a_sentence_pasted_twice_is_flagged_at_both_places() {
    let prose = "我区持续加强政务公开平台建设，不断提升服务水平。本年度共发布信息120条。我区持续加强政务公开平台建设，不断提升服务水平。";
    let text = synthetic_report(prose, 5, 0, NO_APPEALS);
    let r = check_text(&text);
    let f = with_code(&r, "P401");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].locations.len(), 2);
    for l in &f[0].locations {
        assert_eq!(&text[l.start..l.end], "我区持续加强政务公开平台建设，不断提升服务水平。");
    }
    // Width and spaces do not hide a duplicate.
    let prose = "我区持续加强政务公开平台建设,不断提升服务水平。我区持续加强政务公开平台建设， 不断提升服务水平。";
    assert_eq!(with_code(&check_text(&synthetic_report(prose, 5, 0, NO_APPEALS)), "P401").len(), 1);
}

#[test]
fn stock_phrases_and_headings_are_not_duplicates() {
    let prose = "无。\n一是加强学习。\n二是加强培训。\n无。";
    let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
    assert!(with_code(&r, "P401").is_empty());
    assert!(with_code(&r, "P403").is_empty());
}

// ---- P402 repeated-clause

#[test]
fn a_clause_repeated_in_a_sentence_is_flagged() {
    let prose = "坚持分级分类审核，严格落实三审制度，严格落实三审制度，确保信息准确。";
    let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
    assert_eq!(with_code(&r, "P402").len(), 1);
    assert_eq!(with_code(&r, "P402")[0].excerpt.as_deref(), Some("严格落实三审制度"));
}

#[test]
fn parallel_clauses_that_differ_are_not_repeats() {
    let prose = "严格落实三审制度，严格落实保密审查制度，确保信息准确。";
    let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
    assert!(with_code(&r, "P402").is_empty());
}

// ---- P403 near-duplicate

#[test]
fn sentences_differing_by_a_word_are_near_duplicates() {
    let prose =
        "我区进一步完善政府信息公开工作制度，规范了依申请公开办理流程。我区进一步健全政府信息公开工作制度，规范了依申请公开办理流程。";
    let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
    let f = with_code(&r, "P403");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("「完善」与「健全」"), "{}", f[0].message);
    assert_eq!(f[0].locations.len(), 2);
}

#[test]
fn sentences_that_differ_only_in_figures_or_a_lot_are_not_near_duplicates() {
    let prose = "微信公众号发布信息2019条，阅读量稳步提升。微信公众号发布信息1381条，阅读量稳步提升。\
                 一是公开信息不及时，导致公众无法及时了解政府工作。二是公开信息不准确，导致公众无法准确了解政府工作的具体情况。";
    let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
    assert!(with_code(&r, "P403").is_empty(), "{:?}", with_code(&r, "P403"));
}

// ---- P411 prose-applications

#[test]
fn prose_application_count_must_match_the_table() {
    for (prose, stated) in [
        ("2024年共收到政府信息公开申请27件，均已按时答复。", "收到政府信息公开申请27件"),
        ("本年度受理依申请公开两件，均已办结。", "受理依申请公开两件"),
        ("全年新收信息公开申请 12 件。", "新收信息公开申请 12 件"),
    ] {
        let text = synthetic_report(prose, 25, 0, NO_APPEALS);
        let r = check_text(&text);
        let f = with_code(&r, "P411");
        assert_eq!(f.len(), 1, "{prose}");
        assert_eq!(excerpt_at(&text, f[0]), stated);
    }
}

#[test]
fn uncertain_or_matching_counts_are_not_flagged() {
    for prose in [
        "2024年共收到政府信息公开申请25件。",                     // matches
        "共收到政府信息公开申请26件，其中上年结转1件。",          // 25 new + 1 carried
        "历年累计收到政府信息公开申请300件。",                    // cumulative
        "共收到政府信息公开申请100余件。",                        // approximate
        "收到申请较上年增加5件。",                                // a change
        "共收到群众来电咨询30次，政府信息公开申请相关咨询8次。",  // other things
        "建立第一时间受理、第一时间回复申请的“三个一”工作机制。", // 三个 is not a count of applications
    ] {
        let text = synthetic_report(prose, 25, 1, NO_APPEALS);
        let r = check_text(&text);
        assert!(with_code(&r, "P411").is_empty(), "{prose}: {:?}", with_code(&r, "P411"));
    }
}

#[test]
fn carried_over_count_is_checked_against_row_two() {
    let text = synthetic_report("上年结转政府信息公开申请3件。", 25, 1, NO_APPEALS);
    let f = check_text(&text);
    let f = with_code(&f, "P411");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("正文「上年结转政府信息公开申请3件」")
            && f[0].message.contains("「二、上年结转政府信息公开申请数量」行「总计」列为1"),
        "{}",
        f[0].message
    );
}

// ---- P412 prose-appeals

#[test]
fn appeal_counts_in_prose_must_match_the_appeals_table() {
    let mut appeals = [0u64; 15];
    appeals[0] = 1; // 行政复议 结果维持 1
    appeals[4] = 1;
    appeals[5] = 2; // 未经复议直接起诉 结果维持 2
    appeals[9] = 2;
    for (prose, flagged) in [
        ("因政府信息公开被申请行政复议1件，被提起行政诉讼2件。", 0),
        ("因政府信息公开被申请行政复议3件。", 1),
        ("发生2件行政诉讼案件，均已审结。", 0),
        ("发生4件行政诉讼案件。", 1),
        ("本年度未发生因政府信息公开引起的行政复议。", 1),
        ("共有行政诉讼案件2件、行政复议案件1件。", 0),
    ] {
        let r = check_text(&synthetic_report(prose, 5, 0, appeals));
        assert_eq!(with_code(&r, "P412").len(), flagged, "{prose}: {:?}", with_code(&r, "P412"));
    }
}

// ---- P421/P422 years

#[test]
fn a_period_of_another_year_is_flagged() {
    let text = synthetic_report("本年度工作平稳。", 5, 0, NO_APPEALS)
        .replace("统计期限自2024年1月1日至2024年12月31日", "统计期限自2023年1月1日至2023年12月31日");
    let r = check_text(&text);
    let f = with_code(&r, "P421");
    assert_eq!(f.len(), 1);
    assert_eq!(excerpt_at(&text, f[0]), "2023年1月1日至2023年12月31日");
    assert!(with_code(&check_text(&synthetic_report("本年度工作平稳。", 5, 0, NO_APPEALS)), "P421").is_empty());
}

#[test]
fn this_year_named_with_another_year_is_flagged_but_plans_and_comparisons_are_not() {
    let r = check_text(&synthetic_report("2023年全年共发布政务信息300条。", 5, 0, NO_APPEALS));
    assert_eq!(with_code(&r, "P422").len(), 1);
    for prose in ["2024年全年共发布政务信息300条。", "2025年全年将继续深化政务公开。", "全年发布信息较2023年增长10%。"]
    {
        let r = check_text(&synthetic_report(prose, 5, 0, NO_APPEALS));
        assert!(with_code(&r, "P422").is_empty(), "{prose}");
    }
}

#[test]
fn the_synthetic_report_is_clean() {
    let r = check_text(&synthetic_report("本年度工作平稳有序。", 5, 0, NO_APPEALS));
    assert_eq!(codes(&r), Vec::<&str>::new(), "{:?}", r.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
}

// ---- S308/S309 section headings

#[test]
fn renamed_missing_and_misordered_headings_are_reported() {
    let clean = synthetic_report("本年度工作平稳有序。", 5, 0, NO_APPEALS);
    assert!(with_code(&check_text(&clean), "S308").is_empty());

    let renamed = clean.replace("五、存在的主要问题及改进情况", "五、存在问题及下一步打算");
    let r = check_text(&renamed);
    let f = with_code(&r, "S308");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "章节标题「五、存在问题及下一步打算」与规定不符，应为「五、存在的主要问题及改进情况」");
    let l = f[0].location.as_ref().unwrap();
    assert_eq!(&renamed[l.start..l.end], "五、存在问题及下一步打算");

    let missing = clean.replace("六、其他需要报告的事项\n", "");
    let f = check_text(&missing);
    assert_eq!(with_code(&f, "S308")[0].message, "缺少第6部分的章节标题「六、其他需要报告的事项」");

    // 一、 placed after 二、.
    let moved = clean
        .replace("一、总体情况\n本年度工作平稳有序。\n", "")
        .replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n一、总体情况\n本年度工作平稳有序。\n");
    let r = check_text(&moved);
    assert_eq!(with_code(&r, "S309").len(), 1, "{:?}", r.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
}
