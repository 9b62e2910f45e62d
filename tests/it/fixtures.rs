//! Every rule's fixtures: findings start exactly on the lines marked
//! `# expect: <rule-id>` (as many times as marked), good files produce
//! nothing, and the rendered diagnostics match their insta snapshots.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rbaclint::report::human::{self, Style};
use rbaclint::rules::RULES;

/// Fixtures are linted with every rule on (opt-in rules too); those of
/// `missing-role-ref` as `--complete` sets, the only way that rule speaks.
/// A fixture folder holding an `audit.log` is an audit rule's: its
/// manifests are judged against that log, as
/// `rbaclint audit --log audit.log FILE` does.
fn lint_fixture(path: &Path) -> rbaclint::engine::Outcome {
    let mut settings = rbaclint::settings::Settings::all_rules();
    settings.complete = path.starts_with("fixtures/missing-role-ref");
    let log = path.with_file_name("audit.log");
    if log.exists() {
        return common::audit_files(&[path], &log);
    }
    common::lint_files_with(&[path], &settings)
}

pub(crate) fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir("fixtures").unwrap() {
        let dir = dir.unwrap().path();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.file_name().is_some_and(|n| n != "audit.log") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// `(line, rule)` → count, from `# expect: a, b` comments.
fn expected_marks(text: &str) -> BTreeMap<(usize, String), usize> {
    let mut marks = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((_, ids)) = line.split_once("# expect:") {
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                *marks.entry((i + 1, id.to_string())).or_default() += 1;
            }
        }
    }
    marks
}

#[test]
fn findings_match_expect_marks() {
    let files = fixture_files();
    assert!(
        files.len() >= 2 * RULES.len(),
        "every rule needs a bad and a good fixture"
    );
    for path in files {
        let outcome = lint_fixture(&path);
        assert!(
            outcome.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            outcome.errors
        );
        let file = &outcome.workspace.files[0];
        let mut found = BTreeMap::new();
        for finding in &outcome.findings {
            let line = file.position(finding.primary.span.start).line;
            *found.entry((line, finding.rule.to_string())).or_default() += 1;
        }
        let expected = expected_marks(&file.text);
        assert_eq!(
            found,
            expected,
            "{}: findings (left) differ from # expect marks (right)",
            path.display()
        );
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("good")
        {
            assert!(
                outcome.findings.is_empty(),
                "{} must be clean",
                path.display()
            );
        }
    }
}

#[test]
fn every_rule_has_bad_and_good_fixtures_that_exercise_it() {
    for rule in RULES {
        let dir = Path::new("fixtures").join(rule.id.as_str());
        let bad = std::fs::read_to_string(dir.join("bad.yaml"))
            .unwrap_or_else(|_| panic!("{} has no bad.yaml", rule.id));
        assert!(
            dir.join("good.yaml").exists(),
            "{} has no good.yaml",
            rule.id
        );
        assert!(
            bad.contains(&format!("# expect: {}", rule.id))
                || bad.contains(&format!(", {}", rule.id)),
            "{}'s bad.yaml never expects it",
            rule.id
        );
    }
}

/// Snapshots only where they say something: a clean report with nothing
/// suppressed is checked by `findings_match_expect_marks` instead.
#[test]
fn human_output_snapshots() {
    for path in fixture_files() {
        let outcome = lint_fixture(&path);
        if outcome.findings.is_empty() && outcome.suppressed == 0 {
            continue;
        }
        let rendered = human::render(
            &outcome,
            Style {
                color: false,
                width: 80,
            },
        );
        let name = path.to_string_lossy().replace(['/', '\\'], "__");
        insta::assert_snapshot!(name, rendered);
    }
}
