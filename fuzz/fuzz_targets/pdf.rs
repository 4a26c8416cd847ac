//! A PDF's content stream: any bytes as the content of a page (and of a form XObject the page
//! can draw, which can draw itself) in a small PDF with a one-byte and a two-byte font, read by
//! the CLI's PDF reader (`src/ingest/pdf.rs`: its content-stream lexer and interpreter) and the
//! positioned-text reconstruction; and the same bytes as a whole PDF file (lopdf). Oracles: no
//! panic, no hang, a refusal has a message, every "pdf" location is an ordered range on a page
//! with finite rectangles, the JSON round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/oracles/mod.rs"]
mod oracles;

fuzz_target!(|data: &[u8]| {
    let pdf = oracles::pdf_of_pages(&[data, b"BT /F2 12 Tf 72 700 Td <0001> Tj ET /X1 Do"]);
    if let Err(e) = oracles::check_pdf(&pdf) {
        panic!("as a content stream: {e}");
    }
    if let Err(e) = oracles::check_pdf(data) {
        panic!("as a file: {e}");
    }
});
