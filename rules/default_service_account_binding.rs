//! # default-service-account-binding
//!
//! ## What it does
//! Flags each binding subject that names the ServiceAccount `default`. That is
//! a ServiceAccount subject named `default`, or a User subject named
//! `system:serviceaccount:<ns>:default` (the same identity, by its user name).
//! In a RoleBinding it also flags a Group subject that covers `default`
//! ServiceAccounts: `system:serviceaccounts:<ns>` (every ServiceAccount of the
//! namespace, `default` included) or `system:serviceaccounts` (every
//! ServiceAccount of the cluster). The finding sits on the subject's `name`.
//!
//! In a ClusterRoleBinding those groups are reported by
//! `service-account-group-binding` instead (one finding per element). If a
//! workload in the input runs as that ServiceAccount and the role can write
//! CRDs, `crd-admin-bound-to-runtime` also reports the subject, for that
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
//! subjects:
//! - {kind: ServiceAccount, name: default, namespace: shop}
//! - {kind: User, name: "system:serviceaccount:shop:default"}
//! - {kind: Group, name: "system:serviceaccounts:shop"}
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
//! - Kubernetes docs, "Using RBAC Authorization": ServiceAccount user names and groups.
//! - Checkov CKV_K8S_42, Kubescape C-0225.

use k8s_openapi::api::rbac::v1::Subject;

use crate::authz::subject::{
    service_account_namespace, service_account_of_user, ServiceAccountGroup,
};
use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};

const DEFAULT: &str = "default";

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let Some((role_ref, subjects)) = object.binding() else {
        return Vec::new();
    };
    let in_role_binding = matches!(object.rbac, Rbac::RoleBinding(_));
    let binding_ns = object.id.namespace.as_deref().filter(|_| in_role_binding);
    subjects
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let who = covers_default(s, binding_ns, in_role_binding)?;
            Some(cx.finding(
                &object,
                object.visible(path!("subjects", i, "name")),
                "every pod without serviceAccountName",
                format!(
                    "{}: binds {} {} to {who}, which every pod of its namespace that sets no serviceAccountName runs as",
                    object.id, role_ref.kind, role_ref.name
                ),
                "give the workload its own ServiceAccount and bind that",
            ))
        })
        .collect()
}

/// What the subject is, when it names or covers a `default` ServiceAccount.
fn covers_default(
    subject: &Subject,
    binding_ns: Option<&str>,
    in_role_binding: bool,
) -> Option<String> {
    let of = |ns: Option<&str>| {
        ns.map(|ns| format!(" of namespace {ns}"))
            .unwrap_or_default()
    };
    match subject.kind.as_str() {
        "ServiceAccount" if subject.name == DEFAULT => Some(format!(
            "the default ServiceAccount{}",
            of(service_account_namespace(subject, binding_ns))
        )),
        "User" => {
            let (ns, name) = service_account_of_user(&subject.name)?;
            (name == DEFAULT).then(|| {
                format!(
                    "User {}, the default ServiceAccount{}",
                    subject.name,
                    of(Some(ns))
                )
            })
        }
        "Group" if in_role_binding => {
            let group = ServiceAccountGroup::of(&subject.name)?;
            let defaults = match group {
                ServiceAccountGroup::All => "the default ServiceAccount of every namespace",
                ServiceAccountGroup::Namespace(_) => "its default ServiceAccount",
            };
            Some(format!(
                "Group {}, {}, including {defaults}",
                subject.name,
                group.members()
            ))
        }
        _ => None,
    }
}
