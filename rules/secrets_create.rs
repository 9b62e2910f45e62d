//! # secrets-create
//!
//! ## What it does
//! Flags `create` on `secrets` in the core group (apiGroups `""` or `*`). The
//! finding sits on the `secrets` element.
//!
//! Only explicit grants; a `*` that reaches it is reported by the wildcard
//! rules ("covers secrets create"). `create` with `resourceNames` is never
//! allowed (`resource-names-ineffective` says so).
//!
//! ## Why is this bad?
//! Creating a Secret of type `kubernetes.io/service-account-token` with the
//! annotation `kubernetes.io/service-account.name: <any ServiceAccount of the
//! namespace>` makes Kubernetes' token controller fill it with a long-lived,
//! non-expiring token of that ServiceAccount. Whoever can then read the
//! Secret, or mount it in a pod, acts as that ServiceAccount — the most
//! privileged one of the namespace included. Creating Secrets is therefore
//! worth a deliberate choice even in a role that cannot read them.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["secrets"]
//!   verbs: ["get", "create", "update"]
//! ```
//!
//! Use instead (the controller only updates the Secret it owns, created at install time):
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["secrets"]
//!   resourceNames: ["my-controller-tls"]
//!   verbs: ["get", "update"]
//! ```
//!
//! ## How to fix
//! Create the Secrets a controller writes at install time and give it
//! `update` on them by name. If it must create Secrets (certificate managers,
//! operators), reject type `kubernetes.io/service-account-token` with a
//! ValidatingAdmissionPolicy, and bind the role only in namespaces whose
//! ServiceAccounts hold no more than the controller itself.
//!
//! ## Severity
//! Warning: many controllers legitimately create Secrets; the finding asks
//! for a review, and a suppression with a reason where it is intended.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Workload creation (service account token Secrets).
//! - Kubernetes docs, "Service account token Secrets": manually creating a long-lived token.

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
    short: "secrets create",
    consequence: "can create a `kubernetes.io/service-account-token` Secret for any ServiceAccount of a namespace where it is granted (every namespace, through a ClusterRoleBinding), which Kubernetes fills with a long-lived token of that ServiceAccount, readable by whoever can get the Secret or mount it in a pod",
    help: "if it must write Secrets, reject type `kubernetes.io/service-account-token` with a ValidatingAdmissionPolicy, or bind the role only where no ServiceAccount holds more than it does",
    grants: &[grant("", &["secrets"], &["create"])],
    ..BASE
};
