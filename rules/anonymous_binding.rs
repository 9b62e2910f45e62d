//! # anonymous-binding
//!
//! ## What it does
//! Flags a binding subject that names everyone or a built-in superuser group.
//! The subjects are the User `system:anonymous` and the Groups
//! `system:unauthenticated` (every anonymous request), `system:authenticated`
//! (every user and ServiceAccount of the cluster) and `system:masters` (the
//! superuser group). The finding sits on the subject's `name`.
//!
//! Bindings of the three roles the API server itself hands to everyone
//! (`system:basic-user`, `system:discovery`, `system:public-info-viewer`)
//! and of `system:service-account-issuer-discovery` (only the OIDC discovery
//! document and the issuer's public keys; Kubernetes' docs on service
//! account issuer discovery suggest binding it to `system:unauthenticated`
//! so external systems can verify tokens) are not flagged, nor (except `system:masters`) bindings of a role in the
//! input that only reads objects it names (`resourceNames`, no Secrets): a
//! deliberate public notice such as a version ConfigMap, the same pattern as
//! `system:public-info-viewer`. Binding `cluster-admin` is reported separately by
//! `cluster-admin-binding` (a different element: the roleRef).
//!
//! ## Why is this bad?
//! Whatever the role grants, it grants to the whole internet (anonymous) or
//! to every identity of the cluster, including every ServiceAccount token of
//! every workload: the smallest compromise inherits it. `system:masters`
//! bypasses RBAC altogether, so binding it hides where its power comes from.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
//! subjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
//! subjects: [{kind: Group, name: "team-observability", apiGroup: rbac.authorization.k8s.io}]
//! ```
//!
//! ## How to fix
//! Bind a group of the people or a ServiceAccount that needs the access.
//!
//! ## Severity
//! Error: it hands the role to everyone, not to a reviewed subject.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": avoid bindings to system:unauthenticated, system:anonymous, system:authenticated and system:masters.
//! - Trivy KSV-0122/0123, Kubescape C-0262.

use crate::authz::subject::{ANONYMOUS, AUTHENTICATED, UNAUTHENTICATED};
use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{is_wildcard_resource, reads_only, resources};

/// The built-in roles meant for everyone: the three the default policy
/// binds to everyone, and the issuer discovery role (the service account
/// issuer's public keys), which Kubernetes' docs tell administrators to
/// bind to `system:unauthenticated` for federation.
const PUBLIC_ROLES: &[&str] = &[
    "system:basic-user",
    "system:discovery",
    "system:public-info-viewer",
    "system:service-account-issuer-discovery",
];

/// `(kind, name, who)` of the subjects that mean everyone or a superuser.
const EVERYONE: &[(&str, &str, &str)] = &[
    ("User", ANONYMOUS, "every unauthenticated request"),
    ("Group", UNAUTHENTICATED, "every unauthenticated request"),
    (
        "Group",
        AUTHENTICATED,
        "every user and ServiceAccount of the cluster",
    ),
    (
        "Group",
        "system:masters",
        "the superuser group, which RBAC never restricts",
    ),
];

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let Some((role_ref, subjects)) = object.binding() else {
        return Vec::new();
    };
    if role_ref.kind == "ClusterRole" && PUBLIC_ROLES.contains(&role_ref.name.as_str()) {
        return Vec::new();
    }
    let publishes = publishes_named_objects(object, cx);
    let mut findings = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        let Some((_, name, who)) = EVERYONE
            .iter()
            .find(|(kind, name, _)| subject.kind == *kind && subject.name == *name)
        else {
            continue;
        };
        if publishes && *name != "system:masters" {
            continue;
        }
        findings.push(cx.finding(
            &object,
            object.visible(path!("subjects", i, "name")),
            *who,
            format!(
                "{}: binds {} {} to {name}: {who}",
                object.id, role_ref.kind, role_ref.name
            ),
            "bind the group or ServiceAccount that needs the access instead",
        ));
    }
    findings
}

/// Whether the bound role is in the input and only reads objects it names
/// (no Secrets): a deliberate public notice such as a version ConfigMap, the
/// pattern of the API server's own `system:public-info-viewer`.
fn publishes_named_objects(binding: Object, cx: &Context) -> bool {
    let roles = cx.policy.role_ref_targets(binding.index);
    !roles.is_empty()
        && roles.iter().all(|&role| {
            cx.policy.effective_rules(role).iter().all(|&origin| {
                let rule = cx.policy.rule(origin);
                reads_only(rule)
                    && rule.resource_names.as_ref().is_some_and(|n| !n.is_empty())
                    && resources(rule).iter().all(|r| {
                        !is_wildcard_resource(r) && r != "secrets" && !r.starts_with("secrets/")
                    })
            })
        })
}
