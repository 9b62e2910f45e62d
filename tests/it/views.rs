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

/// A request no API serves is a typo: `who-can` refuses it with the nearest
/// known verb, resource, subresource or group (exit 2), rather than listing
/// the holders of `*` as if they answered it; `--allow-unknown` asks anyway.
#[test]
fn who_can_refuses_unknown_verbs_and_resources_with_did_you_mean() {
    let dir = scratch("who-can-unknown");
    let file = dir.join("team.yaml");
    std::fs::write(&file, TEAM).unwrap();
    let file = file.to_str().unwrap();
    let cases = [
        ("gett", "pods", "`gett` is not a Kubernetes verb; did you mean `get`?"),
        ("Get", "pods", "`Get` is not a Kubernetes verb; did you mean `get`?"),
        ("get", "podz", "no known API serves a resource `podz`; did you mean `pods`?"),
        ("get", "deploymentz", "no known API serves a resource `deploymentz`; did you mean `deployments`?"),
        ("create", "pods/exe", "`pods` has no subresource `exe`; did you mean `pods/exec`?"),
        ("get", "deployments.aps", "no known API serves group `aps`; did you mean `apps`?"),
        ("get", "deploymentz.apps", "`deploymentz` is not a resource of API group \"apps\"; did you mean `deployments`?"),
        ("frob", "/metrics", "`frob` is not a Kubernetes verb; a non-resource URL takes get, post, put, patch, delete, head or options"),
    ];
    for (verb, resource, message) in cases {
        let output = rbaclint(&["who-can", verb, resource, file], None);
        assert_eq!(output.status.code(), Some(2), "{verb} {resource}");
        assert_eq!(
            common::stderr(&output),
            format!("error: {message} (`--allow-unknown` asks anyway)\n")
        );
        assert_eq!(stdout(&output), "");
    }
    // Known requests, a group the catalogue cannot judge, and `--allow-unknown`.
    for args in [
        &["who-can", "get", "pods", file][..],
        &["who-can", "post", "/metrics", file],
        &["who-can", "get", "widgets.example.com", file],
        &["who-can", "gett", "pods", file, "--allow-unknown"],
    ] {
        let output = rbaclint(args, None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            common::stderr(&output)
        );
    }
    // The input's CRDs extend the catalogue.
    let crd = dir.join("crd.yaml");
    std::fs::write(
        &crd,
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: widgets, kind: Widget}\n  versions: [{name: v1, served: true, storage: true, subresources: {status: {}}}]\n",
    )
    .unwrap();
    let crd = crd.to_str().unwrap();
    // ... with the subresources it declares, and no other.
    let output = rbaclint(&["who-can", "get", "widgets/scale", crd], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        common::stderr(&output),
        "error: `widgets` has no subresource `scale`; remove `widgets/scale`: the CustomResourceDefinition of `widgets` declares no `scale` subresource, so it grants nothing (`--allow-unknown` asks anyway)\n"
    );
    for resource in ["widgets", "widgets.example.com", "widgets/status"] {
        let output = rbaclint(&["who-can", "get", resource, crd], None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{resource}: {}",
            common::stderr(&output)
        );
    }
    let output = rbaclint(&["who-can", "get", "widgetz.example.com", crd], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        common::stderr(&output),
        "error: `widgetz` is not a resource of API group \"example.com\"; did you mean `widgets`? (`--allow-unknown` asks anyway)\n"
    );
    let allowed = rbaclint(&["who-can", "gett", "pods", file, "--allow-unknown"], None);
    assert!(
        stdout(&allowed).starts_with("who can gett pods: 1 subject\n"),
        "{}",
        stdout(&allowed)
    );
}

/// A misspelt notation would read as a user name nobody has: `access`
/// refuses it with the notation meant (exit 2). A subject that nothing
/// binds, near one the input binds, gets its answer and a warning naming the
/// near one (it may be a typo, or a subject the input does not bind).
#[test]
fn access_refuses_a_misspelt_notation_and_names_a_near_bound_subject() {
    let dir = scratch("access-unknown");
    let file = dir.join("bindings.yaml");
    std::fs::write(&file, BIND_ADMIN_AND_EDIT).unwrap();
    let file = file.to_str().unwrap();
    let refused = [
        ("ServiceAcount:ci/deployer", "ServiceAccount:ci/deployer"),
        (
            "system:serviceacount:ci:deployer",
            "system:serviceaccount:ci:deployer",
        ),
        (
            "system:serviceaccounts:ci",
            "Group:system:serviceaccounts:ci",
        ),
        ("gruop:ops", "Group:ops"),
    ];
    for (written, meant) in refused {
        let output = rbaclint(&["access", written, file], None);
        assert_eq!(output.status.code(), Some(2), "{written}");
        assert_eq!(
            common::stderr(&output),
            format!("error: `{written}` is read as a user name; did you mean `{meant}`? (`--allow-unknown` asks anyway)\n")
        );
        assert_eq!(stdout(&output), "");
    }
    let near = [
        (
            "system:serviceaccount:ci:deploy",
            "system:serviceaccount:ci:deployer",
        ),
        ("Group:opps", "Group:ops"),
        ("devv", "dev"),
    ];
    for (written, bound) in near {
        let output = rbaclint(&["access", written, file], None);
        assert_eq!(output.status.code(), Some(0), "{written}");
        assert_eq!(
            common::stderr(&output),
            format!(
                "warning: no binding of the input names `{written}`; did you mean `{bound}`?\n"
            )
        );
        assert!(
            stdout(&output).ends_with("): 0 rules\n"),
            "{}",
            stdout(&output)
        );
    }
    let unrelated = rbaclint(&["access", "nobody-at-all", file], None);
    assert_eq!(unrelated.status.code(), Some(0));
    assert_eq!(common::stderr(&unrelated), "");
    assert_eq!(
        stdout(&unrelated),
        "nobody-at-all (groups: system:authenticated): 0 rules\n"
    );
    let allowed = rbaclint(&["access", "gruop:ops", file, "--allow-unknown"], None);
    assert_eq!(allowed.status.code(), Some(0));
    assert_eq!(
        stdout(&allowed),
        "gruop:ops (groups: system:authenticated): 0 rules\n"
    );
}

/// `--namespace` naming no namespace of the input, near one it names: the
/// answer, and a warning naming the near namespace.
#[test]
fn who_can_names_a_near_namespace() {
    let dir = scratch("who-can-namespace");
    let file = dir.join("team.yaml");
    std::fs::write(&file, TEAM).unwrap();
    let file = file.to_str().unwrap();
    let output = rbaclint(&["who-can", "get", "pods", file, "-n", "team-b"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        common::stderr(&output),
        "warning: no object of the input is in namespace `team-b`; did you mean `team-a`?\n"
    );
    assert!(stdout(&output).starts_with("who can get pods in namespace team-b: 1 subject\n"));
    for namespace in ["team-a", "kube-system", "elsewhere"] {
        let output = rbaclint(&["who-can", "get", "pods", file, "-n", namespace], None);
        assert_eq!(common::stderr(&output), "", "{namespace}");
    }
}
