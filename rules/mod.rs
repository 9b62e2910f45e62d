//! The rule registry: one line per rule. A rule lives in its own file in this
//! folder; its `//!` doc comment is its documentation and its `check`
//! function is a pure function of one object and the run's context.
//!
//! Adding a rule: a file here, a line below, a folder in `fixtures/`.

use crate::finding::Severity;
use crate::rule::Rule;

mod broad_api_groups;
mod crd_admin_mixed_with_runtime;
pub(crate) mod duplicate_key;
pub(crate) mod invalid_object;
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
mod namespace_modify;
mod nodes_proxy;
mod persistent_volume_create;
mod pod_exec_attach;
mod resource_names_ineffective;
mod secrets_read;
mod subject_namespace_missing;
mod token_request;
mod unknown_resource;
mod unknown_verb;
mod webhook_config_write;
mod workload_create;
// Issue 12: judged against an audit log, only under `rbaclint audit`.
pub(crate) mod forbidden_request;
pub(crate) mod unused_grant;
pub(crate) mod wildcard_narrowable;

macro_rules! rule {
    ($module:ident, $id:literal, $severity:ident) => {
        Rule {
            id: $id,
            default_severity: Severity::$severity,
            check: Some($module::check),
            source: include_str!(concat!(stringify!($module), ".rs")),
        }
    };
    ($module:ident, $id:literal, $severity:ident, engine) => {
        Rule {
            id: $id,
            default_severity: Severity::$severity,
            check: None,
            source: include_str!(concat!(stringify!($module), ".rs")),
        }
    };
}

/// Every rule, in the order `rbaclint rules` lists them.
pub static RULES: &[Rule] = &[
    rule!(wildcard_verbs, "wildcard-verbs", Error),
    rule!(wildcard_resources, "wildcard-resources", Error),
    rule!(broad_api_groups, "broad-api-groups", Warning),
    rule!(status_not_separated, "status-not-separated", Warning),
    rule!(
        crd_admin_mixed_with_runtime,
        "crd-admin-mixed-with-runtime",
        Warning
    ),
    rule!(secrets_read, "secrets-read", Warning),
    rule!(workload_create, "workload-create", Warning),
    rule!(pod_exec_attach, "pod-exec-attach", Error),
    rule!(escalate_verb, "escalate-verb", Error),
    rule!(bind_verb, "bind-verb", Error),
    rule!(impersonate_verb, "impersonate-verb", Error),
    rule!(nodes_proxy, "nodes-proxy", Error),
    rule!(token_request, "token-request", Error),
    rule!(csr_approval, "csr-approval", Error),
    rule!(webhook_config_write, "webhook-config-write", Error),
    rule!(
        persistent_volume_create,
        "persistent-volume-create",
        Warning
    ),
    rule!(namespace_modify, "namespace-modify", Warning),
    rule!(
        resource_names_ineffective,
        "resource-names-ineffective",
        Warning
    ),
    rule!(unknown_resource, "unknown-resource", Warning),
    rule!(cluster_scoped_in_role, "cluster-scoped-in-role", Warning),
    rule!(unknown_verb, "unknown-verb", Warning),
    rule!(cluster_admin_binding, "cluster-admin-binding", Error),
    rule!(anonymous_binding, "anonymous-binding", Error),
    rule!(
        default_service_account_binding,
        "default-service-account-binding",
        Warning
    ),
    rule!(
        subject_namespace_missing,
        "subject-namespace-missing",
        Error
    ),
    rule!(missing_role_ref, "missing-role-ref", Error),
    rule!(
        crd_admin_bound_to_runtime,
        "crd-admin-bound-to-runtime",
        Error
    ),
    rule!(invalid_object, "invalid-object", Error, engine),
    rule!(duplicate_key, "duplicate-key", Error, engine),
    rule!(unused_suppression, "unused-suppression", Warning, engine),
    // Only `rbaclint audit` runs these (src/audit/mod.rs, AUDIT_RULES).
    rule!(unused_grant, "unused-grant", Warning, engine),
    rule!(wildcard_narrowable, "wildcard-narrowable", Warning, engine),
    rule!(forbidden_request, "forbidden-request", Warning, engine),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
