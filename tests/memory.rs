//! Memory of big inputs, measured by a counting allocator (this test binary's own; its tests
//! take turns, `SERIAL`, so nothing else allocates while one measures).
//!
//! 8 MB of `"0 |\n"` (2 097 152 one-cell lines) took 363 MB of RSS in the CLI, 287 MB of heap in
//! ingest alone: besides one `Block` per cell, text ingest kept three tables per line (the lines,
//! their starts and their UTF-16 offsets: 32 bytes a line). Now it keeps nothing per line, so
//! its heap is the blocks (`size_of::<Block>()` each, plus a String per non-empty cell) and
//! nothing more. What remains is outside ingest: see README.md, "Memory of big inputs".

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

static SERIAL: Mutex<()> = Mutex::new(());

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            PEAK.fetch_max(LIVE.fetch_add(layout.size(), Relaxed) + layout.size(), Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    // The system's realloc (glibc moves big blocks with mremap, without a copy): counted as the
    // change in size.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                PEAK.fetch_max(LIVE.fetch_add(grow, Relaxed) + grow, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn text_ingest_keeps_nothing_per_line_but_the_blocks() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // As many lines as are read (more are left unread: see the tests below).
    let lines = nianbao::ingest::MAX_BLOCKS;
    let input = "0 |\n".repeat(lines);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let ingested = nianbao::ingest::ingest(&input, nianbao::InputKind::Text);
    let peak = PEAK.load(Relaxed) - base;
    assert_eq!(ingested.blocks.len(), lines);
    assert_eq!(ingested.read_up_to, None);
    let blocks = ingested.blocks.capacity() * std::mem::size_of::<nianbao::ingest::Block>();
    let texts: usize = ingested.blocks.iter().map(|b| b.text.capacity()).sum();
    eprintln!(
        "{} KB of input: ingest peak heap {:.1} MB = blocks {:.1} MB ({} B each) + their texts {:.1} MB + {:.1} MB",
        input.len() >> 10,
        peak as f64 / 1e6,
        blocks as f64 / 1e6,
        std::mem::size_of::<nianbao::ingest::Block>(),
        texts as f64 / 1e6,
        (peak - blocks - texts) as f64 / 1e6
    );
    // Before: 32 bytes a line more (the blocks, their texts, and ~34 MB of line tables).
    assert!(peak <= blocks + texts + (64 << 10), "ingest peak {peak} B for {blocks} B of blocks and {texts} B of text");
}

/// The peak heap of the CLI's check (`nianbao::try_check_vec`, the file's bytes given away) of
/// 8 MB of `"0 |"` lines (2 097 152 one-cell lines, the pasted-garbage case of issue 15), and
/// what it says.
fn check_short_lines() -> (usize, usize) {
    let input = "0 |\n".repeat(2 << 20).into_bytes();
    let size = input.len();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let report = nianbao::try_check_vec(input, Some("lines.txt")).expect("text is checked");
    let peak = PEAK.load(Relaxed) - base;
    assert_eq!(report.document.kind, nianbao::ReportKind::NotAReport);
    assert!(report.findings.is_empty());
    // Read up to the last line read, and said so (S313; the text output says it of a non-report).
    let cut = report.document.read_up_to.as_ref().expect("the input was cut");
    assert_eq!(cut.line, Some(nianbao::ingest::MAX_BLOCKS as u32 + 1));
    assert!(nianbao::output::to_text(&report, "lines.txt")
        .contains("输入过长：只读取了前50000个段落、行或表格单元格，第50001行起的内容没有读取，也没有检查"));
    eprintln!("8 MB of short lines: check peak heap {:.1} MB = {:.1}× the input", peak as f64 / 1e6, peak as f64 / size as f64);
    (peak, size)
}

/// Issue 15's goal: memory at most 10× the input. Before: 224 MB of heap (27×; 295 MB RSS in
/// the CLI), nearly all of it 2 097 152 blocks of 104 bytes and their one-byte texts. Now at
/// most `MAX_BLOCKS` blocks are read and the rest is said not to be.
#[test]
fn checking_short_lines_stays_within_ten_times_the_input() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (peak, size) = check_short_lines();
    assert!(peak <= 10 * size, "peak heap {peak} B for {size} B of input");
}
