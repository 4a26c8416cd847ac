//! One diagnosis per mistake, measured: reports generated from clean ones with exactly one
//! wrong table cell (a count changed, or a cell left blank), each checked. The checker should
//! make on average at most 1.3 error findings per mistake, and in at least 95% of the reports
//! one finding should carry `expected` on the injected cell, with the value it had.
//!
//! `cargo test --release --test suite diagnosis:: -- --nocapture` prints the figures.

use crate::common::fixture;
use nianbao::template::TableId;
use nianbao::Severity;

/// Clean reports (no error finding) in several layouts and both formats, whose cells are read
/// where they are written (the corpus's own pages glue their digits together).
const BASES: &[&str] = &[
    "../rules/T101/pass.txt",
    "seeds/000_35c2c8aa80e7f5b3.txt",
    "seeds/002_2df4fb0f365bf309.txt",
    "layouts/pdftotext/corpus-2019-a4.txt",
    "layouts/pdftotext/corpus-2021-a4.txt",
    "layouts/pdftotext/corpus-2024-a4.txt",
];

/// A small deterministic generator (xorshift), so the reports are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated report: the text with one cell changed, and that cell.
struct Injected {
    text: String,
    table: TableId,
    row: String,
    col: &'static str,
    original: String,
}

/// Every report with one wrong cell that `text` gives: each number cell of the tables with sum
/// relations, written as plain digits where the reader found it, changed once (by 1 to 9 either
/// way, never below 0) and, where the layout separates cells by tabs, also left blank.
fn one_wrong_cell(text: &str, rng: &mut Rng) -> Vec<Injected> {
    let report = nianbao::check_bytes(text.as_bytes(), Some("base.txt"));
    let tabs = text.contains('\t');
    let mut out = Vec::new();
    for table in report.document.tables.iter().filter(|t| t.found && matches!(t.id, TableId::Requests | TableId::Appeals)) {
        for row in &table.rows {
            for cell in &row.cells {
                let (Some(raw), Some(loc)) = (cell.raw.as_deref(), cell.loc.as_ref()) else { continue };
                let raw = raw.trim();
                if cell.inferred || raw.is_empty() || !raw.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                if text.get(loc.start..loc.end).map(str::trim) != Some(raw) {
                    continue;
                }
                let value: u64 = raw.parse().unwrap();
                let mut variants: Vec<String> = Vec::new();
                let delta = 1 + rng.below(9);
                let changed = if value >= delta && rng.below(2) == 0 { value - delta } else { value + delta };
                variants.push(changed.to_string());
                if tabs && value > 0 {
                    variants.push(String::new());
                }
                for v in variants {
                    let mut t = String::with_capacity(text.len());
                    t.push_str(&text[..loc.start]);
                    t.push_str(&v);
                    t.push_str(&text[loc.end..]);
                    out.push(Injected { text: t, table: table.id, row: row.path.clone(), col: cell.col, original: raw.to_string() });
                }
            }
        }
    }
    out
}

#[derive(Default, Debug)]
struct Tally {
    reports: usize,
    errors: usize,
    expected_on_cell: usize,
    named_alone: usize,
}

#[test]
fn one_wrong_cell_is_one_finding_that_says_what_it_should_be() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut total = Tally::default();
    let mut misses: Vec<String> = Vec::new();
    for base in BASES {
        let text = std::fs::read_to_string(fixture(base)).unwrap();
        let clean = nianbao::check_bytes(text.as_bytes(), Some("base.txt"));
        assert!(clean.findings.iter().all(|f| f.severity < Severity::Error), "{base} is not clean");
        let mut tally = Tally::default();
        for inj in one_wrong_cell(&text, &mut rng) {
            let r = nianbao::check_bytes(inj.text.as_bytes(), Some("base.txt"));
            let errors = r.findings.iter().filter(|f| f.severity == Severity::Error).count();
            tally.reports += 1;
            tally.errors += errors;
            let on_cell = |f: &&nianbao::Finding| {
                f.cells
                    .iter()
                    .any(|c| c.table == inj.table && c.row == inj.row && c.col == inj.col && c.expected.as_deref() == Some(&inj.original))
            };
            match r.findings.iter().find(on_cell) {
                Some(f) => {
                    tally.expected_on_cell += 1;
                    if f.cells.iter().filter(|c| c.expected.is_some()).count() == 1 {
                        tally.named_alone += 1;
                    }
                }
                None => misses.push(format!(
                    "{base}: {}|{} {}→? : {:?}",
                    inj.row,
                    inj.col,
                    inj.original,
                    r.findings.iter().filter(|f| f.severity >= Severity::Warning).map(|f| &f.message).collect::<Vec<_>>()
                )),
            }
            if errors > 1 {
                misses.push(format!(
                    "{base}: {}|{} {}: {errors} errors: {:?}",
                    inj.row,
                    inj.col,
                    inj.original,
                    r.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.code).collect::<Vec<_>>()
                ));
            }
        }
        println!(
            "{base}: {} reports, {:.3} errors per mistake, expected on the cell {:.1}%, the cell named alone {:.1}%",
            tally.reports,
            tally.errors as f64 / tally.reports as f64,
            100.0 * tally.expected_on_cell as f64 / tally.reports as f64,
            100.0 * tally.named_alone as f64 / tally.reports as f64
        );
        total.reports += tally.reports;
        total.errors += tally.errors;
        total.expected_on_cell += tally.expected_on_cell;
        total.named_alone += tally.named_alone;
    }
    let per_mistake = total.errors as f64 / total.reports as f64;
    let on_cell = total.expected_on_cell as f64 / total.reports as f64;
    println!(
        "all: {} reports, {per_mistake:.3} errors per mistake, expected on the injected cell {:.1}%, named alone {:.1}%",
        total.reports,
        100.0 * on_cell,
        100.0 * total.named_alone as f64 / total.reports as f64
    );
    for m in misses.iter().take(40) {
        println!("  {m}");
    }
    assert!(total.reports >= 500, "{} reports", total.reports);
    assert!(per_mistake <= 1.3, "{per_mistake:.3} error findings per mistake");
    assert!(on_cell >= 0.95, "expected on the injected cell in {:.1}%", 100.0 * on_cell);
}
