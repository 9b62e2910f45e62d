//! What a namespace can hold: the part of RBAC a Role or a RoleBinding can
//! grant at all.
//!
//! The authorizer consults a namespace's RoleBindings only for requests that
//! carry that namespace. Requests on cluster-scoped resources (nodes,
//! customresourcedefinitions, clusterroles, ...) and non-resource URLs carry
//! none, so whatever a Role or a RoleBinding says about them takes no effect.
//! The one exception is a request on one Namespace object
//! (`/api/v1/namespaces/NAME`), which carries NAME: a RoleBinding of NAME can
//! grant get/update/patch/delete on it (see [`Catalogue::grantable_in_namespace`]).

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::matching::{Request, Target};
use crate::catalogue::Catalogue;
use crate::vocab::{api_groups, resources};

/// Whether a RoleBinding of `namespace` can authorize `request` (made in
/// that namespace): a namespaced resource, or the Namespace object named
/// `namespace` itself (a request without a name is taken to be on it; an
/// unknown namespace may be any).
pub fn request_in_reach(catalogue: &Catalogue, request: &Request, namespace: Option<&str>) -> bool {
    let Target::Resource {
        group,
        resource,
        name,
        ..
    } = &request.target
    else {
        return false;
    };
    if !catalogue.grantable_in_namespace(group, resource, &request.verb) {
        return false;
    }
    let own_namespace_object = group.is_empty() && resource == "namespaces";
    !own_namespace_object || name.is_none() || namespace.is_none() || name.as_deref() == namespace
}

/// The indices of `rule`'s resources that no Role or RoleBinding can grant:
/// cluster-scoped for every verb and group of the rule. Empty when the rule
/// has no verbs or groups (it grants nothing for another reason); `""`
/// names no resource and is left to the other rules.
pub fn cluster_only_resources(catalogue: &Catalogue, rule: &PolicyRule) -> Vec<usize> {
    let groups = api_groups(rule);
    if groups.is_empty() || rule.verbs.is_empty() {
        return Vec::new();
    }
    resources(rule)
        .iter()
        .enumerate()
        .filter(|(_, resource)| {
            !resource.is_empty()
                && groups.iter().all(|group| {
                    rule.verbs
                        .iter()
                        .all(|verb| !catalogue.grantable_in_namespace(group, resource, verb))
                })
        })
        .map(|(i, _)| i)
        .collect()
}

/// The verbs a rule gives on core `namespaces` that reach no Namespace
/// object through a RoleBinding (list, watch, create, deletecollection),
/// when another of its verbs reaches the binding's own one; empty otherwise
/// (then `namespaces` is wholly granted, or wholly in
/// [`cluster_only_resources`]).
pub fn namespace_verbs_out_of_reach<'r>(
    catalogue: &Catalogue,
    rule: &'r PolicyRule,
) -> Vec<&'r str> {
    let names_namespaces = resources(rule).iter().any(|r| r == "namespaces")
        && api_groups(rule).iter().any(|g| g.is_empty() || g == "*");
    let (reached, not): (Vec<&str>, Vec<&str>) = rule
        .verbs
        .iter()
        .map(String::as_str)
        .partition(|verb| catalogue.grantable_in_namespace("", "namespaces", verb));
    if names_namespaces && !reached.is_empty() {
        not
    } else {
        Vec::new()
    }
}

/// Whether some part of `rule` can take effect through a RoleBinding: not a
/// rule of non-resource URLs only, nor one whose every resource is
/// cluster-scoped.
pub fn rule_in_reach(catalogue: &Catalogue, rule: &PolicyRule) -> bool {
    let resources = resources(rule);
    !resources.is_empty() && cluster_only_resources(catalogue, rule).len() < resources.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(verbs: &[&str], groups: &[&str], resources: &[&str]) -> PolicyRule {
        let list = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        PolicyRule {
            verbs: verbs.iter().map(|s| s.to_string()).collect(),
            api_groups: list(groups),
            resources: list(resources),
            ..PolicyRule::default()
        }
    }

    #[test]
    fn requests_a_namespace_can_hold() {
        let c = Catalogue::new(&[]);
        let ns = Some("team-a");
        let req = Request::resource;
        assert!(request_in_reach(&c, &req("get", "", "pods"), ns));
        assert!(request_in_reach(&c, &req("get", "", "pods/log"), ns));
        assert!(!request_in_reach(&c, &req("get", "", "nodes"), ns));
        assert!(!request_in_reach(&c, &req("get", "", "nodes/proxy"), ns));
        assert!(!request_in_reach(
            &c,
            &req(
                "create",
                "apiextensions.k8s.io",
                "customresourcedefinitions"
            ),
            ns
        ));
        assert!(!request_in_reach(
            &c,
            &Request::non_resource("get", "/metrics"),
            ns
        ));
        // The namespace's own object, and no other.
        assert!(request_in_reach(&c, &req("patch", "", "namespaces"), ns));
        assert!(request_in_reach(
            &c,
            &req("patch", "", "namespaces").named("team-a"),
            ns
        ));
        assert!(!request_in_reach(
            &c,
            &req("patch", "", "namespaces").named("team-b"),
            ns
        ));
        assert!(!request_in_reach(&c, &req("list", "", "namespaces"), ns));
        assert!(!request_in_reach(&c, &req("create", "", "namespaces"), ns));
        // Impersonating a ServiceAccount is namespaced; a user or group is not.
        assert!(request_in_reach(
            &c,
            &req("impersonate", "", "serviceaccounts"),
            ns
        ));
        assert!(!request_in_reach(&c, &req("impersonate", "", "users"), ns));
        // Unknown resources may be namespaced.
        assert!(request_in_reach(
            &c,
            &req("get", "example.com", "widgets"),
            ns
        ));
    }

    #[test]
    fn rules_a_namespace_can_hold() {
        let c = Catalogue::new(&[]);
        let r = rule(
            &["get", "list"],
            &[""],
            &["pods", "nodes", "namespaces", "persistentvolumes"],
        );
        assert_eq!(cluster_only_resources(&c, &r), [1, 3]);
        assert!(rule_in_reach(&c, &r));
        let r = rule(&["list", "watch"], &[""], &["namespaces", "nodes"]);
        assert_eq!(cluster_only_resources(&c, &r), [0, 1]);
        assert!(!rule_in_reach(&c, &r));
        let r = rule(&["*"], &["*"], &["*"]);
        assert!(cluster_only_resources(&c, &r).is_empty());
        let r = rule(&["get"], &["*"], &["nodes"]);
        assert_eq!(cluster_only_resources(&c, &r), [0]);
        let r = rule(&["get", "list", "watch"], &[""], &["namespaces", "pods"]);
        assert_eq!(namespace_verbs_out_of_reach(&c, &r), ["list", "watch"]);
        let r = rule(&["list"], &[""], &["namespaces"]);
        assert!(namespace_verbs_out_of_reach(&c, &r).is_empty());
        let r = rule(&["get", "list"], &["apps"], &["deployments"]);
        assert!(namespace_verbs_out_of_reach(&c, &r).is_empty());
        let r = rule(&["get"], &[""], &[""]);
        assert!(cluster_only_resources(&c, &r).is_empty());
        let r = PolicyRule {
            verbs: vec!["get".into()],
            non_resource_urls: Some(vec!["/metrics".into()]),
            ..PolicyRule::default()
        };
        assert!(!rule_in_reach(&c, &r));
    }
}
