//! The rule registry. A rule lives in its own file in this folder; its `//!`
//! doc comment is its documentation and its `check` function is a pure
//! function of one object and the run's context. `registry.rs` lists the
//! rules, one line each; from it this module declares the rule modules and
//! builds [`RULES`], and `src/rule_id.rs` generates [`RuleId`].
//!
//! Adding a rule: a file here, a line in `registry.rs`, a folder in
//! `fixtures/`.

use std::sync::LazyLock;

use crate::capability::Capability;
use crate::finding::Severity;
use crate::rule::{options, Kind, Rule};
use crate::rule_id::RuleId;

/// How a rule of `kind` runs, from its module's function.
macro_rules! kind {
    ($module:ident, check) => {
        Kind::Check($module::check)
    };
    ($module:ident, diagnostic) => {
        Kind::Diagnostic($module::findings)
    };
    ($module:ident, suppression) => {
        Kind::Suppression
    };
    ($module:ident, audit) => {
        Kind::Audit($module::findings)
    };
}

/// From the registry's lines: the rule modules and [`RULES`].
macro_rules! registry {
    ($($variant:ident = $module:ident ($id:literal, $severity:ident, $kind:ident) $(.$modifier:ident($($arg:expr),*))*;)*) => {
        $(pub(crate) mod $module;)*

        /// Every rule, in the order `rbaclint rules` lists them, which is
        /// [`RuleId`]'s: `RULES[id.index()]` is rule `id` ([`rule`]). A rule is
        /// opt-in unless marked `.recommended()` (the default set: findings a
        /// reviewer acts on, judged on the real-world corpus);
        /// `.controllers_only()` marks rules about a controller's least
        /// privilege, which user-facing roles (aggregated into admin/edit/view)
        /// are exempt from. A new rule starts opt-in.
        pub static RULES: &[Rule] = &[$(
            Rule::new(
                RuleId::$variant,
                Severity::$severity,
                kind!($module, $kind),
                include_str!(concat!(stringify!($module), ".rs")),
            )$(.$modifier($($arg),*))*
        ),*];
    };
}

include!("registry.rs");

/// The registry entry of rule `id`.
pub fn rule(id: RuleId) -> &'static Rule {
    &RULES[id.index()]
}

/// The rule with this id string (as users write it).
pub fn find(id: &str) -> Option<&'static Rule> {
    id.parse().ok().map(rule)
}

/// Every escalation risk a rule reports (its `.capability(…)`), in registry
/// order, which is the order wildcard messages list them.
pub static CAPABILITIES: LazyLock<Vec<&'static Capability>> =
    LazyLock::new(|| RULES.iter().filter_map(|r| r.capability).collect());

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn the_table_is_indexed_by_rule_id() {
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for &id in RuleId::ALL {
            assert_eq!(rule(id).id, id);
            assert_eq!(find(id.as_str()).map(|r| r.id), Some(id));
        }
    }

    #[test]
    fn capabilities_keep_the_order_wildcard_messages_list_them() {
        let shorts: Vec<&str> = CAPABILITIES.iter().map(|c| c.short).collect();
        assert_eq!(
            shorts,
            [
                "secrets read",
                "workload create",
                "exec into pods",
                "escalate",
                "bind",
                "impersonate",
                "nodes/proxy",
                "serviceaccounts/token",
                "CSR approval",
                "admission config write",
                "persistentvolumes create",
                "namespaces update",
                "services/status write",
                "secrets create"
            ]
        );
    }
}

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
            role.covered_by_wildcards(&rule(&["*"], &["*"], &["*"], &[]), &CAPABILITIES),
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
