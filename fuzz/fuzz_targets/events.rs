//! DOM event input (`check_events`, what the web page and the extension send): any string,
//! its bytes 0x01/0x02/0x03 being the element marks. Locations name existing elements and the
//! JSON survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/oracles/mod.rs"]
mod oracles;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let json = nianbao::output::to_json(&nianbao::check_events(input), "events");
    if let Err(e) = oracles::check_locations(&json, input).and_then(|_| oracles::check_roundtrip(&json)) {
        panic!("{e}");
    }
});
