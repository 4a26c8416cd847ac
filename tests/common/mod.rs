//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nianbao::{Finding, Report, Severity};
use std::path::PathBuf;

pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

pub fn check_fixture(path: &str) -> Report {
    let p = fixture(path);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    nianbao::check_bytes(&bytes, p.file_name().and_then(|n| n.to_str()))
}

/// Findings of one code.
pub fn with_code<'a>(r: &'a Report, code: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

/// The codes of all findings of severity warning or error, sorted.
pub fn serious_codes(r: &Report) -> Vec<&'static str> {
    let mut v: Vec<_> = r.findings.iter().filter(|f| f.severity >= Severity::Warning).map(|f| f.code).collect();
    v.sort();
    v
}

/// A finding's cells as "row|col|value→expected" strings.
pub fn cells(f: &Finding) -> Vec<String> {
    f.cells
        .iter()
        .map(|c| {
            let mut s = format!("{}|{}|{}", c.row, c.col, c.value.as_deref().map(str::trim).unwrap_or("∅"));
            if let Some(e) = &c.expected {
                s.push_str(&format!("→{e}"));
            }
            s
        })
        .collect()
}

/// The value of a table cell as written.
pub fn cell_value(r: &Report, table: nianbao::template::TableId, row: &str, col: &str) -> Option<String> {
    r.document.tables.iter().find(|t| t.id == table)?.cell(row, col)?.raw.as_ref().map(|s| s.trim().to_string())
}

/// A complete, consistent report in the pipe layout (one cell per line), with `prose` as its
/// 总体情况 and `new` applications received (all 自然人, all 予以公开), `carried` carried over
/// (also 予以公开), and the appeals row `appeals`.
pub fn synthetic_report(prose: &str, new: u64, carried: u64, appeals: [u64; 15]) -> String {
    let mut s = String::new();
    s.push_str("某某区人民政府办公室\n2024年政府信息公开工作年度报告\n");
    s.push_str("本报告中所列数据的统计期限自2024年1月1日至2024年12月31日。\n");
    s.push_str("一、总体情况\n");
    s.push_str(prose);
    s.push_str("\n二、主动公开政府信息情况\n");
    for l in [
        "第二十条第(一)项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "0",
        "0",
        "0",
        "行政规范性文件",
        "1",
        "0",
        "5",
        "第二十条第(五)项",
        "信息内容",
        "本年处理决定数量",
        "行政许可",
        "3",
        "第二十条第(六)项",
        "信息内容",
        "本年处理决定数量",
        "行政处罚",
        "0",
        "行政强制",
        "0",
        "第二十条第(八)项",
        "信息内容",
        "本年收费金额(单位:万元)",
        "行政事业性收费",
        "0",
    ] {
        s.push_str(&format!("{l} |\n"));
    }
    s.push_str("三、收到和处理政府信息公开申请情况\n");
    for l in [
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        s.push_str(&format!("{l} |\n"));
    }
    let row = |s: &mut String, label: &str, n: u64| {
        s.push_str(&format!("{label} |\n"));
        for v in [n, 0, 0, 0, 0, 0, n] {
            s.push_str(&format!("{v} |\n"));
        }
    };
    row(&mut s, "一、本年新收政府信息公开申请数量", new);
    row(&mut s, "二、上年结转政府信息公开申请数量", carried);
    s.push_str("三、本年度办理结果 |\n");
    row(&mut s, "(一)予以公开", new + carried);
    row(&mut s, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 0);
    s.push_str("(三)不予公开 |\n");
    for l in [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ] {
        row(&mut s, l, 0);
    }
    s.push_str("(四)无法提供 |\n");
    for l in ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"] {
        row(&mut s, l, 0);
    }
    s.push_str("(五)不予处理 |\n");
    for l in
        ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]
    {
        row(&mut s, l, 0);
    }
    s.push_str("(六)其他处理 |\n");
    for l in [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ] {
        row(&mut s, l, 0);
    }
    row(&mut s, "(七)总计", new + carried);
    row(&mut s, "四、结转下年度继续办理", 0);
    s.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    for l in ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
    {
        s.push_str(&format!("{l} |\n"));
    }
    for _ in 0..2 {
        for l in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            s.push_str(&format!("{l} |\n"));
        }
    }
    for v in appeals {
        s.push_str(&format!("{v} |\n"));
    }
    s.push_str("五、存在的主要问题及改进情况\n工作中仍存在一些不足。下一步将持续改进。\n六、其他需要报告的事项\n无。\n");
    s
}

pub fn check_text(text: &str) -> Report {
    nianbao::check_str(text, Some(nianbao::InputKind::Text))
}

pub fn codes(r: &Report) -> Vec<&'static str> {
    let mut v: Vec<_> = r.findings.iter().map(|f| f.code).collect();
    v.sort();
    v
}

/// Every finding as code and message, white space removed (a space between a Chinese
/// character and a digit, "成立 70 周年", cannot be told from a narrow gap in a PDF), sorted.
pub fn findings(r: &Report) -> Vec<String> {
    let mut v: Vec<String> =
        r.findings.iter().map(|f| format!("{} {}", f.code, f.message.split_whitespace().collect::<String>())).collect();
    v.sort();
    v
}

/// The page a text layout, PDF or .docx fixture was made from (`seed-004-…` → the seed's HTML
/// rendering, `corpus-2023-…` → tests/fixtures/layouts/html/corpus-2023.html), checked.
pub fn original(name: &str) -> Report {
    if let Some(seed) = name.strip_prefix("seed-") {
        let num = &seed[..3];
        let file = std::fs::read_dir(fixture("html"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|f| f.starts_with(num))
            .unwrap();
        check_fixture(&format!("html/{file}"))
    } else {
        let base: String = name.split('-').take(2).collect::<Vec<_>>().join("-");
        check_fixture(&format!("layouts/html/{base}.html"))
    }
}
