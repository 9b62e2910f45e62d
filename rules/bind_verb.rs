//! # bind-verb
//!
//! ## What it does
//! Flags the verb `bind` on `roles` or `clusterroles` without `resourceNames`.
//! The finding sits on the `bind` element of the rule's `verbs`; the rule names
//! the resources in `rbac.authorization.k8s.io` (or apiGroups `*`).
//!
//! The API server checks `bind` on the *role* being referenced, never on
//! `rolebindings`/`clusterrolebindings`: `bind` on bindings grants nothing (a
//! mistake some tools make, e.g. checkov's CKV_K8S_157), and this rule ignores
//! it. Only explicit grants; `*` verbs are reported by `wildcard-verbs`
//! ("covers bind").
//!
//! ## Why is this bad?
//! Creating a binding normally requires holding every permission of the
//! referenced role. `bind` on roles lifts that check: with it and write access
//! to bindings, the holder binds `cluster-admin` (or any role) to itself.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["rbac.authorization.k8s.io"]
//!   resources: ["clusterroles"]
//!   verbs: ["bind"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["rbac.authorization.k8s.io"]
//!   resources: ["clusterroles"]
//!   resourceNames: ["tenant-viewer"]
//!   verbs: ["bind"]
//! ```
//!
//! ## How to fix
//! Remove `bind`, or restrict it with `resourceNames` to the few roles the
//! component may hand out.
//!
//! ## Severity
//! Error: unrestricted `bind` is a direct path to cluster-admin.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC authorization": Restrictions on role binding creation or update.
//! - Kubernetes docs, "Role based access control good practices": Bind verb.

use crate::capability::{self, grant, Capability, Primary, BASE, RBAC};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "bind",
    consequence: "can bind any role to anyone, itself included, without holding its permissions",
    help: "remove `bind`, or limit it with resourceNames to the roles it may hand out",
    primary: Primary::Verb,
    grants: &[grant(RBAC, &["roles", "clusterroles"], &["bind"])],
    // A RoleBinding to a ClusterRole checks `bind` in the binding's namespace.
    checked_in_binding_namespace: true,
    ..BASE
};
