//! # cluster-admin-binding
//!
//! ## What it does
//! Flags a RoleBinding or ClusterRoleBinding whose `roleRef` is
//! `cluster-admin`. The finding sits on `roleRef.name`.
//!
//! Through a ClusterRoleBinding that is every permission in the cluster;
//! through a RoleBinding, every permission inside the binding's namespace
//! (Secrets, workloads, Roles and RoleBindings included). The subjects
//! (e.g. `system:masters`) are judged by `anonymous-binding`, not here.
//!
//! ## Why is this bad?
//! `cluster-admin` is `*` on `*` plus every non-resource URL. A workload or
//! person bound to it needs no further escalation: a leaked token is a lost
//! cluster. Nothing a controller does needs all of it.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! metadata: {name: my-operator}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
//! subjects: [{kind: ServiceAccount, name: my-operator, namespace: ops}]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: ClusterRoleBinding
//! metadata: {name: my-operator}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: my-operator}
//! subjects: [{kind: ServiceAccount, name: my-operator, namespace: ops}]
//! ```
//!
//! ## How to fix
//! Write a role with the verbs and resources the subject uses (`rbaclint
//! access` shows what it holds now) and bind that instead. For namespace
//! administrators, bind the built-in `admin` ClusterRole with a RoleBinding.
//!
//! ## Severity
//! Error: it is the largest grant there is; the cluster's own bootstrap
//! binding (`system:masters`) is the one expected exception and can be
//! suppressed with a reason.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Least privilege.
//! - KubeLinter `cluster-admin-role-binding`, Trivy KSV-0111.

use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let Some((role_ref, _)) = object.binding() else {
        return Vec::new();
    };
    if role_ref.kind != "ClusterRole" || role_ref.name != "cluster-admin" {
        return Vec::new();
    }
    let scope = match (&object.rbac, object.id.namespace.as_deref()) {
        (Rbac::ClusterRoleBinding(_), _) => "every permission in the cluster".to_string(),
        (_, Some(ns)) => format!("every permission in namespace {ns}"),
        (_, None) => "every permission in the binding's namespace".to_string(),
    };
    vec![cx.finding(
        &object,
        object.visible(path!("roleRef", "name")),
        "full control",
        format!("{}: binds cluster-admin, granting {scope}", object.id),
        "bind a role with only the permissions the subjects use (see `rbaclint access`)",
    )]
}
