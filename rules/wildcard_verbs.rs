//! # wildcard-verbs
//!
//! ## What it does
//! Flags each `*` element of a rule's `verbs` in a Role or ClusterRole.
//!
//! ## Why is this bad?
//! `*` matches every verb the API server knows, now and in future releases:
//! not only get, list, watch, create, update, patch, delete and
//! deletecollection but also `escalate`, `bind` and `impersonate` where the
//! resource supports them. A controller whose ServiceAccount token leaks then
//! hands the attacker full control of every resource the rule names. Controllers
//! call a small, known set of verbs; audit logs or `kubectl auth can-i --list`
//! show which.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["*"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! ## How to fix
//! Replace `*` with the verbs the workload actually calls. Read-only access is
//! `get`, `list`, `watch`; add write verbs one by one as the code needs them.
//!
//! One mistake, one finding: when the `*` reaches a grant that a specific
//! rule watches (secrets read, pods/exec, escalate, bind, impersonate, ...),
//! this finding's message lists it ("covers secrets read, escalate") and the
//! specific rule stays silent — those fire only on verbs written out.
//! In a Role, the message names only the resources a Role can grant, and a
//! rule whose resources are all cluster-scoped is left to
//! `cluster-scoped-in-role` (the `*` grants nothing there). Likewise the
//! list of what the `*` covers names only what a Role can grant: no cluster-scoped
//! resource (nodes/proxy, persistent volumes, webhook configurations, CSR
//! approval, impersonating users or groups), and of `namespaces` only its
//! own Namespace object. CSR approval is listed only where the rule grants
//! both of its halves.
//!
//! The label names the escalation verbs the `*` includes where they apply to
//! the rule's resources: `escalate` and `bind` on roles and clusterroles,
//! `impersonate` on users, groups, ServiceAccounts, uids and extras.
//!
//! Not flagged by default: roles aggregated into the roles people hold
//! (`aggregate-to-admin`, edit, view, or a project's tier of those), where
//! `*` on the project's own kinds is the point of an admin role;
//! `--no-exemptions` lints them.
//!
//! ## Fix
//! Display only (never applied by `--fix`): on a rule whose resources are
//! all built-in ones its groups serve, the fix shown (JSON `fix`, not
//! applied) replaces `*` by the read-only verbs `get`, `list`, `watch`
//! (when the list has that one `*`). Whether the workload also writes is
//! for a person, or an audit log (`rbaclint audit`), to say.
//!
//! ## Severity
//! Error: a wildcard verb is never least privilege.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": least privilege.
//! - Controller security guide (this project's seed): "Minimize verbs".

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::reach::{cluster_only_resources, rule_in_reach};
use crate::capability::{and_list, Judge};
use crate::finding::Finding;
use crate::fix::{yaml_edit, Applicability, Fix};
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{api_groups, is_wildcard_resource, resources, show_group};
use crate::yaml::Node;

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let judge = Judge::new(&object, cx.catalogue);
    let in_role = matches!(object.rbac, Rbac::Role(_));
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        if !rule.verbs.iter().any(|v| v == "*") {
            continue;
        }
        // A Role grants nothing on cluster-scoped resources
        // (`cluster-scoped-in-role` says so): the `*` reaches only the rest.
        if in_role && !rule_in_reach(cx.catalogue, rule) {
            continue;
        }
        let out_of_reach = if in_role {
            cluster_only_resources(cx.catalogue, rule)
        } else {
            Vec::new()
        };
        // The same for every `*` of the rule: computed once, so a list of
        // many `*` costs linear time.
        let target = match (resources(rule), rule.non_resource_urls.as_deref()) {
            ([], Some(urls)) if !urls.is_empty() => {
                format!("non-resource URLs {}", urls.join(", "))
            }
            (res, _) => {
                let reached: Vec<&str> = res
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| !out_of_reach.contains(k))
                    .map(|(_, r)| r.as_str())
                    .collect();
                let groups: Vec<String> =
                    api_groups(rule).iter().map(|g| show_group(g)).collect();
                format!(
                    "resources {} in API groups [{}]",
                    reached.join(", "),
                    groups.join(", ")
                )
            }
        };
        let label = label(&escalation_verbs(&judge, rule));
        // One `*` (the usual case): several would each become the same verbs.
        let stars = rule.verbs.iter().filter(|v| *v == "*").count();
        let fixable = (stars == 1)
            .then(|| read_only_verbs(object, cx, i))
            .flatten();
        let message = format!(
            "{}: `*` in verbs grants every verb on {target}{}",
            object.id,
            judge.covers_suffix(rule, &super::CAPABILITIES)
        );
        for (j, verb) in rule.verbs.iter().enumerate() {
            if verb != "*" {
                continue;
            }
            findings.push(
                cx.finding(
                    &object,
                    path!("rules", i, "verbs", j),
                    label.clone(),
                    message.clone(),
                    "list only the verbs the workload calls, e.g. [get, list, watch]",
                )
                .with_fix(fixable.and_then(|(text, verbs)| read_only(text, verbs, j))),
            );
        }
    }
    findings
}

/// The verbs of the read-only replacement.
const READ_ONLY: [&str; 3] = ["get", "list", "watch"];

/// The text and `verbs` node of rule entry `i` when its `*` verbs can have
/// the display-only read-only fix: every resource of the rule is a built-in
/// one its groups serve. Computed once per entry, so many `*` cost linear
/// time.
fn read_only_verbs<'a>(
    object: Object,
    cx: &Context<'a>,
    i: usize,
) -> Option<(&'a str, &'a Node)> {
    let rule = object.rules().get(i)?;
    let groups = api_groups(rule);
    let built_in = !resources(rule).is_empty()
        && !groups.is_empty()
        && groups.iter().all(|g| cx.catalogue.knows_all_of(g))
        && resources(rule)
            .iter()
            .all(|r| !is_wildcard_resource(r) && groups.iter().any(|g| cx.catalogue.serves(g, r)));
    if !built_in {
        return None;
    }
    let (text, entry) = crate::rule::rule_entry(object, cx, i)?;
    Some((text, entry.get("verbs")?))
}

/// The display-only fix of `*` (item `j` of `verbs`): the read-only verbs
/// in its place. Never applied: whether the workload writes is for a
/// person (or an audit log) to say.
fn read_only(text: &str, verbs: &Node, j: usize) -> Option<Fix> {
    let edit = yaml_edit::replace_item(text, verbs, j, &READ_ONLY)?;
    Fix::new(
        "replace `*` by the read-only verbs get, list, watch",
        Applicability::DisplayOnly,
        vec![edit],
    )
}

/// The escalation verbs (`escalate`, `bind`, `impersonate`) that apply to
/// what the rule reaches, for the label of a `*` in verbs.
fn escalation_verbs(judge: &Judge, rule: &PolicyRule) -> Vec<&'static str> {
    [
        &super::escalate_verb::CAPABILITY,
        &super::bind_verb::CAPABILITY,
        &super::impersonate_verb::CAPABILITY,
    ]
    .into_iter()
    .filter(|c| judge.grants(rule, c))
    .map(|c| c.short)
    .collect()
}

/// `every verb`, naming the escalation verbs that apply to the rule's resources.
fn label(escalation_verbs: &[&str]) -> String {
    if escalation_verbs.is_empty() {
        "every verb".to_string()
    } else {
        format!("every verb, including {}", and_list(escalation_verbs))
    }
}
