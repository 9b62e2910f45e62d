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

use crate::authz::sensitive::{self, TOKEN_REQUEST};
use crate::finding::Finding;
use crate::model::RbacObject;
use crate::rule::Context;

pub fn check(object: &RbacObject, cx: &Context) -> Vec<Finding> {
    sensitive::check(object, &TOKEN_REQUEST, cx.catalogue)
}
