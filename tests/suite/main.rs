//! The integration tests, built as one binary: as fifteen (one per file) each linked the
//! library on its own, and `cargo test` spent most of its time building them.
//! tests/memory.rs stays a binary of its own: it installs a counting global allocator.

#[path = "../common/mod.rs"]
mod common;
#[path = "../oracles/mod.rs"]
mod oracles;

mod cli;
mod corpus;
mod diagnosis;
mod glued;
mod golden;
mod html_renderings;
mod pdf_layouts;
mod properties;
mod prose;
mod reliability;
mod robustness;
mod rules;
mod seeds;
mod series;
mod text_layouts;
