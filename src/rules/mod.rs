//! Rules: each a module with a stable code, a severity and a Chinese message. A rule's doc
//! comment states its basis and is its documentation (`nianbao rules` prints them).

use crate::model::{Finding, Report, Severity};

pub mod appeals_totals;
pub mod blank_cells;
pub mod duplicate_text;
pub mod number_format;
pub mod prose;
pub mod prose_vs_tables;
pub mod report_year;
pub mod requests_balance;
pub mod requests_results_total;
pub mod requests_row_total;
pub mod sections;

/// Metadata of a rule, apart from its check (as axe-core keeps them).
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line in Chinese for users.
    pub summary: &'static str,
}

impl RuleMeta {
    pub fn finding(&self, message: String) -> Finding {
        Finding {
            code: self.code,
            rule: self.name,
            severity: self.severity,
            message,
            cells: Vec::new(),
            excerpt: None,
            location: None,
            locations: Vec::new(),
        }
    }
}

pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&Report, &mut Vec<Finding>),
}

/// Every rule over the model, in the order findings are reported.
pub fn all() -> Vec<Rule> {
    vec![
        Rule { meta: requests_row_total::META, check: requests_row_total::check },
        Rule { meta: requests_results_total::META, check: requests_results_total::check },
        Rule { meta: requests_balance::META, check: requests_balance::check },
        Rule { meta: appeals_totals::META, check: appeals_totals::check },
        Rule { meta: blank_cells::META, check: blank_cells::check },
        Rule { meta: blank_cells::META_TOTAL, check: |_, _| {} },
        Rule { meta: number_format::META, check: number_format::check },
        Rule { meta: sections::META_MISSING, check: sections::check },
        Rule { meta: sections::META_ORDER, check: |_, _| {} },
        Rule { meta: duplicate_text::META_SENTENCE, check: duplicate_text::check },
        Rule { meta: duplicate_text::META_CLAUSE, check: |_, _| {} },
        Rule { meta: duplicate_text::META_NEAR, check: |_, _| {} },
        Rule { meta: prose_vs_tables::META_APPLICATIONS, check: prose_vs_tables::check },
        Rule { meta: prose_vs_tables::META_APPEALS, check: |_, _| {} },
        Rule { meta: report_year::META_PERIOD, check: report_year::check },
        Rule { meta: report_year::META_PROSE, check: |_, _| {} },
    ]
}

/// Metadata of the structural findings the template reader makes while reading.
pub fn reader_rules() -> Vec<RuleMeta> {
    crate::reader::META.to_vec()
}

/// Fills in `location` (first cell) and `locations` (all cells) from a finding's cells.
pub fn locate_cells(f: &mut Finding) {
    for c in &f.cells {
        if let Some(l) = &c.location {
            if !f.locations.contains(l) {
                f.locations.push(l.clone());
            }
        }
    }
    if f.location.is_none() {
        f.location = f.locations.first().cloned();
    }
}

/// Sum of the cells' amounts, `None` when any cell has no usable number.
pub fn sum(values: &[Option<f64>]) -> Option<f64> {
    values.iter().copied().sum()
}

pub fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}
