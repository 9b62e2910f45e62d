//! # namespace-from-context
//!
//! ## What it does
//! Notes a Role or RoleBinding without a namespace that no kustomization
//! supplies. Nothing in the repository supplies one: no kustomization with
//! `namespace:` includes the file (one in its directory or above it, or an
//! overlay listing its directory, as `subject-namespace-missing` describes).
//!
//! Such an object is valid (the API server takes the namespace of the
//! request), so this is a note, not a warning, and it is opt-in: enable it
//! with `--extend-select namespace-from-context` where manifests are meant
//! to carry their namespace.
//!
//! ## Why is this bad?
//! The object lands in whatever namespace `kubectl apply` runs against: the
//! kubeconfig context's or `-n`'s. Applied from the wrong context, a
//! controller's Role lands beside another team's workloads, and its
//! RoleBinding grants there. rbaclint's own evaluator, too, can only match
//! such a binding with other objects that lack a namespace.
//!
//! ## Example
//! ```yaml
//! apiVersion: rbac.authorization.k8s.io/v1
//! kind: Role
//! metadata:
//!   name: configmap-reader
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get"]
//! ```
//!
//! Use instead:
//! ```yaml
//! metadata:
//!   name: configmap-reader
//!   namespace: shop
//! ```
//!
//! ## How to fix
//! Write the namespace into the object, or let kustomize (`namespace:` in a
//! kustomization) or your deploy tool set it, and lint what it renders.
//!
//! ## Severity
//! Note: the object is valid; only where it lands depends on the context.

use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    if !matches!(object.rbac, Rbac::Role(_) | Rbac::RoleBinding(_)) || object.id.namespace.is_some()
    {
        return Vec::new();
    }
    let supplied_by_kustomize = cx
        .kustomize_namespace
        .get(object.file)
        .copied()
        .unwrap_or(false);
    if supplied_by_kustomize {
        return Vec::new();
    }
    vec![cx.finding(
        &object,
        object.visible(path!("metadata", "name")),
        "no namespace",
        format!(
            "{}: no `metadata.namespace`, and no kustomization supplies one: the {} lands in the namespace of whatever context applies it",
            object.id, object.id.kind
        ),
        "write `namespace:` into the object, or set it with kustomize and lint the rendered output",
    )]
}
