//! # resource-names-ineffective
//!
//! ## What it does
//! Flags a verb that a rule's `resourceNames` cannot restrict as its author meant.
//! In a rule with `resourceNames`, these verbs are:
//! - `deletecollection`: its requests carry no object name, so a rule with
//!   resourceNames never matches them — the verb grants nothing;
//! - `create` when the rule names a resource (not only subresources) and
//!   the role grants neither `patch` nor `update` on the named objects: a
//!   plain create request (POST) carries no name, so the rule never allows
//!   it. A create *with* a name does exist: server-side apply of a missing
//!   object is a PATCH that the API server also authorizes as `create` with
//!   the object's name (`handlers/patch.go`), and a PUT on a kind that
//!   creates on update likewise (`handlers/update.go`). With `patch` or
//!   `update` on the names in the role, the named `create` works as its
//!   author meant and is not flagged; without them it works only if
//!   another role grants them, which the message says;
//! - `list` and `watch`: they match only requests with a `metadata.name`
//!   field selector naming one of the objects; informers, `kubectl get` and
//!   every plain list or watch are denied.
//!
//! The finding sits on the verb element. `create` on a subresource
//! (`pods/exec`, `serviceaccounts/token`, `pods/eviction`) is not flagged:
//! those requests name their parent object, so resourceNames does restrict
//! them. A `*` verb is left to `wildcard-verbs`.
//!
//! Not flagged either:
//! - a verb another rule of the same role already grants without names on
//!   every resource of this rule: the named grant is redundant, not broken;
//! - rules whose API groups the catalogue does not know (neither built in
//!   nor a CRD of the input), and pseudo-resources with a dot
//!   (`tier.networkpolicies`): aggregated API servers such as Calico's
//!   check such names themselves, so the API server's rules may not apply.
//!
//! ## Why is this bad?
//! Authors write `resourceNames` believing they limited create or list to
//! some objects. They did not: a plain create is never allowed by the rule
//! (only server-side apply or a create-on-update PUT of a named object is),
//! and list/watch work only in a form most clients never use. The workload
//! fails at run time, and the usual "fix" is to drop resourceNames — which
//! then grants the verb on every object.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   resourceNames: ["my-config"]
//!   verbs: ["get", "create", "watch"]
//! ```
//!
//! Use instead: a named rule for the verbs names restrict, and a separate
//! rule for create.
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   resourceNames: ["my-config"]
//!   verbs: ["get", "update", "patch"]
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["create"]
//! ```
//!
//! ## How to fix
//! If the named objects are created by server-side apply, add `patch` on
//! them (the apply is a PATCH); keep `create`. Otherwise move `create` (and
//! `deletecollection`) to a rule without resourceNames if they are really
//! needed. For `list`/`watch`, either make the client use a
//! `metadata.name` field selector, or grant them without names and accept
//! that they reveal every object of the namespace.
//!
//! ## Fix
//! Safe, for `deletecollection`, which a named rule can never allow: it is
//! removed from the rule, which grants exactly what it granted before. None
//! is offered when it is the rule's only verb (a rule without verbs is
//! invalid). `create` has no fix: another role may grant `patch` on the
//! named objects, and then server-side apply uses this `create`. `list` and
//! `watch` have no fix either: they do grant something, and what the
//! client needs is a decision.
//!
//! ## Severity
//! Warning: the rule grants less than it appears to, never more; it is a
//! correctness mistake that tends to turn into an over-grant when "fixed".
//!
//! Note: some guides say names "do not restrict" create, list or watch. In
//! the authorizer the opposite holds — a rule with names never grants an
//! unnamed request (evaluation_helpers.go `ResourceNameMatches`; the API
//! server sets the name of list/watch only from a `metadata.name` field
//! selector, and of create only on the apply and create-on-update paths).
//! The message says exactly that.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC authorization": Referring to resources (resourceNames).
//! - apiserver request info: list/watch name from `fieldSelector=metadata.name=...`.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::{rule_allows, Request};
use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{api_groups, resources};

/// Whether `rule` has resourceNames.
fn is_named(rule: &PolicyRule) -> bool {
    rule.resource_names.as_ref().is_some_and(|n| !n.is_empty())
}

/// Whether another rule of the role grants `verb` without names on every
/// `(group, resource)` of `rule` that the finding is about.
fn granted_without_names(
    rules: &[PolicyRule],
    rule: &PolicyRule,
    verb: &str,
    about: &[&str],
) -> bool {
    api_groups(rule).iter().all(|group| {
        about.iter().all(|resource| {
            let request = Request::resource(verb, group, resource);
            rules
                .iter()
                .any(|other| !is_named(other) && rule_allows(other, &request))
        })
    })
}

/// Whether some rule of the role lets the holder write every object `rule`
/// names (`patch` or `update` on it by name): then a named `create` takes
/// effect, through server-side apply (a PATCH that creates the object is
/// also authorized as `create` with its name) or a PUT on kinds that create
/// on update (apiserver `handlers/patch.go`, `handlers/update.go`).
fn writes_named_objects(rules: &[PolicyRule], rule: &PolicyRule, about: &[&str]) -> bool {
    let names = rule.resource_names.as_deref().unwrap_or(&[]);
    ["patch", "update"].iter().any(|verb| {
        api_groups(rule).iter().all(|group| {
            about.iter().all(|resource| {
                names.iter().all(|name| {
                    let request = Request::resource(verb, group, resource).named(name);
                    rules.iter().any(|other| rule_allows(other, &request))
                })
            })
        })
    })
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let rules = object.rules();
    let mut findings = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if !is_named(rule) {
            continue;
        }
        // Where the API server's own rules apply: known groups, real resource names.
        let known = api_groups(rule)
            .iter()
            .all(|g| g == "*" || cx.catalogue.knows_group(g));
        if !known || resources(rule).iter().any(|r| r.contains('.')) {
            continue;
        }
        let top_level: Vec<&str> = resources(rule)
            .iter()
            .map(String::as_str)
            .filter(|r| !r.contains('/'))
            .collect();
        let all: Vec<&str> = resources(rule).iter().map(String::as_str).collect();
        // Verbs this rule can never allow, whatever else the holder has:
        // removing them removes nothing.
        let redundant: Vec<usize> = rule
            .verbs
            .iter()
            .enumerate()
            .filter(|(_, v)| *v == "deletecollection")
            .map(|(j, _)| j)
            .collect();
        for (j, verb) in rule.verbs.iter().enumerate() {
            const NEVER: &str =
                "move this verb to a rule without resourceNames if it is needed, or remove it";
            let (label, consequence, help, about) = match verb.as_str() {
                "create" if !top_level.is_empty() => {
                    if writes_named_objects(rules, rule, &top_level) {
                        continue; // server-side apply creates the named objects
                    }
                    let on = if top_level.len() == all.len() {
                        String::new()
                    } else {
                        format!(" on {}", top_level.join(", "))
                    };
                    (
                        "only with patch or update by name",
                        format!("takes effect{on} only when the holder may also patch (server-side apply) or update the named objects, which this role does not grant; a plain create request carries no object name, so this rule never allows it"),
                        "add `patch` to this rule if the objects are created by server-side apply; else move `create` to a rule without resourceNames if it is needed, or remove it",
                        &top_level,
                    )
                }
                "deletecollection" => (
                    "never allowed with resourceNames",
                    "is never allowed by this rule: deletecollection requests carry no object name".to_string(),
                    NEVER,
                    &all,
                ),
                "list" | "watch" => (
                    "only with a metadata.name field selector",
                    "is allowed only with a metadata.name field selector naming one of the resourceNames; a list, watch or informer without that selector is denied".to_string(),
                    "make the client select by `metadata.name`, or move it to a rule without resourceNames (it then reveals every object)",
                    &all,
                ),
                _ => continue,
            };
            if granted_without_names(rules, rule, verb, about) {
                continue;
            }
            let fix = redundant
                .contains(&j)
                .then(|| {
                    let names: Vec<String> = redundant
                        .iter()
                        .map(|&k| format!("`{}`", rule.verbs[k]))
                        .collect();
                    crate::rule::remove_from_rule(
                        object,
                        cx,
                        i,
                        "verbs",
                        &redundant,
                        format!("remove {} from the named rule", names.join(" and ")),
                    )
                })
                .flatten();
            findings.push(
                cx.finding(
                    &object,
                    path!("rules", i, "verbs", j),
                    label,
                    format!("{}: `{verb}` {consequence}", object.id),
                    help,
                )
                .with_fix(fix),
            );
        }
    }
    findings
}
