//! `cargo run --release --bin bench` — prints how long checking takes.
//!
//! For the typical report (the HTML rendering of seed 004: a saved government page of about
//! 57 KB with Word tables and site chrome) it prints the time to merely parse the HTML with
//! scraper, the time for the whole check (decode, parse, ingest, template reading, rules), and
//! their ratio; then per-file times and the throughput over every fixture.
//!
//! `bench file PATH...` — for each file, the time and the peak heap of each stage (decode,
//! ingest, the whole check), for finding where a big or odd input spends its time and memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The system allocator, counting live and peak bytes (for `bench file`).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f` once: its time and the peak of heap bytes allocated during it, above what was live
/// before.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let out = f();
    (out, t.elapsed(), PEAK.load(Relaxed) - base)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// `bench file PATH...`: per stage, time and peak heap.
fn stages(paths: &[String]) {
    for path in paths {
        let bytes = std::fs::read(path).expect("read");
        let name = std::path::Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or("");
        println!("{path}: {} bytes", bytes.len());
        let (decoded, t, peak) = measure(|| nianbao::ingest::decode::decode(&bytes));
        println!("  decode  {:>12}  peak heap {:>10}  ({})", ms(t), mb(peak), decoded.encoding);
        let kind = if name.ends_with(".html") || name.ends_with(".htm") {
            nianbao::InputKind::Html
        } else {
            nianbao::ingest::sniff_kind(&decoded.text)
        };
        let (ingested, t, peak) = measure(|| nianbao::ingest::ingest(&decoded.text, kind));
        println!("  ingest  {:>12}  peak heap {:>10}  ({} blocks)", ms(t), mb(peak), ingested.blocks.len());
        drop(ingested);
        drop(decoded);
        let (report, t, peak) = measure(|| nianbao::check_bytes(&bytes, Some(name)));
        println!(
            "  check   {:>12}  peak heap {:>10}  (decode + ingest + read + rules; {} findings)",
            ms(t),
            mb(peak),
            report.findings.len()
        );
    }
}

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
    if args.first().is_some_and(|a| a == "file") {
        stages(&args[1..]);
        return;
    }
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
