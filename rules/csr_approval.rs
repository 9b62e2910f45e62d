//! # csr-approval
//!
//! ## What it does
//! Flags a rule that names `certificatesigningrequests/approval` with
//! `update` or `patch`, or `signers` with `approve`, in `certificates.k8s.io`,
//! without `resourceNames`.
//!
//! `signers` is a virtual resource: no endpoint serves it; the API server
//! checks `approve` on it while approving a CSR. Only explicit grants; `*` is
//! reported by the wildcard rules ("covers CSR approval").
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

use crate::authz::sensitive::{self, CSR_APPROVAL};
use crate::finding::Finding;
use crate::model::RbacObject;
use crate::rule::Context;

pub fn check(object: &RbacObject, _cx: &Context) -> Vec<Finding> {
    sensitive::check(object, &CSR_APPROVAL)
}
