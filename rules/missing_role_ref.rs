//! # missing-role-ref
//!
//! ## What it does
//! With `--complete`, flags a binding to a role neither in the input nor built
//! in. The flag says the input is the whole RBAC set of the cluster or
//! application. The finding is a binding whose `roleRef` names a Role or
//! ClusterRole that is neither in the input nor one of the API server's default
//! roles; it sits on `roleRef.name`. A `Role` ref resolves in the binding's
//! namespace, as the API server resolves it.
//!
//! Without `--complete` the rule is silent: the role may well be defined
//! elsewhere (another chart, the cluster).
//!
//! ## Why is this bad?
//! The binding grants nothing today, so whatever needed it fails at run time;
//! and it grants whatever a role of that name will later contain — whoever
//! may create a role with that name decides what the subjects get.
//!
//! ## Example
//! ```yaml
//! kind: RoleBinding
//! metadata: {name: app, namespace: shop}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-reader}   # no such Role
//! subjects: [{kind: ServiceAccount, name: app}]
//! ```
//!
//! Use instead: define the Role, or fix the name.
//! ```yaml
//! kind: RoleBinding
//! metadata: {name: app, namespace: shop}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
//! subjects: [{kind: ServiceAccount, name: app}]
//! ```
//!
//! ## How to fix
//! Add the missing role to the manifests, or correct `roleRef.name`/`kind`
//! (a RoleBinding to a ClusterRole needs `kind: ClusterRole`).
//!
//! ## Severity
//! Error: with `--complete` you state the set is whole, so a dangling
//! reference is a mistake.
//!
//! ## References
//! - pkg/registry/rbac/validation/rule.go: `GetRoleReferenceRules`.

use crate::bootstrap;
use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Object};
use crate::suggest::closest;

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    if !cx.complete {
        return Vec::new();
    }
    let Some((role_ref, _)) = object.binding() else {
        return Vec::new();
    };
    if !cx.policy.role_ref_targets(object.index).is_empty() {
        return Vec::new();
    }
    let namespace = object.id.namespace.as_deref();
    let builtin = match role_ref.kind.as_str() {
        "ClusterRole" => bootstrap::is_cluster_role(&role_ref.name),
        "Role" => bootstrap::is_role(namespace, &role_ref.name),
        _ => false,
    };
    if builtin {
        return Vec::new();
    }
    let where_ = match (role_ref.kind.as_str(), namespace) {
        ("Role", Some(ns)) => format!(" in namespace {ns}"),
        _ => String::new(),
    };
    let known = cx
        .objects
        .iter()
        .filter(|o| o.id.kind == role_ref.kind)
        .map(|o| o.id.name.as_str())
        .chain(
            bootstrap::cluster_role_names()
                .filter(|_| role_ref.kind == "ClusterRole")
                .map(|name| -> &str { name }),
        );
    let help = match closest(&role_ref.name, known) {
        Some(name) => format!("did you mean `{name}`? Otherwise add the role to the manifests"),
        None => "add the role to the manifests or correct roleRef.name and roleRef.kind".into(),
    };
    vec![cx.finding(
        &object,
        object.visible(path!("roleRef", "name")),
        "not defined in the input",
        format!(
            "{}: roleRef names {} {}, which is not in the input{where_} nor a default role",
            object.id, role_ref.kind, role_ref.name
        ),
        help,
    )]
}
