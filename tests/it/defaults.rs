//! The quiet defaults: the recommended rule set, Kubernetes' own bootstrap
//! objects left alone, controller rules not run on user-facing roles,
//! kustomize bases, and the `rules`/`explain` listings that say which set a
//! rule is in.

use crate::common::{self, rbaclint, scratch, stdout};

use std::path::{Path, PathBuf};

use rbaclint::discover::{Content, Input};
use rbaclint::engine;
use rbaclint::rule::RuleSet;
use rbaclint::rules::RULES;
use rbaclint::settings::Settings;

fn lint(text: &str, settings: &Settings) -> Vec<(&'static str, String)> {
    let outcome = engine::run(
        vec![Input {
            name: "input.yaml".into(),
            content: Content::Read(Ok(text.as_bytes().to_vec())),
            walked: false,
        }],
        settings,
    );
    outcome
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), format!("{} {}", f.object, f.primary.path)))
        .collect()
}

const CONTROLLER: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: controller}
rules:
- apiGroups: [\"\"]
  resources: [secrets]
  verbs: [get, list]
- apiGroups: [example.com]
  resources: [widgets, widgets/status]
  verbs: [get, update]
";

#[test]
fn opt_in_rules_run_only_when_selected() {
    let default = lint(CONTROLLER, &Settings::default());
    assert_eq!(
        default,
        [(
            "status-not-separated",
            "ClusterRole/controller rules[1].resources[1]".to_string()
        )]
    );
    let all = lint(CONTROLLER, &Settings::all_rules());
    assert!(
        all.iter().any(|(rule, _)| *rule == "secrets-read"),
        "{all:?}"
    );
    // The five rules of the project's brief are recommended.
    for id in common::BRIEF_RULES {
        let rule = rbaclint::rules::find(id).unwrap();
        assert_eq!(rule.set, RuleSet::Recommended, "{id}");
    }
}

#[test]
fn cli_selects_opt_in_rules() {
    let dir = scratch("defaults-select");
    std::fs::write(dir.join("role.yaml"), CONTROLLER).unwrap();
    let path = dir.join("role.yaml");
    let path = path.to_str().unwrap();
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--no-config", "--format", "json"];
        all.extend_from_slice(args);
        all.push(path);
        let json: serde_json::Value = serde_json::from_str(&stdout(&rbaclint(&all, None))).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules_of(&[]), ["status-not-separated"]);
    assert_eq!(
        rules_of(&["--extend-select", "secrets-read"]),
        ["secrets-read", "status-not-separated"]
    );
    assert_eq!(
        rules_of(&["--select", "all"]),
        ["secrets-read", "status-not-separated"]
    );
    assert_eq!(
        rules_of(&[
            "--select",
            "recommended",
            "--ignore",
            "status-not-separated"
        ]),
        Vec::<String>::new()
    );
}

/// The bootstrap `cluster-admin`, as `kubectl get clusterrole -o yaml` shows it.
const BOOTSTRAP_CLUSTER_ADMIN: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
  annotations: {rbac.authorization.kubernetes.io/autoupdate: \"true\"}
rules:
- apiGroups: ['*']
  resources: ['*']
  verbs: ['*']
- nonResourceURLs: ['*']
  verbs: ['*']
";

#[test]
fn bootstrap_objects_are_not_linted_by_default() {
    assert_eq!(lint(BOOTSTRAP_CLUSTER_ADMIN, &Settings::default()), []);
    assert_eq!(lint(BOOTSTRAP_CLUSTER_ADMIN, &Settings::all_rules()), []);
    let mut audit = Settings::default();
    audit.skip_bootstrap_objects = false;
    assert_eq!(lint(BOOTSTRAP_CLUSTER_ADMIN, &audit).len(), 4);
    // The label alone is not enough: a user's role named otherwise is linted.
    let renamed = BOOTSTRAP_CLUSTER_ADMIN.replace("name: cluster-admin", "name: my-admin");
    assert_eq!(lint(&renamed, &Settings::default()).len(), 4);
    // Nor the name alone.
    let unlabelled = BOOTSTRAP_CLUSTER_ADMIN.replace("kubernetes.io/bootstrapping", "team");
    assert_eq!(lint(&unlabelled, &Settings::default()).len(), 4);
}

#[test]
fn bootstrap_bindings_are_recognised() {
    let binding = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: 'system:masters'}
";
    assert_eq!(lint(binding, &Settings::default()), []);
    let user = binding.replace(
        "  name: cluster-admin\n  labels",
        "  name: ops-admin\n  labels",
    );
    let rules: Vec<&str> = lint(&user, &Settings::default())
        .iter()
        .map(|(r, _)| *r)
        .collect();
    assert_eq!(rules, ["cluster-admin-binding", "anonymous-binding"]);
}

#[test]
fn user_facing_roles_are_exempt_from_controller_rules_only() {
    let role = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-edit
  labels: {rbac.authorization.k8s.io/aggregate-to-edit: \"true\"}
rules:
- apiGroups: [example.com]
  resources: [widgets, widgets/status]
  verbs: ['*']
- apiGroups: [\"\"]
  resources: [pods/exec]
  verbs: [create]
";
    assert_eq!(lint(role, &Settings::all_rules()), []);
    // A project's own people-facing tier counts; a controller tier does not.
    let kubeflow = role.replace(
        "rbac.authorization.k8s.io/aggregate-to-edit",
        "rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit",
    );
    assert_eq!(lint(&kubeflow, &Settings::all_rules()), []);
    let controller = role.replace(
        "rbac.authorization.k8s.io/aggregate-to-edit",
        "rbac.kyverno.io/aggregate-to-background-controller",
    );
    assert_eq!(lint(&controller, &Settings::all_rules()).len(), 3);
    let not_true = role.replace("\"true\"", "\"false\"");
    assert_eq!(lint(&not_true, &Settings::all_rules()).len(), 3);
    let mut audit = Settings::all_rules();
    audit.exempt_user_facing_roles = false;
    let rules: Vec<&str> = lint(role, &audit).iter().map(|(r, _)| *r).collect();
    assert_eq!(
        rules,
        ["status-not-separated", "wildcard-verbs", "pod-exec-attach"]
    );
    for rule in RULES.iter().filter(|r| r.controllers_only) {
        assert!(
            [
                "wildcard-verbs",
                "wildcard-resources",
                "broad-api-groups",
                "status-not-separated",
                "crd-admin-mixed-with-runtime",
                "secrets-read",
                "workload-create",
                "pod-exec-attach",
                "impersonate-verb",
                "token-request",
                "services-status-write",
                "secrets-create",
            ]
            .contains(&rule.id.as_str()),
            "{}",
            rule.id
        );
    }
}

#[test]
fn no_exemptions_flag_lints_everything() {
    let dir = scratch("defaults-no-exemptions");
    std::fs::write(dir.join("admin.yaml"), BOOTSTRAP_CLUSTER_ADMIN).unwrap();
    let path = dir.join("admin.yaml");
    let path = path.to_str().unwrap();
    let quiet = rbaclint(&["check", "--no-config", path], None);
    assert_eq!(quiet.status.code(), Some(0));
    let audit = rbaclint(&["check", "--no-config", "--no-exemptions", path], None);
    assert_eq!(audit.status.code(), Some(1));
    assert!(stdout(&audit).ends_with("3 errors, 1 warning in 1 file (1 file checked)\n"));
}

const UNNAMESPACED_SUBJECT: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: manager}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: manager}
subjects: [{kind: ServiceAccount, name: controller-manager}]
";

fn subject_findings(file: &Path) -> usize {
    let out = rbaclint(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--select",
            "subject-namespace-missing",
            file.to_str().unwrap(),
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    json["findings"].as_array().unwrap().len()
}

#[test]
fn kustomize_bases_with_a_namespace_fill_subjects_in() {
    let dir = scratch("defaults-kustomize");
    let base = dir.join("config/rbac");
    std::fs::create_dir_all(&base).unwrap();
    let file = base.join("role_binding.yaml");
    std::fs::write(&file, UNNAMESPACED_SUBJECT).unwrap();
    assert_eq!(subject_findings(&file), 1, "no kustomization");
    std::fs::write(
        base.join("kustomization.yaml"),
        "resources: [role_binding.yaml]\n",
    )
    .unwrap();
    assert_eq!(
        subject_findings(&file),
        1,
        "kustomization without namespace"
    );
    // A parent's kustomization sets it.
    std::fs::write(
        dir.join("config/Kustomization"),
        "namespace: system\nresources: [rbac]\n",
    )
    .unwrap();
    assert_eq!(subject_findings(&file), 0, "parent sets namespace");
}

/// kubebuilder's layout: `config/default/kustomization.yaml` sets the
/// namespace and lists `../rbac`, a sibling of the file's directory.
fn kubebuilder_layout(name: &str, overlay: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let rbac = dir.join("config/rbac");
    std::fs::create_dir_all(&rbac).unwrap();
    std::fs::create_dir_all(dir.join("config/default")).unwrap();
    std::fs::write(rbac.join("role_binding.yaml"), UNNAMESPACED_SUBJECT).unwrap();
    std::fs::write(
        rbac.join("kustomization.yaml"),
        "resources: [role_binding.yaml]\n",
    )
    .unwrap();
    std::fs::write(dir.join("config/default/kustomization.yaml"), overlay).unwrap();
    (dir, rbac.join("role_binding.yaml"))
}

#[test]
fn an_overlay_that_lists_the_base_and_sets_a_namespace_fills_subjects_in() {
    let namespaced = "namespace: system\nresources:\n- ../crd\n- ../rbac\n";
    // The overlay is among the inputs.
    let (dir, _) = kubebuilder_layout("defaults-overlay-input", namespaced);
    assert_eq!(subject_findings(&dir), 0, "overlay in the input");
    // Only the file is named (a pre-commit hook): the overlay beside its
    // parent is found inside the git repository (here the scratch
    // directory's own `.git`, the nearest one, bounds the search).
    let (dir, file) = kubebuilder_layout("defaults-overlay-git", namespaced);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    assert_eq!(subject_findings(&file), 0, "overlay beside config/rbac");
    // An overlay that sets no namespace, or does not list the base, fills nothing.
    let (dir, file) = kubebuilder_layout(
        "defaults-overlay-other",
        "namespace: system\nresources: [../crd]\n",
    );
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    assert_eq!(subject_findings(&file), 1, "overlay lists another base");
    let (dir, _) = kubebuilder_layout("defaults-overlay-none", "resources: [../rbac]\n");
    assert_eq!(subject_findings(&dir), 1, "overlay sets no namespace");
    // Through an intermediate kustomization (argo-workflows' cluster-install).
    let (dir, _) = kubebuilder_layout("defaults-overlay-chain", "resources: [../rbac]\n");
    std::fs::create_dir_all(dir.join("install")).unwrap();
    std::fs::write(
        dir.join("install/kustomization.yaml"),
        "namespace: ops\nbases: [../config/default]\n",
    )
    .unwrap();
    assert_eq!(subject_findings(&dir), 0, "through config/default");
}

#[test]
fn rules_listing_says_the_set_in_short_lines() {
    let out = stdout(&rbaclint(&["rules"], None));
    for rule in RULES {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id.as_str()))
            .unwrap_or_else(|| panic!("{} missing", rule.id));
        assert!(line.contains(rule.set.as_str()), "{line}");
        assert!(line.chars().count() <= 140, "{line}");
    }
    for start in [
        "wildcard-verbs                   error    recommended  Flags ",
        "secrets-read                     warning  opt-in       Flags ",
    ] {
        assert!(out.lines().any(|l| l.starts_with(start)), "{out}");
    }
    let explain = stdout(&rbaclint(&["explain", "secrets-read"], None));
    assert!(
        explain.contains("## Rule set\nopt-in: runs with `--extend-select RULE`"),
        "{explain}"
    );
    assert!(explain.contains("does not run on user-facing roles"));
}
