//! Cross-object findings through the real binary: a finding caused by an
//! aggregated rule points at the contributing ClusterRole's element, in
//! another file, in every format.

use crate::common;

use common::{rbaclint, scratch, stdout};
use serde_json::Value;

#[test]
fn aggregated_crd_write_is_labelled_in_the_contributing_file() {
    let fixture = std::fs::read_to_string("fixtures/crd-admin-bound-to-runtime/bad.yaml").unwrap();
    let docs: Vec<&str> = fixture.split("\n---\n").collect();
    // The contributing ClusterRole (2nd document) goes to a file of its own.
    let dir = scratch("cross-object");
    let rest: Vec<&str> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, d)| *d)
        .collect();
    std::fs::write(dir.join("a.yaml"), rest.join("\n---\n")).unwrap();
    std::fs::write(dir.join("b.yaml"), docs[1]).unwrap();
    let root = dir.to_str().unwrap();

    let out = rbaclint(&["check", root, "--color", "never"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("(aggregated from ClusterRole/my-controller-crds)"),
        "{text}"
    );
    assert!(
        text.contains("related: grants update on CustomResourceDefinitions"),
        "{text}"
    );
    assert!(text.contains("b.yaml:8:15"), "{text}");

    let out = rbaclint(&["check", root, "--format", "json"], None);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "crd-admin-bound-to-runtime");
    assert!(finding["file"].as_str().unwrap().ends_with("a.yaml"));
    let related = &finding["related"][0];
    assert!(related["file"].as_str().unwrap().ends_with("b.yaml"));
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(8), Some(15))
    );
    assert_eq!(related["element"], "rules[0].resources[0]");
}

/// A related label: line, element, text.
type Related<'a> = (u64, &'a str, &'a str);

/// The case: a CRD-creating role bound to a ServiceAccount by its
/// user name and to a namespace's ServiceAccount group. `check` reports
/// each subject, with the workload it reaches, and `access` says the same.
#[test]
fn user_and_group_subjects_reach_workloads_as_access_says() {
    let dir = scratch("cross-object-identities");
    std::fs::write(
        dir.join("rbac.yaml"),
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crd-installer}
rules:
- apiGroups: [\"apiextensions.k8s.io\"]
  resources: [\"customresourcedefinitions\"]
  verbs: [\"create\"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: crd-installer}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: \"system:serviceaccount:shop:shop-controller\"}
- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:serviceaccounts:billing\"}
",
    )
    .unwrap();
    std::fs::write(
        dir.join("workloads.yaml"),
        "apiVersion: apps/v1
kind: Deployment
metadata: {name: shop-controller, namespace: shop}
spec:
  template:
    spec:
      serviceAccountName: shop-controller
      containers: [{name: c, image: i}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: invoices, namespace: billing}
spec:
  template:
    spec:
      containers: [{name: c, image: i}]
---
# No namespace: never taken for shop/shop-controller.
apiVersion: apps/v1
kind: Deployment
metadata: {name: unplaced}
spec:
  template:
    spec:
      serviceAccountName: shop-controller
      containers: [{name: c, image: i}]
",
    )
    .unwrap();
    let root = dir.to_str().unwrap();

    let out = rbaclint(
        &[
            "check",
            root,
            "--format",
            "json",
            "--select",
            "crd-admin-bound-to-runtime",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let seen: Vec<(&str, &str, Vec<Related>)> = findings
        .iter()
        .map(|f| {
            let related = f["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["line"].as_u64().unwrap(),
                        r["element"].as_str().unwrap(),
                        r["message"].as_str().unwrap(),
                    )
                })
                .collect();
            (
                f["element"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                related,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "subjects[0].name",
                "ClusterRoleBinding/shop: User system:serviceaccount:shop:shop-controller, the user name of ServiceAccount shop/shop-controller, which Deployment/shop-controller runs as, is bound to ClusterRole crd-installer that can create CustomResourceDefinitions",
                vec![
                    (6, "rules[0].resources[0]", "grants create on CustomResourceDefinitions"),
                    (
                        7,
                        "spec.template.spec.serviceAccountName",
                        "Deployment/shop-controller runs as ServiceAccount shop/shop-controller"
                    ),
                ]
            ),
            (
                "subjects[1].name",
                "ClusterRoleBinding/shop: Group system:serviceaccounts:billing (every ServiceAccount of namespace billing) is bound to ClusterRole crd-installer that can create CustomResourceDefinitions; Deployment/invoices runs as a ServiceAccount in this group",
                vec![
                    (6, "rules[0].resources[0]", "grants create on CustomResourceDefinitions"),
                    (
                        12,
                        "metadata.name",
                        "Deployment/invoices runs as ServiceAccount billing/default, serviceAccountName unset"
                    ),
                ]
            ),
        ]
    );

    // The view agrees for both identities.
    for identity in [
        "system:serviceaccount:shop:shop-controller",
        "system:serviceaccount:billing:default",
    ] {
        let out = rbaclint(&["access", identity, root], None);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(
            text.contains("cluster-wide") && text.contains("create on customresourcedefinitions"),
            "{identity}: {text}"
        );
    }
}

/// One finding per subject element: in a ClusterRoleBinding the
/// ServiceAccount groups are `service-account-group-binding`'s (not also
/// `default-service-account-binding`'s), and a role outside the input is
/// said to be unknown rather than harmless.
#[test]
fn service_account_groups_are_reported_once_per_element() {
    let outcome = common::lint_text(
        "groups.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-in-billing}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-role}
subjects:
- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:serviceaccounts:billing\"}
- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:serviceaccounts-team\"}
",
    );
    let found: Vec<(&str, String, &str)> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str(),
                f.primary.path.to_string(),
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "service-account-group-binding",
            "subjects[0].name".to_string(),
            "ClusterRoleBinding/everyone-in-billing: binds ClusterRole vendor-role to Group system:serviceaccounts:billing, every ServiceAccount of namespace billing: every pod's ServiceAccount in namespace billing holds it, cluster-wide; ClusterRole vendor-role is not in the input, so what it grants is unknown"
        )]
    );
}

/// Alternative installs of one project (Calico's `calico.yaml` and
/// `calico-etcd.yaml`) define the same ClusterRole differently. A binding
/// is applied with the role in its own file, so it grants that one: the
/// CRD write of the other install is not claimed, by `check` or `access`.
#[test]
fn a_binding_grants_the_role_defined_in_its_own_file() {
    const ROLE_AND_BINDING: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: kube-controllers}
rules:
- apiGroups: [\"\"]
  resources: [nodes]
  verbs: [get, list, watch]
RULE---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kube-controllers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kube-controllers}
subjects: [{kind: ServiceAccount, name: kube-controllers, namespace: kube-system}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: kube-controllers, namespace: kube-system}
spec:
  template:
    spec:
      serviceAccountName: kube-controllers
      containers: [{name: c, image: example.com/c:1}]
";
    const CRD_RULE: &str = "\
- apiGroups: [apiextensions.k8s.io]
  resources: [customresourcedefinitions]
  verbs: [create]
";
    let dir = scratch("alternative-installs");
    let crd_install = dir.join("calico.yaml");
    let etcd_install = dir.join("calico-etcd.yaml");
    std::fs::write(&crd_install, ROLE_AND_BINDING.replace("RULE", CRD_RULE)).unwrap();
    std::fs::write(&etcd_install, ROLE_AND_BINDING.replace("RULE", "")).unwrap();
    let root = dir.to_str().unwrap();

    let bound = files_reported(root, "crd-admin-bound-to-runtime");
    assert_eq!(bound.len(), 1, "{bound:?}");
    assert!(bound[0].ends_with("/calico.yaml"), "{bound:?}");

    // `access` answers the same: each binding with its own file's role.
    let subject = "system:serviceaccount:kube-system:kube-controllers";
    let text = stdout(&rbaclint(&["access", subject, root], None));
    assert!(text.contains("): 3 rules"), "{text}");
    let crd_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("customresourcedefinitions"))
        .collect();
    assert_eq!(crd_lines.len(), 1, "{text}");
    assert!(crd_lines[0].contains("/calico.yaml:8:3"), "{text}");
}

/// A run over several repositories (`rbaclint check ~/src`): a workload of
/// one is not matched with a binding of another, even with the same
/// namespace and ServiceAccount name; inside one repository it is.
#[test]
fn workloads_match_bindings_of_their_own_repository_only() {
    const BINDING: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crd-writer}
rules:
- apiGroups: [apiextensions.k8s.io]
  resources: [customresourcedefinitions]
  verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crd-writer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: crd-writer}
subjects: [{kind: ServiceAccount, name: default, namespace: kube-system}]
";
    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: autoscaler, namespace: kube-system}
spec:
  template:
    spec:
      containers: [{name: c, image: example.com/c:1}]
";
    let dir = scratch("two-repositories");
    for (repo, file, text) in [
        ("tools", "rbac.yaml", BINDING),
        ("autoscaler", "deploy.yaml", DEPLOYMENT),
    ] {
        std::fs::create_dir_all(dir.join(repo).join(".git")).unwrap();
        std::fs::write(dir.join(repo).join(file), text).unwrap();
    }
    let root = dir.to_str().unwrap();
    let bound = || files_reported(root, "crd-admin-bound-to-runtime").len();
    assert_eq!(bound(), 0);

    // The same two files in one repository: the Deployment runs as the bound account.
    std::fs::rename(
        dir.join("autoscaler/deploy.yaml"),
        dir.join("tools/deploy.yaml"),
    )
    .unwrap();
    assert_eq!(bound(), 1);
}

/// The file of each finding of `rule` that `rbaclint check root` reports.
fn files_reported(root: &str, rule: &str) -> Vec<String> {
    let out = rbaclint(&["check", root, "--format", "json", "--exit-zero"], None);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}
