//! The rules' fixtures are their specification: every code that `nianbao rules` lists has a
//! folder `tests/rules/<CODE>/` with
//! * `fail.txt` — a minimal report that must raise the code,
//! * `pass.txt` — the close case that must not,
//! * `expected.txt` — the reviewed `--format text` output of `fail.txt`,
//! * optionally more cases: every `fail-*.txt` must raise the code, every `pass-*.txt` must not.
//!
//! `UPDATE_GOLDEN=1 cargo test --test rules` rewrites the `expected.txt` files (review the diff).

mod common;
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
        let fail = check(&dir.join("fail.txt"));
        if !fail.findings.iter().any(|f| f.code == code) {
            problems.push(format!("{code}: fail.txt does not raise {code}"));
        }
        let pass = check(&dir.join("pass.txt"));
        if pass.findings.iter().any(|f| f.code == code) {
            problems.push(format!("{code}: pass.txt raises {code}"));
        }
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let raised = || check(&entry.path()).findings.iter().any(|f| f.code == code);
            if name.starts_with("fail-") && name.ends_with(".txt") && !raised() {
                problems.push(format!("{code}: {name} does not raise {code}"));
            }
            if name.starts_with("pass-") && name.ends_with(".txt") && raised() {
                problems.push(format!("{code}: {name} raises {code}"));
            }
        }
        let shown = format!("tests/rules/{code}/fail.txt");
        if let Err(e) = golden(&dir.join("expected.txt"), &nianbao::output::to_text(&fail, &shown)) {
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
        let r = check(&rules_dir().join(&code).join("fail.txt"));
        for f in r.findings.iter().filter(|f| f.code == code) {
            assert_eq!(f.severity, rule.meta.severity, "{code}");
            assert_eq!(f.scope, rule.meta.scope, "{code}");
            assert_eq!(f.rule, rule.meta.name, "{code}");
        }
    }
}

/// The facts of a finding are data: tests read them, not the Chinese message.
#[test]
fn findings_carry_their_facts() {
    use common::with_code;
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
