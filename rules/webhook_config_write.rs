//! # webhook-config-write
//!
//! ## What it does
//! Flags write verbs on admission webhook configurations and admission
//! policies. The rule names `mutatingwebhookconfigurations`,
//! `validatingwebhookconfigurations`, `mutatingadmissionpolicies`,
//! `validatingadmissionpolicies` or their `...bindings` in
//! `admissionregistration.k8s.io` with a write verb (create, update, patch,
//! delete, deletecollection).
//!
//! Only explicit grants; `*` is reported by the wildcard rules ("covers
//! admission config write").
//!
//! A rule limited by `resourceNames` is still flagged for update, patch and
//! delete: whoever can update one webhook configuration can point it at any
//! server and widen its rules to every object, and deleting it switches off
//! what it enforces. The message says which: `create`, `update` and `patch`
//! register or rewrite webhooks; `delete` alone only removes them.
//!
//! Not in a Role: admission configurations are cluster-scoped, and the RoleBindings that use a
//! Role never authorize cluster-scoped requests (`cluster-scoped-in-role`
//! says such an element grants nothing). A ClusterRole is always judged,
//! even when the input binds it only through RoleBindings: a
//! ClusterRoleBinding elsewhere may bind it cluster-wide.
//!
//! ## Why is this bad?
//! A mutating webhook sees and may rewrite every matching object sent to the
//! API server — Secrets included — and can inject containers into every pod. A
//! validating webhook or policy can deny everyone's requests, and deleting one
//! switches off a security control.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["admissionregistration.k8s.io"]
//!   resources: ["mutatingwebhookconfigurations"]
//!   verbs: ["create", "update", "patch"]
//! ```
//!
//! Use instead (the installer creates the configuration; the runtime role
//! reads its own):
//! ```yaml
//! rules:
//! - apiGroups: ["admissionregistration.k8s.io"]
//!   resources: ["mutatingwebhookconfigurations"]
//!   resourceNames: ["my-operator-webhook"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Create webhook configurations at install time, from the installer's
//! credentials. A component that must rewrite its own CA bundle at run time
//! keeps `update`/`patch` with `resourceNames` on its own configuration only,
//! and records why with a suppression: that grant can still redirect the
//! webhook, which is why it is reported.
//!
//! ## Severity
//! Error: it intercepts or disables admission for the whole cluster.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Control admission webhooks.

use crate::authz::sensitive::{self, WEBHOOK_CONFIG_WRITE};
use crate::finding::Finding;
use crate::model::RbacObject;
use crate::rule::Context;

pub fn check(object: &RbacObject, cx: &Context) -> Vec<Finding> {
    sensitive::check(object, &WEBHOOK_CONFIG_WRITE, cx.catalogue)
}
