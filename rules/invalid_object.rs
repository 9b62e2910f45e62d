//! # invalid-object
//!
//! ## What it does
//! Reports an RBAC object that the API server would refuse. An object of API
//! group `rbac.authorization.k8s.io` is refused when it does not have the
//! schema's shape (`verbs: 5`), or when its validation rejects it. The message
//! lists every reason, and a label sits on each element at fault. Raised by the
//! loader, not by a check.
//!
//! Validated as the API server validates on create (Kubernetes'
//! `pkg/apis/rbac/validation`, after the v1 defaults), in its words:
//! - every rule has `verbs` (not absent, `null` or `[]`);
//! - a resource rule has at least one `apiGroups` entry and one `resources`
//!   entry; a rule with `nonResourceURLs` has no `apiGroups`, `resources` or
//!   `resourceNames`, and only a ClusterRole may have one;
//! - a ClusterRole's `aggregationRule` has at least one valid label selector;
//! - `roleRef.apiGroup` is `rbac.authorization.k8s.io` (or empty, which the
//!   API server fills in), `roleRef.kind` is `Role` or `ClusterRole`
//!   (`ClusterRole` only, in a ClusterRoleBinding), `roleRef.name` is set;
//! - each subject has a `name` and a `kind` of `ServiceAccount` (core group,
//!   `apiGroup` empty, name a DNS-1123 subdomain), `User` or `Group`
//!   (`apiGroup` `rbac.authorization.k8s.io` or empty);
//! - `metadata.name` (or `generateName`) and `roleRef.name` are path segments
//!   (not `.` or `..`, no `/` or `%`); a namespace is a DNS-1123 label; label
//!   names and values and annotation names are well formed.
//!
//! Not reported here, on purpose: a Role or RoleBinding without
//! `metadata.namespace` (the API server takes the namespace of the request:
//! `kubectl apply -n`, the kubeconfig context, kustomize's `namespace:`; the
//! opt-in note `namespace-from-context` reports it where nothing supplies one), and
//! a ClusterRoleBinding's ServiceAccount subject without `namespace` (that is
//! `subject-namespace-missing`, which knows when a build fills it in).
//! Nor a strategic-merge patch (a document with a `$patch` key, such as a
//! kustomize patch `$patch: delete` naming a binding to drop from a base):
//! it is not an object, so it is not loaded at all.
//!
//! An object reported here grants nothing, so no other rule sees it and
//! `who-can` and `access` leave it out (they say so and exit 2). The config
//! key `lint-refused-objects: true` lints it anyway (when it reads as its
//! type), keeping this finding.
//!
//! ## Why is this bad?
//! `kubectl apply` fails on it, so the manifest does not do what its author
//! thinks, and a review that passed it wasted a round trip. A linter that
//! linted it as if it were applied would make claims about grants that never
//! exist.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! metadata: {name: ops}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops}   # a ClusterRoleBinding cannot bind a Role
//! subjects: [{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}]
//! ```
//!
//! Use instead: a RoleBinding in the Role's namespace, or bind a ClusterRole.
//! ```yaml
//! kind: ClusterRoleBinding
//! metadata: {name: ops}
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
//! subjects: [{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}]
//! ```
//!
//! ## How to fix
//! Follow the message: it names the element and what the API server expects
//! there. `kubectl apply --dry-run=server` shows the API server's own error.
//!
//! ## Severity
//! Error.

use crate::finding::{Finding, Label, Reporter};
use crate::load::InvalidObject;
use crate::model::Path;
use crate::workspace::Workspace;

/// One finding per object the API server would refuse.
pub(crate) fn findings(workspace: &Workspace, report: Reporter) -> Vec<Finding> {
    workspace
        .invalid
        .iter()
        .map(|invalid| finding(invalid, report))
        .collect()
}

/// The one finding for an object the API server would refuse: every reason
/// in the message (as the API server lists them), a label on each place.
fn finding(invalid: &InvalidObject, report: Reporter) -> Finding {
    let first = invalid.first();
    let label = |span, text: String| Label {
        file: invalid.file,
        span,
        path: Path::default(),
        text,
    };
    let mut secondary: Vec<Label> = Vec::new();
    for reason in &invalid.reasons[1..] {
        let placed = reason.span == first.span || secondary.iter().any(|l| l.span == reason.span);
        if !placed {
            secondary.push(label(reason.span, reason.message.clone()));
        }
    }
    Finding {
        secondary,
        ..report.finding_at(
            invalid.id.clone(),
            label(first.span, "the API server rejects this".into()),
            invalid.message(),
            "fix the element as the message says; `kubectl apply --dry-run=server` shows the API server's own error",
        )
    }
}
