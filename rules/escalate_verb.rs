//! # escalate-verb
//!
//! ## What it does
//! Flags the verb `escalate` on `roles` or `clusterroles` without
//! `resourceNames`. The finding sits on the `escalate` element of the rule's
//! `verbs`; the rule names the resources in `rbac.authorization.k8s.io` (or
//! apiGroups `*`).
//!
//! Only explicit grants: `verbs: ["*"]` on roles is reported once by
//! `wildcard-verbs`, whose message says "covers escalate".
//!
//! ## Why is this bad?
//! The API server lets a user create or update a role only with permissions
//! they already hold — unless they have `escalate` on roles. With it, the
//! holder writes a role granting anything (e.g. `*` on `*`) and, with any way
//! to bind it, becomes cluster-admin.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["rbac.authorization.k8s.io"]
//!   resources: ["roles"]
//!   verbs: ["get", "create", "update", "escalate"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["rbac.authorization.k8s.io"]
//!   resources: ["roles"]
//!   verbs: ["get", "create", "update"]
//! ```
//!
//! ## How to fix
//! Remove `escalate`. A component that manages roles should itself hold the
//! permissions it writes into them; the API server then allows the write
//! without `escalate`.
//!
//! ## Severity
//! Error: a direct, documented privilege-escalation path.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC authorization": Restrictions on role creation or update.
//! - Kubernetes docs, "Role based access control good practices": Escalate verb.

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
    short: "escalate",
    consequence: "can write roles granting permissions it does not hold itself",
    help: "remove `escalate`; a role manager should hold the permissions it grants",
    primary: Primary::Verb,
    grants: &[grant(RBAC, &["roles", "clusterroles"], &["escalate"])],
    ..BASE
};
