//! # secrets-read
//!
//! ## What it does
//! Flags `get`, `list` or `watch` on core `secrets` without `resourceNames`.
//! The core group is apiGroups `""` or `*`. The finding sits on the `secrets`
//! element.
//!
//! Only explicit grants: when a `*` in verbs or resources is what reaches
//! secrets, `wildcard-verbs` or `wildcard-resources` speaks (its message says
//! "covers secrets read") and this rule stays silent. A rule with
//! `resourceNames` is limited to the named Secrets for get (and for list/watch
//! with a `metadata.name` field selector), so it is not flagged here.
//! `get` alone reads only Secrets whose names the holder knows or guesses
//! (many are predictable); the message says so, where `list` or `watch`
//! read them all.
//!
//! ## Why is this bad?
//! `get`, `list` and `watch` all return the Secret's data: `list` is not "just
//! the names". Whoever holds the role — or steals its ServiceAccount token —
//! reads every token, password and key of its scope (all namespaces through a
//! ClusterRoleBinding), including other ServiceAccounts' legacy tokens, and can
//! act as them. The RBAC good-practices guide lists it first among escalation risks.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["secrets"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["secrets"]
//!   resourceNames: ["my-controller-tls"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Mount the Secrets the workload needs as volumes or environment variables;
//! if it must read them through the API, grant `get` with `resourceNames`, and
//! bind the role with a RoleBinding in the one namespace concerned.
//!
//! ## Severity
//! Warning: many controllers (certificate managers, operators) legitimately
//! read Secrets in the namespaces they manage; the finding asks for a review,
//! and a suppression with a reason where the access is intended. It is not an
//! error because, unlike `escalate` or `bind`, it is a common, reviewable need.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Listing secrets.
//! - Kubernetes docs, "Using RBAC authorization": referring to resources (resourceNames).

use crate::capability::{self, grant, Capability, Grant, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "secrets read",
    consequence: "can read every Secret (tokens, keys, passwords) in its scope",
    help:
        "read only the Secrets the workload needs: `get` with resourceNames, or mount them instead",
    // Strongest first: list and watch return every Secret; get needs a name.
    grants: &[
        grant("", &["secrets"], &["list", "watch"]),
        Grant {
            consequence: Some("can read any Secret (tokens, keys, passwords) in its scope whose name it knows or guesses (many are predictable: `<release>-tls`, `<app>-token`)"),
            ..grant("", &["secrets"], &["get"])
        },
    ],
    ..BASE
};
