//! What a default run leaves alone, by object rather than by rule:
//! Kubernetes' own bootstrap policy objects (not the user's to change), and,
//! for the rules about a controller's least privilege, the user-facing roles
//! people hold (aggregated into admin, edit and view).

use std::collections::BTreeMap;

use crate::bootstrap;
use crate::model::{Rbac, RbacObject};

/// The label every object of the API server's bootstrap policy carries
/// (kept by `kubectl get -o yaml` exports).
const BOOTSTRAP_LABEL: (&str, &str) = ("kubernetes.io/bootstrapping", "rbac-defaults");

/// Roles people are given, as named in aggregation labels: Kubernetes'
/// `aggregate-to-admin|edit|view|cluster-reader`, and a project's own
/// people-facing tiers such as Kubeflow's `aggregate-to-kubeflow-edit`
/// (not Kyverno's `aggregate-to-background-controller`, a controller).
const USER_FACING_TIERS: &[&str] = &["admin", "edit", "view", "cluster-reader"];

/// RoleBindings of the bootstrap policy not named after the Role they bind.
const BOOTSTRAP_ROLE_BINDINGS: &[&str] = &["system::extension-apiserver-authentication-reader"];

/// Whether `object` is a copy of a bootstrap policy object: it carries the
/// bootstrap label and is named like a bootstrap role or binding.
pub fn is_bootstrap_object(object: &RbacObject) -> bool {
    let (key, value) = BOOTSTRAP_LABEL;
    if labels(object).and_then(|l| l.get(key)).map(String::as_str) != Some(value) {
        return false;
    }
    let namespace = object.id.namespace.as_deref();
    let name = object.id.name.as_str();
    match &object.rbac {
        Rbac::ClusterRole(_) | Rbac::ClusterRoleBinding(_) => bootstrap::is_cluster_role(name),
        Rbac::Role(_) => bootstrap::is_role(namespace, name),
        Rbac::RoleBinding(_) => {
            bootstrap::is_role(namespace, name) || BOOTSTRAP_ROLE_BINDINGS.contains(&name)
        }
    }
}

/// Whether `object` is a role for people: labelled to aggregate into admin,
/// edit or view (or a project's tier of those).
pub fn is_user_facing_role(object: &RbacObject) -> bool {
    object.is_role()
        && labels(object).is_some_and(|labels| {
            labels
                .iter()
                .any(|(key, value)| value == "true" && aggregates_into_user_tier(key))
        })
}

/// `<prefix>/aggregate-to-<tier>` where the tier is, or ends in, a tier of
/// [`USER_FACING_TIERS`].
fn aggregates_into_user_tier(label: &str) -> bool {
    let name = label.rsplit_once('/').map_or(label, |(_, name)| name);
    name.strip_prefix("aggregate-to-").is_some_and(|tier| {
        USER_FACING_TIERS
            .iter()
            .any(|t| tier == *t || tier.strip_suffix(t).is_some_and(|p| p.ends_with('-')))
    })
}

fn labels(object: &RbacObject) -> Option<&BTreeMap<String, String>> {
    object.metadata().labels.as_ref()
}
