//! The rule registry: one line per rule. A rule lives in its own file in this
//! folder; its `//!` doc comment is its documentation and its `check`
//! function is a pure function of one object and the run's context.
//!
//! Adding a rule: a file here, a line below, a folder in `fixtures/`.

use crate::audit_log::usage::Usage;
use crate::finding::{Finding, Severity};
use crate::rule::Rule;

mod broad_api_groups;
mod crd_admin_mixed_with_runtime;
mod duplicate_key;
mod invalid_object;
mod status_not_separated;
mod unused_suppression;
mod wildcard_resources;
mod wildcard_verbs;
// Issue 5: exact authorization semantics.
mod anonymous_binding;
mod bind_verb;
mod cluster_admin_binding;
mod cluster_scoped_in_role;
mod crd_admin_bound_to_runtime;
mod csr_approval;
mod default_service_account_binding;
mod escalate_verb;
mod impersonate_verb;
mod missing_role_ref;
mod namespace_from_context;
mod namespace_modify;
mod nodes_proxy;
mod persistent_volume_create;
mod pod_exec_attach;
mod resource_names_ineffective;
mod secrets_read;
mod service_account_group_binding;
mod subject_namespace_missing;
mod token_request;
pub(crate) mod unknown_resource;
pub(crate) mod unknown_verb;
mod webhook_config_write;
mod workload_create;
// Issue 8: missing grants peers catch.
mod secrets_create;
mod services_status_write;
// Issue 12: judged against an audit log, only under `rbaclint audit`.
mod forbidden_request;
mod unused_grant;
mod wildcard_narrowable;

macro_rules! rule {
    ($module:ident, $id:literal, $severity:ident) => {
        Rule::new(
            $id,
            Severity::$severity,
            Some($module::check),
            include_str!(concat!(stringify!($module), ".rs")),
        )
    };
    ($module:ident, $id:literal, $severity:ident, engine) => {
        Rule::new(
            $id,
            Severity::$severity,
            None,
            include_str!(concat!(stringify!($module), ".rs")),
        )
    };
}

/// Every rule, in the order `rbaclint rules` lists them. A rule is opt-in
/// unless marked `.recommended()` (the default set: findings a reviewer acts
/// on, judged on the real-world corpus); `.controllers_only()` marks rules
/// about a controller's least privilege, which user-facing roles (aggregated
/// into admin/edit/view) are exempt from. A new rule starts opt-in.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    rule!(wildcard_verbs, "wildcard-verbs", Error).recommended().controllers_only(),
    rule!(wildcard_resources, "wildcard-resources", Error).recommended().controllers_only(),
    rule!(broad_api_groups, "broad-api-groups", Warning).recommended().controllers_only(),
    rule!(status_not_separated, "status-not-separated", Warning).recommended().controllers_only(),
    rule!(crd_admin_mixed_with_runtime, "crd-admin-mixed-with-runtime", Warning).recommended().controllers_only(),
    rule!(secrets_read, "secrets-read", Warning).controllers_only(),
    rule!(workload_create, "workload-create", Warning).controllers_only(),
    rule!(pod_exec_attach, "pod-exec-attach", Error).recommended().controllers_only(),
    rule!(escalate_verb, "escalate-verb", Error).recommended(),
    rule!(bind_verb, "bind-verb", Error).recommended(),
    rule!(impersonate_verb, "impersonate-verb", Error).recommended().controllers_only(),
    rule!(nodes_proxy, "nodes-proxy", Error).recommended(),
    rule!(token_request, "token-request", Error).recommended().controllers_only(),
    rule!(csr_approval, "csr-approval", Error).recommended(),
    rule!(webhook_config_write, "webhook-config-write", Error),
    rule!(persistent_volume_create, "persistent-volume-create", Warning),
    rule!(namespace_modify, "namespace-modify", Warning),
    rule!(services_status_write, "services-status-write", Warning).controllers_only(),
    rule!(secrets_create, "secrets-create", Warning).controllers_only(),
    rule!(resource_names_ineffective, "resource-names-ineffective", Warning),
    rule!(unknown_resource, "unknown-resource", Warning).recommended(),
    rule!(cluster_scoped_in_role, "cluster-scoped-in-role", Warning).recommended(),
    rule!(unknown_verb, "unknown-verb", Warning).recommended(),
    rule!(cluster_admin_binding, "cluster-admin-binding", Error).recommended(),
    rule!(anonymous_binding, "anonymous-binding", Error).recommended(),
    rule!(default_service_account_binding, "default-service-account-binding", Warning).recommended(),
    rule!(service_account_group_binding, "service-account-group-binding", Warning).recommended(),
    rule!(subject_namespace_missing, "subject-namespace-missing", Error).recommended(),
    rule!(missing_role_ref, "missing-role-ref", Error).recommended(),
    rule!(crd_admin_bound_to_runtime, "crd-admin-bound-to-runtime", Error).recommended(),
    rule!(invalid_object, "invalid-object", Error, engine).recommended().diagnoses(invalid_object::findings),
    rule!(duplicate_key, "duplicate-key", Error, engine).recommended().diagnoses(duplicate_key::findings),
    rule!(unused_suppression, "unused-suppression", Warning, engine).recommended(),
    rule!(namespace_from_context, "namespace-from-context", Note),
    // Only `rbaclint audit` runs these (AUDIT_RULES below).
    rule!(unused_grant, "unused-grant", Warning, engine).recommended(),
    rule!(wildcard_narrowable, "wildcard-narrowable", Warning, engine).recommended(),
    rule!(forbidden_request, "forbidden-request", Warning, engine).recommended(),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// An audit rule's check: findings from the log's evidence.
pub type AuditCheck = fn(&Usage) -> Vec<Finding>;

/// The audit rules, by registry id.
pub const AUDIT_RULES: &[(&str, AuditCheck)] = &[
    ("unused-grant", unused_grant::findings),
    ("wildcard-narrowable", wildcard_narrowable::findings),
    ("forbidden-request", forbidden_request::findings),
];
