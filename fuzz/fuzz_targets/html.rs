//! HTML input: html5ever's reading against the reading of the same page sent as a front end's
//! DOM event stream (`nianbao::ingest::html::html_events`), plus every oracle of
//! tests/oracles/mod.rs on both answers.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/oracles/mod.rs"]
mod oracles;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    if let Err(e) = oracles::check_html_matches_events(input) {
        panic!("{e}");
    }
});
