//! The command line: exit status, text and JSON output, stdin, unreadable input.

use std::io::Write;
use std::process::{Command, Stdio};

fn nianbao(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn errors_exit_1_with_chinese_text_grouped_by_rule() {
    let (code, out, _) = nianbao(&["check", "tests/fixtures/seeds/004_c4248d9b40c3335c.txt"], None);
    assert_eq!(code, 1);
    assert!(out.contains("四方台区2024年政府信息公开工作年度报告"));
    assert!(out.contains("发现 2 处错误、1 处警告、0 处提示"), "{out}");
    assert!(out.contains("[T101 requests-row-total] 错误 ×1"));
    assert!(out.contains("「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0"));
}

#[test]
fn warnings_only_exit_0() {
    let (code, out, _) = nianbao(&["check", "tests/fixtures/seeds/002_2df4fb0f365bf309.txt"], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("[S303 misspelled-label] 警告 ×1\n"), "{out}");
}

#[test]
fn json_is_an_array_of_per_file_objects() {
    let (code, out, _) = nianbao(
        &["check", "--format", "json", "tests/fixtures/seeds/001_e61fd02df59cf2b0.txt", "tests/fixtures/html/003_47717d3cd7e0ea5b.html"],
        None,
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["kind"], "annual-report");
    assert_eq!(files[0]["year"], 2024);
    assert_eq!(files[0]["format"], "2021");
    let p411 = files[0]["findings"].as_array().unwrap().iter().find(|f| f["code"] == "P411").unwrap();
    assert_eq!(p411["severity"], "error");
    assert_eq!(p411["cells"][0]["row"], "一、本年新收政府信息公开申请数量");
    assert_eq!(p411["cells"][0]["value"], "25");
    assert_eq!(files[1]["input"], "html");
    assert!(files[1]["element_count"].as_u64().unwrap() > 100);
    let tables = files[1]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3);
}

#[test]
fn with_text_adds_paragraphs_and_sentences_with_locations() {
    let (_, out, _) = nianbao(&["check", "--format", "json", "--with-text", "tests/fixtures/seeds/000_35c2c8aa80e7f5b3.txt"], None);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/000_35c2c8aa80e7f5b3.txt")).unwrap();
    let sentences = v[0]["sentences"].as_array().unwrap();
    assert!(sentences.len() > 20);
    for s in sentences {
        let (a, b) = (s["location"]["start"].as_u64().unwrap() as usize, s["location"]["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
    }
    // Table cells are not prose.
    assert!(sentences.iter().all(|s| s["text"] != "143"));
    assert!(v[0]["paragraphs"].as_array().unwrap().iter().any(|p| p["text"] == "一、总体情况"));
}

#[test]
fn stdin_and_not_a_report() {
    let (code, out, _) = nianbao(&["check", "-"], Some("今天天气很好。".as_bytes()));
    assert_eq!(code, 0);
    assert!(out.contains("不是政府信息公开工作年度报告"));
    let (_, out, _) = nianbao(&["check", "--format=json", "-"], Some("今天天气很好。".as_bytes()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["kind"], "not-a-report");
}

#[test]
fn unreadable_input_and_usage_errors_exit_2() {
    let (code, _, err) = nianbao(&["check", "no/such/file.txt"], None);
    assert_eq!(code, 2);
    assert!(err.contains("找不到文件"));
    let (code, _, err) = nianbao(&["check", "-"], Some(b""));
    assert_eq!(code, 2);
    assert!(err.contains("文件为空"));
    assert_eq!(nianbao(&["check", "--format", "xml", "x"], None).0, 2);
    assert_eq!(nianbao(&["frobnicate"], None).0, 2);
    assert_eq!(nianbao(&["check"], None).0, 2);
    // A readable file next to an unreadable one is still checked.
    let (code, out, _) = nianbao(&["check", "--format", "json", "tests/fixtures/seeds/002_2df4fb0f365bf309.txt", "nope.txt"], None);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[1]["error"], "找不到文件：nope.txt");
}

/// Several files: checked in parallel, each report paired with the same body's report of the
/// year before when both are given (the cross-year rules), a summary table at the end of text.
#[test]
fn a_batch_pairs_the_years_and_ends_with_a_summary() {
    let h = "tests/fixtures/layouts/html";
    let (a, b) = (format!("{h}/corpus-2025.html"), format!("{h}/corpus-2024.html"));
    let (code, out, _) = nianbao(&["check", &a, &b], None);
    assert_eq!(code, 0, "{out}");
    // In the order given, the later report compared with the earlier.
    assert!(out.find("corpus-2025.html ==").unwrap() < out.find("corpus-2024.html ==").unwrap());
    assert!(out.contains("已与上年报告比较：tests/fixtures/layouts/html/corpus-2024.html（2024年度报告）"), "{out}");
    assert!(out.contains("[Y504 in-force-exceeds] 警告 ×1"));
    let summary = &out[out.find("== 汇总：2份文件，共 0 处错误、1 处警告、0 处提示 ==").expect("summary")..];
    assert!(summary.contains("平潭综合实验区  2025  2021版"), "{summary}");
}

#[test]
fn jsonl_streams_one_object_per_file_and_csv_has_a_bom_and_readable_places() {
    let h = "tests/fixtures/layouts/html";
    let files = [format!("{h}/corpus-2023.html"), format!("{h}/corpus-2024.html"), format!("{h}/corpus-2025.html")];
    let mut args = vec!["check", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, _) = nianbao(&args, None);
    // 平潭 2023 states 现行有效行政规范性文件393件, which its 表一 does not give (P416): a real fault.
    assert_eq!(code, 1);
    let objects: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), 3);
    let by_year = |y: i64| objects.iter().find(|o| o["year"] == y).unwrap();
    assert_eq!(by_year(2025)["previous_report"]["year"], 2024);
    assert_eq!(by_year(2024)["previous_report"]["year"], 2023);
    let y504 = by_year(2025)["findings"].as_array().unwrap().iter().find(|f| f["code"] == "Y504").unwrap().clone();
    // Both reports' cells: this year's, then last year's with its report.
    let cells = y504["cells"].as_array().unwrap();
    assert_eq!(cells.last().unwrap()["report"]["year"], 2024);
    assert!(cells.last().unwrap()["place"].as_str().unwrap().starts_with("2024年度报告"));

    args[2] = "csv";
    let (_, csv, _) = nianbao(&args, None);
    assert!(csv.starts_with("\u{feff}文件,标题,发布机关,年度,格式,代码,级别,检查项目,位置,问题说明"), "{csv}");
    assert!(!csv.contains("元素#"), "{csv}");
    let y505 = csv.lines().find(|l| l.contains(",Y505,")).unwrap();
    assert!(y505.contains("「主动公开政府信息情况」表"), "{y505}");
    assert!(y505.contains("tests/fixtures/layouts/html/corpus-2023.html"), "the earlier report: {y505}");
}

/// `--history DIR FILE`: FILE compared with the earlier reports in DIR, which are not printed.
#[test]
fn history_compares_with_the_folder_and_prints_only_the_file() {
    let (code, out, _) = nianbao(
        &["check", "--format", "jsonl", "--history", "tests/fixtures/layouts/html", "tests/fixtures/layouts/html/corpus-2025.html"],
        None,
    );
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let o: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(o["previous_report"]["file"], "tests/fixtures/layouts/html/corpus-2024.html");
    assert!(o["findings"].as_array().unwrap().iter().any(|f| f["code"] == "Y504"));
}

#[test]
fn an_unreadable_file_in_a_batch_exits_2_and_the_others_are_still_checked() {
    let (code, out, err) =
        nianbao(&["check", "--format", "jsonl", "no/such/file.html", "tests/fixtures/layouts/html/corpus-2025.html"], None);
    assert_eq!(code, 2, "{err}");
    assert!(out.lines().any(|l| l.contains("corpus-2025.html")), "{out}");
}

/// A file that cannot be checked says why in Chinese, names the file and exits 2 — it is never
/// answered 「不是政府信息公开工作年度报告」 with exit code 0.
#[test]
fn damaged_encrypted_scanned_and_legacy_files_say_why_and_exit_2() {
    let bad = "tests/fixtures/layouts/bad";
    for (file, why) in [
        ("truncated.pdf", "PDF 文件已损坏或不完整"),
        ("encrypted-password.pdf", "设置了打开密码"),
        ("scanned.pdf", "这是扫描件/图片"),
        ("corrupt-crc.docx", "Word 文档已损坏"),
        ("corrupt-truncated.docx", "Word 文档已损坏或不完整"),
        ("zip-bomb.docx", "超过 50 MB"),
        ("legacy-word97.doc", "是旧版 Word/WPS 文件"),
    ] {
        let path = format!("{bad}/{file}");
        let (code, out, err) = nianbao(&["check", &path], None);
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(err.contains(why) && err.contains(file), "{file}: {err}");
        assert!(!out.contains("不是政府信息公开工作年度报告"), "{file}: {out}");
        let (code, out, _) = nianbao(&["check", "--format", "json", &path], None);
        assert_eq!(code, 2);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v[0]["error"].as_str().is_some_and(|e| e.contains(why)), "{file}: {out}");
    }
    // A PDF that only forbids copying is read and checked.
    let (code, out, _) = nianbao(&["check", &format!("{bad}/encrypted-nocopy.pdf")], None);
    assert_ne!(code, 2, "{out}");
    assert!(out.contains("刚察县人民政府办公室2023年度政府信息公开工作年度报告"), "{out}");
}
