//! `cargo run --release --bin bench` — prints how long checking takes.
//!
//! For the typical report (the HTML rendering of seed 004: a saved government page of about
//! 57 KB with Word tables and site chrome) it prints the time to merely parse the HTML with
//! scraper, the time for the whole check (decode, parse, ingest, template reading, rules), and
//! their ratio; then per-file times and the throughput over every fixture.
//!
//! `bench layouts` — each PDF and .docx of tests/fixtures/layouts against its floor, the HTML
//! page it was made from, checked in the same run.
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
        if name.ends_with(".pdf") || name.ends_with(".docx") {
            binary_stages(&bytes, name);
            continue;
        }
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

/// The stages of a PDF (objects, content streams, check) or a .docx (to HTML, check), each the
/// median of repeated runs.
fn binary_stages(bytes: &[u8], name: &str) {
    let budget = Duration::from_millis(1000);
    if name.ends_with(".pdf") {
        #[cfg(feature = "pdf")]
        {
            let load = time(|| drop(black_box(lopdf::Document::load_mem(black_box(bytes)))), budget);
            let read = time(|| drop(black_box(nianbao::ingest::pdf::read_pdf(black_box(bytes)))), budget);
            let doc = nianbao::ingest::pdf::read_pdf(bytes).expect("a readable PDF");
            let check = time(|| drop(black_box(nianbao::check_positioned(black_box(&doc)))), budget);
            println!("  lopdf load           {}  ({} pages)", ms(load), doc.pages.len());
            println!("  content streams      {}  ({} items, {} lines)", ms(read.saturating_sub(load)), doc.items.len(), doc.lines.len());
            println!("  check positioned     {}", ms(check));
        }
    } else {
        let html = time(|| drop(black_box(nianbao::ingest::docx::docx_to_html(black_box(bytes)))), budget);
        println!("  docx → HTML          {}", ms(html));
    }
    let all = time(|| drop(black_box(nianbao::check_bytes(black_box(bytes), Some(name)))), budget);
    println!("  whole check          {}", ms(all));
}

/// `bench layouts`: each PDF and .docx of tests/fixtures/layouts checked whole (read + check),
/// next to its floor measured in the same run: the same report as the HTML page it was made
/// from. Medians; the ratio is what to compare across machines.
fn layouts() {
    let dir = fixtures().join("layouts");
    let mut files: Vec<_> = ["pdf", "docx"]
        .iter()
        .flat_map(|d| std::fs::read_dir(dir.join(d)).expect("dir").filter_map(|e| e.ok()).map(|e| e.path()))
        .collect();
    files.sort();
    println!("{:<28} {:>5} {:>11} {:>11} {:>7}", "file", "pages", "check", "floor", "ratio");
    for p in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let stem = name.split('.').next().unwrap_or("");
        // The page it was made from: html/NNN_….html for a seed, layouts/html/corpus-YYYY.html.
        let original = if let Some(seed) = stem.strip_prefix("seed-") {
            let num = &seed[..3];
            std::fs::read_dir(fixtures().join("html"))
                .expect("dir")
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|q| q.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(num)))
        } else {
            Some(dir.join("html").join(format!("{}.html", stem.split('-').take(2).collect::<Vec<_>>().join("-"))))
        };
        let Some(original) = original.filter(|o| o.exists()) else { continue };
        let bytes = std::fs::read(&p).expect("read");
        let html = std::fs::read(&original).expect("read");
        let budget = Duration::from_millis(600);
        let check = time(|| drop(black_box(nianbao::check_bytes(black_box(&bytes), Some(&name)))), budget);
        let floor = time(|| drop(black_box(nianbao::check_bytes(black_box(&html), Some("report.html")))), budget);
        #[cfg(feature = "pdf")]
        let pages = if name.ends_with(".pdf") {
            nianbao::ingest::pdf::read_pdf(&bytes).map(|d| d.pages.len().to_string()).unwrap_or_default()
        } else {
            String::new()
        };
        #[cfg(not(feature = "pdf"))]
        let pages = String::new();
        println!("{name:<28} {pages:>5} {:>11} {:>11} {:>6.2}×", ms(check), ms(floor), check.as_secs_f64() / floor.as_secs_f64());
    }
}

/// `bench text-layouts`: each text layout of tests/fixtures/layouts (PDF text from pdftotext
/// and pdf.js, Markdown from converters, Word/Calc copies) checked as the CLI checks a file, next
/// to its floor measured in the same run: the same report's plain text (tests/fixtures/seeds or
/// tests/fixtures/corpus). Medians per file, then the largest and the median ratio per layout.
fn text_layouts() {
    let dir = fixtures().join("layouts");
    let original = |stem: &str| -> Option<std::path::PathBuf> {
        let (folder, key) = if let Some(seed) = stem.strip_prefix("seed-") {
            ("seeds", seed.get(..3)?.to_string())
        } else {
            ("corpus", format!("pingtan_{}", stem.strip_prefix("corpus-")?.get(..4)?))
        };
        std::fs::read_dir(fixtures().join(folder)).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).find(|q| {
            q.file_name().and_then(|n| n.to_str()).is_some_and(|n| if folder == "seeds" { n.starts_with(&key) } else { n.contains(&key) })
        })
    };
    println!("{:<46} {:>11} {:>11} {:>7}", "file", "check", "floor", "ratio");
    let mut per_layout: Vec<(String, Vec<f64>)> = Vec::new();
    for layout in [
        "pdftotext",
        "pdftotext-layout",
        "pdfjs",
        "markdown-pandoc",
        "markdown-pandoc-gfm",
        "markdown-pandoc-gfm-noraw",
        "markdown-turndown",
        "tsv",
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(layout)) else { continue };
        let mut files: Vec<_> =
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e != "mjs")).collect();
        files.sort();
        let mut ratios = Vec::new();
        for p in files {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            let Some(plain) = original(name.split('.').next().unwrap_or("")) else { continue };
            let bytes = std::fs::read(&p).expect("read");
            let floor_bytes = std::fs::read(&plain).expect("read");
            let budget = Duration::from_millis(300);
            let check = time(|| drop(black_box(nianbao::check_bytes(black_box(&bytes), Some(&name)))), budget);
            let floor = time(|| drop(black_box(nianbao::check_bytes(black_box(&floor_bytes), Some("report.txt")))), budget);
            let ratio = check.as_secs_f64() / floor.as_secs_f64();
            ratios.push(ratio);
            println!("{:<46} {:>11} {:>11} {:>6.2}×", format!("{layout}/{name}"), ms(check), ms(floor), ratio);
        }
        per_layout.push((layout.to_string(), ratios));
    }
    println!("\n{:<28} {:>6} {:>8} {:>8}", "layout", "files", "median", "largest");
    for (layout, mut r) in per_layout.into_iter().filter(|(_, r)| !r.is_empty()) {
        nianbao::sort::by(&mut r, f64::total_cmp);
        println!("{layout:<28} {:>6} {:>7.2}× {:>7.2}×", r.len(), r[r.len() / 2], r[r.len() - 1]);
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
    if args.first().is_some_and(|a| a == "text-layouts") {
        text_layouts();
        return;
    }
    if args.first().is_some_and(|a| a == "layouts") {
        layouts();
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
