//! # pod-exec-attach
//!
//! ## What it does
//! Flags exec, attach, port-forward or ephemeral containers on pods. The rule
//! names `pods/exec`, `pods/attach` or `pods/portforward` with `create` or
//! `get`, or `pods/ephemeralcontainers` with `update` or `patch`, in the core
//! group, without `resourceNames`.
//!
//! `get` counts on older clusters: before Kubernetes 1.35 the API server
//! authorized the websocket form of exec, attach and port-forward as `get`
//! alone. From 1.35 the `AuthorizePodWebsocketUpgradeCreatePermission`
//! feature gate (on by default) also requires `create`, so a `get`-only
//! grant's message says it reaches pods only on older clusters (or with the
//! gate off), and wildcard "covers exec into pods" lists leave `get` out.
//! Only explicit grants; `*` is reported by the wildcard rules ("covers
//! exec into pods").
//!
//! ## Why is this bad?
//! Exec, attach and ephemeral containers run commands inside existing pods:
//! the holder reads their mounted Secrets and ServiceAccount tokens and acts as
//! them, without creating anything that admission control would inspect.
//! Port-forward reaches pod ports that NetworkPolicies were meant to protect.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods", "pods/exec"]
//!   verbs: ["get", "create"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Remove these subresources from workload roles. People who need a shell
//! should get it from a separate role bound for a limited time, and ideally
//! through an audited path.
//!
//! ## Severity
//! Error: controllers essentially never need to exec into pods, and the grant
//! is a direct path to every token in the scope.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices" (and rbac-police: ephemeral containers).
//! - Kubernetes docs, "Kubelet authentication/authorization" and the exec/attach websocket upgrade (a GET).

use crate::capability::{self, grant, Capability, Grant, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

const POD_EXEC_OVER_GET: &str = "on clusters before Kubernetes 1.35 (or with the AuthorizePodWebsocketUpgradeCreatePermission feature gate off) can run commands in, attach to or tunnel into running pods over a websocket opened with GET; from 1.35 `get` alone no longer allows it";

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "exec into pods",
    consequence: "can run commands in, attach to or tunnel into running pods, with their ServiceAccount tokens and Secrets",
    help: "remove it from runtime roles; give interactive access to people through a separate, audited role",
    grants: &[
        grant(
            "",
            &["pods/exec", "pods/attach", "pods/portforward"],
            &["create"],
        ),
        // The websocket upgrade is a GET; from Kubernetes 1.35 the API
        // server also requires `create` (AuthorizePodWebsocketUpgradeCreatePermission,
        // on by default), so `get` alone reaches pods only on older clusters.
        Grant {
            consequence: Some(POD_EXEC_OVER_GET),
            older_clusters_only: true,
            ..grant(
                "",
                &["pods/exec", "pods/attach", "pods/portforward"],
                &["get"],
            )
        },
        grant("", &["pods/ephemeralcontainers"], &["update", "patch"]),
    ],
    ..BASE
};
