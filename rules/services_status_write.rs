//! # services-status-write
//!
//! ## What it does
//! Flags `update` or `patch` on core `services/status` without `resourceNames`.
//! The core group is apiGroups `""` or `*`. The finding sits on the
//! `services/status` element.
//!
//! Only explicit grants; a `*` that reaches it is reported by the wildcard
//! rules ("covers services/status write").
//!
//! ## Why is this bad?
//! A Service's `status.loadBalancer.ingress` lists the IPs its load balancer
//! answers on, and kube-proxy sends traffic for those IPs, from inside the
//! cluster, to that Service. Whoever can write it can claim any IP — an
//! external API, another tenant's endpoint — and intercept the cluster's
//! traffic to it (CVE-2020-8554, unfixed by design). Only load-balancer
//! controllers need to write it.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["services", "services/status"]
//!   verbs: ["get", "list", "watch", "update", "patch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["services"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Remove it unless the workload is the cluster's load-balancer controller;
//! if it is, keep it in that controller's role only, and restrict which
//! ingress IPs Services may carry with an admission policy (the CVE-2020-8554
//! mitigations).
//!
//! ## Severity
//! Warning: load-balancer controllers (cloud providers, MetalLB, kube-vip)
//! need it; everyone else should not hold it.
//!
//! ## References
//! - CVE-2020-8554, kubernetes/kubernetes#97076: man in the middle using LoadBalancer or ExternalIPs.
//! - rbac-police: "modify service status" policy.

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
    short: "services/status write",
    consequence: "can set any LoadBalancer Service's status.loadBalancer.ingress IPs, and kube-proxy then sends cluster traffic for those IPs to that Service (CVE-2020-8554)",
    help: "leave LoadBalancer status to the load-balancer controller; if this is one, bind it only where it serves, and restrict ingress IPs with an admission policy",
    grants: &[grant("", &["services/status"], &["update", "patch"])],
    ..BASE
};
