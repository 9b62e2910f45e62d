//! # wildcard-resources
//!
//! ## What it does
//! Flags each `*` or `*/sub` element of a rule's `resources`. A `*` is every
//! resource of the rule's API groups, and all their subresources; `*/sub` is
//! that subresource of every resource (e.g. `*/scale`).
//!
//! ## Why is this bad?
//! `*` covers every resource of the listed groups, including `secrets`,
//! `pods/exec` and resources that future releases or CRDs add. `*/status`
//! lets the holder rewrite the status of every object, which other
//! controllers and users trust. Neither is least privilege, and a reviewer
//! cannot tell from the manifest what the workload really touches.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["apps"]
//!   resources: ["*"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["apps"]
//!   resources: ["deployments", "statefulsets"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Name the resources (and subresources such as `deployments/scale`) the
//! workload uses. Generic tools that truly act on any resource (backup,
//! GitOps) should say so with a suppression and a reason.
//!
//! One mistake, one finding: when the wildcard reaches a grant that a
//! specific rule watches (secrets read, pods/exec, escalate, ...), this
//! finding's message lists it ("covers secrets read, exec into pods") and the
//! specific rule stays silent — those fire only on resources written out.
//! In a Role the list names only what a Role can grant: no cluster-scoped
//! resource (nodes/proxy, persistent volumes, webhook configurations, CSR
//! approval, impersonating users or groups), and of `namespaces` only its
//! own Namespace object. CSR approval is listed only where the rule grants
//! both of its halves.
//!
//! Not flagged, since `*` is the only form the consumer can write and it
//! reaches nothing else: a read-only rule on `*/scale` (what an autoscaler
//! reads of every scalable kind), or `*` on the metric names of
//! `external.metrics.k8s.io` / `custom.metrics.k8s.io` (read-only APIs;
//! `wildcard-verbs` still flags a `*` verb there). A `*/x` beside `*` in
//! the same list is covered by the `*` finding. Nor, by default,
//! roles aggregated into the roles people hold (`aggregate-to-admin`, edit,
//! view, or a project's tier of those): `*` on a project's own kinds is what
//! an admin role is for (`--no-exemptions` lints them).
//!
//! ## Severity
//! Error, like `wildcard-verbs`.
//!
//! ## References
//! - Controller security guide (this project's seed): "Specify resources explicitly".
//! - Kubernetes authorizer: `*` matches every resource and subresource; `*/x` matches subresource x of any resource.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::capability::Judge;
use crate::finding::Finding;
use crate::model::Rbac;
use crate::path;
use crate::rule::{Context, Object};
use crate::subresources;
use crate::vocab::{
    api_groups, is_wildcard_resource, resources, show_group, wildcard_is_the_only_form,
};

/// The rule reduced to one of its resource elements, so the message lists
/// what that element reaches.
fn only_resource(rule: &PolicyRule, resource: &str) -> PolicyRule {
    PolicyRule {
        resources: Some(vec![resource.to_string()]),
        ..rule.clone()
    }
}

/// Narrowing is the fix; for `*` of every group the holder may be a tool
/// that acts on any kind by design, and the help says how to record that.
fn help(resource: &str, every_group: bool) -> &'static str {
    if resource == "*" && every_group {
        "name the resources the workload uses, e.g. [deployments, deployments/scale]; a tool that must act on every kind (GitOps, backup) keeps `*` with a reasoned suppression, e.g. the role annotation `ignore-check.rbaclint.io/wildcard-resources: \"<why>\"`"
    } else {
        "name the resources the workload uses, e.g. [deployments, deployments/scale]"
    }
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let judge = Judge::new(&object, cx.catalogue);
    let in_role = matches!(object.rbac, Rbac::Role(_));
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        if wildcard_is_the_only_form(rule) {
            continue;
        }
        // `*` covers every subresource: a `*/x` beside it adds nothing, and
        // the `*` finding speaks for both.
        let has_star = resources(rule).iter().any(|r| r == "*");
        let groups: Vec<String> = api_groups(rule).iter().map(|g| show_group(g)).collect();
        let every_group = api_groups(rule).iter().any(|g| g == "*");
        // What each distinct wildcard covers, computed once per rule, so a
        // list of many `*` costs linear time.
        let mut covers: std::collections::HashMap<&str, String> = Default::default();
        for (j, resource) in resources(rule).iter().enumerate() {
            if !is_wildcard_resource(resource) || (has_star && resource != "*") {
                continue;
            }
            let covers = covers
                .entry(resource.as_str())
                .or_insert_with(|| judge.covers_suffix(&only_resource(rule, resource), &super::CAPABILITIES));
            // A Role reaches only namespaced resources (and its own Namespace).
            let every = if in_role {
                "every namespaced resource"
            } else {
                "every resource"
            };
            let (label, what) = match resource.strip_prefix("*/") {
                None => (format!("{every} and subresource"), every.to_string()),
                Some(sub) => {
                    let what = format!("the {sub} subresource of {every}");
                    (what.clone(), what)
                }
            };
            // `finalizers` is checked, never served: say what it gates.
            let gates = if resource.strip_prefix("*/") == Some(subresources::FINALIZERS) {
                ", which only admission checks: the holder may set blockOwnerDeletion on owner references to any such object (OwnerReferencesPermissionEnforcement)"
            } else {
                ""
            };
            findings.push(cx.finding(
                &object,
                path!("rules", i, "resources", j),
                label,
                format!(
                    "{}: `{resource}` in resources grants {what} in API groups [{}]{gates}{}",
                    object.id,
                    groups.join(", "),
                    covers
                ),
                help(resource, every_group),
            ));
        }
    }
    findings
}
