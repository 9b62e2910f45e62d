//! # cluster-scoped-in-role
//!
//! ## What it does
//! Flags a cluster-scoped resource in a Role, where it grants nothing. The
//! cluster-scoped resources are nodes, persistentvolumes,
//! customresourcedefinitions, clusterroles, storageclasses, webhook
//! configurations, a CRD of the input with `scope: Cluster`, ...; each is
//! flagged for every verb and API group of its rule. `namespaces` is flagged
//! only with verbs that never reach one Namespace object (list, watch, create,
//! deletecollection).
//!
//! ## Why is this bad?
//! Requests on cluster-scoped resources carry no namespace, and the
//! authorizer consults a namespace's RoleBindings only for requests in that
//! namespace: the element grants nothing, whoever is bound. The author
//! probably meant a ClusterRole, and whatever needs the permission fails at
//! run time with `forbidden`. Exceptions the rule knows: get, update, patch
//! and delete on `namespaces` reach the Role's own Namespace object; `bind`
//! on `clusterroles` (writing RoleBindings to a ClusterRole in this
//! namespace) and `use` on `podsecuritypolicies` are checked in the
//! namespace.
//!
//! ## Example
//! ```yaml
//! kind: Role
//! metadata: {name: reader, namespace: app}
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods", "nodes"]
//!   verbs: ["get", "list"]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: Role
//! metadata: {name: reader, namespace: app}
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["get", "list"]
//! ---
//! kind: ClusterRole
//! metadata: {name: node-reader}
//! rules:
//! - apiGroups: [""]
//!   resources: ["nodes"]
//!   verbs: ["get", "list"]
//! ```
//!
//! ## How to fix
//! Move the resource to a ClusterRole bound by a ClusterRoleBinding if the
//! subject really needs it cluster-wide, or remove it.
//!
//! ## Severity
//! Warning: nothing is over-granted, but the manifest does not do what it says.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC Authorization": Role and ClusterRole.

use crate::authz::reach::cluster_only_resources;
use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::resources;

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    if !matches!(object.rbac, Rbac::Role(_)) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let names = resources(rule);
        for j in cluster_only_resources(cx.catalogue, rule) {
            let resource = &names[j];
            let base = resource.split('/').next().unwrap_or(resource);
            let (label, message) = if base == "namespaces" {
                (
                    "no Namespace object reached with these verbs",
                    format!(
                        "{}: `{resource}` with verbs {} grants nothing: those requests carry no namespace, and a Role grants only get, update, patch and delete on its own Namespace object",
                        object.id,
                        rule.verbs.join(", ")
                    ),
                )
            } else {
                (
                    "cluster-scoped: a Role cannot grant it",
                    format!(
                        "{}: `{resource}` is cluster-scoped, so this Role grants nothing on it: requests for it carry no namespace and no RoleBinding authorizes them",
                        object.id
                    ),
                )
            };
            findings.push(cx.finding(
                &object,
                path!("rules", i, "resources", j),
                label,
                message,
                "grant it in a ClusterRole bound by a ClusterRoleBinding if it is needed cluster-wide, or remove it",
            ));
        }
    }
    findings
}
