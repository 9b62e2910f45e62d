//! # impersonate-verb
//!
//! ## What it does
//! Flags `impersonate` on users, groups, serviceaccounts, uids or userextras.
//! The rule names `users`, `groups` or `serviceaccounts` (core group) or `uids`
//! or `userextras/<key>` (`authentication.k8s.io`), without `resourceNames`;
//! the finding sits on the `impersonate` element of its `verbs`.
//!
//! Note that `userextras/*` is not a wildcard in RBAC: it names the extra key
//! `*` literally. Only explicit grants; `*` is reported by the wildcard rules
//! ("covers impersonate").
//!
//! In a Role only `serviceaccounts` counts: impersonating a ServiceAccount
//! is checked in its namespace, but impersonating users, groups, uids and
//! extras is checked with no namespace, which no RoleBinding authorizes.
//! The finding names only the resources that take effect.
//!
//! ## Why is this bad?
//! Impersonation makes every request run as another identity: impersonating
//! the group `system:masters` or any admin user grants their full permissions,
//! and the audit log records the impersonated user as the actor.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["users", "groups"]
//!   verbs: ["impersonate"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["serviceaccounts"]
//!   resourceNames: ["read-only-bot"]
//!   verbs: ["impersonate"]
//! ```
//!
//! ## How to fix
//! Remove `impersonate`; where a proxy must impersonate, restrict it with
//! `resourceNames` to low-privilege identities and never to groups.
//!
//! ## Severity
//! Error: unrestricted impersonation is equivalent to the most privileged identity in the cluster.
//!
//! ## References
//! - Kubernetes docs, "Authenticating": User impersonation.
//! - Kubernetes docs, "Role based access control good practices": Impersonate verb.

use crate::capability::{self, grant, Capability, Grant, Primary, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "impersonate",
    consequence: "can act as other users, groups or ServiceAccounts and gain all their permissions",
    help: "remove `impersonate`, or limit it with resourceNames to identities with less privilege",
    primary: Primary::Verb,
    grants: &[
        grant("", &["users", "groups"], &["impersonate"]),
        Grant {
            consequence: Some("can act as ServiceAccounts and gain their permissions"),
            ..grant("", &["serviceaccounts"], &["impersonate"])
        },
        Grant {
            consequence: Some("can set the uid or extra attributes of an identity it impersonates, which authorizers and webhooks may trust"),
            ..grant("authentication.k8s.io", &["uids", "userextras/*"], &["impersonate"])
        },
    ],
    ..BASE
};
