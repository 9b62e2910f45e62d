//! # resource-names-ineffective
//!
//! ## What it does
//! In a rule with `resourceNames`, flags each verb that the names cannot
//! restrict the way the author meant:
//! - `create` when the rule names a resource (not only subresources) and
//!   `deletecollection`: those requests carry no object name, so a rule with
//!   resourceNames never matches them — the verb grants nothing;
//! - `list` and `watch`: they match only requests with a `metadata.name`
//!   field selector naming one of the objects; informers, `kubectl get` and
//!   every plain list or watch are denied.
//!
//! The finding sits on the verb element. `create` on a subresource
//! (`pods/exec`, `serviceaccounts/token`, `pods/eviction`) is not flagged:
//! those requests name their parent object, so resourceNames does restrict
//! them. A `*` verb is left to `wildcard-verbs`.
//!
//! ## Why is this bad?
//! Authors write `resourceNames` believing they limited create or list to
//! some objects. They did not: create is simply never allowed by the rule,
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
//! Move `create` (and `deletecollection`) to a rule without resourceNames if
//! they are really needed. For `list`/`watch`, either make the client use a
//! `metadata.name` field selector, or grant them without names and accept
//! that they reveal every object of the namespace.
//!
//! ## Severity
//! Warning: the rule grants less than it appears to, never more; it is a
//! correctness mistake that tends to turn into an over-grant when "fixed".
//!
//! Note: some guides say names "do not restrict" create, list or watch. In
//! the authorizer the opposite holds — a rule with names never grants an
//! unnamed request (evaluation_helpers.go `ResourceNameMatches`; the API
//! server sets the name of list/watch only from a `metadata.name` field
//! selector). The message says exactly that.
//!
//! ## References
//! - Kubernetes docs, "Using RBAC authorization": Referring to resources (resourceNames).
//! - apiserver request info: list/watch name from `fieldSelector=metadata.name=...`.

use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::rule::Context;
use crate::vocab::resources;

pub fn check(object: &RbacObject, _cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        if rule.resource_names.as_ref().is_none_or(|n| n.is_empty()) {
            continue;
        }
        let names_a_resource = resources(rule).iter().any(|r| !r.contains('/'));
        for (j, verb) in rule.verbs.iter().enumerate() {
            const NEVER: &str =
                "move this verb to a rule without resourceNames if it is needed, or remove it";
            let (label, consequence, help) = match verb.as_str() {
                "create" if names_a_resource => (
                    "never allowed with resourceNames",
                    "is never allowed by this rule: create requests carry no object name",
                    NEVER,
                ),
                "deletecollection" => (
                    "never allowed with resourceNames",
                    "is never allowed by this rule: deletecollection requests carry no object name",
                    NEVER,
                ),
                "list" | "watch" => (
                    "only with a metadata.name field selector",
                    "is allowed only with a metadata.name field selector naming one of the resourceNames; informers and plain list/watch are denied",
                    "make the client select by `metadata.name`, or move it to a rule without resourceNames (it then reveals every object)",
                ),
                _ => continue,
            };
            findings.push(Finding::new(
                object,
                path!("rules", i, "verbs", j),
                label,
                format!("{}: `{verb}` {consequence}", object.id),
                help,
            ));
        }
    }
    findings
}
