//! Reliability: every shape of pathological nesting is answered at once, a page too deep to
//! parse is still located in the page, a UTF-8 report with a broken byte is still a report, and
//! every fixture satisfies the oracles the property tests and the fuzz targets check.

use crate::oracles;

use nianbao::InputKind;
use serde_json::Value;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How much CPU time a check may take (release; debug builds are far slower).
fn limit() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 2 })
}

/// How long to wait for an answer at all: on a machine shared by many processes a check that
/// needs 0.4 s of CPU can take 3 s of wall time, so the limit applies to the thread's CPU time
/// and the wall clock only catches a hang.
fn patience() -> Duration {
    limit() * 30
}

/// CPU time used by the calling thread so far (Linux: the first field of
/// /proc/thread-self/schedstat, in ns); `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

/// Runs `work` on another thread and returns its result, or fails the test when it takes more
/// than [`limit`] of CPU time (of wall time where CPU time cannot be read) or no answer comes
/// within [`patience`] (the thread is then left running).
fn within_limit<T: Send + 'static>(name: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let cpu = thread_cpu();
        let t = Instant::now();
        let out = work();
        let used = match (cpu, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => t.elapsed(),
        };
        let _ = tx.send((out, used));
    });
    let t = Instant::now();
    let (out, used) = rx.recv_timeout(patience()).unwrap_or_else(|_| panic!("{name}: no answer within {:?}", patience()));
    eprintln!("{name:<40} {:>8.1} ms CPU {:>8.1} ms wall", used.as_secs_f64() * 1000.0, t.elapsed().as_secs_f64() * 1000.0);
    assert!(used <= limit(), "{name}: {used:?} of CPU time, over {:?}", limit());
    out
}

/// Checks `input` within the limit: its JSON.
fn answer(name: &str, input: String, kind: InputKind) -> Value {
    within_limit(name, move || nianbao::output::to_json(&nianbao::check_str(&input, Some(kind)), "page"))
}

#[test]
fn every_deep_nesting_shape_is_answered_at_once() {
    let n = 100_000;
    // Each unit repeated 10⁵ times inside <body>. Before the guard counted `<x/>` and ignored
    // stray end tags, `<div/>` and `<div></i>` took html5ever 12 s (10⁵) to 102 s (2·10⁵).
    let units = [
        "<div>",
        "<div/>",
        "<div></i>",
        "<div></span>",
        "<div></p>",
        "<div></table>",
        "<span/>",
        "<my-element/>",
        "<span><div></span>",
        "<p><div>",
        "<i><p>",
        "<b><i>",
        "<b><div></b>",
        "<font>",
        "<font><div></font>",
        "<a href=x>",
        "<a href=x><div>",
        "<nobr><div>",
        "<button><div>",
        "<table>",
        "<table><div>",
        "<table><tr><td>",
        "<table><caption><div>",
        "<object>",
        "<li><ul>",
        "<dl><dd><dl>",
        "<option><b>",
        "<select><option>",
        "<h1><h2>",
        "<form><div>",
        "<svg><g>",
        "<svg><g/>",
        "<math><mi>",
        "<div title='>'>",
        "<div><!-- x -->",
        "<template><div>",
    ];
    for unit in units {
        let html = format!("<html><body>{}<p>一、总体情况</p></body></html>", unit.repeat(n));
        answer(unit, html, InputKind::Html);
    }
    // Formatting elements the tree builder keeps reopening: all different, so none is merged.
    let html: String = (0..n).map(|i| format!("<p><b id={i}></p>")).collect();
    answer("<p><b id=N></p>", html, InputKind::Html);
    // Deep, then wide: 10⁵ tags each checked against the open elements.
    for depth in [200, 300, 5000] {
        let html = format!("<body>{}{}", "<div>".repeat(depth), "<p>x</p>".repeat(n));
        answer(&format!("<div>×{depth} then <p>x</p>×10⁵"), html, InputKind::Html);
    }
    // The same shapes as plain text and as a front end's event stream.
    answer("text <div/>", "<div/>".repeat(n), InputKind::Text);
    let events = "\u{1}div\u{2}".repeat(n);
    within_limit("events nested 10⁵ deep", move || nianbao::check_events(&events).findings.len());
}

/// `<div>`×10⁵ around the text of a report: too deep to parse, read as text, and every location
/// points into the page as given (the report's own offsets shifted by the prefix).
#[test]
fn a_page_too_deep_to_parse_reads_as_its_text_located_in_the_page() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/004_c4248d9b40c3335c.txt")).unwrap();
    let prefix = "<div>".repeat(100_000);
    let page = format!("{prefix}{seed}{}", "</div>".repeat(100_000));
    let deep = answer("deep page holding a report", page.clone(), InputKind::Html);
    oracles::check_locations(&deep, &page).unwrap();
    let plain = oracles::check_str(&seed, Some(InputKind::Text)).unwrap();
    assert_eq!(deep["kind"], "annual-report");
    assert!(deep["findings"].as_array().unwrap().iter().any(|f| f["code"] == "T101"));
    // Shift the page's locations back by the prefix: the report read on its own.
    let mut shifted = deep.clone();
    shift(&mut shifted, prefix.len());
    shifted["input"] = plain["input"].clone();
    shifted["file"] = plain["file"].clone();
    assert_eq!(oracles::diff(&shifted, &plain, ""), None);
}

fn shift(v: &mut Value, by: usize) {
    match v {
        Value::Object(m) if m.get("kind").and_then(Value::as_str) == Some("text") && m.contains_key("start") => {
            for k in ["start", "end", "u16_start", "u16_end"] {
                let n = m[k].as_u64().unwrap() as usize;
                m.insert(k.into(), (n - by).into());
            }
        }
        Value::Object(m) => m.values_mut().for_each(|x| shift(x, by)),
        Value::Array(a) => a.iter_mut().for_each(|x| shift(x, by)),
        _ => {}
    }
}

fn serious_codes(json: &Value) -> Vec<String> {
    let mut codes: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// Before, a single invalid byte made the whole file GB18030: garbage, answered 「不是政府信息
/// 公开工作年度报告」 with exit status 0.
#[test]
fn a_utf8_report_with_a_broken_byte_is_still_read_as_the_report() {
    let seed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/004_c4248d9b40c3335c.txt")).unwrap();
    let clean = oracles::check_bytes(&seed, Some("report.txt")).unwrap();
    assert_eq!(clean["kind"], "annual-report");
    let text = String::from_utf8(seed.clone()).unwrap();
    // A stray byte at the start of the second section's line, and the file cut inside its
    // last character.
    let at = text.find("二、主动公开").unwrap();
    let mut broken = seed.clone();
    broken.insert(at, 0xFF);
    let mut cut = text.trim_end().as_bytes().to_vec();
    cut.extend_from_slice(&"。总结".as_bytes()[..4]);
    for (name, bytes) in [("stray byte", broken), ("cut inside a character", cut)] {
        let json = oracles::check_bytes(&bytes, Some("report.txt")).unwrap();
        let d = nianbao::ingest::decode::decode(&bytes);
        assert_eq!((d.encoding, d.error_count), ("UTF-8", 1), "{name}");
        assert_eq!(json["kind"], "annual-report", "{name}");
        assert_eq!(serious_codes(&json), serious_codes(&clean), "{name}");
    }
}

/// The oracles of tests/suite/properties.rs and fuzz/ hold for every fixture as it is.
#[test]
fn every_fixture_satisfies_the_oracles() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut n = 0;
    for dir in ["fixtures/seeds", "fixtures/corpus", "fixtures/html", "fixtures/pages", "e2e/fixtures"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html")) {
            let bytes = std::fs::read(p).unwrap();
            let name = p.file_name().and_then(|n| n.to_str());
            oracles::check_bytes(&bytes, name).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let text = nianbao::ingest::decode::decode(&bytes).text;
            oracles::check_all(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            n += 1;
        }
    }
    assert!(n >= 25, "{n} fixtures");
}
