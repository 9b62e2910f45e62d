//! The roles every cluster has before anyone applies a manifest: the
//! default RBAC policy of the API server (plugin/pkg/auth/authorizer/rbac/
//! bootstrappolicy, Kubernetes 1.34), transcribed in [`roles`].
//!
//! The evaluator knows them as built-in objects ([`objects`]), so a binding
//! to `cluster-admin` or `view` reaches their grants whether or not the input
//! defines them, and the user's ClusterRoles labelled
//! `rbac.authorization.k8s.io/aggregate-to-admin|edit|view` add to admin, edit
//! and view as they do in a cluster. Built-in objects belong to no file
//! ([`RbacObject::is_builtin`]): no rule checks them, and no finding points
//! into them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use k8s_openapi::api::rbac::v1::{AggregationRule, ClusterRole, PolicyRule, Role};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::model::{ObjectRef, Rbac, RbacObject, BUILT_IN};
use crate::yaml::SpanTree;

mod roles;

/// One rule of a default role, as the bootstrap policy writes it (an empty
/// list is an absent field).
pub struct BuiltinRule {
    pub verbs: &'static [&'static str],
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub resource_names: &'static [&'static str],
    pub non_resource_urls: &'static [&'static str],
}

/// One default Role (with a namespace) or ClusterRole.
pub struct BuiltinRole {
    pub namespace: Option<&'static str>,
    pub name: &'static str,
    pub rules: &'static [BuiltinRule],
    /// `X` of each `rbac.authorization.k8s.io/aggregate-to-X: "true"` label.
    pub aggregated_to: &'static [&'static str],
    /// `X` of the aggregationRule's one selector `aggregate-to-X: "true"`.
    pub aggregating: Option<&'static str>,
}

/// The label prefix of the user-facing roles' aggregation.
const AGGREGATE_TO: &str = "rbac.authorization.k8s.io/aggregate-to-";

const fn cluster_role(name: &'static str, rules: &'static [BuiltinRule]) -> BuiltinRole {
    BuiltinRole {
        namespace: None,
        name,
        rules,
        aggregated_to: &[],
        aggregating: None,
    }
}

const fn role(
    namespace: &'static str,
    name: &'static str,
    rules: &'static [BuiltinRule],
) -> BuiltinRole {
    BuiltinRole {
        namespace: Some(namespace),
        ..cluster_role(name, rules)
    }
}

impl BuiltinRole {
    const fn aggregating(self, label: &'static str) -> Self {
        BuiltinRole {
            aggregating: Some(label),
            ..self
        }
    }

    const fn aggregated_to(self, labels: &'static [&'static str]) -> Self {
        BuiltinRole {
            aggregated_to: labels,
            ..self
        }
    }
}

const fn rule(
    verbs: &'static [&'static str],
    api_groups: &'static [&'static str],
    resources: &'static [&'static str],
) -> BuiltinRule {
    BuiltinRule {
        verbs,
        api_groups,
        resources,
        resource_names: &[],
        non_resource_urls: &[],
    }
}

const fn named(
    verbs: &'static [&'static str],
    api_groups: &'static [&'static str],
    resources: &'static [&'static str],
    resource_names: &'static [&'static str],
) -> BuiltinRule {
    BuiltinRule {
        resource_names,
        ..rule(verbs, api_groups, resources)
    }
}

const fn urls(verbs: &'static [&'static str], urls: &'static [&'static str]) -> BuiltinRule {
    BuiltinRule {
        non_resource_urls: urls,
        ..rule(verbs, &[], &[])
    }
}

/// Every default role as an RBAC object of no file, ClusterRoles first.
pub fn objects() -> &'static [RbacObject] {
    static OBJECTS: LazyLock<Vec<RbacObject>> = LazyLock::new(|| {
        roles::CLUSTER_ROLES
            .iter()
            .chain(roles::ROLES)
            .map(BuiltinRole::object)
            .collect()
    });
    &OBJECTS
}

impl BuiltinRole {
    fn object(&self) -> RbacObject {
        let list = |items: &[&str]| -> Option<Vec<String>> {
            (!items.is_empty()).then(|| items.iter().map(|s| s.to_string()).collect())
        };
        let rules = self
            .rules
            .iter()
            .map(|r| PolicyRule {
                verbs: r.verbs.iter().map(|s| s.to_string()).collect(),
                api_groups: list(r.api_groups),
                resources: list(r.resources),
                resource_names: list(r.resource_names),
                non_resource_urls: list(r.non_resource_urls),
            })
            .collect();
        let true_label = |x: &str| (format!("{AGGREGATE_TO}{x}"), "true".to_string());
        let mut labels: BTreeMap<String, String> =
            self.aggregated_to.iter().map(|x| true_label(x)).collect();
        labels.insert("kubernetes.io/bootstrapping".into(), "rbac-defaults".into());
        let metadata = ObjectMeta {
            name: Some(self.name.to_string()),
            namespace: self.namespace.map(str::to_string),
            labels: Some(labels),
            ..ObjectMeta::default()
        };
        let (kind, rbac) = match self.namespace {
            Some(_) => (
                "Role",
                Rbac::Role(Role {
                    metadata,
                    rules: Some(rules),
                }),
            ),
            None => (
                "ClusterRole",
                Rbac::ClusterRole(ClusterRole {
                    metadata,
                    rules: Some(rules),
                    aggregation_rule: self.aggregating.map(|x| AggregationRule {
                        cluster_role_selectors: Some(vec![LabelSelector {
                            match_labels: Some([true_label(x)].into()),
                            ..LabelSelector::default()
                        }]),
                    }),
                }),
            ),
        };
        RbacObject {
            file: BUILT_IN,
            id: ObjectRef {
                kind: kind.to_string(),
                namespace: self.namespace.map(str::to_string),
                name: self.name.to_string(),
            },
            rbac,
            node: SpanTree::empty(Default::default()),
        }
    }
}

/// The names of the default ClusterRoles, for did-you-mean.
pub fn cluster_role_names() -> impl Iterator<Item = &'static str> {
    roles::CLUSTER_ROLES.iter().map(|r| r.name)
}

/// A default ClusterRole (or one of the `system:controller:*` roles, whose
/// set changes with the controllers of each release).
pub fn is_cluster_role(name: &str) -> bool {
    cluster_role_names().any(|n| n == name) || name.starts_with("system:controller:")
}

/// A default Role; a binding without namespace may be applied to any, so it
/// counts when the name is one of them.
pub fn is_role(namespace: Option<&str>, name: &str) -> bool {
    roles::ROLES
        .iter()
        .any(|r| r.name == name && namespace.is_none_or(|given| r.namespace == Some(given)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_objects_belong_to_no_file() {
        let all = objects();
        assert_eq!(all.len(), roles::CLUSTER_ROLES.len() + roles::ROLES.len());
        assert!(all.iter().all(RbacObject::is_builtin));
        let admin = all.iter().find(|o| o.id.name == "cluster-admin").unwrap();
        assert_eq!(admin.id.to_string(), "ClusterRole/cluster-admin");
        assert_eq!(admin.rules().len(), 2);
        let reader = all
            .iter()
            .find(|o| o.id.name == "extension-apiserver-authentication-reader")
            .unwrap();
        assert_eq!(reader.id.namespace.as_deref(), Some("kube-system"));
        assert_eq!(reader.id.kind, "Role");
    }

    #[test]
    fn default_role_names() {
        assert!(is_cluster_role("cluster-admin"));
        assert!(is_cluster_role("system:controller:job-controller"));
        assert!(!is_cluster_role("cluster-admins"));
        assert!(is_role(
            Some("kube-system"),
            "extension-apiserver-authentication-reader"
        ));
        assert!(is_role(None, "extension-apiserver-authentication-reader"));
        assert!(!is_role(
            Some("default"),
            "extension-apiserver-authentication-reader"
        ));
    }
}
