//! # persistent-volume-create
//!
//! ## What it does
//! Flags `create` on core `persistentvolumes` without `resourceNames`. The core
//! group is apiGroups `""` or `*`.
//!
//! Only explicit grants; `*` is reported by the wildcard rules ("covers
//! persistentvolumes create").
//!
//! Not in a Role: PersistentVolumes are cluster-scoped, and the RoleBindings that use a
//! Role never authorize cluster-scoped requests (`cluster-scoped-in-role`
//! says such an element grants nothing). A ClusterRole is always judged,
//! even when the input binds it only through RoleBindings: a
//! ClusterRoleBinding elsewhere may bind it cluster-wide.
//!
//! ## Why is this bad?
//! PersistentVolumes are cluster-scoped and may be of type `hostPath`: the
//! holder creates a volume pointing at any node directory (the container
//! runtime socket, kubelet credentials) and mounts it through a claim.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["persistentvolumes"]
//!   verbs: ["create", "delete"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["persistentvolumeclaims"]
//!   verbs: ["create", "delete"]
//! ```
//!
//! ## How to fix
//! Let workloads claim storage with PersistentVolumeClaims and
//! StorageClasses; only storage provisioners should create PersistentVolumes.
//!
//! ## Severity
//! Warning: storage provisioners legitimately need it; elsewhere it should not appear.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Persistent volume creation.

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
    short: "persistentvolumes create",
    consequence: "can create hostPath PersistentVolumes and so mount any directory of a node",
    help: "let workloads claim storage through PersistentVolumeClaims and StorageClasses instead",
    grants: &[grant("", &["persistentvolumes"], &["create"])],
    ..BASE
};
