//! Rules: the only place a finding is made. A rule is one file `src/rules/<code>_<name>.rs`
//! whose `//!` comment states its basis (it is the rule's documentation: `nianbao rules CODE`)
//! and which declares `META` and `check`; or, for a sum relation (勾稽关系), one entry of
//! `template::SUM_RELATIONS`, evaluated by [`sums`]. Each code has a fixture folder
//! `tests/rules/<CODE>/` (see CONTRIBUTING.md).
//!
//! Two kinds of rule file: most check one report (`check(&Document, …)`); the cross-year rules
//! (`Y5xx`, marked `(pair)` in `rule_files!`) check a report against the same body's report of
//! the year before (`check(&Pair, …)`), and their findings belong to the later report.

use crate::document::{Document, ReportKind};
use crate::finding::{Finding, ReportRef, RuleMeta};
use crate::template::SumRelation;
use std::sync::Arc;

pub mod basis_line;
pub mod confidence;
pub mod pair;
pub mod prose;
pub mod sums;

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// A rule: what it is (metadata and basis) and how it checks a document.
pub struct Rule {
    pub meta: RuleMeta,
    /// The rule's documentation: what it checks and on what basis, in the rule's own words. In
    /// the page's wasm, a rule file's is only what its 「依据」 line shows ([`Rule::basis_line`]).
    pub basis: &'static str,
    pub check: Check,
}

pub enum Check {
    /// A rule file's `check`.
    Function(fn(&Document, &mut Vec<Finding>)),
    /// A sum relation of the template, evaluated by [`sums::check`].
    Sum(&'static SumRelation),
    /// A cross-year rule file's `check`: a report and the same body's report of the year before.
    Pair(fn(&Pair, &mut Vec<Finding>)),
}

/// Two reports of one body, a year apart, as the cross-year rules see them. Findings go to
/// `later`; what they cite of `earlier` (cells, passages) carries `earlier_ref`.
pub struct Pair<'a> {
    pub earlier: &'a Document,
    pub later: &'a Document,
    /// Which report `earlier` is: its file, title and year.
    pub earlier_ref: Arc<ReportRef>,
}

/// The rule files, in code order (a test checks the order and that no file is left out). A
/// module followed by `(pair)` is a cross-year rule: its `check` takes a [`Pair`].
macro_rules! rule_files {
    (@check $module:ident) => { Check::Function($module::check) };
    (@check $module:ident pair) => { Check::Pair($module::check) };
    ($($module:ident $(($kind:ident))?),* $(,)?) => {
        $(mod $module;)*
        const RULE_FILES: &[(&str, fn() -> Rule)] = &[$((stringify!($module), || Rule {
            meta: $module::META,
            basis: docs::$module,
            check: rule_files!(@check $module $($kind)?),
        })),*];
    };
}

/// The figures the prose states of single 主动公开 cells (P416's claims), for the glued-digit
/// splitter.
pub use p416_prose_active::{stated_cells, StatedCell};
/// What to say where an input was cut (S313), also of one that is no report.
pub use s313_input_cut::cut_message;

rule_files![
    p401_duplicate_sentence,
    p402_repeated_clause,
    p403_near_duplicate,
    p411_prose_applications,
    p412_prose_appeals,
    p413_prose_results,
    p414_prose_applicants,
    p415_prose_percentages,
    p416_prose_active,
    p417_prose_completed,
    p418_prose_received_both,
    p421_period_year,
    p422_prose_year,
    s301_missing_cells,
    s302_extra_cells,
    s303_misspelled_label,
    s304_missing_label,
    s305_unknown_label,
    s306_missing_table,
    s307_missing_row,
    s308_missing_section,
    s309_section_order,
    s310_predates_template,
    s311_tables_unread,
    s312_format_year,
    s313_input_cut,
    v201_blank_cells,
    v202_blank_total,
    v203_number_format,
    v204_glued_digits,
    y501_carry_over(pair),
    y502_published_total_chain(pair),
    y503_item_count_chain(pair),
    y504_in_force_exceeds(pair),
    y505_in_force_shrinks(pair),
    y511_copied_section(pair),
    y512_repeated_problem(pair),
    y521_prose_change(pair),
];

/// Every rule, sorted by code: the rule files and the template's sum relations.
pub fn all() -> &'static [Rule] {
    use std::sync::OnceLock;
    static ALL: OnceLock<Vec<Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<Rule> = RULE_FILES.iter().map(|(_, make)| make()).collect();
        rules.extend(crate::template::SUM_RELATIONS.iter().map(sums::rule));
        crate::sort::by_key(&mut rules[..], |r| r.meta.code);
        rules
    })
}

impl Rule {
    /// The 「依据」 line of the front ends' tooltips (at most 90 characters).
    pub fn basis_line(&self) -> String {
        let prefix = match self.check {
            Check::Function(_) | Check::Pair(_) if docs::SHORT => self.basis.to_string(),
            _ => basis_line::basis_prefix(self.basis),
        };
        basis_line::complete(&prefix, self.meta.summary, 90)
    }
}

/// The rules as JSON for the front ends: `[{code, name, severity, scope, summary, basisLine,
/// basis}]` — `basisLine` for tooltips; `basis`, the whole documentation, except for the rule
/// files in the page's wasm (the help page takes theirs from [`file_docs_json`]).
pub fn rules_json() -> String {
    let list: Vec<_> = all()
        .iter()
        .map(|r| {
            let m = r.meta;
            let mut v = serde_json::json!({ "code": m.code, "name": m.name, "severity": m.severity, "scope": m.scope, "summary": m.summary, "basisLine": r.basis_line() });
            if !docs::SHORT || matches!(r.check, Check::Sum(_)) {
                v["basis"] = serde_json::Value::from(r.basis);
            }
            v
        })
        .collect();
    serde_json::Value::from(list).to_string()
}

/// Each rule file's whole documentation by code, as a JSON object: the PDF module gives it to
/// the help page, since the page's wasm carries only the 「依据」 lines (the sum relations'
/// documentation is the template's, in both).
pub fn file_docs_json() -> String {
    let docs: serde_json::Map<String, serde_json::Value> =
        docs::ALL.iter().map(|(module, doc)| (module[..4].to_ascii_uppercase(), serde_json::Value::from(*doc))).collect();
    serde_json::Value::from(docs).to_string()
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.meta.code.eq_ignore_ascii_case(code))
}

/// Runs every rule over a document. A page that is not a report gets no findings. Findings
/// come most serious first, then in code order, each rule's in the order it made them.
pub fn run(document: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    if document.kind == ReportKind::NotAReport {
        return out;
    }
    // The prose rules share their readings of the document (claims, clauses of this year).
    prose::memoized(document, || {
        for rule in all() {
            let before = out.len();
            match rule.check {
                Check::Function(check) => check(document, &mut out),
                Check::Sum(relation) => sums::check(document, relation, &mut out),
                Check::Pair(_) => {}
            }
            debug_assert!(
                out[before..].iter().all(|f| f.code == rule.meta.code && f.severity <= rule.meta.severity),
                "{} made a finding that is not its own",
                rule.meta.code
            );
        }
        sums::settle_with_prose(&mut out);
        confidence::gate(document, &mut out);
    });
    crate::sort::by_key(&mut out[..], |f| std::cmp::Reverse(f.severity));
    out
}

/// Runs the cross-year rules over a pair (see [`Pair`]): nothing unless both are reports. The
/// findings belong to the later report; they come most serious first, then in code order.
pub fn run_pair(pair: &Pair) -> Vec<Finding> {
    let mut out = Vec::new();
    if pair.earlier.kind == ReportKind::NotAReport || pair.later.kind == ReportKind::NotAReport {
        return out;
    }
    for rule in all() {
        if let Check::Pair(check) = rule.check {
            let before = out.len();
            check(pair, &mut out);
            debug_assert!(
                out[before..].iter().all(|f| f.code == rule.meta.code && f.severity <= rule.meta.severity),
                "{} made a finding that is not its own",
                rule.meta.code
            );
        }
    }
    crate::sort::by_key(&mut out[..], |f| std::cmp::Reverse(f.severity));
    out
}

/// Whether a rule checks a pair of reports (a cross-year rule).
pub fn is_pair_rule(rule: &Rule) -> bool {
    matches!(rule.check, Check::Pair(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_registered_in_code_order() {
        let registered: Vec<&str> = RULE_FILES.iter().map(|(m, _)| *m).collect();
        assert_eq!(registered, docs::FILES, "rule_files! must list every src/rules/<code>_<name>.rs, sorted");
        for (module, make) in RULE_FILES {
            let rule = make();
            let code = module.split('_').next().unwrap().to_ascii_uppercase();
            assert_eq!(rule.meta.code, code, "{module}: the file name starts with the rule's code");
            assert_eq!(module[5..].replace('_', "-"), rule.meta.name, "{module}: the file is named after the rule");
            let first = rule.basis.lines().next().unwrap_or("");
            assert!(first.starts_with(&format!("{} {}", rule.meta.code, rule.meta.name)), "{module}: doc starts with code and name");
            assert!(rule.basis.contains("Basis:"), "{module}: the doc comment states its basis");
        }
        for rule in all() {
            let line = rule.basis_line();
            assert!(!line.is_empty() && line.chars().count() <= 90, "{}: 「依据」 line {line:?}", rule.meta.code);
        }
        assert_eq!(by_code("S311").unwrap().basis_line(), "国办公开办函〔2021〕30号；未识别到统计表格，统计表未核对");
        assert_eq!(by_code("T101").unwrap().basis_line(), "国办公开办函〔2021〕30号 表三「收到和处理政府信息公开申请情况」");
        let codes: Vec<&str> = all().iter().map(|r| r.meta.code).collect();
        let mut sorted = codes.clone();
        crate::sort::ascending(&mut sorted[..]);
        sorted.dedup();
        assert_eq!(codes, sorted, "codes are unique and sorted");
    }
}
