//! # csr-approval
//!
//! ## What it does
//! Flags `update` or `patch` on CSR approval, and `approve` on signers. The
//! rule names `certificatesigningrequests/approval` with `update` or `patch`,
//! or `signers` with `approve`, in `certificates.k8s.io`, without
//! `resourceNames` — or, for `signers`, with resourceNames naming one of
//! Kubernetes' own signers (`kubernetes.io/kube-apiserver-client`,
//! `kubernetes.io/*`, ...), which the cluster CA signs.
//!
//! Approving takes both: `update` on the approval subresource and `approve`
//! on the CSR's signer. Where the role grants only one, the finding says
//! "half of CSR approval" and names the missing half (the subject may hold
//! it through another role). Where the role's `approve` is limited to
//! signers of its own (`example.com/my-signer`), the approval half is not
//! reported: the role approves only that signer's CSRs.
//!
//! `signers` is a virtual resource: no endpoint serves it; the API server
//! checks `approve` on it while approving a CSR. Only explicit grants; `*` is
//! reported by the wildcard rules ("covers CSR approval").
//!
//! Not in a Role: CSRs and signers are cluster-scoped, and the RoleBindings that use a
//! Role never authorize cluster-scoped requests (`cluster-scoped-in-role`
//! says such an element grants nothing). A ClusterRole is always judged,
//! even when the input binds it only through RoleBindings: a
//! ClusterRoleBinding elsewhere may bind it cluster-wide.
//!
//! ## Why is this bad?
//! Approving CSRs lets the holder mint client certificates: for the
//! `kubernetes.io/kube-apiserver-client` signer that is any user name and any
//! group, `system:masters` included.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["certificates.k8s.io"]
//!   resources: ["certificatesigningrequests/approval"]
//!   verbs: ["update"]
//! - apiGroups: ["certificates.k8s.io"]
//!   resources: ["signers"]
//!   verbs: ["approve"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["certificates.k8s.io"]
//!   resources: ["certificatesigningrequests"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Leave approval to a dedicated approver; if you write one, restrict
//! `approve` with `resourceNames` to your own signer name.
//!
//! ## Severity
//! Error: it can mint credentials for arbitrary identities.
//!
//! ## References
//! - Kubernetes docs, "Certificates and Certificate Signing Requests": authorization.
//! - Kubernetes docs, "Role based access control good practices": Certificate signing requests.

use crate::capability::{self, grant, Capability, Grant, Named, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

/// What approving for one of Kubernetes' own signers yields (the approve
/// check also asks about `kubernetes.io/*`); `None` for other signers.
fn kubernetes_signer(name: &str) -> Option<&'static str> {
    Some(match name.strip_prefix("kubernetes.io/")? {
        "*" => "every Kubernetes signer, kube-apiserver-client included: client certificates for any user or group",
        "kube-apiserver-client" => "client certificates for any user or group",
        "kube-apiserver-client-kubelet" => "client certificates for any node identity",
        "kubelet-serving" => "serving certificates for any node's kubelet",
        "legacy-unknown" => "certificates that other signers may issue",
        _ => "certificates of a Kubernetes signer",
    })
}

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "CSR approval",
    consequence: "can approve certificate signing requests, minting client certificates for any identity the signer allows",
    help: "leave approval to a dedicated approver; limit `approve` with resourceNames to your own signer",
    grants: &[
        grant(
            "certificates.k8s.io",
            &["certificatesigningrequests/approval"],
            &["update", "patch"],
        ),
        Grant {
            named: Some(Named {
                risk: kubernetes_signer,
                consequence: "can approve certificate signing requests for the Kubernetes signers it names, whose certificates the cluster trusts",
            }),
            ..grant("certificates.k8s.io", &["signers"], &["approve"])
        },
    ],
    needs_every_grant: true,
    ..BASE
};
