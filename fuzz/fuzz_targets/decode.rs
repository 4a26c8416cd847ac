//! Any bytes as a file (`check_bytes`): decoded (BOM, charset, UTF-8 or GB18030), every
//! decoding error located, every oracle of tests/oracles/mod.rs against the decoded text; with
//! no file name and as an HTML file.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/oracles/mod.rs"]
mod oracles;

fuzz_target!(|data: &[u8]| {
    for name in [None, Some("page.html")] {
        if let Err(e) = oracles::check_bytes(data, name) {
            panic!("{name:?}: {e}");
        }
    }
});
