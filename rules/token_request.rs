//! # token-request
//!
//! ## What it does
//! Flags `create` on core `serviceaccounts/token` without `resourceNames`. The
//! core group is apiGroups `""` or `*`.
//!
//! Only explicit grants; `*` is reported by the wildcard rules ("covers
//! serviceaccounts/token").
//!
//! ## Why is this bad?
//! The TokenRequest API issues a token for any ServiceAccount of the scope.
//! The holder then acts with that ServiceAccount's permissions, including
//! controllers' highly privileged accounts in kube-system when bound
//! cluster-wide.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["serviceaccounts/token"]
//!   verbs: ["create"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["serviceaccounts/token"]
//!   resourceNames: ["workload-identity"]
//!   verbs: ["create"]
//! ```
//!
//! ## How to fix
//! Remove the grant, or limit it with `resourceNames` (token requests name
//! their ServiceAccount, so names do restrict them) and a RoleBinding.
//!
//! ## Severity
//! Error: it is a direct path to any ServiceAccount's permissions.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Token request.

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
    short: "serviceaccounts/token",
    consequence: "can mint tokens for ServiceAccounts and act with their permissions",
    help:
        "remove it, or limit it with resourceNames to the ServiceAccounts it must issue tokens for",
    grants: &[grant("", &["serviceaccounts/token"], &["create"])],
    ..BASE
};
