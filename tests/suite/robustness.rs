//! Every input gets an answer: garbage, empty, huge, deeply nested, not a report. No panic,
//! no hang.

use nianbao::ReportKind;

#[test]
fn empty_and_blank_inputs_are_not_reports() {
    for input in ["", " ", "\n\n\t", "\u{feff}"] {
        let r = nianbao::check_str(input, None);
        assert_eq!(r.document.kind, ReportKind::NotAReport);
        assert!(r.findings.is_empty());
    }
}

#[test]
fn random_bytes_do_not_panic() {
    // A fixed xorshift stream: deterministic garbage of many shapes.
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for len in [1usize, 7, 64, 1000, 20_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x & 0xff) as u8
            })
            .collect();
        let r = nianbao::check_bytes(&bytes, None);
        assert_eq!(r.document.kind, ReportKind::NotAReport);
        let r = nianbao::check_bytes(&bytes, Some("x.html"));
        assert_eq!(r.document.kind, ReportKind::NotAReport);
    }
}

#[test]
fn a_page_that_is_not_a_report_says_so() {
    let html = "<html><head><title>新闻中心</title></head><body><p>今天天气晴。</p><table><tr><td>行政许可</td><td>12</td></tr></table></body></html>";
    assert_eq!(nianbao::check_str(html, None).document.kind, ReportKind::NotAReport);
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    // The walk is iterative. html5ever's own tree building grows quadratically with nesting
    // depth (100 000 levels would take about 30 s), so pages nested beyond any real one are
    // read as text: this must finish in a moment.
    let depth = 100_000;
    let html = format!("{}<p>一、总体情况</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let r = nianbao::check_str(&html, Some(nianbao::InputKind::Html));
    assert_eq!(r.document.kind, ReportKind::NotAReport);
}

#[test]
fn a_twenty_megabyte_page_is_checked() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/004_c4248d9b40c3335c.txt")).unwrap();
    let mut big = String::with_capacity(21 << 20);
    while big.len() < 20 << 20 {
        big.push_str("这是一段与报告无关的很长的文字，用来测试很大的输入。");
        if big.len() % 4096 < 64 {
            big.push('\n');
        }
    }
    big.push_str(&seed);
    let r = nianbao::check_str(&big, None);
    assert_eq!(r.document.kind, ReportKind::AnnualReport);
    assert!(r.findings.iter().any(|f| f.code == "T101"));
    // One long paragraph without breaks: a 20 MB single line.
    let line = "文字".repeat(3 << 20);
    assert_eq!(nianbao::check_str(&line, None).document.kind, ReportKind::NotAReport);
}

#[test]
fn locations_always_slice_the_input() {
    for name in ["000_35c2c8aa80e7f5b3", "003_47717d3cd7e0ea5b", "004_c4248d9b40c3335c"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let r = nianbao::check_str(&text, None);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for f in &r.findings {
            for c in &f.cells {
                if let (Some(l), Some(v)) = (&c.location, &c.value) {
                    assert_eq!(&text[l.start..l.end], v.as_str(), "{name} {}", f.message);
                    assert_eq!(String::from_utf16_lossy(&utf16[l.u16_start..l.u16_end]), *v, "{name}");
                }
            }
        }
    }
}

/// Deterministic mutations of real reports (cut short, lines dropped, duplicated, swapped,
/// digits and labels spliced in): every variant is read without a panic and every location
/// still slices its input.
#[test]
fn mutated_reports_never_panic() {
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let mut rand = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n.max(1) as u64) as usize
    };
    let splices = [
        "0",
        "１２",
        "—",
        "\t",
        " |",
        "|||",
        "（七）总计",
        "行政复议",
        "第二十条第（一）项",
        "。",
        "\n\n",
        "<td>",
        "收到申请3件",
        "2023年",
    ];
    for name in ["000_35c2c8aa80e7f5b3", "002_2df4fb0f365bf309", "003_47717d3cd7e0ea5b", "004_c4248d9b40c3335c"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for round in 0..60 {
            let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for _ in 0..1 + rand(8) {
                if ls.len() < 2 {
                    break;
                }
                let i = rand(ls.len());
                match rand(5) {
                    0 => {
                        ls.remove(i);
                    }
                    1 => {
                        let l = ls[i].clone();
                        ls.insert(i, l);
                    }
                    2 => {
                        let j = rand(ls.len());
                        ls.swap(i, j);
                    }
                    3 => {
                        let l = &mut ls[i];
                        let at = (0..=l.len()).filter(|k| l.is_char_boundary(*k)).nth(rand(l.chars().count() + 1)).unwrap_or(0);
                        l.insert_str(at, splices[rand(splices.len())]);
                    }
                    _ => ls.truncate(i.max(1)),
                }
            }
            let mutated = ls.join(if round % 7 == 0 { "\r\n" } else { "\n" });
            for kind in [nianbao::InputKind::Text, nianbao::InputKind::Html] {
                let r = nianbao::check_str(&mutated, Some(kind));
                if kind == nianbao::InputKind::Text {
                    for f in &r.findings {
                        for l in f.locations.iter().chain(f.location.iter()) {
                            assert!(mutated.get(l.start..l.end).is_some(), "{name} round {round}: bad location");
                        }
                    }
                }
            }
            let _ = nianbao::check_events(&mutated);
        }
    }
}
