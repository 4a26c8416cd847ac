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
//! `bench goals` — the performance goals of issue 15, each next to its floor measured in the
//! same run: 400 KB prose-heavy pages (a portal page whose link list is prose to the core, and
//! a report with 340 KB more of report prose) against their bare parse, P403 on 1,125/2,250/4,500 similar
//! sentences, the JSON against the check, a 1.9 MB page with a 14,000-link sidebar, the peak
//! heap of 8 MB of short lines. `bench goals write DIR` writes those inputs as files (for the
//! CLI under `/usr/bin/time -v` or callgrind).
//! `bench once parse|check FILE` — one bare parse or one check (with its JSON) of a file, to
//! count instructions under `valgrind --tool=callgrind` (repeatable whatever the load).
//! `bench batch DIR [N]` — writes the batch of issue 13: N (1,000) saved report pages of
//! 56–69 KB, the seven 平潭 renderings 2019–2025 (tests/fixtures/layouts/html) under made-up
//! issuers, for `nianbao check --format jsonl DIR/*.html`.

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

/// `bench batch DIR [N]`: the seven 平潭 renderings 2019–2025 under ⌈N/7⌉ made-up issuers
/// (「东安县」, 「东宁县」, …), N files `III_YYYY.html`: each issuer's years a series.
fn write_batch(dir: &str, n: usize) {
    let src = fixtures().join("layouts/html");
    let years: Vec<(i32, String)> =
        (2019..=2025).map(|y| (y, std::fs::read_to_string(src.join(format!("corpus-{y}.html"))).expect("corpus rendering"))).collect();
    let (a, b) = ("东南西北青云白山水石金玉", "安宁丰华兴和平昌江河阳泰");
    let issuers: Vec<String> = a.chars().flat_map(|x| b.chars().map(move |y| format!("{x}{y}县"))).collect();
    std::fs::create_dir_all(dir).expect("create the folder");
    let mut written = 0;
    'out: for (i, issuer) in issuers.iter().enumerate() {
        for (y, page) in &years {
            if written == n {
                break 'out;
            }
            std::fs::write(format!("{dir}/{i:03}_{y}.html"), page.replace("平潭综合实验区", issuer)).expect("write");
            written += 1;
        }
    }
    println!("{written} pages in {dir}");
}

/// The 400 KB prose-heavy page: the typical report (四方台区 2024, 57 KB) with the prose of
/// the 平潭 corpus (2013–2025) and the seeds, a paragraph every four sentences, in its section
/// 一 until the page is 400 KB (the corpus is used about twice over).
fn prose_heavy_page() -> String {
    let page = std::fs::read_to_string(fixtures().join("html/004_c4248d9b40c3335c.html")).expect("fixture");
    let mut sentences: Vec<String> = Vec::new();
    for d in ["corpus", "seeds"] {
        let mut paths: Vec<_> = std::fs::read_dir(fixtures().join(d)).expect("dir").flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).expect("read");
            let body = text.split("==================== 正文 ====================").last().unwrap_or("");
            for s in body.split_inclusive('。') {
                let s = s.trim();
                // Prose only: no table cells, no glued runs of figures.
                let longest_digits = s.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
                if s.chars().count() >= 12 && !s.contains('|') && longest_digits < 6 {
                    sentences.push(s.to_string());
                }
            }
        }
    }
    let at = page
        .find("<p class=\"MsoNormal\" style=\"text-indent:2em\"><span style=\"font-family:仿宋_GB2312\">二、主动公开")
        .expect("section 二");
    let mut prose = String::new();
    'fill: loop {
        for group in sentences.chunks(4) {
            if page.len() + prose.len() >= 400_000 {
                break 'fill;
            }
            prose.push_str(&format!(
                "<p class=\"MsoNormal\" style=\"text-indent:2em\"><span style=\"font-family:仿宋_GB2312\">{}</span></p>",
                group.concat()
            ));
        }
    }
    format!("{}{prose}{}", &page[..at], &page[at..])
}

/// The 400 KB portal page of issue 15 (the page its extension timings were taken on, as
/// tests/e2e/extension-measure.mjs first made it): tests/fixtures/pages/sifangtai-2024.html
/// with a sidebar of distinct news links (「区发改局召开春耕备耕工作」 …) before its footer,
/// grown to 400 KiB. Every link is a paragraph of prose to the core.
fn portal_page() -> String {
    let base = std::fs::read_to_string(fixtures().join("pages/sifangtai-2024.html")).expect("fixture");
    let orgs = [
        "区发改局",
        "区教育局",
        "区民政局",
        "区财政局",
        "区人社局",
        "区住建局",
        "区交通局",
        "区水务局",
        "区农业农村局",
        "区商务局",
        "区文旅局",
        "区卫健委",
        "区应急局",
    ];
    let acts = ["召开", "部署", "推进", "开展", "组织", "举办", "启动", "完成", "深化", "落实", "总结"];
    let topics = [
        "春耕备耕",
        "安全生产",
        "延时服务",
        "冬季供暖",
        "就业援助",
        "营商环境",
        "河道治理",
        "校园安全",
        "食品抽检",
        "消防演练",
        "防汛备汛",
        "文明创建",
        "乡村振兴",
        "养老服务",
        "医保宣传",
        "普法宣传",
        "招商引资",
        "项目建设",
        "环境整治",
        "森林防火",
        "社区治理",
        "信访接待",
        "燃气安全",
        "交通整治",
        "垃圾分类",
        "体育健身",
        "文化惠民",
        "科技创新",
        "人才引进",
    ];
    let mut side = String::from("<div class=\"side\"><h3>政务公开</h3><ul>");
    let mut i = 0;
    while base.len() + side.len() < 400 * 1024 - 200 {
        let title = format!("{}{}{}工作", orgs[i % 13], acts[(i / 13) % 11], topics[(i / 143) % 29]);
        side.push_str(&format!(
            "<li><a href=\"#n{i}\">{title}</a><span class=\"date\">2024-{:02}-{:02}</span></li>",
            (i % 12) + 1,
            (i % 28) + 1
        ));
        i += 1;
    }
    side.push_str("</ul></div>");
    base.replacen("<div class=\"foot\">", &format!("{side}\n<div class=\"foot\">"), 1)
}

/// `n` sentences of about 47 characters that differ from each other by a word or two (P403's
/// worst case: every one shares its ends with hundreds of others), one a line after a title.
fn similar_sentences(n: usize) -> String {
    const WORDS: [&str; 30] = [
        "政策", "制度", "规范", "标准", "流程", "机制", "平台", "渠道", "目录", "指南", "清单", "台账", "预案", "专栏", "窗口", "热线",
        "数据", "档案", "表格", "公告", "通知", "意见", "办法", "规定", "细则", "方案", "计划", "报告", "总结", "简报",
    ];
    let mut out = String::from("某某县2024年政府信息公开工作年度报告\n一、总体情况\n");
    for i in 0..n {
        let (a, b, c) = (WORDS[i % 30], WORDS[(i / 30) % 30], WORDS[(i / 900) % 30]);
        out.push_str(&format!("本机关进一步加强政务公开工作，认真落实{a}{b}有关要求，切实做好{c}公开工作，推动信息公开工作提质增效。\n"));
    }
    out
}

/// The 1.9 MB page: tests/fixtures/pages/sifangtai-2024.html with a sidebar of `links` news
/// links before the article, as tests/e2e/page-fixtures.mjs `bigPage` makes it.
fn sidebar_page(links: usize) -> String {
    let page = std::fs::read_to_string(fixtures().join("pages/sifangtai-2024.html")).expect("fixture");
    let mut side = String::from("<div class=\"side\"><h3>相关信息</h3><ul class=\"list\">\n");
    for i in 0..links {
        let d = format!("2024-{:02}-{:02}", (i % 12) + 1, (i % 28) + 1);
        side.push_str(&format!(
            "<li><a href=\"/xxgk/{}/art_{}.html\">关于做好第{}批政务公开重点事项的通知</a><span>{d}</span></li>",
            2024 - (i % 9),
            100_000 + i,
            i + 1
        ));
        if i + 1 < links {
            side.push('\n');
        }
    }
    side.push_str("\n</ul></div>\n");
    page.replacen("<div class=\"main\">", &format!("{side}<div class=\"main\">"), 1)
}

/// `bench goals`: issue 15's performance goals, each with its floor from the same run.
fn goals(args: &[String]) {
    let short_lines = "0 |\n".repeat(2 << 20);
    if let [write, dir] = args {
        assert_eq!(write, "write", "bench goals [write DIR]");
        std::fs::create_dir_all(dir).expect("create the folder");
        std::fs::write(format!("{dir}/portal-400k.html"), portal_page()).expect("write");
        std::fs::write(format!("{dir}/prose-400k.html"), prose_heavy_page()).expect("write");
        std::fs::write(format!("{dir}/similar-4500.txt"), similar_sentences(4500)).expect("write");
        std::fs::write(format!("{dir}/sidebar-14000.html"), sidebar_page(14_000)).expect("write");
        std::fs::write(format!("{dir}/short-lines-8m.txt"), &short_lines).expect("write");
        println!("prose-400k.html similar-4500.txt sidebar-14000.html short-lines-8m.txt in {dir}");
        return;
    }
    let budget = Duration::from_millis(1500);
    let json = |r: &nianbao::Report| {
        nianbao::output::json_string(&nianbao::output::ReportJson { report: r, file: "f", previous: None, with_text: false }, false)
    };

    for (what, page) in [
        ("portal page, 400 KiB of it a list of distinct links", portal_page()),
        ("report page with 340 KB more of report prose", prose_heavy_page()),
    ] {
        let parse = time(|| drop(black_box(scraper::Html::parse_document(black_box(&page)))), budget);
        let check = time(|| drop(black_box(nianbao::check_bytes(black_box(page.as_bytes()), Some("page.html")))), budget);
        println!(
            "1. {what} ({} KB): bare parse (scraper) {}, check {}: {:.2}× (goal ≤ 2×)",
            page.len() / 1000,
            ms(parse),
            ms(check),
            check.as_secs_f64() / parse.as_secs_f64()
        );
    }

    let p403 = nianbao::rules::by_code("P403").expect("P403");
    let nianbao::rules::Check::Function(near) = p403.check else { panic!("P403 is a rule function") };
    let mut per = Vec::new();
    for n in [1125, 2250, 4500] {
        let text = similar_sentences(n);
        let report = nianbao::check_str(&text, Some(nianbao::InputKind::Text));
        let t = time(
            || {
                let mut out = Vec::new();
                near(black_box(&report.document), &mut out);
                black_box(out);
            },
            Duration::from_millis(500),
        );
        println!("2. P403 alone, {n} similar sentences ({} KB): {}", text.len() / 1000, ms(t));
        per.push(t.as_secs_f64() / n as f64);
    }
    println!("   per sentence at 4,500 / at 1,125: {:.2} (1 = linear; goal ≤ 50 ms at 4,500)", per[2] / per[0]);

    let typical = std::fs::read(fixtures().join("html/004_c4248d9b40c3335c.html")).expect("fixture");
    let report = nianbao::check_bytes(&typical, Some("report.html"));
    let check = time(|| drop(black_box(nianbao::check_bytes(black_box(&typical), Some("report.html")))), budget);
    let written = time(|| drop(black_box(json(black_box(&report)))), budget);
    let tree = time(|| drop(black_box(nianbao::output::to_json(black_box(&report), "f").to_string())), budget);
    println!(
        "3. JSON of the typical report: written directly {} ({} bytes), through a serde_json::Value {}; the check {}: JSON {:.0}% of the check",
        ms(written),
        json(&report).len(),
        ms(tree),
        ms(check),
        written.as_secs_f64() / check.as_secs_f64() * 100.0
    );

    let big = sidebar_page(14_000);
    let bare = sidebar_page(0);
    let parse = time(|| drop(black_box(scraper::Html::parse_document(black_box(&big)))), budget);
    let check = time(|| drop(black_box(json(&nianbao::check_bytes(black_box(big.as_bytes()), Some("page.html"))))), budget);
    let floor = time(|| drop(black_box(json(&nianbao::check_bytes(black_box(bare.as_bytes()), Some("page.html"))))), budget);
    println!(
        "4. page with a 14,000-link sidebar, {} KB: check + JSON {} (goal ≤ 100 ms); bare parse {} ({:.2}×); without the sidebar ({} KB) {}",
        big.len() / 1000,
        ms(check),
        ms(parse),
        check.as_secs_f64() / parse.as_secs_f64(),
        bare.len() / 1000,
        ms(floor)
    );

    let (report, t, peak) = measure(|| nianbao::check_bytes(short_lines.as_bytes(), Some("lines.txt")));
    let (_, _, json_peak) = measure(|| json(&report));
    drop(report);
    println!(
        "5. 8 MB of short lines (\"0 |\"): check {}, peak heap {} = {:.1}× the input, its JSON {} more (goal: RSS ≤ 10× the input; measure the CLI with /usr/bin/time -v)",
        ms(t),
        mb(peak),
        peak as f64 / short_lines.len() as f64,
        mb(json_peak)
    );
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
    // `bench once parse|check FILE`: one bare parse (scraper) or one check with its JSON, for
    // counting instructions under callgrind (the figures that do not move with the load).
    if let [once, what, path] = args.as_slice() {
        if once == "once" {
            let bytes = std::fs::read(path).expect("read");
            match what.as_str() {
                "parse" => drop(black_box(scraper::Html::parse_document(&String::from_utf8_lossy(&bytes)))),
                _ => {
                    let report = nianbao::check_bytes(&bytes, Some(path));
                    let json = nianbao::output::ReportJson { report: &report, file: path, previous: None, with_text: false };
                    drop(black_box(nianbao::output::json_string(&json, false)));
                }
            }
            return;
        }
    }
    if args.first().is_some_and(|a| a == "goals") {
        goals(&args[1..]);
        return;
    }
    if args.first().is_some_and(|a| a == "batch") {
        let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
        write_batch(args.get(1).map(String::as_str).expect("bench batch DIR [N]"), n);
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
