//! Memory of big inputs, measured by a counting allocator (this test binary's own, so it holds
//! one test only: nothing else allocates while it measures).
//!
//! 8 MB of `"0 |\n"` (2 097 152 one-cell lines) took 363 MB of RSS in the CLI, 287 MB of heap in
//! ingest alone: besides one `Block` per cell, text ingest kept three tables per line (the lines,
//! their starts and their UTF-16 offsets: 32 bytes a line). Now it keeps nothing per line, so
//! its heap is the blocks (`size_of::<Block>()` each, plus a String per non-empty cell) and
//! nothing more. What remains is outside ingest: see README.md, "Memory of big inputs".

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

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
    let lines = 1 << 20;
    let input = "0 |\n".repeat(lines);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let ingested = nianbao::ingest::ingest(&input, nianbao::InputKind::Text);
    let peak = PEAK.load(Relaxed) - base;
    assert_eq!(ingested.blocks.len(), lines);
    let blocks = ingested.blocks.capacity() * std::mem::size_of::<nianbao::ingest::Block>();
    let texts: usize = ingested.blocks.iter().map(|b| b.text.capacity()).sum();
    eprintln!(
        "{} MB of input: ingest peak heap {:.1} MB = blocks {:.1} MB ({} B each) + their texts {:.1} MB + {:.1} MB",
        input.len() >> 20,
        peak as f64 / 1e6,
        blocks as f64 / 1e6,
        std::mem::size_of::<nianbao::ingest::Block>(),
        texts as f64 / 1e6,
        (peak - blocks - texts) as f64 / 1e6
    );
    // Before: 32 bytes a line more (the blocks, their texts, and ~34 MB of line tables).
    assert!(peak <= blocks + texts + (1 << 20), "ingest peak {peak} B for {blocks} B of blocks and {texts} B of text");
}
