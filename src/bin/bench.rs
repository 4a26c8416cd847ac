//! `cargo run --release --bin bench` — prints how long checking takes.
//!
//! For the typical report (the HTML rendering of seed 004: a saved government page of about
//! 57 KB with Word tables and site chrome) it prints the time to merely parse the HTML with
//! scraper, the time for the whole check (decode, parse, ingest, template reading, rules), and
//! their ratio; then per-file times and the throughput over every fixture.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn fixtures() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Median time of `f` over enough runs to fill about `budget`.
fn time<F: FnMut()>(mut f: F, budget: Duration) -> Duration {
    for _ in 0..3 {
        f();
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || samples.len() < 5 {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let typical = fixtures().join("html/004_c4248d9b40c3335c.html");
    let bytes = std::fs::read(&typical).expect("fixture");
    let text = String::from_utf8(bytes.clone()).expect("utf-8 fixture");
    // `bench parse N` / `bench check N`: do only that, N times, for instruction counting under
    // `valgrind --tool=callgrind` (repeatable whatever else the machine is doing).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [what, n] = args.as_slice() {
        let n: usize = n.parse().expect("count");
        for _ in 0..n {
            match what.as_str() {
                "parse" => drop(black_box(scraper::Html::parse_document(black_box(&text)))),
                _ => drop(black_box(nianbao::check_bytes(black_box(&bytes), Some("report.html")))),
            }
        }
        return;
    }
    let budget = Duration::from_millis(1500);

    let parse = time(|| drop(black_box(scraper::Html::parse_document(black_box(&text)))), budget);
    let check = time(|| drop(black_box(nianbao::check_bytes(black_box(&bytes), Some("report.html")))), budget);
    println!("typical report: {} ({} bytes, HTML)", typical.display(), bytes.len());
    println!("  bare HTML parse (scraper)   {}", ms(parse));
    println!("  full check                  {}", ms(check));
    println!("  check / parse               {:.2}×", check.as_secs_f64() / parse.as_secs_f64());
    println!("  check beyond the parse      {}", ms(check.saturating_sub(parse)));

    println!("per file:");
    let mut files: Vec<_> = ["seeds", "html", "corpus"]
        .iter()
        .flat_map(|d| std::fs::read_dir(fixtures().join(d)).expect("dir").filter_map(|e| e.ok()).map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .collect();
    files.sort();
    let mut total_bytes = 0usize;
    let mut total = Duration::ZERO;
    for p in &files {
        let b = std::fs::read(p).expect("read");
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let t = time(|| drop(black_box(nianbao::check_bytes(black_box(&b), Some(&name)))), Duration::from_millis(150));
        println!(
            "  {:<44} {:>8} B  {}",
            format!("{}/{}", p.parent().and_then(|d| d.file_name()).and_then(|n| n.to_str()).unwrap_or(""), name),
            b.len(),
            ms(t)
        );
        total_bytes += b.len();
        total += t;
    }
    println!(
        "throughput: {} reports in {} → {:.0} reports/s, {:.1} MB/s",
        files.len(),
        ms(total),
        files.len() as f64 / total.as_secs_f64(),
        total_bytes as f64 / 1e6 / total.as_secs_f64()
    );
}
