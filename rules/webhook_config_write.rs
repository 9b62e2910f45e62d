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

use crate::capability::{self, grant, Capability, Grant, Named, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

const ADMISSION: &str = "admissionregistration.k8s.io";
const ADMISSION_CONFIGS: &[&str] = &[
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "mutatingadmissionpolicies",
    "mutatingadmissionpolicybindings",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
];

/// Every name keeps the risk, and the consequence says it all.
fn every_name(_: &str) -> Option<&'static str> {
    Some("")
}

const REWRITE_NAMED_ADMISSION: &str = "can rewrite the admission configurations it names: point a webhook at any server and widen its rules to every object sent to the API server";
const DELETE_ADMISSION: &str =
    "can delete the admission configurations the rule names (webhooks or policies), switching off what they enforce";
const DELETE_NAMED_ADMISSION: &str =
    "can delete the admission configurations it names, switching off what they enforce";

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "admission config write",
    consequence: "can add or change admission webhooks or policies, which then see every API request they match (any but those on admission configuration itself) and, when mutating, rewrite it",
    help: "register webhooks and admission policies at install time (CI/CD), not from a runtime role",
    grants: &[
        Grant {
            named: Some(Named {
                risk: every_name,
                consequence: REWRITE_NAMED_ADMISSION,
            }),
            ..grant(ADMISSION, ADMISSION_CONFIGS, &["create", "update", "patch"])
        },
        Grant {
            consequence: Some(DELETE_ADMISSION),
            named: Some(Named {
                risk: every_name,
                consequence: DELETE_NAMED_ADMISSION,
            }),
            ..grant(ADMISSION, ADMISSION_CONFIGS, &["delete", "deletecollection"])
        },
    ],
    ..BASE
};
