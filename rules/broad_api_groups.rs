//! # broad-api-groups
//!
//! ## What it does
//! Flags `*` in `apiGroups` and listed groups serving none of the rule's
//! resources. Each `*` element of a rule's `apiGroups` is flagged. And, when
//! every resource of the rule is named (no `*` or `*/x`), each listed API group
//! that serves none of those resources according to the built-in Kubernetes API
//! catalogue (from k8s-openapi) or a CustomResourceDefinition in the input is
//! flagged. A subresource `R/sub` counts as `R`. Groups that neither source
//! knows (aggregated APIs such as `metrics.k8s.io`, CRD groups that are not in
//! the input) are never reported: rbaclint cannot tell what they serve.
//!
//! A group known only from CRDs in the input may have more CRDs elsewhere
//! (the input often holds one project's CRDs, not a whole cluster's), so such
//! a group is reported only when every resource of the rule is served by some
//! known group — that is, when the resources evidently belong elsewhere.
//! Built-in groups are complete and always judged. The catalogue also counts
//! the virtual resources RBAC authorizes (`users`, `groups`, `userextras`,
//! `uids`, `signers`) and removed ones roles still name for older clusters
//! (`podsecuritypolicies`, the `extensions` workloads).
//!
//! When no group of the rule serves any of its resources, the resource names
//! are the mistake and `unknown-resource` reports them instead (one mistake,
//! one finding).
//!
//! ## Why is this bad?
//! `apiGroups: ["*"]` matches every group, including groups that CRDs install
//! later: a rule for `deployments` in `*` also grants any CRD that happens to
//! be called `deployments`. A group that serves none of the rule's resources
//! is dead weight at best and, at worst, a latent grant that comes alive when
//! someone installs a CRD with that name in that group. Both usually come
//! from copy-paste, and both hide what the rule is really for.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["", "apps", "batch"]
//!   resources: ["configmaps"]
//!   verbs: ["get"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! List only the groups that serve the rule's resources (`""` is the core
//! group). Split a rule that mixes resources of several groups into one rule
//! per group.
//!
//! Not flagged: `*` in apiGroups of a read-only rule on `*/scale` (an
//! autoscaler reads the scale of every kind, CRDs included, so no group
//! list can be complete), and, by default, roles aggregated into the roles
//! people hold (`--no-exemptions` lints them).
//!
//! ## Fix
//! Safe, for a group that serves none of the resources: the group's element
//! is removed from `apiGroups` (its line in a block list; the element and its
//! comma in a flow list). The rule keeps at least the group that serves its
//! resources. `*` has no fix: which groups the rule needs is a decision.
//!
//! ## Severity
//! Warning: an extra group rarely grants anything today.
//!
//! ## References
//! - Controller security guide (this project's seed): "Restrict apiGroups".
//! - Kubernetes authorizer: `APIGroupMatches` treats `*` as every group.

use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{
    api_groups, is_wildcard_resource, resources, show_group, wildcard_is_the_only_form,
};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let resources = resources(rule);
        let all_named = !resources.is_empty() && !resources.iter().any(|r| is_wildcard_resource(r));
        // When no group serves any of the resources, the resources are what is
        // wrong: `unknown-resource` speaks, once per resource.
        let some_group_serves = api_groups(rule).iter().any(|g| {
            g == "*"
                || !cx.catalogue.knows_group(g)
                || resources.iter().any(|r| cx.catalogue.serves(g, r))
        });
        for (j, group) in api_groups(rule).iter().enumerate() {
            let at = path!("rules", i, "apiGroups", j);
            if group == "*" && !wildcard_is_the_only_form(rule) {
                findings.push(cx.finding(
                    &object,
                    at,
                    "every API group, including ones CRDs add later",
                    format!("{}: `*` in apiGroups matches every API group", object.id),
                    "list the groups that serve the rule's resources (\"\" is the core group)",
                ));
            } else if all_named
                && some_group_serves
                && cx.catalogue.knows_group(group)
                && !resources.iter().any(|r| cx.catalogue.serves(group, r))
                && (cx.catalogue.knows_all_of(group)
                    || resources.iter().all(|r| cx.catalogue.serves_anywhere(r)))
            {
                let shown = show_group(group);
                let fix = crate::rule::remove_from_rule(
                    object,
                    cx,
                    i,
                    "apiGroups",
                    &[j],
                    format!("remove {shown} from apiGroups"),
                );
                findings.push(
                    cx.finding(
                        &object,
                        at,
                        format!("{shown} serves none of this rule's resources"),
                        format!(
                            "{}: API group {shown} serves none of [{}]",
                            object.id,
                            resources.join(", ")
                        ),
                        format!("remove {shown} from this rule's apiGroups"),
                    )
                    .with_fix(fix),
                );
            }
        }
    }
    findings
}
