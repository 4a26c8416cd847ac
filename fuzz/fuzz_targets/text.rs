//! Plain text input: read as text and as guessed (text or HTML), every oracle of
//! tests/oracles/mod.rs on the answer.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/oracles/mod.rs"]
mod oracles;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    if let Err(e) = oracles::check_str(input, Some(nianbao::InputKind::Text)) {
        panic!("as text: {e}");
    }
    if let Err(e) = oracles::check_str(input, None) {
        panic!("guessed: {e}");
    }
});
