//! Suppressions, `unused-suppression`, rule selection and the baseline,
//! through the real binary.

use crate::common;

use std::path::Path;

use common::{rbaclint, scratch, stderr, stdout};
use serde_json::Value;

const ROLE: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
- apiGroups: [\"\"]
  resources: [configmaps]
  verbs: [\"*\"]
- apiGroups: [\"\"]
  resources: [secrets]
  verbs: [\"*\"]
";

/// `(line, rule)` of each finding, from the JSON report.
fn findings(out: &std::process::Output) -> Vec<(u64, String)> {
    let json: Value = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The rules these tests are about; selecting them keeps the tests exact
/// when rules are added to the registry.
const RULES: &str = "wildcard-verbs,wildcard-resources,broad-api-groups,unused-suppression";

/// `check --format json` with `args`.
fn json(args: &[&str]) -> std::process::Output {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    rbaclint(&all, None)
}

/// [`json`] with only [`RULES`] selected.
fn check(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--select", RULES];
    all.extend_from_slice(args);
    json(&all)
}

#[test]
fn comments_on_the_line_or_above_and_file_wide() {
    let dir = scratch("suppress-comments");
    let trailing = ROLE.replacen(
        "verbs: [\"*\"]\n",
        "verbs: [\"*\"] # rbaclint: ignore[wildcard-verbs] -- manages its own configmaps\n",
        1,
    );
    let out = check(&[&write(&dir, "trailing.yaml", &trailing)]);
    assert_eq!(findings(&out), [(11, "wildcard-verbs".to_string())]);

    let above = ROLE.replacen(
        "  verbs: [\"*\"]\n",
        "  # rbaclint: ignore[wildcard-verbs, broad-api-groups] -- reviewed\n  verbs: [\"*\"]\n",
        1,
    );
    let out = check(&[&write(&dir, "above.yaml", &above)]);
    // The `*` is suppressed; naming a rule with nothing to suppress is reported.
    assert_eq!(
        findings(&out),
        [
            (8, "unused-suppression".into()),
            (12, "wildcard-verbs".into())
        ]
    );

    let file = format!("# rbaclint: ignore-file[wildcard-verbs] -- vendored\n{ROLE}");
    let out = check(&[&write(&dir, "file.yaml", &file)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(findings(&out), []);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["summary"]["findings"], 0);

    // Audits see everything, and no unused-suppression noise.
    let out = check(&["--no-inline-ignores", &write(&dir, "file.yaml", &file)]);
    assert_eq!(
        findings(&out),
        [(9, "wildcard-verbs".into()), (12, "wildcard-verbs".into())]
    );
}

#[test]
fn annotations_on_the_object() {
    let dir = scratch("suppress-annotations");
    let one = ROLE.replace(
        "  name: operator\n",
        "  name: operator\n  annotations:\n    ignore-check.rbaclint.io/wildcard-verbs: \"upstream chart, SEC-12\"\n",
    );
    let out = check(&[&write(&dir, "one.yaml", &one)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(findings(&out), []);
    let all = ROLE.replace(
        "  name: operator\n",
        "  name: operator\n  annotations:\n    rbaclint.io/ignore-all: \"generated\"\n",
    );
    assert_eq!(findings(&check(&[&write(&dir, "all.yaml", &all)])), []);
    // Annotations apply to their own object only.
    let two = format!("{one}---\n{ROLE}");
    let out = check(&[&write(&dir, "two.yaml", &two)]);
    assert_eq!(
        findings(&out),
        [(22, "wildcard-verbs".into()), (25, "wildcard-verbs".into())]
    );
}

#[test]
fn unused_suppressions_are_reported() {
    let dir = scratch("suppress-unused");
    let text = ROLE
        .replace(
            "  name: operator\n",
            "  name: operator\n  annotations:\n    ignore-check.rbaclint.io/wildcard-resources: \"old\"\n",
        )
        .replacen(
            "resources: [configmaps]\n",
            "resources: [configmaps] # rbaclint: ignore[wildcard-verbs] -- wrong line\n",
            1,
        );
    let path = write(&dir, "unused.yaml", &text);
    let out = check(&[&path]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&out),
        [
            (6, "unused-suppression".into()),
            (9, "unused-suppression".into()),
            (10, "wildcard-verbs".into()),
            (13, "wildcard-verbs".into()),
        ]
    );
    let human = stdout(&rbaclint(&["check", &path], None));
    assert!(human.contains("`# rbaclint: ignore[wildcard-verbs]` suppresses nothing"));
    // Turning the rule off turns the reports off; so does turning off the rule suppressed.
    let out = check(&["--ignore", "unused-suppression", &path]);
    assert_eq!(findings(&out).len(), 2);
    let out = check(&["--ignore", "wildcard-verbs,wildcard-resources", &path]);
    assert_eq!(findings(&out), []);
}

#[test]
fn comments_in_a_file_that_does_not_load_are_not_judged_unused() {
    // Found by the fix property test: a tab breaks the YAML after the
    // suppressed line, so the role is lost and its suppression looked unused
    // (and `--fix` would delete it). The objects it was meant for are unknown.
    let dir = scratch("suppress-unloadable");
    let text = ROLE.replacen(
        "verbs: [\"*\"]\n",
        "verbs: [\"*\"] # rbaclint: ignore[wildcard-verbs] -- reviewed\n",
        1,
    ) + "- apiGroups: [\"\"]\n\t  resources: [pods]\n  verbs: [get]\n";
    let broken = write(&dir, "broken.yaml", &text);
    let out = check(&[&broken]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(findings(&out), []);
    assert!(stderr(&out).contains("broken.yaml at line 13, column 1: invalid YAML"));
    // Once the file loads, the same comment is judged: here it is used.
    let fixed = write(
        &dir,
        "fixed.yaml",
        &text.replace("\t  resources", "  resources"),
    );
    let out = check(&[&fixed]);
    assert_eq!(findings(&out), [(11, "wildcard-verbs".into())]);
    // A malformed directive is reported even in a file that does not load.
    let malformed = write(
        &dir,
        "malformed.yaml",
        &text.replace("ignore[wildcard-verbs]", "ignore wildcard-verbs"),
    );
    assert_eq!(
        findings(&check(&[&malformed])),
        [(8, "unused-suppression".into())]
    );
}

#[test]
fn reasons_are_required_when_the_config_asks() {
    let dir = scratch("suppress-reasons");
    let text = ROLE.replacen(
        "verbs: [\"*\"]\n",
        "verbs: [\"*\"] # rbaclint: ignore[wildcard-verbs]\n",
        1,
    );
    let role = write(&dir, "role.yaml", &text);
    let out = check(&[&role]);
    assert_eq!(findings(&out), [(11, "wildcard-verbs".into())]);
    let config = write(&dir, "strict.yaml", "require-suppression-reason: true\n");
    let out = check(&["--config", &config, &role]);
    assert_eq!(
        findings(&out),
        [
            (8, "unused-suppression".into()),
            (11, "wildcard-verbs".into())
        ]
    );
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("gives no reason"));
}

#[test]
fn select_ignore_severity_fail_on_exit_zero() {
    let bad = "fixtures/broad-api-groups/bad.yaml";
    // Exit codes on warnings only: this fixture's findings, one rule.
    let rbaclint = |args: &[&str], stdin: Option<&[u8]>| {
        let mut all = args.to_vec();
        all.insert(1, "--select=broad-api-groups");
        rbaclint(&all, stdin)
    };
    let rules_of = |args: &[&str]| {
        let mut rules: Vec<String> = findings(&json(args)).into_iter().map(|(_, r)| r).collect();
        rules.sort();
        rules.dedup();
        rules
    };
    let all = rules_of(&["fixtures"]);
    assert!(all.len() >= 6, "{all:?}");
    assert_eq!(
        rules_of(&["--select", "wildcard-verbs", "fixtures"]),
        ["wildcard-verbs"]
    );
    let extended = rules_of(&[
        "--select",
        "wildcard-verbs",
        "--extend-select",
        "duplicate-key",
        "fixtures/duplicate-key",
    ]);
    assert_eq!(extended, ["duplicate-key", "wildcard-verbs"]);
    assert!(
        !rules_of(&["--ignore", "wildcard-verbs", "fixtures"]).contains(&"wildcard-verbs".into())
    );

    // broad-api-groups is a warning: fails by default, not with --fail-on error.
    assert_eq!(rbaclint(&["check", bad], None).status.code(), Some(1));
    assert_eq!(
        rbaclint(&["check", "--fail-on", "error", bad], None)
            .status
            .code(),
        Some(0)
    );
    let out = rbaclint(
        &[
            "check",
            "--fail-on",
            "error",
            "--severity",
            "broad-api-groups=error",
            bad,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&check(&[
        "--severity",
        "broad-api-groups=note",
        bad,
    ])))
    .unwrap();
    assert_eq!(json["findings"][0]["severity"], "note");
    assert_eq!(
        rbaclint(&["check", "--fail-on", "never", bad], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        rbaclint(&["check", "--exit-zero", bad], None).status.code(),
        Some(0)
    );
    // --exit-zero never hides an input error.
    assert_eq!(
        rbaclint(&["check", "--exit-zero", "tests/data/missing.yaml"], None)
            .status
            .code(),
        Some(2)
    );
    for bad_flag in [
        &["--select", "wildcard-verb"][..],
        &["--severity", "wildcard-verbs"][..],
        &["--severity", "wildcard-verbs=loud"][..],
        &["--fail-on", "sometimes"][..],
    ] {
        let mut args = vec!["check"];
        args.extend_from_slice(bad_flag);
        args.push(bad);
        let out = rbaclint(&args, None);
        assert_eq!(out.status.code(), Some(2), "{bad_flag:?}");
        assert!(stderr(&out).contains("error"), "{bad_flag:?}");
    }
}

#[test]
fn baseline_survives_inserted_lines_and_reports_new_and_stale() {
    let dir = scratch("baseline");
    let role = write(&dir, "role.yaml", ROLE);
    let baseline = dir.join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let out = rbaclint(
        &[
            "check",
            "--select",
            RULES,
            "--write-baseline",
            baseline,
            &role,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("wrote 2 baseline entries"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(written["entries"][0]["element"], "rules[0].verbs[0]");
    assert_eq!(written["entries"][0]["kind"], "ClusterRole");

    // Ten lines inserted at the top: nothing resurfaces.
    write(
        &dir,
        "role.yaml",
        &format!("{}{ROLE}", "# comment\n".repeat(10)),
    );
    let out = check(&["--baseline", baseline, &role]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(findings(&out), []);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    // A new finding is reported; a fixed one makes its entry stale.
    let changed = format!(
        "{}{}",
        "# comment\n".repeat(10),
        ROLE.replacen("verbs: [\"*\"]", "verbs: [get]", 1)
            .replace("resources: [secrets]", "resources: [\"*\"]")
    );
    write(&dir, "role.yaml", &changed);
    let out = check(&["--baseline", baseline, &role]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&out), [(20, "wildcard-resources".into())]);
    let err = stderr(&out);
    assert!(err.contains("1 stale entries"), "{err}");
    assert!(
        err.contains("ClusterRole/operator wildcard-verbs at rules[0].verbs[0]"),
        "{err}"
    );

    // A broken baseline is an input error.
    let broken = write(&dir, "broken.json", "{\"version\": 9, \"entries\": []}");
    let out = check(&["--baseline", &broken, &role]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("baseline version 9 is not supported"));
}

/// Issue 9: a directive counts only where a person wrote a YAML comment —
/// never inside a block scalar, a quoted string or an annotation value —
/// and a malformed one suppresses nothing.
#[test]
fn directives_inside_scalars_or_malformed_suppress_nothing() {
    let dir = scratch("directive-tokens");
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
  annotations:
    note: |
      # rbaclint: ignore-file[wildcard-verbs]
    other: \"x # rbaclint: ignore-file[wildcard-verbs]\"
rules:
- apiGroups: [\"\"]
  resources: [configmaps]
  verbs: [\"*\"] # rbaclint: ignore[wildcard-verbs] because
- apiGroups: [\"\"]
  resources: [secrets]
  verbs: [\"*\"] # rbaclint: ignore[wildcard-verbs] -- a real comment
";
    let path = write(&dir, "tokens.yaml", text);
    let out = check(&[&path]);
    assert_eq!(
        findings(&out),
        [
            (12, "wildcard-verbs".to_string()),
            (12, "unused-suppression".to_string()),
        ],
        "only the well-formed comment on line 15 suppresses: {}",
        stdout(&out)
    );
}

/// Issue 11: a directive after other comment text counts, as ruff reads
/// `# noqa`; a bare `ignore` covers every rule on its line and is reported
/// when it suppresses nothing.
#[test]
fn directives_after_comment_text_and_bare_ignores() {
    let dir = scratch("directive-after-text");
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
- apiGroups: [\"\"]
  resources: [configmaps]
  verbs: [\"*\"]  # needed for X  # rbaclint: ignore[wildcard-verbs] -- reason
- apiGroups: [\"\"]
  resources: [secrets] # rbaclint: ignore -- nothing starts here
  verbs: [\"*\"] # rbaclint: ignore -- reviewed
";
    let out = check(&[&write(&dir, "after-text.yaml", text)]);
    assert_eq!(
        findings(&out),
        [(10, "unused-suppression".to_string())],
        "{}",
        stdout(&out)
    );
}
