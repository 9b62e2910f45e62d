//! # default-service-account-binding
//!
//! ## What it does
//! Flags each binding subject that is the ServiceAccount `default`. The
//! finding sits on the subject's `name`.
//!
//! If a workload in the input runs as that ServiceAccount and the role can
//! write CRDs, `crd-admin-bound-to-runtime` also reports the subject, for that
//! other cause.
//!
//! ## Why is this bad?
//! Every pod that does not set `serviceAccountName` runs as `default`, so
//! permissions given to it go to every such pod of the namespace — and to
//! anyone who can create a pod there. Workloads should run as their own
//! ServiceAccount and `default` should hold nothing.
//!
//! ## Example
//! ```yaml
//! kind: RoleBinding
//! metadata: {name: app, namespace: shop}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
//! subjects: [{kind: ServiceAccount, name: default, namespace: shop}]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: RoleBinding
//! metadata: {name: app, namespace: shop}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
//! subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
//! ```
//!
//! ## How to fix
//! Create a ServiceAccount for the workload, set `serviceAccountName` in its
//! pod template and bind that ServiceAccount.
//!
//! ## Severity
//! Warning: the grant goes wider than intended, but often only within one
//! namespace.
//!
//! ## References
//! - Kubernetes docs, "Configure Service Accounts for Pods".
//! - Checkov CKV_K8S_42, Kubescape C-0225.

use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::rule::Context;

pub fn check(object: &RbacObject, _cx: &Context) -> Vec<Finding> {
    let Some((role_ref, subjects)) = object.binding() else {
        return Vec::new();
    };
    subjects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == "ServiceAccount" && s.name == "default")
        .map(|(i, s)| {
            let namespace = s
                .namespace
                .as_deref()
                .or(object.id.namespace.as_deref())
                .map(|ns| format!(" of namespace {ns}"))
                .unwrap_or_default();
            Finding::new(
                object,
                object.visible(path!("subjects", i, "name")),
                "every pod without serviceAccountName",
                format!(
                    "{}: binds {} {} to the default ServiceAccount{namespace}, which every pod without serviceAccountName runs as",
                    object.id, role_ref.kind, role_ref.name
                ),
                "give the workload its own ServiceAccount and bind that",
            )
        })
        .collect()
}
