//! Shared RBAC vocabulary: which verbs write, what a rule's elements mean.

use k8s_openapi::api::rbac::v1::PolicyRule;

/// Verbs that change state (`*` included, since it covers them all).
pub const WRITE_VERBS: &[&str] = &[
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "*",
];

/// A resource element that names every resource (`*`) or every resource's
/// subresource (`*/scale`).
pub fn is_wildcard_resource(resource: &str) -> bool {
    resource == "*" || resource.starts_with("*/")
}

/// The rule's resources, or nothing when it has none (nonResourceURLs rules).
pub fn resources(rule: &PolicyRule) -> &[String] {
    rule.resources.as_deref().unwrap_or(&[])
}

pub fn api_groups(rule: &PolicyRule) -> &[String] {
    rule.api_groups.as_deref().unwrap_or(&[])
}

/// Quotes a group for messages: the core group `""` reads as `"" (core)`.
pub fn show_group(group: &str) -> String {
    if group.is_empty() {
        "\"\" (core)".to_string()
    } else {
        format!("\"{group}\"")
    }
}

/// Whether every verb of the rule only reads (`get`, `list`, `watch`).
pub fn reads_only(rule: &PolicyRule) -> bool {
    !rule.verbs.is_empty()
        && rule
            .verbs
            .iter()
            .all(|v| matches!(v.as_str(), "get" | "list" | "watch"))
}

/// API groups whose resources are metric names chosen at run time, so `*`
/// is the only resource a metrics consumer can list.
const METRIC_NAME_GROUPS: &[&str] = &["external.metrics.k8s.io", "custom.metrics.k8s.io"];

/// A rule whose resource wildcards are the only form its consumer can write
/// and reach nothing else: reading the `scale` subresource of every kind
/// (what an autoscaler reads), or the metric names of the metrics APIs
/// (which serve reads only). Wildcard rules do not flag these.
pub fn wildcard_is_the_only_form(rule: &PolicyRule) -> bool {
    let resources = resources(rule);
    let groups = api_groups(rule);
    !resources.is_empty()
        && ((reads_only(rule) && resources.iter().all(|r| r == "*/scale"))
            || (!groups.is_empty()
                && groups
                    .iter()
                    .all(|g| METRIC_NAME_GROUPS.contains(&g.as_str()))))
}
