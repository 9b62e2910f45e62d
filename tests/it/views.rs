//! `who-can` and `access` through the real binary.

use crate::common;

use common::{rbaclint, scratch, shared, stdout};
use serde_json::Value;

/// Bindings a cluster admin would add to the bootstrap policy: `edit` for a
/// developer in one namespace, `admin` for an operations group everywhere.
const BIND_ADMIN_AND_EDIT: &str = r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-edit, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: User, name: dev, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects:
- {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: deployer, namespace: ci}
"#;

#[test]
fn who_can_exec_on_the_bootstrap_policy_reaches_admin_and_edit() {
    let Some(bootstrap) = shared("corpus/real/kubernetes__kubernetes") else {
        return;
    };
    let dir = scratch("who-can-bootstrap");
    let bindings = dir.join("bindings.yaml");
    std::fs::write(&bindings, BIND_ADMIN_AND_EDIT).unwrap();
    // The current policy; `*.at-<commit>.yaml` is an old copy in the removed
    // v1beta1 API, which the API server refuses.
    let mut policy: Vec<String> = std::fs::read_dir(&bootstrap)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| !p.contains(".at-"))
        .collect();
    policy.sort();
    let mut args = vec!["who-can", "create", "pods/exec"];
    args.extend(policy.iter().map(String::as_str));
    args.push(bindings.to_str().unwrap());
    let out = rbaclint(&args, None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    // The aggregated roles, with the contributing rule of system:aggregate-to-edit.
    for role in ["ClusterRole/admin", "ClusterRole/edit"] {
        assert!(
            text.contains(&format!(
                "  {role}: aggregated from ClusterRole/system:aggregate-to-edit rules[2]"
            )),
            "{text}"
        );
    }
    // The subjects they reach, with binding, scope and the contributing rule.
    for subject in [
        "User dev",
        "Group ops",
        "ServiceAccount ci/deployer",
        "Group system:masters",
    ] {
        assert!(
            text.contains(&format!("\n{subject}\n")),
            "{subject}: {text}"
        );
    }
    assert!(
        text.contains("namespace team-a via RoleBinding/dev-edit"),
        "{text}"
    );
    assert!(
        text.contains("cluster-wide via ClusterRoleBinding/ops-admin"),
        "{text}"
    );
    assert!(
        text.contains("role ClusterRole/edit (aggregated)"),
        "{text}"
    );
    assert!(
        text.contains("rule ClusterRole/system:aggregate-to-edit rules[2]: create,delete,deletecollection,patch,update on pods,pods/attach,pods/exec,pods/portforward,pods/proxy in \"\""),
        "{text}"
    );
    assert!(
        text.starts_with("who can create pods/exec: 4 subjects"),
        "{text}"
    );

    // In another namespace the RoleBinding does not count.
    let mut other = args.to_vec();
    other.extend(["--namespace", "team-b", "--format", "json"]);
    let json: Value = serde_json::from_slice(&rbaclint(&other, None).stdout).unwrap();
    let subjects: Vec<&str> = json["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["subject"]["name"].as_str().unwrap())
        .collect();
    assert!(!subjects.contains(&"dev"), "{subjects:?}");
    assert!(subjects.contains(&"ops") && subjects.contains(&"deployer"));
    let edit = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "ClusterRole/edit")
        .unwrap();
    assert_eq!(edit["aggregated"], true);
    assert_eq!(edit["rule"]["in"], "ClusterRole/system:aggregate-to-edit");
}

const CONTROLLER: &str = r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: all-sas-read}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: Group, name: "system:serviceaccounts"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: leader, namespace: controller-system}
rules:
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: leader, namespace: controller-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leader}
subjects: [{kind: ServiceAccount, name: my-controller}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: someone-else, namespace: controller-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leader}
subjects: [{kind: ServiceAccount, name: other}]
"#;

#[test]
fn access_lists_rules_per_scope_with_their_bindings() {
    let dir = scratch("access");
    let file = dir.join("controller.yaml");
    std::fs::write(&file, CONTROLLER).unwrap();
    let subject = "system:serviceaccount:controller-system:my-controller";
    let out = rbaclint(&["access", subject, file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{subject} (groups: system:serviceaccounts, system:serviceaccounts:controller-system, system:authenticated): 2 rules")), "{text}");
    let cluster = text.find("\ncluster-wide\n").expect("cluster-wide section");
    let namespaced = text
        .find("\nnamespace controller-system\n")
        .expect("namespace section");
    assert!(cluster < namespaced);
    assert!(text.contains("get,list,watch on configmaps in \"\"  ClusterRoleBinding/all-sas-read → ClusterRole/reader"), "{text}");
    assert!(
        text.contains(
            "get,update on leases in coordination.k8s.io  RoleBinding/leader → Role/leader"
        ),
        "{text}"
    );
    assert!(!text.contains("someone-else"), "{text}");

    let out = rbaclint(
        &[
            "access",
            subject,
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let grants = json["grants"].as_array().unwrap();
    assert_eq!(grants.len(), 2);
    let leader = grants
        .iter()
        .find(|g| g["binding"]["name"] == "leader")
        .unwrap();
    assert_eq!(leader["scope"], "namespace controller-system");
    assert_eq!(leader["subject"]["namespace"], "controller-system");
    assert_eq!(leader["rule"]["at"]["line"], 20);
}

#[test]
fn view_usage_errors_exit_2() {
    let bad_subject = rbaclint(
        &["access", "system:serviceaccount:only-ns", "fixtures"],
        None,
    );
    assert_eq!(bad_subject.status.code(), Some(2));
    assert!(common::stderr(&bad_subject).contains("system:serviceaccount:NAMESPACE:NAME"));
    let missing_resource = rbaclint(&["who-can", "get"], None);
    assert_eq!(missing_resource.status.code(), Some(2));
}

/// A namespace's team: a RoleBinding to the built-in `edit` and to a Role
/// that names cluster-scoped resources; a ClusterRoleBinding to the built-in
/// `cluster-admin` (neither role is in the input).
const TEAM: &str = r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-edit, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: User, name: dev}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: crd-installer, namespace: team-a}
rules:
- apiGroups: [apiextensions.k8s.io]
  resources: [customresourcedefinitions]
  verbs: [create]
- apiGroups: [""]
  resources: [configmaps, nodes]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-crds, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: crd-installer}
subjects: [{kind: User, name: dev}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: root}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: root}]
"#;

#[test]
fn who_can_follows_resource_scope_and_knows_built_in_roles() {
    let dir = scratch("who-can-scope");
    let file = dir.join("team.yaml");
    std::fs::write(&file, TEAM).unwrap();
    let file = file.to_str().unwrap();
    let out = rbaclint(
        &["who-can", "create", "customresourcedefinitions", file],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    // The RoleBinding's Role names CRDs, but only cluster-admin's binding counts.
    assert!(
        text.starts_with(
            "who can create customresourcedefinitions (apiextensions.k8s.io): 1 subject\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\nUser root\n  cluster-wide via ClusterRoleBinding/root ("),
        "{text}"
    );
    assert!(
        text.contains("    rule ClusterRole/cluster-admin rules[0]: * on * in * (built-in ClusterRole cluster-admin)\n"),
        "{text}"
    );
    assert!(!text.contains("User dev"), "{text}");
    // Roles allowing it: the bound built-in cluster-admin (a Role cannot).
    assert!(text.contains("1 role allows it:\n"), "{text}");
    assert!(
        text.contains("  ClusterRole/cluster-admin: own rules[0] (built-in ClusterRole cluster-admin); bound by 1 binding\n"),
        "{text}"
    );

    // A namespaced request reaches the built-in edit through the RoleBinding.
    let out = rbaclint(
        &["who-can", "create", "pods/exec", file, "--format", "json"],
        None,
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dev = json["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["subject"]["name"] == "dev")
        .expect("dev through edit");
    assert_eq!(dev["role"]["name"], "edit");
    assert_eq!(dev["role"]["at"], "built-in ClusterRole edit");
    assert_eq!(dev["rule"]["in"], "ClusterRole/system:aggregate-to-edit");
    assert_eq!(
        dev["rule"]["at"],
        "built-in ClusterRole system:aggregate-to-edit"
    );
}

#[test]
fn access_sets_apart_what_a_role_binding_cannot_grant() {
    let dir = scratch("access-scope");
    let file = dir.join("team.yaml");
    std::fs::write(&file, TEAM).unwrap();
    let file = file.to_str().unwrap();
    let out = rbaclint(&["access", "User:dev", file], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    // Table rows as cells (columns are padded to the widest cell).
    let rows: Vec<String> = text
        .lines()
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let row = |start: &str| {
        rows.iter()
            .find(|r| r.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}: {text}"))
            .clone()
    };
    assert!(row("get on configmaps,nodes in \"\" (not nodes: cluster-scoped) | RoleBinding/dev-crds → Role/crd-installer | Role/crd-installer rules[1] (").ends_with(":15:3)"));
    assert!(
        text.contains("\nwithout effect: 1 rule held through RoleBindings, which never grant cluster-scoped resources or non-resource URLs\n"),
        "{text}"
    );
    assert!(row("create on customresourcedefinitions in apiextensions.k8s.io | RoleBinding/dev-crds → Role/crd-installer | Role/crd-installer rules[0] (").ends_with(":12:3)"));
    // edit's view part: get on the binding's own Namespace only.
    assert!(row("get,list,watch on namespaces in \"\" (namespaces: only the binding's own Namespace; not list,watch) | RoleBinding/dev-edit → ClusterRole/edit | ClusterRole/system:aggregate-to-view rules[2]").ends_with("(built-in ClusterRole system:aggregate-to-view)"));
    // The built-in edit's rules, located in their built-in roles.
    assert_eq!(
        row("create,delete,deletecollection,patch,update on pods,"),
        "create,delete,deletecollection,patch,update on pods,pods/attach,pods/exec,pods/portforward,pods/proxy in \"\" | RoleBinding/dev-edit → ClusterRole/edit | ClusterRole/system:aggregate-to-edit rules[2] (built-in ClusterRole system:aggregate-to-edit)"
    );

    let out = rbaclint(&["access", "User:dev", file, "--format", "json"], None);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let without = json["withoutEffect"].as_array().unwrap();
    assert_eq!(without.len(), 1);
    assert_eq!(
        without[0]["rule"]["resources"][0],
        "customresourcedefinitions"
    );
    let partial = json["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["binding"]["name"] == "dev-crds")
        .unwrap();
    assert_eq!(partial["notGrantedHere"], serde_json::json!(["nodes"]));
}
