//! The rules' fixtures are their specification: every code that `nianbao rules` lists has a
//! folder `tests/rules/<CODE>/` with
//! * `fail.txt` — a minimal report that must raise the code,
//! * `pass.txt` — the close case that must not,
//! * `expected.txt` — the reviewed `--format text` output of `fail.txt`,
//! * optionally more cases: every `fail-*.txt` must raise the code, every `pass-*.txt` must not.
//!
//! `UPDATE_GOLDEN=1 cargo test --test suite rules::` rewrites the `expected.txt` files (review the diff).

use std::path::{Path, PathBuf};
use std::process::Command;

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// The codes `nianbao rules` lists, in its order.
fn listed_codes() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("rules").output().expect("run nianbao rules");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
}

fn check(path: &Path) -> nianbao::Report {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    nianbao::check_bytes(&bytes, path.file_name().and_then(|n| n.to_str()))
}

/// The earlier report of a case (`NAME.prev.txt` beside `NAME.txt`), when there is one.
fn prev_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?.strip_suffix(".txt")?;
    let prev = path.with_file_name(format!("{name}.prev.txt"));
    prev.is_file().then_some(prev)
}

/// Whether a file of a fixture folder is the earlier report of a case.
fn is_prev(name: &str) -> bool {
    name.ends_with(".prev.txt")
}

/// A case checked as the front ends check it: alone, or, with its `.prev.txt`, in a series of
/// two (the later report, with its cross-year findings, and how the earlier one is named).
fn check_case(path: &Path) -> (nianbao::Report, Option<nianbao::finding::ReportRef>) {
    let later = check(path);
    let Some(prev) = prev_of(path) else { return (later, None) };
    let earlier = check(&prev);
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let mut batch = vec![(name(&prev), earlier), (name(path), later)];
    let linked = nianbao::series::link(&mut batch);
    assert_eq!(linked[1], Some(0), "{} and {} are not paired (same issuer, one year apart?)", path.display(), prev.display());
    let earlier_ref = nianbao::series::report_ref(&batch[0].1.document, &batch[0].0);
    (batch.pop().unwrap().1, Some(earlier_ref))
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN=1.
pub fn golden(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| format!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()))?;
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs from the output (UPDATE_GOLDEN=1 rewrites it; review the diff):\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        ))
    }
}

#[test]
fn every_rule_has_a_fixture_folder_that_fails_passes_and_matches_its_golden_output() {
    let codes = listed_codes();
    assert!(codes.len() >= 26, "{codes:?}");
    let mut problems = Vec::new();
    for code in &codes {
        let dir = rules_dir().join(code);
        if !dir.is_dir() {
            problems.push(format!("{code}: no folder tests/rules/{code}/"));
            continue;
        }
        let pair_rule = nianbao::rules::by_code(code).is_some_and(nianbao::rules::is_pair_rule);
        for case in ["fail.txt", "pass.txt"] {
            if pair_rule && prev_of(&dir.join(case)).is_none() {
                problems.push(format!("{code}: a cross-year rule needs {} beside {case}", case.replace(".txt", ".prev.txt")));
            }
        }
        let (fail, fail_prev) = check_case(&dir.join("fail.txt"));
        if !fail.findings.iter().any(|f| f.code == code) {
            problems.push(format!("{code}: fail.txt does not raise {code}"));
        }
        let (pass, _) = check_case(&dir.join("pass.txt"));
        if pass.findings.iter().any(|f| f.code == code) {
            problems.push(format!("{code}: pass.txt raises {code}"));
        }
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_prev(&name) {
                let case = dir.join(name.replace(".prev.txt", ".txt"));
                if !case.is_file() {
                    problems.push(format!("{code}: {name} is the earlier report of no case"));
                }
                continue;
            }
            let raised = || check_case(&entry.path()).0.findings.iter().any(|f| f.code == code);
            if name.starts_with("fail-") && name.ends_with(".txt") && !raised() {
                problems.push(format!("{code}: {name} does not raise {code}"));
            }
            if name.starts_with("pass-") && name.ends_with(".txt") && raised() {
                problems.push(format!("{code}: {name} raises {code}"));
            }
        }
        let shown = format!("tests/rules/{code}/fail.txt");
        let text = match &fail_prev {
            Some(p) => nianbao::output::to_text_in_series(&fail, &shown, Some(p)),
            None => nianbao::output::to_text(&fail, &shown),
        };
        if let Err(e) = golden(&dir.join("expected.txt"), &text) {
            problems.push(e);
        }
    }
    // No folder for a code that does not exist.
    for entry in std::fs::read_dir(rules_dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !codes.contains(&name) {
            problems.push(format!("tests/rules/{name}/ belongs to no rule"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_finding_has_its_rules_severity_and_scope() {
    for code in listed_codes() {
        let rule = nianbao::rules::by_code(&code).unwrap();
        // Every case of the rule: a finding may be less severe than its rule (S311 says what the
        // input's form kept from being checked as a note) only where the rule's Basis says when.
        let cases = std::fs::read_dir(rules_dir().join(&code)).unwrap().flatten().map(|e| e.path());
        let cases: Vec<_> = cases.filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("fail"))).collect();
        assert!(!cases.is_empty(), "{code}");
        let findings: Vec<_> = cases.iter().flat_map(|p| check_case(p).0.findings).collect();
        for f in findings.iter().filter(|f| f.code == code) {
            assert!(f.severity <= rule.meta.severity, "{code}");
            if f.severity != rule.meta.severity {
                assert!(rule.basis.contains("Severity:"), "{code}: {:?} without a word in its Basis", f.severity);
            }
            assert_eq!(f.scope, rule.meta.scope, "{code}");
            assert_eq!(f.rule, rule.meta.name, "{code}");
        }
    }
}

/// The facts of a finding are data: tests read them, not the Chinese message.
#[test]
fn findings_carry_their_facts() {
    use crate::common::with_code;
    let r = check(&rules_dir().join("T101/fail.txt"));
    let t101 = with_code(&r, "T101");
    assert_eq!(t101.len(), 1);
    let f = t101[0];
    assert_eq!((f.facts.written.as_deref(), f.facts.expected.as_deref()), (Some("4"), Some("3")));
    assert_eq!((f.facts.total, f.facts.parts_sum), (Some(4.0), Some(3.0)));
    assert_eq!(f.cells[0].row, "三、本年度办理结果/(二)部分公开");
    assert_eq!((f.cells[0].col.as_str(), f.cells[0].expected.as_deref()), ("总计", Some("3")));

    let r = check(&rules_dir().join("S303/fail.txt"));
    let f = with_code(&r, "S303")[0];
    assert_eq!((f.facts.written.as_deref(), f.facts.expected.as_deref()), (Some("本年度止件数"), Some("本年废止件数")));

    let r = check(&rules_dir().join("V202/fail.txt"));
    let f = with_code(&r, "V202")[0];
    assert_eq!((f.facts.written.as_deref(), f.facts.expected.as_deref()), (Some(""), Some("24")));
    assert_eq!(f.cells[0].expected.as_deref(), Some("24"));

    let r = check(&rules_dir().join("T103/fail.txt"));
    let fs = with_code(&r, "T103");
    assert_eq!(
        fs.iter().map(|f| (f.facts.total, f.facts.parts_sum)).collect::<Vec<_>>(),
        [(Some(22.0), Some(23.0)), (Some(26.0), Some(27.0))]
    );
}

/// The README's rules table is `nianbao rules --markdown`.
#[test]
fn readme_rules_table_is_generated() {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["rules", "--markdown"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's rules table differs from `nianbao rules --markdown`; paste its output into README.md:\n{table}"
    );
}

/// The fixtures whose findings the README shows as examples of the prose rules' messages, one
/// or two for each kind of figure the prose is compared on.
const README_PROSE_EXAMPLES: &[&str] = &[
    "P411/fail.txt",
    "P411/fail-blank-total.txt",
    "P411/fail-carried-in.txt",
    "P418/fail.txt",
    "P417/fail.txt",
    "P417/fail-carried-out.txt",
    "P417/fail-all-completed.txt",
    "P417/fail-rate.txt",
    "P413/fail-combined.txt",
    "P413/fail-reason.txt",
    "P414/fail.txt",
    "P415/fail-open-rate.txt",
    "P412/fail-qi.txt",
    "P412/fail-outcome.txt",
    "P412/fail-all-upheld.txt",
    "P416/fail-in-force.txt",
    "P416/fail-fee.txt",
];

/// The README's examples of prose findings are what the checker says on those fixtures
/// (`UPDATE_GOLDEN=1` rewrites the block between the markers).
#[test]
fn readme_prose_examples_are_the_checkers_messages() {
    let (start, end) = ("<!-- prose examples: begin -->\n", "<!-- prose examples: end -->");
    let mut block = String::new();
    for case in README_PROSE_EXAMPLES {
        let code = case.split('/').next().unwrap();
        let report = check(&rules_dir().join(case));
        let found: Vec<&nianbao::Finding> = report.findings.iter().filter(|f| f.code == code).collect();
        assert!(!found.is_empty(), "{case} raises no {code}");
        for f in found {
            let severity = match f.severity {
                nianbao::Severity::Error => "错误",
                nianbao::Severity::Warning => "警告",
                nianbao::Severity::Info => "提示",
            };
            block.push_str(&format!("* `tests/rules/{case}` — {code}（{severity}）：{}\n", f.message));
        }
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else { panic!("README.md has no {start:?} … {end:?} block") };
    let current = &readme[a + start.len()..b];
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, format!("{}{block}{}", &readme[..a + start.len()], &readme[b..])).unwrap();
        return;
    }
    assert_eq!(current, block, "README.md's prose examples differ from the checker's messages (UPDATE_GOLDEN=1 rewrites them)");
}

/// `nianbao rules CODE` prints the rule's basis.
#[test]
fn rules_code_prints_the_basis() {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["rules", "t103"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("T103 requests-balance"), "{text}");
    assert!(text.contains("Basis:") && text.contains("第一项加第二项之和"), "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["rules", "S303"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("本年度止件数"));
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["rules", "X999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
