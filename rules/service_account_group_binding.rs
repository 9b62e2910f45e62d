//! # service-account-group-binding
//!
//! ## What it does
//! Flags a ClusterRoleBinding to all ServiceAccounts of the cluster or a
//! namespace. The subject is the Group `system:serviceaccounts` (every
//! ServiceAccount of the cluster) or `system:serviceaccounts:<ns>` (every
//! ServiceAccount of one namespace). The finding sits on the subject's `name`;
//! the message names the role's most sensitive grant (the escalation risks of
//! the RBAC good practices, errors before warnings), with a related label on
//! the rule that grants it.
//!
//! The bootstrap binding of `system:service-account-issuer-discovery` to
//! `system:serviceaccounts` (the API server's own) is not flagged. In a
//! RoleBinding the grant stays in one namespace and
//! `default-service-account-binding` reports these groups (they cover each
//! namespace's `default` ServiceAccount); `system:authenticated` is
//! `anonymous-binding`'s.
//!
//! ## Why is this bad?
//! Every pod runs as a ServiceAccount (its own, or `default`), usually with
//! its token mounted, so binding the group hands the role, cluster-wide, to
//! every pod of the cluster or of the namespace — including pods that anyone
//! allowed to create pods there can start. The smallest compromise of any
//! of them inherits the role.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
//! subjects: [{kind: Group, name: "system:serviceaccounts:billing", apiGroup: rbac.authorization.k8s.io}]
//! ```
//!
//! Use instead:
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
//! subjects: [{kind: ServiceAccount, name: invoice-sync, namespace: billing}]
//! ```
//!
//! ## How to fix
//! Bind the ServiceAccounts that need the role, one subject each, and give
//! every other workload its own ServiceAccount without it.
//!
//! ## Severity
//! Warning: how bad it is depends on the role, which the message names.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC Authorization": ServiceAccount permissions
//!   ("grant a role to all service accounts ... not recommended").
//! - Kubernetes docs, "Role based access control good practices".

use std::cmp::Reverse;

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::capability::{Capability, Judge};
use crate::authz::subject::ServiceAccountGroup;
use crate::authz::Origin;
use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object, Rule};
use crate::vocab::resources;

/// The role the default policy itself binds to `system:serviceaccounts`.
const BOOTSTRAP_ROLES: &[&str] = &["system:service-account-issuer-discovery"];

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let (Rbac::ClusterRoleBinding(_), Some((role_ref, subjects))) =
        (&object.rbac, object.binding())
    else {
        return Vec::new();
    };
    if role_ref.kind == "ClusterRole" && BOOTSTRAP_ROLES.contains(&role_ref.name.as_str()) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        if subject.kind != "Group" {
            continue;
        }
        let Some(group) = ServiceAccountGroup::of(&subject.name) else {
            continue;
        };
        let holders = match group {
            ServiceAccountGroup::All => "every pod's ServiceAccount".to_string(),
            ServiceAccountGroup::Namespace(ns) => {
                format!("every pod's ServiceAccount in namespace {ns}")
            }
        };
        let (grant, label) = match most_sensitive(object, cx) {
            Granted::Risk(capability, others, origin) => {
                let others = match others {
                    0 => String::new(),
                    1 => " and 1 other escalation risk".to_string(),
                    n => format!(" and {n} other escalation risks"),
                };
                (
                    format!(
                        "; most sensitive grant: {} (the holder {}){others}",
                        capability.short, capability.consequence
                    ),
                    Some((origin, format!("grants {}", capability.short))),
                )
            }
            Granted::NoRisk(origin) => (
                format!(
                    "; it grants none of the escalation risks the RBAC good practices name (first rule: {})",
                    rule_summary(cx.policy.rule(origin))
                ),
                Some((origin, "first rule".to_string())),
            ),
            Granted::Nothing => ("; it grants nothing".to_string(), None),
            Granted::Unknown => (
                format!(
                    "; {} {} is not in the input, so what it grants is unknown",
                    role_ref.kind, role_ref.name
                ),
                None,
            ),
        };
        let mut finding = cx.finding(
            &object,
            object.visible(path!("subjects", i, "name")),
            holders.clone(),
            format!(
                "{}: binds {} {} to Group {}, {}: {holders} holds it, cluster-wide{grant}",
                object.id,
                role_ref.kind,
                role_ref.name,
                subject.name,
                group.members()
            ),
            "bind the ServiceAccounts that need the role, one subject each",
        );
        if let Some((origin, text)) = label {
            if let Some(source) = cx.objects.get(origin.object) {
                finding = finding.with_label(source, path!("rules", origin.rule), text);
            }
        }
        findings.push(finding);
    }
    findings
}

/// What the bound role grants, as far as escalation risks go.
enum Granted {
    /// The most sensitive risk, how many others, and a rule granting it.
    Risk(&'static Capability, usize, Origin),
    /// No escalation risk; the role's first rule.
    NoRisk(Origin),
    /// The role has no rules.
    Nothing,
    /// The roleRef resolves to no role of the input.
    Unknown,
}

/// The role's most sensitive grant: a capability whose rule is an error
/// before one whose rule is a warning, then in `CAPABILITIES` order.
fn most_sensitive(binding: Object, cx: &Context) -> Granted {
    let roles = cx.policy.role_ref_targets(binding.index);
    if roles.is_empty() {
        return Granted::Unknown;
    }
    let origins: Vec<Origin> = roles
        .iter()
        .flat_map(|&role| cx.policy.effective_rules(role).iter().copied())
        .collect();
    // The rules with a capability, in registry (`CAPABILITIES`) order.
    let granted: Vec<(usize, &Rule, &'static Capability, Origin)> = super::RULES
        .iter()
        .filter_map(|rule| Some((rule, rule.capability?)))
        .enumerate()
        .filter_map(|(k, (rule, capability))| {
            origins
                .iter()
                .find(|&&o| {
                    Judge::new(cx.policy.object(o.object), cx.catalogue)
                        .grants(cx.policy.rule(o), capability)
                })
                .map(|&o| (k, rule, capability, o))
        })
        .collect();
    match granted
        .iter()
        .min_by_key(|(k, rule, _, _)| (Reverse(rule.default_severity), *k))
    {
        Some(&(_, _, capability, origin)) => {
            Granted::Risk(capability, granted.len() - 1, origin)
        }
        None => origins
            .first()
            .map_or(Granted::Nothing, |&o| Granted::NoRisk(o)),
    }
}

/// `create, get on customresourcedefinitions`, `get on /metrics`.
fn rule_summary(rule: &PolicyRule) -> String {
    let targets = match rule.non_resource_urls.as_deref() {
        Some(urls) if !urls.is_empty() => urls.join(", "),
        _ => resources(rule).join(", "),
    };
    format!("{} on {targets}", rule.verbs.join(", "))
}
