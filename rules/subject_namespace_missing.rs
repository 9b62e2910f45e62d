//! # subject-namespace-missing
//!
//! ## What it does
//! Flags a ServiceAccount subject of a ClusterRoleBinding without `namespace`.
//! The finding sits on the subject's `name`.
//!
//! In a RoleBinding the namespace defaults to the binding's own, so it may be
//! left out there; a ClusterRoleBinding has no namespace to default to.
//!
//! Not reported in a kustomize base, where `kustomize build` fills the
//! subject's namespace in: when a `kustomization.yaml` (`.yml`,
//! `Kustomization`) that sets `namespace:` is in the file's directory or a
//! parent, or is an overlay that includes the file's directory through
//! `resources`, `bases` or `components` (kubebuilder's `config/default`
//! listing `../rbac`), directly or through other kustomizations. Overlays
//! are found among the inputs and, in a git repository, in the directories
//! beside the file's parents.
//!
//! ## Why is this bad?
//! The API server rejects such a binding (`subjects[0].namespace: Required
//! value`), so the apply fails; and the authorizer could never match it: a
//! ServiceAccount is identified as `system:serviceaccount:<ns>:<name>`.
//! Tools that accept it offline give a false sense of what is granted.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: my-controller}
//! subjects: [{kind: ServiceAccount, name: my-controller}]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: my-controller}
//! subjects: [{kind: ServiceAccount, name: my-controller, namespace: my-controller-system}]
//! ```
//!
//! ## How to fix
//! Add the ServiceAccount's namespace to the subject.
//!
//! ## Severity
//! Error: the manifest is invalid and grants nothing.
//!
//! ## References
//! - Kubernetes API validation of ClusterRoleBinding subjects (pkg/apis/rbac/validation).
//! - pkg/registry/rbac/validation/rule.go: ServiceAccount subjects match `system:serviceaccount:<ns>:<name>`.

use crate::authz::subject::service_account_namespace;
use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let (Rbac::ClusterRoleBinding(_), Some((_, subjects))) = (&object.rbac, object.binding())
    else {
        return Vec::new();
    };
    if cx
        .kustomize_namespace
        .get(object.file)
        .copied()
        .unwrap_or(false)
    {
        return Vec::new();
    }
    subjects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == "ServiceAccount" && service_account_namespace(s, None).is_none())
        .map(|(i, s)| {
            cx.finding(
                &object,
                object.visible(path!("subjects", i, "name")),
                "no namespace",
                format!(
                    "{}: ServiceAccount subject {} has no namespace; a ClusterRoleBinding cannot default it, so the API server rejects it",
                    object.id, s.name
                ),
                "add `namespace:` with the ServiceAccount's namespace (in a kustomize base, lint the rendered `kustomize build` output, which fills it in)",
            )
        })
        .collect()
}
