//! # nodes-proxy
//!
//! ## What it does
//! Flags `get` or `create` on core `nodes/proxy` without `resourceNames`. The
//! core group is apiGroups `""` or `*`.
//!
//! `get` is enough: the kubelet's exec endpoint is reachable over a websocket
//! opened with GET. Only explicit grants; `*` is reported by the wildcard rules
//! ("covers nodes/proxy").
//!
//! Not in a Role: nodes are cluster-scoped, and the RoleBindings that use a
//! Role never authorize cluster-scoped requests (`cluster-scoped-in-role`
//! says such an element grants nothing). A ClusterRole is always judged,
//! even when the input binds it only through RoleBindings: a
//! ClusterRoleBinding elsewhere may bind it cluster-wide.
//!
//! ## Why is this bad?
//! `nodes/proxy` opens the kubelet API of every node: run commands in any pod
//! on it, read logs and configuration — and those calls bypass API-server
//! audit logging and admission control.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["nodes", "nodes/proxy", "nodes/metrics"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["nodes", "nodes/metrics", "nodes/stats"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Monitoring agents need `nodes/metrics` and `nodes/stats`; remove
//! `nodes/proxy`.
//!
//! ## Severity
//! Error: it reaches every pod of the node and escapes audit.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Access to proxy subresource of Nodes.
//! - Kubernetes docs, "Kubelet authentication/authorization".

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
    short: "nodes/proxy",
    consequence:
        "reaches the kubelet API (exec into any pod on the node), bypassing audit and admission",
    help: "remove it; monitoring agents need `nodes/metrics` or `nodes/stats`, not `nodes/proxy`",
    grants: &[grant("", &["nodes/proxy"], &["get", "create"])],
    ..BASE
};
