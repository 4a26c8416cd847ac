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

/// A check and the findings it can make (some checks make several kinds, e.g. a duplicate
/// sentence and a repeated clause come from one pass over the sentences).
pub struct Rule {
    pub metas: &'static [RuleMeta],
    pub check: fn(&Report, &mut Vec<Finding>),
}

/// Every rule over the model, in the order findings are reported.
pub fn all() -> Vec<Rule> {
    vec![
        Rule { metas: &[requests_row_total::META], check: requests_row_total::check },
        Rule { metas: &[requests_results_total::META], check: requests_results_total::check },
        Rule { metas: &[requests_balance::META], check: requests_balance::check },
        Rule { metas: &[appeals_totals::META], check: appeals_totals::check },
        Rule { metas: &[blank_cells::META, blank_cells::META_TOTAL], check: blank_cells::check },
        Rule { metas: &[number_format::META], check: number_format::check },
        Rule { metas: &[sections::META_MISSING, sections::META_ORDER], check: sections::check },
        Rule {
            metas: &[duplicate_text::META_SENTENCE, duplicate_text::META_CLAUSE, duplicate_text::META_NEAR],
            check: duplicate_text::check,
        },
        Rule { metas: &[prose_vs_tables::META_APPLICATIONS, prose_vs_tables::META_APPEALS], check: prose_vs_tables::check },
        Rule { metas: &[report_year::META_PERIOD, report_year::META_PROSE], check: report_year::check },
    ]
}

/// Metadata of every kind of finding — the template reader's and the rules' — by code.
pub fn metas() -> Vec<RuleMeta> {
    let mut metas = crate::reader::META.to_vec();
    metas.extend(all().iter().flat_map(|r| r.metas.iter().copied()));
    metas.sort_by_key(|m| m.code);
    metas
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

pub fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}
