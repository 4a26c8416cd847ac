//! Glued digit runs read as the corpus has them: every row of the 平潭 series whose digits only
//! one reading of its table makes add up is split, with the values of the published tables;
//! the rows that stay ambiguous are named; and the search answers a pathological table at once.

use crate::common::*;
use nianbao::glued::settle;
use nianbao::reader::{skeleton, GluedRun, RowRead};
use nianbao::template::{Format, TableId};
use std::time::{Duration, Instant};

/// Settles a table of `format` whose rows (by index) are written as the given glued runs.
fn settle_runs(format: Format, table: TableId, runs: &[(usize, &str)]) -> (nianbao::model::Table, Vec<RowRead>) {
    let mut tables = skeleton(format);
    let ti = tables.iter().position(|t| t.id == table).unwrap();
    let mut rows = Vec::new();
    let mut glued = Vec::new();
    for &(mi, run) in runs {
        let loc = nianbao::ingest::Location {
            kind: nianbao::ingest::LocationKind::Text,
            element: None,
            start: 0,
            end: run.len(),
            u16_start: 0,
            u16_end: run.encode_utf16().count(),
            line: Some(1),
        };
        glued.push((ti, mi, rows.len()));
        rows.push(RowRead {
            table,
            path: tables[ti].rows[mi].path.clone(),
            columns: tables[ti].rows[mi].cells.iter().map(|c| c.col).collect(),
            written: vec![(run.to_string(), loc)],
            glued: Some(GluedRun::NoReading),
            readings: Vec::new(),
            by_prose: Vec::new(),
            by_position: false,
            blanks_untraced: false,
        });
    }
    settle(&mut tables, &mut rows, &glued);
    (tables.swap_remove(ti), rows)
}

/// The fastest of ten runs (the machine may be busy: the least is the cost of the work).
fn fastest(f: impl Fn()) -> Duration {
    (0..10)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn a_pathological_table_is_answered_within_ten_milliseconds() {
    let limit = Duration::from_millis(if cfg!(debug_assertions) { 200 } else { 10 });
    let n = skeleton(Format::V2021).iter().find(|t| t.id == TableId::Requests).unwrap().rows.len();
    // Every row one long run: each row's own readings exhaust its share of the budget.
    for run in ["1111111111111111", "123456789123456789", "9999999999999999999999", "10101010101010101"] {
        let runs: Vec<(usize, &str)> = (0..n).map(|i| (i, run)).collect();
        let took = fastest(|| {
            settle_runs(Format::V2021, TableId::Requests, &runs);
        });
        eprintln!("{run}: {took:?}");
        assert!(took < limit, "{run}: {took:?}");
    }
    // Each row alone has two readings (11 | 0 or 1 | 10), and 352,716 readings of the table
    // make every column add up (any 11 of the 21 result rows at 11 | 0): the joint search runs
    // out of its budget, and only the cells equal in every row's own readings are read.
    let mut runs: Vec<(usize, &str)> = (2..n - 2).map(|i| (i, "110000011")).collect();
    runs.extend([(0, "1311000000231"), (1, "0000000"), (n - 2, "1311000000231"), (n - 1, "0000000")]);
    let took = fastest(|| {
        settle_runs(Format::V2021, TableId::Requests, &runs);
    });
    eprintln!("joint: {took:?}");
    assert!(took < limit, "joint: {took:?}");
    let (table, rows) = settle_runs(Format::V2021, TableId::Requests, &runs);
    let first = rows.iter().find(|r| r.path == "三、本年度办理结果/(一)予以公开").unwrap();
    assert_eq!(first.glued, Some(GluedRun::Ambiguous));
    assert_eq!(first.readings.len(), 2);
    let row = table.row("三、本年度办理结果/(一)予以公开").unwrap();
    let cells: Vec<Option<&str>> = row.cells.iter().map(|c| c.raw.as_deref()).collect();
    assert_eq!(cells, [None, None, Some("0"), Some("0"), Some("0"), Some("0"), Some("11")]);
}

const REPORTS: [(&str, &str); 7] = [
    ("2025", "001_pingtan_2025"),
    ("2024", "002_pingtan_2024"),
    ("2023", "003_pingtan_2023"),
    ("2022", "004_pingtan_2022"),
    ("2021", "005_pingtan_2021"),
    ("2020", "006_pingtan_2020"),
    ("2019", "007_pingtan_2019"),
];

/// Every glued row of the corpus that is not all zeros and that one reading decides: report, table,
/// row, the run as written, the cells as split (every value checked against the published
/// tables: tests/fixtures/layouts/corpus_values.py), and what decided — the row's own sums
/// ("alone"; in 表一, which has none, its digits: 「35-15」 can only be 35 | -15), the other rows
/// and the column sums ("table"), or the prose's figures ("prose").
const SPLIT: &str = "\
2025 requests | 一、本年新收政府信息公开申请数量 | 15130000154 | 151 3 0 0 0 0 154 | alone
2025 requests | 三、本年度办理结果/(一)予以公开 | 330000033 | 33 0 0 0 0 0 33 | table
2025 requests | 三、本年度办理结果/(二)部分公开 | 380000038 | 38 0 0 0 0 0 38 | alone
2025 requests | 三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息 | 3000003 | 3 0 0 0 0 0 3 | alone
2025 requests | 三、本年度办理结果/(三)不予公开/6.属于四类过程性信息 | 2000002 | 2 0 0 0 0 0 2 | alone
2025 requests | 三、本年度办理结果/(三)不予公开/7.属于行政执法案卷 | 3000003 | 3 0 0 0 0 0 3 | alone
2025 requests | 三、本年度办理结果/(三)不予公开/8.属于行政查询事项 | 3000003 | 3 0 0 0 0 0 3 | alone
2025 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 491000050 | 49 1 0 0 0 0 50 | alone
2025 requests | 三、本年度办理结果/(四)无法提供/2.没有现成信息需要另行制作 | 3000003 | 3 0 0 0 0 0 3 | alone
2025 requests | 三、本年度办理结果/(五)不予处理/1.信访举报投诉类申请 | 2000002 | 2 0 0 0 0 0 2 | alone
2025 requests | 三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 8000008 | 8 0 0 0 0 0 8 | alone
2025 requests | 三、本年度办理结果/(六)其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 2000002 | 2 0 0 0 0 0 2 | alone
2025 requests | 三、本年度办理结果/(六)其他处理/3.其他 | 1000001 | 1 0 0 0 0 0 1 | alone
2025 requests | 三、本年度办理结果/(七)总计 | 14710000148 | 147 1 0 0 0 0 148 | alone
2025 requests | 四、结转下年度继续办理 | 4200006 | 4 2 0 0 0 0 6 | alone
2025 appeals  |  | 25380363300630003 | 25 3 8 0 36 3 3 0 0 6 3 0 0 0 3 | alone
2024 requests | 一、本年新收政府信息公开申请数量 | 21710000218 | 217 1 0 0 0 0 218 | alone
2024 requests | 三、本年度办理结果/(一)予以公开 | 710000071 | 71 0 0 0 0 0 71 | alone
2024 requests | 三、本年度办理结果/(二)部分公开 | 290000029 | 29 0 0 0 0 0 29 | alone
2024 requests | 三、本年度办理结果/(三)不予公开/1.属于国家秘密 | 4000004 | 4 0 0 0 0 0 4 | alone
2024 requests | 三、本年度办理结果/(三)不予公开/4.保护第三方合法权益 | 3000003 | 3 0 0 0 0 0 3 | alone
2024 requests | 三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息 | 320000032 | 32 0 0 0 0 0 32 | alone
2024 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 750000075 | 75 0 0 0 0 0 75 | alone
2024 requests | 三、本年度办理结果/(五)不予处理/2.重复申请 | 1000001 | 1 0 0 0 0 0 1 | alone
2024 requests | 三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1000001 | 1 0 0 0 0 0 1 | alone
2024 requests | 三、本年度办理结果/(六)其他处理/3.其他 | 1100002 | 1 1 0 0 0 0 2 | alone
2024 requests | 三、本年度办理结果/(七)总计 | 21710000218 | 217 1 0 0 0 0 218 | alone
2024 appeals  |  | 21317000001324019 | 2 1 3 1 7 0 0 0 0 0 13 2 4 0 19 | alone
2023 requests | 一、本年新收政府信息公开申请数量 | 801000081 | 80 1 0 0 0 0 81 | alone
2023 requests | 三、本年度办理结果/(一)予以公开 | 220000022 | 22 0 0 0 0 0 22 | table
2023 requests | 三、本年度办理结果/(二)部分公开 | 191000020 | 19 1 0 0 0 0 20 | table
2023 requests | 三、本年度办理结果/(三)不予公开/4.保护第三方合法权益 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(三)不予公开/6.属于四类过程性信息 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(三)不予公开/7.属于行政执法案卷 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(三)不予公开/8.属于行政查询事项 | 2000002 | 2 0 0 0 0 0 2 | alone
2023 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 310000031 | 31 0 0 0 0 0 31 | alone
2023 requests | 三、本年度办理结果/(五)不予处理/2.重复申请 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(六)其他处理/3.其他 | 1000001 | 1 0 0 0 0 0 1 | alone
2023 requests | 三、本年度办理结果/(七)总计 | 801000081 | 80 1 0 0 0 0 81 | alone
2023 appeals  |  | 110024001510102 | 1 1 0 0 2 4 0 0 1 5 1 0 1 0 2 | alone
2022 active   | 第二十条第(一)项/行政规范性文件 | 8855698 | 88 55 698 | prose
2022 requests | 一、本年新收政府信息公开申请数量 | 713000074 | 71 3 0 0 0 0 74 | alone
2022 requests | 二、上年结转政府信息公开申请数量 | 1000001 | 1 0 0 0 0 0 1 | alone
2022 requests | 三、本年度办理结果/(一)予以公开 | 210000021 | 21 0 0 0 0 0 21 | alone
2022 requests | 三、本年度办理结果/(二)部分公开 | 8100009 | 8 1 0 0 0 0 9 | alone
2022 requests | 三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息 | 1000001 | 1 0 0 0 0 0 1 | alone
2022 requests | 三、本年度办理结果/(三)不予公开/6.属于四类过程性信息 | 2000002 | 2 0 0 0 0 0 2 | alone
2022 requests | 三、本年度办理结果/(三)不予公开/7.属于行政执法案卷 | 1000001 | 1 0 0 0 0 0 1 | alone
2022 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 370000037 | 37 0 0 0 0 0 37 | alone
2022 requests | 三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 2000002 | 2 0 0 0 0 0 2 | alone
2022 requests | 三、本年度办理结果/(六)其他处理/3.其他 | 0200002 | 0 2 0 0 0 0 2 | alone
2022 requests | 三、本年度办理结果/(七)总计 | 723000075 | 72 3 0 0 0 0 75 | alone
2021 requests | 一、本年新收政府信息公开申请数量 | 640020470 | 64 0 0 2 0 4 70 | alone
2021 requests | 三、本年度办理结果/(一)予以公开 | 270020130 | 27 0 0 2 0 1 30 | table
2021 requests | 三、本年度办理结果/(二)部分公开 | 500000 5 | 5 0 0 0 0 0 5 | alone
2021 requests | 三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息 | 1000001 | 1 0 0 0 0 0 1 | alone
2021 requests | 三、本年度办理结果/(三)不予公开/7.属于行政执法案卷 | 6000006 | 6 0 0 0 0 0 6 | alone
2021 requests | 三、本年度办理结果/(三)不予公开/8.属于行政查询事项 | 1000001 | 1 0 0 0 0 0 1 | alone
2021 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 220000325 | 22 0 0 0 0 3 25 | table
2021 requests | 三、本年度办理结果/(六)其他处理/3.其他 | 1000001 | 1 0 0 0 0 0 1 | alone
2021 requests | 三、本年度办理结果/(七)总计 | 630020469 | 63 0 0 2 0 4 69 | alone
2021 requests | 四、结转下年度继续办理 | 1000001 | 1 0 0 0 0 0 1 | alone
2021 appeals  |  | 10203120001200000 | 1 0 2 0 3 12 0 0 0 12 0 0 0 0 0 | alone
2020 active   | 第二十条第(一)项/规章 | 007 | 0 0 7 | alone
2020 active   | 第二十条第(八)项/行政事业性收费 | 35-15 | 35 -15 | alone
2020 requests | 一、本年新收政府信息公开申请数量 | 200 000121 | 20 0 0 0 0 1 21 | alone
2020 requests | 三、本年度办理结果/(一)予以公开 | 6000017 | 6 0 0 0 0 1 7 | alone
2020 requests | 三、本年度办理结果/(二)部分公开 | 6000006 | 6 0 0 0 0 0 6 | alone
2020 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 4000004 | 4 0 0 0 0 0 4 | alone
2020 requests | 三、本年度办理结果/(四)无法提供/3.补正后申请内容仍不明确 | 3000003 | 3 0 0 0 0 0 3 | alone
2020 requests | 三、本年度办理结果/(五)不予处理/2.重复申请 | 3000003 | 3 0 0 0 0 0 3 | alone
2020 requests | 三、本年度办理结果/(七)总计 | 20 0 00 0 121 | 20 0 0 0 0 1 21 | alone
2019 requests | 一、本年新收政府信息公开申请数量 | 230 000023 | 23 0 0 0 0 0 23 | alone
2019 requests | 三、本年度办理结果/(一)予以公开 | 7000007 | 7 0 0 0 0 0 7 | alone
2019 requests | 三、本年度办理结果/(二)部分公开 | 1000001 | 1 0 0 0 0 0 1 | alone
2019 requests | 三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息 | 7000007 | 7 0 0 0 0 0 7 | alone
2019 requests | 三、本年度办理结果/(四)无法提供/3.补正后申请内容仍不明确 | 5000005 | 5 0 0 0 0 0 5 | alone
2019 requests | 三、本年度办理结果/(五)不予处理/2.重复申请 | 3000003 | 3 0 0 0 0 0 3 | alone
2019 requests | 三、本年度办理结果/(七)总计 | 23 0 00 0 023 | 23 0 0 0 0 0 23 | alone
";

/// How many glued rows of zeros only ("0000000") each report's tables have, all split.
const ALL_ZERO: &[(&str, &str, usize)] = &[
    ("2025", "active", 1),
    ("2025", "requests", 10),
    ("2024", "active", 1),
    ("2024", "requests", 14),
    ("2023", "active", 1),
    ("2023", "requests", 13),
    ("2022", "active", 1),
    ("2022", "requests", 14),
    ("2021", "active", 1),
    ("2021", "requests", 15),
    ("2020", "requests", 15),
    ("2020", "appeals", 1),
    ("2019", "active", 1),
    ("2019", "requests", 16),
    ("2019", "appeals", 1),
];

/// The glued rows no relation, digit or figure of the prose decides: report, table, row, run,
/// how many readings remain, and the cells every reading shares ("?" where they differ).
const AMBIGUOUS: &str = "\
2025 active   | 第二十条第(一)项/行政规范性文件 | 5845546 | 15 | ? ? ?
2024 active   | 第二十条第(一)项/行政规范性文件 | 6233440 | 4 | 62 ? ?
2023 active   | 第二十条第(一)项/行政规范性文件 | 77132470 | 5 | 77 ? ?
2021 active   | 第二十条第(一)项/行政规范性文件 | 693665 | 10 | ? ? ?
2020 active   | 第二十条第(一)项/规范性文件 | 7777166 | 15 | ? ? ?
2020 active   | 第二十条第(五)项/行政许可 | 396442278 | 28 | ? ? ?
2020 active   | 第二十条第(五)项/其他对外管理服务事项 | 107105 | 5 | ? ? ?
2020 active   | 第二十条第(六)项/行政处罚 | 2648-18538 | 5 | 2648 ? ?
2020 active   | 第二十条第(六)项/行政强制 | 1262629 | 15 | ? ? ?
2020 active   | 第二十条第(九)项/政府集中采购 | 39573802895.90 | 8 | ? ?
2019 active   | 第二十条第(一)项/规范性文件 | 898989 | 10 | ? ? ?
2019 active   | 第二十条第(五)项/行政许可 | 3960181 | 11 | ? ? ?
2019 active   | 第二十条第(五)项/其他对外管理服务事项 | 100153 | 4 | ? ? ?
2019 active   | 第二十条第(六)项/行政处罚 | 26480430 | 16 | ? ? ?
2019 active   | 第二十条第(六)项/行政强制 | 126025 | 7 | ? ? ?
2019 active   | 第二十条第(八)项/行政事业性收费 | 350 | 2 | ? ?
2019 active   | 第二十条第(九)项/政府集中采购 | 13575394432.52 | 9 | ? ?
";

fn table_id(name: &str) -> TableId {
    TableId::ALL.into_iter().find(|t| t.as_str() == name).unwrap()
}

/// A row of one of the lists above: its fields, trimmed.
fn fields(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn cells_of(r: &nianbao::Report, id: TableId, path: &str) -> String {
    let table = r.document.tables.iter().find(|t| t.id == id).unwrap();
    table.row(path).unwrap().cells.iter().map(|c| c.raw.as_deref().unwrap_or("?")).collect::<Vec<_>>().join(" ")
}

#[test]
fn every_glued_row_one_reading_decides_is_split_as_published() {
    for (year, file) in REPORTS {
        let r = check_fixture(&format!("corpus/{file}.txt"));
        let mut expected: Vec<(TableId, String, String, String, &str)> = Vec::new();
        for line in SPLIT.lines().filter(|l| l.starts_with(year)) {
            let f = fields(line);
            let (y, t) = f[0].split_once(' ').unwrap();
            assert_eq!(y, year);
            expected.push((table_id(t.trim()), f[1].to_string(), f[2].to_string(), f[3].to_string(), f[4]));
        }
        let mut seen = Vec::new();
        let mut zeros: Vec<(TableId, usize)> = Vec::new();
        for row in r.document.observations.rows.iter().filter(|row| row.glued.is_some()) {
            let how = match row.glued.unwrap() {
                GluedRun::Split => "alone",
                GluedRun::SplitByTable => "table",
                GluedRun::SplitByProse => "prose",
                _ => continue,
            };
            let cells = cells_of(&r, row.table, &row.path);
            if cells.split(' ').all(|c| c == "0") {
                match zeros.iter_mut().find(|z| z.0 == row.table) {
                    Some(z) => z.1 += 1,
                    None => zeros.push((row.table, 1)),
                }
                continue;
            }
            let run = row.written.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
            assert_eq!(row.readings, vec![cells.split(' ').map(str::to_string).collect::<Vec<_>>()], "{year} {}", row.path);
            seen.push((row.table, row.path.clone(), run, cells, how));
        }
        assert_eq!(seen, expected, "{year}");
        let expected_zeros: Vec<(TableId, usize)> = ALL_ZERO.iter().filter(|z| z.0 == year).map(|z| (table_id(z.1), z.2)).collect();
        assert_eq!(zeros, expected_zeros, "{year}");
    }
}

#[test]
fn the_rows_left_ambiguous_are_named_with_the_cells_every_reading_shares() {
    for (year, file) in REPORTS {
        let r = check_fixture(&format!("corpus/{file}.txt"));
        let expected: Vec<Vec<String>> =
            AMBIGUOUS.lines().filter(|l| l.starts_with(year)).map(|l| fields(l).iter().map(|s| s.to_string()).collect()).collect();
        let seen: Vec<Vec<String>> = r
            .document
            .observations
            .rows
            .iter()
            .filter(|row| row.glued.is_some_and(|g| !matches!(g, GluedRun::Split | GluedRun::SplitByTable | GluedRun::SplitByProse)))
            .map(|row| {
                assert_eq!(row.glued, Some(GluedRun::Ambiguous), "{year} {}", row.path);
                vec![
                    format!("{year} {}", row.table.as_str()),
                    row.path.clone(),
                    row.written.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" "),
                    row.readings.len().to_string(),
                    cells_of(&r, row.table, &row.path),
                ]
            })
            .collect();
        let normalise = |v: Vec<Vec<String>>| -> Vec<Vec<String>> {
            v.into_iter()
                .map(|mut f| {
                    f[0] = f[0].split_whitespace().collect::<Vec<_>>().join(" ");
                    f
                })
                .collect()
        };
        assert_eq!(normalise(seen), normalise(expected), "{year}");
    }
}

/// The rows the column sums split put T102 and T103 back in every column: where a glued row
/// used to stay unread, neither relation was checked in any column of that year.
#[test]
fn every_column_of_every_year_is_checked_by_t102_and_t103() {
    for (year, file) in REPORTS {
        let r = check_fixture(&format!("corpus/{file}.txt"));
        let table = r.document.tables.iter().find(|t| t.id == TableId::Requests).unwrap();
        let evaluations = nianbao::sums::evaluate(table);
        for code in ["T102", "T103"] {
            let of: Vec<_> = evaluations.iter().filter(|e| e.instance.relation.code == code).collect();
            assert_eq!(of.len(), 7, "{year} {code}");
            let failing: Vec<&str> = of.iter().filter(|e| !e.holds()).map(|e| e.instance.scope.as_str()).collect();
            // 2020's published fault: its results add up to 27 (自然人 26), not 21 (20).
            let expected: &[&str] = if year == "2020" && code == "T102" { &["自然人", "总计"] } else { &[] };
            assert_eq!(failing, expected, "{year} {code}");
        }
    }
}

#[test]
fn v204_says_once_per_table_what_was_split_and_how() {
    let r = check_fixture("corpus/005_pingtan_2021.txt");
    let notes: Vec<&str> = with_code(&r, "V204").iter().map(|f| f.message.as_str()).collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes.contains(
        &"「收到和处理政府信息公开申请情况」表中相邻单元格的数字粘连在一起（如「一、本年新收政府信息公开申请数量」行写作「640020470」），已按勾稽关系唯一地拆分；其中「（一）予以公开」行「270020130」拆为27、0、0、2、0、1、30，「（四）无法提供·1.本机关不掌握相关政府信息」行「220000325」拆为22、0、0、0、0、3、25，单看本行有多种拆分，结合表中其他行及各列的勾稽关系只有这一种成立"
    ), "{notes:?}");
    assert!(notes.contains(
        &"「主动公开政府信息情况」表中数字粘连在一起，无法唯一拆分：「第二十条第（一）项·行政规范性文件」行（「693665」）有10种拆分；该行未参与核对"
    ), "{notes:?}");
    // 表一 has no relation: the prose's two figures leave one reading of 2022's row.
    let r = check_fixture("corpus/004_pingtan_2022.txt");
    assert!(with_code(&r, "V204").iter().any(|f| f.message.contains(
        "「第二十条第（一）项·行政规范性文件」行「8855698」拆为88、55、698（多种拆分中只有这一种与正文「现行有效行政规范性文件698件」「制发的规范性文件88件」相符）"
    )));
    // The split cells point at their digits in the run.
    let cell = r.document.table(TableId::Active).unwrap().cell("第二十条第(一)项/行政规范性文件", "现行有效件数").unwrap();
    let loc = cell.loc.as_ref().unwrap();
    let text = std::fs::read_to_string(fixture("corpus/004_pingtan_2022.txt")).unwrap();
    assert_eq!(&text[loc.start..loc.end], "698");
    let line = text[..loc.start].matches('\n').count() as u32 + 1;
    assert_eq!(loc.line, Some(line));
    assert_eq!(text[..loc.start].encode_utf16().count(), loc.u16_start);
}

fn check_rule_case(name: &str) -> nianbao::Report {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/V204").join(name);
    nianbao::check_bytes(&std::fs::read(path).unwrap(), Some(name))
}

#[test]
fn rows_the_column_sums_leave_open_keep_the_cells_every_reading_shares() {
    // 「110000011」 (11 | 0 or 1 | 10) and 「111000012」 (1 | 11 or 11 | 1): both pairs make every
    // column add up, so 自然人 and 商业企业 stay open in both rows; the rest is read and checked.
    let r = check_rule_case("fail-ambiguous.txt");
    assert_eq!(serious_codes(&r), Vec::<&str>::new());
    let v204 = with_code(&r, "V204");
    assert_eq!(v204.len(), 2);
    assert_eq!(
        v204[1].message,
        "「收到和处理政府信息公开申请情况」表中有2行的数字粘连在一起，无法唯一拆分：「（一）予以公开」行（「110000011」）有2种拆分都符合勾稽关系，其中只有「自然人」「商业企业」列无法确定；「（二）部分公开」行（「111000012」）有2种拆分都符合勾稽关系，其中只有「自然人」「商业企业」列无法确定；各种拆分下都相同的单元格已参与核对，其余单元格未参与核对"
    );
    assert_eq!(
        cells(v204[1]),
        [
            "三、本年度办理结果/(一)予以公开|自然人|∅",
            "三、本年度办理结果/(一)予以公开|法人或其他组织/商业企业|∅",
            "三、本年度办理结果/(二)部分公开|自然人|∅",
            "三、本年度办理结果/(二)部分公开|法人或其他组织/商业企业|∅",
        ]
    );
    assert_eq!(cells_of(&r, TableId::Requests, "三、本年度办理结果/(一)予以公开"), "? ? 0 0 0 0 11");
    // The 总计 column's T102 is checked with the certain totals (11 + 12 + 1 + 5 + 1 = 30).
    let table = r.document.table(TableId::Requests).unwrap();
    let total = nianbao::sums::evaluate(table).into_iter().find(|e| e.instance.relation.code == "T102" && e.instance.scope == "总计");
    assert!(total.is_some_and(|e| e.holds()));
}

#[test]
fn the_prose_chooses_between_the_readings_of_a_row_no_relation_ties() {
    // 「3125」 is 3 | 1 | 25, 3 | 12 | 5 or 31 | 2 | 5; 「行政规范性文件制发3件、废止1件」 leaves one.
    let r = check_rule_case("fail-prose.txt");
    assert_eq!(cells_of(&r, TableId::Active, "第二十条第(一)项/行政规范性文件"), "3 1 25");
    assert_eq!(
        with_code(&r, "V204")[0].message,
        "「主动公开政府信息情况」表中相邻单元格的数字粘连在一起，以下各行已唯一地拆分：「第二十条第（一）项·规章」行「000」拆为0、0、0；「第二十条第（一）项·行政规范性文件」行「3125」拆为3、1、25（多种拆分中只有这一种与正文「制发3件」「废止1件」相符）"
    );
    assert!(with_code(&r, "P416").is_empty());
}

#[test]
fn rows_no_reading_of_the_table_fits_are_left_unread_and_said_so() {
    // (一) alone is 33 | 0 or 3 | 30; every other result row is 0 and (七) says 2: no reading
    // of (一) makes its columns add up.
    let mut runs: Vec<(usize, &str)> = (0..25).map(|i| (i, "0000000")).collect();
    runs[0].1 = "2000002";
    runs[2].1 = "330000033";
    runs[23].1 = "2000002";
    let (_, rows) = settle_runs(Format::V2021, TableId::Requests, &runs);
    assert_eq!(rows[23].path, "三、本年度办理结果/(七)总计");
    let first = rows.iter().find(|r| r.path == "三、本年度办理结果/(一)予以公开").unwrap();
    assert_eq!(first.glued, Some(GluedRun::Conflict));
    assert!(first.readings.is_empty());
}
