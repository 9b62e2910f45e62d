//! The real-world corpus (`../shared/corpus/real`, published manifests none
//! of us wrote): every file loads, every RBAC object is found, nothing panics.
//! Skipped, with a message, when the shared folder is absent.

use crate::common;

use std::path::Path;

use rbaclint::discover::{self, Input};
use rbaclint::engine;
use rbaclint::settings::Settings;
use serde_json::Value;

/// `| Role | 301 | 10 |` rows of STATS.md → (kind, count).
fn stats_count(stats: &str, kind: &str) -> usize {
    let row = format!("| {kind} |");
    let line = stats
        .lines()
        .find(|l| l.starts_with(&row))
        .unwrap_or_else(|| panic!("STATS.md has no {kind} row"));
    line.split('|').nth(2).unwrap().trim().parse().unwrap()
}

fn corpus_inputs(root: &Path) -> Vec<Input> {
    discover::discover(
        &[root.to_string_lossy().into_owned()],
        &discover::Options::new(discover::glob_set(&[]).unwrap()),
    )
    .inputs
}

#[test]
fn every_corpus_file_loads_and_every_rbac_object_is_found() {
    let Some(root) = common::shared("corpus/real") else {
        return;
    };
    let stats = std::fs::read_to_string(root.join("STATS.md")).unwrap();
    let inputs = corpus_inputs(&root);
    let yaml_files = inputs.iter().filter(|i| i.name.ends_with(".yaml")).count();
    assert_eq!(yaml_files, 1187, "SOURCES.md says 1187 files");
    let outcome = engine::run(inputs, &Settings::default());
    let errors: Vec<String> = outcome
        .errors
        .iter()
        .map(|e| format!("{}: {}", outcome.workspace.files[e.file].name, e.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The only objects the API server would refuse are two templates, each
    // checked by hand: argo-cd's `##CRNAME##` placeholders (a YAML comment,
    // so no name) and chainsaw's `($namespace)` binding; and the objects of
    // the removed `rbac.authorization.k8s.io/v1beta1` (calico's 2017 demo,
    // an old copy of Kubernetes' bootstrap bindings).
    let mut invalid: Vec<(String, String)> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == rbaclint::rule_id::RuleId::InvalidObject)
        .map(|f| {
            let file = &outcome.workspace.files[f.file()].name;
            let file = file.rsplit('/').next().unwrap().to_string();
            (file, f.object.to_string())
        })
        .collect();
    invalid.sort();
    let argo = "test__remote__argocd-remote-permissions.yaml";
    let chainsaw = "tests__e2e-targetallocator__targetallocator-namespace__resources__rbac.yaml";
    let calico = "app-policy__config__install__05-calico.yaml";
    let bootstrap = "plugin__pkg__auth__authorizer__rbac__bootstrappolicy__testdata__cluster-role-bindings.at-0cfd4e71.yaml";
    let mut expected: Vec<(String, String)> = [
        (calico, "ClusterRole/calico-node"),
        (calico, "ClusterRoleBinding/calico-node"),
        (calico, "ClusterRoleBinding/kube-dns"),
        (bootstrap, "ClusterRoleBinding/cluster-admin"),
        (bootstrap, "ClusterRoleBinding/system:basic-user"),
        (bootstrap, "ClusterRoleBinding/system:discovery"),
        (
            bootstrap,
            "ClusterRoleBinding/system:kube-controller-manager",
        ),
        (bootstrap, "ClusterRoleBinding/system:node"),
        (bootstrap, "ClusterRoleBinding/system:node-proxier"),
        (argo, "ClusterRole/<unnamed>"),
        (argo, "ClusterRoleBinding/<unnamed>"),
        (chainsaw, "Role/collector"),
        (chainsaw, "Role/ta"),
        (chainsaw, "RoleBinding/collector"),
        (chainsaw, "RoleBinding/ta"),
    ]
    .iter()
    .map(|(f, o)| (f.to_string(), o.to_string()))
    .collect();
    expected.sort();
    assert_eq!(invalid, expected);
    for kind in ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] {
        let found = outcome
            .workspace
            .objects
            .iter()
            .filter(|o| o.id.kind == kind)
            .count();
        let refused = invalid
            .iter()
            .filter(|(_, o)| o.starts_with(&format!("{kind}/")))
            .count();
        assert_eq!(found + refused, stats_count(&stats, kind), "{kind} objects");
    }
    assert_eq!(
        outcome.workspace.object_count,
        stats_count(&stats, "**total**")
    );
    // Every finding's span lies inside its file, on character boundaries.
    for finding in &outcome.findings {
        let text = &outcome.workspace.files[finding.file()].text;
        let span = finding.primary.span;
        assert!(
            span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
        );
        assert!(!span.is_empty(), "{}", finding.message);
    }
}

#[test]
fn corpus_findings_through_the_binary() {
    let Some(root) = common::shared("corpus/real") else {
        return;
    };
    let out = common::rbaclint(&["check", "--format", "json", root.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let json: Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    // STATS.md: 157 rules have `*` in verbs, each with one `*` element; two
    // are in argo-cd's unrendered template, which the API server refuses,
    // 3 in Kubernetes' own bootstrap roles (cluster-admin twice,
    // system:kubelet-api-admin), which a default run does not lint, and 10
    // in roles aggregated into the roles people hold (admin, edit, view and
    // Kubeflow's tiers), which the controller rules leave alone by default.
    assert_eq!(count("wildcard-verbs"), 142);
    // A finding checked by hand: argo-cd's application controller is `*` on `*` in `*`.
    let argo = findings
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with("argocd-application-controller-clusterrole.yaml")
                && f["rule"] == "wildcard-verbs"
        })
        .expect("argo-cd application controller wildcard");
    assert_eq!(argo["object"]["name"], "argocd-application-controller");
    assert_eq!(argo["element"], "rules[0].verbs[0]");
}
