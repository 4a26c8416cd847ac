//! Which template the report follows: the 2021 format (国办公开办函〔2021〕30号) or the 2019
//! one (〔2019〕60号), told apart by the labels only one of them has.

use crate::ingest::{Block, BlockKind};
use crate::normalize::{compact, fold_char, is_space};
use crate::template::{Format, V2019_MARKERS, V2021_MARKERS};

/// The format the tables follow (`None` for a report older than both, before 2019), and
/// whether it was recognised from labels only one format has (else it follows from the year).
pub fn detect_format(blocks: &[Block], year: Option<i32>) -> (Option<Format>, bool) {
    if year.is_some_and(|y| y < 2019) {
        // Reports before 2019 followed formats with other tables: nothing to read them against.
        return (None, false);
    }
    // Table labels sit in cells, short paragraphs, or paragraphs whose table lost its cells.
    let mut text = String::new();
    for b in blocks {
        if b.kind == BlockKind::Cell || b.text.len() <= 240 || b.text.contains("第二十条") {
            // `compact` of the block, without a String of its own.
            text.extend(b.text.chars().map(fold_char).filter(|c| !is_space(*c)));
            text.push('|');
        }
    }
    let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(&compact(m))).count();
    let (new, old) = (count(V2021_MARKERS), count(V2019_MARKERS));
    if new == 0 && old == 0 {
        // No 主动公开 labels: the other tables are the same in both formats.
        let by_year = match year {
            Some(y) if y < 2019 => None,
            Some(y) if y <= 2020 => Some(Format::V2019),
            _ => Some(Format::V2021),
        };
        return (by_year, false);
    }
    (Some(if old > new { Format::V2019 } else { Format::V2021 }), true)
}
