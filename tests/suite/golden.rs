//! One golden `--format text` output per real report (the five seeds, the corpus series, their
//! HTML renderings and the saved pages) in `tests/golden/`: any change in what is found, where,
//! or how it is said shows up as a diff to review. `UPDATE_GOLDEN=1 cargo test --test suite golden::`
//! rewrites them.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn real_reports_match_their_golden_output() {
    let mut problems = Vec::new();
    for dir in ["seeds", "corpus", "html", "pages"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let shown = format!("tests/fixtures/{dir}/{name}");
            let report = nianbao::check_bytes(&std::fs::read(&path).unwrap(), Some(&name));
            let actual = nianbao::output::to_text(&report, &shown);
            let golden = root().join("tests/golden").join(dir).join(format!("{name}.out"));
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
                std::fs::write(&golden, &actual).unwrap();
                continue;
            }
            match std::fs::read_to_string(&golden) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => problems
                    .push(format!("{shown}: output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}", golden.display())),
                Err(_) => problems.push(format!("{shown}: no golden file {} (UPDATE_GOLDEN=1 creates it)", golden.display())),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
