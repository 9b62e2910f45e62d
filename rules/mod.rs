//! The rule registry: one line per rule. A rule lives in its own file in this
//! folder; its `//!` doc comment is its documentation and its `check`
//! function is a pure function of one object and the run's context.
//!
//! Adding a rule: a file here, a line in `registry!` below, a folder in
//! `fixtures/`.

use crate::audit_log::usage::Usage;
use crate::capability::Capability;
use crate::finding::{Finding, Severity};
use crate::rule::{options, Rule};

/// One rule: its module (a file in this folder), id and default severity
/// (`engine` for diagnostics the engine or a command raises rather than a
/// check), then the registry's modifiers.
macro_rules! rule {
    ($module:ident ($id:literal, $severity:ident)) => {
        Rule::new(
            $id,
            Severity::$severity,
            Some($module::check),
            include_str!(concat!(stringify!($module), ".rs")),
        )
    };
    ($module:ident ($id:literal, $severity:ident, engine)) => {
        Rule::new(
            $id,
            Severity::$severity,
            None,
            include_str!(concat!(stringify!($module), ".rs")),
        )
    };
}

/// The registry's one list: each line declares a rule's module and its
/// entry in [`RULES`].
macro_rules! registry {
    ($($module:ident $args:tt $(.$modifier:ident($($arg:expr),*))*;)*) => {
        $(pub(crate) mod $module;)*

        /// Every rule, in the order `rbaclint rules` lists them. A rule is opt-in
        /// unless marked `.recommended()` (the default set: findings a reviewer acts
        /// on, judged on the real-world corpus); `.controllers_only()` marks rules
        /// about a controller's least privilege, which user-facing roles (aggregated
        /// into admin/edit/view) are exempt from. A new rule starts opt-in.
        pub static RULES: &[Rule] = &[$(rule!($module $args)$(.$modifier($($arg),*))*),*];
    };
}

registry! {
    wildcard_verbs("wildcard-verbs", Error).recommended().controllers_only();
    wildcard_resources("wildcard-resources", Error).recommended().controllers_only();
    broad_api_groups("broad-api-groups", Warning).recommended().controllers_only();
    status_not_separated("status-not-separated", Warning).recommended().controllers_only();
    crd_admin_mixed_with_runtime("crd-admin-mixed-with-runtime", Warning).recommended().controllers_only();
    secrets_read("secrets-read", Warning).controllers_only();
    workload_create("workload-create", Warning).controllers_only();
    pod_exec_attach("pod-exec-attach", Error).recommended().controllers_only();
    escalate_verb("escalate-verb", Error).recommended();
    bind_verb("bind-verb", Error).recommended();
    impersonate_verb("impersonate-verb", Error).recommended().controllers_only();
    nodes_proxy("nodes-proxy", Error).recommended();
    token_request("token-request", Error).recommended().controllers_only();
    csr_approval("csr-approval", Error).recommended();
    webhook_config_write("webhook-config-write", Error);
    persistent_volume_create("persistent-volume-create", Warning);
    namespace_modify("namespace-modify", Warning);
    services_status_write("services-status-write", Warning).controllers_only();
    secrets_create("secrets-create", Warning).controllers_only();
    resource_names_ineffective("resource-names-ineffective", Warning);
    unknown_resource("unknown-resource", Warning).recommended().options(options::<unknown_resource::Options>());
    cluster_scoped_in_role("cluster-scoped-in-role", Warning).recommended();
    unknown_verb("unknown-verb", Warning).recommended().options(options::<unknown_verb::Options>());
    cluster_admin_binding("cluster-admin-binding", Error).recommended();
    anonymous_binding("anonymous-binding", Error).recommended();
    default_service_account_binding("default-service-account-binding", Warning).recommended();
    service_account_group_binding("service-account-group-binding", Warning).recommended();
    subject_namespace_missing("subject-namespace-missing", Error).recommended();
    missing_role_ref("missing-role-ref", Error).recommended();
    crd_admin_bound_to_runtime("crd-admin-bound-to-runtime", Error).recommended();
    invalid_object("invalid-object", Error, engine).recommended().diagnoses(invalid_object::findings);
    duplicate_key("duplicate-key", Error, engine).recommended().diagnoses(duplicate_key::findings);
    unused_suppression("unused-suppression", Warning, engine).recommended();
    namespace_from_context("namespace-from-context", Note);
    // Only `rbaclint audit` runs these (AUDIT_RULES below).
    unused_grant("unused-grant", Warning, engine).recommended();
    wildcard_narrowable("wildcard-narrowable", Warning, engine).recommended();
    forbidden_request("forbidden-request", Warning, engine).recommended();
}

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

/// Every escalation risk a rule reports (its `CAPABILITY`), in the order
/// wildcard messages list them.
pub static CAPABILITIES: &[&Capability] = &[
    &secrets_read::CAPABILITY,
    &workload_create::CAPABILITY,
    &pod_exec_attach::CAPABILITY,
    &escalate_verb::CAPABILITY,
    &bind_verb::CAPABILITY,
    &impersonate_verb::CAPABILITY,
    &nodes_proxy::CAPABILITY,
    &token_request::CAPABILITY,
    &csr_approval::CAPABILITY,
    &webhook_config_write::CAPABILITY,
    &persistent_volume_create::CAPABILITY,
    &namespace_modify::CAPABILITY,
    &services_status_write::CAPABILITY,
    &secrets_create::CAPABILITY,
];

#[cfg(test)]
mod capability_tests {
    use k8s_openapi::api::rbac::v1::PolicyRule;

    use super::*;
    use crate::capability::{Judge, Reach, RBAC};
    use crate::catalogue::Catalogue;

    const ADMISSION: &str = "admissionregistration.k8s.io";

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str], names: &[&str]) -> PolicyRule {
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        PolicyRule {
            api_groups: strings(groups),
            resources: strings(resources),
            verbs: verbs.iter().map(|s| s.to_string()).collect(),
            resource_names: if names.is_empty() {
                None
            } else {
                strings(names)
            },
            non_resource_urls: None,
        }
    }

    #[test]
    fn a_role_grants_no_cluster_scoped_capability() {
        let catalogue = Catalogue::new(&[]);
        let cluster = Judge {
            reach: Reach::Cluster,
            catalogue: &catalogue,
        };
        let role = Judge {
            reach: Reach::Namespace,
            catalogue: &catalogue,
        };
        let proxy = rule(&[""], &["nodes/proxy"], &["get"], &[]);
        assert!(cluster.explicitly_grants(&proxy, &nodes_proxy::CAPABILITY));
        assert!(!role.explicitly_grants(&proxy, &nodes_proxy::CAPABILITY));
        // bind is checked in the namespace of the RoleBinding being written.
        let bind = rule(&[RBAC], &["clusterroles"], &["bind"], &[]);
        assert!(role.explicitly_grants(&bind, &bind_verb::CAPABILITY));
        // Of impersonation, a Role grants only ServiceAccounts.
        let everyone = rule(&[""], &["*"], &["impersonate"], &[]);
        assert!(role.grants(&everyone, &impersonate_verb::CAPABILITY));
        let users = rule(&[""], &["users", "groups"], &["impersonate"], &[]);
        assert!(!role.grants(&users, &impersonate_verb::CAPABILITY));
        assert_eq!(
            role.covered_by_wildcards(&rule(&["*"], &["*"], &["*"], &[]), CAPABILITIES),
            [
                "secrets read",
                "workload create",
                "exec into pods",
                "escalate",
                "bind",
                "impersonate",
                "serviceaccounts/token",
                "namespaces update",
                "services/status write",
                "secrets create"
            ]
        );
    }

    #[test]
    fn names_keep_the_risk_only_where_the_name_is_the_risk() {
        let catalogue = Catalogue::new(&[]);
        let judge = Judge {
            reach: Reach::Cluster,
            catalogue: &catalogue,
        };
        let own = rule(
            &["certificates.k8s.io"],
            &["signers"],
            &["approve"],
            &["example.com/x"],
        );
        assert!(!judge.explicitly_grants(&own, &csr_approval::CAPABILITY));
        let client = rule(
            &["certificates.k8s.io"],
            &["signers"],
            &["approve"],
            &["kubernetes.io/kube-apiserver-client"],
        );
        assert!(judge.explicitly_grants(&client, &csr_approval::CAPABILITY));
        let webhook = rule(
            &[ADMISSION],
            &["validatingwebhookconfigurations"],
            &["patch"],
            &["mine"],
        );
        assert!(judge.explicitly_grants(&webhook, &webhook_config_write::CAPABILITY));
        // create never matches a rule with names.
        let create = rule(
            &[ADMISSION],
            &["validatingwebhookconfigurations"],
            &["create"],
            &["mine"],
        );
        assert!(!judge.explicitly_grants(&create, &webhook_config_write::CAPABILITY));
        // A Job's pod template is immutable.
        let jobs = rule(&["batch"], &["jobs"], &["update", "patch"], &[]);
        assert!(!judge.explicitly_grants(&jobs, &workload_create::CAPABILITY));
    }
}
