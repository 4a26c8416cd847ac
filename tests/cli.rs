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
    assert!(out.contains("[S303 misspelled-label] 警告 ×11"));
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
