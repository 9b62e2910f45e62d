//! The rules and the evaluator agree by construction: every explicit-grant
//! finding (secrets-read, bind-verb, ...) sits in a rule that the evaluator
//! says allows that capability, and every wildcard finding that says
//! "covers X" sits in a rule that allows all of X, in both cases only for
//! requests that can take effect where the role does (a Role never grants
//! cluster-scoped resources). Checked over the fixtures and, when present,
//! the real-world corpus.

use crate::common;

use std::path::PathBuf;

use rbaclint::authz::sensitive::{Judge, CAPABILITIES};
use rbaclint::catalogue::Catalogue;
use rbaclint::engine::Outcome;
use rbaclint::model::Seg;

fn check_agreement(outcome: &Outcome) -> usize {
    // Every sensitive resource is built in: the input's CRDs change no scope.
    let catalogue = Catalogue::new(&[]);
    let mut checked = 0;
    for finding in &outcome.findings {
        let (Some(Seg::Key("rules")), Some(Seg::Index(rule_index))) = (
            finding.primary.path.0.first(),
            finding.primary.path.0.get(1).cloned(),
        ) else {
            continue;
        };
        // Invalid objects are reported but not loaded.
        let Some(object) = outcome.objects.iter().find(|o| {
            o.file == finding.primary.file
                && o.node.span.start <= finding.primary.span.start
                && finding.primary.span.end <= o.node.span.end
        }) else {
            continue;
        };
        let rule = &object.rules()[rule_index];
        let judge = Judge::new(object, &catalogue);
        if let Some(capability) = CAPABILITIES.iter().find(|c| c.rule == finding.rule) {
            assert!(
                judge.grants(rule, capability) && judge.explicitly_grants(rule, capability),
                "{}: {} but the evaluator disagrees",
                finding.rule,
                finding.message
            );
            checked += 1;
        }
        if let Some((_, covered)) = finding.message.split_once("; covers ") {
            for short in covered.split(", ") {
                let capability = CAPABILITIES.iter().find(|c| c.short == short).unwrap();
                assert!(judge.holds_whole(rule, capability), "{}", finding.message);
                assert!(
                    !judge.explicitly_grants(rule, capability),
                    "{}",
                    finding.message
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn fixtures_findings_agree_with_the_evaluator() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir("fixtures").unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            files.push(file.unwrap().path());
        }
    }
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let checked = check_agreement(&common::lint_files(&paths));
    assert!(checked >= 20, "{checked}");
}

#[test]
fn corpus_findings_agree_with_the_evaluator() {
    let Some(root) = common::shared("corpus/real") else {
        return;
    };
    let mut files: Vec<PathBuf> = walk(&root);
    files.sort();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let checked = check_agreement(&common::lint_files(&paths));
    assert!(checked >= 500, "{checked}");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    out
}
