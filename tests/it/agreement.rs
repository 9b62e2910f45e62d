//! The rules and the evaluator agree by construction: every explicit-grant
//! finding (secrets-read, bind-verb, ...) sits in a rule that the evaluator
//! says allows that capability, and every wildcard finding that says
//! "covers X" sits in a rule that allows all of X, in both cases only for
//! requests that can take effect where the role does (a Role never grants
//! cluster-scoped resources); every workload the evaluator lets write CRDs
//! has its cross-object finding, and no other. Checked over the fixtures
//! and, when present, the real-world corpus.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rbaclint::authz::{rule_allows, workload, Policy, Request, Scope};
use rbaclint::capability::Judge;
use rbaclint::catalogue::Catalogue;
use rbaclint::engine::Outcome;
use rbaclint::finding::Severity;
use rbaclint::load;
use rbaclint::model::Seg;
use rbaclint::rule_id::RuleId;
use rbaclint::rules::{self, CAPABILITIES};
use rbaclint::settings::Settings;

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
        let Some(object) = outcome.workspace.objects.iter().find(|o| {
            o.file == finding.primary.file
                && o.node.span.start <= finding.primary.span.start
                && finding.primary.span.end <= o.node.span.end
        }) else {
            continue;
        };
        let rule = &object.rules()[rule_index];
        let judge = Judge::new(object, &catalogue);
        if let Some(capability) = rules::rule(finding.rule).capability {
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

/// Every fixture file, sorted.
fn fixture_paths() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir("fixtures").unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            files.push(file.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn fixtures_findings_agree_with_the_evaluator() {
    let files = fixture_paths();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let checked = check_agreement(&common::lint_files(&paths));
    assert!(checked >= 20, "{checked}");
}

/// Every YAML file of the real-world corpus, sorted (`None`: absent).
fn corpus_paths() -> Option<Vec<PathBuf>> {
    let root = common::shared("corpus/real")?;
    let mut files: Vec<PathBuf> = walk(&root);
    files.sort();
    Some(files)
}

#[test]
fn corpus_findings_agree_with_the_evaluator() {
    let Some(files) = corpus_paths() else {
        return;
    };
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

/// The verbs that write CustomResourceDefinitions.
const CRD_WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

/// A workload, by where its label points.
type At = (usize, rbaclint::source::Span);

/// Cross-object agreement, both ways: every workload whose identity can
/// write CRDs according to the evaluator call `rbaclint access` makes
/// (`Policy::access`, cluster-wide grants) is named by a
/// `crd-admin-bound-to-runtime` finding on that binding subject, and every
/// such finding names only such workloads. A subject reached only by
/// one-shot Jobs (install steps) is not reported, so it is not expected.
/// Returns how many workloads were judged and how many findings were
/// matched.
fn check_cross_object_agreement(paths: &[&std::path::Path]) -> (usize, usize) {
    let mut settings = Settings::default();
    settings.set(RuleId::CrdAdminBoundToRuntime, Some(Severity::Error));
    let outcome = common::lint_files_with(paths, &settings);
    let policy = Policy::new(&outcome.workspace.objects, &outcome.workspace.catalogue);
    // The workloads, loaded as the engine loads them (same file ids).
    let mut workloads = Vec::new();
    for (id, path) in paths.iter().enumerate() {
        let name = path.to_string_lossy().into_owned();
        let (source, error) = load::decode(id, &name, std::fs::read(path).unwrap());
        if error.is_none() {
            workloads.extend(load::load_file(id, &source).workloads);
        }
    }

    // What the evaluator says: (binding, subject) → workloads it lets write CRDs.
    let mut expected: BTreeMap<(usize, usize), BTreeSet<At>> = BTreeMap::new();
    for w in &workloads {
        for grant in policy.access(&workload::identity(w)) {
            let rule = policy.rule(grant.rule);
            let writes = CRD_WRITE.iter().any(|verb| {
                rule_allows(
                    rule,
                    &Request::resource(verb, "apiextensions.k8s.io", "customresourcedefinitions"),
                )
            });
            if writes && policy.scope(grant.binding) == Scope::Cluster {
                expected
                    .entry((grant.binding, grant.subject))
                    .or_default()
                    .insert((w.file, w.span));
            }
        }
    }

    let one_shot: BTreeSet<At> = workloads
        .iter()
        .filter(|w| w.id.kind == "Job")
        .map(|w| (w.file, w.span))
        .collect();
    expected.retain(|_, reached| !reached.is_subset(&one_shot));

    // What the rule says.
    let mut found: BTreeMap<(usize, usize), BTreeSet<At>> = BTreeMap::new();
    for finding in outcome
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::CrdAdminBoundToRuntime)
    {
        let binding = outcome
            .workspace
            .objects
            .iter()
            .position(|o| {
                o.file == finding.primary.file
                    && o.node.span.start <= finding.primary.span.start
                    && finding.primary.span.end <= o.node.span.end
            })
            .expect("a finding sits in a loaded binding");
        let Some(Seg::Index(subject)) = finding.primary.path.0.get(1).cloned() else {
            panic!("{}: not on a subject", finding.message);
        };
        let reached: BTreeSet<At> = finding
            .secondary
            .iter()
            .filter(|l| l.path.0.first() != Some(&Seg::Key("rules")))
            .map(|l| (l.file, l.span))
            .collect();
        assert!(
            !reached.is_empty(),
            "{}: names no workload",
            finding.message
        );
        let previous = found.insert((binding, subject), reached);
        assert!(previous.is_none(), "{}: reported twice", finding.message);
    }

    for (key, workloads) in &expected {
        assert_eq!(
            found.get(key),
            Some(workloads),
            "{}: subject {} lets workloads write CRDs (rbaclint access) but the finding differs",
            outcome.workspace.objects[key.0].id,
            key.1
        );
    }
    for key in found.keys() {
        assert!(
            expected.contains_key(key),
            "{}: subject {} reported but rbaclint access grants no workload CRD write through it",
            outcome.workspace.objects[key.0].id,
            key.1
        );
    }
    (workloads.len(), found.len())
}

#[test]
fn fixtures_cross_object_findings_agree_with_access() {
    let files = fixture_paths();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let (workloads, findings) = check_cross_object_agreement(&paths);
    assert!(workloads >= 5, "{workloads}");
    assert!(findings >= 3, "{findings}");
}

#[test]
fn corpus_cross_object_findings_agree_with_access() {
    let Some(files) = corpus_paths() else {
        return;
    };
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let (workloads, findings) = check_cross_object_agreement(&paths);
    assert!(workloads >= 200, "{workloads}");
    assert!(findings >= 10, "{findings}");
}
