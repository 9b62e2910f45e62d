//! # namespace-modify
//!
//! ## What it does
//! Flags `update` or `patch` on core `namespaces` without `resourceNames`. The
//! core group is apiGroups `""` or `*`.
//!
//! A RoleBinding can grant it too: a request on `/api/v1/namespaces/foo` counts
//! as being in namespace `foo`. Only explicit grants; `*` is reported by the
//! wildcard rules ("covers namespaces update").
//!
//! In a Role the finding says what it reaches: only the Role's own
//! Namespace object (a request for `/api/v1/namespaces/NAME` carries
//! namespace NAME, so a RoleBinding in NAME authorizes it) — still enough
//! to relabel the namespace's Pod Security level.
//!
//! ## Why is this bad?
//! Namespace labels decide the Pod Security Admission level and which
//! NetworkPolicies and admission webhooks select the namespace: relabelling
//! switches those controls off.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["namespaces"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["namespaces"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Manage namespace labels from CI/CD or a namespace-provisioning
//! controller; keep `update`/`patch` on namespaces out of runtime roles.
//!
//! ## Severity
//! Warning: namespace provisioners need it, but it weakens other controls.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Namespace modification.

use crate::capability::{self, grant, Capability, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "namespaces update",
    consequence: "can relabel namespaces, switching off Pod Security Admission and changing which NetworkPolicies select them",
    in_namespace: Some("can relabel the Namespace object of the Role's own namespace (no other: a Role grants nothing cluster-wide), switching off Pod Security Admission there and changing which NetworkPolicies select it"),
    help: "remove update/patch on namespaces; manage namespace labels from CI/CD",
    grants: &[grant("", &["namespaces"], &["update", "patch"])],
    ..BASE
};
