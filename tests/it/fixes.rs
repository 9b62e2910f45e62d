//! Fixes: the fixed output of every fixable rule's fixture (snapshots), and
//! the invariants every fix keeps — on all fixtures and the real corpus:
//! the fixed text loads, the fixed findings are gone and no finding is
//! added, a second `--fix` changes nothing, documents without a fixed
//! finding stay byte-identical, and each fixed role allows a subset of what
//! it allowed (losing only requests no API serves or a status write other
//! than update/patch). Through the CLI: `--diff` applied by `patch` gives the
//! bytes `--fix` writes, and `--add-ignore` suppresses what it marks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use k8s_openapi::api::rbac::v1::PolicyRule;
use rbaclint::authz::{rule_allows, Request};
use rbaclint::catalogue::Catalogue;
use rbaclint::discover::Input;
use rbaclint::engine::{self, Outcome};
use rbaclint::fix::Applicability;
use rbaclint::model::ObjectRef;
use rbaclint::rewrite::fix_loop::{self, FixRun};
use rbaclint::settings::Settings;

use crate::common;

/// The rules that carry fixes (and the applicability needed to apply
/// them), each with a fixture whose fixed output is snapshotted.
const FIXABLE: [(&str, Applicability); 5] = [
    ("status-not-separated", Applicability::Safe),
    ("unused-suppression", Applicability::Safe),
    ("broad-api-groups", Applicability::Safe),
    ("resource-names-ineffective", Applicability::Safe),
    ("crd-admin-mixed-with-runtime", Applicability::Unsafe),
];

fn inputs(files: &[(String, String)]) -> Vec<Input> {
    files
        .iter()
        .map(|(name, text)| Input::new(name.clone(), text.as_bytes().to_vec()))
        .collect()
}

/// How a run lints its inputs: `check`'s rules, or an audit's.
type Lint<'a> = &'a dyn Fn(Vec<Input>) -> Outcome;

fn fix(files: &[(String, String)], settings: &Settings, min: Applicability) -> FixRun {
    fix_with(files, &|inputs| engine::run(inputs, settings), min)
}

fn fix_with(files: &[(String, String)], lint: Lint, min: Applicability) -> FixRun {
    fix_loop::run(inputs(files), min, |inputs| Ok::<_, ()>(lint(inputs))).unwrap()
}

fn read(path: &Path) -> (String, String) {
    (
        path.to_string_lossy().into_owned(),
        std::fs::read_to_string(path).unwrap(),
    )
}

#[test]
fn fixed_fixtures_match_snapshots() {
    for (rule, min) in FIXABLE {
        let path = PathBuf::from(format!("fixtures/{rule}/bad.yaml"));
        let file = read(&path);
        let run = fix(std::slice::from_ref(&file), &Settings::all_rules(), min);
        assert!(
            run.counts.keys().any(|(_, r)| *r == rule),
            "{rule}: its bad.yaml has no finding its fix resolves"
        );
        let change = &run.changes[0];
        let diff = rbaclint::fix::diff::unified(&file.0, &change.before, &change.after);
        let counts: Vec<String> = run
            .counts
            .iter()
            .map(|((_, rule), n)| format!("{n} × {rule}"))
            .collect();
        insta::assert_snapshot!(
            format!("fix__{rule}"),
            format!("fixed: {}\n\n{diff}", counts.join(", "))
        );
    }
}

/// Every violation of the fix invariants on these files (empty: none).
fn violations(files: &[(String, String)], settings: &Settings) -> Vec<String> {
    violations_with(files, &|inputs| engine::run(inputs, settings), false)
}

/// [`violations`] under any lint; `narrowing`: the fixes may take away any
/// request (audit fixes remove what the log did not use), never add one.
fn violations_with(files: &[(String, String)], lint: Lint, narrowing: bool) -> Vec<String> {
    let before = lint(inputs(files));
    let run = fix_with(files, lint, Applicability::Unsafe);
    let after = &run.outcome;
    let mut found = Vec::new();
    // The fixed texts load as well as the originals did.
    for (id, file) in after.workspace.files.iter().enumerate() {
        let errors = |o: &Outcome| o.errors.iter().filter(|e| e.file == id).count();
        if errors(after) > errors(&before) {
            found.push(format!("{}: the fixed text has load errors", file.name));
        }
    }
    // Nothing fixable is left (so a second --fix changes nothing), and no
    // rule has more findings in a file than before.
    for f in &after.findings {
        if f.fix
            .as_ref()
            .is_some_and(|x| x.applicability >= Applicability::Unsafe)
        {
            found.push(format!(
                "{}: a fixable {} finding is left: {}",
                after.workspace.files[f.file()].name,
                f.rule,
                f.message
            ));
        }
    }
    let count = |o: &Outcome| {
        let mut counts: BTreeMap<(String, &str), usize> = BTreeMap::new();
        for f in &o.findings {
            *counts
                .entry((o.workspace.files[f.file()].name.clone(), f.rule.as_str()))
                .or_default() += 1;
        }
        counts
    };
    let was = count(&before);
    for (key, n) in count(after) {
        if n > was.get(&key).copied().unwrap_or(0) {
            found.push(format!("{}: more {} findings after the fix", key.0, key.1));
        }
    }
    for change in &run.changes {
        found.extend(untouched_documents(&before, change));
    }
    found.extend(lost_requests(&before, after, narrowing));
    found
}

/// Documents (split at `---` lines) with no fixable finding must be
/// byte-identical after the fix, in the same order (a fix may add a
/// document: the crd-admin split appends one).
fn untouched_documents(before: &Outcome, change: &fix_loop::Change) -> Vec<String> {
    let split = |text: &str| -> Vec<(usize, String)> {
        let mut docs = vec![(0, String::new())];
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.starts_with("---") {
                docs.push((at, String::new()));
            }
            docs.last_mut().unwrap().1.push_str(line);
            at += line.len();
        }
        docs
    };
    let (old, new) = (split(&change.before), split(&change.after));
    let Some(id) = before
        .workspace
        .files
        .iter()
        .position(|f| f.name == change.name)
    else {
        return Vec::new();
    };
    let fixed_at: Vec<usize> = before
        .findings
        .iter()
        .filter(|f| f.file() == id)
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter().map(|e| e.span.start))
        .collect();
    let mut found = Vec::new();
    let mut next = new.iter().map(|(_, text)| text);
    for (k, (start, old)) in old.iter().enumerate() {
        let end = start + old.len();
        let fixed = fixed_at.iter().any(|&at| *start <= at && at <= end);
        if !fixed && !next.any(|new| new == old) {
            found.push(format!(
                "{}: document {k} changed without a fix in it",
                change.name
            ));
            break;
        }
    }
    found
}

/// The requests that rules may allow, named by the rules themselves: for
/// each rule, its verbs (`*` as the read and write verbs and every verb any rule
/// names) on its groups and resources (and their status), unnamed and, where
/// such a request exists, named by each of its resourceNames. Any request a
/// rule allows that differs only in a name the rule does not mention is
/// decided the same way, so comparing these is comparing the rules.
fn named_requests(rules: &[PolicyRule]) -> Vec<Request> {
    let mut all_verbs: Vec<&str> = ["get", "list", "watch"].to_vec();
    all_verbs.extend(rbaclint::vocab::WRITE_VERBS);
    all_verbs.extend(
        rules
            .iter()
            .flat_map(|r| r.verbs.iter().map(String::as_str)),
    );
    all_verbs.sort_unstable();
    all_verbs.dedup();
    let mut requests = std::collections::BTreeSet::new();
    for rule in rules {
        let verbs: Vec<&str> = if rule.verbs.iter().any(|v| v == "*") {
            all_verbs.clone()
        } else {
            rule.verbs.iter().map(String::as_str).collect()
        };
        let mut resources = Vec::new();
        for resource in rule.resources.iter().flatten() {
            let base = resource.split('/').next().unwrap_or(resource);
            resources.push(resource.clone());
            resources.push(format!("{base}/status"));
        }
        let names: Vec<&str> = rule
            .resource_names
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for verb in &verbs {
            for group in rule.api_groups.iter().flatten() {
                for resource in &resources {
                    let plain = Request::resource(verb, group, resource);
                    // create and deletecollection of a resource carry no name.
                    let nameless =
                        matches!(*verb, "create" | "deletecollection") && !resource.contains('/');
                    if !nameless {
                        for name in &names {
                            requests.insert(plain.clone().named(name));
                        }
                    }
                    requests.insert(plain);
                }
            }
        }
    }
    requests.into_iter().collect()
}

/// A request a fix may take away: one no API serves, a write other than
/// update/patch on a status subresource (the status-not-separated fix), or
/// one on CRDs (the unsafe crd-admin-mixed-with-runtime fix moves them).
fn may_lose(catalogue: &Catalogue, verb: &str, group: &str, resource: &str) -> bool {
    let (base, sub) = resource.split_once('/').unwrap_or((resource, ""));
    !catalogue.serves(group, base)
        || (sub == "status" && !matches!(verb, "get" | "update" | "patch"))
        || base == "customresourcedefinitions"
}

/// Requests a fixed role allows that it did not, or lost ones it had to keep.
fn lost_requests(before: &Outcome, after: &Outcome, narrowing: bool) -> Vec<String> {
    let by_id = |o: &Outcome| -> BTreeMap<ObjectRef, Vec<PolicyRule>> {
        o.workspace
            .objects
            .iter()
            .filter(|x| x.is_role())
            .map(|x| (x.id.clone(), x.rules().to_vec()))
            .collect()
    };
    let (old, new) = (by_id(before), by_id(after));
    let mut found = Vec::new();
    for (id, old_rules) in &old {
        let Some(new_rules) = new.get(id) else {
            continue;
        };
        if old_rules == new_rules {
            continue;
        }
        let mut all = old_rules.clone();
        all.extend(new_rules.iter().cloned());
        for request in named_requests(&all) {
            let had = old_rules.iter().any(|r| rule_allows(r, &request));
            let has = new_rules.iter().any(|r| rule_allows(r, &request));
            let rbaclint::authz::Target::Resource {
                group,
                resource,
                subresource,
                ..
            } = &request.target
            else {
                continue;
            };
            let combined =
                rbaclint::authz::matching::combined_resource(resource, subresource.as_deref());
            if has && !had {
                found.push(format!(
                    "{id}: the fix grants {} on {group}/{combined}",
                    request.verb
                ));
            }
            if had
                && !has
                && !narrowing
                && !may_lose(&before.workspace.catalogue, &request.verb, group, &combined)
            {
                found.push(format!(
                    "{id}: the fix takes away {} on {group}/{combined}",
                    request.verb
                ));
            }
        }
    }
    found
}

#[test]
fn fixes_keep_their_invariants_on_every_fixture() {
    for path in crate::fixtures::fixture_files() {
        let file = read(&path);
        let settings = Settings::all_rules();
        let problems = violations(std::slice::from_ref(&file), &settings);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
        // Fixing the fixed text again changes nothing.
        let run = fix(
            std::slice::from_ref(&file),
            &settings,
            Applicability::Unsafe,
        );
        let fixed: Vec<(String, String)> = run
            .changes
            .iter()
            .map(|c| (c.name.clone(), c.after.clone()))
            .collect();
        if !fixed.is_empty() {
            let again = fix(&fixed, &settings, Applicability::Unsafe);
            assert!(
                again.changes.is_empty(),
                "{}: a second fix changed it",
                path.display()
            );
        }
    }
}

/// Layouts a fix must keep: CRLF, a byte-order mark, flow and block lists,
/// JSON, comments, other documents.
#[test]
fn fixes_keep_crlf_bom_comments_and_other_documents() {
    let yaml = "\u{feff}# head\r\nkind: ConfigMap\r\napiVersion: v1\r\nmetadata: {name: x}\r\n---\r\napiVersion: rbac.authorization.k8s.io/v1\r\nkind: ClusterRole\r\nmetadata:\r\n  name: c\r\nrules:\r\n- apiGroups:\r\n  - 'apps'   # why\r\n  - \"batch\"\r\n  resources: [deployments, deployments/status]\r\n  verbs:\r\n  - update\r\n  - list\r\n";
    let json = "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\", \"metadata\": {\"name\": \"j\", \"namespace\": \"n\"},\n \"rules\": [\n  {\"apiGroups\": [\"\", \"apps\"], \"resources\": [\"configmaps\"], \"resourceNames\": [\"a\"], \"verbs\": [\"get\", \"deletecollection\"]}\n ]}";
    let files = vec![
        ("c.yaml".to_string(), yaml.to_string()),
        ("j.json".to_string(), json.to_string()),
    ];
    let settings = Settings::all_rules();
    assert_eq!(violations(&files, &settings), Vec::<String>::new());
    let run = fix(&files, &settings, Applicability::Safe);
    assert_eq!(
        run.changes[0].after,
        "\u{feff}# head\r\nkind: ConfigMap\r\napiVersion: v1\r\nmetadata: {name: x}\r\n---\r\napiVersion: rbac.authorization.k8s.io/v1\r\nkind: ClusterRole\r\nmetadata:\r\n  name: c\r\nrules:\r\n- apiGroups:\r\n  - 'apps'   # why\r\n  resources: [deployments]\r\n  verbs:\r\n  - update\r\n  - list\r\n- apiGroups:\r\n  - 'apps'\r\n  resources: [deployments/status]\r\n  verbs:\r\n  - update\r\n"
    );
    assert_eq!(
        run.changes[1].after,
        "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\", \"metadata\": {\"name\": \"j\", \"namespace\": \"n\"},\n \"rules\": [\n  {\"apiGroups\": [\"\"], \"resources\": [\"configmaps\"], \"resourceNames\": [\"a\"], \"verbs\": [\"get\"]}\n ]}"
    );
}

/// No fix where an edit would reach beyond its element: an anchored or
/// merged rule entry, or a verb that is the rule's only one.
#[test]
fn no_fix_through_anchors_merges_or_to_an_empty_list() {
    let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n- &base\n  apiGroups: [\"apps\"]\n  resources: [deployments, deployments/status]\n  verbs: [update]\n- <<: *base\n  verbs: [patch]\n- apiGroups: [\"\"]\n  resources: [configmaps]\n  resourceNames: [a]\n  verbs: [create]\n";
    let outcome = common::lint_text("a.yaml", text);
    let fixable: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.fix.is_some())
        .map(|f| f.rule.as_str())
        .collect();
    let rules: Vec<&str> = outcome.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"status-not-separated") && rules.contains(&"resource-names-ineffective"),
        "{rules:?}"
    );
    assert_eq!(fixable, Vec::<&str>::new());
}

#[test]
fn fixes_keep_their_invariants_on_the_real_corpus() {
    let Some(corpus) = common::shared("corpus/real") else {
        return;
    };
    let mut files = Vec::new();
    let walk = ignore::WalkBuilder::new(&corpus)
        .standard_filters(false)
        .build();
    for entry in walk {
        let path = entry.unwrap().into_path();
        let manifest = path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
        if manifest && path.is_file() {
            if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path
                    .strip_prefix(&corpus)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((name, text));
            }
        }
    }
    files.sort();
    assert!(files.len() > 1000, "the corpus has {} files", files.len());
    // One lint of everything finds the files with something to fix; the
    // fix rounds then run on those alone (a debug build re-linting the
    // whole corpus each round takes minutes on a busy machine).
    let settings = Settings::default();
    let outcome = engine::run(inputs(&files), &settings);
    let mut fixable: Vec<usize> = outcome
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability >= Applicability::Unsafe)
        })
        .map(|f| f.file())
        .collect();
    fixable.dedup();
    assert!(
        fixable.len() > 20,
        "only {} files with fixes",
        fixable.len()
    );
    let subset: Vec<(String, String)> = fixable.iter().map(|&i| files[i].clone()).collect();
    let problems = violations(&subset, &settings);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `diff` applied by `patch -p0` in `dir`, then the text of `file`; `None`
/// (and a note) when `patch` is not installed.
fn patch(dir: &Path, diff: &[u8], file: &str) -> Option<String> {
    let Ok(mut child) = std::process::Command::new("patch")
        .current_dir(dir)
        .args(["-p0", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("SKIPPED the patch half: `patch` is not installed");
        return None;
    };
    use std::io::Write;
    child.stdin.take().unwrap().write_all(diff).unwrap();
    assert!(child.wait().unwrap().success());
    Some(std::fs::read_to_string(dir.join(file)).unwrap())
}

/// Through the CLI on a copy of a fixture: `--diff` applied by `patch`
/// equals what `--fix` writes; a second `--fix` changes nothing.
#[test]
fn diff_applied_by_patch_equals_fix() {
    let dir = common::scratch("fix-cli");
    let fixture = "fixtures/status-not-separated/bad.yaml";
    std::fs::copy(fixture, dir.join("a.yaml")).unwrap();
    std::fs::copy(fixture, dir.join("b.yaml")).unwrap();
    let run = |args: &[&str]| {
        common::command()
            .current_dir(&dir)
            .args(["check", "--no-config", "--select", "all"])
            .args(args)
            .output()
            .unwrap()
    };
    let diff = run(&["--diff", "a.yaml"]);
    assert_eq!(diff.status.code(), Some(1), "{}", common::stderr(&diff));
    assert_eq!(common::stderr(&diff), "rbaclint: would fix 4 findings\n");
    let fixed = run(&["--fix", "--show-fixes", "b.yaml"]);
    assert_eq!(
        common::stderr(&fixed),
        "rbaclint: fixed 4 findings in 1 file\n- b.yaml:\n    4 × status-not-separated\n"
    );
    let Some(patched) = patch(&dir, &diff.stdout, "a.yaml") else {
        return;
    };
    assert_eq!(
        patched,
        std::fs::read_to_string(dir.join("b.yaml")).unwrap()
    );
    let again = run(&["--fix", "b.yaml"]);
    assert!(common::stderr(&again).starts_with("rbaclint: fixed 0 findings in 0 files\n"));
    let diff = run(&["--diff", "b.yaml"]);
    assert_eq!(
        (diff.status.code(), diff.stdout.len()),
        (Some(0), 0),
        "nothing left to fix: no diff"
    );
}

#[test]
fn add_ignore_suppresses_each_finding_on_its_line() {
    let dir = common::scratch("add-ignore");
    let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: c\nrules:\n- apiGroups: [\"*\"]\n  resources: [\"*\"] # all of them\n  verbs: [\"*\"]  # rbaclint: ignore[wildcard-verbs]\n";
    std::fs::write(dir.join("r.yaml"), text).unwrap();
    let out = common::command()
        .current_dir(&dir)
        .args([
            "check",
            "--no-config",
            "--add-ignore",
            "legacy, see #12",
            "r.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("r.yaml")).unwrap(),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: c\nrules:\n- apiGroups: [\"*\"] # rbaclint: ignore[broad-api-groups] -- legacy, see #12\n  resources: [\"*\"] # all of them # rbaclint: ignore[wildcard-resources] -- legacy, see #12\n  verbs: [\"*\"]  # rbaclint: ignore[wildcard-verbs]\n"
    );
    let again = common::command()
        .current_dir(&dir)
        .args(["check", "--no-config", "r.yaml"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", common::stdout(&again));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]

    /// Fixtures mutated the way hand-edited YAML goes wrong (see
    /// `mutations`): whatever fixes they still offer keep the invariants.
    #[test]
    fn fixes_of_mutated_fixtures_keep_their_invariants(
        pick in proptest::prelude::any::<usize>(),
        mutations in proptest::collection::vec(crate::mutations::mutation(), 1..6),
    ) {
        let files = crate::mutations::fixtures();
        let (name, text) = &files[pick % files.len()];
        let mutated = crate::mutations::apply(text, &mutations);
        let problems = violations(&[(name.clone(), mutated.clone())], &Settings::all_rules());
        proptest::prop_assert!(problems.is_empty(), "{:?}\n--- input:\n{}", problems, mutated);
    }
}

/// The audit rules with fixes, each judged against its fixture's log.
const AUDIT_FIXABLE: [&str; 2] = ["unused-grant", "wildcard-narrowable"];

/// An audit run through the library against `log`, as `rbaclint audit`.
fn audit_lint(log: &str) -> impl Fn(Vec<Input>) -> Outcome {
    let mut tally = rbaclint::audit_log::tally::Tally::new(Default::default());
    rbaclint::audit::read_into(log, &mut tally).expect("the log reads");
    tally.finish();
    move |inputs| rbaclint::audit::judge(inputs, &tally, &Settings::default(), false).0
}

/// The fixed text as a diff with the counts, for a snapshot; and the
/// invariants: a fix never grants more, a second fix changes nothing.
fn audit_fixed(files: &[(String, String)], log: &str) -> String {
    let lint = audit_lint(log);
    let problems = violations_with(files, &lint, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let safe = fix_with(files, &lint, Applicability::Safe);
    assert!(safe.changes.is_empty(), "audit fixes are all unsafe");
    let run = fix_with(files, &lint, Applicability::Unsafe);
    let fixed: Vec<(String, String)> = run
        .changes
        .iter()
        .map(|c| (c.name.clone(), c.after.clone()))
        .collect();
    let again = fix_with(&fixed, &lint, Applicability::Unsafe);
    assert!(again.changes.is_empty(), "a second fix changed it");
    let diffs: String = run
        .changes
        .iter()
        .map(|c| rbaclint::fix::diff::unified(&c.name, &c.before, &c.after))
        .collect();
    let counts: Vec<String> = run
        .counts
        .iter()
        .map(|((file, rule), n)| format!("{n} × {rule} ({file})"))
        .collect();
    format!("fixed: {}\n\n{diffs}", counts.join(", "))
}

#[test]
fn audit_fixes_of_the_fixtures() {
    for rule in AUDIT_FIXABLE {
        let file = read(Path::new(&format!("fixtures/{rule}/bad.yaml")));
        let log = format!("fixtures/{rule}/audit.log");
        insta::assert_snapshot!(
            format!("fix__audit_{rule}"),
            audit_fixed(std::slice::from_ref(&file), &log)
        );
    }
}

/// The edge cases, against unused-grant's log (the controller in `shop`
/// gets, lists and watches configmaps): a role none of whose entries was
/// used keeps `rules: []`; a `*` verb becomes the three verbs used (CRLF
/// kept); a `*` beside the verbs it was used for goes.
#[test]
fn audit_fixes_of_the_edge_cases() {
    let binding = |role: &str| {
        format!(
            "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {{name: {role}, namespace: shop}}\nsubjects: [{{kind: ServiceAccount, name: controller, namespace: shop}}]\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: {role}}}\n"
        )
    };
    let role = |name: &str, rules: &str| {
        format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {name}\n  namespace: shop\nrules:\n{rules}")
    };
    let files = vec![
        (
            "unused.yaml".to_string(),
            role(
                "unused",
                "- apiGroups: [\"apps\"] # deployments\n  resources: [\"deployments\"]\n  verbs: [\"get\"]\n",
            ) + &binding("unused"),
        ),
        (
            "star.yaml".to_string(),
            (role(
                "star",
                "- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs:\n  - '*' # all of them\n",
            ) + &binding("star"))
                .replace('\n', "\r\n"),
        ),
        (
            "beside.yaml".to_string(),
            role(
                "beside",
                "- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs: [\"get\", \"*\", \"list\", \"watch\"]\n",
            ) + &binding("beside"),
        ),
    ];
    insta::assert_snapshot!(
        "fix__audit_edge_cases",
        audit_fixed(&files, "fixtures/unused-grant/audit.log")
    );
}

/// Through the CLI: `audit --fix` alone applies nothing and says how to
/// apply the unsafe fixes; `audit --diff --unsafe-fixes` applied by
/// `patch` equals what `audit --fix --unsafe-fixes` writes; a second
/// `--fix` changes nothing.
#[test]
fn audit_fix_through_the_cli() {
    let dir = common::scratch("audit-fix-cli");
    let fixture = "fixtures/unused-grant/bad.yaml";
    let log = std::fs::canonicalize("fixtures/unused-grant/audit.log").unwrap();
    std::fs::copy(fixture, dir.join("a.yaml")).unwrap();
    std::fs::copy(fixture, dir.join("b.yaml")).unwrap();
    let run = |args: &[&str]| {
        common::command()
            .current_dir(&dir)
            .args([
                "audit",
                "--log",
                log.to_str().unwrap(),
                "--format",
                "concise",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let safe_only = run(&["--fix", "b.yaml"]);
    assert_eq!(
        common::stderr(&safe_only),
        "rbaclint: fixed 0 findings in 0 files\nrbaclint: 3 unsafe fixes available (a log is a window): apply with --unsafe-fixes\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("b.yaml")).unwrap(),
        std::fs::read_to_string(fixture).unwrap()
    );
    let diff = run(&["--diff", "--unsafe-fixes", "a.yaml"]);
    assert_eq!(diff.status.code(), Some(1), "{}", common::stderr(&diff));
    assert_eq!(common::stderr(&diff), "rbaclint: would fix 3 findings\n");
    let fixed = run(&["--fix", "--unsafe-fixes", "--show-fixes", "b.yaml"]);
    assert_eq!(
        common::stderr(&fixed),
        "rbaclint: fixed 3 findings in 1 file\n- b.yaml:\n    3 × unused-grant\n"
    );
    assert_eq!(fixed.status.code(), Some(0), "nothing left to report");
    let Some(patched) = patch(&dir, &diff.stdout, "a.yaml") else {
        return;
    };
    assert_eq!(
        patched,
        std::fs::read_to_string(dir.join("b.yaml")).unwrap()
    );
    let again = run(&["--fix", "--unsafe-fixes", "b.yaml"]);
    assert_eq!(
        common::stderr(&again),
        "rbaclint: fixed 0 findings in 0 files\n"
    );
}

/// Removing an unused suppression comment keeps a further comment after
/// it on the same line, and one before it.
#[test]
fn unused_suppression_removal_keeps_the_other_comments() {
    let text = |line: &str| {
        format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: c}}\nrules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\"]{line}\n  verbs: [\"get\"]\n")
    };
    let settings = Settings::all_rules();
    for (written, fixed) in [
        (
            " # rbaclint: ignore[secrets-read] -- reason  # other note",
            " # other note",
        ),
        (
            " # note  # rbaclint: ignore[secrets-read] -- reason",
            " # note",
        ),
        (" # rbaclint: ignore[secrets-read] -- reason", ""),
    ] {
        let file = ("c.yaml".to_string(), text(written));
        let run = fix(std::slice::from_ref(&file), &settings, Applicability::Safe);
        assert_eq!(run.changes[0].after, text(fixed), "{written}");
    }
}

/// JSON reports an audit finding's fix as check's: title, applicability,
/// edits with their bytes.
#[test]
fn audit_json_carries_the_fixes() {
    let out = common::command()
        .args([
            "audit",
            "--log",
            "fixtures/wildcard-narrowable/audit.log",
            "--format",
            "json",
            "fixtures/wildcard-narrowable/bad.yaml",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fix = &report["findings"][0]["fix"];
    assert_eq!(
        fix["title"], "replace `*` in rules[0].verbs with get, list",
        "{report}"
    );
    assert_eq!(fix["applicability"], "unsafe");
    assert_eq!(fix["edits"][0]["replacement"], "\"get\"\n  - \"list\"");
}

/// On the audit2rbac demo log (tests/it/data, as in tests/it/audit.rs):
/// bob only ever lists pods, configmaps and secrets in `default`, so the
/// fixes leave his Role exactly that.
#[test]
fn audit_fixes_on_the_audit2rbac_demo_log() {
    let rbac = "apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: bob
  namespace: default
rules:
- apiGroups: [\"\"]
  resources: [\"pods\", \"configmaps\", \"secrets\", \"services\"]
  verbs: [\"*\"] # everything, for now
- apiGroups: [\"apps\"]
  resources: [\"deployments\"]
  verbs: [\"get\", \"list\"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: bob
  namespace: default
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: bob
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: bob
";
    let files = vec![("bob.yaml".to_string(), rbac.to_string())];
    insta::assert_snapshot!(
        "fix__audit_demo",
        audit_fixed(&files, "tests/it/data/audit2rbac-demo.log")
    );
}
