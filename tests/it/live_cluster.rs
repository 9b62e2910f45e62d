//! Objects exported from a live cluster (`kubectl get clusterroles,
//! clusterrolebindings,roles,rolebindings -A -o yaml`, and `-o json`) load
//! with every field the API server adds, and are linted like manifests.

use crate::common;

use common::{rbaclint, scratch, stderr, stdout};
use serde_json::Value;

const YAML: &str = "tests/it/data/live-cluster/rbac.yaml";
const JSON: &str = "tests/it/data/live-cluster/rbac.json";

/// `check --format json` on one file: the findings.
fn findings(path: &str) -> Vec<Value> {
    let out = rbaclint(&["check", path, "--format", "json", "--exit-zero"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    report["findings"].as_array().unwrap().clone()
}

/// `(rule, object name, element, line)` of each finding.
fn summary(findings: &[Value]) -> Vec<(String, String, String, u64)> {
    findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["object"]["name"].as_str().unwrap().to_string(),
                f["element"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The 1-based line of the first line of `path` containing `needle` after `after`.
fn line_of(path: &str, after: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find(after).expect("anchor present");
    let at = start + text[start..].find(needle).expect("needle present");
    text[..at].matches('\n').count() as u64 + 1
}

#[test]
fn a_kubectl_yaml_list_loads_and_is_linted_at_exact_lines() {
    let found = summary(&findings(YAML));
    assert!(
        found.iter().all(|(rule, ..)| rule != "invalid-object"),
        "{found:?}"
    );
    for expected in [
        (
            "wildcard-verbs",
            "cert-manager-controller-issuers",
            "rules[2].verbs[0]",
            107,
        ),
        (
            "cluster-admin-binding",
            "ci-deployer-admin",
            "roleRef.name",
            147,
        ),
        (
            "status-not-separated",
            "cert-manager-controller-issuers",
            "rules[0].resources[1]",
            87,
        ),
    ] {
        let expected = (
            expected.0.to_string(),
            expected.1.to_string(),
            expected.2.to_string(),
            expected.3,
        );
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn its_json_twin_gives_the_same_findings() {
    let from_yaml = summary(&findings(YAML));
    let from_json = summary(&findings(JSON));
    let without_line = |s: &[(String, String, String, u64)]| {
        let mut v: Vec<_> = s
            .iter()
            .map(|(r, o, e, _)| (r.clone(), o.clone(), e.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(without_line(&from_yaml), without_line(&from_json));
    let star = from_json
        .iter()
        .find(|(rule, ..)| rule == "wildcard-verbs")
        .expect("the `*` verb is reported");
    assert_eq!(star.3, line_of(JSON, "\"events\"", "\"*\""));
}

#[test]
fn views_answer_from_a_live_export_without_errors() {
    let out = rbaclint(&["who-can", "create", "events", YAML], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.contains("who can create events: 1 subject\n"),
        "{text}"
    );
    assert!(
        text.contains("\nServiceAccount cert-manager/cert-manager\n"),
        "{text}"
    );
    let out = rbaclint(&["access", "system:serviceaccount:shop:shop", YAML], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("get,watch on configmaps in \"\" [names: shop-config]"),
        "{}",
        stdout(&out)
    );
}

/// A ClusterRoleBinding whose `roleRef` is a Role: the API server rejects it.
const REJECTED_BINDING: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: admin}
subjects: [{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}]
";

#[test]
fn views_say_what_they_left_out_and_exit_2() {
    let dir = scratch("live-cluster-left-out");
    let file = dir.join("binding.yaml");
    std::fs::write(&file, REJECTED_BINDING).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["who-can", "get", "pods", file],
        vec!["access", "Group:ops", file],
    ] {
        let out = rbaclint(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!(
                "error: {file} at line 4, column 54: ClusterRoleBinding/ops: not a valid ClusterRoleBinding: roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\""
            )),
            "{err}"
        );
        assert!(err.ends_with("; it is left out of this answer\n"), "{err}");
    }
}

#[test]
fn views_say_which_input_they_could_not_read_and_exit_2() {
    let dir = scratch("live-cluster-unreadable");
    let file = dir.join("broken.yaml");
    std::fs::write(&file, "kind: ClusterRole\nmetadata: {name: x\n").unwrap();
    let file = file.to_str().unwrap();
    let out = rbaclint(&["who-can", "get", "pods", file], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: cannot read {file} at line ")),
        "{err}"
    );
    assert!(stdout(&out).starts_with("who can get pods: 0 subjects\n"));
}
